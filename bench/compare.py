"""Khabar against the peer (@neo4j/graphql) and raw Cypher, on the same Neo4j, in one run.

Khabar and the peer are separate processes on loopback ports (bench.systems); raw Cypher goes through the
Python neo4j driver (async, the bench's own pool). The six shapes of bench.shapes are first asked of all
three and must agree (after normalization); then each is timed at concurrency 1 and 8, interleaved
(bench.loadgen). The timed HTTP calls go through aiohttp: httpx (kept for the preparation) spent ~1.3 ms of
the bench's own CPU per request, a third of a raw Cypher call's whole p50, added to Khabar's and the peer's
latency alike and taken from the CPUs the servers share at concurrency 8. Cypher round trips: Khabar's from
the `extensions.cypherQueries` of its answers; the peer's are 1 per request by construction (@neo4j/graphql
compiles an operation into one statement).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from neo4j import AsyncDriver, RoutingControl
from neo4j.exceptions import ClientError

from bench.loadgen import Call, interleaved
from bench.shapes import Request, Shape, graphql, prepare
from bench.systems import khabar_server, peer_server
from graph.settings import Settings

SYSTEMS = ("khabar", "peer", "raw")
CONCURRENCY = (1, 8)
WARMUP = 5  # calls of each shape on each system before timing (query plans, JIT, pools)


def _http_call(http: aiohttp.ClientSession, url: str, request: Request, normalize: Callable[[Any], Any]) -> Call:
    payload = {"query": request.query, "variables": request.variables}

    async def call() -> Any:
        async with http.post(url, json=payload) as response:
            body = await response.json()
            if response.status != 200 or body.get("errors"):
                raise RuntimeError(f"{url}: {response.status} {str(body.get('errors'))[:500]}")
        return normalize(body["data"])

    return call


def _raw_call(driver: AsyncDriver, database: str, request: Request, normalize: Callable[[Any], Any]) -> Call:
    async def call() -> Any:
        records, _, _ = await driver.execute_query(request.query, request.variables, database_=database,
                                                   routing_=RoutingControl.READ)  # fmt: skip
        return normalize([record.data() for record in records])

    return call


def _calls(shape: Shape, clients: dict[str, aiohttp.ClientSession], urls: dict[str, str], driver: AsyncDriver,
           database: str) -> dict[str, Call]:
    return {
        "khabar": _http_call(clients["khabar"], urls["khabar"], shape.khabar, shape.khabar_norm),
        "peer": _http_call(clients["peer"], urls["peer"], shape.peer, shape.peer_norm),
        "raw": _raw_call(driver, database, shape.raw, shape.raw_norm),
    }


def _difference(answers: dict[str, Any]) -> str | None:
    """None when the three answers agree; otherwise where the first disagreement is."""
    reference = answers["raw"]
    for system in ("khabar", "peer"):
        answer = answers[system]
        if answer == reference:
            continue
        if isinstance(answer, list) and isinstance(reference, list):
            if len(answer) != len(reference):
                return f"{system}: {len(answer)} items, raw Cypher {len(reference)}"
            index = next(i for i, (a, b) in enumerate(zip(answer, reference, strict=True)) if a != b)
            return f"{system} item {index}: {answer[index]!r}, raw Cypher {reference[index]!r}"
        return f"{system}: {str(answer)[:300]}, raw Cypher {str(reference)[:300]}"
    return None


def _size(answer: Any) -> int:
    if isinstance(answer, tuple):  # search: (total, page)
        return int(answer[0])
    return len(answer)


async def settle_plans(driver: AsyncDriver, database: str, log: Callable[[str], None]) -> None:
    """Every system plans against the corpus it is asked about: the index statistics resampled after the load, and
    no plan kept from before it. A plan made on the statistics of the emptied database once took the peer's shape b
    from 30 ms to 9 s per request for a whole run. A server that refuses (a user without the privilege) is said so
    and compared as it is."""
    try:
        await driver.execute_query("CALL db.resampleOutdatedIndexes()", database_=database)
        await asyncio.sleep(1)  # the procedure schedules the sampling; small indexes are sampled within a second
        await driver.execute_query("CALL db.clearQueryCaches()", database_=database)
    except ClientError as error:
        log(f"  plans not settled (the comparison runs on the server's plans as they are): {error.message}")


async def bench_compare(settings: Settings, driver: AsyncDriver, workers: int | None, rounds: int,
                        requests: dict[int, int], logs: Path, log: Callable[[str], None],
                        warmup: int = WARMUP) -> dict[str, Any]:
    """Agreement, latency and throughput of the shapes on the three systems, at each concurrency."""
    logs.mkdir(parents=True, exist_ok=True)
    database = settings.neo4j_database
    await settle_plans(driver, database, log)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    with khabar_server(settings, workers, logs / "khabar-serve.log") as khabar, \
            peer_server(settings, logs / "peer.log") as peer:  # fmt: skip
        urls = {"khabar": khabar.url, "peer": peer.url}
        timeout = aiohttp.ClientTimeout(total=60)
        async with httpx.AsyncClient(limits=limits, timeout=60) as kc, \
                aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64), timeout=timeout) as ks, \
                aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64), timeout=timeout) as ps:  # fmt: skip
            clients = {"khabar": ks, "peer": ps}
            log(f"  servers up (khabar serve: {khabar.workers} worker(s)); preparing the shapes ...")
            shapes = await prepare(driver, database, kc, khabar.url)
            calls = {shape.key: _calls(shape, clients, urls, driver, database) for shape in shapes}
            checks = {}
            for shape in shapes:
                answers = {system: await calls[shape.key][system]() for system in SYSTEMS}
                trips = (await graphql(kc, khabar.url, shape.khabar)).get("extensions", {}).get("cypherQueries")
                difference = _difference(answers)
                checks[shape.key] = {"title": shape.title, "agree": difference is None, "difference": difference,
                                     "result_size": _size(answers["raw"]), "khabar_round_trips": trips,
                                     "peer_round_trips": 1, "root_fields": 1}  # fmt: skip
                for _ in range(warmup):
                    for system in SYSTEMS:
                        await calls[shape.key][system]()
            disagree = [k for k, c in checks.items() if not c["agree"]]
            if disagree:
                log(f"  DISAGREE on {', '.join(disagree)}: not timing wrong answers")
                return {"khabar_workers": khabar.workers, "shapes": checks, "timings": {}}

            async def raw_answers() -> dict[str, Any]:
                # what every system must answer in a round: raw Cypher's answer at its start (checked above to be
                # Khabar's and the peer's too)
                return {shape.key: await calls[shape.key]["raw"]() for shape in shapes}

            timings: dict[str, Any] = {}
            for concurrency in CONCURRENCY:
                log(f"  timing at concurrency {concurrency}: {rounds} rounds x {requests[concurrency]} requests "
                    "per shape and system ...")  # fmt: skip
                figures = await interleaved(calls, raw_answers, concurrency, rounds, requests[concurrency])
                timings[f"c{concurrency}"] = {shape: {system: f.summary() for system, f in systems.items()}
                                              for shape, systems in figures.items()}  # fmt: skip
    return {"khabar_workers": khabar.workers, "peer_processes": 1, "shapes": checks, "timings": timings}
