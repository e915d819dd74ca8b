"""Questions analysts ask: an entity's timeline, what passed between two countries, how two entities are
connected, and counts. The Cypher lives in schema.analysis_data; the rules for what "involves", "belongs to"
and "placed in time" mean are stated in its docstring and repeated in the field descriptions below.
"""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Annotated, Any

import strawberry

from graph.dates import PartialDate as ParsedDate
from schema import analysis_data as data
from schema.errors import UserInputError
from schema.ids import require_countries, require_node
from schema.kinds import ARG_EVENT_KIND_WORDS, require_kind
from schema.pagination import (
    ARG_ABOUT_FACTS,
    ARG_AFTER,
    ARG_BEFORE,
    ARG_FIRST,
    ARG_LAST,
    PageInfo,
    PageRequest,
    encode_cursor,
)
from schema.scalars import ARG_DATE_MATCH, DateMatch, DatePrecision, PartialDate, precision_of
from schema.types import (
    Agreement,
    Country,
    Ctx,
    Entity,
    Event,
    Fact,
    Statement,
    Visit,
    VisitStatus,
    build,
)

# --- enums ---------------------------------------------------------------------------------------------


@strawberry.enum(description="The four kinds of fact.")
class FactKind(Enum):
    VISIT = strawberry.enum_value("Visit", description="A visit of a person to a country.")
    AGREEMENT = strawberry.enum_value("Agreement", description="A treaty, agreement, memorandum or permission.")
    STATEMENT = strawberry.enum_value("Statement", description="Something a person or body said.")
    EVENT = strawberry.enum_value("Event", description="Something that happened (or may): summit, war...")


@strawberry.enum(description="The part an entity plays in a fact.")
class FactRole(Enum):
    VISITOR = strawberry.enum_value("MADE", description="The person who visits.")
    VISITOR_COUNTRY = strawberry.enum_value("VISITOR_FROM", description="The country a visitor represents.")
    HOST = strawberry.enum_value("HOSTED_BY", description="The country visited.")
    DESTINATION = strawberry.enum_value("DESTINATION", description="The city or place visited.")
    INVITER = strawberry.enum_value("INVITED_BY", description="Who invited the visitor.")
    PARTY = strawberry.enum_value("PARTY", description="A party to an agreement.")
    SPEAKER = strawberry.enum_value("SPOKEN_BY", description="Who made a statement.")
    ABOUT = strawberry.enum_value("ABOUT", description="What a statement is about.")
    PARTICIPANT = strawberry.enum_value("PARTICIPANT", description="Who or what took part in an event.")
    PLACE = strawberry.enum_value("HELD_AT", description="Where an event happened.")

    @property
    def words(self) -> str:
        return self.name.lower().replace("_", " ")


@strawberry.enum(description="Which way a fact between two countries goes (relative to countryA and countryB).")
class RelationDirection(Enum):
    A_TO_B = strawberry.enum_value("A_TO_B", description="A visits B, or A speaks about B.")
    B_TO_A = strawberry.enum_value("B_TO_A", description="B visits A, or B speaks about A.")
    BOTH = strawberry.enum_value("BOTH", description="Both take part: agreements, events.")


@strawberry.enum(description="How to group visits for counting.")
class VisitGrouping(Enum):
    HOST_COUNTRY = strawberry.enum_value("HOST_COUNTRY", description="By country visited (key: ISO code).")
    VISITOR_COUNTRY = strawberry.enum_value(
        "VISITOR_COUNTRY",
        description="By country the visitor represents: the visit's visitorCountry, else the visitor's own "
        "(key: ISO code).",
    )
    VISITOR = strawberry.enum_value("VISITOR", description="By visitor (key: person id).")
    YEAR = strawberry.enum_value("YEAR", description="By year the visit starts (key: YYYY; null when undated).")
    STATUS = strawberry.enum_value("STATUS", description="By status (key: COMPLETED, PLANNED...).")


@strawberry.enum(description="How to group statements for counting.")
class StatementGrouping(Enum):
    SPEAKER = strawberry.enum_value("SPEAKER", description="By speaker (key: entity id).")
    SPEAKER_COUNTRY = strawberry.enum_value(
        "SPEAKER_COUNTRY",
        description="By the country the speaker belongs to: the speaker itself if a country, else the country "
        "of the person, organization or place (key: ISO code).",
    )
    ABOUT = strawberry.enum_value(
        "ABOUT", description="By entity the statement is about (key: entity id); a statement counts once per entity."
    )
    YEAR = strawberry.enum_value("YEAR", description="By year said (key: YYYY; null when undated).")


@strawberry.enum(description="How to group events for counting.")
class EventGrouping(Enum):
    KIND = strawberry.enum_value("KIND", description="By kind: summit, war, deployment...")
    PARTICIPANT = strawberry.enum_value(
        "PARTICIPANT", description="By participant (key: entity id); an event counts once per participant."
    )
    STATUS = strawberry.enum_value("STATUS", description="By status (key: COMPLETED, SPECULATED...).")
    YEAR = strawberry.enum_value("YEAR", description="By year (key: YYYY; null when undated).")


@strawberry.enum(description="How to group facts of every kind for counting.")
class FactGrouping(Enum):
    KIND = strawberry.enum_value("KIND", description="By kind of fact (key: VISIT, AGREEMENT, STATEMENT, EVENT).")
    YEAR = strawberry.enum_value("YEAR", description="By year (key: YYYY; null when undated).")


# --- result types --------------------------------------------------------------------------------------


@strawberry.type(description="How an entity takes part in a timeline item.")
class Involvement:
    role: FactRole = strawberry.field(description="The part played in the fact.")
    entity: Entity = strawberry.field(
        description="Who plays it: the timeline's entity or, for a country, one of its people, organizations or places."
    )
    via_id: strawberry.Private[str | None]

    @strawberry.field(
        description="For a statement about another fact (role ABOUT): that fact, in which `entity` plays a part. "
        "Null when the statement is about the entity itself."
    )
    async def via(self, info: Ctx) -> Fact | None:
        return build(await info.context.nodes.load(self.via_id)) if self.via_id else None


@strawberry.type(description="One item of a timeline: a fact, when it is placed, and how the entity takes part.")
class TimelineEdge:
    cursor: str = strawberry.field(description="Opaque keyset cursor of this item.")
    node: Fact = strawberry.field(description="The fact; ask for `sources` to see the articles behind it.")
    date: PartialDate | None = strawberry.field(
        description="The date the item is placed by: a visit's start, an agreement's signedOn, a statement's or "
        "event's date. Null for undated facts, which come last."
    )
    involvement: list[Involvement] = strawberry.field(description="Every way the entity takes part in the fact.")

    @strawberry.field(description="How precisely `date` is known (YEAR, MONTH or DAY); null when undated.")
    def date_precision(self) -> DatePrecision | None:
        return precision_of(self.date)


@strawberry.type(description="A page of a timeline (Relay connection) with the timeline's total size.")
class TimelineConnection:
    edges: list[TimelineEdge] = strawberry.field(description="The items of this page, in time order.")
    page_info: PageInfo = strawberry.field(description="Paging state.")
    _where: strawberry.Private[data.TimelineFilter]

    @strawberry.field(description="Number of items in the whole filtered timeline (computed by a count query).")
    async def total_count(self, info: Ctx) -> int:
        return await data.timeline_count(info.context.reader, self._where)

    @strawberry.field(description="The facts of this page, without cursors.")
    def nodes(self) -> list[Fact]:
        return [edge.node for edge in self.edges]


@strawberry.type(description="How many facts of a kind passed between two countries in one direction.")
class RelationCount:
    kind: FactKind = strawberry.field(description="The kind of fact.")
    direction: RelationDirection = strawberry.field(description="Which way (BOTH for agreements and events).")
    count: int = strawberry.field(description="How many, in the whole date range (not capped by `first`).")


@strawberry.type(description="A fact between two countries, with its kind and direction.")
class RelationFact:
    node: Fact = strawberry.field(description="The fact, with its `sources`.")
    kind: FactKind = strawberry.field(description="The kind of fact.")
    direction: RelationDirection = strawberry.field(description="Which way it goes.")
    date: PartialDate | None = strawberry.field(description="The date it is placed by (null when undated).")

    @strawberry.field(description="How precisely `date` is known (YEAR, MONTH or DAY); null when undated.")
    def date_precision(self) -> DatePrecision | None:
        return precision_of(self.date)


@strawberry.type(
    description="What passed between two countries: visits both ways, agreements and events with both, and "
    "statements by each side about the other. A country's side is the country itself, its people, its "
    "organizations and its places."
)
class CountryRelations:
    country_a: Country = strawberry.field(description="The first country (countryA).")
    country_b: Country = strawberry.field(description="The second country (countryB).")
    counts: list[RelationCount] = strawberry.field(
        description="Counts per kind and direction, zeros included, over the whole date range."
    )
    visits_a_to_b: list[Visit] = strawberry.field(
        description="Visits to B by a visitor representing A (the visit's visitorCountry, else the visitor's "
        "country), in time order."
    )
    visits_b_to_a: list[Visit] = strawberry.field(description="Visits to A by a visitor representing B.")
    agreements: list[Agreement] = strawberry.field(
        description="Agreements with a party on each side (the countries or their people/organizations)."
    )
    statements_a_about_b: list[Statement] = strawberry.field(
        description="Statements by A's side about B: about B, its people, organizations or places, or about "
        "a fact in which one of them plays a part."
    )
    statements_b_about_a: list[Statement] = strawberry.field(description="Statements by B's side about A.")
    events: list[Event] = strawberry.field(
        description="Events with each side among the participants (or holding the place)."
    )
    facts: list[RelationFact] = strawberry.field(description="All of the above in one list, in time order.")

    @strawberry.field(description="Number of facts between the two countries (the sum of `counts`).")
    def total(self) -> int:
        return sum(count.count for count in self.counts)


@strawberry.type(description="One step of a path: two entities linked through a fact.")
class Hop:
    from_: Entity = strawberry.field(name="from", description="The entity the hop starts from.")
    from_role: FactRole = strawberry.field(description="The part `from` plays in `fact`.")
    fact: Fact = strawberry.field(description="The fact `from` takes part in; ask for its `sources`.")
    via: list[Fact] = strawberry.field(
        description="Further facts the link passes through, in order: e.g. the visit a statement is about, or "
        "the visit an agreement was signed during. Usually empty."
    )
    to: Entity = strawberry.field(description="The entity the hop arrives at.")
    to_role: FactRole = strawberry.field(description="The part `to` plays in the last fact (`via`'s last or `fact`).")
    how: str = strawberry.field(
        description="The link in words, e.g. `Dmitry Peskov (speaker) → statement —about→ visit → Kim Jong Un "
        "(visitor)`; arrows on a link between two facts follow its direction."
    )


@strawberry.type(description="A path between two entities through facts.")
class Path:
    hops: list[Hop] = strawberry.field(description="The hops, from `from` to `to`.")

    @strawberry.field(description="Number of hops.")
    def length(self) -> int:
        return len(self.hops)

    @strawberry.field(description="The entities along the path, `from` and `to` included.")
    def entities(self) -> list[Entity]:
        return [self.hops[0].from_, *(hop.to for hop in self.hops)] if self.hops else []


@strawberry.type(description="One group of a count.")
class GroupCount:
    key: str | None = strawberry.field(
        description="What the group is: an ISO code, an id, a year, a status or a kind; null for facts with no "
        "value (undated, unknown country)."
    )
    label: str = strawberry.field(description='A readable name for the key ("undated"/"unknown" when null).')
    count: int = strawberry.field(description="Number of facts in the group.")


# --- arguments -----------------------------------------------------------------------------------------

ARG_FROM = strawberry.argument(
    name="from", description="Keep facts whose date overlaps or follows this (partial) date; drops undated facts."
)
ARG_TO = strawberry.argument(
    description="Keep facts whose date overlaps or precedes this (partial) date; drops undated facts."
)
ARG_MEMBERS = strawberry.argument(
    description="When the entity is a country, also count facts involving its people, organizations and places "
    "(default true). Ignored for other entities."
)


def _range(start: str | None, end: str | None, match: DateMatch) -> dict[str, Any]:
    """Cypher parameters of a date filter (schema.analysis_data.IN_RANGE): overlap, or WITHIN the range."""
    first = ParsedDate.parse(start).first_day() if start is not None else None
    last = ParsedDate.parse(end).last_day() if end is not None else None
    if first is not None and last is not None and last < first:
        raise UserInputError("to", f"{end} is before from {start}")
    if match is DateMatch.WITHIN and first is None and last is None:
        raise UserInputError("dateMatch", "WITHIN needs `from` or `to` (the range to lie within)")
    return {
        "rangeFrom": first.isoformat() if first else None,
        "rangeTo": last.isoformat() if last else None,
        "rangeWithin": match is DateMatch.WITHIN,
    }


async def _countries(info: Ctx, **values: str | None) -> dict[str, Any]:
    """Check country arguments (name -> code or id) in one batched lookup; unknown ones name their argument and
    suggest close matches."""
    codes = await require_countries(info, **values)
    records = await asyncio.gather(*(info.context.nodes.load(f"country:{code}") for code in codes.values()))
    pairs = zip(codes.items(), records, strict=True)
    return {argument: {"code": code, "record": record} for (argument, code), record in pairs}


def _counts(rows: list[dict[str, Any]], none_label: str) -> list[GroupCount]:
    return [
        GroupCount(key=row["key"], label=row["label"] if row["label"] is not None else none_label, count=row["count"])
        for row in rows
    ]


def _date_of(props: dict[str, Any]) -> str | None:
    return props.get("start") or props.get("signedOn") or props.get("date")


def _fact_label(labels: list[str]) -> str:
    return next(label for label in labels if label in data.FACT_LABELS)


def _involvement(how: list[dict[str, Any]], entity_id: str) -> list[Involvement]:
    """Direct roles first (the timeline's entity before its members); a statement about a fact is listed
    through that fact only for entities it is not directly about."""
    direct = {(h["entity"]["props"]["id"], h["rel"]) for h in how if h["via"] is None}
    kept = [h for h in how if h["via"] is None or (h["entity"]["props"]["id"], h["rel"]) not in direct]
    kept.sort(
        key=lambda h: (
            h["via"] is not None,
            h["entity"]["props"]["id"] != entity_id,
            h["entity"]["props"]["id"],
            h["rel"],
            h["via"] or "",
        )
    )
    return [Involvement(role=FactRole(h["rel"]), entity=build(h["entity"]), via_id=h["via"]) for h in kept]


# --- connections: turning a path of nodes into hops ---------------------------------------------------------


def _hops(nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> list[Hop]:
    """Split an entity-fact(s)-entity-... path at its entities; rels[i] joins nodes[i] and nodes[i + 1]."""
    stops = [i for i, node in enumerate(nodes) if "Entity" in node["labels"]]
    hops = []
    for i, j in zip(stops, stops[1:], strict=False):
        start, end = build(nodes[i]), build(nodes[j])
        facts = nodes[i + 1 : j]
        from_role, to_role = FactRole(rels[i]["type"]), FactRole(rels[j - 1]["type"])
        words = [f"{start.name} ({from_role.words})", "→", _fact_label(facts[0]["labels"]).lower()]
        for k in range(i + 1, j - 1):  # links between consecutive facts
            link = rels[k]["type"].lower().replace("_", " ")
            forward = rels[k]["from"] == nodes[k]["props"]["id"]
            words += [f"—{link}→" if forward else f"←{link}—", _fact_label(nodes[k + 1]["labels"]).lower()]
        words += ["→", f"{end.name} ({to_role.words})"]
        hops.append(
            Hop(
                from_=start,
                from_role=from_role,
                fact=build(facts[0]),
                via=[build(f) for f in facts[1:]],
                to=end,
                to_role=to_role,
                how=" ".join(words),
            )
        )
    return hops


# --- the root fields -----------------------------------------------------------------------------------


@strawberry.type(description="Questions analysts ask: timelines, relations between countries, paths, counts.")
class AnalysisQuery:
    @strawberry.field(
        description="Visits, agreements, statements and events involving an entity, in time order. A fact involves "
        "the entity when it plays a part in it (visitor, host, visitorCountry, destination, inviter, party, "
        "speaker, about, participant, place) or when the fact is a statement about another fact it plays a part "
        "in. For a country, facts of its people, organizations and places are included too (includeMembers). "
        "Partial dates are placed by their first day, a year before the months of that year and a month before "
        "its days; undated facts come last. Keyset-paged like every list."
    )
    async def timeline(
        self,
        info: Ctx,
        entity: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="Id of a person, country, organization or place; a country may be given by its ISO "
                "code (KP)."
            ),
        ],
        from_: Annotated[PartialDate | None, ARG_FROM] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
        kinds: Annotated[
            list[FactKind] | None, strawberry.argument(description="Only these kinds of fact (default: all).")
        ] = None,
        include_members: Annotated[
            bool,
            strawberry.argument(
                description="When the entity is a country, include facts of its people, organizations and places "
                "(default true). Ignored for other entities."
            ),
        ] = True,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
        last: Annotated[int | None, ARG_LAST] = None,
        before: Annotated[str | None, ARG_BEFORE] = None,
    ) -> TimelineConnection | None:
        entity_id = await require_node(info, str(entity), "entity", "Entity")
        dates = _range(from_, to, date_match)
        where = data.TimelineFilter(
            entity_id, include_members, [kind.value for kind in kinds or []], dates["rangeFrom"], dates["rangeTo"],
            dates["rangeWithin"],
        )
        page = PageRequest.of(first, after, last, before, info.context.settings.max_page_size)
        rows, more = await data.timeline_page(info.context.reader, where, page)
        edges = [
            TimelineEdge(
                cursor=encode_cursor(row["k"], row["props"]["id"]),
                node=build(row),
                date=_date_of(row["props"]),
                involvement=_involvement(row["how"], entity_id),
            )
            for row in rows
        ]
        page_info = PageInfo(
            has_next_page=more if page.forward else before is not None,
            has_previous_page=more if not page.forward else after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return TimelineConnection(edges=edges, page_info=page_info, _where=where)

    @strawberry.field(
        description="What passed between two countries: visits both ways, agreements and events with both, and "
        "statements by each side about the other, with counts per kind and direction. Each side is the country, "
        "its people, its organizations and its places."
    )
    async def relations(
        self,
        info: Ctx,
        country_a: Annotated[str, strawberry.argument(description="ISO 3166-1 alpha-2 code of one country, e.g. RU.")],
        country_b: Annotated[str, strawberry.argument(description="ISO code of the other country, e.g. KP.")],
        from_: Annotated[PartialDate | None, ARG_FROM] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="Most facts listed per kind and direction (default and maximum: the maximum page "
                "size); counts always cover everything."
            ),
        ] = None,
    ) -> CountryRelations | None:
        max_size = info.context.settings.max_page_size
        if first is not None and not 0 <= first <= max_size:
            raise UserInputError("first", f"{first} is outside 0..{max_size} (the maximum page size)")
        dates = _range(from_, to, date_match)
        found = await _countries(info, countryA=country_a, countryB=country_b)
        a, b = found["countryA"], found["countryB"]
        if a["code"] == b["code"]:
            raise UserInputError("countryB", f"must differ from countryA ({a['code']})")
        rows = await data.relations(
            info.context.reader, a["code"], b["code"], dates, max_size if first is None else first
        )
        groups = {(row["kind"], row["direction"]): row for row in rows}
        shape = [
            ("Visit", "A_TO_B"),
            ("Visit", "B_TO_A"),
            ("Agreement", "BOTH"),
            ("Statement", "A_TO_B"),
            ("Statement", "B_TO_A"),
            ("Event", "BOTH"),
        ]
        lists: dict[tuple[str, str], list[Any]] = {}
        everything: list[tuple[str, RelationFact]] = []
        for kind, direction in shape:
            group = groups.get((kind.upper(), direction), {"total": 0, "items": []})
            lists[(kind, direction)] = [build(item) for item in group["items"]]
            everything += [
                (
                    item["k"] + item["props"]["id"],
                    RelationFact(
                        node=node,
                        kind=FactKind(kind),
                        direction=RelationDirection(direction),
                        date=_date_of(item["props"]),
                    ),
                )
                for item, node in zip(group["items"], lists[(kind, direction)], strict=True)
            ]
        return CountryRelations(
            country_a=build(a["record"]),
            country_b=build(b["record"]),
            counts=[
                RelationCount(
                    kind=FactKind(kind),
                    direction=RelationDirection(direction),
                    count=groups.get((kind.upper(), direction), {"total": 0})["total"],
                )
                for kind, direction in shape
            ],
            visits_a_to_b=lists[("Visit", "A_TO_B")],
            visits_b_to_a=lists[("Visit", "B_TO_A")],
            agreements=lists[("Agreement", "BOTH")],
            statements_a_about_b=lists[("Statement", "A_TO_B")],
            statements_b_about_a=lists[("Statement", "B_TO_A")],
            events=lists[("Event", "BOTH")],
            facts=[fact for _, fact in sorted(everything, key=lambda pair: pair[0])],
        )

    @strawberry.field(
        description="Shortest paths between two entities through facts (never through articles, roles or "
        "citizenship): each hop links two entities through the fact they both take part in, e.g. Dmitry Peskov "
        "(speaker) → statement about a visit → Kim Jong Un (visitor). All paths of the shortest length are "
        "returned, up to `limit`; none when the entities are further apart than maxHops."
    )
    async def connections(
        self,
        info: Ctx,
        from_: Annotated[
            strawberry.ID,
            strawberry.argument(name="from", description="Id of the entity to start from, or a country's ISO code."),
        ],
        to: Annotated[
            strawberry.ID,
            strawberry.argument(description="Id of the entity to reach, or a country's ISO code."),
        ],
        max_hops: Annotated[
            int,
            strawberry.argument(
                description=f"Most entity-to-entity hops, 1 to {data.MAX_HOPS} (default 4). A hop may pass "
                "through more than one fact (a statement about a visit)."
            ),
        ] = 4,
        limit: Annotated[
            int, strawberry.argument(description=f"Most paths returned, 1 to {data.MAX_PATHS} (default 5).")
        ] = 5,
    ) -> list[Path] | None:
        if not 1 <= max_hops <= data.MAX_HOPS:
            raise UserInputError("maxHops", f"{max_hops} is outside 1..{data.MAX_HOPS}")
        if not 1 <= limit <= data.MAX_PATHS:
            raise UserInputError("limit", f"{limit} is outside 1..{data.MAX_PATHS}")
        start, end = await asyncio.gather(
            require_node(info, str(from_), "from", "Entity"), require_node(info, str(to), "to", "Entity")
        )
        if start == end:
            raise UserInputError("to", "must differ from `from`")
        rows = await data.shortest_paths(info.context.reader, start, end, max_hops, limit)
        return [Path(hops=_hops(row["nodes"], row["rels"])) for row in rows]

    @strawberry.field(
        description="Number of visits per group (host country, visitor's country, visitor, year or status), "
        "counted in the database; groups by count, largest first, except YEAR (in year order, undated last). "
        "A series told as one fact (Visit.series: \"زيارات عدة\", \"three visits\") counts as its count, or 2 "
        "when told only as several, less 1 when it has a latest visit (Visit.latestOf the series; never below 0): "
        "that visit is one of the series and counts once, as itself, in its own group. So \"several visits this "
        "year, the latest last month\" counts 2 in that year (1 + 1), \"three visits, the latest last month\" 3 "
        "(2 + 1), and \"several visits\" with no latest 2."
    )
    async def visit_counts(
        self,
        info: Ctx,
        group_by: Annotated[VisitGrouping, strawberry.argument(description="What to group by.")],
        visitor: Annotated[strawberry.ID | None, strawberry.argument(description="Only visits by this person.")] = None,
        host_country: Annotated[
            str | None, strawberry.argument(description="Only visits to this country (ISO code).")
        ] = None,
        visitor_country: Annotated[
            str | None,
            strawberry.argument(description="Only visits by visitors representing this country (ISO code)."),
        ] = None,
        status: Annotated[VisitStatus | None, strawberry.argument(description="Only visits with this status.")] = None,
        from_: Annotated[PartialDate | None, ARG_FROM] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
    ) -> list[GroupCount] | None:
        query = data.count_query("Visit")
        query.params.update(_range(from_, to, date_match))
        found = await _countries(info, hostCountry=host_country, visitorCountry=visitor_country)
        if visitor is not None:
            query.filter(
                "EXISTS { (:Node:Person {id: $visitor})-[:MADE]->(n) }",
                visitor=await require_node(info, str(visitor), "visitor", "Person"),
            )
        if "hostCountry" in found:
            query.filter("EXISTS { (n)-[:HOSTED_BY]->(:Country {code: $hc}) }", hc=found["hostCountry"]["code"])
        if "visitorCountry" in found:
            query.filter(data.represents("n", ":Country {code: $vc}"), vc=found["visitorCountry"]["code"])
        if status is not None:
            query.filter("n.status = $status", status=status.value)
        grouping = data.VISIT_GROUPS[group_by.value]
        rows = await data.group_counts(info.context.reader, query, grouping, series=True)
        return _counts(rows, "undated" if group_by is VisitGrouping.YEAR else "unknown")

    @strawberry.field(
        description="Number of statements per group (speaker, speaker's country, entity spoken about, or year), "
        "counted in the database; groups by count, largest first, except YEAR (in year order, undated last)."
    )
    async def statement_counts(
        self,
        info: Ctx,
        group_by: Annotated[StatementGrouping, strawberry.argument(description="What to group by.")],
        speaker: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only statements by this entity.")
        ] = None,
        speaker_country: Annotated[
            str | None,
            strawberry.argument(
                description="Only statements by this country or its people, organizations, places (ISO code)."
            ),
        ] = None,
        about: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only statements about this entity or fact (see aboutFacts)."),
        ] = None,
        about_facts: Annotated[bool, ARG_ABOUT_FACTS] = True,
        from_: Annotated[PartialDate | None, ARG_FROM] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
    ) -> list[GroupCount] | None:
        query = data.count_query("Statement")
        query.params.update(_range(from_, to, date_match))
        found = await _countries(info, speakerCountry=speaker_country)
        if speaker is not None:
            query.filter(
                "EXISTS { (n)-[:SPOKEN_BY]->(:Node {id: $speaker}) }",
                speaker=await require_node(info, str(speaker), "speaker", "Entity"),
            )
        if "speakerCountry" in found:
            query.filter(
                f"EXISTS {{ MATCH (sc:Country {{code: $sc}}) MATCH (n)-[:SPOKEN_BY]->(s) "
                f"WHERE {data.belongs('s', 'sc')} }}",
                sc=found["speakerCountry"]["code"],
            )
        if about is not None:
            query.filter(
                data.ABOUT_FILTER,
                about=await require_node(info, str(about), "about", "Node"),
                aboutFacts=about_facts,
            )
        grouping = data.STATEMENT_GROUPS[group_by.value]
        rows = await data.group_counts(info.context.reader, query, grouping)
        return _counts(rows, "undated" if group_by is StatementGrouping.YEAR else "unknown")

    @strawberry.field(
        description="Number of events per group (kind, participant, status or year), counted in the database; "
        "groups by count, largest first, except YEAR (in year order, undated last)."
    )
    async def event_counts(
        self,
        info: Ctx,
        group_by: Annotated[EventGrouping, strawberry.argument(description="What to group by.")],
        kind: Annotated[
            str | None, strawberry.argument(description="Only events of this kind. " + ARG_EVENT_KIND_WORDS)
        ] = None,
        participant: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only events this entity takes part in.")
        ] = None,
        status: Annotated[VisitStatus | None, strawberry.argument(description="Only events with this status.")] = None,
        from_: Annotated[PartialDate | None, ARG_FROM] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
    ) -> list[GroupCount] | None:
        query = data.count_query("Event")
        query.params.update(_range(from_, to, date_match))
        if kind is not None:
            query.filter("n.kind = $kind", kind=await require_kind(info, kind, "kind", "Event"))
        if participant is not None:
            query.filter(
                "EXISTS { (n)-[:PARTICIPANT]->(:Node {id: $participant}) }",
                participant=await require_node(info, str(participant), "participant", "Entity"),
            )
        if status is not None:
            query.filter("n.status = $status", status=status.value)
        grouping = data.EVENT_GROUPS[group_by.value]
        rows = await data.group_counts(info.context.reader, query, grouping)
        return _counts(rows, "undated" if group_by is EventGrouping.YEAR else "unknown")

    @strawberry.field(
        description="Number of facts per kind (zeros included) or per year, counted in the database; with "
        "`entity`, over the facts its timeline lists (same rules)."
    )
    async def fact_counts(
        self,
        info: Ctx,
        group_by: Annotated[
            FactGrouping, strawberry.argument(description="KIND (default) or YEAR.")
        ] = FactGrouping.KIND,
        entity: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only facts involving this entity (see timeline).")
        ] = None,
        include_members: Annotated[bool, ARG_MEMBERS] = True,
        from_: Annotated[PartialDate | None, ARG_FROM] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
    ) -> list[GroupCount] | None:
        dates = _range(from_, to, date_match)
        if entity is not None:
            entity_id = await require_node(info, str(entity), "entity", "Entity")
            query = data.involved_count_query(
                data.TimelineFilter(
                    entity_id, include_members, [], dates["rangeFrom"], dates["rangeTo"], dates["rangeWithin"]
                )
            )
        else:
            query = data.count_query("Fact")
            query.params.update(dates)
        rows = await data.group_counts(info.context.reader, query, data.FACT_GROUPS[group_by.value])
        counts = _counts(rows, "undated")
        if group_by is FactGrouping.KIND:  # every kind, zeros included, in a fixed order
            found = {count.key: count.count for count in counts}
            counts = [
                GroupCount(key=kind.name, label=kind.value.lower(), count=found.get(kind.name, 0)) for kind in FactKind
            ]
        return counts
