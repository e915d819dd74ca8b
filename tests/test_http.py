"""The HTTP surface: probes, CORS, the playground on GET, malformed requests."""

from __future__ import annotations

import dataclasses

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
