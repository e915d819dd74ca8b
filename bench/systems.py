"""The two GraphQL servers of the comparison, each its own process on a loopback port, as operators run them.

Khabar: `khabar serve` (KHABAR_WORKERS worker processes when given; otherwise whatever `khabar serve` defaults
to), waited for on /readyz. The peer: `node bench/peer/server.mjs` (@neo4j/graphql on Apollo Server, one Node
process), waited for on its "ready" line. Both read the same Neo4j settings (graph/settings.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from api.server import free_port
from graph.settings import ROOT, Settings

PEER_DIR = ROOT / "bench" / "peer"
START_TIMEOUT_S = 60


class ServerError(RuntimeError):
    """A server of the comparison did not start; the message carries the end of its output."""


@dataclass(frozen=True)
class Served:
    url: str  # the GraphQL endpoint
    workers: int | None  # Khabar's worker processes, as `khabar serve` announced them


def _tail(path: Path, lines: int = 20) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()  # uvicorn and the peer both shut down cleanly on SIGTERM
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _neo4j_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("KHABAR_API_KEY", None)  # the bench speaks to its own servers without a key
    env.update(NEO4J_URI=settings.uri, NEO4J_USER=settings.neo4j_user, NEO4J_PASSWORD=settings.neo4j_password,
               NEO4J_DATABASE=settings.neo4j_database)  # fmt: skip
    return env


@contextmanager
def khabar_server(settings: Settings, workers: int | None, log: Path) -> Iterator[Served]:
    """`khabar serve` on a free loopback port; yields once /readyz answers 200."""
    port = free_port()
    env = _neo4j_env(settings)
    if settings.uses_local_server:
        env.pop("NEO4J_URI")  # keep `uses_local_server` (and its settings) as the operator has them
    if workers is not None:
        env["KHABAR_WORKERS"] = str(workers)
    khabar = Path(sys.executable).with_name("khabar")
    command = [str(khabar), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        _wait_ready(process, f"http://127.0.0.1:{port}/readyz", log, "khabar serve")
        announced = re.search(r"(\d+) worker\(s\)", log.read_text(encoding="utf-8", errors="replace"))
        count = int(announced.group(1)) if announced else 1
        # /readyz is answered by the first worker up; wait for the others too
        deadline = time.monotonic() + START_TIMEOUT_S
        while log.read_text(encoding="utf-8", errors="replace").count("Application startup complete") < count:
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServerError(f"khabar serve did not start its {count} workers:\n{_tail(log)}")
            time.sleep(0.2)
        yield Served(f"http://127.0.0.1:{port}/graphql", count)
    finally:
        _stop(process)


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path, name: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"{name} exited with {process.returncode}:\n{_tail(log)}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    _stop(process)
    raise ServerError(f"{name} was not ready after {START_TIMEOUT_S} s:\n{_tail(log)}")


def peer_available() -> str | None:
    """Why the peer cannot run here, or None when node and its packages are installed."""
    if not (PEER_DIR / "node_modules" / "@neo4j" / "graphql").is_dir():
        return f"the peer's packages are not installed: run `make bench` (npm ci in {PEER_DIR})"
    try:
        subprocess.run(["node", "--version"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return "node is not installed (the peer needs Node.js 20 or later)"
    return None


@contextmanager
def peer_server(settings: Settings, log: Path) -> Iterator[Served]:
    """The peer (@neo4j/graphql + Apollo Server) on a free loopback port; yields once it answers a query."""
    missing = peer_available()
    if missing:
        raise ServerError(missing)
    port = free_port()
    env = _neo4j_env(settings) | {"PEER_PORT": str(port)}
    with log.open("wb") as out:
        process = subprocess.Popen(["node", "server.mjs"], env=env, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=PEER_DIR)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "peer ready" not in _tail(log):
            if process.poll() is not None:
                raise ServerError(f"the peer exited with {process.returncode}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                raise ServerError(f"the peer was not ready after {START_TIMEOUT_S} s:\n{_tail(log)}")
            time.sleep(0.2)
        yield Served(url, None)
    finally:
        _stop(process)
