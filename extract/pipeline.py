"""Text -> FactsDocument: entities, visits, statements, agreements and events, with evidence.

Deterministic and offline: registry longest-match + fuzzy names, title patterns for
unknown persons, cue words (extract/patterns/cues.yaml) per sentence, modality and
negation for the status, dates resolved against the publication date. Every evidence
span is an offset pair into the article body as stored (never the normalized copy).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from extract.dates import DateMention, find_dates
from extract.normalize import Normalized, Token, is_arabic, key
from extract.patterns import Cues, Phrase, PhraseSet, load_cues
from extract.patterns import _entries as _entries_of
from extract.reader import Article
from extract.registry import Mention, RegEntry, Registry, default_registry
from graph.dates import PartialDate
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

STATUS_ORDER = ("ruled_out", "speculated", "expected", "planned")
# words that start like a future verb (س + ي/ت) but are not verbs
_NOT_FUTURE = {"سياسه", "سياسي", "سياسيه", "سياده", "سيارات", "سياره", "سيطره", "سيول", "سته", "ستين", "سيناريو",
               "سياق", "سيبيريا", "ستالين"}
_EN_AUX = frozenset({"has", "had", "have", "is", "was", "were", "will", "would", "could", "can", "may", "says",
                     "said", "wants", "plans", "believes", "sees", "saw", "insists", "denies", "denied"})
_ADMIN_WORDS = frozenset({"مقاطعه", "اقليم", "منطقه", "محافظه", "ولايه", "region", "province", "krai", "oblast"})
_PUNCT = re.compile(r"[،,.:;؛!?؟()\[\]\"“”«»\n]")
_TRANSLIT = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "a", "غ": "g", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "o",
    "ي": "i", "ى": "a", "ة": "a", "ء": "", "ؤ": "o", "ئ": "i", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}


def _inside_quote(span: str) -> bool:
    """True when a quotation opened in `span` is still open at its end."""
    return span.count('"') % 2 == 1 or span.count("«") > span.count("»") or span.count("“") > span.count("”")


def transliterate(text: str) -> str:
    """A simple Arabic -> Latin rendering (for ids and names of unknown persons)."""
    out = []
    for ch in Normalized(text).text:
        out.append(_TRANSLIT.get(ch, ch if ch.isascii() else ""))
    s = "".join(out)
    s = re.sub(r"([aeiou])\1+", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha1(Normalized(text).text.encode("utf-8")).hexdigest()[:n]


@dataclass
class Sentence:
    start: int  # original offsets
    end: int
    tstart: int
    tend: int


@dataclass
class CueHit:
    family: str
    tstart: int
    tend: int
    phrase: Phrase

    @property
    def data(self) -> dict:
        return self.phrase.data


@dataclass
class Candidate:
    """A fact under construction."""

    type: str
    evidence: list[tuple[int, int, float]]
    args: dict = field(default_factory=dict)
    confidence: float = 0.8
    mergeable: bool = True


class Context:
    def __init__(self, article: Article, registry: Registry, cues: Cues):
        self.article = article
        self.text = article.text
        self.reg = registry
        self.cues = cues
        self.norm = Normalized(article.text)
        self.toks: list[Token] = self.norm.tokens
        self.pub = PartialDate.parse(article.published) if article.published else None
        self.sentences = self._sentences()
        self.sent_of = [0] * len(self.toks)
        for si, s in enumerate(self.sentences):
            for t in range(s.tstart, s.tend):
                self.sent_of[t] = si
        self.mentions: list[Mention] = []
        self.dates: list[tuple[int, int, DateMention]] = []

    def _sentences(self) -> list[Sentence]:
        spans = []
        start = 0
        for m in re.finditer(r"(?:[.!?؟](?=\s|$|[\"”»])[\"”»]?|\n+)", self.text):
            if "\n" not in m.group() and _inside_quote(self.text[start:m.end()]):
                continue  # a full stop inside a quotation ("أنا سعيد برؤيتك.. هذه ...") does not end the sentence
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, len(self.text)))
        out = []
        ti = 0
        for s, e in spans:
            while s < e and self.text[s].isspace():
                s += 1
            if s >= e:
                continue
            t0 = ti
            while ti < len(self.toks) and self.toks[ti].start < e:
                ti += 1
            if ti > t0:
                out.append(Sentence(s, e, t0, ti))
        return out

    def sentence(self, tok: int) -> Sentence:
        return self.sentences[self.sent_of[tok]]

    def gap(self, a: int, b: int) -> str:
        """Original text between token a's end and token b's start."""
        return self.text[self.toks[a].end:self.toks[b].start]

    def span_text(self, s: int, e: int) -> str:
        return self.text[s:e]

    def tok_range_of(self, start: int, end: int) -> tuple[int, int]:
        ts = next((t.index for t in self.toks if t.end > start), len(self.toks))
        te = ts
        while te < len(self.toks) and self.toks[te].start < end:
            te += 1
        return ts, te


class Extractor:
    def __init__(self, registry: Registry | None = None, cues: Cues | None = None):
        self.reg = registry or default_registry()
        self.cues = cues or load_cues()
        self._role_class: dict[tuple[str, int], str | None] = {}
        iv = self.cues.raw.get("implied_visit", {})
        self._implied_acts = _entries_of(iv.get("acts"))
        self._presence = PhraseSet.of(iv.get("presence"))
        self._resident = PhraseSet.of(iv.get("resident"))
        self._not_flights = PhraseSet.of(self.cues.raw.get("not_flights"))
        self._origin = PhraseSet.of(self.cues.raw.get("origin_words"))
        self._tour_join = PhraseSet.of(self.cues.raw.get("tour_joiners"))
        self._geo_heads = PhraseSet.of(self.cues.raw.get("geo_heads"))
        self._governors = PhraseSet.of(self.cues.raw["agreement"].get("governors"))
        for e in self.reg.entries.values():
            for i, r in enumerate(e.roles):
                self._role_class[(e.id, i)] = self._class_of(r.title_ar) or self._class_of(r.title)

    def _class_of(self, title: str | None) -> str | None:
        if not title:
            return None
        toks = Normalized(title).tokens
        if not toks:
            return None
        p = self.cues.titles.match_at(toks, 0)
        return p.data["class"] if p else None

    # ------------------------------------------------------------------ entry point
    def extract(self, article: Article) -> FactsDocument:
        ctx = Context(article, self.reg, self.cues)
        ctx.mentions = self._entities(ctx)
        for d in find_dates(ctx.norm, ctx.pub):
            ts, te = ctx.tok_range_of(d.start, d.end)
            ctx.dates.append((ts, te, d))
        hits = self._cues(ctx)
        visits = self._visits(ctx, hits)
        statements = self._statements(ctx, hits)
        agreements = self._agreements(ctx, hits, visits)
        events = self._events(ctx, hits)
        return self._document(ctx, visits, statements, agreements, events)

    # ------------------------------------------------------------------ entities
    def _entities(self, ctx: Context) -> list[Mention]:
        mentions = self.reg.match(ctx.norm)
        mentions += self._ministries(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._bodies(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._dateline_outlets(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._titled_persons(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._short_names(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._anaphors(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        # "بحر اليابان", "Strait of Korea": a country inside a geographic name is not a country mention
        mentions = [m for m in mentions if not (m.kind == "country" and any(
            e == m.tstart for _s, e, _p in self._geo_heads.find(ctx.toks, max(0, m.tstart - 3), m.tstart)))]
        strong = {m.entity for m in mentions if m.via != "weak"}
        mentions = [m for m in mentions if m.via != "weak" or m.entity in strong]
        # a capital used for its government ("أكدت بيونغ يانغ", "Washington and Seoul have expressed")
        ctx.pending_mentions = mentions
        for m in mentions:
            code = self.reg.capital_country(m.entity) if m.kind == "place" else None
            if code and self._is_actor(ctx, m):
                m.entity, m.kind, m.via = f"country:{code}", "country", "capital"
        # "وكانت موسكو وبيونغ يانغ قد وقعتا", "Washington and Seoul have expressed": a pair of capitals shares
        # the role of its actor member
        for a, b in zip(mentions, mentions[1:], strict=False):
            if b.tstart - a.tend > 1 or (b.tstart == a.tend and not b.proclitic.startswith("و")) or (
                    b.tstart == a.tend + 1 and key(ctx.toks[a.tend].text) not in ("and", "و")):
                continue
            pair = [x for x in (a, b) if x.kind == "place" and self.reg.capital_country(x.entity)]
            if len(pair) == 1 and {a.via, b.via} & {"capital"}:
                x = pair[0]
                x.entity, x.kind, x.via = f"country:{self.reg.capital_country(x.entity)}", "country", "capital"
        return mentions

    def _is_actor(self, ctx: Context, m: Mention) -> bool:
        cues = self.cues
        # "Pyongyang's troop deployment"
        if re.match(r"['’]s\b", ctx.text[m.end:m.end + 3]):
            return True
        # "أن بيونغ يانغ ستدعم": a complementizer, the capital, then a verb
        if m.tstart > 0 and key(ctx.toks[m.tstart - 1].text) in ("ان", "بان", "فان") and m.tend < len(ctx.toks) \
                and cues.complementizers.match_at(ctx.toks, m.tstart - 1) \
                and re.match(r"[سيت]", key(ctx.toks[m.tend].text)) and ctx.toks[m.tend].arabic:
            return True
        # "سياسة موسكو", "Moscow's policy" / "the policy of Moscow": the government
        if m.tstart > 0 and cues.government_nouns.any_in(ctx.toks, m.tstart - 1, m.tstart):
            return True
        # "said that Washington had seen": a complementizer, the capital, then an auxiliary or verb
        if m.tstart > 0 and key(ctx.toks[m.tstart - 1].text) == "that" and m.tend < len(ctx.toks) \
                and key(ctx.toks[m.tend].text) in _EN_AUX:
            return True
        # "العلاقة بين موسكو وبيونج يانج", "cooperation between Moscow and Pyongyang": governments
        for b in range(m.tstart - 1, max(-1, m.tstart - 5), -1):
            if key(ctx.toks[b].text) in ("بين", "between"):
                if cues.relation_words.any_in(ctx.toks, max(0, b - 4), b):
                    return True
                break
        # "وكانت موسكو ... قد وقعتا": the subject of a pluperfect
        if m.tend < len(ctx.toks) and key(ctx.toks[m.tend].text) == "قد":
            return True
        if m.tstart > 0 and cues.perfect_markers.match_at(ctx.toks, m.tstart - 1) is not None \
                and ctx.toks[m.tstart - 1].arabic:
            return True
        before = [i for i in range(max(0, m.tstart - 2), m.tstart)]
        for i in before:
            hit = cues.statement.match_at(ctx.toks, i)
            if hit and i + len(hit.keys) == m.tstart:
                return True
        sent = ctx.sentence(m.tstart)
        # "..., which Moscow and Pyongyang agreed on": an English capital (or a pair) as the subject of a relative
        # clause, right before a past verb
        if m.tstart > 0 and not ctx.toks[m.tstart].arabic and key(ctx.toks[m.tstart - 1].text) in ("which", "that") \
                and m.tend < sent.tend:
            t = m.tend
            if key(ctx.toks[t].text) == "and":
                other = next((x for x in getattr(ctx, "pending_mentions", []) if x.tstart == t + 1), None)
                t = other.tend if other is not None else t
            if t < sent.tend and (ctx.toks[t].text.endswith("ed") or key(ctx.toks[t].text) in _EN_AUX) \
                    and not re.search(r"[,;]", ctx.text[m.end:ctx.toks[t].start]):
                return True
        # "Seoul summoned the Russian ambassador": an English capital right before an event verb
        if m.tend < sent.tend and not ctx.toks[m.tend].arabic and cues.events.match_at(ctx.toks, m.tend) \
                and ctx.toks[m.tend].text.endswith("ed") and not re.search(r"[,;]", ctx.gap(m.tend - 1, m.tend)):
            return True
        for i in range(m.tend, min(sent.tend, m.tend + 4)):
            if cues.statement.match_at(ctx.toks, i):
                between = ctx.toks[m.tend:i]
                # "... on to Minsk, a diplomatic source said": a comma between, the speaker is someone else
                if re.search(r"[,،]", ctx.text[m.end:ctx.toks[i].start]):
                    return False
                return all(not t.arabic for t in between) and not is_arabic(ctx.toks[i].text)
        return False

    def _ministries(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        by_start = {m.tstart: m for m in found}
        out = []
        toks = ctx.toks
        for i in range(len(toks)):
            if i in covered:
                continue
            pre = self.cues.ministry_prefix.match_at(toks, i)
            j = i + len(pre.keys) if pre else i
            if j >= len(toks):
                continue
            fld = self.cues.ministry_fields.match_at(toks, j)
            if not fld:
                continue
            k = j + len(fld.keys)
            if k < len(toks) and key(toks[k].text) in ("في", "of"):
                k += 1
            m = by_start.get(k)
            if not m or m.kind != "country":
                continue
            if not pre:
                # "الخارجية الروسية" needs the feminine adjective, and no title word before it
                if not (m.via == "adjective" and toks[k].text.endswith("ه")):
                    continue
                if i > 0 and self.cues.titles.match_at(toks, i - 1):
                    continue
                if i > 1 and self.cues.titles.match_at(toks, i - 2) and key(toks[i - 1].text) != "باسم":
                    continue  # "المتحدث باسم الخارجية الأوكرانية" is the ministry; "وزير الخارجية الروسي" a title
                # "التربية البدنية والرياضة الكورية": a field joined by و to a preceding word is part of a longer name
                if toks[i].arabic and toks[i].text.startswith("وال"):
                    continue
            code = self.reg.country_of(m.entity)
            oid = f"org:{code.lower()}-{fld.data['field']}-ministry"
            start, end = toks[i].start, m.end
            out.append(Mention(oid, "organization", i, m.tend, start, end, "pattern", 0.8, "",
                               ctx.text[start:end]))
            covered.update(range(i, m.tend))
        if out:
            spans = [(m.tstart, m.tend) for m in out]
            found[:] = [f for f in found if not any(f.tstart >= a and f.tend <= b for a, b in spans)]
        return out

    def _bodies(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """Unknown bodies: a head word (لجنة، هيئة، مجلس، جهاز، وكالة، سفارة, Embassy, Committee ...) with
        qualifiers (definite words, في/لدى/of/in, entities) that name a country or place, e.g. "السفارة الروسية
        في بيونج يانج", "وكالة السياحة في إقليم بريمورسكي". They become unverified organizations."""
        heads = self.cues.org_heads
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        by_start = {m.tstart: m for m in found}
        by_end = {m.tend: m for m in found}
        toks = ctx.toks
        out = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            hk = key(tok.text)
            if tok.arabic and hk not in heads and tok.text[:1] in "وبل" and key(tok.text[1:]) in heads:
                hk = key(tok.text[1:])
            # "the Russian embassy in Pyongyang": an English head after a country adjective
            lead = by_end.get(i) if not tok.arabic else None
            lead = lead if lead is not None and lead.kind == "country" and lead.via == "adjective" else None
            if i in covered or hk not in heads or (not tok.arabic and not ctx.text[tok.start].isupper()
                                                   and lead is None):
                i += 1
                continue
            # "رئيس لجنة الشؤون الدولية ...": a title's institution complement, handled with the title
            if any((ph := self.cues.titles.match_at(toks, b)) and b + len(ph.keys) == i
                   for b in range(max(0, i - 4), i)):
                i += 1
                continue
            k = i + 1
            last = None  # end of the phrase (after a qualifier)
            code = None
            while k < len(toks) and k - i <= 7:
                if _PUNCT.search(ctx.gap(k - 1, k)):
                    break
                m = by_start.get(k)
                if m is not None:
                    if m.kind not in ("country", "place", "organization") or m.kind == "organization" and k == i + 1:
                        break
                    c = self.reg.country_of(m.entity) if m.kind != "country" else m.entity.split(":")[1]
                    code = code or c
                    k = last = m.tend
                    if m.kind == "country" and m.via == "adjective" and k < len(toks) \
                            and key(toks[k].text) not in ("في", "لدي", "in", "to"):
                        break
                    continue
                t = toks[k]
                kk = key(t.text)
                if k in covered or self.cues.titles.match_at(toks, k):
                    break
                if t.arabic and t.text.startswith("ال") and kk not in self.cues.stopwords:
                    k += 1
                    continue
                if kk in ("في", "لدي", "of", "in", "to", "for", "on") and k + 1 < len(toks):
                    k += 1
                    continue
                if not t.arabic and ctx.text[t.start].isupper():
                    k += 1
                    continue
                break
            if lead is not None:
                code = code or lead.entity.split(":")[1]
                last = last or i + 1
            if last is None or code is None:
                i += 1
                continue
            start, end = (lead.start if lead is not None else tok.start), toks[last - 1].end
            if tok.arabic and tok.text[:1] in "وبل" and key(tok.text) not in heads:
                start += 1
            surface = ctx.text[start:end]
            latin = transliterate(surface) if is_arabic(surface) else surface
            oid = f"org:{code.lower()}-{slugify(latin)[:40].strip('-')}"
            m = Mention(oid, "organization", lead.tstart if lead is not None else i, last, start, end, "body", 0.6,
                        "", surface)
            out.append(m)
            covered.update(range(i, last))
            i = last
        return out

    def _anaphors(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """Back-references ("بحسب الوكالة", "وأضافت الوزارة", "the ministry said"): the last organization named
        before whose name has the same head word or whose registry kind fits."""
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        orgs = [m for m in found if m.kind == "organization"]
        toks = ctx.toks
        out = []
        for t, tok in enumerate(toks):
            if t in covered or not orgs or t <= orgs[0].tstart:
                continue
            spec = None
            pre = ""
            if tok.arabic:
                for p in ("", "و", "ف", "ب", "ل", "وب", "ول", "لل", "ولل"):
                    w = tok.text[len(p):] if not p.endswith("لل") else "ال" + tok.text[len(p):]
                    p = p[:-1] if p.endswith("لل") else p
                    if tok.text.startswith(p) and w.startswith("ال") and key(w) in self.cues.anaphors:
                        spec, pre = self.cues.anaphors[key(w)], p
                        break
                if spec and t + 1 < len(toks) and toks[t + 1].arabic and toks[t + 1].text.startswith("ال") \
                        and key(toks[t + 1].text) not in self.cues.stopwords:
                    continue  # "الوكالة الروسية ...": a longer name, not a back-reference
            elif t > 0 and key(toks[t - 1].text) == "the" and key(tok.text) in self.cues.anaphors:
                spec = self.cues.anaphors[key(tok.text)]
            if spec is None:
                continue
            ref = None
            for m in orgs:
                if m.tstart >= t:
                    break
                e = self.reg.get(m.entity)
                mkeys = {key(x.text) for x in toks[m.tstart:m.tend]} | {key(x.text[1:]) for x in toks[m.tstart:m.tend]}
                if (e is not None and e.subkind in spec["kinds"]) or mkeys & spec["heads"]:
                    ref = m
            if ref is None:
                continue
            s0 = tok.start + len(pre)
            if not tok.arabic:
                s0 = toks[t - 1].start
            out.append(Mention(ref.entity, "organization", t, t + 1, s0, tok.end, "anaphor", 0.6,
                               pre, ctx.text[s0:tok.end]))
        return out

    def _name_ok(self, ctx: Context, t: int, covered: set[int]) -> bool:
        tok = ctx.toks[t]
        if t in covered or key(tok.text) in self.cues.stopwords or tok.text.isdigit():
            return False
        if tok.arabic and (key(tok.text) in self.cues.institution_words
                           or (tok.text[:1] in "وبل" and key(tok.text[1:]) in self.cues.institution_words)
                           or tok.text.startswith("لل")):
            return False
        if tok.arabic:
            if tok.text.startswith("ال") or len(tok.text) < 2:
                return False
        else:
            orig = ctx.text[tok.start:tok.end]
            if not orig[:1].isupper():
                return False
        for ps in (self.cues.statement, self.cues.visit, self.cues.titles, self.cues.events,
                   self.cues.agreement_nouns, self.cues.asked, self.cues.counterpart):
            if ps.match_at(ctx.toks, t):
                return False
        return True

    def _titled_persons(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """Unknown persons after or before a title, and references by title alone."""
        toks = ctx.toks
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        by_start = {m.tstart: m for m in found}
        by_end = {m.tend: m for m in found}
        out: list[Mention] = []
        i = 0
        while i < len(toks):
            title = self.cues.titles.match_at(toks, i)
            if not title or i in covered:
                i += 1
                continue
            j = i + len(title.keys)
            # complements: country (adjective or name), "باسم/لدى/في X"
            country = None
            org = None
            k = j
            # "أمين مجلس الأمن الروسي": the organization named inside the title is its complement
            inner = next((m for m in found if i < m.tstart < j <= m.tend and m.kind == "organization"), None)
            if inner is not None:
                org, k = inner, inner.tend
                country = next((m for m in found if m.kind == "country" and inner.tstart <= m.tstart < inner.tend),
                               None)
            for _ in range(4):
                m = by_start.get(k)
                if m and m.kind == "country" and not country:
                    country, k = m, m.tend
                    continue
                if m and m.kind == "place" and not org:  # "حاكم خاباروفسك"
                    org, k = m, m.tend
                    continue
                # "وزير الصحة", "Natural Resources Minister": the ministry's field belongs to the title
                fld = self.cues.ministry_fields.match_at(toks, k) if k < len(toks) else None
                if fld and title.data["class"] in ("minister", "deputy_minister") and k == j:
                    k += len(fld.keys)
                    continue
                # "حاكم مقاطعة خاباروفسك": an administrative word before a place
                if k + 1 < len(toks) and key(toks[k].text) in _ADMIN_WORDS and by_start.get(k + 1) \
                        and by_start[k + 1].kind == "place" and not org:
                    org, k = by_start[k + 1], by_start[k + 1].tend
                    continue
                # "الخبير الروسي في الشؤون الكورية": a field of expertise
                if k + 2 < len(toks) and key(toks[k].text) in ("في", "in") \
                        and key(toks[k + 1].text) in ("شوون", "شان", "قضايا"):
                    k += 3
                    continue
                if k < len(toks) and key(toks[k].text) in ("باسم", "لدي", "في", "of", "تابع", "تابعه", "at") \
                        and k + 1 in by_start:
                    m2 = by_start[k + 1]
                    if m2.kind in ("organization", "country", "place"):
                        org = org or m2
                        k = m2.tend
                        continue
                break
            # English: "North Korean leader", "top Russian security official"
            if not country and i in by_end and by_end[i].kind == "country" and not toks[i].arabic:
                country = by_end[i]
            # "Ri Chang Dae, North Korea's minister of state security": a possessive country before the title
            poss = None
            if not country and not toks[i].arabic and i > 1 and toks[i - 1].text == "s" and (i - 1) in by_end \
                    and by_end[i - 1].kind == "country" and re.match(r"['’]$", ctx.gap(i - 2, i - 1)):
                country = poss = by_end[i - 1]
            nxt = by_start.get(k)
            if nxt and nxt.kind == "person":
                i = k
                continue
            # "رئيس لجنة الشؤون الدولية في مجلس الاتحاد الروسي غريغوري كاراسين": an institution complement
            # (institution words, definite words, في, entities) between the title and an unknown name
            if toks[i].arabic and k < len(toks) and not self._name_ok(ctx, k, covered):
                k2 = self._institution_end(ctx, k, by_start)
                if k2 > k and not by_start.get(k2) and k2 < len(toks) and self._name_ok(ctx, k2, covered) \
                        and k2 + 1 < len(toks) and self._name_ok(ctx, k2 + 1, covered):
                    k = k2
            # title NAME (unknown person)
            names = []
            t = k
            if t < len(toks) and not _PUNCT.search(ctx.gap(t - 1, t) if t > 0 else ""):
                pass
            while t < len(toks) and len(names) < 3 and self._name_ok(ctx, t, covered):
                if names and _PUNCT.search(ctx.gap(t - 1, t).replace("-", "")):
                    break
                names.append(t)
                t += 1
            gap_ok = k > 0 and k < len(toks) and not re.search(r"[.:;؛!?؟\n]", ctx.gap(k - 1, k))
            if len(names) >= 2 and gap_ok and (country or org or toks[i].arabic is False or True):
                out.append(self._unknown(ctx, names, title, country, org, i))
                covered.update(names)
                i = t
                continue
            # NAME، title (title starting with ال, or an English title after a comma)
            back = []
            b = i - 1
            # English apposition: "Victor Cha, a Korea expert at ..." (the name before "a/an ... TITLE")
            if not toks[i].arabic:
                for j in range(i - 1, max(-1, i - 4), -1):
                    if key(toks[j].text) in ("a", "an"):
                        if j > 0 and "," in ctx.gap(j - 1, j) and not _PUNCT.search(ctx.gap(j, i)):
                            b = j - 1
                        break
                    if _PUNCT.search(ctx.gap(j, j + 1)):
                        break
            if poss is not None and poss.tstart > 0 and "," in ctx.gap(poss.tstart - 1, poss.tstart):
                b = poss.tstart - 1
            if b >= 0 and b == i - 1 and _PUNCT.search(ctx.gap(b, i).replace("،", "").replace(",", "")):
                b = -1
            while b >= 0 and len(back) < 3 and self._name_ok(ctx, b, covered):
                if back and _PUNCT.search(ctx.gap(b, b + 1).replace("-", "")):
                    break
                back.insert(0, b)
                b -= 1
            starts_al = toks[i].text.startswith("ال") or not toks[i].arabic
            if len(back) >= 2 and starts_al:
                out.append(self._unknown(ctx, back, title, country, org, i))
                covered.update(back)
                i = k
                continue
            # a definite title alone ("وأوضح السفير أن"): the person of that title named last
            nxt_comp = k < len(toks) and (self.cues.complementizers.match_at(toks, k) is not None
                                          or bool(re.search(r"[:،,]", ctx.gap(k - 1, k))))
            if not (country or org) and toks[i].arabic and toks[i].text.startswith("ال") and j == k \
                    and by_start.get(k) is None and nxt_comp:
                prev = self._previous_titled(ctx, found + out, i, title.data["class"])
                if prev is not None:
                    out.append(Mention(prev.entity, "person", i, j, toks[i].start, toks[j - 1].end, "role", 0.6, "",
                                       ctx.text[toks[i].start:toks[j - 1].end]))
                    i = j
                    continue
            # reference by title alone: the current holder of the role
            if country or org:
                ref = self._role_holder(ctx, title.data["class"], country, org)
                if ref is None and country is not None and org is None and toks[i].arabic \
                        and toks[i].text.startswith(("ال", "وال")) and country.tstart == j:
                    # "الوزير الروسي" with several Russian ministers: the one of that title named last
                    ref = self._previous_of_class(ctx, found + out, i, title.data["class"],
                                                  self.reg.country_of(country.entity))
                if ref is not None:
                    s0 = min(toks[i].start, country.start if country else toks[i].start)
                    end = max(m.end for m in (country, org) if m) if (country or org) else toks[j - 1].end
                    out.append(Mention(ref.id, "person", min(i, country.tstart if country else i), k, s0, end,
                                       "role", 0.7, "", ctx.text[s0:end]))
            i = max(k, i + 1)
        return out

    _DATELINE = re.compile(r"^[ \t]*(?P<city>[^\n\-–—()«»]{2,30}?)\s*[-–—]\s*[«(\"]\s*"
                           r"(?P<name>[^»)\"\n]{1,30}?)\s*[»)\"]", re.M)

    def _dateline_outlets(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """The outlet of a dateline ("القاهرة - «الشروق»", "الرباط - (و م ع)"): an organization, unverified when the
        registry does not know it, of the dateline city's country."""
        out: list[Mention] = []
        for mt in self._DATELINE.finditer(ctx.text[:400]):
            s0, e0 = mt.start("name"), mt.end("name")
            if any(m.start < e0 and s0 < m.end for m in found):
                continue  # the registry knows it (وام, AP)
            city = [m for m in found if mt.start("city") <= m.start and m.end <= mt.end("city") and m.kind == "place"]
            code = self.reg.country_of(city[0].entity) if city else None
            t0, t1 = ctx.tok_range_of(s0, e0)
            if code is None or t1 <= t0:
                continue
            name = ctx.text[s0:e0]
            if key(name) in {key(w) for w in self.cues.raw.get("dateline_generic", [])}:
                continue  # "(وكالات)": the wires, not one outlet
            latin = transliterate(name) if is_arabic(name) else name
            oid = f"org:{code.lower()}-{slugify(latin)[:40].strip('-')}"
            out.append(Mention(oid, "organization", t0, t1, s0, e0, "body", 0.6, "", name))
            break
        return out

    def _short_names(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """Later mentions of an unknown person by one name ("وأكد موراشكو", "زيارة مرتقبة لجونغ"): the last name,
        or for Korean and Chinese persons the family name written first, after the person was introduced."""
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        out: list[Mention] = []
        keys: dict[str, Mention | None] = {}
        for m in found:
            if m.via != "unknown" or m.tend - m.tstart < 2:
                continue
            extra = getattr(m, "extra", None) or {}
            idx = [m.tend - 1] + ([m.tstart] if extra.get("country") in ("KP", "KR", "CN") else [])
            for t in idx:
                k = key(ctx.toks[t].text)
                if len(k) < 3:
                    continue
                keys[k] = None if (k in keys and keys[k] is not None and keys[k].entity != m.entity) else m
        for t, tok in enumerate(ctx.toks):
            if t in covered:
                continue
            for k, proc in [(key(tok.text), "")] + ([(key(tok.text[1:]), tok.text[0])] if tok.arabic and
                                                    tok.text[:1] in "وبلف" else []):
                m = keys.get(k)
                if m is not None and m.tstart < t:
                    out.append(Mention(m.entity, "person", t, t + 1, tok.start, tok.end, "surname", 0.6, proc,
                                       ctx.text[tok.start:tok.end]))
                    break
        return out

    def _institution_end(self, ctx: Context, k: int, by_start: dict) -> int:
        """End of an institution phrase after a title: institution words, definite words, في/لدى, entities."""
        toks = ctx.toks
        t, seen = k, False
        while t < len(toks) and t - k < 10:
            if t > k and _PUNCT.search(ctx.gap(t - 1, t)):
                break
            m = by_start.get(t)
            if m and m.kind in ("country", "organization", "place"):
                t = m.tend
                continue
            kk = key(toks[t].text)
            if kk == "باسم" and t + 1 < len(toks) and toks[t + 1].text.startswith("ال"):
                seen = True  # "الناطق باسم الخارجية الأوكرانية X"
            if kk in self.cues.institution_words or (toks[t].text[:1] in "وبل" and key(toks[t].text[1:])
                                                      in self.cues.institution_words):
                seen = True
                t += 1
                continue
            if toks[t].text.startswith(("ال", "وال")) and len(toks[t].text) > 3 and toks[t].arabic \
                    and not self.cues.statement.match_at(toks, t) and not self.cues.visit.match_at(toks, t):
                t += 1
                continue
            if kk in ("في", "لدي", "باسم"):
                t += 1
                continue
            break
        return t if seen else k

    def _previous_titled(self, ctx: Context, mentions: list[Mention], before: int, cls: str) -> Mention | None:
        """The last person before token `before` whose title (registry role or title seen with an unknown
        person) is of class `cls`."""
        best = None
        for m in mentions:
            if m.kind != "person" or m.tstart >= before:
                continue
            extra = getattr(m, "extra", None) or {}
            classes = {self._class_of(extra.get("title"))} if extra.get("title") else set()
            e = self.reg.get(m.entity)
            if e is not None:
                classes |= {self._role_class.get((e.id, ri)) for ri in range(len(e.roles))}
            if cls in classes and (best is None or m.tstart > best.tstart):
                best = m
        return best

    def _previous_of_class(self, ctx: Context, mentions: list[Mention], before: int, cls: str,
                           code: str | None) -> RegEntry | None:
        """The registry person of country `code` named last before `before` whose active role is of class `cls`
        (a plain "minister" also covers the ministers of a field)."""
        for m in sorted((m for m in mentions if m.kind == "person" and m.tend <= before), key=lambda m: -m.tstart):
            e = self.reg.get(m.entity)
            if e is None or (self.reg.country_of(m.entity) or e.country) != code:
                continue
            classes = {self._role_class.get((e.id, ri)) for ri, r in enumerate(e.roles) if r.active(ctx.pub)}
            if cls in classes or (cls == "minister" and any(c and c.endswith("minister") for c in classes)):
                return e
            return None  # the last person of that country is someone else: no guess
        return None

    def _role_holder(self, ctx: Context, cls: str, country: Mention | None, org: Mention | None) -> RegEntry | None:
        code = self.reg.country_of(country.entity) if country else None
        holders = []
        for e in self.reg.entries.values():
            if e.kind != "person":
                continue
            for ri, r in enumerate(e.roles):
                if self._role_class.get((e.id, ri)) != cls or not r.active(ctx.pub):
                    continue
                if code and (r.country or e.country) != code:
                    continue
                if org and org.kind == "organization" and r.organization and r.organization != org.entity:
                    continue
                if not code and not (org and r.organization == org.entity):
                    continue
                posted_to = self.reg.country_of(org.entity) if org and org.kind in ("country", "place") else None
                if r.posted and posted_to and posted_to != r.posted:
                    continue  # "السفير الروسي لدى بيونج يانج": the ambassador posted there
                holders.append(e)
                break
        return holders[0] if len(holders) == 1 else None

    def _unknown(self, ctx: Context, names: list[int], title: Phrase, country: Mention | None,
                 org: Mention | None, title_tok: int) -> Mention:
        toks = ctx.toks
        start, end = toks[names[0]].start, toks[names[-1]].end
        surface = ctx.text[start:end]
        latin = transliterate(surface) if is_arabic(surface) else surface
        pid = f"person:{slugify(latin)}"
        m = Mention(pid, "person", names[0], names[-1] + 1, start, end, "unknown", 0.6, "", surface)
        code = self.reg.country_of(country.entity) if country else None
        m.extra = {  # type: ignore[attr-defined]
            "name": " ".join(w.capitalize() for w in re.split(r"[\s\-]+", latin) if w),
            "title": title.text,
            "title_surface": ctx.text[toks[title_tok].start:toks[title_tok + len(title.keys) - 1].end],
            "country": code, "org": org.entity if org and org.kind == "organization" else None,
        }
        return m

    # ------------------------------------------------------------------ cues
    def _cues(self, ctx: Context) -> list[CueHit]:
        hits: list[CueHit] = []
        c = self.cues
        fams = (("visit", c.visit), ("statement", c.statement), ("asked", c.asked), ("agreement", c.agreement_nouns),
                ("permission", c.permission_granted), ("event", c.events))
        person_toks = {t for m in ctx.mentions for t in range(m.tstart, m.tend)}
        for fam, ps in fams:
            for s, e, p in ps.find(ctx.toks):
                if s in person_toks:
                    continue
                if fam == "statement" and s > 0 and key(ctx.toks[s].text) in ("رد", "ردا") \
                        and "زيار" in key(ctx.toks[s - 1].text):
                    continue  # "بزيارة رد إلى موسكو": a return visit, not a reply
                hits.append(CueHit(fam, s, e, p))
        hits.sort(key=lambda h: h.tstart)
        return hits

    def _mentions_in(self, ctx: Context, s: int, e: int, kinds=None) -> list[Mention]:
        return [m for m in ctx.mentions if m.tstart >= s and m.tend <= e and (kinds is None or m.kind in kinds)]

    def _segment(self, ctx: Context, hit: CueHit, hits: list[CueHit], families=("visit", "statement", "asked")):
        sent = ctx.sentence(hit.tstart)
        s, e = sent.tstart, sent.tend
        for h in hits:
            if h is hit or h.family not in families or (h.family == "visit" and h.data.get("leave")):
                continue  # "X left Moscow ... bound for Pyongyang": leaving does not open a new clause
            if sent.tstart <= h.tstart < hit.tstart:
                s = max(s, h.tend)
            elif hit.tend <= h.tstart < sent.tend:
                e = min(e, h.tstart)
        return s, e

    def _modality(self, ctx: Context, s: int, e: int, sent: Sentence) -> str | None:
        for status in STATUS_ORDER:
            ps = self.cues.modality_sentence.get(status)
            if ps and ps.any_in(ctx.toks, sent.tstart, sent.tend):
                return status
        for status in STATUS_ORDER:
            ps = self.cues.modality_local.get(status)
            if not ps:
                continue
            for ms, _me, _p in ps.find(ctx.toks, max(sent.tstart, s), min(sent.tend, e)):
                if status == "speculated" and self._perfect_qad(ctx, ms, sent):
                    continue
                return status
        if self._denied(ctx, s + 4, sent):
            return "ruled_out"
        return None

    def _denied(self, ctx: Context, cue: int, sent: Sentence) -> bool:
        """The cue sits in the complement of a denial ("نفى الكرملين أن يكون كيم ... سيحضرون", "denied that X
        would visit"), with no contrast word confirming it in between ("... غير أن الوكالة أكدت وصوله")."""
        if not self.cues.denial:
            return False
        for _ds, de, _p in self.cues.denial.find(ctx.toks, sent.tstart, cue):
            comps = self.cues.complementizers.find(ctx.toks, de, cue)
            if comps and comps[0][0] - de <= 6 and not self.cues.contrast.any_in(ctx.toks, de, cue):
                return True
        return False

    def _perfect_qad(self, ctx: Context, t: int, sent: Sentence) -> bool:
        """"قد" after كان ("وكان شويجو قد زار") or before a past verb marks a completed act, not doubt."""
        if key(ctx.toks[t].text) != "قد":
            return False
        if self.cues.perfect_markers.any_in(ctx.toks, max(sent.tstart, t - 6), t):
            return True
        nxt = self.cues.visit.match_at(ctx.toks, t + 1) if t + 1 < sent.tend else None
        return bool(nxt and nxt.data.get("tense") == "past")

    def _dates_in(self, ctx: Context, s: int, e: int) -> list[DateMention]:
        return [d for ts, te, d in ctx.dates if ts >= s and te <= e]

    def _date_after(self, ctx: Context, cue_start: int, seg: tuple[int, int], sent: Sentence,
                    allow_before: bool = False) -> tuple[DateMention | None, DateMention | None]:
        after = [d for d in self._dates_in(ctx, cue_start, seg[1]) if d.kind != "duration"]
        if after:
            first = after[0]
            if first.end_date:
                return first, None
            if len(after) > 1 and after[1].date.precision == first.date.precision and first.date < after[1].date:
                between = ctx.text[first.end:after[1].start]
                if re.search(r"حتى|إلى|الى|until|through|to\b|-", between):
                    return first, after[1]
            # prefer a more precise date right after ("هذا العام ... آخرها الشهر الماضي" keeps the first)
            return first, None
        initial = [d for d in self._dates_in(ctx, sent.tstart, min(sent.tend, sent.tstart + 5))
                   if d.kind != "duration"]
        if initial:
            return initial[0], None
        if allow_before:
            before = [d for d in self._dates_in(ctx, seg[0], cue_start) if d.kind != "duration"]
            if before:
                return before[-1], None
        return None, None

    # ------------------------------------------------------------------ visits
    def _visits(self, ctx: Context, hits: list[CueHit]) -> list[Candidate]:
        cands: list[Candidate] = []
        for hit in hits:
            if hit.family != "visit":
                continue
            sent = ctx.sentence(hit.tstart)
            seg = self._segment(ctx, hit, hits)
            typ = hit.data.get("type")
            reach = hit.tend + 8
            if typ == "noun" and self.cues.visit_relative.match_at(ctx.toks, hit.tend):
                reach += 6  # "زيارة سيقوم بها مدير جهاز الأمن الفيدرالي الروسي ألكسندر بورتنيكوف"
            persons_after = [m for m in self._mentions_in(ctx, hit.tend, min(seg[1], reach), ("person",))
                             if not self._after_with(ctx, m)]
            persons_before = self._mentions_in(ctx, seg[0], hit.tstart, ("person",))
            visitor = host_person = None
            if typ == "host":
                if persons_after:
                    host_person = persons_after[0]
                    visitor = persons_after[1] if len(persons_after) > 1 else None
                if not visitor and persons_before:
                    host_person, visitor = persons_before[-1], (persons_after[0] if persons_after else None)
            elif ctx.article.language == "en" and typ == "verb":
                visitor = persons_before[-1] if persons_before else (persons_after[0] if persons_after else None)
            elif typ == "noun":
                visitor = self._noun_agent(ctx, hit, persons_before, persons_after)
            else:
                visitor = persons_after[0] if persons_after else (persons_before[-1] if persons_before else None)
            if hit.data.get("tour"):
                # "... لافروف سيلتقي في بكين نظيره الصيني وانغ يي، قبل أن يتوجه إلى وونسان": the subject of the
                # sentence (not an object or a person after a preposition), else the last visitor of the article
                subj = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart, ("person",))
                        if not self._after_prep(ctx, m) and not self._after_with(ctx, m)]
                subj = [m for m in subj if not any(o.tend <= m.tstart and self._only_titles(ctx, o.tend, m.tstart)
                                                   for o in subj if o is not m)]
                visitor = subj[0] if subj else None
                rel = re.search(r"\b(?:who|which)\b|الذي|التي", ctx.text[sent.start:ctx.toks[hit.tstart].start])
                if visitor is None and cands and not rel and \
                        ctx.sent_of[hit.tstart] - ctx.sent_of[ctx.tok_range_of(*cands[-1].evidence[0][:2])[0]] <= 1:
                    last = cands[-1]
                    visitor = next((m for m in ctx.mentions if m.entity == last.args["visitor"]
                                    and m.tstart < hit.tstart), None)
            if visitor is None and typ == "noun" and \
                    self.cues.plan_words.any_in(ctx.toks, max(sent.tstart, hit.tstart - 3), hit.tstart):
                # "نفت ماتفيينكو وجود أي خطط لزيارة كوريا الشمالية": the plans are the subject's own
                subj = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart, ("person",))
                        if not self._after_prep(ctx, m)]
                visitor = subj[-1] if subj else None
            if visitor is None:
                continue
            vcountry = self.reg.country_of(visitor.entity) or getattr(visitor, "extra", {}).get("country")
            host = dest = None
            if host_person is not None:
                host = self.reg.country_of(host_person.entity)
            first_dest = None
            for m in self._mentions_in(ctx, hit.tend, seg[1], ("place", "country")):
                if m is visitor or (visitor.tstart <= m.tstart < visitor.tend):
                    continue
                if self._from_origin(ctx, m):
                    continue  # "قادما من بكين", "arriving from Beijing": where the visitor came from
                if hit.data.get("venue") and not (m.tstart > 0 and key(ctx.toks[m.tstart - 1].text) in ("في", "in")
                                                  or m.proclitic.endswith("ب")):
                    continue  # attending: only the venue ("في بكين", "in South Korea") is the destination
                if m.via == "adjective" and not self._capital_word_before(ctx, m):
                    continue
                code = self.reg.country_of(m.entity)
                if code is None or code == vcountry:
                    continue
                host = host or code
                if m.kind == "place" and code == host:
                    dest = m.entity
                first_dest = m
                break
            if hit.data.get("return"):
                # "غادر X موسكو يوم الأحد عائدا إلى بلاده": the foreign place left is the destination
                host = dest = None
                for p in reversed(self._mentions_in(ctx, visitor.tend, hit.tstart, ("place", "country"))):
                    code = self.reg.country_of(p.entity)
                    if code and code != vcountry and p.via != "adjective":
                        host, dest = code, (p.entity if p.kind == "place" else None)
                        break
                if host is None:
                    continue
            if hit.data.get("leave"):
                host = dest = None
                start_t = max(hit.tend, visitor.tend) if visitor.tstart >= hit.tend else hit.tend
                nxt = [m for m in self._mentions_in(ctx, start_t, min(seg[1], start_t + 4), ("place", "country"))
                       if m.via != "adjective"]
                if not nxt or nxt[0].tstart != start_t:
                    continue
                code = self.reg.country_of(nxt[0].entity)
                if not code or code == vcountry:
                    continue
                host, dest = code, (nxt[0].entity if nxt[0].kind == "place" else None)
            if host is None and typ == "noun":
                # "التقى لافروف كيم في مدينة وونسان ... في ختام زيارة بدأها أمس": the place named before
                for p in reversed(self._mentions_in(ctx, visitor.tend, hit.tstart, ("place",))):
                    code = self.reg.country_of(p.entity)
                    if code and code != vcountry:
                        host, dest = code, p.entity
                        break
            if host is None and hit.data.get("arrival") and ctx.sent_of[hit.tstart] > 0:
                # "Kozhemyako opened an office in Rason. Kozhemyako, who arrived on Monday ...": the foreign
                # place of the previous sentence, when that sentence names the same visitor
                prev = ctx.sentences[ctx.sent_of[hit.tstart] - 1]
                here = self._mentions_in(ctx, prev.tstart, prev.tend)
                if any(m.entity == visitor.entity for m in here):
                    for p in reversed([m for m in here if m.kind == "place"]):
                        code = self.reg.country_of(p.entity)
                        if code and code != vcountry:
                            host, dest = code, p.entity
                            break
            if host is None and typ == "host":
                places = self._mentions_in(ctx, sent.tstart, sent.tend, ("place",))
                for p in places:
                    code = self.reg.country_of(p.entity)
                    if code and code != vcountry:
                        host, dest = code, dest or p.entity
                        break
            d1, d2 = self._date_after(ctx, hit.tstart, seg, sent)
            if (hit.data.get("date_before") or hit.data.get("return")) and d1 is None:
                before = self._dates_in(ctx, visitor.tend, hit.tstart)
                d1 = before[-1] if before else None
            if (hit.data.get("return") or hit.data.get("leave")) and d1 is not None:
                d1, d2 = None, d1  # the day it ended
            status = self._modality(ctx, hit.tstart - 4, hit.tend + 4, sent)
            tense = hit.data.get("tense")
            if tense is None and typ == "noun":
                tense = "past" if self.cues.past_verbs.any_in(ctx.toks, seg[0], seg[1]) else None
            ev_s = ctx.toks[min(hit.tstart, visitor.tstart)].start
            ev_e_tok = max(hit.tend, visitor.tend)
            if dest or host:
                last = [m for m in self._mentions_in(ctx, hit.tend, seg[1], ("place", "country"))]
                if last:
                    ev_e_tok = max(ev_e_tok, last[0].tend)
            for d in (d1, d2):
                if d:
                    ev_e_tok = max(ev_e_tok, ctx.tok_range_of(d.start, d.end)[1])
            ev_e = ctx.toks[min(ev_e_tok, len(ctx.toks)) - 1].end
            args = {
                "visitor": visitor.entity, "visitorCountry": vcountry, "hostCountry": host, "destination": dest,
                "start": d1.date if d1 else None,
                "end": (d1.end_date if d1 and d1.end_date else (d2.date if d2 else None)),
                "modality": status, "tense": tense, "purpose": self._purpose(ctx, hit, seg),
                "invitedBy": self._inviter(ctx, sent), "arrival": bool(hit.data.get("arrival")),
                "reception": typ == "host",
            }
            conf = 0.85 if host else 0.6
            cand = Candidate("visit", [(ev_s, ev_e, conf)], args, conf, mergeable=not hit.data.get("plural"))
            cands.append(cand)
            if first_dest is not None and not hit.data.get("return") and not hit.data.get("leave"):
                cands += self._further_stops(ctx, first_dest, seg, args, vcountry)
            if hit.data.get("plural"):
                for ls, le, _ in self.cues.visit_last.find(ctx.toks, hit.tend, sent.tend):
                    dates = [d for d in self._dates_in(ctx, le, sent.tend)]
                    if dates:
                        te = ctx.tok_range_of(dates[0].start, dates[0].end)[1]
                        stop = min(sent.tend, te + 8)
                        anniv = [h for h in hits if h.family == "event" and le <= h.tstart < stop]
                        if anniv:
                            stop = anniv[0].tend + 4
                        stop = min(stop, sent.tend)
                        extra = dict(args, start=dates[0].date, end=None)
                        cands.append(Candidate("visit", [(ctx.toks[ls].start, ctx.toks[stop - 1].end, 0.75)],
                                               extra, 0.75, mergeable=False))
                        break
        cands += self._implied_visits(ctx, hits, cands)
        cands += self._summit_visits(ctx, hits, cands)
        return self._merge_visits(ctx, cands)

    def _summit_visits(self, ctx: Context, hits: list[CueHit], cands: list[Candidate]) -> list[Candidate]:
        """A summit between two named persons in a city ("لقمة محتملة بين الرئيس فلاديمير بوتين والزعيم كيم جونغ أون
        في موسكو") implies a visit by the one of them from another country than the city's, with the summit's
        modality. Nothing when the city is not named, when both or neither are foreign, or when a visit of that
        person to that country is already found (the summit's words are then further evidence)."""
        out: list[Candidate] = []
        for hit in hits:
            if hit.family != "event" or hit.data.get("kind") != "summit":
                continue
            sent = ctx.sentence(hit.tstart)
            stop = self._clause_end(ctx, hit.tend, sent)
            places = [m for m in self._mentions_in(ctx, hit.tend, stop, ("place",))
                      if m.tstart > 0 and (key(ctx.toks[m.tstart - 1].text) in ("في", "in")
                                           or m.proclitic.endswith("في"))]
            persons = self._mentions_in(ctx, hit.tend, places[0].tstart if places else stop, ("person",))
            if not places or len({m.entity for m in persons}) != 2:
                continue
            hcode = self.reg.country_of(places[0].entity)
            foreign = [m for m in persons if (self.reg.country_of(m.entity) or
                                              (getattr(m, "extra", None) or {}).get("country")) not in (None, hcode)]
            if hcode is None or len(foreign) != 1:
                continue
            visitor = foreign[0]
            ev = (ctx.toks[hit.tstart].start, places[0].end, 0.6)
            known = [c for c in cands + out if c.args["visitor"] == visitor.entity and c.args["hostCountry"] == hcode]
            if known:
                known[0].evidence.append(ev)
                continue
            d1, _ = self._date_after(ctx, hit.tstart, (hit.tend, stop), sent)
            args = {"visitor": visitor.entity, "visitorCountry": self.reg.country_of(visitor.entity),
                    "hostCountry": hcode, "destination": places[0].entity, "start": d1.date if d1 else None,
                    "end": d1.end_date if d1 else None,
                    "modality": self._modality(ctx, hit.tstart - 4, hit.tend + 4, sent),
                    "tense": "future" if self._future(ctx, hit, sent) else None, "purpose": None, "invitedBy": None,
                    "arrival": False, "reception": False}
            out.append(Candidate("visit", [ev], args, 0.6))
        return out

    def _from_origin(self, ctx: Context, m: Mention) -> bool:
        """A place introduced as the origin of a trip ("قادما من بكين", "arriving from Beijing")."""
        return any(e == m.tstart for _s, e, _p in self._origin.find(ctx.toks, max(0, m.tstart - 3), m.tstart))

    def _further_stops(self, ctx: Context, first: Mention, seg: tuple[int, int], args: dict,
                       vcountry: str | None) -> list[Candidate]:
        """Later stops of a tour listed after the first destination ("إلى بكين ثم بيونغ يانغ", "to Beijing,
        Hanoi and Minsk"): one visit per further host country, dated by a date between it and the next stop."""
        out: list[Candidate] = []
        if first.tstart > 0 and key(ctx.toks[first.tstart - 1].text) in ("بين", "between"):
            return out
        seen = {self.reg.country_of(first.entity), vcountry}
        prev = first
        for m in self._mentions_in(ctx, first.tend, seg[1], ("place", "country")):
            if m.tstart < prev.tend:
                continue
            gap_words = [key(t.text) for t in ctx.toks[prev.tend:m.tstart]]
            gap = ctx.gap(prev.tend - 1, m.tstart) if m.tstart > prev.tend else ctx.gap(prev.tend - 1, m.tstart)
            joined = (m.tstart == prev.tend and (m.proclitic.startswith("و") or "," in gap or "،" in gap)) or (
                m.tstart > prev.tend and all(w in ("ثم", "then", "and", "و", "to", "الي", "before") for w in gap_words)
                and self._tour_join.any_in(ctx.toks, prev.tend, m.tstart))
            if not joined or m.via == "adjective":
                break
            code = self.reg.country_of(m.entity)
            prev = m
            if not code or code in seen:
                continue
            seen.add(code)
            nxt = next((x for x in self._mentions_in(ctx, m.tend, seg[1], ("place", "country"))), None)
            dates = self._dates_in(ctx, m.tend, nxt.tstart if nxt else min(seg[1], m.tend + 6))
            extra = dict(args, hostCountry=code, destination=m.entity if m.kind == "place" else None,
                         start=dates[0].date if dates else None, end=None)
            if args.get("start") and ctx.pub and args["start"] > ctx.pub:
                extra["tense"] = "future"  # a stop after a future first stop is still to come
            out.append(Candidate("visit", [(ctx.toks[m.tstart].start, ctx.toks[m.tend - 1].end, 0.7)], extra, 0.7))
        return out

    def _implied_visits(self, ctx: Context, hits: list[CueHit], cands: list[Candidate]) -> list[Candidate]:
        """Talks, consultations, a meeting or a signing held in a foreign city imply a visit by the person who held
        them, when the article has a travel cue for that person (a visit of his found elsewhere, an unattributed
        arrival in the same or a neighbouring sentence) or the sentence places him there ("المتواجد في"). Not for a
        resident ambassador, not for a place in the person's own country (he is the host), not when a visit of
        the person to that country is already found."""
        out: list[Candidate] = []
        en = ctx.article.language == "en"
        visit_hits = [h for h in hits if h.family == "visit"]
        for s, e, p in self._implied_acts.find(ctx.toks):
            sent = ctx.sentence(s)
            # the place: "في/in CITY" after the act, or a sentence-opening "وفي موسكو،"
            place = None
            for m in self._mentions_in(ctx, e, sent.tend, ("place",)):
                prev = key(ctx.toks[m.tstart - 1].text) if m.tstart > 0 else ""
                if prev in ("في", "in") or m.proclitic.endswith("ب") and False:
                    place = m
                    break
            if p.data.get("type") == "noun" and (place is None or place.tstart > e + 1):
                continue
            if place is None:
                for m in self._mentions_in(ctx, sent.tstart, s, ("place",)):
                    if m.tstart <= sent.tstart + 1 and (m.proclitic.endswith("في") or key(ctx.toks[m.tstart - 1].text)
                                                         in ("في", "in") if m.tstart > 0 else False):
                        place = m
                        break
            if place is None:
                continue
            hcode = self.reg.country_of(place.entity)
            if hcode is None:
                continue
            if en:
                before = [m for m in self._mentions_in(ctx, sent.tstart, s, ("person",))
                          if not self._after_prep(ctx, m)]
                people = before[-1:]
            else:
                # "وقع X ووزير ... Y، يوم الثلاثاء في خاباروفسك": each co-subject before the place
                after = [m for m in self._mentions_in(ctx, e, min(sent.tend, e + 24), ("person",))
                         if not self._after_with(ctx, m) and m.tend <= place.tstart]
                before = [m for m in self._mentions_in(ctx, sent.tstart, s, ("person",))
                          if not self._after_prep(ctx, m)]
                people = after or before[-1:]
            for visitor in people:
                self._implied_one(ctx, s, e, p, sent, place, hcode, visitor, visit_hits, cands, out)
        return out

    def _implied_one(self, ctx: Context, s: int, e: int, p: Phrase, sent: Sentence, place: Mention, hcode: str,
                     visitor: Mention, visit_hits: list[CueHit], cands: list[Candidate], out: list[Candidate]) -> None:
        if visitor is None:
            return
        vcountry = self.reg.country_of(visitor.entity) or getattr(visitor, "extra", {}).get("country")
        if vcountry is None or vcountry == hcode or self._resident_envoy(ctx, visitor):
            return
        known = [c for c in cands + out if c.args["visitor"] == visitor.entity and c.args["hostCountry"] == hcode]
        if known:
            # the talks in that city are evidence of the visit already found (one visit, not two)
            if len(known) == 1 and known[0].args.get("modality") is None:
                known[0].evidence.append((ctx.toks[min(s, visitor.tstart)].start,
                                          ctx.toks[max(place.tend, visitor.tend) - 1].end, 0.7))
            return
        si = ctx.sent_of[s]
        present = self._presence.any_in(ctx.toks, sent.tstart, sent.tend) or \
            any(c.args["visitor"] == visitor.entity for c in cands)
        arrival_date = None
        for h in visit_hits:
            hs = ctx.sent_of[h.tstart]
            if abs(hs - si) > 1 or not (h.data.get("arrival") or h.data.get("type") in ("verb", "noun")):
                continue
            hsent = ctx.sentences[hs]
            named = [m for m in self._mentions_in(ctx, hsent.tstart, hsent.tend, ("person",))]
            if hs != si and named and all(m.entity != visitor.entity for m in named):
                continue
            if hs != si and named:
                continue  # that sentence's visit is already read with its own visitor
            present = True
            if hs != si and h.data.get("arrival"):
                ds = [d for d in self._dates_in(ctx, h.tend, hsent.tend) if d.kind != "duration"]
                arrival_date = ds[0] if ds else None
        if not present:
            return
        seg = (s, sent.tend)
        d1, _ = self._date_after(ctx, s, seg, sent)
        start = arrival_date or d1
        ev_s = ctx.toks[min(s, visitor.tstart)].start
        ev_e = ctx.toks[max(place.tend, visitor.tend) - 1].end
        args = {
            "visitor": visitor.entity, "visitorCountry": vcountry, "hostCountry": hcode,
            "destination": place.entity, "start": start.date if start else None, "end": None,
            "modality": self._modality(ctx, s - 4, e + 4, sent),
            "tense": p.data.get("tense") or ("past" if self.cues.past_verbs.any_in(ctx.toks, sent.tstart, s)
                                             else None),
            "purpose": None, "invitedBy": self._inviter(ctx, sent), "arrival": False, "implied": True,
        }
        out.append(Candidate("visit", [(ev_s, ev_e, 0.7)], args, 0.7))

    def _resident_envoy(self, ctx: Context, person: Mention) -> bool:
        """An ambassador or chargé d'affaires (by registry role at the publication date, or by the title before
        the name in the text) lives where he meets: his meetings there are no visit."""
        e = self.reg.get(person.entity)
        if e:
            for r in e.roles:
                if r.active(ctx.pub) and self._resident.any_in(Normalized(f"{r.title or ''} {r.title_ar or ''}").tokens,
                                                               0, 99):
                    return True
        return self._resident.any_in(ctx.toks, max(0, person.tstart - 6), person.tstart)

    def _noun_agent(self, ctx: Context, hit: CueHit, before: list[Mention], after: list[Mention]) -> Mention | None:
        """The visitor of a visit noun: the person right before it ("Putin's visit"), the person after it
        (زيارة بوتين, "a visit by Putin"), else the subject of the clause: the first person before it that is
        not inside a prepositional phrase ("التقى لافروف كيم ... في ختام زيارة", "X, his second visit")."""
        if before and hit.tstart - before[-1].tend <= 0 + (1 if ctx.article.language == "en" else 0) \
                and ctx.article.language == "en":
            return before[-1]
        inv = self.cues.invitation.find(ctx.toks, hit.tend, after[0].tstart) if after else []
        if after and not inv:  # "بزيارة ... تلبية لدعوة من كيم": the inviter is not the visitor
            return after[0]
        comps = [s for s, _e, _p in self.cues.complementizers.find(ctx.toks, before[0].tend if before else 0,
                                                                     hit.tstart)]
        if comps:  # "قال قنديل إن الزيارات المتكررة ...": the speaker is not the visitor
            before = [m for m in before if m.tstart > comps[-1]]
        subj = [m for m in before if not self._after_prep(ctx, m)]
        if not subj:
            return None
        if ctx.article.language == "en":
            return subj[0]
        # Arabic: the nearest person before, unless it is the object right after its subject
        # ("التقى وزير الخارجية الروسي سيرغي لافروف الزعيم الكوري الشمالي كيم ..." -> Lavrov)
        i = len(subj) - 1
        while i > 0 and self._only_titles(ctx, subj[i - 1].tend, subj[i].tstart):
            i -= 1
        return subj[i]

    def _only_titles(self, ctx: Context, a: int, b: int) -> bool:
        """True when tokens a..b hold only titles and country adjectives (no verb, no punctuation)."""
        if b <= a:
            return True
        if a > 0 and _PUNCT.search(ctx.gap(a - 1, b - 1) if b - 1 > a - 1 else ""):
            return False
        t = a
        while t < b:
            p = self.cues.titles.match_at(ctx.toks, t)
            if p:
                t += len(p.keys)
                continue
            m = next((m for m in ctx.mentions if m.tstart == t and m.kind in ("country", "organization")), None)
            if m:
                t = m.tend
                continue
            return False
        return True

    def _after_prep(self, ctx: Context, m: Mention) -> bool:
        """A person inside a prepositional phrase ("with X", "at the instruction of X", "بتكليف من X", "مع X")."""
        if m.proclitic.endswith("ل") or m.proclitic.endswith("ب"):
            return True
        for b in range(m.tstart - 1, max(-1, m.tstart - 6), -1):
            k = key(ctx.toks[b].text)
            if k in ("مع", "with", "of", "by", "from", "من", "بتكليف", "عن", "لدي", "against", "ضد", "and", "و") \
                    and self._only_titles(ctx, b + 1, m.tstart):
                return True
        return False

    def _after_with(self, ctx: Context, m: Mention) -> bool:
        b = m.tstart - 1
        while b >= 0 and b >= m.tstart - 4:
            if key(ctx.toks[b].text) in ("مع", "with"):
                return True
            if m.tstart - b > 1 and self.cues.titles.match_at(ctx.toks, b) is None and ctx.toks[b].arabic is False:
                pass
            b -= 1
        return m.proclitic == "" and False

    def _capital_word_before(self, ctx: Context, m: Mention) -> bool:
        return any(key(ctx.toks[t].text) in ("عاصمه", "capital") for t in range(max(0, m.tstart - 2), m.tstart))

    def _purpose(self, ctx: Context, hit: CueHit, seg: tuple[int, int]) -> str | None:
        sent = ctx.sentence(hit.tstart)
        for s, e, _ in self.cues.purpose.find(ctx.toks, hit.tstart, sent.tend):
            stop = e
            while stop < sent.tend and stop - e < 14 and not re.search(r"[،,.;؛]", ctx.gap(stop - 1, stop)):
                stop += 1
            if stop > e:
                return ctx.text[ctx.toks[s].start:ctx.toks[stop - 1].end]
        return None

    def _inviter(self, ctx: Context, sent: Sentence) -> str | None:
        for _s, e, _ in self.cues.invitation.find(ctx.toks, sent.tstart, sent.tend):
            after = self._mentions_in(ctx, e, min(sent.tend, e + 6), ("organization", "person", "country"))
            if after:
                return after[0].entity
        return None

    def _visit_status(self, ctx: Context, args: dict) -> str:
        if args.get("modality") in ("ruled_out", "speculated", "expected"):
            return args["modality"]
        start, end, pub = args.get("start"), args.get("end"), ctx.pub
        tense = args.get("tense")
        if start is not None and pub is not None and pub.precision.value == "day":
            p = pub.first_day()
            if start.first_day() > p:
                return "planned"
            if end is not None and start.first_day() <= p <= end.last_day():
                return "ongoing"
            if start.last_day() < p:
                return "completed"
            # starts today (or in this month)
            if args.get("arrival") and start.precision.value == "day" and end is None:
                return "ongoing"  # arrived today: the visit is under way
            if tense == "past":
                return "completed" if end is None or end.last_day() < p else "ongoing"
            return "ongoing" if tense == "present" and start.precision.value == "day" else (
                "planned" if tense in ("future", "present") or args.get("modality") == "planned" else "completed")
        if args.get("modality") == "planned" or tense == "future":
            return "planned"
        if tense == "present":
            return "planned"
        return "completed"

    def _merge_visits(self, ctx: Context, cands: list[Candidate]) -> list[Candidate]:
        full = [c for c in cands if c.args["hostCountry"]]
        hostless = [c for c in cands if not c.args["hostCountry"]]
        merged: list[Candidate] = []
        for c in full:
            target = None
            if c.mergeable:
                for m in merged:
                    if not m.mergeable:
                        continue
                    a, b = m.args, c.args
                    if (a["visitor"], a["hostCountry"]) != (b["visitor"], b["hostCountry"]):
                        continue
                    if self._modal_class(a) != self._modal_class(b):
                        continue
                    if a["start"] and b["start"] and not a["start"].compatible(b["start"]) \
                            and not self._same_trip(ctx, a["start"], b["start"]):
                        continue
                    target = m
                    break
            if target is None:
                merged.append(c)
            else:
                self._absorb(target, c)
        for c in hostless:
            same = [m for m in merged if m.args["visitor"] == c.args["visitor"] and m.mergeable
                    and self._modal_class(m.args) in (None, "planned") and
                    (not m.args["start"] or not c.args["start"] or m.args["start"].compatible(c.args["start"]))]
            if len(same) == 1:
                self._absorb(same[0], c)
        for m in merged:
            m.args["status"] = self._visit_status(ctx, m.args)
        return merged

    @staticmethod
    def _same_trip(ctx: Context, a: PartialDate, b: PartialDate) -> bool:
        """Two days of one trip: both on or before the publication day and at most a week apart ("اختتم ... اليوم
        الاثنين زيارة" and "استقبل ... الوزير الروسي أمس")."""
        import datetime as _dt
        if a.day is None or b.day is None or a.month is None or b.month is None:
            return False
        da, db = _dt.date(a.year, a.month, a.day), _dt.date(b.year, b.month, b.day)
        pub = ctx.pub
        if pub is None or getattr(pub, "day", None) is None:
            return False
        dp = _dt.date(pub.year, pub.month, pub.day)
        return da <= dp and db <= dp and abs((da - db).days) <= 7

    @staticmethod
    def _modal_class(args: dict) -> str | None:
        mod = args.get("modality")
        return mod if mod in ("ruled_out", "speculated", "expected") else None

    @staticmethod
    def _absorb(target: Candidate, c: Candidate) -> None:
        target.evidence += c.evidence
        a, b = target.args, c.args
        for k in ("destination", "purpose", "invitedBy", "tense", "arrival"):
            a[k] = a.get(k) or b.get(k)
        if b.get("reception") and not a.get("reception"):
            pass  # "استقبل ... الوزير الروسي أمس": a day during the trip, not its start
        elif b["start"] and (not a["start"] or _prec(b["start"]) > _prec(a["start"])):
            a["start"] = b["start"]
            a["end"] = b["end"] or a["end"]
        elif b["end"] and not a["end"]:
            a["end"] = b["end"]
        if b.get("tense") == "past":
            a["tense"] = "past"
        target.confidence = min(0.95, max(target.confidence, c.confidence) + 0.05)

    # ------------------------------------------------------------------ statements
    def _statements(self, ctx: Context, hits: list[CueHit]) -> list[Candidate]:
        out: list[tuple[CueHit, Candidate]] = []
        last_speaker: Mention | None = None
        asked_subject: dict[int, Mention] = {}
        speaker_kinds = ("person", "organization", "country")
        for hit in hits:
            sent = ctx.sentence(hit.tstart)
            si = ctx.sent_of[hit.tstart]
            if hit.family == "asked":
                after = self._mentions_in(ctx, hit.tend, min(sent.tend, hit.tend + 8), ("person", "organization"))
                persons = [m for m in after if m.kind == "person"]
                if after:
                    asked_subject[si] = persons[0] if persons else after[0]
                continue
            if hit.family != "statement":
                continue
            mode = hit.data.get("speaker", "after" if ctx.article.language == "ar" else "before")
            nominal = bool(hit.data.get("nominal"))
            if hit.data.get("content") == "before" and any(
                    h2.family == "statement" and h2 is not hit and hit.tend <= h2.tstart <= hit.tend + 1
                    for h2 in hits):
                continue  # "بحسب بيان صادر عن X، فإن ...": the noun of speech names the speaker
            speaker = None
            # a long title may stand between the verb and the speaker ("قال الخبير في ... بمركز ...، الدكتور X، إن")
            comp_at = self.cues.complementizers.find(ctx.toks, hit.tend, min(sent.tend, hit.tend + 20))
            limit = comp_at[0][0] if comp_at else min(sent.tend, hit.tend + 8)
            if comp_at and comp_at[0][0] == hit.tend and mode == "after":
                mode = "before"
            inverted = False
            if ctx.article.language == "en" and mode == "before":
                # '"...," said Victor Cha': the speaker right after the verb, the words before it
                nxt = [m for m in self._mentions_in(ctx, hit.tend, min(sent.tend, hit.tend + 4), speaker_kinds)
                       if m.tstart == hit.tend]
                pre_text = ctx.text[sent.start:ctx.toks[hit.tstart].start]
                if nxt and re.search(r"[,\"”]\s*$", pre_text) and re.search(r"[\"“”]", pre_text):
                    speaker, inverted = nxt[0], True
            if ctx.article.language == "ar" and mode == "after" and hit.tstart > sent.tstart \
                    and key(ctx.toks[hit.tstart - 1].text) == "قد":
                # "وكانت رئيسة مجلس الاتحاد ... ماتفيينكو قد نفت": the subject stands before قد
                pre = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart - 1, speaker_kinds)
                       if not (m.kind == "country" and m.via == "adjective")]
                if pre and self.cues.perfect_markers.any_in(ctx.toks, sent.tstart, pre[-1].tstart):
                    speaker = pre[-1]
            if speaker is not None:
                pass
            elif mode in ("after", "inherit"):
                cand = [m for m in self._mentions_in(ctx, hit.tend, limit, speaker_kinds)
                        if not (self._addressee(ctx, m) and not (  # "according to TASS": the cue's own "to"
                            m.tstart == hit.tend and key(ctx.toks[hit.tend - 1].text) == "to")
                            and not (nominal and m.tstart == hit.tend and not self._outlet(m)))
                        and not (m.kind == "country" and m.via == "adjective")]
                if nominal:  # "في بيان لوزارة الخارجية", "تصريحات وزير ...": the speaker right after the noun
                    cand = [m for m in cand if m.tstart - hit.tend <= 1 or (
                        m.kind == "person" and self._only_titles(ctx, hit.tend, m.tstart))]
                if cand and (mode == "after" or cand[0].tstart - hit.tend <= 1):
                    persons = [m for m in cand if m.kind == "person"]
                    speaker = persons[0] if persons and mode == "after" else cand[0]
                    if hit.data.get("content") == "before" and cand[0].tstart - hit.tend <= 1:
                        speaker = cand[0]  # "وبحسب الوكالة، فإن كوجيمياكو": the source, not the subject
                    # an org quoting a person: "نقلت وكالة ... عن X" is handled by the inner cue
            if speaker is None and mode == "before" and nominal:
                # "Pyongyang's statement", "Moscow's announcement": the possessor right before the noun
                cand = [m for m in self._mentions_in(ctx, max(sent.tstart, hit.tstart - 6), hit.tstart, speaker_kinds)
                        if m.tend == hit.tstart - 1 and ctx.toks[m.tend].text == "s"]
                speaker = cand[-1] if cand else None
                if speaker is None:
                    continue
            if speaker is None and mode == "before" or (speaker is None and mode == "after" and not nominal
                                                            and ctx.article.language == "en"):
                cand = [m for m in self._mentions_in(ctx, max(sent.tstart, hit.tstart - 10), hit.tstart,
                                                     speaker_kinds)
                        if not (m.kind == "country" and m.via == "adjective")]
                rel = [m for m in cand if re.match(r"\s*,\s*(?:who|which)\b", ctx.text[m.end:m.end + 12])]
                if cand and ctx.article.language == "en" and not rel:
                    # "Analyst Artyom Lukin of Far Eastern Federal University said": an affiliation may intervene
                    cand = [m for m in cand if hit.tstart - m.tend <= 4 or (
                        hit.tstart - m.tend <= 7 and key(ctx.toks[m.tend].text) in ("of", "at", "from")
                        and not _PUNCT.search(ctx.text[ctx.toks[m.tend].start:ctx.toks[hit.tstart].start]))]
                    # "Washington and Seoul have expressed": the first of a pair
                    while len(cand) > 1 and key(ctx.toks[cand[-1].tstart - 1].text) == "and" \
                            and cand[-2].tend == cand[-1].tstart - 1:
                        cand.pop()
                if cand:
                    speaker = cand[-1]
                    # "Shoigu, who flew in from Moscow on Monday, told Kim": the subject of the relative clause
                    rel = [m for m in cand if re.match(r"\s*,\s*(?:who|which)\b", ctx.text[m.end:m.end + 12])]
                    if rel and ctx.article.language == "en":
                        speaker = rel[-1]
            if speaker is None and mode == "inherit":
                speaker = asked_subject.get(si) or last_speaker
            if speaker is None:
                continue
            if speaker.kind == "country" and speaker.via not in ("capital", "name"):
                continue
            # the words: after a complementizer / colon / quote mark, to the end of the sentence
            content_before = hit.data.get("content") == "before" or inverted
            qs = max(hit.tend, speaker.tend)
            comp = self.cues.complementizers.find(ctx.toks, qs, min(sent.tend, qs + 14))
            # '"...،" قال X' / '"...," she added': the quotation closing right before the verb
            pre_q = re.search(r"[\"“«]([^\"“”«»]{8,})[\"”»]\s*[،,]?\s*$",
                              ctx.text[sent.start:ctx.toks[hit.tstart].start])
            if content_before and len(ctx.text[sent.start:ctx.toks[hit.tstart].start].strip(" ،,.:\"")) < 8 and comp:
                content_before = False  # "وبحسب الوكالة، فإن ...": nothing before, the words follow
            if pre_q and not inverted and not content_before:
                q0, q1 = sent.start + pre_q.start(1), sent.start + pre_q.end(1)
            elif content_before:
                q0, q1 = sent.start, ctx.toks[hit.tstart].start
            elif nominal and not comp and ctx.text.find(":", ctx.toks[qs - 1].end, sent.end) == -1:
                continue  # a noun of speech with no words reported
            elif comp:
                q0, q1 = ctx.toks[comp[0][0]].start, sent.end
                # "استبعد الكرملين أن ...، وقال المتحدث ... إن": a second speaker's clause ends the first's words
                for h2 in hits:
                    if h2.family == "statement" and comp[0][0] < h2.tstart < sent.tend \
                            and re.search(r"[،,]\s*$", ctx.text[q0:ctx.toks[h2.tstart].start]) \
                            and not _inside_quote(ctx.text[q0:ctx.toks[h2.tstart].start]):
                        q1 = ctx.toks[h2.tstart].start
                        break
            else:
                colon = ctx.text.find(":", ctx.toks[qs - 1].end, sent.end)
                q0 = colon + 1 if colon != -1 else (ctx.toks[qs].start if qs < len(ctx.toks) else sent.end)
                q1 = sent.end
                if ctx.article.language == "en" and sent.tend - qs <= 3 and hit.tstart > sent.tstart + 3:
                    q0, q1 = sent.start, ctx.toks[min(speaker.tstart, hit.tstart)].start
                elif ctx.article.language == "en" and colon == -1 and speaker.tstart < hit.tstart:
                    # "Kim may travel to Moscow ..., South Korean lawmaker Lee Seong-kweun said after ..."
                    comma = ctx.text.rfind(",", sent.start, ctx.toks[speaker.tstart].start)
                    if comma > sent.start + 10:
                        q0, q1 = sent.start, comma
            quote = ctx.text[q0:q1].strip().strip("،,.:").strip()
            quote = quote.strip()
            if len(quote) < 8:
                continue
            q0 = ctx.text.find(quote, q0)
            q1 = q0 + len(quote)
            date = None
            for ts, _te, d in ctx.dates:
                if d.kind == "duration" or not (sent.tstart <= ts < sent.tend) or ctx.toks[ts].start >= q0:
                    continue
                if ts >= min(hit.tstart, speaker.tstart) or ts < sent.tstart + 5:
                    date = d.date
            last_speaker = speaker
            ev = (sent.start, sent.end, 0.8)
            about = []
            for m in ctx.mentions:
                if q0 <= m.start and m.end <= q1 and m.entity != speaker.entity and m.entity not in about:
                    about.append(m.entity)
            cand = Candidate("statement", [ev], {
                "speaker": speaker.entity, "quote": quote, "q0": q0, "q1": q1, "date": date,
                "about": about[:6], "cue": ctx.text[ctx.toks[hit.tstart].start:ctx.toks[hit.tend - 1].end],
            }, 0.8 if speaker.via != "role" else 0.65)
            out.append((hit, cand))
        # drop reports that only relay an inner statement (the inner speaker said it)
        by_quote: dict[tuple[int, int], tuple[CueHit, Candidate]] = {}
        for hit, c in out:
            prev = by_quote.get((c.args["q0"], c.args["q1"]))
            if prev is not None and c.args["speaker"].startswith("org:") \
                    and not prev[1].args["speaker"].startswith("org:"):
                continue  # "قال فولودين في تصريحات نقلتها وكالة تاس: ...": the person said it
            by_quote[(c.args["q0"], c.args["q1"])] = (hit, c)
        out = [hc for hc in out if by_quote[(hc[1].args["q0"], hc[1].args["q1"])][1] is hc[1]]
        keep: list[Candidate] = []
        for _hit, c in out:
            inner = [o for h2, o in out if o is not c and c.args["q0"] <= ctx.toks[h2.tstart].start < c.args["q1"]
                     and o.args["speaker"] != c.args["speaker"] and h2.data.get("content") != "before"]
            if inner:
                continue
            dup = next((k for k in keep if k.args["speaker"] == c.args["speaker"]
                        and k.evidence[0][:2] == c.evidence[0][:2]), None)
            if dup:
                continue
            keep.append(c)
        return keep

    def _outlet(self, m: Mention) -> bool:
        e = self.reg.get(m.entity)
        return e is not None and e.subkind in ("news_agency", "media")

    def _addressee(self, ctx: Context, m: Mention) -> bool:
        if m.proclitic.endswith("ل") or m.proclitic == "لل":
            # "أعلن المكتب الصحفي لمجلس الدوما": a genitive after a definite noun, not an addressee
            prev = ctx.toks[m.tstart - 1] if m.tstart > 0 else None
            return not (prev is not None and prev.arabic and prev.text.startswith("ال") and not self._outlet(m)
                        and not self.cues.statement.match_at(ctx.toks, m.tstart - 1)
                        and key(prev.text) not in self.cues.stopwords)
        if m.tstart > 0 and key(ctx.toks[m.tstart - 1].text) in ("to", "عن", "لوكاله"):
            return key(ctx.toks[m.tstart - 1].text) != "عن" or False
        return False

    # ------------------------------------------------------------------ agreements
    def _agreements(self, ctx: Context, hits: list[CueHit], visits: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        pending: list[tuple[CueHit, str, tuple[int, int, float]]] = []  # named, not (yet) realized
        c = self.cues
        for hit in hits:
            sent = ctx.sentence(hit.tstart)
            if hit.family == "agreement":
                window = (max(sent.tstart, hit.tstart - 8), min(sent.tend, hit.tend + 12))
                if hit.data.get("governed"):
                    # "وقعت ... مع لافروف خطة للمشاورات", "signed a roadmap": a plan only as the object of a signing
                    # or approval verb before it in its sentence (no other agreement noun or full stop between)
                    govs = [g for g in self._governors.find(ctx.toks, max(sent.tstart, hit.tstart - 14), hit.tstart)
                            if not any(h.family == "agreement" and g[1] <= h.tstart < hit.tstart for h in hits)]
                    if not govs or self._future_sign(ctx, govs[-1][0]) or self._unrealized_sign(ctx, govs[-1][0], sent):
                        continue
                    window = (min(window[0], govs[-1][0]), window[1])
                reals = [r for r in c.agreement_realized.find(ctx.toks, *window)
                         if not any(h.family == "agreement" and h is not hit and
                                    (r[1] <= h.tstart < hit.tstart or hit.tend <= h.tstart < r[0]) for h in hits)]
                realized = any(not self._unrealized_sign(ctx, r[0], sent) for r in reals)
                if reals and not realized:
                    continue  # "خطط لتوقيع اتفاق", "expected to sign a plan", "نفى ... توقيع أي اتفاق"
                if not realized:
                    # "وقع X و Y، يوم الثلاثاء في خاباروفسك، بروتوكولا ...": a signing verb further back governs it
                    govs = [g for g in self._governors.find(ctx.toks, max(sent.tstart, hit.tstart - 25), hit.tstart)
                            if not any(h.family == "agreement" and g[1] <= h.tstart < hit.tstart for h in hits)]
                    if govs and not self._future_sign(ctx, govs[-1][0]):
                        window = (govs[-1][0], window[1])
                        realized = True
                if not realized:
                    # a named agreement not said to be signed here ("بحث معه تنفيذ معاهدة الشراكة ..."): kept in case
                    # a later sentence realizes it by reference ("صادق على المعاهدة")
                    ne = self._name_end(ctx, hit.tend, sent)
                    if ne > hit.tend + 1 and not hit.data.get("governed"):
                        pending.append((hit, ctx.text[ctx.toks[hit.tstart].start:ctx.toks[ne - 1].end],
                                        (ctx.toks[hit.tstart].start, ctx.toks[ne - 1].end, 0.7)))
                    continue
                if any(not self._perfect_qad(ctx, ms, sent) for ms, _e, _p in
                       c.modality_local["speculated"].find(ctx.toks, max(sent.tstart, hit.tstart - 6), hit.tstart)):
                    continue  # "يمكن أن تفضي إلى اتفاق" (but not the pluperfect "قد وقعتا ... اتفاقا")
                if c.modality_local["ruled_out"].any_in(ctx.toks, max(sent.tstart, hit.tstart - 3), hit.tstart):
                    continue
                name_end = hit.tend
                agreed = c.agreed_on.find(ctx.toks, max(sent.tstart, hit.tstart - 2), hit.tend + 2)
                if agreed:  # "جرى الاتفاق على مد الجسر": the object names it
                    name_end = agreed[0][1]
                name_end = self._name_end(ctx, name_end, sent)
                first_tok = ctx.toks[hit.tstart].text
                if ctx.article.language == "ar" and first_tok.startswith(("ال", "وال", "بال", "لل", "فال")) \
                        and name_end > hit.tend and hit.tend < sent.tend and not agreed:
                    nxt = ctx.toks[hit.tend].text
                    if not nxt.startswith(("ال", "لل", "ل", "ب")) and key(nxt) not in ("حول", "بشان", "في", "مع"):
                        name_end = hit.tend  # "الاتفاقية تفتح صفحة جديدة": a definite noun, then a verb
                name = ctx.text[ctx.toks[hit.tstart].start:ctx.toks[name_end - 1].end]
                anaphoric = c.agreement_anaphora.any_in(ctx.toks, hit.tend, hit.tend + 1) or (
                    name_end == hit.tend and ctx.toks[hit.tstart].text.startswith(("ال", "وال", "بال", "لل"))
                    and ctx.article.language == "ar")
                seg = self._segment(ctx, hit, hits, ("visit", "agreement"))
                d1, _ = self._date_after(ctx, hit.tstart, seg, sent, allow_before=True)
                date = d1.date if d1 else None
                if d1 and re.search(r"حيز التنفيذ|into force", ctx.text[ctx.toks[hit.tstart].start:d1.start]):
                    date = None  # the date it entered into force, not the signing
                if d1 and self._effective_date(ctx, d1):
                    date = None  # "اعتبارا من الأول من آب", "للفترة 2025-2026": when it applies, not when signed
                if date is None and (d1 is None or self._effective_date(ctx, d1)) and window[0] < hit.tstart:
                    # "وقع X و Y، اليوم الخميس، خارطة طريق ...": a date between the signing verb and the noun
                    bd = [d for d in self._dates_in(ctx, window[0], hit.tstart)
                          if d.kind != "duration" and not self._effective_date(ctx, d)]
                    if bd and self._governors.any_in(ctx.toks, window[0],
                                                     ctx.tok_range_of(bd[-1].start, bd[-1].end)[0]):
                        date = bd[-1].date
                if date is not None and all(c.ratification.match_at(ctx.toks, r0) is not None
                                            for r0, _r1, _p in c.agreement_realized.find(ctx.toks, *window)):
                    date = None  # "صادق بوتين، السبت، على المعاهدة": the date of a ratification, not the signing
                anniv = [h for h in hits if h.family == "event" and h.data.get("kind") == "anniversary"
                         and sent.tstart <= h.tstart < hit.tstart]
                if anniv and date is not None:
                    n = self._ordinal_after(ctx, anniv[-1].tend)
                    date = PartialDate(date.year - n, date.month, date.day) if n else None
                during = None
                best = None
                for v in visits:
                    for s, _e, _c in v.evidence:
                        if ctx.toks[hit.tstart].start < s < sent.end and (best is None or s < best[0]):
                            best = (s, v)
                during = best[1] if best else None
                parties = self._parties(ctx, sent, hit)
                real = c.agreement_realized.find(ctx.toks, *window)
                ev_start = min([hit.tstart] + [r[0] for r in real])
                ev_end = max([name_end] + [r[1] for r in real])
                clauses = []
                for _s, e, _ in c.agreement_clauses.find(ctx.toks, hit.tend, sent.tend):
                    stop = self._clause_end(ctx, e, sent)
                    clauses.append(ctx.text[ctx.toks[e].start:ctx.toks[stop - 1].end])
                    ev_end = max(ev_end, stop)
                    break
                ev = (ctx.toks[ev_start].start, ctx.toks[ev_end - 1].end, 0.8)
                cand = Candidate("agreement", [ev], {
                    "name": name, "kind": hit.data["kind"], "parties": parties, "signedOn": date,
                    "during": during, "clauses": clauses, "anaphoric": anaphoric}, 0.75)
                if anaphoric and out:
                    first = next((o for o in out if o.args["kind"] == hit.data["kind"]), out[0])
                    first.evidence.append(ev)
                    first.args["signedOn"] = first.args["signedOn"] or date
                    continue
                named_before = [p for p in pending if p[0].data["kind"] == hit.data["kind"]]
                if anaphoric and named_before:
                    # "صادق البرلمان على المعاهدة" after "معاهدة الشراكة الاستراتيجية الشاملة" was named: the
                    # agreement is placed where it is first named, this mention is further evidence
                    phit, pname, pev = named_before[0]
                    psent = ctx.sentence(phit.tstart)
                    cand.evidence = [pev, ev]
                    cand.args["name"] = pname
                    cand.args["anaphoric"] = False
                    parties = self._parties(ctx, psent, phit) or parties
                    cand.args["parties"] = parties
                if not parties:
                    continue
                cand.args["parties"] = parties
                same = next((o for o in out if o.args["kind"] == cand.args["kind"]
                             and set(o.args["parties"]) == set(parties)
                             and self._same_name(o.args["name"], cand.args["name"])
                             and (not o.args["signedOn"] or not date or o.args["signedOn"].compatible(date))), None)
                if same is not None:
                    # a later mention of the same agreement: more evidence, not a second agreement
                    same.evidence += cand.evidence
                    same.args["signedOn"] = same.args["signedOn"] or date
                    continue
                out.append(cand)
            elif hit.family == "permission":
                nouns = c.permission_nouns.find(ctx.toks, hit.tend, min(sent.tend, hit.tend + 10))
                if not nouns or c.modality_local["ruled_out"].any_in(ctx.toks, max(sent.tstart, hit.tstart - 2),
                                                                       hit.tstart):
                    continue
                kinds = ("organization", "country", "person")
                before = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart, kinds)
                          if m.via != "adjective"]
                after = [m for m in self._mentions_in(ctx, hit.tend, nouns[0][0], kinds) if m.via != "adjective"]
                if not after and c.company_anaphora.any_in(ctx.toks, hit.tend, nouns[0][0]):
                    # "منحت الشركة إذنا": the company named last before this sentence
                    prev = [m for m in ctx.mentions if m.kind == "organization" and m.tend <= sent.tstart
                            and (self.reg.get(m.entity) and self.reg.get(m.entity).subkind in ("airline", "company"))]
                    after = prev[-1:]
                if not before or not after:
                    continue
                grantor = before[0] if ctx.article.language == "ar" else before[-1]
                grantee = after[0]
                ns, ne, _ = nouns[0]
                stop = self._clause_end(ctx, ne, sent)
                clause = ctx.text[ctx.toks[ne].start:ctx.toks[stop - 1].end] if stop > ne else ""
                name = ctx.text[ctx.toks[ns].start:ctx.toks[stop - 1].end]
                ev = (ctx.toks[hit.tstart].start, ctx.toks[stop - 1].end, 0.8)
                granted_on = self._date_after(ctx, hit.tstart, (hit.tstart, sent.tend), sent)[0]
                out.append(Candidate("agreement", [ev], {
                    "name": name, "kind": "permission", "parties": [grantor.entity, grantee.entity],
                    "signedOn": granted_on.date if granted_on else None, "during": None,
                    "clauses": [clause] if clause else [], "anaphoric": False}, 0.8))
        return out

    def _future_sign(self, ctx: Context, t: int) -> bool:
        """A signing verb in the future ("سيوقعان", "will sign", "من المقرر أن يوقع")."""
        w = ctx.toks[t].text
        return bool(re.match(r"^[وف]?س[يت]", w)) or self.cues.modality_local["planned"].any_in(
            ctx.toks, max(0, t - 3), t) or key(ctx.toks[t - 1].text) in ("will", "to", "ان") if t > 0 else False

    def _unrealized_sign(self, ctx: Context, t: int, sent: Sentence) -> bool:
        """A signing that is only planned, expected or denied ("يخططان لتوقيع", "خطط لتوقيع", "expected to sign",
        "نفت ... أن يكون الجانبان قد وقعا")."""
        lo = max(sent.tstart, t - 4)
        if self.cues.plan_words.any_in(ctx.toks, lo, t) or self._future_sign(ctx, t):
            return True
        if re.search(r"يخطط|تخطط|يعتزم|تعتزم|expected to|plan to|plans to|due to|يعد|يعدان|تعد",
                     ctx.text[ctx.toks[lo].start:ctx.toks[t].start]):
            return True
        if self.cues.modality_local["expected"].any_in(ctx.toks, lo, t):
            return True
        return self._denied(ctx, t, sent)

    def _same_name(self, a: str, b: str) -> bool:
        """Two names of one agreement: one is the bare noun, or they share two content words."""
        ka = {key(w) for w in re.findall(r"\w+", a) if len(w) > 2}
        kb = {key(w) for w in re.findall(r"\w+", b) if len(w) > 2}
        return len(ka) <= 1 or len(kb) <= 1 or len(ka & kb) >= 2

    def _effective_date(self, ctx: Context, d: DateMention) -> bool:
        """A date introduced by an effect or period word (اعتبارا من, للفترة, starting, for the period)."""
        t0 = ctx.tok_range_of(d.start, d.end)[0]
        # the phrase may end inside the date ("حتى عام 2030": the date starts at عام)
        return any(s0 < t0 for s0, _e, _p in self.cues.effective_words.find(ctx.toks, max(0, t0 - 3), t0 + 1))

    def _ordinal_after(self, ctx: Context, t: int) -> int:
        words = {"اولي": 1, "اول": 1, "ثانيه": 2, "ثاني": 2, "ثالثه": 3, "رابعه": 4, "خامسه": 5, "عاشره": 10,
                 "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10}
        for i in range(max(0, t - 4), min(len(ctx.toks), t + 3)):
            k = key(ctx.toks[i].text)
            if k in words:
                return words[k]
            if ctx.toks[i].text.isdigit() and int(ctx.toks[i].text) < 100:
                return int(ctx.toks[i].text)
        return 0

    def _name_end(self, ctx: Context, t: int, sent: Sentence) -> int:
        stop = t
        while stop < sent.tend and stop - t < 6:
            if re.search(r"[،,.;؛:()\"“”«»]", ctx.gap(stop - 1, stop)):
                break
            stop_word = key(ctx.toks[stop].text) in self.cues.name_stop or ctx.toks[stop].text in self.cues.name_stop
            if stop_word and not (stop == t and key(ctx.toks[stop].text) in ("بشان", "on")):
                break
            stop += 1
        return stop

    def _clause_end(self, ctx: Context, t: int, sent: Sentence) -> int:
        stop = t
        while stop < sent.tend and stop - t < 16:
            if stop > t and re.search(r"[،,.;؛]", ctx.gap(stop - 1, stop)):
                break
            stop += 1
        return stop

    def _parties(self, ctx: Context, sent: Sentence, hit: CueHit) -> list[str]:
        codes: list[str] = []

        def add(code):
            if code and code not in codes:
                codes.append(code)

        # "بين موسكو وبيونغ يانغ" / "between Russia and North Korea"
        for t in range(sent.tstart, sent.tend):
            if key(ctx.toks[t].text) in ("بين", "between"):
                ms = self._mentions_in(ctx, t + 1, min(sent.tend, t + 8), ("country", "place"))
                for m in ms[:2]:
                    add(self.reg.country_of(m.entity))
                if len(codes) >= 2:
                    return [f"country:{c}" for c in codes]
        codes = []
        if self.cues.both_parties.any_in(ctx.toks, sent.tstart, sent.tend):
            for code in self._top_countries(ctx, 2):
                add(code)
            if len(codes) == 2:
                return [f"country:{c}" for c in codes]
        codes = []
        # the signatories' countries
        signers = self._mentions_in(ctx, sent.tstart, sent.tend, ("person",))
        for m in signers:
            add(self.reg.country_of(m.entity) or getattr(m, "extra", {}).get("country"))
        # "وقع شويغو مع نظيره الإيراني ...": the country of the counterpart
        for _s0, e0, _p in self.cues.counterpart.find(ctx.toks, sent.tstart, sent.tend):
            adj = [m for m in self._mentions_in(ctx, e0, min(sent.tend, e0 + 3), ("country",)) if m.tstart == e0]
            if adj:
                add(self.reg.country_of(adj[0].entity))
        if len(codes) >= 2:
            return [f"country:{c}" for c in codes[:2]]
        # no party named in the sentence ("the partnership treaty signed in June 2024"): the article's two
        # main countries, when the sentence names no other country
        named = {self.reg.country_of(m.entity) for m in self._mentions_in(ctx, sent.tstart, sent.tend, ("country",))}
        top = self._top_countries(ctx, 2)
        if len(top) == 2 and named <= set(top):
            return [f"country:{c}" for c in top]
        return []

    def _top_countries(self, ctx: Context, n: int) -> list[str]:
        # countries named, plus the countries of the persons, organizations and places named (a Russian
        # ministry or Shoigu speaks for Russia even when "Russia" itself is not written)
        counts: dict[str, float] = {}
        for m in ctx.mentions:
            code = self.reg.country_of(m.entity) or (getattr(m, "extra", None) or {}).get("country")
            if not code:
                continue
            counts[code] = counts.get(code, 0) + (1.0 if m.kind == "country" else 0.5)
        return [c for c, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:n]]

    # ------------------------------------------------------------------ events
    def _events(self, ctx: Context, hits: list[CueHit]) -> list[Candidate]:
        out: list[Candidate] = []
        for hit in hits:
            if hit.family != "event":
                continue
            kind = hit.data["kind"]
            sent = ctx.sentence(hit.tstart)
            if kind == "flights" and self._not_flights.any_in(ctx.toks, hit.tend, min(sent.tend, hit.tend + 2)):
                kind = "rail"  # "رحلات القطار": train journeys
                hit = CueHit(hit.family, hit.tstart, hit.tend, Phrase(hit.phrase.keys, hit.phrase.text,
                                                                      dict(hit.data, kind="rail", scope="article")))
            req = self.cues.event_with.get(kind)
            if req and not req.any_in(ctx.toks, max(sent.tstart, hit.tstart - 6), min(sent.tend, hit.tend + 8)):
                continue
            # an event whose object is an agreement ("صادق ... على المعاهدة في 24 أكتوبر") keeps the words after it
            fams = ("visit", "statement", "event") + (() if hit.data.get("object") == "agreement" else ("agreement",))
            seg = self._segment(ctx, hit, hits, fams)
            # "ستستضيف في 15 أيار المقبل منتدى": a date before the cue in its own clause also dates the event
            d1, _ = self._date_after(ctx, hit.tstart, seg, sent, allow_before=True)
            # "the State Duma on Thursday unanimously ratified ...": a date right before the cue dates it
            close = [d for d in self._dates_in(ctx, max(seg[0], hit.tstart - 4), hit.tstart)
                     if d.kind != "duration" and ctx.tok_range_of(d.start, d.end)[1] >= hit.tstart - 2
                     and not re.search(r"[,،;.\-–—]|\band\b|(?:^|\s)و", ctx.text[d.end:ctx.toks[hit.tstart].start])]
            if close:
                d1 = close[-1]
            if kind == "war":
                d1 = None
            status = self._modality(ctx, hit.tstart - 4, hit.tend + 4, sent)
            if status is None:
                if kind == "war":
                    status = "ongoing" if re.search(r"المستمر|ongoing|continu", ctx.text[sent.start:sent.end]) \
                        else "completed"
                elif self._future(ctx, hit, sent):
                    status = "planned"
                else:
                    status = "completed"
            participants = []
            for m in self._mentions_in(ctx, seg[0], seg[1], ("country", "person", "organization")):
                if m.entity not in participants and (m.kind != "country" or m.via != "adjective"
                                                     or kind in ("war", "deployment")):
                    participants.append(m.entity)
            if self.cues.both_parties.any_in(ctx.toks, seg[0], seg[1]):
                for code in self._top_countries(ctx, 2):
                    if f"country:{code}" not in participants:
                        participants.append(f"country:{code}")
            place = next((m.entity for m in self._mentions_in(ctx, hit.tend, seg[1], ("place",))), None)
            clause_end = self._clause_end(ctx, hit.tend, sent)
            ev = (ctx.toks[hit.tstart].start, ctx.toks[max(clause_end, hit.tend) - 1].end, 0.7)
            out.append(Candidate("event", [ev], {
                "kind": kind, "date": d1.date if d1 else None, "status": status, "participants": participants[:6],
                "place": place, "summary": ctx.text[ev[0]:ev[1]], "scope": hit.data.get("scope")}, 0.6))
        merged: list[Candidate] = []
        for c in out:
            same = next((m for m in merged if m.args["kind"] == c.args["kind"]
                         and (m.args["status"] == c.args["status"] or c.args["kind"] == "war")
                         and (not m.args["date"] or not c.args["date"] or m.args["date"].compatible(c.args["date"]))
                         and (c.args.get("scope") == "article" or self._same_event_scope(ctx, m, c))),
                        None)
            if same:
                same.evidence += c.evidence
                same.args["date"] = same.args["date"] or c.args["date"]
                for p in c.args["participants"]:
                    if p not in same.args["participants"]:
                        same.args["participants"].append(p)
            else:
                merged.append(c)
        return merged

    @staticmethod
    def _same_event_scope(ctx: Context, a: Candidate, b: Candidate) -> bool:
        """Two events of a kind merge when both carry the same date, or when they lie in the same or
        adjacent sentences (a meeting on 4 June and talks today are two meetings)."""
        if a.args["date"] and b.args["date"]:
            return True
        sa = {ctx.sent_of[ctx.tok_range_of(s, e)[0]] for s, e, _ in a.evidence}
        sb = {ctx.sent_of[ctx.tok_range_of(s, e)[0]] for s, e, _ in b.evidence}
        return any(abs(x - y) <= 1 for x in sa for y in sb)

    def _future(self, ctx: Context, hit: CueHit, sent: Sentence) -> bool:
        for t in range(max(sent.tstart, hit.tstart - 4), min(sent.tend, hit.tend + 2)):
            txt = ctx.toks[t].text
            verb = re.match(r"^[وف]?س[يت]\w{3,}", txt) and key(txt).lstrip("وف") not in _NOT_FUTURE
            if verb or txt in ("will", "سوف", "المقرر") or self.cues.modality_local["planned"].match_at(ctx.toks, t):
                return True
        return False

    # ------------------------------------------------------------------ document
    def _document(self, ctx: Context, visits, statements, agreements, events) -> FactsDocument:
        art = ctx.article
        text = art.text
        used: dict[str, list[Mention]] = {}
        for m in ctx.mentions:
            used.setdefault(m.entity, []).append(m)
        for m in self._inner_countries(ctx):
            used.setdefault(m.entity, []).append(m)
        facts = []
        ids: set[str] = set()

        def ev(items: list[tuple[int, int, float]]) -> list[Evidence]:
            seen, out = set(), []
            for s, e, conf in items:
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1] in " \n\t،,.":
                    e -= 1
                if (s, e) in seen or e <= s:
                    continue
                seen.add((s, e))
                out.append(Evidence(quote=text[s:e], start=s, end=e, confidence=round(conf, 3)))
            return out

        def unique(fid: str) -> str:
            base, n = fid, 2
            while fid in ids:
                fid = f"{base}-{n}"
                n += 1
            ids.add(fid)
            return fid

        countries_needed: set[str] = set()
        for v in visits:
            a = v.args
            st = a["status"]
            sid = f"visit:{_slug_of(a['visitor'])}-to-{a['hostCountry'].lower()}-{a['start'] or 'undated'}-" \
                  f"{st.replace('_', '-')}"
            countries_needed.update(x for x in (a["hostCountry"], a["visitorCountry"]) if x)
            v.args["id"] = unique(sid)
            facts.append(VisitFact(
                type="visit", id=v.args["id"], evidence=ev(v.evidence), confidence=round(v.confidence, 3),
                visitor=a["visitor"], visitor_country=a["visitorCountry"], host_country=a["hostCountry"],
                destination=a["destination"], start=_s(a["start"]), end=_s(a["end"]), status=st,
                purpose=a["purpose"], invited_by=a["invitedBy"]))
        for g in agreements:
            a = g.args
            slugs = "-".join(sorted(_slug_of(p) for p in a["parties"]))
            gid = unique(f"agreement:{a['kind']}-{slugs}-{a['signedOn'] or 'undated'}")
            during = a["during"].args.get("id") if a["during"] is not None else None
            signed = a["signedOn"]
            if signed is None and a["during"] is not None:
                signed = a["during"].args.get("start")
            facts.append(AgreementFact(
                type="agreement", id=gid, evidence=ev(g.evidence), confidence=round(g.confidence, 3),
                name=a["name"], name_ar=a["name"] if is_arabic(a["name"]) else None, kind=a["kind"],
                parties=a["parties"], signed_on=_s(signed), signed_during=during, clauses=a["clauses"]))
            for p in a["parties"]:
                if p.startswith("country:"):
                    countries_needed.add(p.split(":")[1])
        for s in statements:
            a = s.args
            sid = unique(f"statement:{_slug_of(a['speaker'])}-{a['date'] or 'undated'}-{short_hash(a['quote'])}")
            name = self._display(a["speaker"], used)
            facts.append(StatementFact(
                type="statement", id=sid, evidence=ev(s.evidence), confidence=round(s.confidence, 3),
                speaker=a["speaker"], date=_s(a["date"]), summary=f"{name} ({a['cue']}): {a['quote'][:240]}",
                quote=a["quote"], about=a["about"]))
            if a["speaker"].startswith("country:"):
                countries_needed.add(a["speaker"].split(":")[1])
        for e in events:
            a = e.args
            h = short_hash("|".join(sorted(a["participants"])) + (a["place"] or ""), 6)
            eid = unique(f"event:{slugify(a['kind'])}-{a['date'] or 'undated'}-{h}")
            facts.append(EventFact(
                type="event", id=eid, evidence=ev(e.evidence), confidence=round(e.confidence, 3), kind=a["kind"],
                summary=a["summary"][:300], date=_s(a["date"]), participants=a["participants"], place=a["place"],
                status=a["status"]))
        entities = self._entity_models(ctx, used, countries_needed, ev)
        meta = ArticleMeta(
            id=art.id, title=art.title or "untitled", language=art.language, published=art.published,
            published_inferred=art.published_inferred, published_note=art.published_note, source=art.source,
            url=art.url, text=text,
            cites=sorted({self.reg.get(i).name for i in used if i.startswith("org:") and self.reg.get(i)
                          and self.reg.get(i).subkind in ("news_agency", "media")}),
        )
        return FactsDocument(article=meta, entities=entities, facts=facts)

    def _inner_countries(self, ctx: Context) -> list[Mention]:
        """A country named only inside an organization phrase ("السفارة الأمريكية", "Russia's Security Council",
        "وزارة الخارجية الكورية الشمالية") is a country mention too: the registry is matched again over the
        organization's words, and its country names and adjectives are kept (evidence inside the phrase)."""
        out: list[Mention] = []
        orgs = [m for m in ctx.mentions if m.kind == "organization"]
        for m in orgs:
            s = m.start
            # "Russia's Security Council": the possessive country right before the organization
            pre = re.search(r"([A-Z][\w ]{2,30}?)['’]s\s+$", ctx.text[max(0, m.start - 40):m.start])
            if pre:
                s = max(0, m.start - 40) + pre.start(1)
            seen: set[int] = set()
            starts = [s] + [t.start for t in ctx.toks[m.tstart + 1:m.tend]]
            for s0 in starts:
                # matched from each word on, so that the organization's own name does not swallow its country
                sub = Normalized(ctx.text[s0:m.end])
                for c in self.reg.match(sub, fuzzy=False):
                    if c.kind != "country" or c.start + s0 in seen:
                        continue
                    seen.add(c.start + s0)
                    c.start += s0
                    c.end += s0
                    c.tstart = c.tend = m.tstart  # not one of the text's own token mentions
                    c.confidence = 0.8
                    c.via = "inner"
                    out.append(c)
        return out

    def _display(self, eid: str, used: dict[str, list[Mention]]) -> str:
        e = self.reg.get(eid)
        if e:
            return e.name
        ms = used.get(eid)
        return getattr(ms[0], "extra", {}).get("name", ms[0].surface) if ms else eid

    def _entity_models(self, ctx: Context, used: dict[str, list[Mention]], countries_needed: set[str], ev):
        present_countries = {eid.split(":")[1] for eid in used if eid.startswith("country:")}
        all_codes = present_countries | countries_needed
        declared = set(used)

        def cc(code: str | None) -> str | None:
            return code if code in all_codes else None

        out = []
        for eid, ms in used.items():
            evidence = ev([(m.start, m.end, m.confidence) for m in ms][:6])
            reg = self.reg.get(eid)
            kind = ms[0].kind
            if reg is None:
                extra = getattr(ms[0], "extra", {})
                if kind == "person":
                    country = extra.get("country")
                    roles = []
                    if extra.get("title"):
                        org = extra.get("org") if extra.get("org") in declared else None
                        roles.append(Role(title=extra["title"], title_ar=extra.get("title_surface"),
                                          organization=org, country=cc(country)))
                    out.append(PersonEntity(kind="person", id=eid, name=extra.get("name") or ms[0].surface,
                                            name_ar=ms[0].surface if is_arabic(ms[0].surface) else None,
                                            verified=False, evidence=evidence, country=cc(country), roles=roles))
                elif kind == "organization":
                    code = eid.split(":")[1].split("-")[0].upper()
                    out.append(OrganizationEntity(kind="organization", id=eid, name=ms[0].surface,
                                                  name_ar=ms[0].surface if is_arabic(ms[0].surface) else None,
                                                  verified=False, evidence=evidence, org_kind="ministry",
                                                  country=cc(code)))
                continue
            common = {"id": eid, "name": reg.name, "name_ar": reg.name_ar, "aliases": reg.aliases[:8],
                      "evidence": evidence}
            if reg.kind == "person":
                roles = [Role(title=r.title, title_ar=r.title_ar,
                              organization=r.organization if r.organization in declared else None,
                              country=cc(r.country), since=r.since, until=r.until, government=r.government)
                         for r in reg.roles if r.active(ctx.pub)]
                out.append(PersonEntity(kind="person", country=cc(reg.country), roles=roles, **common))
            elif reg.kind == "country":
                out.append(CountryEntity(kind="country", code=reg.country,
                                         capital=reg.capital if reg.capital in declared else None, **common))
            elif reg.kind == "organization":
                out.append(OrganizationEntity(kind="organization", org_kind=reg.subkind, country=cc(reg.country),
                                              **common))
            else:
                out.append(PlaceEntity(kind="place", place_kind=reg.subkind, country=cc(reg.country), **common))
        for code in sorted(countries_needed - present_countries):
            reg = self.reg.get(f"country:{code}")
            out.append(CountryEntity(kind="country", id=f"country:{code}", code=code,
                                     name=reg.name if reg else code, name_ar=reg.name_ar if reg else None))
        return out


def _prec(d: PartialDate) -> int:
    return {"year": 0, "month": 1, "day": 2}[d.precision.value]


def _s(d: PartialDate | None) -> str | None:
    return str(d) if d is not None else None


def _slug_of(entity_id: str) -> str:
    body = entity_id.split(":", 1)[1]
    return body.lower() if entity_id.startswith("country:") else body


def extract_article(article: Article, registry: Registry | None = None) -> FactsDocument:
    return Extractor(registry).extract(article)


def extract_text(text: str, *, published: str | None = None, language: str | None = None,
                 article_id: str = "text", title: str = "untitled") -> FactsDocument:
    from extract.reader import detect_language

    art = Article(id=article_id, title=title, text=text, language=language or detect_language(text),
                  published=published)
    return extract_article(art)
