"""The `khabar` command line.

Each sub-command is a function ``(args, settings) -> exit code`` registered with ``@command``,
with an optional function adding its arguments. Handlers import what they need lazily, so
``khabar neo4j start`` does not pay for importing the API stack.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.settings import Settings, load_settings

Handler = Callable[[argparse.Namespace, Settings], int]
Configure = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Handler
    configure: Configure | None = None


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, configure: Configure | None = None) -> Callable[[Handler], Handler]:
    """Register a sub-command: ``@command("load", "Load articles", _load_args)``."""

    def register(run: Handler) -> Handler:
        if name in COMMANDS:
            raise ValueError(f"sub-command {name!r} is registered twice")
        COMMANDS[name] = Command(name=name, help=help, run=run, configure=configure)
        return run

    return register


# --- neo4j -----------------------------------------------------------------------------------


def _neo4j_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=("start", "stop", "status", "wait", "fetch"),
        help="start/stop/status of the local server; wait: until the configured server (local or "
        "NEO4J_URI) answers; fetch: only download the jars",
    )
    parser.add_argument(
        "--timeout", type=float, default=None, help="seconds to wait for start-up, shutdown or wait"
    )


@command("neo4j", "Run the project's local Neo4j server (ignored when NEO4J_URI is set)", _neo4j_args)
def cmd_neo4j(args: argparse.Namespace, settings: Settings) -> int:
    from khabar import neo4j_server as server

    timeout: float | None = args.timeout
    if args.action == "start":
        server.ensure_running(settings, timeout=timeout or server.START_TIMEOUT_S)
    elif args.action == "stop":
        server.stop(settings, timeout=timeout or server.STOP_TIMEOUT_S)
    elif args.action == "wait":
        server.wait_until_ready(settings, timeout=timeout or server.START_TIMEOUT_S)
        print(f"Neo4j at {settings.uri} answers.")
    elif args.action == "fetch":
        layout = server.fetch_jars(settings)
        print(f"Neo4j {server.NEO4J_VERSION} jars are in {layout.lib}")
    else:
        state = server.status(settings)
        print(state.describe())
        return 0 if state.running else 3  # 3 = "not running", as in LSB init scripts
    return 0


# --- load / serve / export-schema ------------------------------------------------------------


def _load_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="facts documents (*.facts.json) or folders of them")
    parser.add_argument("--if-empty", action="store_true", help="load only when the database holds no article")


@command("load", "Check facts documents, then load them into Neo4j (nothing is written if any is wrong)", _load_args)
def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from graph.db import describe, open_driver
    from khabar import neo4j_server
    from loaders.run import load_paths

    async def run() -> int:
        driver = open_driver(settings)
        try:
            report = await load_paths(driver, args.paths, database=settings.neo4j_database, if_empty=args.if_empty)
        except Exception as error:  # noqa: BLE001 - driver failures become one readable line
            print(f"khabar load: {describe(error)}; nothing more was written", file=sys.stderr)
            return 1
        finally:
            await driver.close()
        for line in report.errors:
            print(line, file=sys.stderr)
        if report.errors:
            print(f"khabar load: {len(report.errors)} error(s); nothing was written", file=sys.stderr)
            return 1
        print(report.skipped or "\n".join(f"loaded {line}" for line in report.loaded))
        for line in report.failed:
            print(line, file=sys.stderr)
        if report.failed:
            print(f"khabar load: {len(report.failed)} article(s) not loaded (each rolled back alone); "
                  f"{len(report.loaded)} loaded", file=sys.stderr)
            return 1
        return 0

    if settings.uses_local_server:
        neo4j_server.ensure_running(settings)
    return asyncio.run(run())


def _serve_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=None, help="address to listen on (default KHABAR_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default KHABAR_PORT or 8000)")


@command("serve", "Serve the GraphQL API (GraphiQL at /graphql)", _serve_args)
def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    host, port = args.host or settings.api_host, args.port or settings.api_port
    print(f"Khabar GraphQL API on http://{host}:{port}/graphql (Neo4j at {settings.uri}, "
          f"{settings.workers} worker(s))")
    if settings.workers > 1:
        from api.server import serve_workers

        serve_workers(host, port, settings.workers, access_log=settings.access_log, keep_alive_s=settings.keep_alive_s)
    else:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=settings.access_log,
                    timeout_keep_alive=settings.keep_alive_s)
    return 0


def _export_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", type=Path, default=None, help="file to write (default: schema.graphql)")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from the code's schema")


@command("export-schema", "Write the GraphQL schema (SDL) to schema.graphql", _export_args)
def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from graph.settings import ROOT
    from schema import schema

    target: Path = args.output or ROOT / "schema.graphql"
    sdl = schema.as_str() + "\n"
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != sdl:
            print(f"{target} is out of date: run `make schema`", file=sys.stderr)
            return 1
        print(f"{target} matches the code")
        return 0
    target.write_text(sdl, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def _gazetteer_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("build",), help="build: regenerate data/gazetteer/world.json")
    parser.add_argument("--output", type=Path, default=None, help="file to write (default: data/gazetteer/world.json)")


@command("gazetteer", "Build the world gazetteer (countries and cities from CLDR, countryinfo, GeoNames)",
         _gazetteer_args)
def cmd_gazetteer(args: argparse.Namespace, settings: Settings) -> int:
    from extract import gazetteer

    path = args.output or gazetteer.WORLD_PATH
    data = gazetteer.build(path)
    print(f"wrote {path}: {len(data['countries'])} countries, {len(data['places'])} places "
          f"({', '.join(f'{k} {v}' for k, v in data['sources'].items())})")
    return 0


# --- keys ------------------------------------------------------------------------------------


def _keys_args(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a key and print its token (shown this once only)")
    create.add_argument("--name", required=True, help='who uses it, e.g. "newsroom app" (unique among active keys)')
    create.add_argument("--role", required=True, choices=("reader", "editor", "admin"),
                        help="reader: read; editor: also ingest, retract and review; admin: everything")
    actions.add_parser("list", help="list keys (ids, names, roles, dates; never a token)")
    revoke = actions.add_parser("revoke", help="revoke a key: refused from the next request on")
    revoke.add_argument("key", help="the key's id, or the name of an active key")


@command("keys", "Create, list and revoke API keys (stored hashed in Neo4j)", _keys_args)
def cmd_keys(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from graph.db import describe, open_driver
    from khabar import neo4j_server
    from loaders import api_keys

    async def run() -> int:
        driver = open_driver(settings)
        database = settings.neo4j_database
        try:
            if args.action == "create":
                key, token = await api_keys.create_key(driver, args.name, api_keys.KeyRole.parse(args.role),
                                                       database=database)
                print(f"created key {key.id} ({key.name!r}, role {key.role.label}); its token, shown only now:")
                print(token)
            elif args.action == "list":
                keys = await api_keys.list_keys(driver, database=database)
                if not keys:
                    print("no API keys: writes are off (create one with `khabar keys create`)")
                for key in keys:
                    state = f"revoked {key.revoked_at}" if key.revoked_at else "active"
                    print(f"{key.id}  {key.role.label:<6}  {state:<33}  created {key.created_at}  {key.name}")
            else:
                key = await api_keys.revoke_key(driver, args.key, database=database)
                print(f"revoked key {key.id} ({key.name!r}, role {key.role.label}) at {key.revoked_at}")
        except (ValueError, LookupError) as error:
            print(f"khabar keys: {error}", file=sys.stderr)
            return 2
        except Exception as error:  # noqa: BLE001 - driver failures become one readable line
            print(f"khabar keys: {describe(error)}", file=sys.stderr)
            return 1
        finally:
            await driver.close()
        return 0

    if settings.uses_local_server:
        neo4j_server.ensure_running(settings)
    return asyncio.run(run())


# --- entry point -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    import extract.commands  # noqa: F401 - registers extract, ingest and eval

    parser = argparse.ArgumentParser(prog="khabar", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for cmd in COMMANDS.values():
        sub = subparsers.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        if cmd.configure is not None:
            cmd.configure(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    from khabar.neo4j_server import Neo4jServerError

    try:
        return COMMANDS[args.command].run(args, settings)
    except Neo4jServerError as exc:
        print(f"khabar {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
