"""Read-side Cypher: every query the API runs against Neo4j lives here.

Lists are described by a `Listing` (a MATCH, filters, an ordering); one query
fetches a keyset page and a separate count query answers totalCount only when
asked. Related nodes are fetched in batches per request (see schema.context),
one query per relation and page, never one per node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, Query, RoutingControl
from neo4j.exceptions import DriverError, Neo4jError

from graph.breaker import Breaker
from graph.db import UNAVAILABLE, describe, error_code, is_unavailable
from schema.errors import DatabaseError
from schema.pagination import PageRequest, SortDirection

Record = dict[str, Any]

# (ascending, descending) sort-key properties: stored, never null and indexed (see loaders.load._span),
# so a page is read in index order and costs its size, not the list's.
SORT_KEYS = {
    "DATE": ("n.sortDate", "n.sortDateDesc"),
    "NAME": ("n.sortName", "n.sortName"),
}


@dataclass
class Listing:
    """`match` binds `n`; `where` holds conditions joined with AND; params feed both.
    `distinct` when the match can bind the same node twice (paths through relations)."""

    match: str
    where: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    sort: str = "NAME"
    direction: SortDirection = SortDirection.ASC
    distinct: bool = False

    def filter(self, condition: str, **params: Any) -> None:
        self.where.append(condition)
        self.params.update(params)

    def _where(self) -> str:
        return f"WHERE {' AND '.join(self.where)}" if self.where else ""

    def count_query(self) -> str:
        return f"{self.match} {self._where()} RETURN count(DISTINCT n) AS total"

    def page_query(self, page: PageRequest) -> tuple[str, dict[str, Any]]:
        ascending = (self.direction is SortDirection.ASC) == page.forward
        key = SORT_KEYS[self.sort][0 if self.direction is SortDirection.ASC else 1]
        order = "ASC" if ascending else "DESC"
        params = dict(self.params, limit=page.limit + 1)
        # `key IS NOT NULL` (always true) lets the planner read the key's index in order.
        where = [*self.where, f"{key} IS NOT NULL"]
        if page.cursor is not None:
            op = ">" if ascending else "<"
            # a seekable range on the key, then the tie-break on id
            where += [f"{key} {op}= $cursorKey", f"({key} {op} $cursorKey OR n.id {op} $cursorId)"]
            params.update(cursorKey=page.cursor[0], cursorId=page.cursor[1])
        distinct = "WITH DISTINCT n " if self.distinct else ""
        query = (
            f"{self.match} WHERE {' AND '.join(where)} {distinct}"
            f"RETURN labels(n) AS labels, properties(n) AS props, {key} AS k ORDER BY k {order}, n.id {order} "
            "LIMIT $limit"
        )
        return query, params


class Reader:
    """Runs read queries with READ routing; maps driver failures to user-facing errors."""

    def __init__(self, driver: AsyncDriver, database: str, *, timeout_s: float | None = None,
                 breaker: Breaker | None = None) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s  # Neo4j ends a read transaction that runs longer (bounded cost)
        self.breaker = breaker
        self.queries = 0  # round trips made for this request (reported in the response's extensions)

    async def rows(self, cypher: str, **params: Any) -> list[Record]:
        if self.breaker is not None and self.breaker.is_open:
            raise DatabaseError(UNAVAILABLE, "DATABASE_UNAVAILABLE")
        self.queries += 1
        try:
            records, _, _ = await self.driver.execute_query(
                Query(cypher, timeout=self.timeout_s), params, database_=self.database, routing_=RoutingControl.READ
            )
        except (Neo4jError, DriverError, OSError) as error:
            if self.breaker is not None and is_unavailable(error):
                self.breaker.trip()
            raise DatabaseError(describe(error), error_code(error)) from error
        return [record.data() for record in records]

    async def page(self, listing: Listing, page: PageRequest) -> tuple[list[Record], bool]:
        query, params = listing.page_query(page)
        rows = await self.rows(query, **params)
        more = len(rows) > page.limit
        rows = rows[: page.limit]
        if not page.forward:
            rows.reverse()
        return rows, more

    async def count(self, listing: Listing) -> int:
        rows = await self.rows(listing.count_query(), **listing.params)
        return int(rows[0]["total"])

    # --- batched lookups (called by the per-request DataLoaders) ---

    async def nodes_by_id(self, ids: list[str]) -> list[Record | None]:
        rows = await self.rows(
            "UNWIND $ids AS id MATCH (n:Node {id: id}) RETURN id, labels(n) AS labels, properties(n) AS props",
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
            "RETURN id, collect({labels: labels(t), props: properties(t)}) AS items",
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
