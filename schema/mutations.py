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
from schema.errors import DatabaseError, ToldError, UserInputError
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
