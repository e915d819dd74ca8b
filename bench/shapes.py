"""The request shapes of the comparison, each asked of Khabar, of the peer and of Neo4j in raw Cypher.

Every shape reads the same result set from the three (same nodes, same fields, visits ordered by
`sortDate` then `id`, the order Khabar's lists use) and normalizes each answer to the same plain Python
structure, so the bench can tell whether they agree. Arguments (a busy visitor, page 19's cursor...) are
picked from the loaded graph by `prepare`, before anything is timed.

The peer is asked in its lists' form (`visits(limit:, offset:, sort:)`), its best: its Connection form
(`visitsConnection(first:, after:)`) compiles to a query that collects every matching node first and, for a
late page, runs out of Neo4j's per-transaction memory (db.memory.transaction.max, 192 MiB on the local
server) on a page past the 950th of 1,100 visits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from neo4j import AsyncDriver, RoutingControl

from graph.model import FULLTEXT_FACT_INDEX
from graph.text import fold
from schema.search import lucene_query

PAGE = 50  # visits per page (shapes a, b, f)
LATE_PAGE = 20  # shape f reads this page of `visits(first: 50)`
PER_COUNTRY = 5  # visits per country (shape c)
SEARCH_WORD = "tourism"  # a purpose word no entity name contains: Khabar's search then widens nothing
SEARCH_FIRST = 10

Normalize = Callable[[Any], Any]
# visits ordered as Khabar orders its lists: by sortDate (undated last), then id
VISIT_SORT = "[{sortDate: ASC}, {id: ASC}]"


@dataclass(frozen=True)
class Request:
    query: str
    variables: dict[str, Any]


@dataclass(frozen=True)
class Shape:
    key: str  # a..f
    title: str
    khabar: Request
    peer: Request
    raw: Request  # Cypher and its parameters
    khabar_norm: Normalize
    peer_norm: Normalize
    raw_norm: Normalize  # from the list of record dicts


def _edges(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def _name(node: dict[str, Any] | None) -> str | None:
    return node["name"] if node else None


def _visit_rows(nodes: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(v["id"], v["startDate"], _name(v["hostCountry"])) for v in nodes]


def _raw_visit_rows(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["id"], r["startDate"], r["host"]) for r in rows]


VISIT_FIELDS = "id startDate hostCountry { name }"
# One host country per visit: the first, as the API's hostCountry returns it (ordered by name).
RAW_VISIT_RETURN = ("RETURN n.id AS id, n.start AS startDate, "
                    "head([(n)-[:HOSTED_BY]->(c:Country) | c.name]) AS host")  # fmt: skip


# --- a: a person's 50 visits with their host country ---------------------------------------------------

KHABAR_A = f"""query ($id: ID!) {{ node(id: $id) {{ ... on Person {{
  visitsConnection(first: {PAGE}) {{ edges {{ node {{ {VISIT_FIELDS} }} }} }} }} }} }}"""
PEER_A = f"""query ($id: ID!) {{ people(where: {{id: {{eq: $id}}}}) {{
  visits(limit: {PAGE}, sort: {VISIT_SORT}) {{ {VISIT_FIELDS} }} }} }}"""
RAW_A = (f"MATCH (:Node {{id: $id}})-[:MADE]->(n:Visit) WITH n ORDER BY n.sortDate, n.id LIMIT {PAGE} "
         f"{RAW_VISIT_RETURN}")  # fmt: skip

# --- b: 50 visits filtered by host country and visitor -------------------------------------------------

KHABAR_B = f"""query ($hc: String!, $visitor: ID!) {{ visits(hostCountry: $hc, visitor: $visitor, first: {PAGE}) {{
  edges {{ node {{ {VISIT_FIELDS} }} }} }} }}"""
PEER_B = f"""query ($hc: String!, $visitor: ID!) {{ visits(limit: {PAGE}, sort: {VISIT_SORT},
  where: {{hostCountry: {{code: {{eq: $hc}}}}, visitor: {{id: {{eq: $visitor}}}}}}) {{ {VISIT_FIELDS} }} }}"""
RAW_B = (f"MATCH (:Node {{id: $visitor}})-[:MADE]->(n:Visit)-[:HOSTED_BY]->(:Country {{code: $hc}}) "
         f"WITH DISTINCT n ORDER BY n.sortDate, n.id LIMIT {PAGE} {RAW_VISIT_RETURN}")  # fmt: skip

# --- c: every country, its first 5 hosted visits and their visitor --------------------------------------

KHABAR_C = f"""{{ countries {{ code visitsHostedConnection(first: {PER_COUNTRY}) {{
  edges {{ node {{ id visitor {{ name }} }} }} }} }} }}"""
PEER_C = f"""{{ countries(sort: [{{sortName: ASC}}]) {{ code
  visitsHosted(limit: {PER_COUNTRY}, sort: {VISIT_SORT}) {{ id visitor {{ name }} }} }} }}"""
RAW_C = ("MATCH (c:Country) WITH c ORDER BY c.sortName "
         "CALL (c) { MATCH (n:Visit)-[:HOSTED_BY]->(c) WITH n ORDER BY n.sortDate, n.id "
         f"LIMIT {PER_COUNTRY} RETURN collect([n.id, head([(p:Person)-[:MADE]->(n) | p.name])]) AS visits }} "
         "RETURN c.code AS code, visits")  # fmt: skip


def _countries(rows: list[dict[str, Any]], visits: Callable[[dict[str, Any]], list[dict[str, Any]]]) -> list[Any]:
    return [(c["code"], [(v["id"], _name(v["visitor"])) for v in visits(c)]) for c in rows]


# --- d: visit counts by host country -------------------------------------------------------------------

KHABAR_D = "{ visitCounts(groupBy: HOST_COUNTRY) { key count } }"
PEER_D = "{ countries { code visitsHostedConnection { aggregate { count { nodes } } } } }"
RAW_D = "MATCH (n:Visit)-[:HOSTED_BY]->(c:Country) RETURN c.code AS code, count(DISTINCT n) AS n"


def _counts(pairs: list[tuple[str | None, int]]) -> dict[str | None, int]:
    return {key: count for key, count in sorted(pairs, key=lambda p: str(p[0])) if count}


# --- e: fulltext search of visits, with the total ------------------------------------------------------

KHABAR_E = f"""query ($q: String!) {{ search(query: $q, kinds: [VISIT], first: {SEARCH_FIRST}) {{ totalCount
  edges {{ node {{ score node {{ id ... on Visit {{ startDate }} }} }} }} }} }}"""
PEER_E = f"""query ($q: String!) {{ visitsFulltext(phrase: $q, first: {SEARCH_FIRST},
  sort: [{{score: DESC}}, {{node: {{id: ASC}}}}]) {{ totalCount edges {{ score node {{ id startDate }} }} }} }}"""
RAW_E = (f"CALL db.index.fulltext.queryNodes('{FULLTEXT_FACT_INDEX}', $q) YIELD node, score WHERE node:Visit "
         "WITH node, score ORDER BY score DESC, node.id ASC "
         "WITH collect([node.id, node.start, score]) AS hits "
         f"RETURN size(hits) AS total, hits[..{SEARCH_FIRST}] AS page")  # fmt: skip


def _hits(total: int, page: list[tuple[str, str | None, float]]) -> tuple[int, list[tuple[Any, ...]]]:
    return total, [(i, d, round(s, 4)) for i, d, s in page]


# --- f: page 20 of visits(first: 50), by cursor -------------------------------------------------------

KHABAR_F = f"""query ($after: String) {{ visits(first: {PAGE}, after: $after) {{
  edges {{ node {{ {VISIT_FIELDS} }} }} pageInfo {{ endCursor }} }} }}"""
PEER_F = f"""query ($offset: Int!) {{ visits(limit: {PAGE}, offset: $offset, sort: {VISIT_SORT}) {{
  {VISIT_FIELDS} }} }}"""
RAW_F = ("MATCH (n:Visit) WHERE n.sortDate >= $key AND (n.sortDate > $key OR n.id > $id) "
         f"WITH n ORDER BY n.sortDate, n.id LIMIT {PAGE} {RAW_VISIT_RETURN}")  # fmt: skip


# --- choosing the arguments ----------------------------------------------------------------------------


async def _one(driver: AsyncDriver, database: str, cypher: str, **params: Any) -> dict[str, Any]:
    records, _, _ = await driver.execute_query(cypher, params, database_=database, routing_=RoutingControl.READ)
    if not records:
        raise RuntimeError(f"the corpus has nothing for: {cypher}")
    return records[0].data()


async def graphql(http: httpx.AsyncClient, url: str, request: Request) -> dict[str, Any]:
    """POST a request; the response body (data, errors, extensions). Raises on HTTP failure."""
    response = await http.post(url, json={"query": request.query, "variables": request.variables})
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{url}: {response.status_code} {str(body.get('errors'))[:500]}")
    return body


async def _cursor_before(http: httpx.AsyncClient, url: str, query: str, page: int, root: str) -> str | None:
    """The endCursor of page `page - 1`, walking `after` from page 1 (how a client reaches a late page)."""
    after: str | None = None
    for _ in range(page - 1):
        body = await graphql(http, url, Request(query, {"after": after}))
        after = body["data"][root]["pageInfo"]["endCursor"]
    return after


async def prepare(driver: AsyncDriver, database: str, http: httpx.AsyncClient, khabar_url: str) -> list[Shape]:
    """The six shapes, with arguments picked from the loaded corpus (the busiest visitor and so on)."""
    busiest = await _one(driver, database, "MATCH (p:Person)-[:MADE]->(v:Visit) WITH p, count(v) AS n "
                         "RETURN p.id AS id, n ORDER BY n DESC, p.id LIMIT 1")  # fmt: skip
    pair = await _one(driver, database, "MATCH (p:Person)-[:MADE]->(v:Visit)-[:HOSTED_BY]->(c:Country) "
                      "WITH p, c, count(v) AS n RETURN p.id AS visitor, c.code AS hc, n "
                      "ORDER BY n DESC, p.id, c.code LIMIT 1")  # fmt: skip
    # page 20, or the last full page of a smaller corpus (tests)
    visits = (await _one(driver, database, "MATCH (n:Visit) RETURN count(n) AS n"))["n"]
    late = max(2, min(LATE_PAGE, visits // PAGE))
    skip = (late - 1) * PAGE - 1
    boundary = await _one(driver, database, "MATCH (n:Visit) RETURN n.sortDate AS key, n.id AS id "
                          "ORDER BY n.sortDate, n.id SKIP $skip LIMIT 1", skip=skip)  # fmt: skip
    khabar_after = await _cursor_before(http, khabar_url, KHABAR_F, late, "visits")
    words = fold(SEARCH_WORD).split()
    # Khabar's search wraps the query in parentheses (and widens it with the names of the entities it
    # matches: none for this word); the peer and raw Cypher get that same Lucene query.
    phrase = f"({lucene_query(words)})"

    def visits_of(path: Callable[[Any], Any]) -> Normalize:
        return lambda data: _visit_rows(_edges(path(data)))

    return [
        Shape("a", f"a person's {PAGE} visits + host country",
              Request(KHABAR_A, {"id": busiest["id"]}), Request(PEER_A, {"id": busiest["id"]}),
              Request(RAW_A, {"id": busiest["id"]}),
              visits_of(lambda d: d["node"]["visitsConnection"]), lambda d: _visit_rows(d["people"][0]["visits"]),
              _raw_visit_rows),
        Shape("b", f"{PAGE} visits by host country + visitor",
              Request(KHABAR_B, pair_vars := {"hc": pair["hc"], "visitor": pair["visitor"]}),
              Request(PEER_B, pair_vars), Request(RAW_B, pair_vars),
              visits_of(lambda d: d["visits"]), lambda d: _visit_rows(d["visits"]), _raw_visit_rows),
        Shape("c", f"countries, {PER_COUNTRY} visits each + visitor",
              Request(KHABAR_C, {}), Request(PEER_C, {}), Request(RAW_C, {}),
              lambda d: _countries(d["countries"], lambda c: _edges(c["visitsHostedConnection"])),
              lambda d: _countries(d["countries"], lambda c: c["visitsHosted"]),
              lambda rows: [(r["code"], [tuple(v) for v in r["visits"]]) for r in rows]),
        Shape("d", "visit counts by host country",
              Request(KHABAR_D, {}), Request(PEER_D, {}), Request(RAW_D, {}),
              lambda d: _counts([(g["key"], g["count"]) for g in d["visitCounts"]]),
              lambda d: _counts([(c["code"], c["visitsHostedConnection"]["aggregate"]["count"]["nodes"])
                                 for c in d["countries"]]),
              lambda rows: _counts([(r["code"], r["n"]) for r in rows])),
        Shape("e", f"fulltext search of visits ({SEARCH_WORD!r}), first {SEARCH_FIRST} + total",
              Request(KHABAR_E, {"q": SEARCH_WORD}), Request(PEER_E, {"q": phrase}), Request(RAW_E, {"q": phrase}),
              lambda d: _hits(d["search"]["totalCount"], [(e["node"]["node"]["id"], e["node"]["node"]["startDate"],
                                                           e["node"]["score"]) for e in d["search"]["edges"]]),
              lambda d: _hits(d["visitsFulltext"]["totalCount"], [(e["node"]["id"], e["node"]["startDate"],
                                                                   e["score"]) for e in d["visitsFulltext"]["edges"]]),
              lambda rows: _hits(rows[0]["total"], [tuple(h) for h in rows[0]["page"]])),
        Shape("f", f"page {late} of visits(first: {PAGE}) by cursor",
              Request(KHABAR_F, {"after": khabar_after}), Request(PEER_F, {"offset": skip + 1}),
              Request(RAW_F, {"key": boundary["key"], "id": boundary["id"]}),
              visits_of(lambda d: d["visits"]), lambda d: _visit_rows(d["visits"]), _raw_visit_rows),
    ]  # fmt: skip
