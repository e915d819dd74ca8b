"""The Mutation root: writes, each refused without an editor key (schema/permissions.py), each all-or-nothing.

Resolvers stay thin: the pipeline and the write-side Cypher live in extract/ and loaders/.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from neo4j.exceptions import DriverError, Neo4jError

from extract.submit import Submission, SubmissionError, submit
from graph.dates import PartialDate as ParsedDate
from graph.db import describe, error_code, is_unavailable
from loaders.api_keys import KeyRole
from loaders.retract import retract_article
from loaders.review import LINKS, STATUS_VALUES, Correction, LinkChange, Verdict, review_fact
from schema.errors import DatabaseError, NotFoundError, ToldError, UserInputError
from schema.ids import entity_id, require_node
from schema.permissions import require_role
from schema.review import FactReview, LinkRole, ReviewVerdict, fact_review
from schema.review_data import reviews_of
from schema.scalars import PartialDate
from schema.types import Article, Ctx, Entity, Fact, build


@strawberry.input(description="An article to add: its text, a saved page's HTML, or a URL to fetch (exactly one of "
                  "text and html, or url alone), with optional metadata that wins over what the page says.")
class IngestArticleInput:
    text: str | None = strawberry.field(default=None, description="The article as plain text; its first line is the "
                                        "title unless `title` is given. At most KHABAR_MAX_ARTICLE_BYTES bytes.")
    html: str | None = strawberry.field(default=None, description="A saved web page (its main text and metadata are "
                                        "read as `khabar ingest page.html` reads them). At most KHABAR_MAX_PAGE_BYTES.")
    url: str | None = strawberry.field(default=None, description="The article's URL. Alone, the page is fetched "
                                       "(KHABAR_FETCH_TIMEOUT_S, KHABAR_MAX_PAGE_BYTES); with text or html, it is "
                                       "only recorded.")
    title: str | None = strawberry.field(default=None, description="The headline.")
    published: PartialDate | None = strawberry.field(default=None, description="Publication date.")
    outlet: str | None = strawberry.field(default=None, description="The outlet (the Article's `source`).")
    language: str | None = strawberry.field(default=None, description="ar or en (detected when left out).")


@strawberry.type(description="What ingestArticle wrote.")
class IngestArticlePayload:
    article: Article = strawberry.field(description="The Article, new or the one the graph already held (same "
                                        "text or same URL).")
    created: bool = strawberry.field(description="False when the graph already held this article: nothing was "
                                     "duplicated (its evidence was replaced by this extraction's).")
    article_id: strawberry.Private[str]

    @strawberry.field(description="The facts the article supports now, by date (merged with facts other articles "
                      "told, as `khabar ingest` merges them), each with its evidence offsets into `article.text`.")
    async def facts(self, info: Ctx) -> list[Fact]:
        return [build(item) for item in await info.context.related("articleFacts").load(self.article_id)]

    @strawberry.field(description="The entities the article mentions.")
    async def entities(self, info: Ctx) -> list[Entity]:
        return [build(item) for item in await info.context.related("articleEntities").load(self.article_id)]


@strawberry.type(description="What retractArticle removed. Facts and entities another article still supports stay, "
                 "with only this article's evidence gone.")
class RetractArticlePayload:
    article_id: strawberry.ID = strawberry.field(description="The article removed.")
    removed_facts: list[strawberry.ID] = strawberry.field(description="Facts no article supports any more, removed "
                                                          "(with their reviews).")
    removed_entities: list[strawberry.ID] = strawberry.field(description="Entities no article supports any more "
                                                             "and nothing that stays links to, removed.")
    kept_fact_ids: strawberry.Private[list[str]]

    @strawberry.field(description="Facts the article supported that other articles still support (kept).")
    async def kept_facts(self, info: Ctx) -> list[Fact]:
        return [build(item) for item in await info.context.nodes.load_many(self.kept_fact_ids) if item is not None]


@strawberry.input(description="A link correction: in this role, link `entity` (for a single-valued role, in place "
                  "of the current one) and/or unlink `replaces`.")
class LinkCorrectionInput:
    role: LinkRole = strawberry.field(description="The part the entity plays in the fact.")  # type: ignore[valid-type]
    entity: strawberry.ID | None = strawberry.field(default=None, description="The entity to link (id, or a "
                                                    "country's ISO code).")
    replaces: strawberry.ID | None = strawberry.field(default=None, description="The entity to unlink (for a "
                                                      "single-valued role, the current one when left out).")


@strawberry.input(description="What a CORRECT review changes; the extractor's values stay readable in "
                  "`review.extracted`.")
class FactCorrectionInput:
    date: PartialDate | None = strawberry.field(default=None, description="A visit's start, an agreement's signing, "
                                                "a statement's or event's date.")
    end_date: PartialDate | None = strawberry.field(default=None, description="A visit's end.")
    status: str | None = strawberry.field(default=None, description="A VisitStatus (visits, events) or "
                                          "AgreementStatus (agreements) name, e.g. COMPLETED, SIGNED.")
    links: list[LinkCorrectionInput] | None = strawberry.field(default=None, description="Links to entities.")


@strawberry.type(description="What reviewFact recorded.")
class ReviewFactPayload:
    fact: Fact = strawberry.field(description="The fact, with the corrected values.")
    review: FactReview = strawberry.field(description="Its review state and history, this review first.")


MAX_NOTE_CHARS = 2000


async def _correction(info: Ctx, label: str, value: FactCorrectionInput | None, verdict: ReviewVerdict,
                      props: dict) -> Correction | None:
    """The correction, checked against the fact's kind; each problem names its argument."""
    if verdict is not ReviewVerdict.CORRECT:
        if value is not None:
            raise UserInputError("correction", f"only a CORRECT review carries a correction, not {verdict.value}")
        return None
    if value is None or (value.date is None and value.end_date is None and value.status is None and not value.links):
        raise UserInputError("correction", "a CORRECT review needs a correction: date, endDate, status or links")
    if value.end_date is not None:
        if label != "Visit":
            raise UserInputError("correction.endDate", f"a {label.lower()} has no end date (only visits do)")
        start = value.date or props.get("start")
        if start and ParsedDate.parse(value.end_date).last_day() < ParsedDate.parse(start).first_day():
            raise UserInputError("correction.endDate", f"{value.end_date} is before the start {start}")
    status = None
    if value.status is not None:
        allowed = STATUS_VALUES.get(label)
        if allowed is None:
            raise UserInputError("correction.status", f"a {label.lower()} has no status")
        status = value.status.strip().lower()
        if status not in allowed:
            names = ", ".join(sorted(a.upper() for a in allowed))
            raise UserInputError("correction.status", f"{value.status!r} is not a {label.lower()} status: {names}")
    links: list[LinkChange] = []
    for index, link in enumerate(value.links or []):
        where = f"correction.links[{index}]"
        spec = LINKS[label].get(link.role.value)
        if spec is None:
            roles = ", ".join(LINKS[label])
            raise UserInputError(f"{where}.role", f"a {label.lower()} has no {link.role.value} link: {roles}")
        if link.entity is None and link.replaces is None:
            raise UserInputError(where, "give the entity to link, the one to unlink (replaces), or both")
        if link.entity is None and spec.single:
            raise UserInputError(f"{where}.entity", f"{link.role.value} is one entity: give the one to link instead")
        entity = await require_node(info, str(link.entity), f"{where}.entity", spec.target) if link.entity else None
        replaces = entity_id(str(link.replaces)) if link.replaces else None
        links.append(LinkChange(role=link.role.value, entity=entity, replaces=replaces))
    return Correction(date=value.date, end_date=value.end_date, status=status, links=tuple(links))


def database_error(info: Ctx, error: Exception) -> DatabaseError:
    """A failed write (rolled back): the driver's failure as the API reports any database failure."""
    breaker = info.context.reader.breaker
    if breaker is not None and is_unavailable(error):
        breaker.trip()
    return DatabaseError(describe(error) + "; nothing was written", error_code(error))


def _refusal(error: SubmissionError) -> Exception:
    if error.code == "BAD_USER_INPUT":
        return UserInputError(error.field, error.message)
    return ToldError(f"argument '{error.field}': {error.message}; nothing was written",
                     extensions={"code": error.code, "argument": error.field, "retryable": error.retryable})


@strawberry.type(description="Writes: each needs an API key with role editor or admin, and is all or nothing.")
class Mutation:
    @strawberry.mutation(description="Add an article: extract its entities and facts (as `khabar ingest` does) and "
                         "write them in one transaction. The same article twice (same text, or same URL) is one "
                         "Article with no duplicated facts. Needs an editor key.")
    async def ingest_article(
        self, info: Ctx, input: Annotated[IngestArticleInput, strawberry.argument(description="The article.")]
    ) -> IngestArticlePayload:
        require_role(info, KeyRole.EDITOR)
        context = info.context
        sub = Submission(text=input.text, html=input.html, url=input.url, title=input.title,
                         published=input.published, outlet=input.outlet, language=input.language)
        try:
            stored = await submit(context.reader.driver, sub, context.settings)
        except SubmissionError as error:
            raise _refusal(error) from None
        except (Neo4jError, DriverError, OSError) as error:
            raise database_error(info, error) from error
        if context.feed is not None:
            context.feed.wake()  # this process's factsAdded subscribers hear of it now, not at the next tick
        article_id = f"article:{stored.doc.article.id}"
        return IngestArticlePayload(article=build(await context.nodes.load(article_id)), created=stored.created,
                                    article_id=article_id)

    @strawberry.mutation(description="Remove an article, every piece of evidence it gave, and every fact and entity "
                         "left without evidence (an entity something that stays still links to is kept). One "
                         "transaction. An id the graph does not hold is NOT_FOUND (nothing written), so retracting "
                         "twice answers NOT_FOUND the second time. Needs an editor key.")
    async def retract_article(
        self, info: Ctx, id: Annotated[strawberry.ID, strawberry.argument(description="The article's id "
                                                                          "(article:…; the prefix may be left out).")]
    ) -> RetractArticlePayload:
        require_role(info, KeyRole.EDITOR)
        article_id = str(id).strip()
        if not article_id.startswith("article:"):
            article_id = f"article:{article_id}"
        try:
            done = await retract_article(info.context.reader.driver, article_id,
                                         database=info.context.settings.neo4j_database)
        except (Neo4jError, DriverError, OSError) as error:
            raise database_error(info, error) from error
        if done is None:
            raise NotFoundError("id", f"no article {article_id!r} in the graph; nothing was removed")
        return RetractArticlePayload(article_id=strawberry.ID(done.article_id),
                                     removed_facts=[strawberry.ID(i) for i in done.removed_facts],
                                     removed_entities=[strawberry.ID(i) for i in done.removed_entities],
                                     kept_fact_ids=done.kept_facts)

    @strawberry.mutation(description="Review a fact: CONFIRM, REJECT (hidden from lists by default) or CORRECT its "
                         "date, status or a linked entity, with a note. Kept beside the extractor's output (the "
                         "evidence is never changed), with who (the key's name) and when; the latest review is the "
                         "fact's state and a correction survives re-ingesting its article. Needs an editor key.")
    async def review_fact(
        self,
        info: Ctx,
        id: Annotated[strawberry.ID, strawberry.argument(description="The fact's id (visit:…, agreement:…, …).")],
        verdict: Annotated[ReviewVerdict, strawberry.argument(description="CONFIRM, REJECT or CORRECT.")],
        note: Annotated[str | None, strawberry.argument(description="Why (at most 2,000 characters).")] = None,
        correction: Annotated[FactCorrectionInput | None, strawberry.argument(
            description="What to correct (verdict CORRECT only).")] = None,
    ) -> ReviewFactPayload:
        key = require_role(info, KeyRole.EDITOR)
        context = info.context
        fact_id = str(id).strip()
        record = await context.nodes.load(fact_id)
        if record is None or "Fact" not in record["labels"]:
            what = "not a fact (a visit, agreement, statement or event)" if record else "no fact with this id"
            raise NotFoundError("id", f"{fact_id!r}: {what}; nothing was written")
        if note is not None and len(note) > MAX_NOTE_CHARS:
            raise UserInputError("note", f"{len(note)} characters; at most {MAX_NOTE_CHARS}")
        label = next(lab for lab in record["labels"] if lab in LINKS)
        change = await _correction(info, label, correction, verdict, record["props"])
        try:
            done = await review_fact(context.reader.driver, fact_id, Verdict[verdict.value], note=note,
                                     by_id=key.id, by_name=key.name, correction=change,
                                     database=context.settings.neo4j_database)
        except (Neo4jError, DriverError, OSError) as error:
            raise database_error(info, error) from error
        if done is None:
            raise NotFoundError("id", f"{fact_id!r}: no fact with this id; nothing was written")
        # read back through fresh loaders: the ones of this request cached the fact as it was
        context.nodes.clear(fact_id)
        fact = build(await context.nodes.load(fact_id))
        return ReviewFactPayload(fact=fact, review=fact_review((await reviews_of(context.reader, [fact_id]))[0]))
