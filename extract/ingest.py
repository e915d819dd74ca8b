"""Extract many articles (on all cores) and load each in its own transaction, with a progress bar.

A file that cannot be read or parsed, or whose extraction fails validation or whose
load fails, is reported at the end; the others still go in. The loader writes one
article per transaction (MERGE on ids), so re-ingesting the same text changes nothing.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from extract.pipeline import Extractor
from extract.reader import ArticleError, read_article
from loaders.document import FactsDocument

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".json")


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

    @property
    def ok(self) -> bool:
        return not self.failures and self.stopped is None


def expand(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files named, and article files inside folders named (sidecar NAME.json files skipped)."""
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
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


def extract_file(path: Path, extractor: Extractor, **overrides) -> tuple[FactsDocument, str]:
    from loaders.validate import check_document

    art = read_article(path, **overrides)
    doc = extractor.extract(art)
    errors = check_document(doc, art.text, str(path))
    if errors:
        raise ArticleError(path, "extracted document is invalid: " + "; ".join(errors[:5]))
    return doc, art.text


# ---- extraction of many files, on all cores ----------------------------------------------------------------------

Extracted = tuple[FactsDocument, str] | str  # (document, article text), or the failure message naming the file

_WORKER_EXTRACTOR: Extractor | None = None


def _init_worker() -> None:
    """Process-pool initializer: one Extractor (registry + cues) per worker, built once."""
    global _WORKER_EXTRACTOR
    _WORKER_EXTRACTOR = Extractor()


def _extract_one(path: Path, extractor: Extractor | None, overrides: dict) -> Extracted:
    try:
        return extract_file(path, extractor or _WORKER_EXTRACTOR or Extractor(), **overrides)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # an extractor bug stays this file's failure
        return f"{path}: extraction failed, nothing written: {type(exc).__name__}: {exc}"


def _extract_in_worker(path: Path, overrides: dict) -> Extracted:
    return _extract_one(path, None, overrides)


def default_jobs() -> int:
    return os.cpu_count() or 1


def extract_many(files: list[Path], *, jobs: int | None = None, overrides: dict | None = None,
                 on_extracted: Callable[[], None] | None = None) -> Iterator[tuple[Path, Extracted]]:
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
        pending: deque[tuple[Path, Future]] = deque()
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


async def ingest(paths: list[str], *, driver=None, database: str | None = None, overrides: dict | None = None,
                 console=None, jobs: int | None = None,
                 on_loaded: Callable[[str], None] | None = None) -> IngestReport:
    """Extract every file (on ``jobs`` processes, default all cores) and load each document in its own
    transaction, in the input order; failures are reported per file. When the database cannot be reached,
    ingest stops at that article (``report.stopped``) rather than retrying every later one."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph.db import describe, is_unavailable
    from graph.settings import load_settings
    from loaders.load import ensure_schema, load_document

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
            extracted = progress.add_task("extract", total=len(files), counts="")
            loaded = progress.add_task("load", total=len(files), counts="")
            results = extract_many(files, jobs=jobs, overrides=overrides,
                                   on_extracted=lambda: progress.advance(extracted))
            try:
                while (item := await asyncio.to_thread(next, results, None)) is not None:
                    path, out = item
                    if isinstance(out, str):
                        report.failures.append(out)
                    else:
                        doc, text = out
                        try:
                            await load_document(driver, doc, text, database=database)
                            report.articles += 1
                            report.entities += len(doc.entities)
                            report.facts += len(doc.facts)
                        except Exception as exc:  # a load failure rolls back this article only
                            if is_unavailable(exc):
                                report.stopped = f"{path}: not loaded: {describe(exc)}"
                                report.not_attempted = [str(p) for p in files[files.index(path) + 1:]]
                                break
                            report.failures.append(f"{path}: load failed, nothing written: "
                                                   f"{type(exc).__name__}: {exc}")
                        else:
                            report.loaded.append(str(path))
                            if on_loaded:
                                on_loaded(str(path))
                    progress.update(loaded, advance=1, counts=f"articles {report.articles}  entities "
                                                              f"{report.entities}  facts {report.facts}  "
                                                              f"failed {len(report.failures)}")
            finally:
                results.close()  # stops the pool (pending extractions cancelled) when loading stops early
    finally:
        if own_driver:
            await driver.close()
    return report
