"""The benchmark's comparison harness: `khabar serve` and the peer (@neo4j/graphql) as processes, raw Cypher,
all three agreeing on every shape of a tiny corpus, and a disagreement caught. No timings are asserted."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import AsyncDriver

from bench.compare import _difference, bench_compare
from bench.corpus import generate
from bench.systems import peer_available
from graph.settings import Settings
from loaders.load import ensure_schema, load_document

pytestmark = pytest.mark.skipif(peer_available() is not None, reason=str(peer_available()))


async def test_khabar_peer_and_raw_cypher_agree_on_every_shape(clean_db: AsyncDriver, settings: Settings,
                                                               tmp_path: Path) -> None:
    database = settings.neo4j_database
    await ensure_schema(clean_db, database=database)
    for article in generate(120, seed=3):  # 10 articles: enough visits for 2 pages of 50
        await load_document(clean_db, article.document, article.text, database=database)

    figures = await bench_compare(settings, clean_db, None, rounds=1, requests={1: 2, 8: 8}, logs=tmp_path,
                                  log=lambda message: None, warmup=0)  # fmt: skip

    assert {key: check["difference"] for key, check in figures["shapes"].items()} == dict.fromkeys("abcdef")
    assert all(check["result_size"] > 0 for check in figures["shapes"].values())
    assert figures["khabar_workers"] >= 1
    for level in ("c1", "c8"):
        for systems in figures["timings"][level].values():
            assert {name: (f["wrong"], f["failed"]) for name, f in systems.items()} == dict.fromkeys(
                ("khabar", "peer", "raw"), (0, 0))
            assert all(f["requests"] == (2 if level == "c1" else 8) for f in systems.values())
    assert all(isinstance(check["khabar_round_trips"], int) for check in figures["shapes"].values())


def test_a_differing_answer_is_reported_with_the_first_item_that_differs() -> None:
    same = [("visit:a", "2025", "Russia"), ("visit:b", None, "North Korea")]
    assert _difference({"raw": same, "khabar": list(same), "peer": list(same)}) is None
    moved = [same[1], same[0]]
    assert _difference({"raw": same, "khabar": list(same), "peer": moved}) == (
        f"peer item 0: {same[1]!r}, raw Cypher {same[0]!r}")
    assert _difference({"raw": same, "khabar": same[:1], "peer": same}) == "khabar: 1 items, raw Cypher 2"
