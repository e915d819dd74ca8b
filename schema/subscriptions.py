"""The Subscription root: facts as articles bring them (`factsAdded`), over graphql-transport-ws.

Each subscriber names what it wants (a country, a person, kinds of fact); the process's one poller
(schema.changes.FactFeed) finds what was added and hands it over. Events are the same Fact types as the
lists, so a client selects `visitor`, `hostCountry`, `sources { quote start end }`... as it would there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Annotated

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from schema.analysis import FactKind
from schema.changes import FactFeed, FactFilter, FellBehind
from schema.errors import DatabaseError, UnsupportedOperation
from schema.ids import require_country, require_node
from schema.types import Ctx, Fact, build

NEEDS_WEBSOCKET = "subscriptions need a websocket: open ws://HOST/graphql with the graphql-transport-ws protocol"


class SubscriptionsOverWebsocket(SchemaExtension):
    """A subscription sent over plain HTTP is refused with OPERATION_NOT_SUPPORTED before anything runs
    (graphql-core would otherwise run it as a query and fail inside)."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.operation_type is OperationType.SUBSCRIPTION and not context.context.over_websocket:
            raise UnsupportedOperation(NEEDS_WEBSOCKET)
        yield


@strawberry.type(description="What changes, pushed to the client as it happens (graphql-transport-ws on /graphql).")
class Subscription:
    @strawberry.subscription(
        description="Each fact as it is added to the knowledge base (an article ingested or loaded by any process), "
        "within a second of the write; filters combine with AND. A fact a later article only confirms is not "
        "sent again. Delivery resumes by itself after a Neo4j outage, the facts added meanwhile included."
    )
    async def facts_added(
        self,
        info: Ctx,
        country: Annotated[
            str | None,
            strawberry.argument(
                description="ISO code: facts involving the country (host or visitor's country, party, participant, "
                "subject, speaker or the speaker's country)."
            ),
        ] = None,
        person: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Person id: facts the person plays a part in (visitor, delegation, "
                                "party, speaker, participant, subject, inviter)."),
        ] = None,
        kind: Annotated[
            list[FactKind] | None,
            strawberry.argument(description="Only these kinds of fact (one, or a list; default: all)."),
        ] = None,
    ) -> AsyncIterator[Fact]:
        feed = info.context.feed
        if feed is None:
            raise UnsupportedOperation(NEEDS_WEBSOCKET)
        wanted = FactFilter(
            country=await require_country(info, country, "country") if country is not None else None,
            person=await require_node(info, str(person), "person", "Person") if person is not None else None,
            kinds=frozenset(k.value for k in kind or []),
        )
        return _deliver(info, feed, wanted)


async def _deliver(info: Ctx, feed: FactFeed, wanted: FactFilter) -> AsyncIterator[Fact]:
    # Subscribed on the first step, so a stream that is dropped unread leaves no subscriber behind.
    subscriber = feed.subscribe(wanted)
    try:
        while True:
            try:
                fact = await subscriber.next()
            except FellBehind:
                raise DatabaseError("this subscription fell behind the facts added and was ended; subscribe again",
                                    "SERVER_BUSY") from None
            info.context.renew()
            yield build(fact)
    finally:
        feed.unsubscribe(subscriber)
