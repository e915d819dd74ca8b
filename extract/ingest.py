"""Extract many articles and load each in its own transaction, with a progress bar.

A file that cannot be read or parsed, or whose extraction fails validation or whose
load fails, is reported at the end; the others still go in. The loader writes one
article per transaction (MERGE on ids), so re-ingesting the same text changes nothing.
"""

from __future__ import annotations

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

    @property
    def ok(self) -> bool:
        return not self.failures


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


async def ingest(paths: list[str], *, driver=None, database: str | None = None, overrides: dict | None = None,
                 console=None) -> IngestReport:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

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
    extractor = Extractor()
    try:
        await ensure_schema(driver, database=database)
        with Progress(TextColumn("[bold]ingest[/bold]"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[counts]}"), console=console, transient=False) as progress:
            task = progress.add_task("ingest", total=len(files), counts="")
            for path in files:
                try:
                    doc, text = extract_file(path, extractor, **(overrides or {}))
                    await load_document(driver, doc, text, database=database)
                    report.articles += 1
                    report.entities += len(doc.entities)
                    report.facts += len(doc.facts)
                except ArticleError as exc:
                    report.failures.append(str(exc))
                except Exception as exc:  # a load failure rolls back this article only
                    report.failures.append(f"{path}: load failed, nothing written: {type(exc).__name__}: {exc}")
                progress.update(task, advance=1, counts=f"articles {report.articles}  entities {report.entities}"
                                                        f"  facts {report.facts}")
    finally:
        if own_driver:
            await driver.close()
    return report
