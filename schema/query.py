"""The Query root: lists with filters, keyset paging and ordering, and lookups by id."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from graph.dates import PartialDate as ParsedDate
from graph.settings import Settings
from graph.text import fold
from graph.vocabulary import agreement_kinds, event_kinds
from schema.analysis_data import ABOUT_FILTER
from schema.data import Listing
from schema.errors import UserInputError
from schema.ids import country_code, entity_id
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
from schema.projection import compiled
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


def reported_by_filter(listing: Listing, reported_by: str | None) -> None:
    if reported_by is not None:
        entity(listing, "reportedBy", reported_by, "Organization", "(n)-[:REPORTED_BY]->(a)")


def entity(listing: Listing, argument: str, value: str | None, label: str, path: str | None, **options: Any) -> None:
    """Keep the items linked to the entity `value` names (by `path` from `(a)`, the entity, to `(n)`)."""
    if value is not None:
        listing.anchor(argument, str(value), label, entity_id(str(value)), path, **options)


def in_country(listing: Listing, argument: str, value: str | None, path: str | None, **options: Any) -> None:
    """Keep the items linked to the country `value` names (an ISO code or a country id)."""
    if value is not None:
        listing.anchor(argument, value, "Country", f"country:{country_code(value)}", path, **options)


def article_filter(listing: Listing, article: str | None) -> None:
    if article is not None:
        listing.filter("EXISTS { (n)-[:SUPPORTED_BY]->(:Node:Article {id: $article}) }", article=article)


@strawberry.type
class CoreQuery:
    @strawberry.field(description="Any node by its id (Relay).")
    async def node(
        self, info: Ctx, id: Annotated[strawberry.ID, strawberry.argument(description="e.g. person:sergei-lavrov")]
    ) -> Node | None:
        found = await compiled(info, "Node", "MATCH (n:Node {id: $id})", id=str(id))
        return build(found[0]) if found else None

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
        found = await compiled(info, "Country", "MATCH (n:Node:Country {id: $id})", id=f"country:{country_code(code)}")
        return build(found[0]) if found else None

    @strawberry.field(description="All countries, by name.")
    async def countries(self, info: Ctx) -> list[Country] | None:
        return [build(row) for row in await compiled(info, "Country", "MATCH (n:Country)", "ORDER BY n.sortName")]

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
        listing = Listing("MATCH (n:Organization)", node_type="Organization")
        search_filter(listing, search, info.context.settings)
        in_country(listing, "country", country, "(n)-[:BASED_IN]->(a)")
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
        listing = Listing("MATCH (n:Visit)", sort="DATE", node_type="Visit")
        entity(listing, "visitor", visitor, "Person", "(a)-[:MADE]->(n)")
        in_country(listing, "hostCountry", host_country, "(n)-[:HOSTED_BY]->(a)")
        in_country(listing, "visitorCountry", visitor_country, "(n)-[:VISITOR_FROM]->(a)")
        if status is not None:
            listing.filter("n.status = $status", status=status.value)
        date_range(listing, from_, to, date_match)
        article_filter(listing, article)
        reported_by_filter(listing, reported_by)
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
        listing = Listing("MATCH (n:Agreement)", sort="DATE", node_type="Agreement")
        entity(listing, "party", party, "Entity", "(n)-[:PARTY]->(a)")
        in_country(listing, "partyCountry", party_country, "(n)-[:PARTY]->(a)")
        if kind is not None:
            listing.filter("n.kind = $kind", kind=await require_kind(info, kind, "kind", "Agreement"))
        date_range(listing, from_, to, date_match)
        article_filter(listing, article)
        reported_by_filter(listing, reported_by)
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
        listing = Listing("MATCH (n:Statement)", sort="DATE", node_type="Statement")
        entity(listing, "speaker", speaker, "Entity", "(n)-[:SPOKEN_BY]->(a)")
        if speaker_country is not None:
            in_country(listing, "speakerCountry", speaker_country, None, param="sc")
            listing.filter(
                "EXISTS { (n)-[:SPOKEN_BY]->(s) WHERE s = a_sc OR EXISTS { (s)-[:CITIZEN_OF|BASED_IN]->(a_sc) } }"
            )
        if about is not None:
            entity(listing, "about", about, "Node", None)
            listing.filter(ABOUT_FILTER, aboutFacts=about_facts)
        search_filter(listing, search, info.context.settings)
        date_range(listing, from_, to, date_match)
        article_filter(listing, article)
        reported_by_filter(listing, reported_by)
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
        listing = Listing("MATCH (n:Event)", sort="DATE", node_type="Event")
        if kind is not None:
            listing.filter("n.kind = $kind", kind=await require_kind(info, kind, "kind", "Event"))
        entity(listing, "participant", participant, "Entity", "(n)-[:PARTICIPANT]->(a)")
        if status is not None:
            listing.filter("n.status = $status", status=status.value)
        date_range(listing, from_, to, date_match)
        article_filter(listing, article)
        reported_by_filter(listing, reported_by)
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
        listing = Listing("MATCH (n:Article)", sort="DATE", node_type="Article")
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
    listing = Listing("MATCH (n:Person)", node_type="Person")
    search_filter(listing, search, info.context.settings)
    if officials:
        listing.filter("EXISTS { (n)-[:HAS_ROLE]->(:Role {government: true}) }")
    if officials:
        in_country(listing, "country", country, "(n)-[:HAS_ROLE]->(:Role {government: true})-[:ROLE_FOR]->(a)",
                   distinct=True)  # fmt: skip
    else:
        in_country(listing, "country", country, "(n)-[:CITIZEN_OF]->(a)")
    return await paginate(info, listing, first, after, last, before, order_by, (OrderField.NAME,), build)

