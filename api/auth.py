"""Who is calling: the API key a request presents (`X-API-Key: …` or `Authorization: Bearer …`), verified
against the keys in Neo4j (or the legacy KHABAR_API_KEY). The verdict travels to the GraphQL context in
the ASGI scope; the schema decides what each role may do (schema/permissions.py)."""

from __future__ import annotations

import hmac

from neo4j import AsyncDriver
from starlette.types import Scope

from graph.settings import Settings
from loaders.api_keys import ENV_KEY, verify_token
from schema.permissions import ANONYMOUS, Caller

SCOPE_KEY = "khabar.caller"


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def presented_token(scope: Scope) -> str | None:
    given = header(scope, b"x-api-key")
    bearer = header(scope, b"authorization") or ""
    if given is None and bearer.lower().startswith("bearer "):
        given = bearer[7:]
    given = given.strip() if given is not None else None
    return given or None


async def identify(scope: Scope, driver: AsyncDriver, settings: Settings) -> Caller:
    return await identify_token(presented_token(scope), driver, settings)


async def identify_token(token: str | None, driver: AsyncDriver, settings: Settings) -> Caller:
    """The caller a token names (also for a websocket's connection_init payload, api/ws.py)."""
    if token is None:
        return ANONYMOUS
    if settings.api_key is not None and hmac.compare_digest(token.encode(), settings.api_key.encode()):
        return Caller(ENV_KEY, True)
    return Caller(await verify_token(driver, token, database=settings.neo4j_database), True)


def caller_of(scope: Scope) -> Caller:
    return scope.get("state", {}).get(SCOPE_KEY, ANONYMOUS)
