"""The HTTP app: Starlette routes, the driver's lifespan, and the GraphQL view. Wiring only."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api import playground
from api.auth import caller_of
from api.guard import Admission, Guard
from api.ws import TransportWSHandler
from graph.breaker import Breaker
from graph.db import UNAVAILABLE, describe, open_driver, warn_if_insecure
from graph.settings import Settings, load_settings
from schema import schema
from schema.changes import FactFeed
from schema.context import Context
from schema.data import Reader


class KhabarGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = TransportWSHandler

    def __init__(self, settings: Settings) -> None:
        # Subscriptions over graphql-transport-ws only (graphql-ws's protocol; the legacy one is not offered).
        super().__init__(schema, graphql_ide="graphiql", subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
                         allowed_origins=settings.cors_origins)
        self.settings = settings

    async def get_context(self, request: Any, response: Any) -> Context:
        app_state = request.app.state
        return Context(reader=reader_for(app_state, self.settings), settings=self.settings, feed=app_state.feed,
                       caller=caller_of(request.scope), over_websocket=isinstance(request, WebSocket))

    def encode_json(self, data: object) -> str:
        # orjson: a page of 50 visits in ~3 µs where json.dumps took ~50 (a tenth of the request's Python). A str,
        # not bytes: the view also encodes graphql-transport-ws messages, which must go out as text frames.
        return orjson.dumps(data).decode()

    async def render_graphql_ide(self, request: Any) -> HTMLResponse:
        return HTMLResponse(playground.page_html())


async def healthz(request: Request) -> Response:
    """Liveness: the process is up (whatever Neo4j is doing)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Readiness: 503 while Neo4j is unreachable (the app stays up and recovers by itself)."""
    driver, breaker = request.app.state.driver, request.app.state.breaker
    if breaker.is_open:  # known down: answer at once (the breaker's probe closes it)
        return JSONResponse({"status": "degraded", "database": UNAVAILABLE}, status_code=503)
    try:
        await asyncio.wait_for(driver.verify_connectivity(), 3.0)
    except Exception as error:  # noqa: BLE001 - any failure means "not ready", reported without details
        return JSONResponse({"status": "degraded", "database": describe(error)}, status_code=503)
    return JSONResponse({"status": "ok", "database": "reachable"})


def reader_for(app_state: Any, settings: Settings) -> Reader:
    return Reader(app_state.driver, settings.neo4j_database, timeout_s=settings.query_timeout_s,
                  breaker=app_state.breaker)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The driver connects lazily, so the app starts (and stays up) while Neo4j is away.
        warn_if_insecure(settings)
        app.state.driver = open_driver(settings)
        app.state.breaker = Breaker(app.state.driver)
        app.state.feed = FactFeed(lambda: reader_for(app.state, settings))  # polls only while subscribed to
        # What the process holds once started (modules, the schema, ~90,000 objects) is never garbage: kept out of
        # the collector's full passes, each of which paused one request for ~50 ms every few hundred requests.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()  # an app stopped in a process that goes on (tests): its cycles can be collected again
            await app.state.feed.stop()
            await app.state.breaker.stop()
            await app.state.driver.close()

    graphql = KhabarGraphQL(settings)
    admission = Admission(settings.max_active_requests, settings.max_queued_requests, settings.queue_timeout_s)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/", lambda request: RedirectResponse("/graphql")),
            Mount(playground.STATIC_URL, StaticFiles(directory=playground.STATIC_DIR), name="static"),
        ],
        # CORS outermost, so the guard's refusals (401, 413, 503) reach browsers readable.
        middleware=[Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                               allow_methods=["GET", "POST"], allow_headers=["*"]),
                    Middleware(Guard, settings=settings, admission=admission)],
        lifespan=lifespan,
    )
    app.state.admission = admission
    return app
