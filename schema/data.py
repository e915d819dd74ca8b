"""Read-side Cypher: every query the API runs against Neo4j lives here.

Lists are described by a `Listing` (a MATCH, filters, an ordering); one query
fetches a keyset page and a separate count query answers totalCount only when
asked. Related nodes are fetched in batches per request (see schema.context),
one query per relation and page, never one per node.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import READ_ACCESS, AsyncDriver, Query
from neo4j.exceptions import DriverError, Neo4jError

from graph.breaker import Breaker
from graph.db import RETRY_S, UNAVAILABLE, describe, error_code, is_unavailable
from graph.model import ADDED_AT
from schema.errors import DatabaseError
from schema.pagination import PageRequest, SortDirection

Record = dict[str, Any]
# A node's properties as the API's types read them, a map projection to write after the node's variable: all but
# the search keys (long) and addedAt (a datetime, slow for the driver to decode), which no field reads.
_UNREAD = f"searchText: null, searchTerms: null, {ADDED_AT}: null"
PROPS = f"{{.*, {_UNREAD}}}"
WHOLE_NODE = f"n {{.*, {_UNREAD}, _labels: labels(n)}}"  # a node record as schema.types.build takes it

# (ascending, descending) sort-key properties: stored, never null and indexed (see loaders.load._span),
# so a page is read in index order and costs its size, not the list's.
SORT_KEYS = {
    "DATE": ("n.sortDate", "n.sortDateDesc"),
    "NAME": ("n.sortName", "n.sortName"),
}


def keyset(key: str, node_id: str, ascending: bool, cursor_key: str, cursor_id: str) -> list[str]:
    """Conditions for the rows after a cursor: a seekable range on the key, then the tie-break on id."""
    op = ">" if ascending else "<"
    return [f"{key} {op}= {cursor_key}", f"({key} {op} {cursor_key} OR {node_id} {op} {cursor_id})"]


@dataclass(frozen=True)
class Anchor:
    """A filter naming a node by id: the list starts from that node (an index seek, then its relationships),
    and the same statement reports whether the node exists, so checking the argument costs no round trip."""

    param: str  # the parameter holding the id; the anchor node is bound to `a_<param>`
    label: str  # what the node must be (Person, Country, Entity, Node...)
    node_id: str
    path: str | None  # from `(a)` to `(n)`; None: only checked, the listing's own filters use `$param`
    argument: str  # the GraphQL argument and the value it was given, for the error when nothing has the id
    value: str
    distinct: bool = False  # the path may reach the same n twice

    @property
    def var(self) -> str:
        return f"a_{self.param}"


@dataclass
class Listing:
    """`match` binds `n`; `where` holds conditions joined with AND; params feed both.
    `distinct` when the match can bind the same node twice (paths through relations).
    `anchors`: filters by a given node; the first with a path is where the match starts."""

    match: str
    where: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    sort: str = "NAME"
    direction: SortDirection = SortDirection.ASC
    distinct: bool = False
    anchors: list[Anchor] = field(default_factory=list)
    node_type: str = "Node"  # GraphQL type of the listed nodes (what projections compile against)

    def filter(self, condition: str, **params: Any) -> None:
        self.where.append(condition)
        self.params.update(params)

    def anchor(self, argument: str, value: str, label: str, node_id: str, path: str | None, *,
               param: str | None = None, distinct: bool = False) -> None:
        param = param or argument
        self.anchors.append(Anchor(param, label, node_id, path, argument, value, distinct))
        self.params[param] = node_id

    def _body(self, extra: list[str] = ()) -> tuple[str, bool]:
        """The MATCH and WHERE binding the listed `n`, started from the first anchor with a path;
        and whether it may bind the same n twice."""
        match, where, distinct = self.match, list(self.where), self.distinct
        start = next((a for a in self.anchors if a.path is not None), None)
        for a in self.anchors:
            if a.path is None:
                continue
            path = a.path.replace("(a)", f"({a.var})")
            if a is start:
                label = self.match.removeprefix("MATCH ").strip()  # e.g. (n:Visit)
                match = f"MATCH {path.replace('(n)', label)}"
                distinct = distinct or a.distinct
            else:
                where.append(f"EXISTS {{ {path} }}")
        where += extra
        return f"{match} {'WHERE ' + ' AND '.join(f'({w})' for w in where) if where else ''}", distinct

    def _anchored(self, body: str, value: str, column: str) -> str:
        """`body` returning `value AS column`, with the anchors' existence reported in `found`."""
        returns = f"{value} AS {column}"
        if not self.anchors:
            return f"{body} RETURN {returns}"
        bound = ", ".join(a.var for a in self.anchors)
        lookups = " ".join(
            f"OPTIONAL MATCH ({a.var}:Node {{id: ${a.param}}}) WHERE {a.var}:{a.label}" for a in self.anchors
        )
        found = ", ".join(f"{a.param}: {a.var} IS NOT NULL" for a in self.anchors)
        return f"{lookups} CALL ({bound}) {{ {body} RETURN {returns} }} RETURN {{{found}}} AS found, {column}"

    def count_query(self) -> str:
        body, distinct = self._body()
        return self._anchored(body, f"count({'DISTINCT ' if distinct else ''}n)", "total")

    def page_query(self, page: PageRequest, projection: str = WHOLE_NODE) -> tuple[str, dict[str, Any]]:
        """A keyset page: one record, `rows` a list of {row: the projection of n, k: its sort key}."""
        ascending = (self.direction is SortDirection.ASC) == page.forward
        key = SORT_KEYS[self.sort][0 if self.direction is SortDirection.ASC else 1]
        order = "ASC" if ascending else "DESC"
        params = dict(self.params, limit=page.limit + 1)
        # `key IS NOT NULL` (always true) lets the planner read the key's index in order; not when the match
        # starts from an anchor: then its few relationships are read and sorted (the hint would have the index
        # scanned instead, anchor or not).
        extra = [] if any(a.path for a in self.anchors) else [f"{key} IS NOT NULL"]
        if page.cursor is not None:
            extra += keyset(key, "n.id", ascending, "$cursorKey", "$cursorId")
            params.update(cursorKey=page.cursor[0], cursorId=page.cursor[1])
        body, distinct = self._body(extra)
        if distinct:
            body += " WITH DISTINCT n"
        body += f" WITH n ORDER BY {key} {order}, n.id {order} LIMIT $limit"
        return self._anchored(body, f"collect({{row: {projection}, k: {key}}})", "rows"), params


class Reader:
    """Runs read queries with READ routing; maps driver failures to user-facing errors."""

    def __init__(self, driver: AsyncDriver, database: str, *, timeout_s: float | None = None,
                 breaker: Breaker | None = None) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s  # Neo4j ends a read transaction that runs longer (bounded cost)
        self.breaker = breaker
        self.queries = 0  # round trips made for this request (reported in the response's extensions)

    async def rows(self, cypher: str, *, maps: bool = False, **params: Any) -> list[Record]:
        """The records as dicts. `maps`: the statement returns only maps, lists and values (compiled
        projections), never graph objects, so the driver's deep conversion of each value is skipped."""
        if self.breaker is not None and self.breaker.is_open:
            raise DatabaseError(UNAVAILABLE, "DATABASE_UNAVAILABLE")
        self.queries += 1
        try:
            records = await self._records(Query(cypher, timeout=self.timeout_s), params)
        except (Neo4jError, DriverError, OSError) as error:
            if self.breaker is not None and is_unavailable(error):
                self.breaker.trip()
            raise DatabaseError(describe(error), error_code(error)) from error
        if maps:
            return [dict(zip(record.keys(), record, strict=True)) for record in records]
        return [record.data() for record in records]

    async def _records(self, query: Query, params: dict[str, Any]) -> list[neo4j.Record]:
        """One auto-commit read: a single statement needs no explicit transaction, and the driver's managed one
        (execute_query) cost a COMMIT round trip and ~0.3 ms of CPU per request. A retryable failure (a cluster
        member gone, a transient error) is run again for up to RETRY_S, as the driver's own retries would."""
        started, pause = time.monotonic(), 0.05
        while True:
            try:
                # the bookmarks the writers share (loaders, mutations): a read follows the writes before it
                async with self.driver.session(database=self.database, default_access_mode=READ_ACCESS,
                                               bookmark_manager=self.driver.execute_query_bookmark_manager) as session:
                    result = await session.run(query, params)
                    return [record async for record in result]
            except (Neo4jError, DriverError) as error:
                if not error.is_retryable() or time.monotonic() - started > RETRY_S:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.5)

    async def page(
        self, listing: Listing, page: PageRequest, projection: str = WHOLE_NODE, **params: Any
    ) -> tuple[list[Record], bool, dict[str, bool]]:
        """The page's rows in order, whether more follow in the direction read, and which anchors exist."""
        query, own = listing.page_query(page, projection)
        [record] = await self.rows(query, maps=True, **own, **params)
        rows = record["rows"]
        more = len(rows) > page.limit
        rows = rows[: page.limit]
        if not page.forward:
            rows.reverse()
        return rows, more, record.get("found", {})

    async def count(self, listing: Listing) -> tuple[int, dict[str, bool]]:
        [record] = await self.rows(listing.count_query(), **listing.params)
        return int(record["total"]), record.get("found", {})

    # --- batched lookups (called by the per-request DataLoaders) ---

    async def nodes_by_id(self, ids: list[str]) -> list[Record | None]:
        rows = await self.rows(
            f"UNWIND $ids AS id MATCH (n:Node {{id: id}}) RETURN id, labels(n) AS labels, n {PROPS} AS props",
            ids=ids,
        )
        found = {row["id"]: row for row in rows}
        return [found.get(i) for i in ids]

    async def related(self, relation: str, ids: list[str]) -> list[list[Record]]:
        pattern, order = RELATIONS[relation]
        label = "Role" if relation.startswith("role.") else "Node"
        rows = await self.rows(
            f"UNWIND $ids AS id MATCH (s:{label} {{id: id}}) MATCH {pattern} "
            f"WITH DISTINCT id, t ORDER BY {order}, t.id "
            f"RETURN id, collect({{labels: labels(t), props: t {PROPS}}}) AS items",
            ids=ids,
        )
        found = {row["id"]: row["items"] for row in rows}
        return [found.get(i, []) for i in ids]

    async def evidence(self, ids: list[str]) -> list[list[Record]]:
        rows = await self.rows(
            "UNWIND $ids AS id MATCH (s:Node {id: id})-[r:SUPPORTED_BY]->(a:Article) "
            "WITH id, r, a ORDER BY a.spanFrom, a.id, r.start "
            "RETURN id, collect({article: a.id, quote: r.quote, start: r.start, end: r.end, "
            "confidence: r.confidence, reportedBy: r.reportedBy}) AS items",
            ids=ids,
        )
        found = {row["id"]: row["items"] for row in rows}
        return [found.get(i, []) for i in ids]


_BY_DATE = "coalesce(t.spanFrom, '9999')"
_BY_NAME = "coalesce(t.sortName, t.id)"

# name -> (pattern from the source node `s` to the related nodes `t`, ordering)
RELATIONS: dict[str, tuple[str, str]] = {
    "roles": ("(s)-[:HAS_ROLE]->(t:Role)", "coalesce(t.since, '')"),
    "role.organization": ("(s)-[:ROLE_AT]->(t)", _BY_NAME),
    "role.country": ("(s)-[:ROLE_FOR]->(t)", _BY_NAME),
    "citizenship": ("(s)-[:CITIZEN_OF]->(t)", _BY_NAME),
    "visits": ("(s)-[:MADE]->(t:Visit)", _BY_DATE),
    "statements": ("(t:Statement)-[:SPOKEN_BY]->(s)", _BY_DATE),
    "capital": ("(s)-[:CAPITAL]->(t)", _BY_NAME),
    "people": ("(t:Person)-[:CITIZEN_OF]->(s)", _BY_NAME),
    "visitsMade": ("(t:Visit)-[:VISITOR_FROM]->(s)", _BY_DATE),
    "visitsHosted": ("(t:Visit)-[:HOSTED_BY]->(s)", _BY_DATE),
    "agreements": ("(t:Agreement)-[:PARTY]->(s)", _BY_DATE),
    "basedIn": ("(s)-[:BASED_IN]->(t)", _BY_NAME),
    "locatedIn": ("(s)-[:LOCATED_IN]->(t)", _BY_NAME),
    "visitor": ("(t)-[:MADE]->(s)", _BY_NAME),
    "visitorCountry": ("(s)-[:VISITOR_FROM]->(t)", _BY_NAME),
    "hostCountry": ("(s)-[:HOSTED_BY]->(t)", _BY_NAME),
    "destination": ("(s)-[:DESTINATION]->(t)", _BY_NAME),
    "invitedBy": ("(s)-[:INVITED_BY]->(t)", _BY_NAME),
    "delegation": ("(t:Person)-[:IN_DELEGATION]->(s)", _BY_NAME),
    "signedAgreements": ("(t:Agreement)-[:SIGNED_DURING]->(s)", _BY_DATE),
    "latestOf": ("(s)-[:LATEST_OF]->(t:Visit)", _BY_DATE),
    "seriesLatest": ("(t:Visit)-[:LATEST_OF]->(s)", _BY_DATE),
    "parties": ("(s)-[:PARTY]->(t)", _BY_NAME),
    "signedDuring": ("(s)-[:SIGNED_DURING]->(t)", _BY_DATE),
    "speaker": ("(s)-[:SPOKEN_BY]->(t)", _BY_NAME),
    "about": ("(s)-[:ABOUT]->(t)", _BY_NAME),
    "participants": ("(s)-[:PARTICIPANT]->(t)", _BY_NAME),
    "place": ("(s)-[:HELD_AT]->(t)", _BY_NAME),
    "articleFacts": ("(t:Fact)-[:SUPPORTED_BY]->(s)", _BY_DATE),
    "articleEntities": ("(t:Entity)-[:SUPPORTED_BY]->(s)", _BY_NAME),
    "outlet": ("(s)-[:PUBLISHED_BY]->(t)", _BY_NAME),
}
