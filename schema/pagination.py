"""Relay connections with keyset cursors and a totalCount that never fetches the nodes.

A cursor is the sort key and id of an edge's node, so it stays valid when new
data is loaded (an offset would shift). Ties on the sort key are broken by id.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import strawberry

from schema.errors import UserInputError

if TYPE_CHECKING:
    from strawberry.types import Info

    from schema.data import Listing

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
    node: T = strawberry.field(description="The item.")
    # the item's sort key and id: the cursor is encoded only when asked for
    sort_key: strawberry.Private[Any] = None
    node_id: strawberry.Private[str] = ""

    @strawberry.field(description="Opaque keyset cursor of this item.")
    def cursor(self) -> str:
        return self.encoded()

    def encoded(self) -> str:
        return encode_cursor(self.sort_key, self.node_id)


Page = tuple[list[Any], PageInfo]


@strawberry.type(description="A page of a list (Relay connection) with the list's total size.")
class Connection(Generic[T]):
    # Filled when the request's selection was compiled (schema.projection); otherwise the page and the count
    # are fetched when first asked for, so a request for totalCount alone never reads a page.
    _fetch: strawberry.Private[Callable[[], Awaitable[Page]] | None] = None
    _count: strawberry.Private[Callable[[], Awaitable[int]] | None] = None
    _page: strawberry.Private[Page | None] = None
    _total: strawberry.Private[int | None] = None
    _pending: strawberry.Private[asyncio.Future[Page] | None] = None

    def _load(self) -> Page | Awaitable[Page]:
        if self._page is not None:
            return self._page
        if self._pending is None:  # edges, nodes and pageInfo share one fetch
            assert self._fetch is not None
            self._pending = asyncio.ensure_future(self._fetch())
        return self._pending

    def _then(self, pick: Callable[[Page], Any]) -> Any:
        loaded = self._load()
        if isinstance(loaded, tuple):
            return pick(loaded)

        async def later() -> Any:
            return pick(await loaded)

        return later()

    @strawberry.field(description="The items of this page.")
    def edges(self) -> list[Edge[T]]:
        return self._then(lambda page: page[0])

    @strawberry.field(description="Paging state.")
    def page_info(self) -> PageInfo:
        return self._then(lambda page: page[1])

    @strawberry.field(description="Number of items in the whole filtered list (computed by a count query).")
    def total_count(self) -> int:
        if self._total is not None:
            return self._total
        assert self._count is not None
        return self._count()

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return self._then(lambda page: [edge.node for edge in page[0]])


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
    def of(
        cls,
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
        max_size: int,
        default: int = 20,
    ) -> PageRequest:
        if first is not None and last is not None:
            raise UserInputError("last", "give either first/after or last/before, not both")
        for name, value in (("first", first), ("last", last)):
            if value is not None and not 0 <= value <= max_size:
                raise UserInputError(name, f"{value} is outside 0..{max_size} (the maximum page size)")
        if last is not None or before is not None:
            if after is not None:
                raise UserInputError("after", "cannot be combined with last/before")
            return cls(
                last if last is not None else default, False, decode_cursor(before, "before") if before else None
            )
        return cls(first if first is not None else default, True, decode_cursor(after, "after") if after else None)


@strawberry.enum(description="What to order a list by.")
class OrderField(Enum):
    DATE = "DATE"
    NAME = "NAME"


@strawberry.input(description="Ordering of a list; ties are broken by id so pages are stable.")
class Order:
    by: OrderField = strawberry.field(description="DATE for facts and articles, NAME for entities.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description="ASC or DESC.")


ARG_FIRST = strawberry.argument(description="Page size, counting forward (at most the maximum page size).")
ARG_AFTER = strawberry.argument(description="Cursor of the edge after which the page starts.")
ARG_LAST = strawberry.argument(description="Page size, counting backward from `before` (or the end).")
ARG_BEFORE = strawberry.argument(description="Cursor of the edge before which the page ends.")
ARG_TO = strawberry.argument(description="Keep items whose date overlaps or precedes this (partial) date.")
ARG_ARTICLE = strawberry.argument(description="Keep items supported by this article (its id).")
ARG_ABOUT_FACTS = strawberry.argument(
    description="With `about`: also statements about a fact the entity plays a part in, e.g. Peskov's statement "
    "about a visit by Kim Jong Un counts as about Kim Jong Un (default true); false: only statements that name it."
)


async def paginate(
    info: Info,
    listing: Listing,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    order: Order | None,
    allowed: tuple[OrderField, ...],
    convert: Callable[[Any], T],
) -> Connection[T]:
    """One compiled statement for the page (its nodes with everything selected below them) and one for the
    count, each only when selected, run side by side; an anchor that names nothing is reported as an error."""
    from schema.projection import Projector
    from schema.selection import below
    from schema.selection import selected as selected_below

    context = info.context
    if order is not None:
        if order.by not in allowed:
            names = ", ".join(f.value for f in allowed)
            raise UserInputError("orderBy.by", f"{order.by.value} does not apply to this list; use {names}")
        listing.sort, listing.direction = order.by.value, order.direction
    page = PageRequest.of(first, after, last, before, context.settings.max_page_size)
    selected = selected_below(info)
    wanted = {field.name for field in selected}
    paged = bool(wanted & {"edges", "nodes", "pageInfo"})
    projector = Projector(context.settings.max_page_size, context.settings.compile_reads)
    projection = projector.node("n", listing.node_type, below(selected, "edges", "node") + below(selected, "nodes"))
    work = []
    if paged:
        work.append(context.reader.page(listing, page, projection, **projector.params))
    if "totalCount" in wanted:
        work.append(context.reader.count(listing))
    # one statement is awaited as it is: gather would wrap it in a task, a loop turn more per request
    results = [await work[0]] if len(work) == 1 else await asyncio.gather(*work)
    await _check_anchors(info, listing, {name: ok for result in results for name, ok in result[-1].items()})
    connection: Connection[T] = Connection()
    if paged:
        rows, more, _ = results[0]
        connection._page = page_of(rows, more, page.forward, after, before, convert)
    if "totalCount" in wanted:
        connection._total = results[-1][0]
    return connection


def page_of(
    rows: list[Any], more: bool, forward: bool, after: str | None, before: str | None, convert: Callable[[Any], T]
) -> Page:
    """Edges with their keyset cursors, from rows {row: a compiled node record, k: its sort key}."""
    edges = [Edge(node=convert(row["row"]), sort_key=row["k"], node_id=row["row"]["id"]) for row in rows]
    return edges, page_info(edges, more, forward, after, before)


async def _check_anchors(info: Info, listing: Listing, found: dict[str, bool]) -> None:
    from schema.ids import require_country, require_node

    for anchor in listing.anchors:
        if found.get(anchor.param, True):
            continue
        if anchor.label == "Country":
            await require_country(info, anchor.value, anchor.argument)
        else:
            await require_node(info, anchor.value, anchor.argument, anchor.label)


def page_info(edges: list[Any], more: bool, forward: bool, after: str | None, before: str | None) -> PageInfo:
    """Relay page info: `more` is whether a row beyond the page came back in the direction read."""
    return PageInfo(
        has_next_page=more if forward else before is not None,
        has_previous_page=more if not forward else after is not None,
        start_cursor=edges[0].encoded() if edges else None,
        end_cursor=edges[-1].encoded() if edges else None,
    )
