"""CLI sub-commands: `extract PATH --json`, `ingest PATH|URL...`, `watch FEED_URL...`, `eval DIR...`.

Registered in khabar/cli.py's command table; each handler returns an
int exit code (0 ok, 1 some article failed, 2 bad input).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from graph.settings import Settings
from khabar.cli import command


def _extract_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", type=Path, help="article: .txt (+ sidecar NAME.json), .md with YAML front matter, or .json")
    p.add_argument("--json", action="store_true", help="print the facts document as JSON (the default)")
    _meta_flags(p)


def _ingest_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="article files (.txt, .md, .json, saved .html pages), folders of them, "
                                            "or http(s):// URLs of article pages")
    p.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                   help="extraction processes (default: all cores, os.cpu_count()); 1 extracts in this process")
    _meta_flags(p)


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _eval_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("dirs", nargs="+", help="folders with NAME.txt + NAME.json (gold) or *.facts.json + text")
    p.add_argument("--summary", action="store_true", help="only the table, no list of misses and false hits")


def _meta_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--published", help="publication date (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--source", help="outlet name")
    p.add_argument("--url", help="article URL")
    p.add_argument("--language", choices=("ar", "en"), help="language (detected when not given)")


def _overrides(args) -> dict:
    return {k: getattr(args, k, None) for k in ("published", "source", "url", "language")}


@command("extract", "Extract a facts document from one article and print it (no database)", _extract_args)
def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from extract.ingest import extract_file
    from extract.pipeline import Extractor
    from extract.reader import ArticleError

    try:
        doc, _ = extract_file(args.path, Extractor(), **_overrides(args))
    except ArticleError as exc:
        print(f"khabar extract: {exc}", file=sys.stderr)
        return 2
    data = doc.model_dump(by_alias=True, exclude_none=True, mode="json")
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


@command("ingest", "Extract articles and load them into the graph (in batches; a failing article is rolled back alone)",
         _ingest_args)
def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from extract.ingest import ingest
    from khabar import neo4j_server

    if settings.uses_local_server:
        neo4j_server.ensure_running(settings)
    from graph.db import describe

    try:
        report = asyncio.run(ingest(args.paths, overrides=_overrides(args), jobs=args.jobs))
    except Exception as exc:  # noqa: BLE001 - the database refused before any article: one readable line
        print(f"khabar ingest: {describe(exc)}; nothing was loaded", file=sys.stderr)
        return 1
    print(f"ingested {report.articles} article(s): {report.entities} entities, {report.facts} facts")
    if report.failures:
        print(f"{len(report.failures)} failure(s):", file=sys.stderr)
        for f in report.failures:
            print(f"  {f}", file=sys.stderr)
    if report.stopped:
        print(f"khabar ingest: stopped at {report.stopped}", file=sys.stderr)
        print(f"  loaded before it ({len(report.loaded)}): " + (", ".join(report.loaded) or "none"), file=sys.stderr)
        print(f"  not attempted: {len(report.not_attempted)} article(s)", file=sys.stderr)
        print("  to resume, run the same command again once Neo4j answers: it is safe, each article is merged on "
              "its ids, so the ones already loaded do not change", file=sys.stderr)
    return 0 if report.ok else 1


def _watch_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("feeds", nargs="+", metavar="FEED_URL", help="RSS or Atom feed URLs")
    p.add_argument("--interval", type=_seconds, default=900.0, metavar="S",
                   help="seconds between two rounds of polling (default 900)")
    p.add_argument("--once", action="store_true", help="poll each feed once, ingest what is new, and exit (cron)")
    p.add_argument("--state", type=Path, default=None, metavar="FILE",
                   help="where seen entries and ETag/Last-Modified are kept (default KHABAR_STATE_DIR/watch.json)")
    p.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                   help="extraction processes (default: all cores)")


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {value}")
    return n


@command("watch", "Follow RSS/Atom feeds: ingest each new entry's page (as `ingest` does)", _watch_args)
def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    from extract.feeds import watch
    from extract.web import is_url
    from graph.db import describe
    from khabar import neo4j_server

    bad = [f for f in args.feeds if not is_url(f)]
    if bad:
        print(f"khabar watch: not an http(s) feed URL: {', '.join(bad)}", file=sys.stderr)
        return 2
    if settings.uses_local_server:
        neo4j_server.ensure_running(settings)
    state = args.state or settings.state_dir / "watch.json"
    try:
        report = asyncio.run(watch(args.feeds, state_path=state, once=args.once, interval=args.interval,
                                   jobs=args.jobs))
    except KeyboardInterrupt:
        print("khabar watch: stopped", file=sys.stderr)
        return 130
    except ValueError as exc:  # an unreadable state file: named, with what to do
        print(f"khabar watch: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the database refused: one readable line
        print(f"khabar watch: {describe(exc)}", file=sys.stderr)
        return 1
    print(f"watched {report.polled} feed poll(s), {report.unchanged} unchanged (304), {report.new_entries} new "
          f"entries: ingested {report.articles} article(s), {report.entities} entities, {report.facts} facts")
    if report.failures:
        print(f"{len(report.failures)} failure(s):", file=sys.stderr)
        for f in report.failures:
            print(f"  {f}", file=sys.stderr)
    return 0 if report.ok else 1


@command("eval", "Score the extractor against annotated articles", _eval_args)
def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from extract.evaluate import evaluate

    return evaluate(args.dirs, details=not args.summary)
