"""Which ids of a batch of facts documents name nodes the graph already holds under another id.

Two cases (see ARCHITECTURE.md, Merging): an unverified person whose folded name is a search term
of a person already there, and a dated visit already there with the same visitor, host country and
start date. Each document of a batch must see the graph as loading the documents before it one by
one would leave it, so the graph is read once per batch, before anything is written, and what the
batch's earlier documents write is followed here (`_People`, `_Visits`): the answers are those of
loading one document per transaction in the same order, for one or two queries per batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.text import search_terms
from loaders.document import FactsDocument, PersonEntity, VisitFact

# Visits of the graph with a given visitor, host country and start date: the visits of each start asked about (index),
# read once however many keys share that start, and kept when one of their visitors and one of their hosts were asked
# about with it; which key each matches is worked out in _by_key. As one pattern the planner joined the visitor's
# visits with every visit the host country received; from the visitor alone, the visits read grow with the graph;
# one seek per key checked every visit of the start again for each key (1.6 keys per start in a batch of the 4x
# bench: 160-250 ms of the server's time for its last batch, 75-100 ms this way). A SEEK: with `USING INDEX` alone,
# a plan made on some statistics (after a test suite had run) scanned the whole index for every start, and the
# loader keeps its plans (replan=skip): a 1x load's merging reads took 50 s instead of 0.2.
_VISITS_BY_KEY = """
  UNWIND $starts AS asked
  MATCH (known:Visit) USING INDEX SEEK known:Visit(start) WHERE known.start = asked.start
  WITH asked, known, [(visitor:Node)-[:MADE]->(known) | visitor.id] AS visitors,
       [(known)-[:HOSTED_BY]->(host:Country) | host.code] AS hosts
  WHERE any(visitor IN visitors WHERE visitor IN asked.visitors) AND any(host IN hosts WHERE host IN asked.hosts)
  RETURN collect([known.id, asked.start, visitors, hosts]) AS visits
"""

# What a batch must know before it writes, in one round trip: which of its articles the graph holds (their old
# evidence is forgotten); the ids asked about that the graph holds, with what a visit's merging depends on (start,
# visitors, hosts); the persons holding any of the folded names asked about as a search term (one scan, and only
# when there are names: `IN $names` is a set lookup); the visits with the visitor, host and start asked about.
READ_KNOWN = (
    """CYPHER replan=skip
CALL () {
  UNWIND $articles AS id MATCH (a:Node:Article {id: id})
  RETURN collect(id) AS articles
}
CALL () {
  UNWIND $ids AS id MATCH (n:Node {id: id})
  RETURN collect({id: id, start: n.start, visitors: [(p)-[:MADE]->(n) | p.id],
                  hosts: [(n)-[:HOSTED_BY]->(c:Country) | c.code]}) AS existing
}
CALL () {
  WITH $names AS names WHERE size(names) > 0
  MATCH (known:Person) WHERE any(t IN known.searchTerms WHERE t IN names)
  RETURN collect({id: known.id, keys: [t IN known.searchTerms WHERE t IN names]}) AS people
}
CALL () {"""
    + _VISITS_BY_KEY
    + """}
RETURN articles, existing, people, visits
"""
)
READ_VISITS = "CYPHER replan=skip " + _VISITS_BY_KEY

VisitKey = tuple[str, str, str]  # visitor id, host country code, start date


@dataclass
class _VisitState:
    start: str | None = None
    visitors: set[str] = field(default_factory=set)
    hosts: set[str] = field(default_factory=set)

    def keys(self) -> set[VisitKey]:
        """Every key this visit matches: one of its visitors, one of its hosts, its start."""
        if self.start is None:
            return set()
        return {(visitor, host, self.start) for visitor in self.visitors for host in self.hosts}


def unverified_people(doc: FactsDocument) -> list[tuple[str, str]]:
    """(id, folded name) of the persons an extractor found that no registry knows."""
    return [
        (e.id, terms[0])
        for e in doc.entities
        if isinstance(e, PersonEntity) and not e.verified and (terms := search_terms(e.name_ar or e.name))
    ]


def dated_visits(doc: FactsDocument) -> list[VisitFact]:
    """Visits dated to the month or day: only those merge (undated ones may be different visits)."""
    return [f for f in doc.facts if isinstance(f, VisitFact) and f.start and len(f.start) > 4]


@dataclass
class _People:
    """Persons as the graph held them at the start of the batch, plus what the batch's documents wrote so far."""

    in_graph: set[str]  # person ids asked about that the graph holds
    by_key: dict[str, set[str]]  # folded name -> persons of the graph holding it as a search term
    written: set[str] = field(default_factory=set)
    terms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # the batch's, by person

    def same_person(self, person_id: str, key: str) -> str | None:
        if person_id in self.in_graph or person_id in self.written:
            return None
        known = set(self.by_key.get(key, ()))
        known |= {pid for pid, terms in self.terms.items() if key in terms}
        known.discard(person_id)
        return min(known, default=None)

    def wrote(self, doc: FactsDocument, same: dict[str, str]) -> None:
        for entity in doc.entities:
            if isinstance(entity, PersonEntity):
                person_id = same.get(entity.id, entity.id)
                self.written.add(person_id)
                self.terms[person_id] |= set(search_terms(entity.name, entity.name_ar, *entity.aliases))


@dataclass
class _Visits:
    """Visits as the graph held them at the start of the batch, plus what the batch's documents wrote so far."""

    in_graph: set[str]  # visit ids asked about that the graph holds
    by_key: dict[VisitKey, set[str]]  # the graph's visits with that visitor, host and start
    # Visits whose whole state is known (read from the graph, or written by the batch): checked here, not by key.
    states: dict[str, _VisitState]
    written: set[str] = field(default_factory=set)
    # The visits of `states` by every key they match, kept as their states change (a scan of every state
    # per visit asked about made a batch's merging quadratic: seconds per 100 articles).
    matching: dict[VisitKey, set[str]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for visit_id, state in self.states.items():
            self._index(visit_id, set(), state.keys())

    def _index(self, visit_id: str, before: set[VisitKey], after: set[VisitKey]) -> None:
        for key in before - after:
            self.matching[key].discard(visit_id)
        for key in after - before:
            self.matching[key].add(visit_id)

    def same_visit(self, visit_id: str, key: VisitKey) -> str | None:
        if visit_id in self.in_graph or visit_id in self.written:
            return None
        known = {v for v in self.by_key.get(key, ()) if v not in self.states}
        known |= self.matching.get(key, set())
        known.discard(visit_id)
        return min(known, default=None)

    def wrote(self, doc: FactsDocument, same: dict[str, str]) -> None:
        for fact in doc.facts:
            if not isinstance(fact, VisitFact):
                continue
            visit_id = same.get(fact.id, fact.id)
            self.written.add(visit_id)
            if visit_id != fact.id and visit_id not in self.states:
                # Merged into a visit of the graph found by its key: it gains that key's start and links
                # again, so its state as far as merging goes is unchanged; it stays checked by key.
                continue
            state = self.states.setdefault(visit_id, _VisitState())
            before = state.keys()
            if fact.start is not None:  # a property a document leaves out is not erased
                state.start = fact.start
            state.visitors.add(same.get(fact.visitor, fact.visitor))
            state.hosts.add(fact.host_country)
            self._index(visit_id, before, state.keys())


def _start_rows(keys: set[VisitKey]) -> list[dict[str, object]]:
    """The keys asked about, by start date: {start, the visitors and the hosts asked about with it}."""
    by_start: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for visitor, host, start in keys:
        by_start[start][0].add(visitor)
        by_start[start][1].add(host)
    return [{"start": start, "visitors": sorted(visitors), "hosts": sorted(hosts)}
            for start, (visitors, hosts) in sorted(by_start.items())]


def _by_key(rows: list[list[Any]], keys: set[VisitKey]) -> dict[VisitKey, set[str]]:
    """The graph's visits of each key asked about (keys none matches are left out), from the visits _VISITS_BY_KEY
    read: [id, start, visitor ids, host codes]."""
    found: dict[VisitKey, set[str]] = defaultdict(set)
    for visit_id, start, visitors, hosts in rows:
        for visitor in visitors:
            for host in hosts:
                key = (str(visitor), str(host), str(start))
                if key in keys:
                    found[key].add(str(visit_id))
    return dict(found)


@dataclass
class Known:
    same_as: list[dict[str, str]]  # per document, as known_ids_batch
    facts: set[str]  # the documents' fact ids (as written) that the graph holds: the others are new
    articles: set[str]  # the documents' article node ids that the graph holds (they are replaced)


async def known_ids_batch(tx: AsyncManagedTransaction, docs: Sequence[FactsDocument]) -> list[dict[str, str]]:
    """For each document, in order, its ids that name nodes known under another id: the mapping loading the
    documents one per transaction in this order would find (people first: a visit is recognised by its visitor)."""
    return (await read_known(tx, docs)).same_as


async def read_known(tx: AsyncManagedTransaction, docs: Sequence[FactsDocument]) -> Known:
    """known_ids_batch, and which of the documents' facts and articles the graph holds (asked in the same round
    trip)."""
    people = [unverified_people(doc) for doc in docs]
    visits = [dated_visits(doc) for doc in docs]
    # Every visit's state is read, undated ones too: a document may leave out the date the graph holds; and every
    # other fact is asked about too: one the graph does not hold is created, not merged (loaders.load).
    all_facts = {f.id for doc in docs for f in doc.facts}
    asked = sorted({pid for found in people for pid, _ in found} | all_facts)
    names = sorted({key for found in people for _, key in found})
    # Asked by visitor as written; a visitor found to be a known person under another id is asked again below.
    raw_keys = {(v.visitor, v.host_country, str(v.start)) for found in visits for v in found}
    if not docs:
        return Known([], set(), set())
    result = await tx.run(READ_KNOWN, articles=[f"article:{doc.article.id}" for doc in docs], ids=asked, names=names,
                          starts=_start_rows(raw_keys))
    record = await result.single(strict=True)
    in_graph = {str(r["id"]) for r in record["existing"]}
    states = {str(r["id"]): _VisitState(r["start"], set(r["visitors"]), set(r["hosts"]))
              for r in record["existing"] if str(r["id"]).startswith("visit:")}
    known_people = _People({pid for pid in in_graph if pid.startswith("person:")}, defaultdict(set))
    for row in record["people"]:
        for key in row["keys"]:
            known_people.by_key[key].add(row["id"])
    by_key = _by_key(record["visits"], raw_keys)

    # People first, for every document: their merging reads nothing that visits write.
    same_people: list[dict[str, str]] = []
    for doc, found in zip(docs, people, strict=True):
        same_people.append({pid: known for pid, key in found if (known := known_people.same_person(pid, key))})
        known_people.wrote(doc, same_people[-1])

    keyed = [[(v.id, (same.get(v.visitor, v.visitor), v.host_country, str(v.start))) for v in found]
             for same, found in zip(same_people, visits, strict=True)]
    missing = {key for found in keyed for _, key in found} - raw_keys
    if missing:
        result = await tx.run(READ_VISITS, starts=_start_rows(missing))
        by_key |= _by_key((await result.single(strict=True))["visits"], missing)
    known_visits = _Visits({v for v in in_graph if v.startswith("visit:")}, by_key, states)
    answers: list[dict[str, str]] = []
    for doc, found, same in zip(docs, keyed, same_people, strict=True):
        answer = same | {visit_id: known for visit_id, key in found
                         if (known := known_visits.same_visit(visit_id, key)) is not None}
        answers.append(answer)
        known_visits.wrote(doc, answer)
    return Known(answers, in_graph & all_facts, set(record["articles"]))
