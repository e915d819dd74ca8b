"""GraphQL types of the graph: entities, facts, evidence and articles.

Objects are built from node properties (`build`); related nodes are resolved
through the request's DataLoaders, so a page of visits costs one query per
related field, whatever its size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from graph import model
from schema.context import Context
from schema.data import RELATIONS, Listing, Record
from schema.execution import PREFETCHED, from_prefetched
from schema.pagination import (
    ARG_AFTER,
    ARG_BEFORE,
    ARG_FIRST,
    ARG_LAST,
    Connection,
    PageRequest,
    page_of,
    paginate,
)
from schema.projection import TARGETS, connection_sort
from schema.scalars import DatePrecision, PartialDate, precision_of

if TYPE_CHECKING:
    from schema.review import FactReview

AgreementStatus = strawberry.enum(
    model.AgreementStatus, description="Where an agreement stands, as the source tells it."
)
VisitStatus = strawberry.enum(
    model.VisitStatus, description="How far a visit (or event) is from having happened, as the source tells it."
)


Ctx = Info[Context, None]


_MISSING = object()


def prefetched(owner: Any, info: Ctx) -> Any:
    """What the compiled statement fetched for this field of `owner` (schema.projection), or _MISSING."""
    pre = getattr(owner, PREFETCHED, None)
    return pre.get(info.path.key, _MISSING) if pre else _MISSING


# What a relation's records become, prefetched or loaded (the methods below are marked with them, @from_prefetched);
# build itself is defined at the end of the module.
def _built_many(items: list[Record]) -> list[Any]:
    return [build(item) for item in items]


def _built_one(items: list[Record]) -> Any:
    return build(items[0]) if items else None


def _built_node(found: Record | None) -> Any:
    return build(found)


def _many(info: Ctx, relation: str, owner: Any) -> Any:
    items = prefetched(owner, info)
    if items is not _MISSING:
        return _built_many(items)

    async def load() -> list[Any]:
        return _built_many(await info.context.related(relation).load(owner.id))

    return load()


def _one(info: Ctx, relation: str, owner: Any, key: str = "id") -> Any:
    items = prefetched(owner, info)
    if items is not _MISSING:
        return _built_one(items)

    async def load() -> Any:
        return _built_one(await info.context.related(relation).load(getattr(owner, key)))

    return load()


def _node(info: Ctx, owner: Any, node_id: str) -> Any:
    found = prefetched(owner, info)
    if found is not _MISSING:
        return _built_node(found)

    async def load() -> Any:
        return _built_node(await info.context.nodes.load(node_id))

    return load()


First = Annotated[int | None, ARG_FIRST]
After = Annotated[str | None, ARG_AFTER]
Last = Annotated[int | None, ARG_LAST]
Before = Annotated[str | None, ARG_BEFORE]


def _connection(
    info: Ctx, relation: str, owner: Any, first: int | None, after: str | None, last: int | None, before: str | None
) -> Any:
    """A keyset-paged connection over one relation of one node (same cursors as the root lists)."""
    compiled = prefetched(owner, info)
    if compiled is not _MISSING:
        page = PageRequest.of(first, after, last, before, info.context.settings.max_page_size)
        connection: Connection[Any] = Connection(_total=compiled.get("total"))
        if "rows" in compiled:
            rows = compiled["rows"]
            more, rows = len(rows) > page.limit, rows[: page.limit]
            if not page.forward:
                rows.reverse()
            connection._page = page_of([{"k": r["k"], "row": r["node"]} for r in rows], more, page.forward, after,
                                       before, build)  # fmt: skip
        return connection
    pattern, _ = RELATIONS[relation]
    listing = Listing(
        f"MATCH (s:Node {{id: $owner}}) MATCH {pattern} WITH t AS n",
        params={"owner": owner.id},
        sort=connection_sort(relation),
        distinct=True,
        node_type=TARGETS[relation],
    )
    return paginate(info, listing, first, after, last, before, None, (), build)


def _paged(name: str) -> str:
    return f"Use {name}Connection, which pages (this list returns everything at once)."


@strawberry.interface(description="Anything with a stable id, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. `person:sergei-lavrov`, `country:RU`.")


@strawberry.type(description="Words of an article that support an entity or a fact.")
class Evidence:
    quote: str = strawberry.field(description="The exact words, as written in the article.")
    start: int = strawberry.field(description="Offset of the first character of the quote in `Article.text`.")
    end: int = strawberry.field(description="Offset just past the quote: `text[start:end] == quote`.")
    confidence: float | None = strawberry.field(description="Extractor's confidence (null when hand-curated).")
    article_id: strawberry.Private[str]
    reported_by_id: strawberry.Private[str | None] = None

    @strawberry.field(description="The article the quote comes from.")
    @from_prefetched(_built_node)
    def article(self, info: Ctx) -> Article:
        return _node(info, self, self.article_id)

    @strawberry.field(
        description="The outlet or agency the quote attributes its words to (\"according to KCNA\", \"told AFP\", "
        "\"أفادت قناة القاهرة الإخبارية\"); null when the article reports them in its own voice."
    )
    def reported_by(self, info: Ctx) -> Entity | None:
        if self.reported_by_id is None:
            return None
        return _node(info, self, self.reported_by_id)


def _evidence(e: Record) -> Evidence:
    evidence = Evidence(quote=e["quote"], start=e["start"], end=e["end"], confidence=e["confidence"],
                        article_id=e["article"], reported_by_id=e.get("reportedBy"))  # fmt: skip
    evidence._pre = e.get("_pre")  # type: ignore[attr-defined]
    return evidence


def _evidences(found: list[Record]) -> list[Evidence]:
    return [_evidence(e) for e in found]


def _sources(info: Ctx, owner: Any) -> Any:
    found = prefetched(owner, info)
    if found is not _MISSING:
        return _evidences(found)

    async def load() -> list[Evidence]:
        return _evidences(await info.context.evidence.load(owner.id))

    return load()


@strawberry.interface(description="A person, country, organization or place.")
class Entity(Node):
    name: str = strawberry.field(description="Name in English.")
    name_ar: str | None = strawberry.field(description="Name in Arabic, as written in the sources.")
    aliases: list[str] = strawberry.field(description="Other spellings and names met in the sources.")
    verified: bool = strawberry.field(
        description="False for an entity an extractor found that no curated registry knows yet."
    )

    @strawberry.field(description="Where articles mention this entity.")
    @from_prefetched(_evidences)
    def sources(self, info: Ctx) -> list[Evidence]:
        return _sources(info, self)


@strawberry.interface(description="A visit, agreement, statement or event drawn from articles.")
class Fact(Node):
    confidence: float | None = strawberry.field(description="Extractor's confidence (null when hand-curated).")

    @strawberry.field(description="The words of each article that support this fact.")
    @from_prefetched(_evidences)
    def sources(self, info: Ctx) -> list[Evidence]:
        return _sources(info, self)

    @strawberry.field(description="What editors said of this fact: state (UNREVIEWED until reviewed), who, when, "
                      "note, the correction and the extractor's values it replaced, every review.")
    async def review(self, info: Ctx) -> Annotated[FactReview, strawberry.lazy("schema.review")]:
        from schema.review import review_of

        return await review_of(info, self.id)


@strawberry.type(description="A post a person holds: a title, at an organization, for a country.")
class Role:
    title: str = strawberry.field(description="Title in English.")
    title_ar: str | None = strawberry.field(description="Title in Arabic, as written.")
    since: PartialDate | None = strawberry.field(description="When the post began, if known.")
    until: PartialDate | None = strawberry.field(description="When the post ended, if it has.")
    government: bool = strawberry.field(description="A government post (minister, spokesperson, head of state).")
    role_id: strawberry.Private[str]

    @strawberry.field(description="The organization the post is at.")
    @from_prefetched(_built_one)
    def organization(self, info: Ctx) -> Organization | None:
        return _one(info, "role.organization", self, key="role_id")

    @strawberry.field(description="The country the post serves.")
    @from_prefetched(_built_one)
    def country(self, info: Ctx) -> Country | None:
        return _one(info, "role.country", self, key="role_id")


@strawberry.type(description="A person: official, spokesperson, expert...")
class Person(Entity):
    @strawberry.field(description="Posts the person holds or held.")
    @from_prefetched(_built_many)
    def roles(self, info: Ctx) -> list[Role]:
        return _many(info, "roles", self)

    @strawberry.field(description="The country the person belongs to.")
    @from_prefetched(_built_one)
    def country(self, info: Ctx) -> Country | None:
        return _one(info, "citizenship", self)

    @strawberry.field(
        description="Visits the person made, planned or had ruled out, by date.", deprecation_reason=_paged("visits")
    )
    @from_prefetched(_built_many)
    def visits(self, info: Ctx) -> list[Visit]:
        return _many(info, "visits", self)

    @strawberry.field(description="Visits the person made, planned or had ruled out, by date (paged).")
    def visits_connection(
        self, info: Ctx, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Visit]:
        return _connection(info, "visits", self, first, after, last, before)

    @strawberry.field(description="Statements the person made, by date.", deprecation_reason=_paged("statements"))
    @from_prefetched(_built_many)
    def statements(self, info: Ctx) -> list[Statement]:
        return _many(info, "statements", self)

    @strawberry.field(description="Statements the person made, by date (paged).")
    def statements_connection(
        self, info: Ctx, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Statement]:
        return _connection(info, "statements", self, first, after, last, before)


@strawberry.type(description="A country, keyed by its ISO 3166-1 alpha-2 code.")
class Country(Entity):
    code: str = strawberry.field(description="ISO 3166-1 alpha-2 code, e.g. RU, KP.")

    @strawberry.field(description="The capital city.")
    @from_prefetched(_built_one)
    def capital(self, info: Ctx) -> Place | None:
        return _one(info, "capital", self)

    @strawberry.field(description="Persons of this country.", deprecation_reason=_paged("people"))
    @from_prefetched(_built_many)
    def people(self, info: Ctx) -> list[Person]:
        return _many(info, "people", self)

    @strawberry.field(description="Persons of this country, by name (paged).")
    def people_connection(
        self, info: Ctx, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Person]:
        return _connection(info, "people", self, first, after, last, before)

    @strawberry.field(
        description="Visits made on behalf of this country, by date.", deprecation_reason=_paged("visitsMade")
    )
    @from_prefetched(_built_many)
    def visits_made(self, info: Ctx) -> list[Visit]:
        return _many(info, "visitsMade", self)

    @strawberry.field(description="Visits made on behalf of this country, by date (paged).")
    def visits_made_connection(
        self, info: Ctx, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Visit]:
        return _connection(info, "visitsMade", self, first, after, last, before)

    @strawberry.field(description="Visits this country hosted, by date.", deprecation_reason=_paged("visitsHosted"))
    @from_prefetched(_built_many)
    def visits_hosted(self, info: Ctx) -> list[Visit]:
        return _many(info, "visitsHosted", self)

    @strawberry.field(description="Visits this country hosted, by date (paged).")
    def visits_hosted_connection(
        self, info: Ctx, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Visit]:
        return _connection(info, "visitsHosted", self, first, after, last, before)

    @strawberry.field(
        description="Agreements this country is a party to, by date.", deprecation_reason=_paged("agreements")
    )
    @from_prefetched(_built_many)
    def agreements(self, info: Ctx) -> list[Agreement]:
        return _many(info, "agreements", self)

    @strawberry.field(description="Agreements this country is a party to, by date (paged).")
    def agreements_connection(
        self, info: Ctx, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Agreement]:
        return _connection(info, "agreements", self, first, after, last, before)


@strawberry.type(description="An organization: ministry, agency, company, university, news outlet...")
class Organization(Entity):
    kind: str | None = strawberry.field(description="What sort of organization (ministry, airline...).")

    @strawberry.field(description="The country it belongs to.")
    @from_prefetched(_built_one)
    def country(self, info: Ctx) -> Country | None:
        return _one(info, "basedIn", self)


@strawberry.type(description="A place: city, region...")
class Place(Entity):
    kind: str | None = strawberry.field(description="What sort of place (city, region...).")

    @strawberry.field(description="The country it lies in.")
    @from_prefetched(_built_one)
    def country(self, info: Ctx) -> Country | None:
        return _one(info, "locatedIn", self)


@strawberry.type(
    description="Several visits a source tells as one fact (\"زيارات عدة\", \"three visits this year\"): how many, "
    "and the latest one when the source dates it (\"وكان آخرها الشهر الماضي\")."
)
class VisitSeries:
    count: int | None = strawberry.field(
        description="How many visits the source tells (\"ثلاث زيارات\", \"three visits\"); null when it gives no "
        "number (see `several`)."
    )
    several: bool = strawberry.field(
        description="True when the source tells the visits without a number (\"زيارات عدة\", \"several "
        "visits\"): at least two."
    )
    visit_id: strawberry.Private[str]

    @strawberry.field(description="The latest visit of the series, a dated visit of its own; null when not told.")
    @from_prefetched(_built_one)
    def latest(self, info: Ctx) -> Visit | None:
        return _one(info, "seriesLatest", self, key="visit_id")


@strawberry.type(description="A visit of a person to a country: made, under way, planned, expected or ruled out.")
class Visit(Fact):
    start_date: PartialDate | None = strawberry.field(description="First day (or month/year) of the visit.")
    end_date: PartialDate | None = strawberry.field(description="Last day (or month/year) of the visit.")
    status: VisitStatus = strawberry.field(description="Whether it happened, per the sources' modality.")
    purpose: str | None = strawberry.field(description="What the visit is for.")
    series_count: strawberry.Private[int | None] = None
    series_several: strawberry.Private[bool] = False

    @strawberry.field(description="How precisely startDate is known (YEAR, MONTH or DAY); null when undated.")
    def start_date_precision(self) -> DatePrecision | None:
        return precision_of(self.start_date)

    @strawberry.field(description="How precisely endDate is known (YEAR, MONTH or DAY); null when not given.")
    def end_date_precision(self) -> DatePrecision | None:
        return precision_of(self.end_date)

    @strawberry.field(description="Who visits.")
    @from_prefetched(_built_one)
    def visitor(self, info: Ctx) -> Person:
        return _one(info, "visitor", self)

    @strawberry.field(description="The country the visitor comes from.")
    @from_prefetched(_built_one)
    def visitor_country(self, info: Ctx) -> Country | None:
        return _one(info, "visitorCountry", self)

    @strawberry.field(description="The country visited.")
    @from_prefetched(_built_one)
    def host_country(self, info: Ctx) -> Country:
        return _one(info, "hostCountry", self)

    @strawberry.field(description="The city or place visited.")
    @from_prefetched(_built_one)
    def destination(self, info: Ctx) -> Place | None:
        return _one(info, "destination", self)

    @strawberry.field(description="Who invited the visitor.")
    @from_prefetched(_built_one)
    def invited_by(self, info: Ctx) -> Entity | None:
        return _one(info, "invitedBy", self)

    @strawberry.field(description="Persons travelling with the visitor (ministers, advisers of the delegation).")
    @from_prefetched(_built_many)
    def delegation(self, info: Ctx) -> list[Person]:
        return _many(info, "delegation", self)

    @strawberry.field(description="Agreements signed during the visit.")
    @from_prefetched(_built_many)
    def agreements(self, info: Ctx) -> list[Agreement]:
        return _many(info, "signedAgreements", self)

    @strawberry.field(
        description="When this fact stands for several visits told as one (\"زيارات عدة\", \"three visits\"): "
        "their number and latest visit; null for a single visit."
    )
    def series(self) -> VisitSeries | None:
        if self.series_count is None and not self.series_several:
            return None
        return VisitSeries(count=self.series_count, several=self.series_several, visit_id=self.id)

    @strawberry.field(
        description="The series this visit is the latest of (\"وكان آخرها الشهر الماضي\", \"the latest last "
        "month\"); null otherwise."
    )
    @from_prefetched(_built_one)
    def latest_of(self, info: Ctx) -> Visit | None:
        return _one(info, "latestOf", self)


@strawberry.type(description="A treaty, agreement, memorandum or permission between parties.")
class Agreement(Fact):
    name: str = strawberry.field(description="Name in English.")
    name_ar: str | None = strawberry.field(description="Name in Arabic, as written.")
    kind: str = strawberry.field(description="treaty, agreement, memorandum, permission... (one of `agreementKinds`).")
    signed_on: PartialDate | None = strawberry.field(description="When it was signed or granted.")
    status: AgreementStatus = strawberry.field(
        description="signed, or only planned, proposed, under negotiation or announced, as the source tells it.")
    clauses: list[str] = strawberry.field(description="Notable clauses (e.g. mutual defence).")

    @strawberry.field(description="How precisely signedOn is known (YEAR, MONTH or DAY); null when undated.")
    def signed_on_precision(self) -> DatePrecision | None:
        return precision_of(self.signed_on)

    @strawberry.field(description="The parties: countries, organizations or persons.")
    @from_prefetched(_built_many)
    def parties(self, info: Ctx) -> list[Entity]:
        return _many(info, "parties", self)

    @strawberry.field(description="The visit during which it was signed.")
    @from_prefetched(_built_one)
    def signed_during(self, info: Ctx) -> Visit | None:
        return _one(info, "signedDuring", self)


@strawberry.type(description="Something a person or body said, with the words the article attributes.")
class Statement(Fact):
    date: PartialDate | None = strawberry.field(description="When it was said.")
    summary: str = strawberry.field(description="What was said, in English.")
    quote: str = strawberry.field(description="The words attributed to the speaker, as written.")

    @strawberry.field(description="How precisely `date` is known (YEAR, MONTH or DAY); null when undated.")
    def date_precision(self) -> DatePrecision | None:
        return precision_of(self.date)

    @strawberry.field(description="Who said it.")
    @from_prefetched(_built_one)
    def speaker(self, info: Ctx) -> Entity:
        return _one(info, "speaker", self)

    @strawberry.field(description="Entities the statement is about.")
    def about(self, info: Ctx) -> list[Entity]:
        found = _many(info, "about", self)
        if isinstance(found, list):
            return [item for item in found if isinstance(item, Entity)]

        async def entities() -> list[Entity]:
            return [item for item in await found if isinstance(item, Entity)]

        return entities()

    @strawberry.field(description="Everything the statement is about, facts included.")
    @from_prefetched(_built_many)
    def subjects(self, info: Ctx) -> list[Node]:
        return _many(info, "about", self)


@strawberry.type(description="Something that happened (or may): deployment, anniversary, summit, flights...")
class Event(Fact):
    kind: str = strawberry.field(description="deployment, anniversary, summit, war, flights... (one of `eventKinds`).")
    summary: str = strawberry.field(description="What happened, in English.")
    date: PartialDate | None = strawberry.field(description="When it happened.")
    status: VisitStatus = strawberry.field(description="Whether it happened, per the sources' modality.")

    @strawberry.field(description="How precisely `date` is known (YEAR, MONTH or DAY); null when undated.")
    def date_precision(self) -> DatePrecision | None:
        return precision_of(self.date)

    @strawberry.field(description="Who took part.")
    @from_prefetched(_built_many)
    def participants(self, info: Ctx) -> list[Entity]:
        return _many(info, "participants", self)

    @strawberry.field(description="Where it happened.")
    @from_prefetched(_built_one)
    def place(self, info: Ctx) -> Place | None:
        return _one(info, "place", self)


@strawberry.type(description="A news article: the source of facts.")
class Article(Node):
    title: str = strawberry.field(description="Headline, as published.")
    language: str = strawberry.field(description="ISO 639-1 code: ar or en.")
    published_on: PartialDate | None = strawberry.field(description="Publication date.")
    published_inferred: bool = strawberry.field(description="True when the date was inferred from the text.")
    source: str | None = strawberry.field(description="The outlet.")
    url: str | None = strawberry.field(description="Where it was published.")
    cites: list[str] = strawberry.field(description="Outlets and agencies the article cites.")
    text: str = strawberry.field(description="The body, verbatim; evidence offsets index into it.")

    @strawberry.field(description="How precisely publishedOn is known (YEAR, MONTH or DAY); null when undated.")
    def published_on_precision(self) -> DatePrecision | None:
        return precision_of(self.published_on)

    @strawberry.field(description="Facts drawn from this article, by date.")
    @from_prefetched(_built_many)
    def facts(self, info: Ctx) -> list[Fact]:
        return _many(info, "articleFacts", self)

    @strawberry.field(description="Facts drawn from this article, by date (paged).")
    def facts_connection(
        self, info: Ctx, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Fact]:
        return _connection(info, "articleFacts", self, first, after, last, before)

    @strawberry.field(
        description="The outlet that published the article, when its `source` names a known organization."
    )
    @from_prefetched(_built_one)
    def outlet(self, info: Ctx) -> Organization | None:
        return _one(info, "outlet", self)

    @strawberry.field(description="Entities this article mentions.")
    @from_prefetched(_built_many)
    def entities(self, info: Ctx) -> list[Entity]:
        return _many(info, "articleEntities", self)


def _entity_fields(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": p["id"],
        "name": p.get("name"),
        "name_ar": p.get("nameAr"),
        "aliases": p.get("aliases") or [],
        "verified": p.get("verified", True),
    }


_VISIT_STATUSES = {status.value: status for status in VisitStatus}  # a lookup: calling the enum costs ~1 µs


def _status(p: dict[str, Any]) -> VisitStatus:
    value = p.get("status") or "completed"
    return _VISIT_STATUSES.get(value) or VisitStatus(value)  # an unknown value raises as before


# A compiled record carries only the properties its selection reads (schema.projection.PROPS), so
# builders take what is there: a property left out belongs to a field nobody asked for.
_BUILDERS: dict[str, Any] = {
    "Person": lambda p: Person(**_entity_fields(p)),
    "Country": lambda p: Country(**_entity_fields(p), code=p.get("code")),
    "Organization": lambda p: Organization(**_entity_fields(p), kind=p.get("kind")),
    "Place": lambda p: Place(**_entity_fields(p), kind=p.get("kind")),
    "Visit": lambda p: Visit(
        id=p["id"],
        confidence=p.get("confidence"),
        start_date=p.get("start"),
        end_date=p.get("end"),
        status=_status(p),
        purpose=p.get("purpose"),
        series_count=p.get("count"),
        series_several=bool(p.get("several")),
    ),
    "Agreement": lambda p: Agreement(
        id=p["id"],
        confidence=p.get("confidence"),
        name=p.get("name"),
        name_ar=p.get("nameAr"),
        kind=p.get("kind"),
        signed_on=p.get("signedOn"),
        status=AgreementStatus(p.get("status") or "signed"),
        clauses=p.get("clauses") or [],
    ),
    "Statement": lambda p: Statement(
        id=p["id"], confidence=p.get("confidence"), date=p.get("date"), summary=p.get("summary"),
        quote=p.get("quote"),
    ),
    "Event": lambda p: Event(
        id=p["id"],
        confidence=p.get("confidence"),
        kind=p.get("kind"),
        summary=p.get("summary"),
        date=p.get("date"),
        status=_status(p),
    ),
    "Article": lambda p: Article(
        id=p["id"],
        title=p.get("title"),
        language=p.get("language"),
        published_on=p.get("published"),
        published_inferred=p.get("publishedInferred") or False,
        source=p.get("source"),
        url=p.get("url"),
        cites=p.get("cites") or [],
        text=p.get("text"),
    ),
    "Role": lambda p: Role(
        title=p.get("title"),
        title_ar=p.get("titleAr"),
        since=p.get("since"),
        until=p.get("until"),
        government=p.get("government") or False,
        role_id=p["id"],
    ),
}


def build(record: Record | None) -> Any:
    """The GraphQL object for a node record: {labels, props}, or a compiled one (its properties with `_labels`
    and what was prefetched for its fields, `_pre`); None passes through."""
    if record is None:
        return None
    labels, props = (record["_labels"], record) if "_labels" in record else (record["labels"], record["props"])
    for label in labels:
        if label in _BUILDERS:
            built = _BUILDERS[label](props)
            built._pre = props.get("_pre")
            return built
    raise LookupError(f"no GraphQL type for labels {labels}")
