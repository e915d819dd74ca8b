"""The Mutation root: writes, each refused without an editor key (schema/permissions.py), each all-or-nothing.

Resolvers stay thin: the pipeline and the write-side Cypher live in extract/ and loaders/.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from neo4j.exceptions import DriverError, Neo4jError

from extract.submit import Submission, SubmissionError, submit
from graph.db import describe, error_code, is_unavailable
from loaders.api_keys import KeyRole
from loaders.retract import retract_article
from schema.errors import DatabaseError, NotFoundError, ToldError, UserInputError
from schema.permissions import require_role
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
