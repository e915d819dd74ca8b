"""Who is linked to an entity: the entities that share a fact with it (one hop) or with one of those (two hops),
each with the facts that link them and how many, keyset-paged (most linked first) in one Cypher query per page.

A link is the one `connections` follows: two entities playing a part in the same fact, or in two facts one of
which is about (or was signed during) the other, e.g. Peskov (speaker) → statement about a visit → Kim (visitor).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry

from schema.analysis import FactKind
from schema.analysis_data import ROLE_TYPES
from schema.data import PROPS
from schema.errors import UserInputError
from schema.ids import require_node
from schema.pagination import ARG_AFTER, ARG_FIRST, Connection, Edge, Page, PageRequest, page_info
from schema.types import Ctx, Entity, Fact, build

MAX_NEIGHBOUR_HOPS = 2
LINKING_FACTS = 20  # facts listed per neighbour; factCount counts them all


@strawberry.enum(description="Kinds of entity.")
class EntityKind(Enum):
    PERSON = "Person"
    COUNTRY = "Country"
    ORGANIZATION = "Organization"
    PLACE = "Place"


@strawberry.type(description="An entity linked to the one asked about, with the facts that link them.")
class Neighbour:
    entity: Entity = strawberry.field(description="The linked entity.")
    hops: int = strawberry.field(description="1: it shares a fact with the entity; 2: with one of its neighbours.")
    fact_count: int = strawberry.field(description="How many facts link it (on its last hop).")
    facts: list[Fact] = strawberry.field(
        description="The facts that link it, in time order (at most 20; factCount counts them all): the fact "
        "both play a part in or, for a statement about another fact, both the statement and that fact."
    )


# (m) -role- (f:Fact) [-about/signed during- (g:Fact)] -role- (x:Entity): the link `connections` follows.
_LINK = f"-[:{ROLE_TYPES}]-(f:Fact)-[:ABOUT|SIGNED_DURING*0..1]-(g:Fact)-[:{ROLE_TYPES}]-"
# both facts of a two-fact link (the statement and the visit it is about), each once
_FACTS = "[h IN collect(DISTINCT f) + collect(DISTINCT g) | h]"
_DEDUP = "reduce(acc = [], h IN {} | CASE WHEN h IN acc THEN acc ELSE acc + h END)"
# with `kinds`, every fact of the link is of one of them
_KINDS = "(size($kinds) = 0 OR (any(l IN labels(f) WHERE l IN $kinds) AND any(l IN labels(g) WHERE l IN $kinds)))"

NEIGHBOURS_CYPHER = f"""
MATCH (m:Entity {{id: $entity}})
OPTIONAL MATCH (m){_LINK}(x1:Entity) WHERE x1 <> m AND {_KINDS}
WITH m, x1, {_DEDUP.format(_FACTS)} AS facts
WITH m, collect(CASE WHEN x1 IS NULL THEN null ELSE {{x: x1, facts: facts}} END) AS near
CALL (m, near) {{
  UNWIND near AS row RETURN row.x AS x, 1 AS hops, row.facts AS facts
  UNION
  WITH m, near WHERE $maxHops >= 2
  UNWIND near AS row
  WITH m, near, row.x AS via
  MATCH (via){_LINK}(x2:Entity)
  WHERE x2 <> m AND NOT x2 IN [r IN near | r.x] AND {_KINDS}
  RETURN x2 AS x, 2 AS hops, {_DEDUP.format(_FACTS)} AS facts
}}
WITH x, hops, facts, size(facts) AS n
WHERE (size($labels) = 0 OR any(l IN labels(x) WHERE l IN $labels))
  AND ($also IS NULL OR (x.id <> $also AND EXISTS {{ MATCH (a:Node {{id: $also}}){_LINK}(x) WHERE {_KINDS} }}))
"""


def _date_key(props: dict[str, Any]) -> str:
    return props.get("spanFrom") or "9999"


@strawberry.type
class NeighboursQuery:
    @strawberry.field(
        description="Who is linked to an entity: entities sharing a fact with it (hops 1) or with one of those "
        "(hops 2, when maxHops is 2), each with the linking facts and their count; nearest first, then most "
        "linked, then by id. Links are those `connections` follows (a statement about a visit links its speaker "
        "to the visitor). Keyset-paged, with totalCount."
    )
    async def neighbours(
        self,
        info: Ctx,
        entity: Annotated[
            strawberry.ID,
            strawberry.argument(description="Id of a person, country, organization or place, or a country's code."),
        ],
        kinds: Annotated[
            list[FactKind] | None,
            strawberry.argument(description="Only links through these kinds of fact (default: all)."),
        ] = None,
        entity_kinds: Annotated[
            list[EntityKind] | None, strawberry.argument(description="Only neighbours of these kinds (default: all).")
        ] = None,
        also_linked_to: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only neighbours also sharing a fact with this entity (id or country code): who is "
                "linked to both Russia and North Korea."
            ),
        ] = None,
        max_hops: Annotated[int, strawberry.argument(description="1 (default) or 2.")] = 1,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
    ) -> Connection[Neighbour] | None:
        if not 1 <= max_hops <= MAX_NEIGHBOUR_HOPS:
            raise UserInputError("maxHops", f"{max_hops} is outside 1..{MAX_NEIGHBOUR_HOPS}")
        entity_id = await require_node(info, str(entity), "entity", "Entity")
        also = await require_node(info, str(also_linked_to), "alsoLinkedTo", "Entity") if also_linked_to else None
        page = PageRequest.of(first, after, None, None, info.context.settings.max_page_size)
        params: dict[str, Any] = {
            "entity": entity_id, "maxHops": max_hops, "also": also, "limit": page.limit + 1,
            "kinds": [kind.value for kind in kinds or []], "labels": [kind.value for kind in entity_kinds or []],
        }  # fmt: skip
        keyset = ""
        if page.cursor is not None:
            try:
                hops, count = (int(v) for v in page.cursor[0])
            except (TypeError, ValueError):
                raise UserInputError("after", f"{after!r} is not a cursor of neighbours") from None
            # nearest first, then most linked, then id: the cursor is (hops, count, id)
            keyset = "AND (hops > $h OR (hops = $h AND (n < $n OR (n = $n AND x.id > $id))))"
            params.update(h=hops, n=count, id=page.cursor[1])
        reader = info.context.reader

        async def fetch() -> Page:
            rows = await reader.rows(
                f"{NEIGHBOURS_CYPHER} {keyset} "
                f"RETURN labels(x) AS labels, x {PROPS} AS props, hops, n, "
                f"[f IN facts | {{labels: labels(f), props: f {PROPS}}}] AS facts "
                "ORDER BY hops ASC, n DESC, x.id ASC LIMIT $limit",
                **params,
            )
            edges = []
            for row in rows[: page.limit]:
                facts = sorted(row["facts"], key=lambda f: (_date_key(f["props"]), f["props"]["id"]))
                neighbour = Neighbour(
                    entity=build(row), hops=row["hops"], fact_count=row["n"],
                    facts=[build(f) for f in facts[:LINKING_FACTS]],
                )  # fmt: skip
                edges.append(Edge(node=neighbour, sort_key=[row["hops"], row["n"]], node_id=row["props"]["id"]))
            return edges, page_info(edges, len(rows) > page.limit, True, after, None)

        async def count() -> int:
            rows = await reader.rows(f"{NEIGHBOURS_CYPHER} RETURN count(*) AS total", **params)
            return int(rows[0]["total"])

        return Connection(_fetch=fetch, _count=count)
