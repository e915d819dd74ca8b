"""Loader, API, peer and extractor benchmarks: `python -m bench.run [--visits N] [--scales 1,4] [--wipe]
[--only extract|db|compare]`.

The extractor part (bench/extraction.py) needs no database: `--only extract` runs it alone. The rest
uses the Neo4j named by the settings (NEO4J_URI, or the project's local server, started if needed).
Refuses a database that holds anything unless --wipe is given; empties it when done (unless --keep).
For each scale (a multiple of --visits) the corpus is generated and loaded (at the first scale with the
naive baseline, the reload and the in-process API figures), then Khabar, the peer (@neo4j/graphql) and raw
Cypher are compared (bench/compare.py). Prints a table of figures and ratios against baselines measured
in the same run, and writes them as JSON (bench/results/latest.json by default). Exit status 1 when an
answer is wrong (a check fails), never for a performance target missed.
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

from neo4j.exceptions import DriverError, Neo4jError

from bench.corpus import describe as describe_corpus
from bench.corpus import generate
from bench.extraction import bench_extraction, extraction_checks, extraction_rows
from bench.report import (
    api_rows,
    compare_table,
    failed_checks,
    loader_rows,
    scale_loader_rows,
    table,
    target_checks,
    write_json,
)
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
    parser.add_argument("--only", choices=("extract", "db", "compare"), default=None,
                        help="only the extractor figures (no Neo4j needed), only the database ones (loader, API, "
                        "peer), or only the load and the peer comparison; default all")
    parser.add_argument("--scales", type=_scales, default=(1,),
                        help="corpus sizes, as multiples of --visits, each loaded and compared in turn (default 1; "
                        "make bench: 1,4)")
    parser.add_argument("--workers", type=int, default=None,
                        help="KHABAR_WORKERS for the `khabar serve` of the comparison (default: what khabar serve "
                        "uses when KHABAR_WORKERS is not set)")
    parser.add_argument("--no-peer", action="store_true", help="skip the comparison with the peer and raw Cypher")
    parser.add_argument("--rounds", type=int, default=5,
                        help="interleaved rounds of the comparison (default 5)")
    parser.add_argument("--requests", type=_pair, default=(12, 24),
                        help="requests per burst (per shape, system and round) at concurrency 1 and 8 (default "
                        "12,24)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes of the pool in the ingest-extraction figure (default: all cores)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON output (default {DEFAULT_OUT})")
    return parser.parse_args(argv)


def _scales(text: str) -> tuple[int, ...]:
    try:
        scales = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected comma-separated whole numbers, e.g. 1,4") from None
    if not scales or min(scales) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: scales must be 1 or more")
    return scales


def _pair(text: str) -> tuple[int, int]:
    try:
        first, second = (int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected two whole numbers, e.g. 10,48") from None
    return first, second


_STARTED = time.perf_counter()


def _log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


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
    if args.only in (None, "extract"):
        results["extraction"] = bench_extraction(args.jobs, _log)
    results["seconds"] = round(time.perf_counter() - started, 1)
    failures = failed_checks(results) if args.only not in ("extract", "compare") else []
    for scale in results.get("scales", []):
        compare = scale.get("compare") or {}
        for key, check in compare.get("shapes", {}).items():
            if not check["agree"]:
                failures.append(f"{scale['scale']}x shape {key}: Khabar, the peer and raw Cypher disagree "
                                f"({check['difference']})")
        for level, shapes in (compare.get("timings") or {}).items():
            for key, systems in shapes.items():
                for system, figures in systems.items():
                    if figures["wrong"]:
                        failures.append(f"{scale['scale']}x shape {key} at {level}: {system} gave "
                                        f"{figures['wrong']} wrong answers ({figures['first_problem']})")
    if "wipe_error" in results:
        failures.append(results["wipe_error"])
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
    rows += scale_loader_rows(results.get("scales", []))
    if "extraction" in results:
        rows += extraction_rows(results["extraction"])
    print(table(rows))
    for scale in results.get("scales", []):
        if scale.get("compare"):
            print(f"\n{compare_table(scale)}")
        elif scale.get("compare_skipped"):
            print(f"\n{scale['scale']}x: no comparison with the peer ({scale['compare_skipped']})")
    targets = target_checks(results)
    if targets:
        print("\ntargets (reported, not failing the run):")
        for name, ok in targets.items():
            print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    print(f"checks: {'all passed' if not failures else 'FAILED: ' + '; '.join(failures)}; JSON: {args.out}")
    return 1 if failures else 0


async def run_db(args: argparse.Namespace) -> dict[str, Any]:
    from bench.loading import is_empty, wipe

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
            "visits": args.visits, "runs": args.runs, "naive_articles": args.naive_articles, "seed": args.seed,
            "scales": list(args.scales), "workers": args.workers, "rounds": args.rounds,
            "requests": list(args.requests)}}
        results["scales"] = []
        for index, scale in enumerate(args.scales):
            results["scales"].append(await _bench_scale(args, settings, driver, scale, full=index == 0))
            if index == 0 and args.only != "compare":
                first = results["scales"][0]
                results["corpus"], results["loader"], results["api"] = first["corpus"], first.pop("loader_full"), \
                    first.pop("api")  # fmt: skip
        results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        if not args.keep:
            try:
                await wipe(driver, database)
            except (Neo4jError, DriverError) as error:  # keep the figures of a long run; say what is left behind
                results["wipe_error"] = f"the database was not emptied: {error}"
                _log(results["wipe_error"])
    finally:
        await driver.close()
    return results


async def _bench_scale(args: argparse.Namespace, settings: Settings, driver, scale: int, full: bool) -> dict[str, Any]:
    """Generate and load the corpus of one scale, then compare Khabar, the peer and raw Cypher on it."""
    from bench.api import bench_api
    from bench.compare import bench_compare
    from bench.loading import bench_load_only, bench_loader

    database = settings.neo4j_database
    visits = args.visits * scale
    started = time.perf_counter()
    articles = generate(visits, args.seed)
    figures: dict[str, Any] = {"scale": scale, "visits": visits, "corpus": {
        **describe_corpus(articles), "generated_in_s": round(time.perf_counter() - started, 2)}}
    _log(f"{scale}x: {figures['corpus']['articles']} articles, {figures['corpus']['facts']} facts; loading ...")
    if full and args.only != "compare":
        figures["loader_full"] = (await bench_loader(driver, articles, database, args.naive_articles)).figures
        figures["loader"] = {k: figures["loader_full"][k] for k in ("load_all", "counts_after_load", "visit_nodes")}
        _log("loaded; measuring the API in process ...")
        figures["api"] = await bench_api(settings, driver, args.runs)
    else:
        figures["loader"] = await bench_load_only(driver, articles, database)
    del articles
    from bench.systems import peer_available

    missing = None if args.no_peer else peer_available()
    if missing:
        _log(f"{scale}x: skipping the comparison with the peer: {missing}")
        figures["compare_skipped"] = missing
    elif not args.no_peer:
        _log(f"{scale}x: loaded; comparing Khabar, the peer and raw Cypher ...")
        requests = {1: args.requests[0], 8: args.requests[1]}
        figures["compare"] = await bench_compare(settings, driver, args.workers, args.rounds, requests,
                                                 args.out.parent / "logs", _log)  # fmt: skip
    return figures


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
