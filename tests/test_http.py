"""The HTTP surface: probes, CORS, the playground on GET, malformed requests."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx

from graph.settings import Settings
from tests.conftest import serve


def test_probes(http: httpx.Client) -> None:
    assert http.get("/healthz").json() == {"status": "ok"}
    ready = http.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "reachable"


def test_cors_allows_only_configured_origins(settings: Settings) -> None:
    allowed = dataclasses.replace(settings, cors_origins=("https://analyst.example",))
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    with serve(allowed) as url, httpx.Client(base_url=url) as client:
        ok = client.options("/graphql", headers={"Origin": "https://analyst.example", **preflight})
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://analyst.example"
        other = client.options("/graphql", headers={"Origin": "https://elsewhere.example", **preflight})
        assert other.status_code == 400 and "access-control-allow-origin" not in other.headers


def test_browser_get_opens_the_playground(http: httpx.Client) -> None:
    page = http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert http.get("/", follow_redirects=False).headers["location"] == "/graphql"


def test_malformed_requests_get_clear_errors(http: httpx.Client) -> None:
    not_json = http.post("/graphql", content=b"{not json", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400 and "Traceback" not in not_json.text
    no_query = http.post("/graphql", json={"variables": {}})
    assert no_query.status_code == 400 and "Traceback" not in no_query.text
    syntax = http.post("/graphql", json={"query": "{ visits( }"}).json()
    assert "Syntax Error" in syntax["errors"][0]["message"]
    unknown = http.post("/graphql", json={"query": "{ vists { totalCount } }"}).json()
    assert "Cannot query field 'vists'" in unknown["errors"][0]["message"]


def test_abusive_queries_are_refused(http: httpx.Client) -> None:
    deep = "{ visits { edges { node { " + "visitor { visits { " * 6 + "id" + " } }" * 6 + " } } } }"
    body = http.post("/graphql", json={"query": deep}).json()
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    aliases = "{ " + " ".join(f"a{i}: countries {{ code }}" for i in range(40)) + " }"
    body = http.post("/graphql", json={"query": aliases}).json()
    assert "aliases" in body["errors"][0]["message"].lower()


def test_a_running_app_keeps_what_it_started_with_out_of_full_collections(settings: Settings) -> None:
    """Its startup objects are frozen while it runs (no ~50 ms pause of a full collection over them every few
    hundred requests), and given back to the collector when it stops."""
    import asyncio
    import gc

    from api.app import create_app

    async def lifetime() -> tuple[int, int]:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            running = gc.get_freeze_count()
        return running, gc.get_freeze_count()

    running, stopped = asyncio.run(lifetime())
    assert running > 10_000 and stopped == 0


def _response(conn: Any) -> bytes:
    """One whole HTTP response read from a socket (its headers, then Content-Length bytes), or b"" once closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lengths = [line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")]
    length = int(lengths[0])
    while len(body) < length:
        body += conn.recv(4096)
    return head + b"\r\n\r\n" + body


def _idle_then_ask(port: int, idle_s: float) -> bytes:
    """A keep-alive connection's answer to a second request sent after `idle_s` of silence (b"" once closed)."""
    import socket
    import time

    request = b"GET /healthz HTTP/1.1\r\nHost: khabar\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(request)
        assert _response(conn).startswith(b"HTTP/1.1 200")
        time.sleep(idle_s)
        try:
            conn.sendall(request)
            return _response(conn)
        except ConnectionError:
            return b""


def test_khabar_serve_keeps_idle_connections_past_a_client_pools_idle_timeout(settings: Settings) -> None:
    """`khabar serve` keeps an idle connection 75 s by default (uvicorn's 5 s made a client's reused connection be
    closed under it just as it sent), and KHABAR_KEEP_ALIVE_S shortens it."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from api.server import free_port

    khabar = Path(sys.executable).with_name("khabar")
    for keep_alive, idle_s, kept in ((None, 6.0, True), ("1", 2.0, False)):
        port = free_port()
        env = {**os.environ, "KHABAR_WORKERS": "1", "NEO4J_URI": settings.uri}
        if keep_alive:
            env["KHABAR_KEEP_ALIVE_S"] = keep_alive
        server = subprocess.Popen([str(khabar), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    assert time.monotonic() < deadline, "khabar serve did not start"
                    time.sleep(0.2)
            assert _idle_then_ask(port, idle_s).startswith(b"HTTP/1.1 200") is kept
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_arabic_is_sent_as_utf8_text_not_escaped(http: httpx.Client, seeded: object) -> None:
    """Responses are encoded by orjson: Arabic names go out as UTF-8, half the bytes of `\\uXXXX` escapes, and the
    body is still JSON a client decodes to the same text."""
    query = '{ node(id: "person:sergei-lavrov") { ... on Person { nameAr } } }'
    response = http.post("/graphql", json={"query": query})
    assert response.headers["content-type"].startswith("application/json")
    assert "سيرغي لافروف".encode() in response.content and b"\\u" not in response.content
    assert response.json()["data"]["node"]["nameAr"] == "سيرغي لافروف"
