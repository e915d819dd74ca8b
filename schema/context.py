"""Per-request context: the reader and DataLoaders (new for every request, so no stale cache; a websocket
connection's context lives longer, so a subscription renews it for each event)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from graph.settings import Settings
from schema.changes import FactFeed
from schema.data import Reader, Record
from schema.permissions import ANONYMOUS, Caller
from schema.review_data import reviews_of


@dataclass
class Context:
    reader: Reader
    settings: Settings
    feed: FactFeed | None = None  # the process's poller of new facts (subscriptions)
    over_websocket: bool = False  # subscriptions need one
    caller: Caller = ANONYMOUS  # the API key the guard verified (schema/permissions.py decides what it may do)
    nodes: DataLoader[str, Record | None] = field(init=False)
    evidence: DataLoader[str, list[Record]] = field(init=False)
    reviews: DataLoader[str, Record | None] = field(init=False)
    _related: dict[str, DataLoader[str, list[Record]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.nodes = DataLoader(load_fn=self.reader.nodes_by_id)
        self.evidence = DataLoader(load_fn=self.reader.evidence)
        self.reviews = DataLoader(load_fn=lambda ids: reviews_of(self.reader, ids))

    def renew(self) -> None:
        """Forget what the loaders cached and the queries counted: a websocket connection shares one context
        across all its events, and each event must read the graph as it is now."""
        self.reader.queries = 0
        self._related.clear()
        self.__post_init__()

    def related(self, relation: str) -> DataLoader[str, list[Record]]:
        """One loader per relation: every `visit.hostCountry` in a page is fetched by one query."""
        if relation not in self._related:
            async def load(ids: list[str], relation: str = relation) -> Any:
                return await self.reader.related(relation, ids)

            self._related[relation] = DataLoader(load_fn=load)
        return self._related[relation]
