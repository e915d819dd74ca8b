"""A real HTTP server on 127.0.0.1 for the web tests: pages and feeds from a route table, conditional GET
(ETag / Last-Modified -> 304), redirects, slow and oversized answers, and a log of what each request sent."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    redirect: str | None = None  # Location of a 302
    delay: float = 0.0  # seconds before answering (a server too slow to wait for)
    stream_bytes: int = 0  # send this many bytes without a Content-Length (a body that never says its size)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    status: int
    at: float


@dataclass
class LocalWeb:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[Seen] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.log if s.path == path]


@contextlib.contextmanager
def local_web() -> Iterator[LocalWeb]:
    web = LocalWeb()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet: the test output is what matters
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.path = self.path.split("?", 1)[0]  # a query string (tracking parameters) is the same page
            route = web.routes.get(self.path)
            headers = {k: v for k, v in self.headers.items()}
            if route is None:
                return self._answer(404, b"not found", "text/plain", headers)
            if route.delay:
                time.sleep(route.delay)
            if route.redirect:
                return self._answer(302, b"", "text/plain", headers, {"Location": route.redirect})
            extra = {}
            if route.etag:
                extra["ETag"] = route.etag
            if route.last_modified:
                extra["Last-Modified"] = route.last_modified
            if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                    route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified):
                return self._answer(304, b"", route.content_type, headers, extra)
            if route.stream_bytes:
                web.log.append(Seen(self.path, headers, route.status, time.monotonic()))
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_536 + b"</p>\n"
                with contextlib.suppress(OSError):  # the client hangs up once it has had enough
                    for _ in range(route.stream_bytes // len(chunk) + 1):
                        self.wfile.write(chunk)
                self.close_connection = True
                return None
            return self._answer(route.status, route.body, route.content_type, headers, extra)

        def _answer(self, status: int, body: bytes, content_type: str, seen: dict[str, str],
                    extra: dict[str, str] | None = None) -> None:
            web.log.append(Seen(self.path, seen, status, time.monotonic()))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if body:
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    web.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield web
    finally:
        server.shutdown()
        server.server_close()
