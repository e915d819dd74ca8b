"""The GraphQL schema: Strawberry types (types.py), the Query root (query.py), the Subscription root
(subscriptions.py), read-side Cypher (data.py, changes.py)."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig

from schema.analysis import AnalysisQuery
from schema.errors import DatabaseError, ErrorCodes, MaskUnexpected, NameBadArguments, is_users_mistake, should_mask
from schema.limits import InputLimits
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


def build_schema() -> strawberry.Schema:
    return KhabarSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(scalar_map=SCALARS),
        types=[Person, Country, Organization, Place, Visit, Agreement, Statement, Event, Article],
        extensions=[
            ErrorCodes,  # first: its after-operation step runs last, once errors are final
            InputLimits,
            lambda: QueryDepthLimiter(max_depth=12),
            lambda: MaxTokensLimiter(max_token_count=5000),
            lambda: MaxAliasesLimiter(max_alias_count=30),
            lambda: MaskUnexpected(should_mask_error=should_mask, error_message="internal error"),
            CypherQueryCount,
            SubscriptionsOverWebsocket,
            NameBadArguments,
        ],
    )


schema = build_schema()
