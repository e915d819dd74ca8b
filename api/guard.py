"""What every request to /graphql passes before Strawberry sees it: the API key (verified once, handed to the
schema, required here only when reads need one), the body-size cap (larger for a key that may write) and
admission (a bounded queue, then a coded 503), plus security headers on every response."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import SCOPE_KEY, Caller, identify, presented_token
from graph.db import UNAVAILABLE, describe, error_code, is_unavailable
from graph.settings import Settings
from loaders.api_keys import KeyRole
from schema.errors import RETRYABLE
from schema.permissions import ANONYMOUS

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


def _is_page(scope: Scope) -> bool:
    # the playground page itself (it sends the key with each query it runs)
    return scope["method"] == "GET" and not scope.get("query_string")


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
        caller = await self._identify(scope, send_secured)
        if caller is None:
            return
        if self.settings.keys_required_for_reads and caller.key is None and not _is_page(scope):
            problem = "wrong, unknown or revoked API key" if caller.presented else "missing API key"
            await _respond(send_secured, 401, error_body(
                f"{problem}: this API needs a key in the X-API-Key header (or Authorization: Bearer KEY)",
                "UNAUTHENTICATED"), [(b"www-authenticate", b'Bearer realm="khabar"')])
            return
        scope.setdefault("state", {})[SCOPE_KEY] = caller
        if scope["method"] == "POST":
            may_write = caller.key is not None and caller.key.role >= KeyRole.EDITOR
            limit = max(self.settings.max_write_body_bytes, self.settings.max_body_bytes) if may_write \
                else self.settings.max_body_bytes
            body = await self._read_body(scope, receive, send_secured, limit)
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

    async def _identify(self, scope: Scope, send: Send) -> Caller | None:
        """The caller, or None once a 503 was sent (Neo4j, which holds the keys, cannot be asked)."""
        app_state = scope["app"].state
        breaker = getattr(app_state, "breaker", None)
        if presented_token(scope) is None:
            return ANONYMOUS  # nothing to verify: no database needed
        try:
            if breaker is not None and breaker.is_open:
                raise ConnectionError(UNAVAILABLE)  # known down: answer at once (the breaker's probe closes it)
            return await identify(scope, app_state.driver, self.settings)
        except (Neo4jError, DriverError, OSError) as error:
            code = error_code(error)
            if breaker is not None and is_unavailable(error):
                breaker.trip()
            await _respond(send, 503, error_body(describe(error), code, retryable=code in RETRYABLE))
            return None

    async def _read_body(self, scope: Scope, receive: Receive, send: Send, limit: int) -> bytes | None:
        """The whole body, or None once a 413 was sent: a declared length over the cap is refused
        before reading anything, a chunked body as soon as it passes the cap."""
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(send, int(declared), limit)
            return None
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._too_large(send, size, limit)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _too_large(self, send: Send, size: int, limit: int) -> None:
        setting = "KHABAR_MAX_BODY_BYTES" if limit == self.settings.max_body_bytes else "KHABAR_MAX_WRITE_BODY_BYTES"
        await _respond(send, 413, error_body(
            f"request body too large: {size} bytes or more, at most {limit} ({setting})",
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
