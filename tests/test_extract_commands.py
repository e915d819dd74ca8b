"""The extract and eval sub-commands (no database needed; ingest is tested against Neo4j in test_ingest_db)."""

import json
from pathlib import Path

from extract.evaluate import Evaluator, total
from extract.ingest import expand
from graph.settings import ROOT
from khabar.cli import main

TESTS = Path(__file__).parent / "data"


def test_extract_prints_a_facts_document(capsys):
    assert main(["extract", str(TESTS / "articles" / "ar_shoigu_visit.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "khabar.facts/1" and data["article"]["published"] == "2025-06-17"
    assert any(f["type"] == "visit" for f in data["facts"])


def test_extract_bad_file_exit_code(capsys):
    assert main(["extract", str(TESTS / "bad" / "broken.json")]) == 2
    assert "broken.json" in capsys.readouterr().err


def test_eval_on_seed_meets_targets():
    results = Evaluator().run(ROOT / "data" / "seed")
    scores = total(results)
    assert scores["entities (all)"].f1 >= 0.9
    for kind in ("visits", "agreements", "statements"):
        assert scores[kind].f1 >= 0.8, kind


def test_expand_skips_sidecars():
    files, errors = expand([str(TESTS / "articles"), "nope.txt"])
    names = sorted(p.name for p in files)
    assert names == ["ar_permission.json", "ar_shoigu_visit.txt", "en_lavrov_trip.md"]
    assert errors == ["nope.txt: no such file or directory"]
