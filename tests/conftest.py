"""Fixtures: a real Neo4j (the project's local server, or NEO4J_URI), the seed loaded, the app served over HTTP."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from api.app import create_app
from api.server import serve_in_thread
from bench.loading import wipe as wipe_in_batches
from graph.db import open_driver
from graph.settings import ROOT, Settings, load_settings
from loaders.run import load_paths

DATA = ROOT / "data"
TEST_DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def settings() -> Settings:
    settings = load_settings()
    if "KHABAR_QUERY_TIMEOUT_S" not in os.environ:
        # Test machines are shared: a first plan of a big statement can take Neo4j seconds there. The cut-off
        # itself is tested with its own budget (test_limits.py::test_every_read_has_a_time_budget).
        settings = dataclasses.replace(settings, query_timeout_s=60.0)
    if settings.uses_local_server:
        from khabar.neo4j_server import ensure_running

        ensure_running(settings)
    elif os.environ.get("KHABAR_TESTS_MAY_WIPE") != "1":
        pytest.exit(f"tests empty the database at NEO4J_URI={settings.uri}; set KHABAR_TESTS_MAY_WIPE=1 to allow it",
                    returncode=2)
    return settings


@pytest.fixture(scope="session")
async def driver(settings: Settings) -> AsyncIterator[AsyncDriver]:
    driver = open_driver(settings)
    await driver.verify_connectivity()
    yield driver
    await driver.close()


async def wipe(driver: AsyncDriver, settings: Settings) -> None:
    # In batches (bench.loading.wipe): one DETACH DELETE of a bench graph left in the same database (4x: 80,000
    # nodes) runs out of the server's per-transaction memory. Its auto-commit statements are not retried, so a
    # retried query first takes the pool past connections a restarted server left dead (test_resilience).
    await driver.execute_query("RETURN 1", database_=settings.neo4j_database)
    await wipe_in_batches(driver, settings.neo4j_database)


async def counts(driver: AsyncDriver, settings: Settings) -> tuple[int, int]:
    records, _, _ = await driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } "
        "RETURN nodes, rels", database_=settings.neo4j_database)
    return records[0]["nodes"], records[0]["rels"]


@pytest.fixture
async def clean_db(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    """An empty database (for tests that load their own documents)."""
    await wipe(driver, settings)
    return driver


@pytest.fixture
async def seeded(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    """The bundled data (the seed) and nothing else; reloading is idempotent, so this is cheap."""
    await wipe(driver, settings)
    report = await load_paths(driver, [DATA], database=settings.neo4j_database)
    assert report.ok, report.errors
    return driver


def serve(settings: Settings) -> contextlib.AbstractContextManager[str]:
    """The real ASGI app served by uvicorn on a free loopback port; yields its base URL."""
    return serve_in_thread(create_app(settings))


@pytest.fixture(scope="session")
def api_url(settings: Settings) -> Iterator[str]:
    with serve(settings) as url:
        yield url


GraphQL = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def http(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=90) as client:
        yield client


@pytest.fixture(scope="session")
def gql(http: httpx.Client) -> GraphQL:
    """POST a query; return the whole response body ({data, errors})."""

    def run(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        response = http.post("/graphql", json={"query": query, "variables": variables or kwargs or None})
        assert response.status_code in (200, 400, 500), response.text
        return response.json()

    return run


def data_of(body: dict[str, Any]) -> dict[str, Any]:
    assert not body.get("errors"), body.get("errors")
    return body["data"]
