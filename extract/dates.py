"""Date mentions: absolute and relative dates resolved against the publication date.

Runs over the normalized text (extract.normalize) and maps every span back to the
original. Precision is kept: "أبريل الماضي" is a month, "2024" a year, and a day is
never invented. A bare number is never a date ("6500 كيلومتر" stays a number): a
year needs a month beside it or a cue word (عام, العام, سنة, in, since...).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from extract.normalize import Normalized
from graph.dates import PartialDate

MONTHS: dict[str, int] = {
    # Egyptian/Gulf (Gregorian) family, normalized (أ->ا, ة->ه)
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "افريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "اغشت": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine/Iraqi (Syriac) family
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
# Month names too ambiguous to stand alone (need a day, a year or a cue word beside them).
_AMBIGUOUS_MONTHS = {"اب", "may", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "feb", "apr",
                     "sept", "march"}
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
ORDINAL_DAYS = {
    "الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7, "الثامن": 8,
    "التاسع": 9, "العاشر": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
# الحادي عشر .. الحادي والثلاثين (normalized spelling: ة -> ه)
_UNITS = ["الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
ORDINAL_DAYS.update({f"{u} عشر": 11 + i for i, u in enumerate(_UNITS)})
ORDINAL_DAYS["العشرين"] = 20
ORDINAL_DAYS.update({f"{u} والعشرين": 21 + i for i, u in enumerate(_UNITS)})
ORDINAL_DAYS["الثلاثين"] = 30
ORDINAL_DAYS["الحادي والثلاثين"] = 31
NUMBER_WORDS = {
    "واحد": 1, "عام": 1, "عامين": 2, "سنتين": 2, "اثنين": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4,
    "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمان": 8, "تسع": 9,
    "عشر": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}
PAST = r"(?:الماضي|الماضيه|المنصرم|المنصرمه|السابق)"
NEXT = r"(?:المقبل|المقبله|القادم|القادمه)"
CURRENT = r"(?:الجاري|الحالي|الجاريه|الحاليه)"
_MOD = rf"(?P<mod>{PAST}|{NEXT}|{CURRENT})"

_W = r"(?:[وفب]?)"  # a proclitic glued to the first word


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


_MONTH = rf"(?:{_alt(MONTHS)})"
_MONTHS2 = rf"(?P<month>{_MONTH})(?:\s*/\s*(?P<month2>{_MONTH}))?"
_DAYNUM = rf"(?P<day>\d{{1,2}}|{_alt(ORDINAL_DAYS)})"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = rf"(?P<weekday>{_alt(WEEKDAYS)})"
# "يونيو من العام الماضي", "June last year", "in June of next year": the year relative to publication
_YREL = (r"(?:\s+(?:من\s+)?(?:العام|السنه)\s+(?P<ymod>الماضي|المنصرم|المقبل|القادم|الجاري|الحالي)"
         r"|\s+(?:of\s+)?(?P<ymod_en>last|next|this)\s+year)")

# "تموز عام 2000", "يونيو من عام 2019": a year word between the month and the year
_YWORD = r"\s+(?:من\s+)?(?:عام|سنه)\s+"
_B = r"(?<![\w])"  # word start (a proclitic may precede through _W)
_E = r"(?![\w])"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 11 إلى 13 تموز/يوليو الجاري ; 11-13 July 2025 ; July 11-13
    ("range", re.compile(
        rf"{_B}(?:من\s+)?(?P<d1>\d{{1,2}})\s*(?:-|الي|حتي|و|to|and|until)\s*(?P<d2>\d{{1,2}})\s+(?:من\s+)?"
        rf"{_MONTHS2}(?:\s*,?\s*{_YEAR})?(?:\s+{_MOD})?{_E}")),
    ("range", re.compile(
        rf"{_B}{_MONTHS2}\s+(?P<d1>\d{{1,2}})\s*(?:-|to|and|until)\s*(?P<d2>\d{{1,2}})(?:\s*,?\s*{_YEAR})?{_E}")),
    # 19 يونيو الماضي ; الخامس من مارس الحالي ; 19 June 2024
    ("day", re.compile(
        rf"{_B}{_W}{_DAYNUM}\s+(?:من\s+)?(?:شهر\s+)?{_MONTHS2}(?:(?:\s*,?\s*|{_YWORD}){_YEAR}|{_YREL})?(?:\s+{_MOD})?{_E}")),
    # June 19, 2024
    ("day", re.compile(rf"{_B}{_MONTHS2}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*{_YEAR})?{_E}")),
    # أبريل الماضي ; last April ; April 2024 ; in April
    ("month", re.compile(
        rf"{_B}(?P<pre>(?:(?:last|next|this|that|in|since|by|until|early|mid|late|earlier\s+in|later\s+in|during)\s+)"
        rf"|(?:[وف]?(?:في|منذ|خلال|حتي|بحلول|اواخر|اوائل|مطلع|منتصف)\s+)|(?:[وفب]?(?:شهر)\s+))?"
        rf"{_MONTHS2}(?:(?:\s*,?\s*|{_YWORD}){_YEAR}|{_YREL}|\s+{_MOD})?{_E}")),
    # عام 2024 ; in 2020 ; منذ عام 1959
    ("year", re.compile(rf"{_B}(?:[وفبل]?(?:عام|العام|سنه|لعام|بعام)|in|since|of|by|until|from)\s+{_YEAR}{_E}")),
    ("year", re.compile(rf"{_B}(?:early|mid|late|end)\s*-\s*{_YEAR}{_E}")),
    # الثالث والعشرين من الشهر الجاري ; 5 من الشهر المقبل (a day of a month named relatively)
    ("day_rel", re.compile(
        rf"{_B}{_W}{_DAYNUM}\s+من\s+(?:هذا\s+)?الشهر(?:\s+(?P<rmod>الجاري|الحالي|الماضي|المنصرم|المقبل|القادم))?{_E}")),
    ("year_range", re.compile(rf"{_B}{_YEAR}\s*-\s*(?P<year2>(?:19|20)\d\d){_E}")),
    # اليوم الأربعاء ; يوم الخميس ; on Tuesday ; الثلاثاء
    ("weekday", re.compile(rf"{_B}(?P<pre>[وف]?(?:اليوم|يوم|today|on|last|next|this)\s+)?[وف]?{_WEEKDAY}{_E}")),
    ("relative", re.compile(
        rf"{_B}[وفل]?(?P<rel>"
        r"اول\s+امس|امس\s+الاول|the\s+day\s+before\s+yesterday|اليوم|امس|البارحه|غدا|"
        r"(?:الشهر|العام|الاسبوع|السنه)\s+(?:الماضي|الماضيه|المنصرم|الجاري|الحالي|المقبل|القادم|الحاليه|المقبله)|"
        r"(?:هذا|هذه)\s+(?:الشهر|العام|الاسبوع|السنه)|"
        r"(?:قبل\s+|بحلول\s+|حتي\s+)?نهايه\s+(?:العام|السنه)(?:\s+(?:الجاري|الحالي))?|"
        r"(?:by\s+|before\s+)?the\s+end\s+of\s+(?:the|this)\s+year|"
        r"today|yesterday|tomorrow|"
        r"(?:earlier|later)\s+this\s+(?:month|year|week)|"
        r"(?:last|this|next)\s+(?:month|year|week)"
        rf"){_E}")),
    # منذ أكثر من ثلاث سنوات ; more than three years
    ("duration", re.compile(
        rf"{_B}(?P<rel>(?:منذ\s+)?(?:اكثر\s+من\s+|نحو\s+|حوالي\s+)?(?P<n>\d+|{_alt(NUMBER_WORDS)})\s+"
        r"(?:سنوات|اعوام|سنه|عاما|سنين)|(?:more\s+than\s+|over\s+|nearly\s+|about\s+)?"
        rf"(?P<n2>\d+|{_alt(NUMBER_WORDS)})\s+years?(?:\s+ago)?){_E}")),
]


@dataclass
class DateMention:
    start: int  # original offsets
    end: int
    date: PartialDate
    end_date: PartialDate | None = None
    kind: str = "absolute"
    confidence: float = 0.9
    future: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


def _month_of(name: str) -> int:
    return MONTHS[re.sub(r"\s+", " ", name)]


def _year_for_month(month: int, mod: str | None, pub: date | None, day: int | None = None) -> int | None:
    if pub is None:
        return None
    key = (month, day or 0)
    now = (pub.month, pub.day if day else 0)
    if mod and re.fullmatch(PAST, mod):
        return pub.year if key < now else pub.year - 1
    if mod and re.fullmatch(NEXT, mod):
        return pub.year if key > now else pub.year + 1
    if mod and re.fullmatch(CURRENT, mod):
        return pub.year
    # No cue: the occurrence nearest to the publication date.
    best = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = date(year, month, min(day or 15, calendar.monthrange(year, month)[1]))
        except ValueError:
            continue
        dist = abs((d - pub).days)
        if best is None or dist < best[0]:
            best = (dist, year)
    return best[1] if best else None


def _relative_year(g: dict, pub: date | None) -> int | None:
    """The year of "من العام الماضي / last year / of next year" after a month name, or None."""
    mod = g.get("ymod") or g.get("ymod_en")
    if not mod or pub is None:
        return None
    if re.fullmatch(PAST, mod) or mod == "last":
        return pub.year - 1
    if re.fullmatch(NEXT, mod) or mod == "next":
        return pub.year + 1
    return pub.year


def _make(year: int | None, month: int | None = None, day: int | None = None) -> PartialDate | None:
    if year is None:
        return None
    try:
        return PartialDate.parse(str(PartialDate(year, month, day)))
    except ValueError:
        return None


def _week_date(pub: date, offset_weeks: int) -> PartialDate | None:
    monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=offset_weeks)
    sunday = monday + timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return PartialDate(monday.year, monday.month)
    return None


def _future_context(norm: str, start: int) -> bool:
    before = norm[max(0, start - 40):start]
    # "قبل أن يتوجه يوم الأحد", "على أن يصل", "due to travel on to Minsk on Saturday": a subjunctive or a
    # scheduled phrase points forward
    if re.search(r"(?:(?:قبل|على|المقرر|المنتظر) ان|ثم)\s+[يت]\w+(?:\s+\S+){0,3}\s*$"
                 r"|(?<![\w])س[يت]\w+(?:\s+\S+){1,4}\s*$"
                 r"|\b(?:due|expected|set|scheduled) (?:to|in)\s+\S+(?:\s+\S+){0,3}\s*$", before):
        return True
    return bool(re.search(r"(?:\bس[يتن]\w+|سوف|will|\bto be\b|المقرر|من المنتظر)\s*\S*\s*$", before)) or bool(
        re.search(r"(?<![\w])(?:س[يتن]\w+|will)\s+\S+\s*$", before)
    )


def _resolve(kind: str, m: re.Match[str], pub: date | None, norm: str) -> tuple[PartialDate, PartialDate | None] | None:
    g = m.groupdict()
    if kind in ("range", "day"):
        month = _month_of(g["month"])
        if kind == "range":
            d1, d2 = int(g["d1"]), int(g["d2"])
            year = int(g["year"]) if g.get("year") else _year_for_month(month, g.get("mod"), pub, d1)
            a, b = _make(year, month, d1), _make(year, month, d2)
            if a and b and a <= b:
                return a, b
            return None
        raw = re.sub(r"\s+", " ", g["day"])
        day = int(raw) if raw.isdigit() else ORDINAL_DAYS.get(raw)
        year = int(g["year"]) if g.get("year") else _relative_year(g, pub)
        if year is None:
            year = _year_for_month(month, g.get("mod"), pub, day)
        d = _make(year, month, day)
        return (d, None) if d else None
    if kind == "month":
        name = re.sub(r"\s+", " ", g["month"])
        pre = (g.get("pre") or "").strip()
        if name in _AMBIGUOUS_MONTHS and not (pre or g.get("year") or g.get("mod")):
            return None
        mod = g.get("mod")
        if pre.startswith("last"):
            mod = "الماضي"
        elif pre.startswith("next"):
            mod = "المقبل"
        elif pre.startswith("this"):
            mod = "الجاري"
        month = _month_of(name)
        year = int(g["year"]) if g.get("year") else _relative_year(g, pub)
        if year is None:
            year = _year_for_month(month, mod, pub)
        d = _make(year, month)
        return (d, None) if d else None
    if kind == "year":
        return PartialDate(int(g["year"])), None
    if kind == "year_range":
        a, b = int(g["year"]), int(g["year2"])
        return (PartialDate(a), PartialDate(b)) if a < b else None
    if pub is None:
        return None
    if kind == "day_rel":
        raw = re.sub(r"\s+", " ", g["day"])
        day = int(raw) if raw.isdigit() else ORDINAL_DAYS.get(raw)
        rmod = g.get("rmod") or ""
        step = -1 if rmod in ("الماضي", "المنصرم") else 1 if rmod in ("المقبل", "القادم") else 0
        y, mth = divmod(pub.year * 12 + pub.month - 1 + step, 12)
        d = _make(y, mth + 1, day) if day else None
        return (d, None) if d else None
    if kind == "weekday":
        wd = WEEKDAYS[g["weekday"]]
        pre = (g.get("pre") or "").strip().lstrip("وف")
        if pre in ("اليوم", "today", "this") and pub.weekday() == wd:
            return _make(pub.year, pub.month, pub.day), None
        if pre == "next" or (pre != "last" and _future_context(norm, m.start())):
            delta = (wd - pub.weekday()) % 7
        else:
            delta = -((pub.weekday() - wd) % 7)
        d = pub + timedelta(days=delta)
        return _make(d.year, d.month, d.day), None
    if kind == "relative":
        rel = re.sub(r"\s+", " ", g["rel"])
        if rel in ("اليوم", "today"):
            return _make(pub.year, pub.month, pub.day), None
        if rel in ("اول امس", "امس الاول", "the day before yesterday"):
            d = pub - timedelta(days=2)
            return _make(d.year, d.month, d.day), None
        if rel in ("امس", "البارحه", "yesterday"):
            d = pub - timedelta(days=1)
            return _make(d.year, d.month, d.day), None
        if rel in ("غدا", "tomorrow"):
            d = pub + timedelta(days=1)
            return _make(d.year, d.month, d.day), None
        unit = "month" if re.search(r"الشهر|month", rel) else "year" if re.search(r"العام|السنه|year", rel) else "week"
        if re.search(r"الماضي|المنصرم|last", rel):
            step = -1
        elif re.search(r"المقبل|القادم|next", rel):
            step = 1
        else:
            step = 0
        if unit == "year":
            return PartialDate(pub.year + step), None
        if unit == "month":
            y, mth = divmod(pub.year * 12 + pub.month - 1 + step, 12)
            return PartialDate(y, mth + 1), None
        w = _week_date(pub, step)
        return (w, None) if w else None
    if kind == "duration":
        raw = g.get("n") or g.get("n2") or ""
        n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
        rel = g["rel"]
        if not n or n > 200:
            return None
        if not re.search(r"منذ|ago|more than|اكثر|over", rel):
            return None
        return PartialDate(pub.year - n), None
    return None


def find_dates(norm: Normalized, published: PartialDate | None) -> list[DateMention]:
    """All date mentions in a text, resolved against the publication date."""
    pub = published.first_day() if published is not None and published.precision.value == "day" else None
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(norm.text):
            found.append((m.start(), m.end(), kind, m))
    # Longest first, drop overlaps.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for start, end, kind, m in found:
        if any(start < e and s < end for s, e in taken):
            continue
        resolved = _resolve(kind, m, pub, norm.text)
        if resolved is None:
            continue
        taken.append((start, end))
        first, last = resolved
        s, e = norm.span(start, end)
        # trim leading proclitic/preposition words out of the quoted span only when harmless
        conf = 0.95 if kind in ("range", "day", "year", "year_range") else 0.8
        if kind == "duration":
            conf = 0.5
        dm = DateMention(s, e, first, last, kind=kind, confidence=conf, future=_future_context(norm.text, start))
        if kind == "month" and (m.group("pre") or "").strip() == "that":
            dm.notes.append("that")
        elif "year" in m.groupdict() and m.group("year"):
            dm.notes.append("year")
        out.append(dm)
    out.sort(key=lambda d: d.start)
    # "in 2023 ... Kim travelled to Vostochny that September": the year of the last explicit year named before
    last_year = None
    for dm in out:
        if "that" in dm.notes and last_year is not None and dm.date.month is not None:
            dm.date = _make(last_year, dm.date.month) or dm.date
        elif "year" in dm.notes:
            last_year = dm.date.year
    return out


def resolve_text(text: str, published: str | None) -> list[tuple[str, str, str | None]]:
    """Convenience for tests: (quoted span, date, end date) of every date in ``text``."""
    norm = Normalized(text)
    pub = PartialDate.parse(published) if published else None
    return [(text[d.start:d.end], str(d.date), str(d.end_date) if d.end_date else None)
            for d in find_dates(norm, pub)]
