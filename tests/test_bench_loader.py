"""The loader benchmark's server warm-up: whole loads of the corpus, each wiped, until two in a row take about
the same time (or a cap is reached); the database is left empty for the timed loads. No timings are asserted."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

import bench.loading
from bench.corpus import generate
from bench.loading import is_empty, warm_up
from graph.settings import Settings
from loaders.load import ensure_schema


async def test_warm_up_loads_the_corpus_until_settled_and_leaves_the_database_empty(
        clean_db: AsyncDriver, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    database = settings.neo4j_database
    await ensure_schema(clean_db, database=database)
    articles = generate(60, seed=5)

    monkeypatch.setattr(bench.loading, "WARMUP_LOADS", 3)
    monkeypatch.setattr(bench.loading, "SETTLED", -1.0)  # never settled: the cap ends it
    assert [seconds > 0 for seconds in await warm_up(clean_db, articles, database)] == [True] * 3
    assert await is_empty(clean_db, database)

    monkeypatch.setattr(bench.loading, "SETTLED", 1e9)  # any second load is within SETTLED of the first
    assert len(await warm_up(clean_db, articles, database)) == 2
    assert await is_empty(clean_db, database)
