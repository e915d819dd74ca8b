"""Writing facts documents into Neo4j: transform to rows, then batched UNWIND ... MERGE.

The Cypher is generated from graph.model, one statement per label and per relationship type, and
takes the rows of many documents at once, so a batch of documents costs a fixed handful of
queries however many facts it holds. A batch is one transaction; when it fails, its documents are
loaded again one per transaction, so a failing article is rolled back alone and named.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph import model
from graph.dates import PartialDate
from graph.model import NodeSpec, RelSpec
from graph.text import fold_name, search_terms, search_text
from loaders.document import (
    AgreementFact,
    CountryEntity,
    EventFact,
    Evidence,
    FactsDocument,
    OrganizationEntity,
    PersonEntity,
    PlaceEntity,
    StatementFact,
    VisitFact,
    country_id,
)
from loaders.known import known_ids_batch, read_known
from loaders.review import protect

UNDATED_LAST_ASC = "9999-99-99"  # sorts after every ISO date
UNDATED_LAST_DESC = ""  # sorts before every ISO date


@dataclass
class Rows:
    """Everything one document writes, grouped by label and relationship type."""

    # ids of this document that name nodes the graph already holds under another id
    same_as: dict[str, str] = field(default_factory=dict)
    nodes: dict[NodeSpec, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    roles: list[dict[str, Any]] = field(default_factory=list)
    rels: dict[RelSpec, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def resolve(self, node_id: str) -> str:
        return self.same_as.get(node_id, node_id)

    def node(self, spec: NodeSpec, node_id: str, props: dict[str, Any], terms: list[str] | None = None) -> None:
        # Merging is additive: what one article leaves unsaid never erases what another said.
        props = {key: value for key, value in props.items() if value is not None}
        if spec.props and not spec.props_set.issuperset(props):  # a new fact is created with these alone
            raise ValueError(f"{spec.label} has no properties {sorted(props.keys() - spec.props_set)}")
        row: dict[str, Any] = {"id": self.resolve(node_id), "props": props}
        if spec.kind in model.ENTITY_SPECS:
            row["aliases"] = props.pop("aliases", [])
            row["terms"] = terms or []
        self.nodes[spec].append(row)

    def rel(self, spec: RelSpec, source: str | None, target: str | None, **props: Any) -> None:
        if props and not spec.props_set.issuperset(props):  # the statements write only the declared properties
            raise ValueError(f"{spec.type} has no properties {sorted(props.keys() - spec.props_set)}")
        if source and target:
            if self.same_as:
                source, target = self.resolve(source), self.resolve(target)
            self.rels[spec].append({"from": source, "to": target, "props": props})

    def resolved(self, same_as: dict[str, str]) -> Rows:
        """These rows (built with no known ids) with `same_as` applied: what to_rows(doc, text, same_as)
        gives, without building them again once the graph has been read. Rows naming none of the moved ids
        are kept as they are (a document's merges touch few of its rows)."""
        if not same_as:
            return self
        # every id that moves, a role's too (its id starts with its person's): then one lookup per id
        heads = {node_id + "#": known for node_id, known in same_as.items()}
        moved = dict(same_as)
        for row in self.roles:
            head, mark, tail = row["id"].partition("#")
            if mark and head + mark in heads:
                moved[row["id"]] = heads[head + mark] + mark + tail

        def node_row(row: dict[str, Any]) -> dict[str, Any]:
            return row | {"id": moved[row["id"]]} if row["id"] in moved else row

        def rel_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out = []
            for row in rows:
                source, target, props = row["from"], row["to"], row["props"]
                reported_by = props.get("reportedBy")
                if source in moved or target in moved or reported_by in moved:
                    if reported_by in moved:
                        props = props | {"reportedBy": moved[reported_by]}
                    row = {"from": moved.get(source, source), "to": moved.get(target, target), "props": props}
                out.append(row)
            return out

        out = Rows(same_as={**self.same_as, **same_as})
        for spec, node_rows in self.nodes.items():
            out.nodes[spec] = [node_row(row) for row in node_rows]
        out.roles = [node_row(row) for row in self.roles]
        for rel_spec, rows in self.rels.items():
            out.rels[rel_spec] = rel_rows(rows)
        return out


def _span(first: str | None, last: str | None = None) -> dict[str, str | None]:
    """The first and last day a partial date (or range) covers, for range filters, and never-null
    sort keys (undated last in either direction) that an index can return in order."""
    return dict(_span_of(first, last))


@functools.lru_cache(maxsize=65536)
def _span_of(first: str | None, last: str | None) -> dict[str, str | None]:
    # cached: a corpus tells the same few hundred dates over and over; callers get a copy
    start = PartialDate.parse(first) if first else None
    end = PartialDate.parse(last) if last else start
    span_from = start.first_day().isoformat() if start else None
    return {
        "spanFrom": span_from,
        "spanTo": end.last_day().isoformat() if end else None,
        "sortDate": span_from or UNDATED_LAST_ASC,
        "sortDateDesc": span_from or UNDATED_LAST_DESC,
    }


def to_rows(doc: FactsDocument, text: str, same_as: dict[str, str] | None = None) -> Rows:
    """Rows for every node and relationship; `same_as` maps ids to nodes the graph already holds."""
    rows = Rows(same_as=same_as or {})
    article = doc.article
    article_id = f"article:{article.id}"
    rows.node(model.ARTICLE, article_id, {
        "title": article.title, "language": article.language, "published": article.published,
        **_span(article.published), "publishedInferred": article.published_inferred,
        "publishedNote": article.published_note, "source": article.source, "url": article.url,
        "cites": article.cites, "text": text, "searchText": search_text(article.title, text),
    })  # fmt: skip

    def evidence(node_id: str, items: list[Evidence], fact: bool = False) -> None:
        for item in items:
            reported_by = item.reported_by and rows.resolve(item.reported_by)
            rows.rel(model.SUPPORTED_BY, node_id, article_id, quote=item.quote, start=item.start,
                     end=item.end, confidence=item.confidence, reportedBy=reported_by)
            if fact:
                rows.rel(model.REPORTED_BY, node_id, reported_by, article=article_id)

    rows.rel(model.PUBLISHED_BY, article_id, outlet_of(doc))

    for entity in doc.entities:
        props: dict[str, Any] = {"name": entity.name, "nameAr": entity.name_ar, "aliases": entity.aliases,
                                 "verified": entity.verified, "sortName": entity.name.casefold()}
        terms = search_terms(entity.name, entity.name_ar, *entity.aliases)
        spec = model.ENTITY_SPECS[entity.kind]
        if isinstance(entity, CountryEntity):
            props["code"] = entity.code
            rows.rel(model.CAPITAL, entity.id, entity.capital)
        elif isinstance(entity, OrganizationEntity):
            props["kind"] = entity.org_kind
            rows.rel(model.BASED_IN, entity.id, entity.country and country_id(entity.country))
        elif isinstance(entity, PlaceEntity):
            props["kind"] = entity.place_kind
            rows.rel(model.LOCATED_IN, entity.id, entity.country and country_id(entity.country))
        elif isinstance(entity, PersonEntity):
            rows.rel(model.CITIZEN_OF, entity.id, entity.country and country_id(entity.country))
            for role in entity.roles:
                role_id = f"{rows.resolve(entity.id)}#{fold_name(role.title).replace(' ', '-')}"
                rows.roles.append({"id": role_id, "article": article_id, "props": {
                    "title": role.title, "titleAr": role.title_ar, "since": role.since, "until": role.until,
                    "government": role.government,
                }})  # fmt: skip
                rows.rel(model.HAS_ROLE, entity.id, role_id)
                rows.rel(model.ROLE_AT, role_id, role.organization)
                rows.rel(model.ROLE_FOR, role_id, role.country and country_id(role.country))
        rows.node(spec, entity.id, props, terms)
        evidence(entity.id, entity.evidence)

    named = {e.id: e for e in doc.entities}

    def names(*ids: str | None) -> list[str | None]:
        """Every name and alias (all scripts) of these entities, as far as this document describes them."""
        found: list[str | None] = []
        for entity in (named.get(i) for i in ids if i):
            if entity is not None:
                found += [entity.name, entity.name_ar, *entity.aliases]
        return found

    as_of = article.published or ""
    for fact in doc.facts:
        base = {"confidence": fact.confidence}
        if isinstance(fact, VisitFact):
            rows.node(model.VISIT, fact.id, base | _span(fact.start, fact.end) | {
                "start": fact.start, "end": fact.end, "status": fact.status.value, "statusAsOf": as_of,
                "purpose": fact.purpose, "count": fact.count, "several": bool(fact.several),
                # A visit is found by who went where: visitor, host country and destination, in every script.
                "searchText": search_text(fact.purpose, *names(
                    fact.visitor, fact.visitor_country and country_id(fact.visitor_country),
                    country_id(fact.host_country), fact.destination)),
            })  # fmt: skip
            rows.rel(model.MADE, fact.visitor, fact.id)
            rows.rel(model.VISITOR_FROM, fact.id, fact.visitor_country and country_id(fact.visitor_country))
            rows.rel(model.HOSTED_BY, fact.id, country_id(fact.host_country))
            rows.rel(model.DESTINATION, fact.id, fact.destination)
            rows.rel(model.INVITED_BY, fact.id, fact.invited_by)
            for member in fact.delegation:
                rows.rel(model.IN_DELEGATION, member, fact.id)
            rows.rel(model.LATEST_OF, fact.id, fact.latest_of)
        elif isinstance(fact, AgreementFact):
            rows.node(model.AGREEMENT, fact.id, base | _span(fact.signed_on) | {
                "name": fact.name, "nameAr": fact.name_ar, "kind": fact.kind, "signedOn": fact.signed_on,
                "status": fact.status.value,
                "clauses": fact.clauses, "searchText": search_text(fact.name, fact.name_ar, *fact.clauses),
            })  # fmt: skip
            for party in fact.parties:
                rows.rel(model.PARTY, fact.id, party)
            rows.rel(model.SIGNED_DURING, fact.id, fact.signed_during)
        elif isinstance(fact, StatementFact):
            rows.node(model.STATEMENT, fact.id, base | _span(fact.date) | {
                "date": fact.date, "summary": fact.summary, "quote": fact.quote,
                "searchText": search_text(fact.summary, fact.quote),
            })  # fmt: skip
            rows.rel(model.SPOKEN_BY, fact.id, fact.speaker)
            for subject in fact.about:
                rows.rel(model.ABOUT, fact.id, subject)
        elif isinstance(fact, EventFact):
            rows.node(model.EVENT, fact.id, base | _span(fact.date) | {
                "kind": fact.kind, "summary": fact.summary, "date": fact.date, "status": fact.status.value,
                "statusAsOf": as_of,
                "searchText": search_text(fact.summary),
            })  # fmt: skip
            for participant in fact.participants:
                rows.rel(model.PARTICIPANT, fact.id, participant)
            rows.rel(model.HELD_AT, fact.id, fact.place)
        evidence(fact.id, fact.evidence, fact=True)
    return rows


def outlet_of(doc: FactsDocument) -> str | None:
    """The organization the article's `source` names: its id, or the name or an alias of an organization
    the document declares (any script, folded); None when it names none."""
    source = doc.article.source
    if not source:
        return None
    key = fold_name(source)
    for entity in doc.entities:
        if isinstance(entity, OrganizationEntity):
            names = [entity.id, entity.name, entity.name_ar, *entity.aliases]
            if any(name and fold_name(name) == key for name in names):
                return entity.id
    return None


def _match_label(label: str) -> str:
    # Node ids are unique and indexed on the Node label; Role has its own constraint.
    return "Role" if label == "Role" else "Node"


# What a batch's node statements return: each row's node by id, so its relationships find it by element id.
RETURN_NODES = " RETURN collect(row.id) AS ids, collect(elementId(n)) AS nodes"


def node_cypher(spec: NodeSpec, returning: bool = False) -> str:
    """One statement writing many rows, in order. The rows of a batch may name an entity several times
    (a country in every article, spelled differently): each entity row runs in a CALL subquery of its
    own, which sees what the rows before it wrote (no Eager read of all rows first). Fact rows have
    distinct ids (BatchRows merges a fact's rows), so they need none. `returning`: RETURN_NODES."""
    labels = ":".join(spec.labels[1:])
    tail = RETURN_NODES if returning else ""
    if spec.kind in model.FACT_SPECS:
        # A fact told by several articles takes its status from the latest of them
        # ("will arrive" on the 9th, "arrived" on the 11th). `addedAt` is stamped once, when the fact is created
        # (the statement's time on Neo4j's clock, the same for every writing process), for `factsAdded`.
        return (
            f"UNWIND $rows AS row MERGE (n:Node {{id: row.id}}) "
            f"ON CREATE SET n.{model.ADDED_AT} = datetime.statement() SET n:{labels} "
            "WITH n, row, n.status AS oldStatus, n.statusAsOf AS oldAsOf SET n += row.props "
            "WITH n, row, oldStatus, oldAsOf, (oldAsOf IS NULL OR row.props.statusAsOf >= oldAsOf) AS newer "
            "SET n.status = CASE WHEN newer THEN row.props.status ELSE oldStatus END, "
            "n.statusAsOf = CASE WHEN newer THEN row.props.statusAsOf ELSE oldAsOf END" + tail
        )
    if spec.kind not in model.ENTITY_SPECS:
        return f"UNWIND $rows AS row MERGE (n:Node {{id: row.id}}) SET n:{labels} SET n += row.props" + tail
    # Entities are shared by articles: only a verified (curated or registry) description replaces
    # one already there, so an unverified name keeps its first spelling; every name seen anywhere
    # (replaced ones too) stays as an alias and a search term.
    return (
        f"UNWIND $rows AS row CALL (row) {{ MERGE (n:Node {{id: row.id}}) SET n:{labels} "
        "WITH n, row, (n.verified IS NULL OR row.props.verified) AS replace, "
        "  [n.name, n.nameAr] + row.aliases + [row.props.name, row.props.nameAr] AS seen "
        "SET n += CASE WHEN replace THEN row.props ELSE {} END "
        "SET n.aliases = reduce(acc = coalesce(n.aliases, []), a IN seen | "
        "  CASE WHEN a IS NULL OR a IN acc OR a = n.name OR a = n.nameAr THEN acc ELSE acc + a END) "
        "SET n.searchTerms = reduce(acc = coalesce(n.searchTerms, []), t IN row.terms | "
        "  CASE WHEN t IN acc THEN acc ELSE acc + t END) "
        "SET n.searchText = reduce(s = '', t IN n.searchTerms | s + ' ' + t)" + (" RETURN n }" if returning else " }")
        + tail
    )


def created_node_cypher(spec: NodeSpec) -> str:
    """New facts (the graph held none of these ids before the batch, and the batch's rows are distinct): created
    with their properties named, as node_cypher would leave them (a null one is not stored), without its lock,
    search and the Eager buffering of every row that `SET n += map` plans."""
    props = ", ".join(f"{prop}: row.props.{prop}" for prop in spec.props)
    return (f"UNWIND $rows AS row CREATE (n:{':'.join(spec.labels)} {{id: row.id, "
            f"{model.ADDED_AT}: datetime.statement(), {props}}})" + RETURN_NODES)


# A role has no quote of its own: it keeps the articles that told it, so retracting the last of them removes it.
ROLE_CYPHER = (
    "UNWIND $rows AS row MERGE (n:Role {id: row.id}) SET n += row.props "
    "SET n.articles = CASE WHEN row.article IN coalesce(n.articles, []) THEN n.articles "
    "ELSE coalesce(n.articles, []) + row.article END"
)


def _prop_map(props: tuple[str, ...]) -> str:
    return " {" + ", ".join(f"{prop}: row.props.{prop}" for prop in props) + "}" if props else ""


def _ends_by_id(spec: RelSpec) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{_match_label(spec.source)} {{id: row.from}}) "
            f"MATCH (b:{_match_label(spec.target)} {{id: row.to}}) ")


# Ends the batch wrote, by the element ids its node statements returned: not an index seek on `id` (two seeks
# per relationship were a quarter of the server's time on a load). An element id is sent as what follows the prefix
# all of the batch's share (ElementIds): 45 bytes less per end, a fifth of what a load sent.
_ENDS_BY_ELEMENT_ID = ("UNWIND $rows AS row MATCH (a) WHERE elementId(a) = $prefix + row.a "
                       "MATCH (b) WHERE elementId(b) = $prefix + row.b ")


def _merged(spec: RelSpec) -> str:
    # Properties are set only where the model declares some: a `SET r += map` (even an empty one) makes the
    # planner buffer every row (Eager), since it cannot tell which properties the map writes.
    return f"MERGE (a)-[r:{spec.type}{_prop_map(spec.keys)}]->(b)" + (" SET r += row.props" if spec.props else "")


def _created(spec: RelSpec) -> str:
    """An article's own relationships, once FORGET_ARTICLES has deleted its old ones: none is there to merge
    with, so they are created (rows distinct by key, BatchRows); no search, no lock pairs. The properties are
    named (a null one is not stored, as `SET r = map` would not store it)."""
    return f"CREATE (a)-[r:{spec.type}{_prop_map(spec.props)}]->(b)"


def rel_cypher(spec: RelSpec) -> str:
    return _ends_by_id(spec) + _merged(spec)


def created_rel_cypher(spec: RelSpec) -> str:
    return _ends_by_id(spec) + _created(spec)


def linked_rel_cypher(spec: RelSpec) -> str:
    """What the batch writes for rows whose ends it wrote itself, found by element id."""
    return _ENDS_BY_ELEMENT_ID + (_created if spec.of_article else _merged)(spec)


async def known_ids(tx: AsyncManagedTransaction, doc: FactsDocument) -> dict[str, str]:
    """Ids in this document for nodes the graph already holds under another id (loaders.known)."""
    return (await known_ids_batch(tx, [doc]))[0]


@dataclass
class BatchRows:
    """The rows of many documents, in document order, per statement. A row that repeats the previous row
    for the same node or relationship is dropped: writing it again would change nothing (every write is a
    MERGE followed by idempotent SETs), and a batch repeats its shared entities in every article. A fact
    told by several documents of the batch becomes one row, as writing its rows in turn would leave it;
    an article's own relationships (evidence) become one row per key, the last one, as MERGE would."""

    articles: list[str] = field(default_factory=list)
    nodes: dict[NodeSpec, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    roles: list[dict[str, Any]] = field(default_factory=list)
    rels: dict[RelSpec, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    _last: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    _at: dict[tuple[Any, ...], tuple[list[dict[str, Any]], int]] = field(default_factory=dict)

    def _add(self, out: list[dict[str, Any]], key: tuple[Any, ...], row: dict[str, Any]) -> None:
        if self._last.get(key) != row:
            out.append(row)
            self._last[key] = row

    def _put(self, out: list[dict[str, Any]], key: tuple[Any, ...], row: dict[str, Any],
             merge: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]) -> None:
        if key in self._at:
            rows, index = self._at[key]
            rows[index] = merge(rows[index], row)
        else:
            self._at[key] = (out, len(out))
            out.append(row)

    def add(self, article_id: str, rows: Rows) -> None:
        self.articles.append(article_id)
        for spec, node_rows in rows.nodes.items():
            for row in node_rows:
                if spec.kind in model.FACT_SPECS:
                    self._put(self.nodes[spec], ("node", row["id"]), row, _merge_fact)
                else:
                    self._add(self.nodes[spec], ("node", row["id"]), row)
        for row in rows.roles:
            self._add(self.roles, ("role", row["id"]), row)
        for rel_spec, rel_rows in rows.rels.items():
            out, keys, kind = self.rels[rel_spec], rel_spec.keys, rel_spec.type
            if not keys and not rel_spec.of_article:  # no properties: a repeated row changes nothing (_add)
                last = self._last
                for row in rel_rows:
                    key = (kind, row["from"], row["to"])
                    if key not in last:
                        out.append(row)
                        last[key] = row
                continue
            if rel_spec.of_article:  # one row per key, the last, where the first was; no other article shares
                own: dict[tuple[Any, ...], dict[str, Any]] = {}  # a key: each names its article (an end or `article`)
                for row in rel_rows:
                    props = row["props"]
                    own[(row["from"], row["to"], *[props.get(k) for k in keys])] = row
                out += own.values()
                continue
            for row in rel_rows:
                props = row["props"]
                self._add(out, (kind, row["from"], row["to"], *[props.get(k) for k in keys]), row)


def _merge_fact(first: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    """One fact row doing what writing `first`, then `then`, does (node_cypher): properties added, later
    ones winning, and the status of the latest telling (statusAsOf), the later row winning a tie."""
    before, after = first["props"], then["props"]
    # Visits and events always carry statusAsOf; agreements and statements never do (the last row wins).
    dated = "statusAsOf" in before and "statusAsOf" in after
    latest = before if dated and after["statusAsOf"] < before["statusAsOf"] else after
    props = before | after
    for key in ("status", "statusAsOf"):
        if key in latest:
            props[key] = latest[key]
        else:
            props.pop(key, None)
    return {"id": first["id"], "props": props}


# Evidence is replaced, not accumulated, so an edited document leaves no stale quotes.
FORGET_ARTICLES = (
    "UNWIND $articles AS id MATCH (:Node:Article {id: id})<-[r:SUPPORTED_BY]-(:Node) DELETE r",
    "UNWIND $articles AS id MATCH (:Node)-[r:REPORTED_BY {article: id}]->(:Node) DELETE r",
    "UNWIND $articles AS id MATCH (:Node:Article {id: id})-[r:PUBLISHED_BY]->(:Node) DELETE r",
)


# Every loader statement keeps its cached plan (index seeks on ids whatever the statistics): a bulk load
# changes the statistics fast enough to make Neo4j plan each statement again every few seconds otherwise.
KEEP_PLAN = "CYPHER replan=skip "


class _Rows(list[Any]):
    """A statement's rows. The driver formats every RUN's parameters for its debug log even when that log is
    off: repr of a batch's rows was half a second of a 1x bench load (29 MB of text); this one is short."""

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


@dataclass(frozen=True)
class RelStatements:
    spec: RelSpec
    linked: str  # rows {a, b, props} naming both ends by element id
    created: str  # the same, for relationships none can exist of: an end was created by the batch
    by_id: str  # rows {from, to, props}: an end the batch did not write (none, for checked documents)


def _statements() -> tuple[list[tuple[str, str]], list[RelStatements]]:
    """(parameter, statement) for a batch's nodes, in the order they run: the articles' old evidence forgotten,
    then every label's rows (each returning its nodes' element ids); then every relationship type's
    statements. Writes of different articles commute: a node depends only on its own earlier rows, a
    relationship on its ends existing, and an article's evidence is written by that article alone; so a
    batch runs one statement per label and type (one statement for all would be one round trip, but Neo4j
    takes seconds to plan it)."""
    nodes = [("articles", KEEP_PLAN + cypher) for cypher in FORGET_ARTICLES]
    nodes += [(f"nodes_{spec.kind}", KEEP_PLAN + node_cypher(spec, returning=True)) for spec in model.NODES]
    nodes += [(f"new_{spec.kind}", KEEP_PLAN + created_node_cypher(spec)) for spec in model.FACT_SPECS.values()]
    nodes.append(("roles", KEEP_PLAN + ROLE_CYPHER + RETURN_NODES))
    rels = [RelStatements(spec, KEEP_PLAN + linked_rel_cypher(spec), KEEP_PLAN + _ENDS_BY_ELEMENT_ID + _created(spec),
                          KEEP_PLAN + (created_rel_cypher if spec.of_article else rel_cypher)(spec))
            for spec in model.RELATIONSHIPS]
    return nodes, rels


NODE_STATEMENTS, REL_STATEMENTS = _statements()


@dataclass
class ElementIds:
    """The element ids of the nodes a batch wrote, by id, as sent to the relationship statements: what follows
    the prefix they all share ("4:<database>:"), or whole when they share none (the format is the server's)."""

    prefix: str
    by_id: dict[str, int | str]

    @classmethod
    def of(cls, element_ids: dict[str, str]) -> ElementIds:
        first = next(iter(element_ids.values()), "")
        prefix = first[: first.rfind(":") + 1]
        tails = {node_id: element_id[len(prefix):] for node_id, element_id in element_ids.items()}
        if prefix and all(element_id.startswith(prefix) for element_id in element_ids.values()) and all(
                tail.isdigit() and str(int(tail)) == tail for tail in tails.values()):
            return cls(prefix, {node_id: int(tail) for node_id, tail in tails.items()})
        return cls("", dict(element_ids))


def _linked(spec: RelSpec, rows: list[dict[str, Any]], nodes: dict[str, int | str], new: set[str]
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows whose both ends the batch wrote, by element id (properties only where the type has some): those
    with an end the batch created (`new`), and the others; then the rows whose ends it did not write, as they are."""
    linked: list[dict[str, Any]] = []
    created: list[dict[str, Any]] = []
    by_id: list[dict[str, Any]] = []
    with_props = bool(spec.props)
    for row in rows:
        source, target = row["from"], row["to"]
        a, b = nodes.get(source), nodes.get(target)
        if a is None or b is None:
            by_id.append(row)
            continue
        out = created if source in new or target in new else linked
        out.append({"a": a, "b": b, "props": row["props"]} if with_props else {"a": a, "b": b})
    return linked, created, by_id


def prepare(docs: Sequence[tuple[FactsDocument, str]]) -> list[Rows]:
    """Each document's rows before any id is resolved (the costly part: search keys), so they can be
    built while the database writes the previous batch."""
    return [to_rows(doc, text) for doc, text in docs]


async def _write(tx: AsyncManagedTransaction, docs: Sequence[tuple[FactsDocument, str]],
                 prepared: Sequence[Rows] | None, before_commit: Callable[[], object] | None = None) -> list[bool]:
    """Write documents (distinct article ids) as loading them one by one in this order would; for each,
    whether the graph held its article already (it is replaced)."""
    batch = BatchRows()
    known = await read_known(tx, [doc for doc, _ in docs])
    for (doc, _text), rows, same_as in zip(docs, prepared or prepare(docs), known.same_as, strict=True):
        batch.add(f"article:{doc.article.id}", rows.resolved(same_as))
    # Facts the graph did not hold: created, and so are their relationships (none can be there to merge with).
    # A fact merged into a known one has that one's id, which the graph holds. Only a known fact can have been
    # reviewed (protect).
    new = {fact.id for doc, _ in docs for fact in doc.facts} - known.facts
    await protect(tx, batch, new)  # editors' corrections survive re-ingesting an article
    # Only an article the graph held has evidence to forget.
    replaced = [article for article in batch.articles if article in known.articles]
    params: dict[str, Any] = {"articles": replaced, "roles": batch.roles}
    params |= {f"nodes_{spec.kind}": batch.nodes.get(spec, []) for spec in model.NODES}
    for spec in model.FACT_SPECS.values():
        fact_rows = params[f"nodes_{spec.kind}"]
        params[f"new_{spec.kind}"] = [row for row in fact_rows if row["id"] in new]
        params[f"nodes_{spec.kind}"] = [row for row in fact_rows if row["id"] not in new]
    nodes: dict[str, str] = {}  # id -> element id of every node the batch wrote
    for param, cypher in NODE_STATEMENTS:
        if params[param]:
            result = await tx.run(cypher, {param if param == "articles" else "rows": _Rows(params[param])})
            if param != "articles":
                record = await result.single(strict=True)
                nodes.update(zip(record["ids"], record["nodes"], strict=True))
            await result.consume()
    ends = ElementIds.of(nodes)
    for statements in REL_STATEMENTS:
        linked, created, by_id = _linked(statements.spec, batch.rels.get(statements.spec, []), ends.by_id, new)
        for cypher, rows in ((statements.linked, linked), (statements.created, created)):
            if rows:
                await (await tx.run(cypher, rows=_Rows(rows), prefix=ends.prefix)).consume()
        if by_id:
            await (await tx.run(statements.by_id, rows=_Rows(by_id))).consume()
    if before_commit is not None:
        before_commit()
    return [article in known.articles for article in batch.articles]


async def ensure_schema(driver: AsyncDriver, *, database: str) -> None:
    """Constraints and indexes (idempotent), created before anything is loaded."""
    for statement in model.schema_statements():
        await driver.execute_query(statement, database_=database)
    # An index still populating is invisible to the planner, and the loader keeps its first plans (KEEP_PLAN):
    # a statement planned before its index is online would scan a label for every row of every later batch.
    await driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


async def load_document(driver: AsyncDriver, doc: FactsDocument, text: str, *, database: str) -> bool:
    """Write one article and its facts in one transaction: all of it or nothing. True when the graph held the
    article already (it was replaced)."""
    return (await load_batch(driver, [(doc, text)], database=database))[0]


async def load_batch(driver: AsyncDriver, docs: Sequence[tuple[FactsDocument, str]], *, database: str,
                     prepared: Sequence[Rows] | None = None, before_commit: Callable[[], object] | None = None
                     ) -> list[bool]:
    """Write many articles in one transaction: all of them or nothing; for each, whether the graph held it
    already. Article ids must be distinct (a later document of the same article replaces an earlier one's
    evidence: load it in a later batch). `prepared`: their rows from prepare(docs), if already built.
    `before_commit`: called once the statements have run, before the commit (loaders.batches starts building the
    next batch's rows there)."""
    ids = [doc.article.id for doc, _ in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("a batch holds the same article twice; load the second in a later batch")
    if not docs:
        return []
    # the driver's shared bookmarks: a read right after (the API's answer to ingestArticle) sees this write
    async with driver.session(database=database, bookmark_manager=driver.execute_query_bookmark_manager) as session:
        try:
            return await session.execute_write(_write, docs, prepared, before_commit)
        except ConstraintError:
            # A fact another writer created between this transaction's read and its CREATE: read again (it is
            # merged this time); a constraint the documents themselves break fails again, and is raised.
            return await session.execute_write(_write, docs, prepared, before_commit)


async def database_is_empty(driver: AsyncDriver, *, database: str) -> bool:
    records, _, _ = await driver.execute_query("MATCH (a:Article) RETURN count(a) > 0 AS any", database_=database)
    return not records[0]["any"]
