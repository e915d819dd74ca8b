"""The curated entity registry (data/registry/*.yaml) and name matching over text.

Longest match over normalized tokens, proclitics allowed on the first token
(وروسيا, لبيونغ يانغ, للكرملين), transliteration letters unified (غ/ج), then a
fuzzy pass (rapidfuzz) for spelling variants of known persons and places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from extract.datafiles import load_yaml
from extract.normalize import Normalized, is_arabic, key, name_keys, stems
from graph.dates import PartialDate

REGISTRY_DIR = Path(__file__).resolve().parent.parent / "data" / "registry"
FUZZY_THRESHOLD = 88.0


@dataclass
class RoleEntry:
    title: str
    title_ar: str | None = None
    organization: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    government: bool = False
    posted: str | None = None  # ISO code of the country an ambassador or envoy is posted to

    def active(self, when: PartialDate | None) -> bool:
        if when is None:
            return self.until is None
        if self.since and PartialDate.parse(self.since).first_day() > when.last_day():
            return False
        return not (self.until and PartialDate.parse(self.until).last_day() < when.first_day())


@dataclass
class RegEntry:
    id: str
    kind: str  # person | country | organization | place
    name: str
    name_ar: str | None = None
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    country: str | None = None  # ISO code (for countries: their own code)
    roles: list[RoleEntry] = field(default_factory=list)
    capital: str | None = None
    adjectives: list[str] = field(default_factory=list)
    subkind: str | None = None  # org kind / place kind
    lat: float | None = None  # places from the gazetteer
    lon: float | None = None
    population: int | None = None
    generated: bool = False  # from the gazetteer only (no curated entry)
    cased: frozenset[str] = frozenset()  # names matched case-sensitively (generated Latin names: "Nice", "Chad")
    label_only: bool = False  # the name is a label, not matched (a generated city whose name a curated entry has)


@dataclass
class Mention:
    entity: str
    kind: str
    tstart: int  # token indices [tstart, tend)
    tend: int
    start: int  # original offsets
    end: int
    via: str = "name"  # name | alias | adjective | capital | weak | fuzzy | pattern | role | unknown
    confidence: float = 0.95
    proclitic: str = ""  # letters stripped from the first token ("ل", "و", ...)
    surface: str = ""


PATTERN_ORG = re.compile(r"^org:([a-z]{2})-")
_ALLCAPS = re.compile(r"^[A-Z][A-Z.\-]+$")


class Registry:
    def __init__(self, entries: list[RegEntry], version: str = ""):
        self.entries = {e.id: e for e in entries}
        self.version = version
        # first key -> list of (keys, entity id, via, exact surface for case-sensitive aliases)
        self._index: dict[str, list[tuple[tuple[str, ...], str, str, str | None]]] = {}
        self._fuzzy: list[tuple[str, str, int]] = []  # (joined keys, entity id, n tokens)
        self._fuzzy_by_n: dict[int, tuple[list[str], list[str]]] = {}
        self._capitals: dict[str, str] = {}  # capital place id -> country code
        for e in entries:
            if e.kind == "country" and e.capital:
                self._capitals.setdefault(e.capital, e.country)
            names = [] if e.label_only else [(e.name, "name")]
            names += [(a, "alias") for a in e.aliases]
            if e.name_ar:
                names.append((e.name_ar, "name"))
            names += [(a, "weak") for a in e.weak_aliases]
            names += [(a, "adjective") for a in e.adjectives]
            for text, via in names:
                keys = name_keys(text)
                if not keys:
                    continue
                exact = text.replace(".", "") if _ALLCAPS.match(text) or text in e.cased else None
                self._index.setdefault(keys[0], []).append((keys, e.id, via, exact))
                # generated cities stay out of the fuzzy pass: thousands of names, each tried at every token
                if e.kind in ("person", "place") and via in ("name", "alias") and len(keys) >= 2 and is_arabic(text) \
                        and not e.generated:
                    self._fuzzy.append((" ".join(keys), e.id, len(keys)))
        for lst in self._index.values():
            lst.sort(key=lambda t: -len(t[0]))

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, directory: Path | None = None, gazetteer: bool = True) -> Registry:
        """The curated registry (data/registry/*.yaml) over the world gazetteer (data/gazetteer/world.json, built
        if missing): curated entries win, their names are merged with the generated ones of the same id."""
        directory = directory or REGISTRY_DIR
        entries: list[RegEntry] = []
        versions = []
        for path in sorted(directory.glob("*.yaml")):
            data = load_yaml(path) or {}
            versions.append(f"{path.stem}@{data.get('version', 0)}")
            for p in data.get("persons", []):
                entries.append(RegEntry(
                    id=p["id"], kind="person", name=p["name"], name_ar=p.get("name_ar"),
                    aliases=list(p.get("aliases") or []), weak_aliases=list(p.get("weak_aliases") or []),
                    country=p.get("country"), roles=[RoleEntry(**r) for r in p.get("roles") or []]))
            for c in data.get("countries", []):
                entries.append(RegEntry(
                    id=f"country:{c['code']}", kind="country", name=c["name"], name_ar=c.get("name_ar"),
                    aliases=list(c.get("aliases") or []), country=c["code"], capital=c.get("capital"),
                    adjectives=list(c.get("adjectives_ar") or []) + list(c.get("adjectives_en") or [])))
            for o in data.get("organizations", []):
                entries.append(RegEntry(
                    id=o["id"], kind="organization", name=o["name"], name_ar=o.get("name_ar"),
                    aliases=list(o.get("aliases") or []), country=o.get("country"), subkind=o.get("kind")))
            for pl in data.get("places", []):
                entries.append(RegEntry(
                    id=pl["id"], kind="place", name=pl["name"], name_ar=pl.get("name_ar"),
                    aliases=list(pl.get("aliases") or []), country=pl.get("country"), subkind=pl.get("kind")))
        if gazetteer:
            from extract import gazetteer as gz

            data = gz.load()
            entries = _merge_gazetteer(entries, data)
            versions.append(f"gazetteer@{data.get('format')}.{data.get('overrides_version')}")
        return cls(entries, ",".join(versions))

    def get(self, entity_id: str) -> RegEntry | None:
        return self.entries.get(entity_id)

    def country_of(self, entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        if entity_id.startswith("country:"):
            return entity_id.split(":", 1)[1]
        e = self.entries.get(entity_id)
        if e is None and (m := PATTERN_ORG.match(entity_id)) and f"country:{m.group(1).upper()}" in self.entries:
            return m.group(1).upper()  # a body named by pattern ("org:sa-foreign-ministry") is of its country
        return e.country if e else None

    def capital_country(self, place_id: str) -> str | None:
        return self._capitals.get(place_id)

    # ---- matching ------------------------------------------------------------------------
    def match(self, norm: Normalized, fuzzy: bool = True) -> list[Mention]:
        """Known entities mentioned in a text, longest match first, no overlaps."""
        toks = norm.tokens
        out: list[Mention] = []
        i = 0
        while i < len(toks):
            best: tuple[int, str, str, float, str] | None = None  # (n tokens, id, via, conf, proclitic)
            for stem, nclit in stems(toks[i].text):
                for keys, eid, via, exact in self._index.get(stem, ()):
                    n = len(keys)
                    if i + n > len(toks) or (best and n <= best[0]):
                        continue
                    if any(key(toks[i + j].text) != keys[j] for j in range(1, n)):
                        continue
                    if exact is not None:
                        surface = norm.original[toks[i].start:toks[i + n - 1].end].replace(".", "")
                        if surface != exact:
                            continue
                    if nclit and not is_arabic(toks[i].text):
                        continue
                    conf = {"name": 0.97, "alias": 0.93, "adjective": 0.9, "weak": 0.75}.get(via, 0.9)
                    best = (n, eid, via, conf, toks[i].text[:nclit])
            if best:
                n, eid, via, conf, clit = best
                e = self.entries[eid]
                start = _skip_clitic(norm.original, toks[i].start, toks[i].end, len(clit))
                out.append(Mention(eid, e.kind, i, i + n, start, toks[i + n - 1].end, via, conf, clit,
                                   norm.original[start:toks[i + n - 1].end]))
                i += n
            else:
                i += 1
        if fuzzy:
            out += self._fuzzy_match(norm, out)
            out.sort(key=lambda m: m.tstart)
        return out

    def _fuzzy_of(self, n: int) -> tuple[list[str], list[str]]:
        """The fuzzy names of n tokens and their entity ids, built once."""
        if n not in self._fuzzy_by_n:
            pairs = [(joined, eid) for joined, eid, ntok in self._fuzzy if ntok == n]
            self._fuzzy_by_n[n] = ([p[0] for p in pairs], [p[1] for p in pairs])
        return self._fuzzy_by_n[n]

    def _fuzzy_match(self, norm: Normalized, found: list[Mention]) -> list[Mention]:
        toks = norm.tokens
        covered = set()
        for m in found:
            covered.update(range(m.tstart, m.tend))
        out: list[Mention] = []
        i = 0
        while i < len(toks):
            if i in covered or not toks[i].arabic:
                i += 1
                continue
            best = None
            for n in (3, 2):
                if i + n > len(toks) or any(j in covered for j in range(i, i + n)):
                    continue
                for stem, nclit in stems(toks[i].text):
                    cand = " ".join([stem] + [key(toks[j].text) for j in range(i + 1, i + n)])
                    if len(cand) < 7:
                        continue
                    names, ids = self._fuzzy_of(n)
                    # one C-level pass over the names of that length (the first best, as a loop would pick)
                    hit = process.extractOne(cand, names, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
                    if hit is not None and (best is None or hit[1] > best[0]):
                        best = (hit[1], ids[hit[2]], n, nclit)
            if best:
                score, eid, n, nclit = best
                start = _skip_clitic(norm.original, toks[i].start, toks[i].end, nclit)
                end = toks[i + n - 1].end
                out.append(Mention(eid, self.entries[eid].kind, i, i + n, start, end, "fuzzy",
                                   round(0.9 * score / 100, 3), toks[i].text[:nclit], norm.original[start:end]))
                covered.update(range(i, i + n))
                i += n
            else:
                i += 1
        return out

    def resolve(self, text: str, kinds: tuple[str, ...] | None = None) -> str | None:
        """The id of the entity a short name refers to (used to map gold names)."""
        return _resolve_cached(self, text, kinds)

    def persons_with_role(self, predicate, when: PartialDate | None) -> list[RegEntry]:
        return [e for e in self.entries.values() if e.kind == "person"
                and any(predicate(r) and r.active(when) for r in e.roles)]


def _merge_gazetteer(entries: list[RegEntry], data: dict) -> list[RegEntry]:
    """Curated entries, with the names of generated entries of the same id added, then the generated rest."""
    by_id = {e.id: e for e in entries}
    out = list(entries)
    taken = {name_keys(n) for e in entries for n in [e.name, e.name_ar, *e.aliases, *e.weak_aliases, *e.adjectives]
             if n}
    gen: list[RegEntry] = []
    for c in data.get("countries", []):
        gen.append(RegEntry(id=f"country:{c['code']}", kind="country", name=c["name"], name_ar=c.get("name_ar"),
                            aliases=list(c.get("aliases") or []), country=c["code"], capital=c.get("capital"),
                            adjectives=list(c.get("adjectives") or [])))
    for p in data.get("places", []):
        gen.append(RegEntry(id=p["id"], kind="place", name=p["name"], name_ar=p.get("name_ar"),
                            aliases=list(p.get("aliases") or []), country=p.get("country"), subkind=p.get("kind"),
                            lat=p.get("lat"), lon=p.get("lon"), population=p.get("population")))
    for g in gen:
        # a name the curated registry already gives someone (or something) else is not added
        names = [n for n in [g.name, g.name_ar, *g.aliases] if n and name_keys(n) and name_keys(n) not in taken]
        adjectives = [n for n in g.adjectives if name_keys(n) and name_keys(n) not in taken]
        cased = frozenset(n for n in names + adjectives if not is_arabic(n))
        cur = by_id.get(g.id)
        if cur is not None:
            cur.aliases += [n for n in names if n not in (cur.name, cur.name_ar)]
            cur.adjectives += adjectives
            cur.cased = cur.cased | cased
            cur.capital = cur.capital or g.capital
            cur.lat, cur.lon, cur.population = cur.lat or g.lat, cur.lon or g.lon, cur.population or g.population
            cur.country = cur.country or g.country
        else:
            if not names:
                continue
            g.generated = True
            g.label_only = g.name not in names  # the English name is claimed by a curated entry
            if g.name_ar and g.name_ar not in names:
                g.name_ar = None
            g.aliases = [n for n in names if n not in (g.name, g.name_ar)]
            g.adjectives = adjectives
            g.cased = g.cased | cased
            out.append(g)
        for n in names + adjectives:
            taken.add(name_keys(n))
    return out


def _skip_clitic(original: str, start: int, end: int, nclit: int) -> int:
    """Original offset after the first ``nclit`` letters (diacritics skipped) of a token."""
    if not nclit:
        return start
    seen = 0
    for i in range(start, end):
        if "\u0600" <= original[i] <= "\u06ff" and original[i].isalpha():
            seen += 1
            if seen == nclit:
                return i + 1
    return start


@lru_cache(maxsize=4096)
def _resolve_cached(reg: Registry, text: str, kinds: tuple[str, ...] | None) -> str | None:
    norm = Normalized(text)
    ntoks = len(norm.tokens)
    # a weak alias ("Kim") names nobody when the text has more words ("Kim Yu Il" is not Kim Jong Un)
    mentions = [m for m in reg.match(norm) if (kinds is None or m.kind in kinds)
                and not (m.via == "weak" and m.tend - m.tstart < ntoks)]
    if not mentions:
        return None
    mentions.sort(key=lambda m: (-(m.tend - m.tstart), m.tstart))
    return mentions[0].entity


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Registry.load()
    return _DEFAULT
