"""The HTTP app: Starlette routes, the driver's lifespan, and the GraphQL view. Wiring only."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL

from api import playground
from graph.db import describe, open_driver
from graph.settings import Settings, load_settings
from schema import schema
from schema.context import Context
from schema.data import Reader


class KhabarGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self.settings = settings

    async def get_context(self, request: Any, response: Any) -> Context:
        app_state = request.app.state
        return Context(reader=Reader(app_state.driver, self.settings.neo4j_database), settings=self.settings)

    async def render_graphql_ide(self, request: Any) -> HTMLResponse:
        return HTMLResponse(playground.page_html())


async def health(request: Request) -> Response:
    """Liveness and Neo4j reachability; 503 while the database is away (the app stays up)."""
    driver = request.app.state.driver
    try:
        await driver.verify_connectivity()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready", reported without details
        return JSONResponse({"status": "degraded", "database": describe(error)}, status_code=503)
    return JSONResponse({"status": "ok", "database": "reachable"})


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The driver connects lazily, so the app starts (and stays up) while Neo4j is away.
        app.state.driver = open_driver(settings)
        try:
            yield
        finally:
            await app.state.driver.close()

    graphql = KhabarGraphQL(settings)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/health", health),
            Route("/", lambda request: RedirectResponse("/graphql")),
            Mount(playground.STATIC_URL, StaticFiles(directory=playground.STATIC_DIR), name="static"),
        ],
        lifespan=lifespan,
    )
