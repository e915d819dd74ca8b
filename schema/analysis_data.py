"""Read-side Cypher for the analysts' questions: timeline, relations, connections and counts.

Every function takes the request's `Reader` and runs one parameterised query;
the only text spliced into a query comes from the constants below (relationship
types from graph.model, grouping expressions chosen by an enum), never from a
user's input.

Shared rules, stated once:

* A fact **involves** an entity when the entity plays a role in it (visitor,
  host, visitorCountry, destination, inviter, party, speaker, about,
  participant, place), or when the fact is a statement about another fact the
  entity plays a role in (Peskov's statement about Kim's ruled-out visit
  involves Kim, as `about` via the visit).
* An entity **belongs to** a country when it is the country, a person of it
  (CITIZEN_OF), an organization based in it (BASED_IN) or a place in it
  (LOCATED_IN).
* Facts are **placed in time** by the first day of their date (visit start,
  agreement signedOn, statement or event date); on the same first day a year
  comes before a month, and a month before a day; undated facts come last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph import model
from schema.data import PROPS, Reader, Record
from schema.pagination import PageRequest
from schema.review_data import NOT_REJECTED

# Relationships between a fact and an entity (the roles), and between two facts.
ROLE_RELS = (
    model.MADE, model.VISITOR_FROM, model.HOSTED_BY, model.DESTINATION, model.INVITED_BY, model.PARTY,
    model.SPOKEN_BY, model.ABOUT, model.PARTICIPANT, model.HELD_AT,
)  # fmt: skip
LINK_RELS = (model.ABOUT, model.SIGNED_DURING)

ROLE_TYPES = "|".join(rel.type for rel in ROLE_RELS)

# A statement is about an entity when it names it, or (with $aboutFacts) when it is about a fact the entity plays a
# part in: Peskov's statement about a visit by Kim Jong Un is about Kim Jong Un.
ABOUT_FILTER = (
    "EXISTS { (n)-[:ABOUT]->(:Node {id: $about}) } OR "
    f"($aboutFacts AND EXISTS {{ (n)-[:ABOUT]->(:Fact)-[:{ROLE_TYPES}]-(:Node {{id: $about}}) }})"
)
PATH_TYPES = "|".join(dict.fromkeys(rel.type for rel in (*ROLE_RELS, *LINK_RELS)))
MEMBER_TYPES = "|".join(rel.type for rel in (model.CITIZEN_OF, model.BASED_IN, model.LOCATED_IN))
FACT_LABELS = tuple(spec.label for spec in model.FACT_SPECS.values())

MAX_HOPS = 6  # connections: deepest search allowed
MAX_PATHS = 10  # connections: most paths returned

# Sort key placing a fact in time: first day, then precision (year /1 < month /2 < day /3); undated last.
# The key is a string so cursors stay JSON, like schema.data.SORT_KEYS.
UNDATED_KEY = "9999-99-99/9"
TIME_KEY = (
    f"CASE WHEN n.spanFrom IS NULL THEN '{UNDATED_KEY}' ELSE n.spanFrom + "
    "CASE size(coalesce(n.start, n.signedOn, n.date, '')) WHEN 4 THEN '/1' WHEN 7 THEN '/2' ELSE '/3' END END"
)
# Overlap of a fact's span with [$rangeFrom, $rangeTo] (either may be null), or with $rangeWithin the whole span
# inside it; undated facts fail a given bound.
IN_RANGE = (
    "($rangeFrom IS NULL OR CASE WHEN $rangeWithin THEN n.spanFrom ELSE n.spanTo END >= $rangeFrom) AND "
    "($rangeTo IS NULL OR CASE WHEN $rangeWithin THEN n.spanTo ELSE n.spanFrom END <= $rangeTo)"
)


def belongs(variable: str, country: str) -> str:
    """Cypher condition: node `variable` is the country `country` or belongs to it."""
    return f"({variable} = {country} OR EXISTS {{ ({variable})-[:{MEMBER_TYPES}]->({country}) }})"


# --- timeline -----------------------------------------------------------------------------------------

# `m` ranges over the entity and (for a country, when asked) its people, organizations and places;
# each row is a fact `n` with how `m` takes part: the relationship type and, for a statement about a
# fact, that fact's id.
_INVOLVED = f"""
MATCH (e:Node {{id: $entity}})
CALL (e) {{
  RETURN e AS m
  UNION
  MATCH (m)-[:{MEMBER_TYPES}]->(e:Country) WHERE $members RETURN m
}}
CALL (m) {{
  MATCH (m)-[r:{ROLE_TYPES}]-(n:Fact) RETURN n, type(r) AS rel, null AS via
  UNION
  MATCH (m)-[:{ROLE_TYPES}]-(f:Fact)<-[:ABOUT]-(n:Statement) RETURN n, 'ABOUT' AS rel, f.id AS via
}}
WITH m, n, rel, via
WHERE (size($labels) = 0 OR any(l IN labels(n) WHERE l IN $labels)) AND {IN_RANGE} AND {NOT_REJECTED}
"""


@dataclass(frozen=True)
class TimelineFilter:
    entity: str
    members: bool
    labels: list[str]
    range_from: str | None
    range_to: str | None
    range_within: bool = False

    def params(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "members": self.members,
            "labels": self.labels,
            "rangeFrom": self.range_from,
            "rangeTo": self.range_to,
            "rangeWithin": self.range_within,
        }


async def timeline_page(reader: Reader, where: TimelineFilter, page: PageRequest) -> tuple[list[Record], bool]:
    """One keyset page of facts involving the entity, in time order; rows carry `how` (who, which role)."""
    order = "ASC" if page.forward else "DESC"
    params = dict(where.params(), limit=page.limit + 1, cursorKey=None, cursorId=None)
    keyset = ""
    if page.cursor is not None:
        op = ">" if page.forward else "<"
        keyset = f"WHERE k {op} $cursorKey OR (k = $cursorKey AND n.id {op} $cursorId)"
        params.update(cursorKey=page.cursor[0], cursorId=page.cursor[1])
    rows = await reader.rows(
        f"{_INVOLVED} "
        f"WITH n, collect(DISTINCT {{entity: {{labels: labels(m), props: m {PROPS}}}, rel: rel, via: via}}) AS how "
        f"WITH n, how, {TIME_KEY} AS k {keyset} "
        f"RETURN labels(n) AS labels, n {PROPS} AS props, how, k ORDER BY k {order}, n.id {order} LIMIT $limit",
        **params,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    if not page.forward:
        rows.reverse()
    return rows, more


async def timeline_count(reader: Reader, where: TimelineFilter) -> int:
    rows = await reader.rows(f"{_INVOLVED} RETURN count(DISTINCT n) AS total", **where.params())
    return int(rows[0]["total"])


# --- relations between two countries ------------------------------------------------------------------


def represents(visit: str, country: str) -> str:
    """Cypher condition: the visitor of `visit` represents the country node pattern `country` ("a",
    ":Country {code: $vc}"): the visit's visitorCountry, or the visitor's own country when it names none."""
    return (
        f"(EXISTS {{ ({visit})-[:VISITOR_FROM]->({country}) }} OR (NOT EXISTS {{ ({visit})-[:VISITOR_FROM]->() }} "
        f"AND EXISTS {{ ({visit})<-[:MADE]-(:Person)-[:CITIZEN_OF]->({country}) }}))"
    )


def _visits(source: str, target: str, direction: str) -> str:
    return (
        f"MATCH (n:Visit)-[:HOSTED_BY]->({target}) WHERE {represents('n', source)} "
        f"RETURN n, 'VISIT' AS kind, '{direction}' AS direction"
    )


def side(variable: str, country: str) -> str:
    """Cypher pattern binding `variable` to the country `country` and everything belonging to it (anchors a MATCH
    on the country instead of scanning every fact)."""
    return f"({variable})-[:{MEMBER_TYPES}*0..1]->({country})"


def _statements(source: str, target: str, direction: str) -> str:
    # Said by `source` (the country or one of its own) about `target`, its own, or a fact involving them.
    return (
        f"MATCH {side('s', source)} MATCH (n:Statement)-[:SPOKEN_BY]->(s) "
        f"WHERE EXISTS {{ (n)-[:ABOUT]->(t) WHERE {belongs('t', target)} "
        f"OR (t:Fact AND EXISTS {{ (t)-[:{ROLE_TYPES}]-(u:Entity) WHERE {belongs('u', target)} }}) }} "
        f"RETURN n, 'STATEMENT' AS kind, '{direction}' AS direction"
    )


# UNION (not UNION ALL) keeps each fact once per kind and direction.
RELATIONS_CYPHER = f"""
MATCH (a:Country {{code: $a}}), (b:Country {{code: $b}})
CALL (a, b) {{
  {_visits("a", "b", "A_TO_B")}
  UNION
  {_visits("b", "a", "B_TO_A")}
  UNION
  MATCH {side("x", "a")} MATCH (n:Agreement)-[:PARTY]->(x)
  WHERE EXISTS {{ (n)-[:PARTY]->(y) WHERE {belongs("y", "b")} }}
  RETURN n, 'AGREEMENT' AS kind, 'BOTH' AS direction
  UNION
  {_statements("a", "b", "A_TO_B")}
  UNION
  {_statements("b", "a", "B_TO_A")}
  UNION
  MATCH {side("x", "a")} MATCH (n:Event)-[:PARTICIPANT|HELD_AT]->(x)
  WHERE EXISTS {{ (n)-[:PARTICIPANT|HELD_AT]->(y) WHERE {belongs("y", "b")} }}
  RETURN n, 'EVENT' AS kind, 'BOTH' AS direction
}}
WITH n, kind, direction WHERE {IN_RANGE}
WITH n, kind, direction, {TIME_KEY} AS k ORDER BY k, n.id
RETURN kind, direction, count(n) AS total, collect({{labels: labels(n), props: n {PROPS}, k: k}})[..$first] AS items
"""


async def relations(reader: Reader, a: str, b: str, dates: dict[str, Any], first: int) -> list[Record]:
    """Groups {kind, direction, total, items} of facts between countries a and b (codes), items in time order;
    `dates` are IN_RANGE's parameters."""
    return await reader.rows(RELATIONS_CYPHER, a=a, b=b, first=first, **dates)


# --- connections: shortest paths through facts ------------------------------------------------------------


def _paths_cypher(max_hops: int) -> str:
    # A hop is entity - fact(s) - entity: two relationships, plus one per fact-to-fact link (a statement
    # about a visit, an agreement signed during a visit). The search follows at most 3 per hop.
    return (
        "MATCH (a:Node {id: $from}), (b:Node {id: $to}) "
        f"MATCH p = allShortestPaths((a)-[:{PATH_TYPES}*..{3 * max_hops}]-(b)) "
        "WITH p, size([x IN nodes(p) WHERE x:Entity]) - 1 AS hops WHERE hops <= $maxHops "
        f"RETURN hops, [x IN nodes(p) | {{labels: labels(x), props: x {PROPS}}}] AS nodes, "
        "[r IN relationships(p) | {type: type(r), from: startNode(r).id}] AS rels "
        "ORDER BY hops, [x IN nodes(p) | x.id] LIMIT $limit"
    )


# Length bounds must be literals in Cypher: one fixed query text per allowed maxHops. (allShortestPaths runs a
# bidirectional breadth-first search; the 5.x `ALL SHORTEST` QPP form explores trails and was far slower here.)
PATHS_CYPHER = {hops: _paths_cypher(hops) for hops in range(1, MAX_HOPS + 1)}


async def shortest_paths(reader: Reader, start: str, end: str, max_hops: int, limit: int) -> list[Record]:
    return await reader.rows(PATHS_CYPHER[max_hops], **{"from": start, "to": end, "maxHops": max_hops, "limit": limit})


# --- counts -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grouping:
    """How to group facts `n`: a clause binding the group `g` of each n (a node or a value), the group's `key`
    and `label` as read from g (once per group, after counting), and the order of the groups."""

    clause: str
    key: str = "g.id"
    label: str = "g.name"
    order: str = "count DESC, label ASC, key ASC"
    # (group label, pattern from g) when a relationship type joins each fact to its group at most once and only
    # facts of the counted label: an unfiltered count is then g's degree, read from the store per group.
    degree: tuple[str, str] | None = None

    @property
    def result(self) -> str:
        # the groups in order as one record: the driver's per-record work was most of a count's Python time
        return (f"WITH {self.key} AS key, {self.label} AS label, count ORDER BY {self.order} "
                "RETURN collect({key: key, label: label, count: count}) AS groups")


_BY_YEAR = Grouping("WITH n, left(n.spanFrom, 4) AS g", "g", "g", "key IS NULL, key ASC")
_BY_STATUS = Grouping("WITH n, n.status AS g", "toUpper(g)", "g")
_COUNTRY_OF = (
    "OPTIONAL MATCH (g:Country) WHERE g = {node} OR EXISTS {{ ({node})-[:" + MEMBER_TYPES + "]->(g) }} WITH n, g"
)
# The country the visitor represents (see `represents`).
VISITOR_COUNTRY = (
    "OPTIONAL MATCH (n)-[:VISITOR_FROM]->(vc:Country) OPTIONAL MATCH (p:Person)-[:MADE]->(n) "
    "OPTIONAL MATCH (p)-[:CITIZEN_OF]->(pc:Country) WITH n, coalesce(vc, pc) AS c"
)

# Every visit has a host country and a visitor (the facts format requires both), so these two are plain MATCHes
# (no "unknown" group can arise): Neo4j may then count from each country's or person's relationships.
VISIT_GROUPS = {
    "HOST_COUNTRY": Grouping("MATCH (n)-[:HOSTED_BY]->(g:Country) WITH n, g", "g.code",
                             degree=("Country", "(g)<-[:HOSTED_BY]-()")),
    "VISITOR_COUNTRY": Grouping(f"{VISITOR_COUNTRY} WITH n, c AS g", "g.code"),
    "VISITOR": Grouping("MATCH (g:Person)-[:MADE]->(n) WITH n, g", degree=("Person", "(g)-[:MADE]->()")),
    "YEAR": _BY_YEAR,
    "STATUS": _BY_STATUS,
}
STATEMENT_GROUPS = {
    "SPEAKER": Grouping("OPTIONAL MATCH (n)-[:SPOKEN_BY]->(g) WITH n, g"),
    "SPEAKER_COUNTRY": Grouping("OPTIONAL MATCH (n)-[:SPOKEN_BY]->(s) " + _COUNTRY_OF.format(node="s"), "g.code"),
    "ABOUT": Grouping("OPTIONAL MATCH (n)-[:ABOUT]->(g:Entity) WITH n, g"),
    "YEAR": _BY_YEAR,
}
EVENT_GROUPS = {
    "KIND": Grouping("WITH n, n.kind AS g", "g", "g"),
    "PARTICIPANT": Grouping("OPTIONAL MATCH (n)-[:PARTICIPANT]->(g) WITH n, g"),
    "STATUS": _BY_STATUS,
    "YEAR": _BY_YEAR,
}
_FACT_KIND = "[l IN labels(n) WHERE l IN " + repr(list(FACT_LABELS)).replace('"', "'") + "][0]"
FACT_GROUPS = {
    "KIND": Grouping(f"WITH n, {_FACT_KIND} AS g", "toUpper(g)", "toLower(g)"),
    "YEAR": _BY_YEAR,
}


@dataclass
class CountQuery:
    """Facts `n` of `label` (or matched by `match`) filtered by `where` (joined with AND), counted per group.
    `ranged`: the date range of the params applies (left out of the query when no bound is given);
    `distinct`: the match can bind the same fact twice."""

    match: str
    where: list[str]
    params: dict[str, Any]
    ranged: bool = False
    distinct: bool = False
    label: str | None = None

    def filter(self, condition: str, **params: Any) -> None:
        self.where.append(condition)
        self.params.update(params)

    def _bounded(self) -> bool:
        return self.ranged and (self.params.get("rangeFrom") is not None or self.params.get("rangeTo") is not None)

    def _conditions(self, *extra: str) -> str:
        where = [IN_RANGE, *self.where] if self._bounded() else list(self.where)
        where += extra
        return f"WHERE {' AND '.join(f'({c})' for c in where)}" if where else ""

    def _facts(self) -> str:
        return f"{self.match} {self._conditions()}{' WITH DISTINCT n' if self.distinct else ''}"

    def _series(self) -> str:
        # The few series, read from their two indexes (a scan of every visit's `several` otherwise).
        return (
            f"CALL () {{ MATCH (n:{self.label}) WHERE n.count IS NOT NULL RETURN n UNION "
            f"MATCH (n:{self.label}) USING INDEX n:{self.label}(several) WHERE n.several = true RETURN n }} "
            f"WITH n {self._conditions()}"
        )

    def _degree_cypher(self, grouping: Grouping, series: bool) -> str | None:
        """Unfiltered counts (but rejected facts) by a group joined by degree: each group's degree, less the few
        rejected facts (found by their label), plus what series add; None when the query does not qualify."""
        if grouping.degree is None or self.label is None or self.where != [NOT_REJECTED] or self._bounded():
            return None
        group_label, pattern = grouping.degree
        parts = [
            f"MATCH (g:{group_label}) RETURN g, COUNT {{ {pattern} }} AS base, 0 AS extra",
            f"MATCH (n:{self.label}&{model.REJECTED}) {grouping.clause} "
            "RETURN g, -count(DISTINCT n) AS base, 0 AS extra",
        ]
        if series:
            parts.append(f"{self._series()} {grouping.clause} WITH DISTINCT g, n {SERIES_EXTRA} "
                         "RETURN g, 0 AS base, count AS extra")
        return (
            f"CALL () {{ {' UNION ALL '.join(parts)} }} WITH g, sum(base) AS base, sum(extra) AS extra "
            f"WHERE base > 0 WITH g, base + extra AS count {grouping.result}"
        )

    def cypher(self, grouping: Grouping, series: bool = False) -> str:
        if (by_degree := self._degree_cypher(grouping, series)) is not None:
            return by_degree
        counted = f"{self._facts()} {grouping.clause} WITH g, count(DISTINCT n) AS count"
        if series:
            # Each visit counts 1; the few that are series (found through their indexed properties) add the rest.
            counted = (
                f"CALL () {{ {counted} RETURN g, count UNION ALL "
                f"{self._series()} {grouping.clause} WITH DISTINCT g, n {SERIES_EXTRA} RETURN g, count }} "
                "WITH g, sum(count) AS count"
            )
        return (
            f"{counted} {grouping.result}"
        )


# Visits counted as told (issue 10): a series told as one fact ("زيارات عدة", "three visits") stands for its `count`
# visits, or 2 when only "several". Its latest visit (LATEST_OF the series) is one of them and a fact of its own,
# counted where it is dated, so a series with a latest visit counts one less (never below 0): the series and its
# latest together count as told, whichever groups and filters they fall in ("several visits this year, the latest
# last month" is 2 in that year, "three visits ..." 3). SERIES_EXTRA is what a series adds to the 1 it counts as.
SERIES_EXTRA = (
    "WITH g, n, CASE WHEN n.count IS NOT NULL THEN n.count WHEN n.several THEN 2 ELSE 1 END AS told "
    "WITH g, CASE WHEN told = 1 THEN 1 ELSE told - COUNT { (:Visit)-[:LATEST_OF]->(n) } END AS weight "
    "WITH g, sum(CASE WHEN weight < 0 THEN 0 ELSE weight END - 1) AS count"
)


def count_query(label: str) -> CountQuery:
    # rejected facts are not counted (as fact lists hide them by default)
    return CountQuery(f"MATCH (n:{label})", [NOT_REJECTED], {"rangeFrom": None, "rangeTo": None, "rangeWithin": False},
                      ranged=True, label=label)


def involved_count_query(where: TimelineFilter) -> CountQuery:
    """Counts over the facts a timeline of the entity lists (same involvement rules)."""
    return CountQuery(_INVOLVED, [], where.params(), distinct=True)


async def group_counts(reader: Reader, query: CountQuery, grouping: Grouping, series: bool = False) -> list[Record]:
    [record] = await reader.rows(query.cypher(grouping, series), maps=True, **query.params)
    return record["groups"]
