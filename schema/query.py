"""The Query root: lists with filters, keyset paging and ordering, and lookups by id."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.dates import PartialDate as ParsedDate
from graph.settings import Settings
from graph.text import fold
from graph.vocabulary import agreement_kinds, event_kinds
from schema.analysis_data import ABOUT_FILTER
from schema.data import Listing
from schema.errors import UserInputError
from schema.ids import country_code, require_country, require_node
from schema.kinds import ARG_AGREEMENT_KIND_WORDS, ARG_EVENT_KIND_WORDS, require_kind
from schema.limits import search_words
from schema.pagination import (
    ARG_ABOUT_FACTS,
    ARG_AFTER,
    ARG_ARTICLE,
    ARG_BEFORE,
    ARG_FIRST,
    ARG_LAST,
    ARG_TO,
    Connection,
    Order,
    OrderField,
    paginate,
)
from schema.review import ARG_REVIEW, ReviewFilter, review_filter
from schema.scalars import ARG_DATE_MATCH, DateMatch, PartialDate
from schema.types import (
    Agreement,
    Article,
    Country,
    Ctx,
    Event,
    Node,
    Organization,
    Person,
    Statement,
    Visit,
    VisitStatus,
    build,
)


def date_range(listing: Listing, start: str | None, end: str | None, match: DateMatch = DateMatch.OVERLAPS) -> None:
    """The item's span against [start, end], each bound at its own precision: overlapping it (the default), or
    lying entirely inside it (WITHIN, so a July filter drops a fact known only by its year)."""
    first = ParsedDate.parse(start).first_day() if start is not None else None
    last = ParsedDate.parse(end).last_day() if end is not None else None
    if first is not None and last is not None and last < first:
        raise UserInputError("to", f"{end} is before from {start}")
    within = match is DateMatch.WITHIN
    if within and first is None and last is None:
        raise UserInputError("dateMatch", "WITHIN needs `from` or `to` (the range to lie within)")
    if first is not None:
        listing.filter(f"n.{'spanFrom' if within else 'spanTo'} >= $rangeFrom", rangeFrom=first.isoformat())
    if last is not None:
        listing.filter(f"n.{'spanTo' if within else 'spanFrom'} <= $rangeTo", rangeTo=last.isoformat())


def search_filter(listing: Listing, search: str | None, settings: Settings) -> None:
    if search is not None and search.strip():
        terms = search_words(fold(search), "search", settings)
        listing.filter("all(t IN $terms WHERE n.searchText CONTAINS t)", terms=terms)


ARG_REPORTED_BY = strawberry.argument(
    description="Keep facts whose evidence is attributed to this outlet or agency (\"according to KCNA\"): "
    "an organization id such as org:kcna."
)


async def reported_by_filter(info: Ctx, listing: Listing, reported_by: str | None) -> None:
    if reported_by is not None:
        listing.filter(
            "EXISTS { (n)-[:REPORTED_BY]->(:Node {id: $reportedBy}) }",
            reportedBy=await require_node(info, str(reported_by), "reportedBy", "Organization"),
        )


def article_filter(listing: Listing, article: str | None) -> None:
    if article is not None:
        listing.filter("EXISTS { (n)-[:SUPPORTED_BY]->(:Article {id: $article}) }", article=article)


@strawberry.type
class CoreQuery:
    @strawberry.field(description="Any node by its id (Relay).")
    async def node(
        self, info: Ctx, id: Annotated[strawberry.ID, strawberry.argument(description="e.g. person:sergei-lavrov")]
    ) -> Node | None:
        return build(await info.context.nodes.load(str(id)))

    @strawberry.field(description="Persons, by name.")
    async def persons(
        self,
        info: Ctx,
        search: Annotated[str | None, strawberry.argument(description="Words of a name, any script/spelling.")] = None,
        country: Annotated[str | None, strawberry.argument(description="ISO code of their country.")] = None,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
        last: Annotated[int | None, ARG_LAST] = None,
        before: Annotated[str | None, ARG_BEFORE] = None,
        order_by: Annotated[Order | None, strawberry.argument(description="NAME (default).")] = None,
    ) -> Connection[Person] | None:
        return await _persons(info, search, country, False, first, after, last, before, order_by)

    @strawberry.field(description="Persons holding a government post.")
    async def officials(
        self,
        info: Ctx,
        search: Annotated[str | None, strawberry.argument(description="Words of a name, any script/spelling.")] = None,
        country: Annotated[str | None, strawberry.argument(description="ISO code of the country served.")] = None,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
        last: Annotated[int | None, ARG_LAST] = None,
        before: Annotated[str | None, ARG_BEFORE] = None,
        order_by: Annotated[Order | None, strawberry.argument(description="NAME (default).")] = None,
    ) -> Connection[Person] | None:
        return await _persons(info, search, country, True, first, after, last, before, order_by)

    @strawberry.field(description="A country by ISO 3166-1 alpha-2 code (or its id, country:RU).")
    async def country(
        self, info: Ctx, code: Annotated[str, strawberry.argument(description="e.g. RU, KP.")]
    ) -> Country | None:
        return build(await info.context.nodes.load(f"country:{country_code(code)}"))

    @strawberry.field(description="All countries, by name.")
    async def countries(self, info: Ctx) -> list[Country] | None:
        rows = await info.context.reader.rows(
            "MATCH (n:Country) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.sortName"
        )
        return [build(row) for row in rows]

    @strawberry.field(
        description="Every event kind (as stored, lower case), in the order the extractor's cue data declares them: "
        "the values `events(kind:)` and `eventCounts(kind:)` accept, in any case."
    )
    def event_kinds(self) -> list[str] | None:
        return list(event_kinds())

    @strawberry.field(
        description="Every agreement kind (as stored, lower case): the values `agreements(kind:)` accepts."
    )
    def agreement_kinds(self) -> list[str] | None:
        return list(agreement_kinds())

    @strawberry.field(description="Organizations, by name.")
    async def organizations(
        self,
        info: Ctx,
        search: Annotated[str | None, strawberry.argument(description="Words of a name, any script/spelling.")] = None,
        country: Annotated[str | None, strawberry.argument(description="ISO code of their country.")] = None,
        kind: Annotated[str | None, strawberry.argument(description="ministry, airline, news agency...")] = None,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
        last: Annotated[int | None, ARG_LAST] = None,
        before: Annotated[str | None, ARG_BEFORE] = None,
        order_by: Annotated[Order | None, strawberry.argument(description="NAME (default).")] = None,
    ) -> Connection[Organization] | None:
        listing = Listing("MATCH (n:Organization)")
        search_filter(listing, search, info.context.settings)
        if country is not None:
            listing.filter(
                "EXISTS { (n)-[:BASED_IN]->(:Country {code: $country}) }",
                country=await require_country(info, country, "country"),
            )
        if kind is not None:
            listing.filter("n.kind = $kind", kind=kind)
        return await paginate(info, listing, first, after, last, before, order_by, (OrderField.NAME,), build)

    @strawberry.field(description="Visits, by date.")
    async def visits(
        self,
        info: Ctx,
        visitor: Annotated[strawberry.ID | None, strawberry.argument(description="Person id of the visitor.")] = None,
        visitor_country: Annotated[
            str | None, strawberry.argument(description="ISO code of the visitor's country.")
        ] = None,
        host_country: Annotated[str | None, strawberry.argument(description="ISO code of the host country.")] = None,
        from_: Annotated[
            PartialDate | None, strawberry.argument(name="from", description="Overlapping or after.")
        ] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
        status: Annotated[VisitStatus | None, strawberry.argument(description="Only visits with this status.")] = None,
        article: Annotated[strawberry.ID | None, ARG_ARTICLE] = None,
        reported_by: Annotated[strawberry.ID | None, ARG_REPORTED_BY] = None,
        review: Annotated[ReviewFilter, ARG_REVIEW] = ReviewFilter.NOT_REJECTED,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
        last: Annotated[int | None, ARG_LAST] = None,
        before: Annotated[str | None, ARG_BEFORE] = None,
        order_by: Annotated[Order | None, strawberry.argument(description="DATE (default).")] = None,
    ) -> Connection[Visit] | None:
        listing = Listing("MATCH (n:Visit)", sort="DATE")
        if visitor is not None:
            listing.filter(
                "EXISTS { (:Person {id: $visitor})-[:MADE]->(n) }",
                visitor=await require_node(info, str(visitor), "visitor", "Person"),
            )
        if visitor_country is not None:
            listing.filter(
                "EXISTS { (n)-[:VISITOR_FROM]->(:Country {code: $vc}) }",
                vc=await require_country(info, visitor_country, "visitorCountry"),
            )
        if host_country is not None:
            listing.filter(
                "EXISTS { (n)-[:HOSTED_BY]->(:Country {code: $hc}) }",
                hc=await require_country(info, host_country, "hostCountry"),
            )
        if status is not None:
            listing.filter("n.status = $status", status=status.value)
        date_range(listing, from_, to, date_match)
        article_filter(listing, article)
        await reported_by_filter(info, listing, reported_by)
        review_filter(listing, review)
        return await paginate(info, listing, first, after, last, before, order_by, (OrderField.DATE,), build)

    @strawberry.field(description="Agreements, by date signed.")
    async def agreements(
        self,
        info: Ctx,
        party_country: Annotated[str | None, strawberry.argument(description="ISO code of a party.")] = None,
        party: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Id of any party, or a country's ISO code."),
        ] = None,
        kind: Annotated[str | None, strawberry.argument(description=ARG_AGREEMENT_KIND_WORDS)] = None,
        from_: Annotated[
            PartialDate | None, strawberry.argument(name="from", description="Signed on or after.")
        ] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
        article: Annotated[strawberry.ID | None, ARG_ARTICLE] = None,
        reported_by: Annotated[strawberry.ID | None, ARG_REPORTED_BY] = None,
        review: Annotated[ReviewFilter, ARG_REVIEW] = ReviewFilter.NOT_REJECTED,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
        last: Annotated[int | None, ARG_LAST] = None,
        before: Annotated[str | None, ARG_BEFORE] = None,
        order_by: Annotated[Order | None, strawberry.argument(description="DATE (default) or NAME.")] = None,
    ) -> Connection[Agreement] | None:
        listing = Listing("MATCH (n:Agreement)", sort="DATE")
        if party_country is not None:
            listing.filter(
                "EXISTS { (n)-[:PARTY]->(:Country {code: $pc}) }",
                pc=await require_country(info, party_country, "partyCountry"),
            )
        if party is not None:
            listing.filter(
                "EXISTS { (n)-[:PARTY]->(:Node {id: $party}) }",
                party=await require_node(info, str(party), "party", "Entity"),
            )
        if kind is not None:
            listing.filter("n.kind = $kind", kind=await require_kind(info, kind, "kind", "Agreement"))
        date_range(listing, from_, to, date_match)
        article_filter(listing, article)
        await reported_by_filter(info, listing, reported_by)
        review_filter(listing, review)
        return await paginate(
            info, listing, first, after, last, before, order_by, (OrderField.DATE, OrderField.NAME), build
        )

    @strawberry.field(
        description="Statements, by date. A statement is about an entity when it names it or, unless "
        "aboutFacts is false, when it is about a fact the entity plays a part in (a visit by it, an agreement it "
        "is party to...)."
    )
    async def statements(
        self,
        info: Ctx,
        speaker: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Id of the speaker, or a country's ISO code (KP)."),
        ] = None,
        speaker_country: Annotated[
            str | None, strawberry.argument(description="ISO code of the speaker's country.")
        ] = None,
        about: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Id of what it is about (see aboutFacts), or a country's ISO code."),
        ] = None,
        about_facts: Annotated[bool, ARG_ABOUT_FACTS] = True,
        search: Annotated[str | None, strawberry.argument(description="Words of the quote or summary.")] = None,
        from_: Annotated[PartialDate | None, strawberry.argument(name="from", description="On or after.")] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
        article: Annotated[strawberry.ID | None, ARG_ARTICLE] = None,
        reported_by: Annotated[strawberry.ID | None, ARG_REPORTED_BY] = None,
        review: Annotated[ReviewFilter, ARG_REVIEW] = ReviewFilter.NOT_REJECTED,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
        last: Annotated[int | None, ARG_LAST] = None,
        before: Annotated[str | None, ARG_BEFORE] = None,
        order_by: Annotated[Order | None, strawberry.argument(description="DATE (default).")] = None,
    ) -> Connection[Statement] | None:
        listing = Listing("MATCH (n:Statement)", sort="DATE")
        if speaker is not None:
            listing.filter(
                "EXISTS { (n)-[:SPOKEN_BY]->(:Node {id: $speaker}) }",
                speaker=await require_node(info, str(speaker), "speaker", "Entity"),
            )
        if speaker_country is not None:
            listing.filter(
                "EXISTS { (n)-[:SPOKEN_BY]->(s) WHERE (s:Country AND s.code = $sc) "
                "OR EXISTS { (s)-[:CITIZEN_OF|BASED_IN]->(:Country {code: $sc}) } }",
                sc=await require_country(info, speaker_country, "speakerCountry"),
            )
        if about is not None:
            listing.filter(
                ABOUT_FILTER,
                about=await require_node(info, str(about), "about", "Node"),
                aboutFacts=about_facts,
            )
        search_filter(listing, search, info.context.settings)
        date_range(listing, from_, to, date_match)
        article_filter(listing, article)
        await reported_by_filter(info, listing, reported_by)
        review_filter(listing, review)
        return await paginate(info, listing, first, after, last, before, order_by, (OrderField.DATE,), build)

    @strawberry.field(description="Events, by date.")
    async def events(
        self,
        info: Ctx,
        kind: Annotated[str | None, strawberry.argument(description=ARG_EVENT_KIND_WORDS)] = None,
        participant: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Id of a participant, or a country's ISO code."),
        ] = None,
        status: Annotated[VisitStatus | None, strawberry.argument(description="Only events with this status.")] = None,
        from_: Annotated[PartialDate | None, strawberry.argument(name="from", description="On or after.")] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
        article: Annotated[strawberry.ID | None, ARG_ARTICLE] = None,
        reported_by: Annotated[strawberry.ID | None, ARG_REPORTED_BY] = None,
        review: Annotated[ReviewFilter, ARG_REVIEW] = ReviewFilter.NOT_REJECTED,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
        last: Annotated[int | None, ARG_LAST] = None,
        before: Annotated[str | None, ARG_BEFORE] = None,
        order_by: Annotated[Order | None, strawberry.argument(description="DATE (default).")] = None,
    ) -> Connection[Event] | None:
        listing = Listing("MATCH (n:Event)", sort="DATE")
        if kind is not None:
            listing.filter("n.kind = $kind", kind=await require_kind(info, kind, "kind", "Event"))
        if participant is not None:
            listing.filter(
                "EXISTS { (n)-[:PARTICIPANT]->(:Node {id: $participant}) }",
                participant=await require_node(info, str(participant), "participant", "Entity"),
            )
        if status is not None:
            listing.filter("n.status = $status", status=status.value)
        date_range(listing, from_, to, date_match)
        article_filter(listing, article)
        await reported_by_filter(info, listing, reported_by)
        review_filter(listing, review)
        return await paginate(info, listing, first, after, last, before, order_by, (OrderField.DATE,), build)

    @strawberry.field(description="Articles, by publication date.")
    async def articles(
        self,
        info: Ctx,
        language: Annotated[str | None, strawberry.argument(description="ar or en.")] = None,
        from_: Annotated[
            PartialDate | None, strawberry.argument(name="from", description="Published on or after.")
        ] = None,
        to: Annotated[PartialDate | None, ARG_TO] = None,
        date_match: Annotated[DateMatch, ARG_DATE_MATCH] = DateMatch.OVERLAPS,
        first: Annotated[int | None, ARG_FIRST] = None,
        after: Annotated[str | None, ARG_AFTER] = None,
        last: Annotated[int | None, ARG_LAST] = None,
        before: Annotated[str | None, ARG_BEFORE] = None,
        order_by: Annotated[Order | None, strawberry.argument(description="DATE (default).")] = None,
    ) -> Connection[Article] | None:
        listing = Listing("MATCH (n:Article)", sort="DATE")
        if language is not None:
            listing.filter("n.language = $language", language=language)
        date_range(listing, from_, to, date_match)
        return await paginate(info, listing, first, after, last, before, order_by, (OrderField.DATE,), build)


async def _persons(
    info: Ctx,
    search: str | None,
    country: str | None,
    officials: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    order_by: Order | None,
) -> Connection[Person]:
    listing = Listing("MATCH (n:Person)")
    search_filter(listing, search, info.context.settings)
    if officials:
        listing.filter("EXISTS { (n)-[:HAS_ROLE]->(:Role {government: true}) }")
    if country is not None:
        code = await require_country(info, country, "country")
        relation = "(n)-[:HAS_ROLE]->(:Role {government: true})-[:ROLE_FOR]->" if officials else "(n)-[:CITIZEN_OF]->"
        listing.filter(f"EXISTS {{ {relation}(:Country {{code: $country}}) }}", country=code)
    return await paginate(info, listing, first, after, last, before, order_by, (OrderField.NAME,), build)

