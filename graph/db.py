"""The Neo4j driver: opening it, and turning driver errors into messages users can read."""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncGraphDatabase, NotificationMinimumSeverity
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.settings import Settings


class DatabaseUnavailable(RuntimeError):
    """Neo4j cannot be reached (down, restarting, or wrong address/credentials)."""


def open_driver(settings: Settings) -> AsyncDriver:
    # Short acquisition timeouts so a request fails fast while Neo4j is away;
    # the driver reconnects by itself once it is back.
    return AsyncGraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_acquisition_timeout=5.0,
        connection_timeout=5.0,
        max_transaction_retry_time=5.0,
        # Query-plan hints (e.g. "property key does not exist" on an empty graph) are not for users' logs.
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


def describe(error: BaseException) -> str:
    """A user-facing sentence for a driver error; never a stack trace or Cypher text."""
    if isinstance(error, AuthError):
        return "database refused the credentials (check NEO4J_USER / NEO4J_PASSWORD)"
    if isinstance(error, ServiceUnavailable | SessionExpired | DatabaseUnavailable | OSError):
        return "database unavailable: Neo4j cannot be reached, try again shortly"
    if isinstance(error, ConstraintError):
        return f"database constraint violated: {error.message}"
    if isinstance(error, TransientError):
        return "database busy: the operation was not applied, try again"
    if isinstance(error, ClientError | Neo4jError):
        return "internal database error (a bug in Khabar's queries); the graph is unchanged"
    if isinstance(error, DriverError):
        return "database driver error; the graph is unchanged"
    return "internal error"


def is_unavailable(error: BaseException) -> bool:
    return isinstance(error, ServiceUnavailable | SessionExpired | DatabaseUnavailable | AuthError | OSError)
