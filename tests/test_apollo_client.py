"""Apollo Client from npm, in Node, against the served app and the real Neo4j, as a front end uses it: reads need
a key; a query with the key header, a bad filter's coded error, `factsAdded` through graphql-ws with the key in
connection_init, and an article submitted with ingestArticle and an editor key whose facts come through the
subscription within a second (tests/clients/apollo_client.mjs)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import AsyncDriver

from graph.settings import ROOT, Settings
from tests.served_feed import Served, serve_app
from tests.writes import make_key

SCRIPT = ROOT / "tests" / "clients" / "apollo_client.mjs"
PACKAGES = ("@apollo/client", "graphql", "graphql-ws", "ws", "rxjs")
# A new visit (Lavrov to North Korea in August 2025; the seed's is in July), so a new fact for the subscription.
ARTICLE = """Lavrov arrives in Pyongyang for talks

Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on 3 August 2025 for a two-day visit to North Korea, \
the Russian Foreign Ministry said.
"""

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
    yield from serve_app(dataclasses.replace(settings, reads_require_key=True))


async def read_line(process: asyncio.subprocess.Process, step: str, timeout: float = 30) -> dict[str, Any]:
    assert process.stdout is not None
    raw = await asyncio.wait_for(process.stdout.readline(), timeout)
    if not raw:
        assert process.stderr is not None
        raise AssertionError(f"the Apollo script ended before {step!r}: {(await process.stderr.read()).decode()}")
    line = json.loads(raw)
    assert line["step"] == step, line
    return line


async def test_apollo_client_reads_submits_an_article_and_gets_its_facts_pushed(
    served: Served, driver: AsyncDriver, settings: Settings
) -> None:
    editor = await make_key(driver, settings, "editor")
    env = {**os.environ, "KHABAR_URL": served.url, "KHABAR_API_KEY": editor, "KHABAR_ARTICLE": ARTICLE}
    process = await asyncio.create_subprocess_exec(
        node(), str(SCRIPT), cwd=ROOT, env=env,
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
        assert process.stdin is not None
        process.stdin.write(b"go\n")
        await process.stdin.drain()

        ingested = await read_line(process, "ingested", timeout=60)
        assert ingested["errors"] == [] and ingested["data"]["ingestArticle"]["created"] is True, ingested
        visits_written = [f["id"] for f in ingested["data"]["ingestArticle"]["facts"] if f["__typename"] == "Visit"]
        got = await read_line(process, "fact", timeout=5)
        assert got["errors"] == []
        fact = got["data"]["factsAdded"]
        assert fact["__typename"] == "Visit" and [fact["id"]] == visits_written
        assert fact["visitor"] == {"__typename": "Person", "id": "person:sergei-lavrov", "name": "Sergei Lavrov"}
        assert fact["hostCountry"] == {"__typename": "Country", "code": "KP"}
        assert fact["sources"][0]["article"]["id"] == ingested["data"]["ingestArticle"]["article"]["id"]
        assert got["afterAnswerMs"] < 1000, f"the fact came {got['afterAnswerMs']:.0f} ms after the mutation's answer"
        assert await asyncio.wait_for(process.wait(), 15) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_apollo_client_without_a_key_is_refused(served: Served) -> None:
    env = {**os.environ, "KHABAR_URL": served.url, "KHABAR_API_KEY": ""}
    process = await asyncio.create_subprocess_exec(
        node(), str(SCRIPT), cwd=ROOT, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    failed = await read_line(process, "failed")
    assert failed["status"] == 401 and failed["errors"][0]["code"] == "UNAUTHENTICATED", failed
    assert await asyncio.wait_for(process.wait(), 15) == 1
