"""What every request to /graphql passes before Strawberry sees it: the optional API key, the body-size
cap and admission (a bounded queue, then a coded 503), plus security headers on every response."""

from __future__ import annotations

import asyncio
import hmac
import json
import math
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.settings import Settings

GRAPHQL_PATH = "/graphql"

# The playground is our own static files: no inline script runs (its config is inert JSON), GraphiQL
# sets inline styles, and nothing may frame it.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)


class Admission:
    """At most `max_active` requests run at once; up to `max_queued` more wait up to `timeout_s` for a
    turn. Anyone else is turned away at once, so overload costs a quick 503, not a slow failure."""

    def __init__(self, max_active: int, max_queued: int, timeout_s: float) -> None:
        self.max_active, self.max_queued, self.timeout_s = max_active, max_queued, timeout_s
        self.active = 0
        self.waiting = 0
        self.rejected = 0
        self._slots = asyncio.Semaphore(max_active)

    async def enter(self) -> bool:
        if not self._slots.locked():
            await self._slots.acquire()  # free: returns without waiting
        elif self.waiting >= self.max_queued or self.timeout_s <= 0:
            self.rejected += 1
            return False
        else:
            self.waiting += 1
            try:
                await asyncio.wait_for(self._slots.acquire(), self.timeout_s)
            except TimeoutError:
                self.rejected += 1
                return False
            finally:
                self.waiting -= 1
        self.active += 1
        return True

    def leave(self) -> None:
        self.active -= 1
        self._slots.release()


def error_body(message: str, code: str, **extensions: Any) -> bytes:
    """A GraphQL-shaped error document, so clients parse every refusal the same way."""
    return json.dumps({"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}).encode()


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


class Guard:
    def __init__(self, app: ASGIApp, settings: Settings, admission: Admission) -> None:
        self.app = app
        self.settings = settings
        self.admission = admission

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in SECURITY_HEADERS if k not in present)]
            await send(message)

        if scope["path"] != GRAPHQL_PATH or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send_secured)
            return
        if not self._authorized(scope):
            await _respond(send_secured, 401, error_body(
                "missing or wrong API key: send it in the X-API-Key header (or Authorization: Bearer KEY)",
                "UNAUTHENTICATED"), [(b"www-authenticate", b'Bearer realm="khabar"')])
            return
        if scope["method"] == "POST":
            body = await self._read_body(scope, receive, send_secured)
            if body is None:
                return
            receive = _replay(body, receive)
        if not await self.admission.enter():
            retry = max(1, math.ceil(self.settings.queue_timeout_s))
            await _respond(send_secured, 503, error_body(
                f"server busy: too many requests at once, retry in {retry} s", "SERVER_BUSY", retryable=True),
                [(b"retry-after", str(retry).encode())])
            return
        try:
            await self.app(scope, receive, send_secured)
        finally:
            self.admission.leave()

    def _authorized(self, scope: Scope) -> bool:
        key = self.settings.api_key
        if key is None:
            return True
        if scope["method"] == "GET" and not scope.get("query_string"):
            return True  # the playground page itself (it sends the key with each query it runs)
        given = _header(scope, b"x-api-key")
        bearer = _header(scope, b"authorization") or ""
        if given is None and bearer.lower().startswith("bearer "):
            given = bearer[7:].strip()
        return given is not None and hmac.compare_digest(given.encode(), key.encode())

    async def _read_body(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The whole body, or None once a 413 was sent: a declared length over the cap is refused
        before reading anything, a chunked body as soon as it passes the cap."""
        limit = self.settings.max_body_bytes
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(send, int(declared))
            return None
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._too_large(send, size)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _too_large(self, send: Send, size: int) -> None:
        limit = self.settings.max_body_bytes
        await _respond(send, 413, error_body(
            f"request body too large: {size} bytes or more, at most {limit} (KHABAR_MAX_BODY_BYTES)",
            "BAD_USER_INPUT", field="body", limit=limit), [(b"connection", b"close")])


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then the client's own messages (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
