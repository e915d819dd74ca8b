"""Loading many documents fast: batches of articles, one transaction each, one by one when a batch fails.

A batch holds distinct articles (a second document of an article replaces the first one's evidence,
so it starts the next batch). When a batch's transaction fails for a reason other than the database
being away, nothing of it was written and its documents are loaded again one per transaction: the
failing article is rolled back alone, with its own error, and the others land.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from neo4j import AsyncDriver

from graph.db import is_unavailable
from loaders.document import FactsDocument
from loaders.load import Rows, load_batch, prepare, to_rows

# Documents per transaction: 200 articles of ~25 facts is a few MB of rows, well inside the local server's
# per-transaction memory cap (db.memory.transaction.max). Against 100, a 4x bench load was 12-15% faster (fewer
# statements and commits per fact), a 1x load the same within noise.
BATCH_DOCUMENTS = 200

T = TypeVar("T")
Loadable = tuple[FactsDocument, str]  # a checked document and its article text


class LoadStopped(Exception):
    """The database became unreachable: documents from `index` on (in the order given) were not loaded."""

    def __init__(self, index: int, error: BaseException) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error


def batches(items: Sequence[T], article_id: Callable[[T], str], size: int = BATCH_DOCUMENTS) -> Iterator[list[T]]:
    """Consecutive runs of at most `size` items with distinct article ids, in order."""
    batch: list[T] = []
    ids: set[str] = set()
    for item in items:
        key = article_id(item)
        if len(batch) >= size or key in ids:
            yield batch
            batch, ids = [], set()
        batch.append(item)
        ids.add(key)
    if batch:
        yield batch


async def load_group(driver: AsyncDriver, docs: Sequence[Loadable], *, database: str,
                     prepared: Sequence[Rows] | None = None, before_commit: Callable[[], object] | None = None
                     ) -> list[Exception | None]:
    """Load documents (distinct articles) in one transaction, or one per transaction if that fails; each
    document's error, or None when it was written. Raises LoadStopped when the database is unreachable.
    `prepared`: their rows from loaders.load.prepare, if already built; `before_commit`: as load_batch's (not
    called when the documents are loaded one by one)."""
    prepared = prepared or prepare(docs)
    try:
        await load_batch(driver, docs, database=database, prepared=prepared, before_commit=before_commit)
        return [None] * len(docs)
    except Exception as error:  # noqa: BLE001 - nothing was written; find the culprit below
        if is_unavailable(error):
            raise LoadStopped(0, error) from error
        if len(docs) == 1:
            return [error]
    outcomes: list[Exception | None] = []
    for index, (doc, rows) in enumerate(zip(docs, prepared, strict=True)):
        try:
            await load_batch(driver, [doc], database=database, prepared=[rows])
            outcomes.append(None)
        except Exception as error:  # noqa: BLE001 - this article only: rolled back, reported
            if is_unavailable(error):
                raise LoadStopped(index, error) from error
            outcomes.append(error)
    return outcomes


async def prepare_between_replies(docs: Sequence[Loadable]) -> list[Rows]:
    """prepare(docs), one document per turn of the event loop. Run while the batch before commits, it takes the
    loop while the loader waits for the server: a thread holding the interpreter lock instead made every reply
    of the batch being written wait for it (the batch's own Python ran up to four times slower)."""
    rows: list[Rows] = []
    for doc, text in docs:
        await asyncio.sleep(0)
        rows.append(to_rows(doc, text))
    return rows


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while: a load allocates millions of rows that hold no cycles and
    live until their batch is written, and the collector scanned them again and again (a third of the loader's
    Python time). Reference counting still frees them; the collector is on again afterwards, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


async def load_all(driver: AsyncDriver, docs: Sequence[Loadable], *, database: str, size: int = BATCH_DOCUMENTS,
                   on_batch: Callable[[int], None] | None = None) -> list[Exception | None]:
    """Load documents in batches, in order; each document's error or None. Raises LoadStopped (with the
    index in `docs`) when the database is unreachable: the documents before it were written. The next
    batch's rows are built while the database commits the current one (prepare_between_replies), with the
    garbage collector paused. `on_batch`: called with the number of documents of each batch once it is
    written (the bench times batches)."""
    groups = list(batches(docs, lambda item: item[0].article.id, size))
    outcomes: list[Exception | None] = []
    upcoming: asyncio.Future[list[Rows]] | None = None
    with collector_paused():
        try:
            for number, group in enumerate(groups):
                prepared = await upcoming if upcoming is not None else prepare(group)
                upcoming = None

                def prepare_following(following: list[list[Loadable]] = groups[number + 1 : number + 2]) -> None:
                    # once this batch's statements have run: its commit leaves the loop idle the longest
                    nonlocal upcoming
                    if upcoming is None and following:
                        upcoming = asyncio.ensure_future(prepare_between_replies(following[0]))
                try:
                    outcomes += await load_group(driver, group, database=database, prepared=prepared,
                                                 before_commit=prepare_following)
                except LoadStopped as stopped:
                    raise LoadStopped(len(outcomes) + stopped.index, stopped.error) from stopped.error
                if on_batch is not None:
                    on_batch(len(group))
        finally:
            if upcoming is not None:
                upcoming.cancel()
    return outcomes
