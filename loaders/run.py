"""`khabar load`: check every document first, write nothing if any is wrong, then load them in batches."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from neo4j import AsyncDriver

from graph.db import describe
from loaders.batches import BATCH_DOCUMENTS, LoadStopped, load_all
from loaders.files import SourceDocument, read_all
from loaders.load import database_is_empty, ensure_schema


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # documents that are wrong: nothing was written
    failed: list[str] = field(default_factory=list)  # articles the database refused: those alone not written
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failed


async def load_paths(driver: AsyncDriver, paths: list[Path], *, database: str, if_empty: bool = False,
                     batch_size: int = BATCH_DOCUMENTS) -> LoadReport:
    report = LoadReport()
    documents, report.errors = read_all(paths)
    if report.errors:
        return report
    if if_empty and not await database_is_empty(driver, database=database):
        report.skipped = "the database already holds articles; nothing loaded (--if-empty)"
        return report
    await ensure_schema(driver, database=database)
    try:
        outcomes = await load_all(driver, [(s.document, s.text) for s in documents], database=database,
                                  size=batch_size)
    except LoadStopped as stopped:
        _report(report, documents[: stopped.index], [None] * stopped.index)
        raise stopped.error from None
    _report(report, documents, outcomes)
    return report


def _report(report: LoadReport, documents: list[SourceDocument], outcomes: list[Exception | None]) -> None:
    for source, error in zip(documents, outcomes, strict=True):
        if error is None:
            report.loaded.append(f"{source.path}: {len(source.document.entities)} entities, "
                                 f"{len(source.document.facts)} facts")
        else:
            report.failed.append(f"{source.path}: article '{source.document.article.id}' not loaded, nothing of "
                                 f"it written: {describe(error)}")
