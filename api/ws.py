"""Websockets on /graphql (graphql-transport-ws): the API key travels in the connection_init payload.

Browsers cannot set headers on a websocket, so a client sends the key in `connection_init`'s payload
(`{"X-API-Key": KEY}` or `{"Authorization": "Bearer KEY"}`, any case); other clients may send the same
headers with the handshake instead. A missing or wrong key closes the socket with 4403 and a reason
saying what to send, before any operation runs.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage

from graph.settings import Settings
from schema.context import Context

FORBIDDEN = 4403  # graphql-ws's code for a refused connection
REFUSAL = "missing or wrong API key: send {\"X-API-Key\": KEY} in the connection_init payload"


def given_key(fields: Mapping[str, Any]) -> str | None:
    """The key in a payload or headers: X-API-Key, else Authorization: Bearer KEY (names in any case)."""
    lowered = {str(name).lower(): value for name, value in fields.items()}
    key = lowered.get("x-api-key")
    bearer = lowered.get("authorization")
    if key is None and isinstance(bearer, str) and bearer.lower().startswith("bearer "):
        key = bearer[7:].strip()
    return key if isinstance(key, str) else None


def refusal(settings: Settings, payload: Mapping[str, Any], headers: Mapping[str, Any]) -> str | None:
    """Why this connection may not go on, or None when it may."""
    expected = settings.api_key
    if expected is None:
        return None
    key = given_key(payload) or given_key(headers)
    if key is not None and hmac.compare_digest(key.encode(), expected.encode()):
        return None
    return REFUSAL


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's graphql-transport-ws handler, checking the key when the connection is initialised."""

    settings: Settings

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        payload = message.get("payload") or {}
        if isinstance(payload, dict) and not self.connection_init_received and not self.connection_timed_out:
            headers = dict(self.websocket.ws.headers)  # type: ignore[attr-defined]  # the handshake's
            reason = refusal(self.view.settings, payload, headers)  # type: ignore[attr-defined]
            if reason is not None:
                if self.connection_init_timeout_task:
                    self.connection_init_timeout_task.cancel()
                self.connection_init_received = True
                await self.websocket.close(code=FORBIDDEN, reason=reason)
                return
        await super().handle_connection_init(message)
