"""Building the rows of the next batch while the database writes the current one.

A batch's rows (loaders.load.prepare: search keys folded, ~2 ms an article) are pure Python. Built in a thread
they hold the interpreter lock the event loop needs to talk to the database (a 1x bench load spent ~2 s of its
Python time there, beside the loop, not under it), so they are built in one forked worker, which inherits the
documents: only a batch's range is sent, and its rows come back pickled (~30 ms a batch of 100 articles). Where
fork is not available, or for a single batch, they are built in a thread of this process as before.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from loaders.document import FactsDocument
from loaders.load import Rows, prepare

Loadable = tuple[FactsDocument, str]  # a checked document and its article text

_documents: Sequence[Loadable] = ()  # in the worker: the documents it was forked with


def _inherit(documents: Sequence[Loadable]) -> None:
    global _documents
    _documents = documents
    # What the worker inherited is never garbage: out of the collector's sight, it is neither scanned again at
    # every collection (the whole loading process, hundreds of MB at 4x) nor copied page by page for it.
    gc.freeze()


def _prepare_range(start: int, end: int) -> list[Rows]:
    return prepare(_documents[start:end])


class Preparer:
    """prepare(docs[start:end]) away from the event loop: in a forked worker when `forked` (and fork exists)."""

    def __init__(self, docs: Sequence[Loadable], *, forked: bool) -> None:
        self._docs = docs
        self._pool: ProcessPoolExecutor | None = None
        if forked and "fork" in multiprocessing.get_all_start_methods():
            # A forked worker's arguments are inherited, never pickled: the documents are not copied.
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_inherit, initargs=(docs,))

    def start(self, start: int, end: int) -> asyncio.Future[list[Rows]]:
        if self._pool is None:
            return asyncio.ensure_future(asyncio.to_thread(prepare, self._docs[start:end]))
        return asyncio.ensure_future(self._from_worker(start, end))

    async def _from_worker(self, start: int, end: int) -> list[Rows]:
        assert self._pool is not None
        try:
            return await asyncio.wrap_future(self._pool.submit(_prepare_range, start, end))
        except BrokenProcessPool:  # the worker died (killed, out of memory): build them here instead
            return await asyncio.to_thread(prepare, self._docs[start:end])

    async def close(self) -> None:
        if self._pool is not None:
            await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)
