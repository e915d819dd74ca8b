"""`khabar load`: check every document first, write nothing if any is wrong, then one transaction each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from neo4j import AsyncDriver

from loaders.files import read_all
from loaders.load import database_is_empty, ensure_schema, load_document


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


async def load_paths(driver: AsyncDriver, paths: list[Path], *, database: str, if_empty: bool = False) -> LoadReport:
    report = LoadReport()
    documents, report.errors = read_all(paths)
    if report.errors:
        return report
    if if_empty and not await database_is_empty(driver, database=database):
        report.skipped = "the database already holds articles; nothing loaded (--if-empty)"
        return report
    await ensure_schema(driver, database=database)
    for source in documents:
        await load_document(driver, source.document, source.text, database=database)
        report.loaded.append(f"{source.path}: {len(source.document.entities)} entities, "
                             f"{len(source.document.facts)} facts")
    return report
