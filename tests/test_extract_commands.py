"""The extract/ingest/eval sub-commands and the ingest failure paths (no database needed here)."""

import argparse
import json
from pathlib import Path

import loaders.load
from extract import commands
from extract.evaluate import Evaluator, total
from extract.ingest import expand, ingest
from graph.settings import ROOT

TESTS = Path(__file__).parent / "data"


def parse(argv):
    parser = argparse.ArgumentParser()
    commands.register(parser.add_subparsers())
    return parser.parse_args(argv)


def test_extract_prints_a_facts_document(capsys):
    args = parse(["extract", str(TESTS / "articles" / "ar_shoigu_visit.txt"), "--json"])
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "khabar.facts/1" and data["article"]["published"] == "2025-06-17"
    assert any(f["type"] == "visit" for f in data["facts"])


def test_extract_bad_file_exit_code(capsys):
    args = parse(["extract", str(TESTS / "bad" / "broken.json")])
    assert args.func(args) == 2
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


async def test_ingest_reports_failures_and_loads_the_rest(monkeypatch):
    loaded = []

    async def fake_load(driver, doc, text, *, database):
        if doc.article.id == "ar-permission":
            raise RuntimeError("constraint violated")
        loaded.append(doc.article.id)

    monkeypatch.setattr(loaders.load, "load_document", fake_load)
    report = await ingest([str(TESTS / "articles"), str(TESTS / "bad" / "broken.json"),
                           str(TESTS / "bad" / "not_utf8.txt")], driver=object(), database="neo4j")
    assert sorted(loaded) == ["ar-shoigu-visit", "en-lavrov-trip"]
    assert report.articles == 2 and report.entities > 0 and report.facts > 0
    assert len(report.failures) == 3
    assert any("ar_permission.json" in f and "nothing written" in f for f in report.failures)
    assert any("broken.json" in f for f in report.failures)
    assert any("not_utf8.txt" in f for f in report.failures)
