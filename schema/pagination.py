"""Relay connections with keyset cursors and a totalCount that never fetches the nodes.

A cursor is the sort key and id of an edge's node, so it stays valid when new
data is loaded (an offset would shift). Ties on the sort key are broken by id.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry

from schema.errors import UserInputError

T = TypeVar("T")


@strawberry.enum(description="Direction of an ordering.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.type(description="Where a page sits in the whole list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge; pass it as `after`.")


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque keyset cursor of this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list (Relay connection) with the list's total size.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging state.")
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Number of items in the whole filtered list (computed by a count query).")
    async def total_count(self) -> int:
        return await self._count()

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def encode_cursor(key: Any, node_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([key, node_id], ensure_ascii=False).encode()).decode()


def decode_cursor(cursor: str, argument: str) -> tuple[Any, str]:
    try:
        key, node_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(node_id, str):
            raise ValueError
        return key, node_id
    except (ValueError, TypeError, UnicodeDecodeError):
        raise UserInputError(argument, f"{cursor!r} is not a cursor from this API") from None


@dataclass(frozen=True)
class PageRequest:
    """first/after or last/before, checked against the maximum page size."""

    limit: int
    forward: bool
    cursor: tuple[Any, str] | None

    @classmethod
    def of(cls, first: int | None, after: str | None, last: int | None, before: str | None,
           max_size: int, default: int = 20) -> PageRequest:
        if first is not None and last is not None:
            raise UserInputError("last", "give either first/after or last/before, not both")
        for name, value in (("first", first), ("last", last)):
            if value is not None and not 0 <= value <= max_size:
                raise UserInputError(name, f"{value} is outside 0..{max_size} (the maximum page size)")
        if last is not None or before is not None:
            if after is not None:
                raise UserInputError("after", "cannot be combined with last/before")
            return cls(last if last is not None else default, False,
                       decode_cursor(before, "before") if before else None)
        return cls(first if first is not None else default, True, decode_cursor(after, "after") if after else None)
