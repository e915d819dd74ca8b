"""Extract many articles (on all cores) and load them in batches as they come, with a progress bar.

A file that cannot be read or parsed, or whose extraction fails validation or whose
load fails, is reported at the end; the others still go in. Extracted documents are loaded in
batches (loaders.batches: one transaction per batch, one per article when a batch fails, so a
failing article is rolled back alone); re-ingesting the same text changes nothing.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from extract.pipeline import Extractor
from extract.reader import Article, ArticleError, read_article
from extract.web import HTML_SUFFIXES, Page, is_url, read_html_file, read_page
from loaders.document import FactsDocument

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".json", *HTML_SUFFIXES)

# What can be ingested: an article file, a URL still to fetch, or a page already fetched (by `khabar watch`).
Item = Path | str | Page


@dataclass
class IngestReport:
    articles: int = 0
    entities: int = 0
    facts: int = 0
    failures: list[str] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)  # files written, in order
    # Set when the database became unreachable: ingest stopped there, as every later write would fail too.
    stopped: str | None = None
    not_attempted: list[str] = field(default_factory=list)
    stopped_at: str | None = None  # the article (file or URL) ingest stopped at

    @property
    def ok(self) -> bool:
        return not self.failures and self.stopped is None


def expand(paths: list[str | Page]) -> tuple[list[Item], list[str]]:
    """Files named, and article files inside folders named (sidecar NAME.json files skipped); URLs and pages
    are kept as they are, in their place."""
    files: list[Item] = []
    errors: list[str] = []
    for raw in paths:
        if isinstance(raw, Page) or is_url(raw):
            files.append(raw)
            continue
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in TEXT_SUFFIXES)
            stems_with_text = {q.stem for q in found if q.suffix.lower() != ".json"}
            files += [q for q in found if not (q.suffix.lower() == ".json" and (q.stem in stems_with_text
                                                                               or q.name.endswith(".facts.json")))]
        elif p.exists():
            files.append(p)
        else:
            errors.append(f"{p}: no such file or directory")
    return files, errors


def read_item(item: Path | Page, **overrides: str | None) -> Article:
    if isinstance(item, Page):
        return read_page(item, **overrides)
    if item.suffix.lower() in HTML_SUFFIXES:
        return read_html_file(item, **overrides)
    return read_article(item, **overrides)


def extract_file(path: Path | Page, extractor: Extractor, **overrides) -> tuple[FactsDocument, str]:
    return extract_article(read_item(path, **overrides), extractor, str(path))


def extract_article(art: Article, extractor: Extractor, origin: str) -> tuple[FactsDocument, str]:
    """The facts document of an article read from anywhere, checked as `khabar load` checks documents."""
    from loaders.validate import check_document

    doc = extractor.extract(art)
    errors = check_document(doc, art.text, origin)
    if errors:
        raise ArticleError(origin, "extracted document is invalid: " + "; ".join(errors[:5]))
    return doc, art.text


# ---- extraction of many files, on all cores ----------------------------------------------------------------------

Extracted = tuple[FactsDocument, str] | str  # (document, article text), or the failure message naming the file

_WORKER_EXTRACTOR: Extractor | None = None


def _init_worker() -> None:
    """Process-pool initializer: one Extractor (registry + cues) per worker, built once."""
    global _WORKER_EXTRACTOR
    _WORKER_EXTRACTOR = Extractor()


def _extract_one(path: Path | Page, extractor: Extractor | None, overrides: dict) -> Extracted:
    try:
        return extract_file(path, extractor or _WORKER_EXTRACTOR or Extractor(), **overrides)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # an extractor bug stays this file's failure
        return f"{path}: extraction failed, nothing written: {type(exc).__name__}: {exc}"


def _extract_in_worker(path: Path | Page, overrides: dict) -> Extracted:
    return _extract_one(path, None, overrides)


def default_jobs() -> int:
    return os.cpu_count() or 1


def extract_many(files: list[Path | Page], *, jobs: int | None = None, overrides: dict | None = None,
                 on_extracted: Callable[[], None] | None = None) -> Iterator[tuple[Path | Page, Extracted]]:
    """Each file's extraction, in the input order. jobs > 1: a process pool of that many workers (one Extractor
    each), at most a few files per worker ahead of the consumer; jobs == 1 (or a single file): in this process.
    ``on_extracted`` is called as each extraction finishes, in whatever order (the pool's callback thread)."""
    overrides = overrides or {}
    jobs = max(1, min(jobs or default_jobs(), len(files)))
    if jobs == 1:
        extractor = Extractor()
        for path in files:
            out = _extract_one(path, extractor, overrides)
            if on_extracted:
                on_extracted()
            yield path, out
        return
    # forkserver: workers do not inherit the caller's threads, driver sockets or event loop (fork would)
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["extract.warm"])
    ahead = jobs * 4
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker) as pool:
        pending: deque[tuple[Path | Page, Future]] = deque()
        todo = iter(files)
        try:
            while True:
                while len(pending) < ahead and (path := next(todo, None)) is not None:
                    fut = pool.submit(_extract_in_worker, path, overrides)
                    if on_extracted:
                        fut.add_done_callback(lambda _f: on_extracted())
                    pending.append((path, fut))
                if not pending:
                    return
                path, fut = pending.popleft()
                try:
                    out = fut.result()
                except Exception as exc:  # the worker died (BrokenProcessPool, out of memory...)
                    out = f"{path}: extraction failed, nothing written: {type(exc).__name__}: {exc}"
                yield path, out
        finally:
            for _p, fut in pending:
                fut.cancel()


async def _same_article(driver, doc: FactsDocument, *, database: str) -> FactsDocument:
    """A web article already in the graph under this URL (its text since edited) keeps its Article id; one already
    there with this text (found under another URL) keeps its first URL. Files keep their own ids untouched."""
    art = doc.article
    if not art.id.startswith("web-") or not art.url:
        return doc
    records, _, _ = await driver.execute_query(
        "MATCH (a:Article) WHERE a.id = $id OR a.url = $url "
        "RETURN a.id AS id, a.url AS url ORDER BY a.id = $id DESC LIMIT 1",
        id=f"article:{art.id}", url=art.url, database_=database, routing_="r")
    if not records:
        return doc
    found_id, found_url = records[0]["id"].removeprefix("article:"), records[0]["url"]
    update = {"id": found_id} if found_id != art.id else {"url": found_url or art.url}
    return doc.model_copy(update={"article": art.model_copy(update=update)})


@dataclass(frozen=True)
class Stored:
    doc: FactsDocument  # as written (its Article id the one the graph knew it by)
    created: bool  # False when the graph held the article already (same id, URL or text)


async def store(driver, doc: FactsDocument, text: str, *, database: str) -> Stored:
    """Write one extracted article in one transaction (all or nothing), under the Article id the graph already
    knows it by (same URL or same text)."""
    from loaders.load import load_document

    doc = await _same_article(driver, doc, database=database)
    existed = await load_document(driver, doc, text, database=database)
    return Stored(doc, created=not existed)


def _fetch_all(items: list[Item], progress, task, report: IngestReport) -> list[Path | Page]:
    """URLs fetched (one host at a polite pace), in their place; a URL that cannot be fetched is a failure."""
    from extract.fetch import Fetcher, FetchError, fetch_page

    out: list[Path | Page] = []
    with Fetcher() as fetcher:
        for item in items:
            if isinstance(item, str):
                try:
                    out.append(fetch_page(fetcher, item))
                except FetchError as exc:
                    report.failures.append(str(exc))
                progress.advance(task)
            else:
                out.append(item)
    return out


# Articles per load transaction: the first alone (it lands at once, and a database that cannot take it
# shows at once), then twice as many each time up to loaders.batches.BATCH_DOCUMENTS; a batch is
# also loaded once it has waited FLUSH_AFTER_S for more, so the progress bars keep moving.
FLUSH_AFTER_S = 1.0


@dataclass
class _Pending:
    """Extracted items waiting to be loaded, in input order (extraction failures too, reported in order)."""

    entries: list[tuple[Path | Page, Extracted]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    since: float | None = None

    def documents(self) -> list[tuple[FactsDocument, str]]:
        return [out for _path, out in self.entries if not isinstance(out, str)]

    def collides(self, doc: FactsDocument) -> bool:
        """Whether loading `doc` depends on a pending document being written first (the same article)."""
        return doc.article.id in self.ids or bool(doc.article.url and doc.article.url in self.urls)

    def add(self, path: Path | Page, out: Extracted) -> None:
        if self.since is None:
            self.since = time.monotonic()
        self.entries.append((path, out))
        if not isinstance(out, str):
            self.ids.add(out[0].article.id)
            if out[0].article.url:
                self.urls.add(out[0].article.url)


async def ingest(paths: list[str | Page], *, driver=None, database: str | None = None, overrides: dict | None = None,
                 console=None, jobs: int | None = None,
                 on_loaded: Callable[[str], None] | None = None) -> IngestReport:
    """Extract every file (on ``jobs`` processes, default all cores) and load the documents in batches, in the
    input order; failures are reported per file. When the database cannot be reached, ingest stops at that
    article (``report.stopped``) rather than retrying every later one."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph.db import describe, is_unavailable
    from graph.settings import load_settings
    from loaders.batches import BATCH_DOCUMENTS, LoadStopped, load_group
    from loaders.load import ensure_schema

    console = console or Console(stderr=True)
    report = IngestReport()
    files, errors = expand(paths)
    report.failures += errors
    settings = load_settings()
    database = database or settings.neo4j_database
    own_driver = driver is None
    if own_driver:
        from graph.db import open_driver

        driver = open_driver(settings)
    try:
        await ensure_schema(driver, database=database)
        with Progress(TextColumn("[bold]{task.description:<7}[/bold]"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), TextColumn("{task.fields[counts]}"), console=console,
                      transient=False) as progress:
            urls = sum(isinstance(f, str) for f in files)
            if urls:
                fetching = progress.add_task("fetch", total=urls, counts="")
                files = await asyncio.to_thread(_fetch_all, files, progress, fetching, report)
                await driver.execute_query("CREATE INDEX article_url IF NOT EXISTS FOR (a:Article) ON (a.url)",
                                           database_=database)
            extracted = progress.add_task("extract", total=len(files), counts="")
            loaded = progress.add_task("load", total=len(files), counts="")
            pending = _Pending()
            size = 1

            async def flush() -> bool:
                """Load what is pending; False when the database became unreachable (ingest stops)."""
                nonlocal pending, size
                batch, pending = pending, _Pending()
                size = min(size * 2, BATCH_DOCUMENTS)
                docs = batch.documents()
                stopped: LoadStopped | None = None
                try:
                    outcomes = await load_group(driver, docs, database=database) if docs else []
                except LoadStopped as exc:
                    stopped, outcomes = exc, [None] * exc.index
                told = iter(outcomes)
                for path, out in batch.entries:
                    error = None if isinstance(out, str) else next(told, stopped)
                    if stopped is not None and error is stopped:  # this one and all after it: not loaded
                        report.stopped = f"{path}: not loaded: {describe(stopped.error)}"
                        report.stopped_at = str(path)
                        report.not_attempted = [str(p) for p in files[files.index(path) + 1:]]
                        return False
                    if isinstance(out, str):
                        report.failures.append(out)
                    elif error is not None:
                        report.failures.append(f"{path}: load failed, nothing written: "
                                               f"{type(error).__name__}: {error}")
                    else:
                        doc = out[0]
                        report.articles += 1
                        report.entities += len(doc.entities)
                        report.facts += len(doc.facts)
                        report.loaded.append(str(path))
                        if on_loaded:
                            on_loaded(str(path))
                    progress.update(loaded, advance=1, counts=f"articles {report.articles}  entities "
                                                              f"{report.entities}  facts {report.facts}  "
                                                              f"failed {len(report.failures)}")
                return True

            results = extract_many(files, jobs=jobs, overrides=overrides,
                                   on_extracted=lambda: progress.advance(extracted))
            upcoming: asyncio.Future | None = None
            try:
                while True:
                    upcoming = upcoming or asyncio.ensure_future(asyncio.to_thread(next, results, None))
                    wait = None if pending.since is None else max(0.0, pending.since + FLUSH_AFTER_S - time.monotonic())
                    done, _ = await asyncio.wait({upcoming}, timeout=wait)
                    if not done:  # the pending batch waited long enough: load it while extraction goes on
                        if not await flush():
                            break
                        continue
                    item, upcoming = upcoming.result(), None
                    if item is None:
                        await flush()
                        break
                    path, out = item
                    if not isinstance(out, str):
                        doc, text = out
                        if pending.collides(doc) and not await flush():
                            break
                        try:
                            doc = await _same_article(driver, doc, database=database)
                        except Exception as exc:  # noqa: BLE001 - this article's failure, or the database away
                            if is_unavailable(exc):
                                if await flush():  # (which stops at the first pending article, if any)
                                    report.stopped = f"{path}: not loaded: {describe(exc)}"
                                    report.stopped_at = str(path)
                                    report.not_attempted = [str(p) for p in files[files.index(path) + 1:]]
                                break
                            out = f"{path}: load failed, nothing written: {type(exc).__name__}: {exc}"
                        else:
                            if pending.collides(doc) and not await flush():
                                break
                            out = (doc, text)
                    pending.add(path, out)
                    if len(pending.entries) >= size and not await flush():
                        break
            finally:
                if upcoming is not None:  # the extraction thread must be done before the generator is closed
                    await asyncio.wait({upcoming})
                results.close()  # stops the pool (pending extractions cancelled) when loading stops early
    finally:
        if own_driver:
            await driver.close()
    return report
