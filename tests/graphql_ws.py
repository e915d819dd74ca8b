"""A graphql-transport-ws client over a real websocket (the `websockets` package), for tests."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"


def ws_url(http_url: str) -> str:
    return http_url.replace("http://", "ws://", 1) + "/graphql"


class GraphQLWS:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    @classmethod
    async def open(cls, http_url: str, payload: dict[str, Any] | None = None, **headers: str) -> GraphQLWS:
        """Connect and initialise; raises AssertionError unless the server acknowledges."""
        client = await cls.connect(http_url, **headers)
        await client.send({"type": "connection_init", "payload": payload or {}})
        ack = await client.receive(5)
        assert ack["type"] == "connection_ack", ack
        return client

    @classmethod
    async def connect(cls, http_url: str, **headers: str) -> GraphQLWS:
        connection = await connect(ws_url(http_url), subprotocols=[PROTOCOL], additional_headers=headers or None)
        assert connection.subprotocol == PROTOCOL
        return cls(connection)

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, timeout: float) -> dict[str, Any]:
        return json.loads(await asyncio.wait_for(self.connection.recv(), timeout))

    async def subscribe(self, op_id: str, query: str, **variables: Any) -> None:
        await self.send({"id": op_id, "type": "subscribe", "payload": {"query": query, "variables": variables}})

    async def complete(self, op_id: str) -> None:
        await self.send({"id": op_id, "type": "complete"})

    async def messages_for(self, seconds: float) -> list[dict[str, Any]]:
        """Every message that arrives within `seconds`."""
        found: list[dict[str, Any]] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (left := deadline - loop.time()) > 0:
            try:
                found.append(await self.receive(left))
            except TimeoutError:
                break
        return found

    async def close(self) -> None:
        await self.connection.close()
