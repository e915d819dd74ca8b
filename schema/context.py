"""Per-request context: the reader and DataLoaders (new for every request, so no stale cache)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from graph.settings import Settings
from schema.data import Reader, Record
from schema.permissions import ANONYMOUS, Caller
from schema.review_data import reviews_of


@dataclass
class Context:
    reader: Reader
    settings: Settings
    caller: Caller = ANONYMOUS  # the API key the guard verified (schema/permissions.py decides what it may do)
    nodes: DataLoader[str, Record | None] = field(init=False)
    evidence: DataLoader[str, list[Record]] = field(init=False)
    reviews: DataLoader[str, Record | None] = field(init=False)
    _related: dict[str, DataLoader[str, list[Record]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.nodes = DataLoader(load_fn=self.reader.nodes_by_id)
        self.evidence = DataLoader(load_fn=self.reader.evidence)
        self.reviews = DataLoader(load_fn=lambda ids: reviews_of(self.reader, ids))

    def related(self, relation: str) -> DataLoader[str, list[Record]]:
        """One loader per relation: every `visit.hostCountry` in a page is fetched by one query."""
        if relation not in self._related:
            async def load(ids: list[str], relation: str = relation) -> Any:
                return await self.reader.related(relation, ids)

            self._related[relation] = DataLoader(load_fn=load)
        return self._related[relation]
