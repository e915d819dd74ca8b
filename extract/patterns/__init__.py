"""Cue-word data (cues.yaml) and page-furniture data (furniture.yaml), compiled for matching."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extract.datafiles import load_yaml
from extract.normalize import ARABIC_RE, Token, key, name_keys, normalize, stems

DIR = Path(__file__).resolve().parent


def key_set(words) -> frozenset[str]:
    """The matching keys of every word of a cue list (normalized, as tokens are), for membership tests."""
    return frozenset(k for w in words or [] for k in name_keys(w))


def _has_article(token: str) -> bool:
    """"الرئيس", "والرئيس", "للرئيس": the token carries the definite article (after a conjunction or preposition)."""
    return token.startswith(("ال", "وال", "فال", "بال", "كال", "لل", "ولل"))


@dataclass(frozen=True)
class Phrase:
    keys: tuple[str, ...]
    text: str
    data: dict = field(default_factory=dict, hash=False, compare=False)


class PhraseSet:
    """A set of phrases matched over tokens (proclitics allowed on the first word)."""

    def __init__(self, phrases: list[Phrase]):
        self._index: dict[str, list[Phrase]] = {}
        # Arabic construct phrases ("رئيس الوزراء"): their head never takes the article, so "الرئيس وزراء ..."
        # (the president, ministers ...) is not that phrase
        self._bare_head: set[tuple[tuple[str, ...], str]] = set()
        for p in phrases:
            if p.keys:
                self._index.setdefault(p.keys[0], []).append(p)
                words = normalize(p.text).split()
                if len(words) >= 2 and ARABIC_RE.match(words[0]) and not words[0].startswith("ال") \
                        and words[1].startswith("ال"):
                    self._bare_head.add((p.keys, p.text))
        for lst in self._index.values():
            lst.sort(key=lambda p: -len(p.keys))

    @classmethod
    def of(cls, words, **data) -> PhraseSet:
        return cls([Phrase(name_keys(w), w, dict(data)) for w in words or []])

    def match_at(self, tokens: list[Token], i: int) -> Phrase | None:
        """The longest phrase starting at token i; None when i is not a token (past the end, or negative)."""
        if not 0 <= i < len(tokens):
            return None  # callers probe "the token after a hit", which may be past the last one
        for stem, _ in stems(tokens[i].text):
            for p in self._index.get(stem, ()):
                n = len(p.keys)
                if i + n <= len(tokens) and all(key(tokens[i + j].text) == p.keys[j] for j in range(1, n)):
                    if n > 1 and (p.keys, p.text) in self._bare_head and _has_article(tokens[i].text):
                        continue
                    return p
        return None

    def find(self, tokens: list[Token], start: int = 0, end: int | None = None) -> list[tuple[int, int, Phrase]]:
        end = len(tokens) if end is None else min(end, len(tokens))
        out = []
        i = start
        while i < end:
            p = self.match_at(tokens, i)
            if p and i + len(p.keys) <= end:
                out.append((i, i + len(p.keys), p))
                i += len(p.keys)
            else:
                i += 1
        return out

    def any_in(self, tokens: list[Token], start: int, end: int) -> bool:
        return bool(self.find(tokens, max(0, start), min(len(tokens), end)))


def _entries(items, extra_keys=()) -> PhraseSet:
    phrases = []
    for item in items or []:
        data = {k: v for k, v in item.items() if k != "forms"}
        for w in item.get("forms", []):
            phrases.append(Phrase(name_keys(w), w, data))
    return PhraseSet(phrases)


@dataclass
class Cues:
    raw: dict
    visit: PhraseSet
    visit_last: PhraseSet
    purpose: PhraseSet
    invitation: PhraseSet
    statement: PhraseSet
    asked: PhraseSet
    complementizers: PhraseSet
    agreement_nouns: PhraseSet
    agreement_realized: PhraseSet
    agreed_on: PhraseSet
    agreement_anaphora: PhraseSet
    agreement_clauses: PhraseSet
    both_parties: PhraseSet
    permission_nouns: PhraseSet
    permission_granted: PhraseSet
    name_stop: frozenset[str]
    events: PhraseSet
    event_with: dict[str, PhraseSet]
    event_not_after: dict[str, PhraseSet]
    modality_sentence: dict[str, PhraseSet]
    modality_local: dict[str, PhraseSet]
    past_verbs: PhraseSet
    titles: PhraseSet
    counterpart: PhraseSet
    ministry_prefix: PhraseSet
    ministry_fields: PhraseSet
    stopwords: frozenset[str]
    perfect_markers: PhraseSet | None = None
    plan_words: PhraseSet | None = None
    relation_words: PhraseSet | None = None
    company_anaphora: PhraseSet | None = None
    government_nouns: PhraseSet | None = None
    ratification: PhraseSet | None = None
    effective_words: PhraseSet | None = None
    visit_relative: PhraseSet | None = None
    denial: PhraseSet | None = None
    contrast: PhraseSet | None = None
    denial_objects: PhraseSet | None = None
    visit_done: PhraseSet | None = None
    visit_over: PhraseSet | None = None
    visit_now: PhraseSet | None = None
    np_modal: dict = field(default_factory=dict)
    conditionals: PhraseSet | None = None
    institution_words: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()
    anaphors: dict = field(default_factory=dict)
    visit_start: PhraseSet | None = None
    visit_until: PhraseSet | None = None
    visit_postponed: PhraseSet | None = None
    visit_cancelled: PhraseSet | None = None
    visit_companion: PhraseSet | None = None


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    raw = load_yaml(DIR / "cues.yaml")
    ag = raw["agreement"]
    mod = raw["modality"]
    titles = []
    plural = set(raw.get("plural_titles") or [])
    for cls, words in raw["titles"].items():
        titles += [Phrase(name_keys(w), w, {"class": cls, "plural": w in plural}) for w in words]
    fields = []
    for fld, words in raw["ministries"]["fields"].items():
        fields += [Phrase(name_keys(w), w, {"field": fld}) for w in words]
    return Cues(
        raw=raw,
        visit=_entries(raw["visit"]),
        visit_last=PhraseSet.of(raw["visit_last"]),
        purpose=PhraseSet.of(raw["purpose"]),
        invitation=PhraseSet.of(raw["invitation"]),
        statement=_entries(raw["statement"]),
        asked=PhraseSet.of(raw["asked"]),
        complementizers=PhraseSet.of(raw["complementizers"]),
        agreement_nouns=_entries(ag["nouns"]),
        agreement_realized=PhraseSet.of(ag["realized"]),
        agreed_on=PhraseSet.of(ag["agreed_on"]),
        agreement_anaphora=PhraseSet.of(ag["anaphora"]),
        agreement_clauses=PhraseSet.of(ag["clauses"]),
        both_parties=PhraseSet.of(ag["both_parties"]),
        permission_nouns=PhraseSet.of(ag["permission"]["nouns"]),
        permission_granted=PhraseSet.of(ag["permission"]["granted"]),
        name_stop=key_set(ag["name_stop"]),
        events=_entries(raw["event"]),
        event_with={e["kind"]: PhraseSet.of(e["with"]) for e in raw["event"] if e.get("with")},
        event_not_after={e["kind"]: PhraseSet.of(e["not_after"]) for e in raw["event"] if e.get("not_after")},
        modality_sentence={k: PhraseSet.of(v.get("sentence")) for k, v in mod.items()
                           if isinstance(v, dict) and ("sentence" in v or "local" in v)},
        modality_local={k: PhraseSet.of(v.get("local")) for k, v in mod.items()
                        if isinstance(v, dict) and ("sentence" in v or "local" in v)},
        past_verbs=PhraseSet.of(raw["past_verbs"]),
        titles=PhraseSet(titles),
        counterpart=PhraseSet.of(raw["counterpart"]),
        ministry_prefix=PhraseSet.of(raw["ministries"]["prefix"]),
        ministry_fields=PhraseSet(fields),
        stopwords=key_set(raw["stopwords"]),
        perfect_markers=PhraseSet.of(raw.get("perfect_markers")),
        plan_words=PhraseSet.of(raw.get("plan_words")),
        relation_words=PhraseSet.of(raw.get("relation_words")),
        company_anaphora=PhraseSet.of(ag["permission"].get("company_anaphora")),
        government_nouns=PhraseSet.of(raw.get("government_nouns")),
        ratification=PhraseSet.of(ag.get("ratification")),
        effective_words=PhraseSet.of(ag.get("effective_words")),
        visit_relative=PhraseSet.of(raw.get("visit_relative")),
        visit_start=PhraseSet.of(raw.get("visit_start")),
        visit_postponed=PhraseSet.of(raw.get("visit_postponed")),
        visit_cancelled=PhraseSet.of(raw.get("visit_cancelled")),
        visit_companion=PhraseSet.of(raw.get("visit_companion")),
        visit_until=PhraseSet.of(raw.get("visit_until")),
        denial=PhraseSet.of(mod.get("denial", {}).get("verbs")),
        contrast=PhraseSet.of(mod.get("denial", {}).get("contrast")),
        visit_done=PhraseSet.of(raw.get("visit_done")),
        visit_over=PhraseSet.of(raw.get("visit_over")),
        visit_now=PhraseSet.of(raw.get("visit_now")),
        denial_objects=PhraseSet.of(mod.get("denial", {}).get("objects")),
        np_modal={k: PhraseSet.of(v) for k, v in (mod.get("noun_phrase") or {}).items()},
        conditionals=PhraseSet.of(mod.get("conditional")),
        institution_words=key_set(raw.get("institution_words")),
        org_heads=key_set(raw.get("org_heads")),
        anaphors={k: {"heads": key_set(a["heads"]), "kinds": set(a["kinds"])}
                  for a in raw.get("anaphors", []) for f in a["forms"] for k in name_keys(f)},
    )
