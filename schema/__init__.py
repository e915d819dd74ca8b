"""The GraphQL schema: Strawberry types (types.py), the Query root (query.py), the Subscription root
(subscriptions.py), read-side Cypher (data.py, changes.py)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from schema.analysis import AnalysisQuery
from schema.errors import DatabaseError, ErrorCodes, MaskUnexpected, NameBadArguments, is_users_mistake, should_mask
from schema.execution import LeafFirstExecution, read_plain_fields_directly
from schema.limits import InputLimits, LiteralLimits
from schema.mutations import Mutation
from schema.neighbours import NeighboursQuery
from schema.query import CoreQuery
from schema.scalars import SCALARS
from schema.search import SearchQuery
from schema.subscriptions import Subscription, SubscriptionsOverWebsocket
from schema.types import Agreement, Article, Country, Event, Organization, Person, Place, Statement, Visit


@strawberry.type(description="Questions over the knowledge graph of news facts.")
class Query(CoreQuery, SearchQuery, AnalysisQuery, NeighboursQuery):
    pass


class CypherQueryCount(SchemaExtension):
    """Reports the Cypher round trips a request made (`extensions.cypherQueries`): it must not grow with page size."""

    def get_results(self) -> dict[str, int]:
        context = self.execution_context.context
        return {"cypherQueries": context.reader.queries} if context is not None else {}


log = logging.getLogger("khabar.api")


class KhabarSchema(strawberry.Schema):
    """Logs what operators need: a traceback only for Khabar's own failures, one line for the database's,
    nothing for a client's mistake (the client was told)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        for error in errors:
            original = error.original_error
            if isinstance(original, DatabaseError) and original.code != "DATABASE_ERROR":
                log.warning("%s at %s", original.code, ".".join(map(str, error.path or [])))
            elif not is_users_mistake(error):
                super().process_errors([error], execution_context)


class CachedParse(ParserCache):
    """strawberry's parser cache, except that a query that does not parse is left to strawberry's own parsing,
    which reports the error like any other (coded GRAPHQL_PARSE_FAILED, QUERY_TOO_COMPLEX)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(context.query, **context.parse_options)
        yield


# Built once: rule classes made per request would never hit the validation cache (they are part of its key).
LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=30).validation_rules,
]
CACHE_SIZE = 1024  # distinct query texts whose parse and validation are kept (apps send a fixed few)


def build_schema() -> strawberry.Schema:
    return read_plain_fields_directly(KhabarSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=LeafFirstExecution,
        types=[Person, Country, Organization, Place, Visit, Agreement, Statement, Event, Article],
        extensions=[
            ErrorCodes,  # first: its after-operation step runs last, once errors are final
            InputLimits,  # before the parser cache: oversized text is refused unparsed
            lambda: AddValidationRules(LIMIT_RULES),
            lambda: MaxTokensLimiter(max_token_count=5000),
            lambda: CachedParse(maxsize=CACHE_SIZE),
            lambda: ValidationCache(maxsize=CACHE_SIZE),
            LiteralLimits,  # after the validation cache: its refusal replaces the cached result
            lambda: MaskUnexpected(should_mask_error=should_mask, error_message="internal error"),
            CypherQueryCount,
            SubscriptionsOverWebsocket,
            NameBadArguments,
        ],
    ))


schema = build_schema()
