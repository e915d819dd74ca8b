"""Loader, API and extractor benchmarks: `python -m bench.run [--visits N] [--wipe] [--only extract|db]`.

The extractor part (bench/extraction.py) needs no database: `--only extract` runs it alone. The rest
uses the Neo4j named by the settings (NEO4J_URI, or the project's local server, started if needed).
Refuses a database that holds anything unless --wipe is given; empties it when done (unless --keep).
Prints a table of figures and ratios against baselines measured in the same run, and writes them as
JSON (bench/results/latest.json by default).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpus import describe as describe_corpus
from bench.corpus import generate
from bench.extraction import bench_extraction, extraction_checks, extraction_rows
from bench.report import api_rows, failed_checks, loader_rows, table, write_json
from graph.db import open_driver
from graph.settings import ROOT, Settings, load_settings

DEFAULT_OUT = ROOT / "bench" / "results" / "latest.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=2400,
                        help="visits in the corpus (articles = visits / 12, each with 25 facts); default 2400")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per latency figure (default 30)")
    parser.add_argument("--naive-articles", type=int, default=40,
                        help="articles loaded by the one-query-per-row baseline (default 40)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the corpus (default 7)")
    parser.add_argument("--wipe", action="store_true", help="allow emptying a database that holds data")
    parser.add_argument("--keep", action="store_true", help="leave the synthetic corpus in the database")
    parser.add_argument("--only", choices=("extract", "db"), default=None,
                        help="only the extractor figures (no Neo4j needed) or only the loader/API ones; default both")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes of the pool in the ingest-extraction figure (default: all cores)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON output (default {DEFAULT_OUT})")
    return parser.parse_args(argv)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def _environment(driver, settings: Settings) -> dict[str, Any]:
    records, _, _ = await driver.execute_query("CALL dbms.components() YIELD versions, edition "
                                               "RETURN versions[0] AS version, edition")  # fmt: skip
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "neo4j": f"{records[0]['version']} {records[0]['edition']}",
        "neo4j_uri": settings.uri,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _machine() -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


async def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.only == "extract":
        results: dict[str, Any] = {"environment": _machine(), "args": {"only": "extract", "jobs": args.jobs}}
    else:
        results = await run_db(args)
        if results.get("refused"):
            return 2
    if args.only != "db":
        results["extraction"] = bench_extraction(args.jobs, _log)
    results["seconds"] = round(time.perf_counter() - started, 1)
    failures = failed_checks(results) if args.only != "extract" else []
    if "extraction" in results:
        failures += [name for name, ok in extraction_checks(results["extraction"]).items() if not ok]
    results["failed_checks"] = failures
    write_json(results, args.out)
    env = results["environment"]
    head = f"Khabar bench {env['date']} - "
    if "neo4j" in env:
        head += f"Neo4j {env['neo4j']}, "
    head += f"Python {env['python']}, {env['cpus']} CPUs, load {env['load_average_at_start']}"
    if "corpus" in results:
        head += (f"; {results['corpus']['articles']} articles, {results['corpus']['visits']} visits, "
                 f"{results['corpus']['facts']} facts")
    print(f"{head}; {results['seconds']} s")
    rows = []
    if "loader" in results:
        rows += loader_rows(results["loader"]) + api_rows(results["api"])
    if "extraction" in results:
        rows += extraction_rows(results["extraction"])
    print(table(rows))
    print(f"checks: {'all passed' if not failures else 'FAILED: ' + '; '.join(failures)}; JSON: {args.out}")
    return 1 if failures else 0


async def run_db(args: argparse.Namespace) -> dict[str, Any]:
    from bench.api import bench_api
    from bench.loading import bench_loader, is_empty, wipe

    settings = load_settings()
    if settings.uses_local_server:
        from khabar.neo4j_server import ensure_running

        ensure_running(settings)
    driver = open_driver(settings)
    database = settings.neo4j_database
    try:
        await driver.verify_connectivity()
        if not args.wipe and not await is_empty(driver, database):
            _log(f"refusing to run: the database {database!r} at {settings.uri} holds data and the benchmark "
                 "empties it; pass --wipe to allow that, or point NEO4J_URI / KHABAR_NEO4J_BOLT_PORT and "
                 "KHABAR_STATE_DIR at a database of its own")  # fmt: skip
            return {"refused": True}
        results: dict[str, Any] = {"environment": await _environment(driver, settings), "args": {
            "visits": args.visits, "runs": args.runs, "naive_articles": args.naive_articles, "seed": args.seed}}
        started = time.perf_counter()
        articles = generate(args.visits, args.seed)
        results["corpus"] = {**describe_corpus(articles), "generated_in_s": round(time.perf_counter() - started, 2)}
        _log(f"corpus: {results['corpus']['articles']} articles, {results['corpus']['facts']} facts; loading ...")
        results["loader"] = (await bench_loader(driver, articles, database, args.naive_articles)).figures
        _log("loaded; measuring the API ...")
        results["api"] = await bench_api(settings, driver, args.runs)
        results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        if not args.keep:
            await wipe(driver, database)
    finally:
        await driver.close()
    return results


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
