"""Bad files: every error names the file and the cause (and the field, for a facts document)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.ingest import extract_file
from extract.pipeline import Extractor
from extract.reader import ArticleError
from graph.settings import ROOT, load_settings
from khabar.cli import main

SEED = sorted((ROOT / "data").rglob("*.facts.json"))[0]


def test_deeply_nested_facts_document_names_file_and_cause(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "nested.facts.json"
    bad.write_text("[" * 200_000 + "]" * 200_000)
    assert main(["load", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: invalid facts document: JSON nested too deeply" in err
    assert "internal error" not in err and "Traceback" not in err


def test_missing_field_is_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    document = json.loads(SEED.read_text(encoding="utf-8"))
    entity = document["entities"][3]
    del entity["name"]
    bad = tmp_path / "missing.facts.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    assert main(["load", str(bad)]) == 1
    assert f"{bad}: entities[3] ({entity['id']}) field name: Field required" in capsys.readouterr().err


def test_article_over_the_size_cap_is_refused_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    limit = load_settings().max_article_bytes
    big = tmp_path / "huge.txt"
    big.write_text("عنوان\n\n" + "وصل وزير الخارجية إلى موسكو. " * (limit // 40), encoding="utf-8")
    assert big.stat().st_size > limit
    with pytest.raises(ArticleError) as caught:
        extract_file(big, Extractor())
    assert str(caught.value).startswith(f"{big}: article too large: {big.stat().st_size} bytes, at most {limit}")
    assert main(["extract", str(big)]) == 2
    assert "KHABAR_MAX_ARTICLE_BYTES" in capsys.readouterr().err


def test_article_under_the_cap_is_extracted(tmp_path: Path) -> None:
    article = tmp_path / "small.txt"
    article.write_text("Lavrov in Pyongyang\n\nSergei Lavrov arrived in Pyongyang on Friday.\n", encoding="utf-8")
    doc, _ = extract_file(article, Extractor())
    assert doc.article.text


def test_deeply_nested_json_article_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "nested.json"
    bad.write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}")  # under the size cap
    with pytest.raises(ArticleError, match="nested too deeply") as caught:
        extract_file(bad, Extractor())
    assert str(caught.value).startswith(str(bad))
