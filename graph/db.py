"""The Neo4j driver: opening it, and turning driver errors into messages users can read."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from neo4j import AsyncDriver, AsyncGraphDatabase, NotificationMinimumSeverity
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.settings import DEFAULT_PASSWORD, Settings

log = logging.getLogger("khabar")
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")


UNAVAILABLE = "database unavailable: Neo4j cannot be reached, try again shortly"


class DatabaseUnavailable(RuntimeError):
    """Neo4j cannot be reached (down, restarting, or wrong address/credentials)."""


# Neo4j's codes for a transaction cut off by its timeout or by its memory limit.
_TOO_EXPENSIVE = ("TransactionTimedOut", "MemoryPoolOutOfMemoryError", "MemoryLimitExceeded")


# How long a statement failing with a retryable error is tried again: short, since the breaker (graph.breaker)
# answers for an outage. The driver's managed transactions (writes) and the API's reads (schema.data.Reader).
RETRY_S = 2.0


def open_driver(settings: Settings) -> AsyncDriver:
    # Short acquisition timeouts so a request fails fast while Neo4j is away;
    # the driver reconnects by itself once it is back.
    return AsyncGraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        max_connection_pool_size=settings.neo4j_pool_size,
        connection_acquisition_timeout=5.0,
        connection_timeout=5.0,
        max_transaction_retry_time=RETRY_S,
        # Query-plan hints (e.g. "property key does not exist" on an empty graph) are not for users' logs.
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


def warn_if_insecure(settings: Settings) -> bool:
    """Warn (and return True) when the development password is used against a Neo4j on another host."""
    host = urlsplit(settings.uri).hostname or ""
    if settings.neo4j_password != DEFAULT_PASSWORD or host in _LOCAL_HOSTS:
        return False
    log.warning("NEO4J_PASSWORD is the development default while Neo4j is at %s (not this machine): "
                "set a secret NEO4J_PASSWORD (README, 'Production')", host)
    return True


def describe(error: BaseException) -> str:
    """A user-facing sentence for a driver error; never a stack trace or Cypher text."""
    if isinstance(error, AuthError):
        return "database refused the credentials (check NEO4J_USER / NEO4J_PASSWORD)"
    if isinstance(error, ServiceUnavailable | SessionExpired | DatabaseUnavailable | OSError):
        return UNAVAILABLE
    if is_too_expensive(error):
        return "query too expensive: it needed more time or memory than the database allows; narrow it down"
    if isinstance(error, ConnectionAcquisitionTimeoutError):
        return "server busy: no database connection was free in time, retry shortly"
    if isinstance(error, ConstraintError):
        return f"database constraint violated: {error.message}"
    if isinstance(error, TransientError):
        return "database busy: the operation was not applied, try again"
    if isinstance(error, ClientError | Neo4jError):
        return "internal database error (a bug in Khabar's queries); the graph is unchanged"
    if isinstance(error, DriverError):
        return "database driver error; the graph is unchanged"
    return "internal error"


def is_too_expensive(error: BaseException) -> bool:
    code = getattr(error, "code", None) or ""
    return isinstance(error, Neo4jError) and any(name in code for name in _TOO_EXPENSIVE)


def error_code(error: BaseException) -> str:
    """The API's `extensions.code` for a driver error."""
    if is_unavailable(error):
        return "DATABASE_UNAVAILABLE"
    if is_too_expensive(error):
        return "QUERY_TOO_EXPENSIVE"
    if isinstance(error, ConnectionAcquisitionTimeoutError | TransientError):
        return "SERVER_BUSY"
    return "DATABASE_ERROR"


def is_unavailable(error: BaseException) -> bool:
    return isinstance(error, ServiceUnavailable | SessionExpired | DatabaseUnavailable | AuthError | OSError)
