"""`khabar eval DIR...`: precision, recall and F1 of the extractor per kind.

Two kinds of reference are understood:
- the corpus format (NAME.txt + NAME.json with a `gold` block, see ../shared/corpus/README.md);
- curated facts documents (*.facts.json, the loader's format, with their text).

Matching rules (docs/extraction.md):
- entities: the same id (gold names are resolved through the registry; a capital named
  as a country, "Washington", resolves to its country); an unverified person also
  matches a gold person when their evidence spans overlap;
- facts: same type, at least one gold evidence span overlapping one predicted span,
  the key arguments equal (visits: visitor and host country; agreements: the
  countries of the parties; statements: the speaker; events: none), and the dates
  compatible at the coarser precision (a missing date on either side is compatible).
Each gold item is matched at most once; unmatched predictions are false hits.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from extract.pipeline import Extractor
from extract.reader import Article, read_article
from extract.registry import Registry
from graph.dates import PartialDate
from loaders.document import FactsDocument

ENTITY_KINDS = ("persons", "countries", "organizations", "places")
FACT_KINDS = ("visits", "agreements", "statements", "events")
KINDS = ENTITY_KINDS + FACT_KINDS
STATUS_KINDS = ("visits", "events")  # facts whose status (modality, negation, time) is scored
_GOLD_KIND = {"officials": "persons", "countries": "countries", "organizations": "organizations", "places": "places"}
_ENTITY_KIND = {"person": "persons", "country": "countries", "organization": "organizations", "place": "places"}


@dataclass
class Item:
    kind: str
    label: str
    spans: list[tuple[int, int]]
    keys: dict = field(default_factory=dict)
    date: PartialDate | None = None
    entity: str | None = None
    names: list[str] = field(default_factory=list)
    status: str | None = None  # visits and events: completed, ongoing, planned, expected, speculated, ruled_out
    evidence: str = ""  # the first evidence text, for the status mismatch list


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    # statuses of matched pairs (visits and events): pairs whose gold has a status, and those equal
    status_pairs: int = 0
    status_equal: int = 0

    @property
    def status_accuracy(self) -> float | None:
        return self.status_equal / self.status_pairs if self.status_pairs else None

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ArticleResult:
    name: str
    scores: dict[str, Score]
    misses: list[str]
    false_hits: list[str]
    notes: list[str]
    status_mismatches: list[str] = field(default_factory=list)


def _status(value) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value)) or None


def _date(value) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(str(value)[:10])
    except ValueError:
        return None


def _find(text: str, quote: str) -> tuple[int, int] | None:
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    # tolerate whitespace differences
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


class Evaluator:
    def __init__(self, extractor: Extractor | None = None):
        self.ex = extractor or Extractor()
        self.reg: Registry = self.ex.reg

    # ---------------------------------------------------------------- resolving gold names
    def resolve(self, name: str | None, kinds=None) -> str | None:
        if not name:
            return None
        for text in (name, re.sub(r"\s*\(.*?\)", "", name), *re.findall(r"\((.*?)\)", name)):
            text = text.strip()
            if not text:
                continue
            eid = self.reg.resolve(text, kinds)
            if eid:
                return eid
        return None

    def country(self, name: str | None) -> str | None:
        eid = self.resolve(name)
        if eid is None:
            return None
        if eid.startswith("place:"):
            return self.reg.capital_country(eid) or self.reg.country_of(eid)
        return self.reg.country_of(eid)

    # ---------------------------------------------------------------- predicted items
    def predicted(self, doc: FactsDocument) -> list[Item]:
        items = []
        countries = {e.id: getattr(e, "country", None) for e in doc.entities}
        for e in doc.entities:
            if not e.evidence:
                continue  # a stub declared only so that a country code resolves
            items.append(Item(_ENTITY_KIND[e.kind], e.id, [(x.start, x.end) for x in e.evidence], entity=e.id,
                              names=[e.name] + ([e.name_ar] if e.name_ar else []) + list(e.aliases)))
        for f in doc.facts:
            spans = [(x.start, x.end) for x in f.evidence]
            quote = f.evidence[0].quote if f.evidence and getattr(f.evidence[0], "quote", None) else ""
            if f.type == "visit":
                items.append(Item("visits", f.id, spans, {"visitor": f.visitor, "host": f.host_country},
                                  _date(f.start), status=_status(f.status), evidence=quote))
            elif f.type == "agreement":
                parties = {self._party_country(p, countries) for p in f.parties} - {None}
                items.append(Item("agreements", f.id, spans, {"parties": frozenset(parties)}, _date(f.signed_on)))
            elif f.type == "statement":
                items.append(Item("statements", f.id, spans, {"speaker": f.speaker}, _date(f.date)))
            else:
                items.append(Item("events", f.id, spans, {}, _date(f.date), status=_status(getattr(f, "status", None)),
                                  evidence=quote))
        return items

    def _party_country(self, pid: str, countries: dict) -> str | None:
        if pid.startswith("country:"):
            return pid.split(":")[1]
        return countries.get(pid) or self.reg.country_of(pid)

    # ---------------------------------------------------------------- gold items
    def gold_from_corpus(self, gold: dict, text: str, notes: list[str], pred: list[Item] | None = None) -> list[Item]:
        items = []
        unknown = self._unknown_people(gold, text, pred or [])

        def bare(name: str | None) -> str:
            """"Hans Grundberg (statement)" -> "Hans Grundberg": the annotator's note is not the name."""
            return re.sub(r"\s*\(.*?\)", "", name or "").strip()

        def short_form(name: str | None) -> str | None:
            """"Mahdi al-Mashat" for the official "Mahdi Mohammed al-Mashat": a name whose words are all in one
            unknown official's name."""
            words = set(re.findall(r"\w+", bare(name).lower()))
            found = {v for k, v in unknown.items() if not k.startswith("org::") and words
                     and words <= set(re.findall(r"\w+", k.lower()))}
            return found.pop() if len(found) == 1 else None

        def person(name: str | None) -> str | None:
            return self.resolve(name, ("person",)) or unknown.get((name or "").strip()) or unknown.get(bare(name)) \
                or short_form(name)

        def spans(g) -> list[tuple[int, int]]:
            ev = g.get("evidence")
            found = _find(text, ev) if ev else None
            if ev and found is None:
                notes.append(f"gold evidence not in the body (title?): {ev[:60]!r}")
            return [found] if found else []

        for gk, kind in _GOLD_KIND.items():
            for g in gold.get(gk, []):
                names = [g.get("name"), g.get("name_en")]
                ekind = {"persons": ("person",), "countries": ("country", "place"),
                         "organizations": ("organization",), "places": ("place",)}[kind]
                eid = None
                for n in names:
                    eid = eid or self.resolve(n, ekind)
                if eid and kind == "countries" and eid.startswith("place:"):
                    code = self.reg.capital_country(eid)
                    eid = f"country:{code}" if code else None
                items.append(Item(kind, f"{g.get('name_en') or g.get('name')}", spans(g), entity=eid,
                                  names=[n for n in names if n]))
        for g in gold.get("visits", []):
            host = self.country(g.get("host")) or self.country(g.get("to"))
            items.append(Item("visits", f"{g.get('who')} -> {g.get('to')} [{g.get('status')}]", spans(g),
                              {"visitor": person(g.get("who")), "host": host},
                              _date(g.get("start_date")), status=_status(g.get("status")),
                              evidence=g.get("evidence") or ""))
        for g in gold.get("agreements", []):
            parties = frozenset(c for c in (self.country(p) for p in g.get("parties", [])) if c)
            items.append(Item("agreements", f"{g.get('kind')}: {g.get('name')}", spans(g), {"parties": parties},
                              _date(g.get("signed_date"))))
        for g in gold.get("statements", []):
            name = (g.get("speaker") or "").strip()
            org_name = name if name in unknown else bare(name)
            sp = unknown.get(org_name) if unknown.get(f"org::{org_name}") else None
            sp = sp or self.resolve(g.get("speaker"), ("person", "organization", "country", "place")) \
                or unknown.get(name) or unknown.get(bare(name)) or short_form(name)
            if sp and sp.startswith("place:") and (code := self.reg.capital_country(sp)):
                sp = f"country:{code}"
            items.append(Item("statements", f"{g.get('speaker')}: {g.get('paraphrase', '')[:60]}", spans(g),
                              {"speaker": sp}, _date(g.get("date"))))
        for g in gold.get("events", []):
            items.append(Item("events", f"{g.get('kind')}: {g.get('description', '')[:60]}", spans(g), {},
                              _date(g.get("date")), status=_status(g.get("status")),
                              evidence=g.get("evidence") or ""))
        return items

    def _unknown_people(self, gold: dict, text: str, pred: list[Item]) -> dict[str, str]:
        """Gold officials the registry does not know -> the unverified predicted person whose evidence
        overlaps the official's evidence (so that a visit or statement by a new person can be matched)."""
        out: dict[str, str] = {}
        for g in gold.get("officials", []):
            names = [n.strip() for n in (g.get("name"), g.get("name_en")) if n]
            if not names or any(self.resolve(n, ("person",)) for n in names):
                continue
            found = _find(text, g["evidence"]) if g.get("evidence") else None
            if not found:
                continue
            for p in pred:
                if p.kind == "persons" and p.entity and not self.reg.get(p.entity) and _overlap([found], p.spans):
                    out.update({n: p.entity for n in names})
                    break
        # bodies the registry does not know ("US Embassy in Moscow") -> the unverified organization found there
        for g in gold.get("organizations", []):
            names = [n.strip() for n in (g.get("name"), g.get("name_en")) if n]
            if not names or any(self.resolve(n, ("organization",)) for n in names):
                continue
            found = _find(text, g["evidence"]) if g.get("evidence") else None
            for p in pred if found else []:
                if p.kind == "organizations" and p.entity and not self.reg.get(p.entity) and _overlap([found], p.spans):
                    out.update({n: p.entity for n in names})
                    out.update({f"org::{n}": "1" for n in names})
                    break
        return out

    def gold_from_document(self, doc: FactsDocument) -> list[Item]:
        return self.predicted(doc)

    # ---------------------------------------------------------------- matching
    def match(self, gold: list[Item], pred: list[Item],
              status_mismatches: list[str] | None = None) -> tuple[dict[str, Score], list[str], list[str]]:
        """Pairs gold and predicted items. For matched visits and events whose gold has a status, the statuses
        are compared (it does not change the match, nor P/R/F1); mismatches go to `status_mismatches`."""
        scores = {k: Score() for k in KINDS}
        used: set[int] = set()
        misses = []
        for g in gold:
            hit = None
            for i, p in enumerate(pred):
                if i in used or p.kind != g.kind:
                    continue
                if self._matches(g, p):
                    hit = i
                    break
            if hit is None:
                scores[g.kind].fn += 1
                misses.append(f"{g.kind}: {g.label}" + (f" ({g.entity})" if g.entity else "")
                              + (f" {dict(g.keys)}" if g.keys else "") + (f" date={g.date}" if g.date else ""))
            else:
                used.add(hit)
                scores[g.kind].tp += 1
                p = pred[hit]
                if g.kind in STATUS_KINDS and g.status:
                    scores[g.kind].status_pairs += 1
                    if g.status == p.status:
                        scores[g.kind].status_equal += 1
                    elif status_mismatches is not None:
                        ev = " ".join((g.evidence or p.evidence).split())[:90]
                        status_mismatches.append(f"{g.kind}: {g.label} gold={g.status} predicted={p.status}"
                                                 + (f" evidence={ev!r}" if ev else ""))
        false_hits = []
        for i, p in enumerate(pred):
            if i not in used:
                scores[p.kind].fp += 1
                false_hits.append(f"{p.kind}: {p.label}")
        return scores, misses, false_hits

    def _matches(self, g: Item, p: Item) -> bool:
        if g.kind in ENTITY_KINDS:
            if g.entity and g.entity == p.entity:
                return True
            if g.kind in ("persons", "organizations") and p.entity and not self.reg.get(p.entity) and not g.entity:
                return bool(g.spans and _overlap(g.spans, p.spans))
            return False
        if not (g.spans and _overlap(g.spans, p.spans)):
            return False
        for k, v in g.keys.items():
            pv = p.keys.get(k)
            if k == "parties":
                if v and pv != v:
                    return False
            elif v != pv:
                return False
        return not (g.date and p.date and not g.date.compatible(p.date))

    # ---------------------------------------------------------------- drivers
    def corpus_article(self, txt: Path, meta: dict) -> ArticleResult:
        notes: list[str] = []
        art = read_article(txt)
        doc = self.ex.extract(art)
        pred = self.predicted(doc)
        gold = self.gold_from_corpus(meta.get("gold", {}), art.text, notes, pred)
        mism: list[str] = []
        scores, misses, false_hits = self.match(gold, pred, mism)
        return ArticleResult(txt.stem, scores, misses, false_hits, notes, mism)

    def curated_document(self, path: Path) -> ArticleResult:
        data = json.loads(path.read_text(encoding="utf-8"))
        doc = FactsDocument.model_validate(data)
        text = doc.article.text if doc.article.text is not None else \
            (path.parent / doc.article.text_file).read_text(encoding="utf-8")
        art = Article(id=doc.article.id, title=doc.article.title, text=text, language=doc.article.language,
                      published=doc.article.published, published_inferred=doc.article.published_inferred)
        pred = self.ex.extract(art)
        mism: list[str] = []
        scores, misses, false_hits = self.match(self.gold_from_document(doc), self.predicted(pred), mism)
        return ArticleResult(path.name.removesuffix(".facts.json"), scores, misses, false_hits, [], mism)

    def run(self, directory: Path) -> list[ArticleResult]:
        results = []
        for path in sorted(directory.glob("*.facts.json")):
            results.append(self.curated_document(path))
        for meta_path in sorted(directory.glob("*.json")):
            if meta_path.name.endswith(".facts.json"):
                continue
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
            txt = meta_path.with_suffix(".txt")
            if isinstance(meta, dict) and "gold" in meta and txt.exists():
                results.append(self.corpus_article(txt, meta))
        for sub in sorted(d for d in directory.iterdir() if d.is_dir() and not d.name.startswith((".", "_"))):
            results.extend(self.run(sub))  # batches kept in subfolders (tests/data/regression/batch4)
        return results


def total(results: list[ArticleResult]) -> dict[str, Score]:
    out = {k: Score() for k in KINDS}
    for r in results:
        for k, s in r.scores.items():
            out[k].tp += s.tp
            out[k].fp += s.fp
            out[k].fn += s.fn
            out[k].status_pairs += s.status_pairs
            out[k].status_equal += s.status_equal
    ent = Score()
    for k in ENTITY_KINDS:
        ent.tp += out[k].tp
        ent.fp += out[k].fp
        ent.fn += out[k].fn
    out["entities (all)"] = ent
    return out


def print_report(directory: str, results: list[ArticleResult], console=None, details: bool = True) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console()
    scores = total(results)
    table = Table(title=f"khabar eval {directory} ({len(results)} article(s))")
    for col in ("kind", "gold", "predicted", "tp", "precision", "recall", "F1", "status acc"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    for kind, s in scores.items():
        acc = s.status_accuracy
        st = f"{acc:.2f} ({s.status_equal}/{s.status_pairs})" if acc is not None else (
            "-" if kind not in STATUS_KINDS else "n/a")
        table.add_row(kind, str(s.tp + s.fn), str(s.tp + s.fp), str(s.tp), f"{s.precision:.2f}", f"{s.recall:.2f}",
                      f"{s.f1:.2f}", st)
    console.print(table)
    if not details:
        return
    for r in results:
        if not (r.misses or r.false_hits or r.notes or r.status_mismatches):
            continue
        console.print(f"[bold]{r.name}[/bold]")
        for m in r.misses:
            console.print(f"  [red]miss[/red]      {m}", markup=True, highlight=False)
        for f in r.false_hits:
            console.print(f"  [yellow]false hit[/yellow] {f}", markup=True, highlight=False)
        for m in r.status_mismatches:
            console.print(f"  [magenta]status[/magenta]    {escape(m)}", markup=True, highlight=False)
        for n in r.notes:
            console.print(f"  [dim]note[/dim]      {n}", markup=True, highlight=False)


def evaluate(directories: list[str], details: bool = True) -> int:
    ev = Evaluator()
    status = 0
    for d in directories:
        path = Path(d)
        if not path.is_dir():
            print(f"khabar eval: {d}: not a directory")
            status = 2
            continue
        results = ev.run(path)
        if not results:
            print(f"khabar eval: {d}: no annotated articles (NAME.txt + NAME.json with 'gold', or *.facts.json)")
            status = 2
            continue
        print_report(d, results, details=details)
    return status
