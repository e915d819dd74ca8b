"""Apollo Client from npm, in Node, against the served app and the real Neo4j: a query with the API key
header, a bad filter's coded error, and `factsAdded` through graphql-ws (tests/clients/apollo_client.mjs)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from graph.settings import ROOT, Settings
from tests.news import fact_ids, news_document
from tests.served_feed import Served, load, serve_app

SCRIPT = ROOT / "tests" / "clients" / "apollo_client.mjs"
PACKAGES = ("@apollo/client", "graphql", "graphql-ws", "ws", "rxjs")
KEY = "apollo-client-key"

pytestmark = pytest.mark.usefixtures("seeded")


def node() -> str:
    """node's path; fails (never skips) when node or the npm packages are missing."""
    found = shutil.which("node")
    missing = [] if found else ["node"]
    missing += [f"node_modules/{name}" for name in PACKAGES
                if not (ROOT / "node_modules" / name / "package.json").is_file()]
    if missing:
        pytest.fail(f"Apollo Client test tooling missing: {', '.join(missing)}; run `make install`")
    assert found is not None
    return found


@pytest.fixture
def served(settings: Settings) -> Iterator[Served]:
    yield from serve_app(dataclasses.replace(settings, api_key=KEY))


async def read_line(process: asyncio.subprocess.Process, step: str, timeout: float = 30) -> dict[str, Any]:
    assert process.stdout is not None
    raw = await asyncio.wait_for(process.stdout.readline(), timeout)
    if not raw:
        assert process.stderr is not None
        raise AssertionError(f"the Apollo script ended before {step!r}: {(await process.stderr.read()).decode()}")
    line = json.loads(raw)
    assert line["step"] == step, line
    return line


async def test_apollo_client_queries_and_subscribes(
    served: Served, driver: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    process = await asyncio.create_subprocess_exec(
        node(), str(SCRIPT), cwd=ROOT, env={**os.environ, "KHABAR_URL": served.url, "KHABAR_API_KEY": KEY},
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        query = await read_line(process, "query")
        visits = query["data"]["visits"]
        assert visits["totalCount"] >= 2
        assert {edge["node"]["hostCountry"]["code"] for edge in visits["edges"]} == {"KP"}

        bad = await read_line(process, "badFilter")
        (error,) = bad["errors"]
        assert error["code"] == "BAD_USER_INPUT" and error["argument"] == "country", bad
        assert error["message"].startswith("argument 'country': no country with code 'XX'")

        await read_line(process, "subscribed")
        await asyncio.to_thread(served.feed_ready, 1)
        document = news_document()
        written = await load(driver, settings, tmp_path, document)
        assert process.stdin is not None
        process.stdin.write(b"written\n")
        await process.stdin.drain()
        got = await read_line(process, "fact", timeout=5)
        took = time.monotonic() - written
        assert got["errors"] == []
        fact = got["data"]["factsAdded"]
        assert fact["__typename"] == "Visit" and fact["id"] == fact_ids(document)["visit"]
        assert fact["visitor"] == {"__typename": "Person", "id": "person:sergei-lavrov", "name": "Sergei Lavrov"}
        assert fact["sources"][0]["article"]["id"] == f"article:{document['article']['id']}"
        assert took < 1.0, f"the fact reached Apollo {took:.2f} s after the write"
        assert await asyncio.wait_for(process.wait(), 15) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
