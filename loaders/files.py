"""Reading facts documents from disk, with errors that name the file and line."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from loaders.document import FactsDocument
from loaders.validate import check_document, format_validation_error

SUFFIX = ".facts.json"
MAX_NESTING = sys.getrecursionlimit()  # where Python's JSON parser gives up


@dataclass(frozen=True)
class SourceDocument:
    path: Path
    document: FactsDocument
    text: str


class DocumentErrors(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def find_documents(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Expand folders into their *.facts.json files (sorted, recursive)."""
    found: list[Path] = []
    errors: list[str] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(path.rglob(f"*{SUFFIX}"))
            if not inside:
                errors.append(f"{path}: folder holds no *{SUFFIX} file")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            errors.append(f"{path}: no such file or folder")
    return found, errors


def read_document(path: Path) -> SourceDocument:
    """Parse and fully check one document; raise DocumentErrors listing every problem."""
    where = str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise DocumentErrors([f"{where}: not UTF-8 text ({error.reason} at byte {error.start})"]) from None
    except json.JSONDecodeError as error:
        raise DocumentErrors([f"{where}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}"]) from None
    except RecursionError:
        raise DocumentErrors([f"{where}: invalid facts document: JSON nested too deeply "
                              f"(over {MAX_NESTING} levels; a facts document needs fewer than ten)"]) from None
    except OSError as error:
        raise DocumentErrors([f"{where}: cannot read: {error.strerror}"]) from None
    try:
        document = FactsDocument.model_validate(raw)
    except ValidationError as error:
        raise DocumentErrors(format_validation_error(error, where, raw)) from None
    text = document.article.text
    if text is None:
        text_path = path.parent / str(document.article.text_file)
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise DocumentErrors([f"{where}: field article.textFile: cannot read {text_path}: {error}"]) from None
    errors = check_document(document, text, where)
    if errors:
        raise DocumentErrors(errors)
    return SourceDocument(path, document, text)


def read_all(paths: list[Path]) -> tuple[list[SourceDocument], list[str]]:
    """Read every document; collect all errors so one run reports them all."""
    files, errors = find_documents(paths)
    documents: list[SourceDocument] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            source = read_document(path)
        except DocumentErrors as failure:
            errors += failure.errors
            continue
        article_id = source.document.article.id
        if article_id in seen:
            errors.append(f"{path}: field article.id: '{article_id}' is also the id of {seen[article_id]}")
        seen[article_id] = path
        documents.append(source)
    return documents, errors
