"""A synthetic but realistic corpus of facts documents, generated in memory from a seed.

Articles are written in Arabic (about 60%) or English from sentence templates; every
fact's evidence is the sentence that tells it and every entity's evidence is the
first place its name appears, so `text[start:end] == quote` holds by construction
(and is checked with the loader's own validation). Visits carry partial dates
(day, month, year or none) and statuses consistent with the publication date; a
few re-tell a visit an earlier article told (same visitor, host and start), which
the loader merges into one Visit.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from graph.dates import PartialDate
from graph.model import VisitStatus
from loaders.document import (
    AgreementFact,
    ArticleMeta,
    CountryEntity,
    EventFact,
    Evidence,
    FactsDocument,
    OrganizationEntity,
    PersonEntity,
    PlaceEntity,
    Role,
    StatementFact,
    VisitFact,
)
from loaders.validate import check_document

Entity = PersonEntity | CountryEntity | OrganizationEntity | PlaceEntity
Fact = VisitFact | StatementFact | EventFact | AgreementFact

# Facts per article; --visits N sets the number of articles as N / VISITS_PER_ARTICLE.
VISITS_PER_ARTICLE = 12
STATEMENTS_PER_ARTICLE = 6
EVENTS_PER_ARTICLE = 4
AGREEMENTS_PER_ARTICLE = 3
RETOLD_SHARE = 0.06  # visits that re-tell one an earlier article told
COUNTRIES_PER_ARTICLE = 4  # an article is about a few countries ...
CAST_PER_ARTICLE = 8  # ... and a handful of their officials

# code, English, Arabic, capital slug, capital English, capital Arabic
COUNTRIES = [
    ("RU", "Russia", "روسيا", "moscow", "Moscow", "موسكو"),
    ("KP", "North Korea", "كوريا الشمالية", "pyongyang", "Pyongyang", "بيونغ يانغ"),
    ("KR", "South Korea", "كوريا الجنوبية", "seoul", "Seoul", "سيول"),
    ("CN", "China", "الصين", "beijing", "Beijing", "بكين"),
    ("US", "United States", "الولايات المتحدة", "washington", "Washington", "واشنطن"),
    ("IR", "Iran", "إيران", "tehran", "Tehran", "طهران"),
    ("TR", "Turkey", "تركيا", "ankara", "Ankara", "أنقرة"),
    ("EG", "Egypt", "مصر", "cairo", "Cairo", "القاهرة"),
    ("SA", "Saudi Arabia", "السعودية", "riyadh", "Riyadh", "الرياض"),
    ("AE", "United Arab Emirates", "الإمارات", "abu-dhabi", "Abu Dhabi", "أبوظبي"),
    ("QA", "Qatar", "قطر", "doha", "Doha", "الدوحة"),
    ("SY", "Syria", "سوريا", "damascus", "Damascus", "دمشق"),
    ("IQ", "Iraq", "العراق", "baghdad", "Baghdad", "بغداد"),
    ("JO", "Jordan", "الأردن", "amman", "Amman", "عمّان"),
    ("UA", "Ukraine", "أوكرانيا", "kyiv", "Kyiv", "كييف"),
    ("BY", "Belarus", "بيلاروسيا", "minsk", "Minsk", "مينسك"),
    ("IN", "India", "الهند", "new-delhi", "New Delhi", "نيودلهي"),
    ("VN", "Vietnam", "فيتنام", "hanoi", "Hanoi", "هانوي"),
    ("JP", "Japan", "اليابان", "tokyo", "Tokyo", "طوكيو"),
    ("FR", "France", "فرنسا", "paris", "Paris", "باريس"),
    ("DE", "Germany", "ألمانيا", "berlin", "Berlin", "برلين"),
    ("MA", "Morocco", "المغرب", "rabat", "Rabat", "الرباط"),
    ("LB", "Lebanon", "لبنان", "beirut", "Beirut", "بيروت"),
    ("OM", "Oman", "عُمان", "muscat", "Muscat", "مسقط"),
]
COUNTRY_ALIASES = {
    "RU": ["Russian Federation", "روسيا الاتحادية"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "US": ["USA", "أمريكا"],
}
# The corpus is about Russia and North Korea first: they host most visits.
HOST_WEIGHTS = {"KP": 12.0, "RU": 12.0, "CN": 5.0}
CITIES = [
    ("vladivostok", "Vladivostok", "فلاديفوستوك", "RU"),
    ("sochi", "Sochi", "سوتشي", "RU"),
    ("saint-petersburg", "Saint Petersburg", "سانت بطرسبرغ", "RU"),
    ("wonsan", "Wonsan", "وونسان", "KP"),
    ("rason", "Rason", "راسون", "KP"),
    ("shanghai", "Shanghai", "شانغهاي", "CN"),
    ("istanbul", "Istanbul", "إسطنبول", "TR"),
    ("jeddah", "Jeddah", "جدة", "SA"),
    ("alexandria", "Alexandria", "الإسكندرية", "EG"),
    ("busan", "Busan", "بوسان", "KR"),
]
FIRST_NAMES = [
    ("Sergei", "سيرغي"), ("Dmitry", "دميتري"), ("Ahmed", "أحمد"), ("Mohammed", "محمد"), ("Ali", "علي"),
    ("Omar", "عمر"), ("Hassan", "حسن"), ("Yusuf", "يوسف"), ("Ivan", "إيفان"), ("Andrei", "أندريه"),
    ("Wang", "وانغ"), ("Li", "لي"), ("Choe", "تشوي"), ("Pak", "باك"), ("Jean", "جان"), ("Karim", "كريم"),
    ("Khalid", "خالد"), ("Mustafa", "مصطفى"), ("Nikolai", "نيكولاي"), ("Tariq", "طارق"), ("Hyun", "هيون"),
    ("Olga", "أولغا"), ("Fatima", "فاطمة"), ("Leila", "ليلى"),
]  # fmt: skip
LAST_NAMES = [
    ("Volkov", "فولكوف"), ("Petrov", "بيتروف"), ("Haddad", "حداد"), ("Mansour", "منصور"), ("Karimi", "كريمي"),
    ("Demir", "دمير"), ("Kim", "كيم"), ("Ri", "ري"), ("Zhang", "تشانغ"), ("Chen", "تشن"), ("Nasser", "ناصر"),
    ("Saleh", "صالح"), ("Bakr", "بكر"), ("Orlov", "أورلوف"), ("Sokolov", "سوكولوف"), ("Aziz", "عزيز"),
    ("Rahman", "رحمن"), ("Dubois", "دوبوا"), ("Schmidt", "شميت"), ("Tanaka", "تاناكا"), ("Nguyen", "نغوين"),
    ("Farouk", "فاروق"), ("Yilmaz", "يلماز"), ("Hamdan", "حمدان"),
]  # fmt: skip
# title, Arabic title, organization key (one post per person, ten per country)
POSTS = [
    ("President", "الرئيس", "presidency"), ("Prime Minister", "رئيس الوزراء", "government"),
    ("Foreign Minister", "وزير الخارجية", "mfa"), ("Defence Minister", "وزير الدفاع", "mod"),
    ("Economy Minister", "وزير الاقتصاد", "economy"), ("Energy Minister", "وزير الطاقة", "energy"),
    ("Presidential spokesperson", "المتحدث باسم الرئاسة", "presidency"),
    ("Deputy Foreign Minister", "نائب وزير الخارجية", "mfa"),
    ("Chief of General Staff", "رئيس الأركان العامة", "mod"), ("Trade Minister", "وزير التجارة", "economy"),
]  # fmt: skip
ORGS = {
    "presidency": ("Presidency of {}", "رئاسة {}", "presidency"),
    "government": ("Government of {}", "حكومة {}", "government"),
    "mfa": ("Ministry of Foreign Affairs of {}", "وزارة خارجية {}", "ministry"),
    "mod": ("Ministry of Defence of {}", "وزارة دفاع {}", "ministry"),
    "economy": ("Ministry of Economy of {}", "وزارة اقتصاد {}", "ministry"),
    "energy": ("Ministry of Energy of {}", "وزارة طاقة {}", "ministry"),
}
TOPICS = [
    ("energy cooperation", "التعاون في مجال الطاقة"), ("military cooperation", "التعاون العسكري"),
    ("trade and investment", "التجارة والاستثمار"), ("the war in Ukraine", "الحرب في أوكرانيا"),
    ("regional security", "الأمن الإقليمي"), ("food supplies", "إمدادات الغذاء"),
    ("direct flights", "الرحلات الجوية المباشرة"), ("the nuclear programme", "البرنامج النووي"),
    ("tourism", "السياحة"), ("railway links", "الربط السككي"),
]  # fmt: skip
QUOTES = [
    ("relations between our countries are developing steadily", "العلاقات بين بلدينا تتطور بثبات"),
    ("there are no such plans at the moment", "لا توجد مثل هذه الخطط في الوقت الراهن"),
    ("we support the right of our partners to defend their sovereignty", "ندعم حق شركائنا في الدفاع عن سيادتهم"),
    ("the visit will open a new page in our cooperation", "ستفتح الزيارة صفحة جديدة في تعاوننا"),
    ("we reject any interference in our internal affairs", "نرفض أي تدخل في شؤوننا الداخلية"),
    ("the agreement serves peace and stability in the region", "الاتفاق يخدم السلام والاستقرار في المنطقة"),
]
EVENTS = [
    ("summit", "a summit", "قمة"), ("military exercise", "joint military exercises", "مناورات عسكرية مشتركة"),
    ("forum", "an economic forum", "منتدى اقتصاديا"),
    ("anniversary", "anniversary celebrations", "احتفالات بالذكرى السنوية"),
    ("flights", "the first direct flights", "أولى الرحلات الجوية المباشرة"),
]  # fmt: skip
AGREEMENT_KINDS = [("agreement", "اتفاقية"), ("memorandum", "مذكرة تفاهم"), ("treaty", "معاهدة")]
FILLER = {
    "en": ["Analysts said the talks reflected a broader shift in the region.",
           "The foreign ministry gave no further details.",
           "State media carried pictures of the delegations."],
    "ar": ["وقال محللون إن المحادثات تعكس تحولا أوسع في المنطقة.",
           "ولم تقدم وزارة الخارجية مزيدا من التفاصيل.",
           "ونشرت وسائل الإعلام الرسمية صورا للوفود."],
}  # fmt: skip
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
           "ديسمبر"],
}  # fmt: skip
VISIT_TEMPLATES = {
    "en": {
        VisitStatus.COMPLETED: "{v}, {title} of {vc}, visited {dest}, {host},{when} for talks on {purpose}.",
        VisitStatus.ONGOING: "{v}, {title} of {vc}, is in {dest}, {host},{when} for talks on {purpose}.",
        VisitStatus.PLANNED: "{v}, {title} of {vc}, will travel to {dest}, {host},{when} to discuss {purpose}.",
        VisitStatus.EXPECTED: "{v} is expected in {host}{when} for talks on {purpose}.",
        VisitStatus.SPECULATED: "Reports suggest {v} may visit {host}{when}.",
        VisitStatus.RULED_OUT: "Officials said {v} has no plans to visit {host}.",
    },
    "ar": {
        VisitStatus.COMPLETED: "زار {v} {title} في {vc} مدينة {dest} في {host}{when} لبحث {purpose}.",
        VisitStatus.ONGOING: "يواصل {v} {title} في {vc} زيارته إلى {dest} في {host}{when} لبحث {purpose}.",
        VisitStatus.PLANNED: "يعتزم {v} {title} في {vc} زيارة {dest} في {host}{when} لبحث {purpose}.",
        VisitStatus.EXPECTED: "من المتوقع أن يزور {v} {host}{when} لبحث {purpose}.",
        VisitStatus.SPECULATED: "تشير تقارير إلى أن {v} قد يزور {host}{when}.",
        VisitStatus.RULED_OUT: "قال مسؤولون إن {v} لا يعتزم زيارة {host}.",
    },
}
STATUS_WEIGHTS = {
    VisitStatus.COMPLETED: 50, VisitStatus.ONGOING: 5, VisitStatus.PLANNED: 15, VisitStatus.EXPECTED: 10,
    VisitStatus.SPECULATED: 10, VisitStatus.RULED_OUT: 10,
}  # fmt: skip


@dataclass(frozen=True)
class Article:
    """One generated facts document and its text (what loaders.load.load_document takes)."""

    document: FactsDocument
    text: str


@dataclass
class World:
    """The shared entities every article draws from."""

    countries: dict[str, CountryEntity]
    places: dict[str, PlaceEntity]
    orgs: dict[str, OrganizationEntity]
    persons: list[PersonEntity]
    places_in: dict[str, list[str]]
    # Dated visits already told, re-told by later articles: (visitor, host, start, destination).
    told: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    def entity(self, entity_id: str) -> Entity:
        if entity_id.startswith("person:"):
            return next(p for p in self.persons if p.id == entity_id)
        return {**self.countries, **self.places, **self.orgs}[entity_id]


def _slug(text: str) -> str:
    return "-".join(text.lower().replace("'", "").split())


def build_world(rng: random.Random) -> World:
    countries: dict[str, CountryEntity] = {}
    places: dict[str, PlaceEntity] = {}
    orgs: dict[str, OrganizationEntity] = {}
    places_in: dict[str, list[str]] = defaultdict(list)
    for code, name, name_ar, capital, capital_en, capital_ar in COUNTRIES:
        countries[f"country:{code}"] = CountryEntity(
            id=f"country:{code}", kind="country", name=name, name_ar=name_ar, code=code,
            aliases=COUNTRY_ALIASES.get(code, []), capital=f"place:{capital}",
        )  # fmt: skip
        places[f"place:{capital}"] = PlaceEntity(
            id=f"place:{capital}", kind="place", name=capital_en, name_ar=capital_ar, place_kind="capital", country=code
        )
        places_in[code].append(f"place:{capital}")
        for key, (org_en, org_ar, org_kind) in ORGS.items():
            org_id = f"org:{key}-{code.lower()}"
            orgs[org_id] = OrganizationEntity(
                id=org_id, kind="organization", name=org_en.format(name), name_ar=org_ar.format(name_ar),
                org_kind=org_kind, country=code,
            )  # fmt: skip
    for slug, name, name_ar, code in CITIES:
        places[f"place:{slug}"] = PlaceEntity(
            id=f"place:{slug}", kind="place", name=name, name_ar=name_ar, place_kind="city", country=code
        )
        places_in[code].append(f"place:{slug}")
    names = rng.sample([(f, la) for f in FIRST_NAMES for la in LAST_NAMES], len(COUNTRIES) * len(POSTS))
    persons = []
    for i, ((first, first_ar), (last, last_ar)) in enumerate(names):
        code = COUNTRIES[i // len(POSTS)][0]
        title, title_ar, org_key = POSTS[i % len(POSTS)]
        persons.append(PersonEntity(
            id=f"person:{_slug(first)}-{_slug(last)}", kind="person", name=f"{first} {last}",
            name_ar=f"{first_ar} {last_ar}", country=code,
            roles=[Role(title=title, title_ar=title_ar, organization=f"org:{org_key}-{code.lower()}", country=code,
                        since=str(rng.randint(2008, 2020)), government=True)],
        ))  # fmt: skip
    return World(countries, places, orgs, persons, dict(places_in))


def _when(lang: str, value: str | None) -> str:
    """' on 11 July 2025' / ' في 11 يوليو 2025' at the date's precision; '' when undated."""
    if value is None:
        return ""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return f" in {parts[0]}" if lang == "en" else f" عام {parts[0]}"
    month = MONTHS[lang][parts[1] - 1]
    if len(parts) == 2:
        return f" in {month} {parts[0]}" if lang == "en" else f" في {month} {parts[0]}"
    return f" on {parts[2]} {month} {parts[0]}" if lang == "en" else f" في {parts[2]} {month} {parts[0]}"


def _partial(rng: random.Random, day: date, weights: tuple[int, int, int]) -> str:
    """The day at a random precision (day, month or year)."""
    precision = rng.choices(("day", "month", "year"), weights)[0]
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


class ArticleWriter:
    """Writes one article sentence by sentence, keeping evidence offsets exact."""

    def __init__(self, world: World, rng: random.Random, number: int) -> None:
        self.world, self.rng, self.number = world, rng, number
        self.lang = "ar" if rng.random() < 0.6 else "en"
        year = rng.choices(range(2016, 2026), weights=range(1, 11))[0]
        self.published = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        self.confidence = rng.random() < 0.5  # about half the articles come from the extractor
        self.parts: list[str] = []
        self.length = 0
        self.used: set[str] = set()
        self.facts: list[Fact] = []
        self.told: list[tuple[str, str, str, str | None]] = []
        codes = [c for c, *_ in COUNTRIES]
        self.countries: list[str] = []
        while len(self.countries) < COUNTRIES_PER_ARTICLE:
            code = rng.choices(codes, [HOST_WEIGHTS.get(c, 1.0) for c in codes])[0]
            if code not in self.countries:
                self.countries.append(code)
        self.cast = rng.sample([p for p in world.persons if p.country in self.countries], CAST_PER_ARTICLE)

    # --- text ---

    def say(self, sentence: str) -> Evidence:
        if self.parts and len(self.parts) % 8 == 0:
            self._append("\n\n")
        elif self.parts:
            self._append(" ")
        start = self.length
        self._append(sentence)
        return Evidence(quote=sentence, start=start, end=self.length)

    def _append(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def name(self, entity_id: str) -> str:
        self.used.add(entity_id)
        entity = self.world.entity(entity_id)
        return entity.name_ar if self.lang == "ar" and entity.name_ar else entity.name

    def title(self, person: PersonEntity) -> str:
        role = person.roles[0]
        return role.title_ar if self.lang == "ar" and role.title_ar else role.title

    def pick(self, pairs: list[tuple[str, str]]) -> tuple[str, str]:
        """(English, text-language) of a random pair."""
        en, ar = self.rng.choice(pairs)
        return en, ar if self.lang == "ar" else en

    def conf(self) -> float | None:
        return round(self.rng.uniform(0.6, 0.99), 2) if self.confidence else None

    # --- facts ---

    def visit(self, i: int) -> VisitFact:
        rng, world = self.rng, self.world
        if world.told and rng.random() < RETOLD_SHARE:
            visitor_id, host, start, dest = rng.choice(world.told)
            visitor = next(p for p in world.persons if p.id == visitor_id)
            day = PartialDate.parse(start).first_day()
            status = VisitStatus.COMPLETED if day <= self.published else VisitStatus.PLANNED
            end = None
        else:
            visitor = rng.choice(self.cast)
            codes = [c for c in self.countries if c != visitor.country]
            host = rng.choices(codes, [HOST_WEIGHTS.get(c, 1.0) for c in codes])[0]
            dest = rng.choice(world.places_in[host])
            status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
            start, end = self._visit_dates(status)
            if start and len(start) > 4:
                self.told.append((visitor.id, host, start, dest))
        topic_en, topic = self.pick(TOPICS)
        template = VISIT_TEMPLATES[self.lang][status]
        uses_dest = dest is not None and "{dest}" in template
        sentence = template.format(
            v=self.name(visitor.id), title=self.title(visitor), vc=self.name(f"country:{visitor.country}"),
            dest=self.name(dest) if uses_dest else "", host=self.name(f"country:{host}"),
            when=_when(self.lang, start), purpose=topic,
        )  # fmt: skip
        return VisitFact(
            id=f"visit:{visitor.id[7:]}-to-{host.lower()}-a{self.number}-{i}", type="visit", visitor=visitor.id,
            visitor_country=visitor.country, host_country=host, destination=dest if uses_dest else None,
            start=start, end=end, status=status, purpose=topic_en, evidence=[self.say(sentence)],
            confidence=self.conf(),
        )  # fmt: skip

    def _visit_dates(self, status: VisitStatus) -> tuple[str | None, str | None]:
        rng, published = self.rng, self.published
        if status is VisitStatus.COMPLETED:
            day = published - timedelta(days=rng.randrange(720))
            start = _partial(rng, day, (55, 30, 15))
            if len(start) == 10 and rng.random() < 0.4:
                return start, (day + timedelta(days=rng.randint(1, 4))).isoformat()
            return start, None
        if status is VisitStatus.ONGOING:
            return (published - timedelta(days=rng.randrange(3))).isoformat(), None
        if status in (VisitStatus.PLANNED, VisitStatus.EXPECTED):
            return _partial(rng, published + timedelta(days=rng.randint(1, 180)), (60, 40, 0)), None
        return (str(published.year) if rng.random() < 0.2 else None), None

    def statement(self, i: int) -> StatementFact:
        rng = self.rng
        speaker = rng.choice(self.cast)
        said = self.published - timedelta(days=rng.randrange(2))
        when = said.isoformat() if rng.random() < 0.7 else None
        quote_en, quote = self.pick(QUOTES)
        topic_en, _ = self.pick(TOPICS)
        visits = [f for f in self.facts if isinstance(f, VisitFact)]
        about = [rng.choice(visits).id] if visits and rng.random() < 0.5 else [f"country:{speaker.country}"]
        self.used.update(a for a in about if not a.startswith("visit:"))
        s, title, c = self.name(speaker.id), self.title(speaker), self.name(f"country:{speaker.country}")
        sentence = (f'{s}, {title} of {c}, said{_when("en", when)}: "{quote}".' if self.lang == "en"
                    else f'وقال {s} {title} في {c}{_when("ar", when)}: "{quote}".')  # fmt: skip
        return StatementFact(
            id=f"statement:{speaker.id[7:]}-a{self.number}-{i}", type="statement", speaker=speaker.id, date=when,
            summary=f"{speaker.name} on {topic_en}: {quote_en}", quote=quote, about=about,
            evidence=[self.say(sentence)], confidence=self.conf(),
        )  # fmt: skip

    def event(self, i: int) -> EventFact:
        rng = self.rng
        a, b = rng.sample(self.countries, 2)
        place = rng.choice(self.world.places_in[a])
        kind, what_en, what_ar = rng.choice(EVENTS)
        day = self.published + timedelta(days=rng.randint(-200, 60))
        when = _partial(rng, day, (50, 40, 10))
        status = VisitStatus.COMPLETED if day <= self.published else VisitStatus.PLANNED
        na, nb, np_ = self.name(f"country:{a}"), self.name(f"country:{b}"), self.name(place)
        if self.lang == "en":
            verb = "held" if status is VisitStatus.COMPLETED else "will hold"
            sentence = f"{na} and {nb} {verb} {what_en} in {np_}{_when('en', when)}."
        else:
            verb = "عقدت" if status is VisitStatus.COMPLETED else "ستعقد"
            sentence = f"{verb} {na} و{nb} {what_ar} في {np_}{_when('ar', when)}."
        names = self.world.countries
        return EventFact(
            id=f"event:{_slug(kind)}-{a.lower()}-{b.lower()}-a{self.number}-{i}", type="event", kind=kind,
            summary=f"{names[f'country:{a}'].name} and {names[f'country:{b}'].name}: {what_en}", date=when,
            participants=[f"country:{a}", f"country:{b}"], place=place, status=status,
            evidence=[self.say(sentence)], confidence=self.conf(),
        )  # fmt: skip

    def agreement(self, i: int) -> AgreementFact:
        rng = self.rng
        visits = [f for f in self.facts if isinstance(f, VisitFact) and f.status is VisitStatus.COMPLETED and f.start]
        visit = rng.choice(visits) if visits and rng.random() < 0.7 else None
        a, b = (visit.visitor_country, visit.host_country) if visit else rng.sample(self.countries, 2)
        signed = visit.start if visit else self.published.isoformat()
        kind, kind_ar = rng.choice(AGREEMENT_KINDS)
        topic_en, topic_ar = rng.choice(TOPICS)
        na, nb = self.name(f"country:{a}"), self.name(f"country:{b}")
        sentence = (f"{na} and {nb} signed a {kind} on {topic_en}{_when('en', signed)}." if self.lang == "en"
                    else f"وقعت {na} و{nb} {kind_ar} بشأن {topic_ar}{_when('ar', signed)}.")  # fmt: skip
        names = self.world.countries
        a_en, b_en = names[f"country:{a}"].name, names[f"country:{b}"].name
        a_ar, b_ar = names[f"country:{a}"].name_ar, names[f"country:{b}"].name_ar
        return AgreementFact(
            id=f"agreement:{a.lower()}-{b.lower()}-{kind}-a{self.number}-{i}", type="agreement",
            name=f"{a_en}–{b_en} {kind} on {topic_en}", name_ar=f"{kind_ar} {topic_ar} بين {a_ar} و{b_ar}",
            kind=kind, parties=[f"country:{a}", f"country:{b}"], signed_on=signed,
            signed_during=visit.id if visit else None,
            clauses=[topic_en] + (["mutual defence"] if kind == "treaty" else []),
            evidence=[self.say(sentence)], confidence=self.conf(),
        )  # fmt: skip

    # --- the document ---

    def write(self, visits: int) -> Article:
        plan = [(self.visit, visits), (self.statement, STATEMENTS_PER_ARTICLE), (self.event, EVENTS_PER_ARTICLE),
                (self.agreement, AGREEMENTS_PER_ARTICLE)]
        for make, count in plan:
            for i in range(count):
                self.facts.append(make(i))
                if self.rng.random() < 0.1:
                    self.say(self.rng.choice(FILLER[self.lang]))
        text = "".join(self.parts)
        self.world.told += self.told  # later articles may re-tell these visits
        first = next(f for f in self.facts if isinstance(f, VisitFact))
        visitor, host = self.world.entity(first.visitor), self.world.countries[f"country:{first.host_country}"]
        title = f"{visitor.name} in {host.name}" if self.lang == "en" else f"{visitor.name_ar} في {host.name_ar}"
        article = ArticleMeta(
            id=f"bench-{self.number:04d}", title=title, language=self.lang, published=self.published.isoformat(),
            source="Synthetic Wire", cites=["KCNA"] if "KP" in text or "كوريا" in text else [], text=text,
        )  # fmt: skip
        document = FactsDocument(article=article, entities=self._entities(text), facts=self.facts)
        return Article(document, text)

    def _entities(self, text: str) -> list[Entity]:
        """Every referenced entity and what they refer to, each with its first mention as evidence."""
        declared: dict[str, Entity] = {}
        pending = sorted(self.used)
        while pending:
            entity = self.world.entity(pending.pop())
            if entity.id in declared:
                continue
            declared[entity.id] = entity
            pending += _references(entity)
        entities = []
        for entity in sorted(declared.values(), key=lambda e: e.id):
            name = entity.name_ar if self.lang == "ar" and entity.name_ar else entity.name
            start = text.find(name)
            evidence = [Evidence(quote=name, start=start, end=start + len(name))] if start >= 0 else []
            entities.append(entity.model_copy(update={"evidence": evidence}))
        return entities


def _references(entity: Entity) -> list[str]:
    refs: list[str] = []
    if isinstance(entity, CountryEntity) and entity.capital:
        refs.append(entity.capital)
    if isinstance(entity, PersonEntity | OrganizationEntity | PlaceEntity) and entity.country:
        refs.append(f"country:{entity.country}")
    if isinstance(entity, PersonEntity):
        refs += [r.organization for r in entity.roles if r.organization]
    return refs


def generate(visits: int, seed: int) -> list[Article]:
    """About `visits` visits in ceil(visits / 12) articles of 25 facts each; raises if any document is invalid."""
    rng = random.Random(seed)
    world = build_world(rng)
    count = max(1, math.ceil(visits / VISITS_PER_ARTICLE))
    articles = []
    for number in range(count):
        per_article = min(VISITS_PER_ARTICLE, visits - number * VISITS_PER_ARTICLE)
        article = ArticleWriter(world, rng, number).write(max(1, per_article))
        errors = check_document(article.document, article.text, f"article {number}")
        if errors:
            raise ValueError("generated an invalid document:\n" + "\n".join(errors[:10]))
        articles.append(article)
    return articles


def describe(articles: list[Article]) -> dict[str, int]:
    """Sizes of the corpus, for the report."""
    docs = [a.document for a in articles]
    kinds: dict[str, int] = defaultdict(int)
    for doc in docs:
        for fact in doc.facts:
            kinds[f"{fact.type}s"] += 1
    return {
        "articles": len(docs),
        "arabic_articles": sum(d.article.language == "ar" for d in docs),
        "entities_declared": sum(len(d.entities) for d in docs),
        "facts": sum(len(d.facts) for d in docs),
        **dict(sorted(kinds.items())),
        "evidence_spans": sum(len(x.evidence) for d in docs for x in [*d.entities, *d.facts]),
        "text_chars": sum(len(a.text) for a in articles),
    }
