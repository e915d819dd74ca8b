"""Serving the app in a background thread on a free loopback port (tests and benchmarks)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp
from uvicorn.supervisors import Multiprocess


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve_in_thread(app: ASGIApp, start_timeout: float = 20) -> Iterator[str]:
    """Run `app` with uvicorn on 127.0.0.1 (a real HTTP server); yield its base URL; stop it on exit."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def serve_workers(host: str, port: int, workers: int, *, access_log: bool = False, keep_alive_s: float = 75.0) -> None:
    """`workers` processes on one port, each building its own app (driver pool, breaker, admission queue) from
    the environment. As `uvicorn.run(workers=...)`, except that the shared listening socket has TCP_NODELAY,
    which its connections inherit: uvicorn's own socket lacks it (asyncio sets it only on sockets it opened),
    so each response's body waited ~40 ms on the client's delayed ACK behind its headers."""
    config = uvicorn.Config("api.app:create_app", factory=True, host=host, port=port, workers=workers,
                            log_level="info", access_log=access_log, timeout_keep_alive=keep_alive_s)
    sock = config.bind_socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    Multiprocess(config, sockets=[sock]).run()
