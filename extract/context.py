"""What the extraction stages share: the article context (tokens, sentences, mentions, dates), cue hits,
fact candidates, and the Stage base class the stage mixins derive from."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from extract.dates import DateMention
from extract.normalize import Normalized, Token
from extract.patterns import Cues, Phrase, PhraseSet
from extract.reader import Article
from extract.registry import Mention, Registry
from graph.dates import PartialDate

PUNCT = re.compile(r"[،,.:;؛!?؟()\[\]\"“”«»\n]")


def inside_quote(span: str) -> bool:
    """True when a quotation opened in `span` is still open at its end."""
    return span.count('"') % 2 == 1 or span.count("«") > span.count("»") or span.count("“") > span.count("”")


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


def starting_in(hits: list[CueHit], lo: int, hi: int) -> list[CueHit]:
    """The hits starting at tokens lo..hi-1, in order; `hits` in tstart order, as the cue finder gives them (a
    scan of every hit for each hit was quadratic in a long text)."""
    first = bisect_left(hits, lo, key=_tstart)
    return hits[first : bisect_left(hits, hi, lo=first, key=_tstart)]


def _tstart(hit: CueHit) -> int:
    return hit.tstart


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
        self._tok_starts = [t.start for t in self.toks]
        self._tok_ends = [t.end for t in self.toks]
        self._mention_index: tuple[list[Mention], int, list[int] | None] | None = None
        self.top_countries: tuple[list[Mention], int, list[str]] | None = None  # ClauseMixin._top_countries
        self.dates: list[tuple[int, int, DateMention]] = []
        self._person_country: dict[str, str] | None = None  # filled on first use, after the mentions are found

    def _sentences(self) -> list[Sentence]:
        spans = []
        start = 0
        for m in re.finditer(r"(?:[.!?؟](?=\s|$|[\"”»])[\"”»]?|\n+)", self.text):
            if "\n" not in m.group() and inside_quote(self.text[start:m.end()]):
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

    def country_of(self, m: Mention) -> str | None:
        """The country of a mentioned entity: the registry's, else the one an unknown person's title gave
        anywhere in the article ("ونظيراه المصري عبد الفتاح السيسي" makes every mention of him Egyptian)."""
        code = self.reg.country_of(m.entity)
        if code is None and m.kind == "person":
            if self._person_country is None:
                self._person_country = {}
                for x in self.mentions:
                    c = (getattr(x, "extra", None) or {}).get("country")
                    if x.kind == "person" and c:
                        self._person_country.setdefault(x.entity, c)
            code = self._person_country.get(m.entity)
        return code

    def sentence(self, tok: int) -> Sentence:
        return self.sentences[self.sent_of[tok]]

    def gap(self, a: int, b: int) -> str:
        """Original text between token a's end and token b's start."""
        return self.text[self.toks[a].end:self.toks[b].start]

    def tok_range_of(self, start: int, end: int) -> tuple[int, int]:
        """Tokens [ts, te) overlapping the original span: ts is the first token ending after start, te the first
        from ts on starting at or after end (tokens are in text order, so both are binary searches)."""
        ts = bisect_right(self._tok_ends, start)
        te = max(ts, bisect_left(self._tok_starts, end))
        return ts, te

    def mention_starts(self) -> list[int] | None:
        """The tstart of every mention, for binary search, when self.mentions is in tstart order (else None);
        rebuilt whenever self.mentions is another list or changed length."""
        ms = self.mentions
        idx = self._mention_index
        if idx is None or idx[0] is not ms or idx[1] != len(ms):
            starts = [m.tstart for m in ms]
            ordered = all(a <= b for a, b in zip(starts, starts[1:], strict=False))
            idx = self._mention_index = (ms, len(ms), starts if ordered else None)
        return idx[2]


class Stage:
    """Configuration every stage mixin reads; Extractor.__init__ sets it."""

    reg: Registry
    cues: Cues
    _role_class: dict[tuple[str, int], str | None]
    _title_classes: dict[str, str | None]
    _implied_acts: PhraseSet
    _presence: PhraseSet
    _resident: PhraseSet
    _not_flights: PhraseSet
    _origin: PhraseSet
    _tour_join: PhraseSet
    _tour_words: frozenset[str]
    _geo_heads: PhraseSet
    _not_name_words: frozenset[str]
    _name_breakers: frozenset[str]
    _en_not_names: frozenset[str]
    _unnamed_sources: frozenset[str]
    _topic_words: frozenset[str]
    _country_heads: frozenset[str]
    _split_statements_rules: list[tuple[frozenset[str], PhraseSet]]
    _governors: PhraseSet
    _delegation_nouns: PhraseSet
    _state_body_words: PhraseSet
    _led_by: PhraseSet
    _delegation_members: PhraseSet
