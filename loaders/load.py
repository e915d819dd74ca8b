"""Writing facts documents into Neo4j: transform to rows, then batched UNWIND ... MERGE.

The Cypher is generated from graph.model, one statement per label and per
relationship type, so a document costs a fixed handful of queries however many
facts it holds. One article is one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import model
from graph.dates import PartialDate
from graph.model import NodeSpec, RelSpec
from graph.text import fold, search_terms, search_text
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
from loaders.review import protect

BATCH = 1000
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
        row: dict[str, Any] = {"id": self.resolve(node_id), "props": props}
        if spec.kind in model.ENTITY_SPECS:
            row["aliases"] = props.pop("aliases", [])
            row["terms"] = terms or []
        self.nodes[spec].append(row)

    def rel(self, spec: RelSpec, source: str | None, target: str | None, **props: Any) -> None:
        if source and target:
            self.rels[spec].append({"from": self.resolve(source), "to": self.resolve(target), "props": props})


def _span(first: str | None, last: str | None = None) -> dict[str, str | None]:
    """The first and last day a partial date (or range) covers, for range filters, and never-null
    sort keys (undated last in either direction) that an index can return in order."""
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
                role_id = f"{rows.resolve(entity.id)}#{fold(role.title).replace(' ', '-')}"
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
    key = fold(source)
    for entity in doc.entities:
        if isinstance(entity, OrganizationEntity):
            names = [entity.id, entity.name, entity.name_ar, *entity.aliases]
            if any(name and fold(name) == key for name in names):
                return entity.id
    return None


def _match_label(label: str) -> str:
    # Node ids are unique and indexed on the Node label; Role has its own constraint.
    return "Role" if label == "Role" else "Node"


def node_cypher(spec: NodeSpec) -> str:
    labels = ":".join(spec.labels[1:])
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
            "n.statusAsOf = CASE WHEN newer THEN row.props.statusAsOf ELSE oldAsOf END"
        )
    if spec.kind not in model.ENTITY_SPECS:
        return f"UNWIND $rows AS row MERGE (n:Node {{id: row.id}}) SET n:{labels} SET n += row.props"
    # Entities are shared by articles: only a verified (curated or registry) description replaces
    # one already there, so an unverified name keeps its first spelling; every name seen anywhere
    # (replaced ones too) stays as an alias and a search term.
    return (
        f"UNWIND $rows AS row MERGE (n:Node {{id: row.id}}) SET n:{labels} "
        "WITH n, row, (n.verified IS NULL OR row.props.verified) AS replace, "
        "  [n.name, n.nameAr] + row.aliases + [row.props.name, row.props.nameAr] AS seen "
        "SET n += CASE WHEN replace THEN row.props ELSE {} END "
        "SET n.aliases = reduce(acc = coalesce(n.aliases, []), a IN seen | "
        "  CASE WHEN a IS NULL OR a IN acc OR a = n.name OR a = n.nameAr THEN acc ELSE acc + a END) "
        "SET n.searchTerms = reduce(acc = coalesce(n.searchTerms, []), t IN row.terms | "
        "  CASE WHEN t IN acc THEN acc ELSE acc + t END) "
        "SET n.searchText = reduce(s = '', t IN n.searchTerms | s + ' ' + t)"
    )


# A role has no quote of its own: it keeps the articles that told it, so retracting the last of them removes it.
ROLE_CYPHER = (
    "UNWIND $rows AS row MERGE (n:Role {id: row.id}) SET n += row.props "
    "SET n.articles = CASE WHEN row.article IN coalesce(n.articles, []) THEN n.articles "
    "ELSE coalesce(n.articles, []) + row.article END"
)


def rel_cypher(spec: RelSpec) -> str:
    keys = ", ".join(f"{key}: row.props.{key}" for key in spec.keys)
    merge = f"MERGE (a)-[r:{spec.type} {{{keys}}}]->(b)" if keys else f"MERGE (a)-[r:{spec.type}]->(b)"
    return (
        f"UNWIND $rows AS row MATCH (a:{_match_label(spec.source)} {{id: row.from}}) "
        f"MATCH (b:{_match_label(spec.target)} {{id: row.to}}) {merge} SET r += row.props"
    )


# The same visit told by another article: same visitor, same host country, same start date
# (known to the day or month). Undated visits are never merged: "no such plans" and "an
# anticipated visit" may both be undated and must stay apart.
SAME_VISIT = """
UNWIND $visits AS visit
MATCH (:Node {id: visit.visitor})-[:MADE]->(known:Visit {start: visit.start})
      -[:HOSTED_BY]->(:Country {code: visit.host})
WHERE known.id <> visit.id AND NOT EXISTS { (:Node {id: visit.id}) }
RETURN visit.id AS id, min(known.id) AS known
"""


# An unverified person (found by an extractor, unknown to the registry) already in the graph under
# another id: the same name once folded (diacritics, hamza and alef forms, غ/ج, ى/ي, ة/ه...).
SAME_PERSON = """
UNWIND $people AS person
MATCH (known:Person) WHERE known.id <> person.id AND person.key IN known.searchTerms
  AND NOT EXISTS { (:Node {id: person.id}) }
RETURN person.id AS id, min(known.id) AS known
"""


async def known_ids(tx: AsyncManagedTransaction, doc: FactsDocument) -> dict[str, str]:
    """Ids in this document for nodes the graph already holds under another id (people first:
    a visit is recognised by its visitor)."""
    same: dict[str, str] = {}
    people = [
        {"id": e.id, "key": terms[0]}
        for e in doc.entities
        if isinstance(e, PersonEntity) and not e.verified and (terms := search_terms(e.name_ar or e.name))
    ]
    if people:
        result = await tx.run(SAME_PERSON, people=people)
        same |= {record["id"]: record["known"] async for record in result}
    return same | await _same_visits(tx, doc, same)


async def _same_visits(tx: AsyncManagedTransaction, doc: FactsDocument, same: dict[str, str]) -> dict[str, str]:
    visits = [
        {"id": f.id, "visitor": same.get(f.visitor, f.visitor), "host": f.host_country, "start": f.start}
        for f in doc.facts
        if isinstance(f, VisitFact) and f.start and len(f.start) > 4
    ]
    if not visits:
        return {}
    result = await tx.run(SAME_VISIT, visits=visits)
    return {record["id"]: record["known"] async for record in result}


async def _write(tx: AsyncManagedTransaction, doc: FactsDocument, text: str) -> bool:
    article_id = f"article:{doc.article.id}"
    existed = await (await tx.run("MATCH (a:Article {id: $id}) RETURN a.id", id=article_id)).single() is not None
    rows = to_rows(doc, text, await known_ids(tx, doc))
    await protect(tx, rows)  # editors' corrections survive re-ingesting the article
    # Evidence is replaced, not accumulated, so an edited document leaves no stale quotes.
    await tx.run("MATCH (:Node)-[r:SUPPORTED_BY]->(:Article {id: $id}) DELETE r", id=article_id)
    await tx.run("MATCH (:Node)-[r:REPORTED_BY {article: $id}]->(:Node) DELETE r", id=article_id)
    await tx.run("MATCH (:Article {id: $id})-[r:PUBLISHED_BY]->(:Node) DELETE r", id=article_id)
    for spec, node_rows in rows.nodes.items():
        for i in range(0, len(node_rows), BATCH):
            await tx.run(node_cypher(spec), rows=node_rows[i : i + BATCH])
    if rows.roles:
        await tx.run(ROLE_CYPHER, rows=rows.roles)
    for spec, rel_rows in rows.rels.items():
        for i in range(0, len(rel_rows), BATCH):
            await tx.run(rel_cypher(spec), rows=rel_rows[i : i + BATCH])
    return existed


async def ensure_schema(driver: AsyncDriver, *, database: str) -> None:
    """Constraints and indexes (idempotent), created before anything is loaded."""
    for statement in model.schema_statements():
        await driver.execute_query(statement, database_=database)


async def load_document(driver: AsyncDriver, doc: FactsDocument, text: str, *, database: str) -> bool:
    """Write one article and its facts in one transaction: all of it or nothing. True when the graph held the
    article already (it was replaced)."""
    # the driver's shared bookmarks: a read right after (the API's answer to ingestArticle) sees this write
    async with driver.session(database=database, bookmark_manager=driver.execute_query_bookmark_manager) as session:
        return await session.execute_write(_write, doc, text)


async def database_is_empty(driver: AsyncDriver, *, database: str) -> bool:
    records, _, _ = await driver.execute_query("MATCH (a:Article) RETURN count(a) > 0 AS any", database_=database)
    return not records[0]["any"]
