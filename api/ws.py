"""Websockets on /graphql (graphql-transport-ws): the API key travels in the connection_init payload.

Browsers cannot set headers on a websocket, so a client sends its key in `connection_init`'s payload
(`{"X-API-Key": KEY}` or `{"Authorization": "Bearer KEY"}`, names in any case); other clients may send
the same headers with the handshake instead. The key is verified as the guard verifies an HTTP request's
(api/auth.py) and becomes the connection's caller, so operations over the socket get the same role checks.
When reads need a key, a missing or unknown one closes the socket with 4403 and a reason saying what to
send; Neo4j (which holds the keys) unreachable closes it with 1013, try again later.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage

from api.auth import identify_token
from graph.db import is_unavailable
from graph.settings import Settings
from schema.context import Context
from schema.permissions import Caller

FORBIDDEN = 4403  # graphql-ws's code for a refused connection (the client does not retry)
TRY_AGAIN_LATER = 1013  # the client may retry


def given_key(fields: Mapping[str, Any]) -> str | None:
    """The key in a payload or headers: X-API-Key, else Authorization: Bearer KEY (names in any case)."""
    lowered = {str(name).lower(): value for name, value in fields.items()}
    key = lowered.get("x-api-key")
    bearer = lowered.get("authorization")
    if key is None and isinstance(bearer, str) and bearer.lower().startswith("bearer "):
        key = bearer[7:]
    return key.strip() or None if isinstance(key, str) else None


def refusal(settings: Settings, caller: Caller) -> str | None:
    """Why this connection may not go on (a close reason, under websocket's 123 bytes), or None."""
    if caller.key is not None or not settings.keys_required_for_reads:
        return None
    problem = "wrong, unknown or revoked API key" if caller.presented else "missing API key"
    return f'{problem}: send {{"X-API-Key": KEY}} in the connection_init payload'


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's graphql-transport-ws handler, identifying the caller when the connection is initialised."""

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        payload = message.get("payload") or {}
        if isinstance(payload, dict) and not self.connection_init_received and not self.connection_timed_out:
            socket = self.websocket.ws  # type: ignore[attr-defined]  # Starlette's WebSocket (ASGIWebSocketAdapter)
            settings: Settings = self.view.settings  # type: ignore[attr-defined]
            token = given_key(payload) or given_key(dict(socket.headers))
            try:
                caller = await identify_token(token, socket.app.state.driver, settings)
            except (Neo4jError, DriverError, OSError) as error:
                reason = "database unavailable: the API key cannot be checked; try again later"
                await self._refuse(TRY_AGAIN_LATER if is_unavailable(error) else 1011, reason)
                return
            reason = refusal(settings, caller)
            if reason is not None:
                await self._refuse(FORBIDDEN, reason)
                return
            self.context.caller = caller
        await super().handle_connection_init(message)

    async def _refuse(self, code: int, reason: str) -> None:
        if self.connection_init_timeout_task:
            self.connection_init_timeout_task.cancel()
        self.connection_init_received = True
        await self.websocket.close(code=code, reason=reason)
