"""schema.data.Reader: every read is one auto-commit statement in a READ session (routed to a reader of a cluster)
that shares the writers' bookmarks, so it sees the writes made before it; a retryable failure is run again, any
other failure is reported at once. Against the real Neo4j; the failures are injected in front of it."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import READ_ACCESS, AsyncDriver
from neo4j.exceptions import SessionExpired

from graph.settings import Settings
from schema.data import Reader
from schema.errors import DatabaseError


class SessionsSeen:
    """Opens the driver's real sessions and notes how each was asked for; `failures` first sessions fail their
    statement with a retryable error, as a cluster member going away does."""

    def __init__(self, driver: AsyncDriver, failures: int = 0) -> None:
        self.driver, self.failures, self.opened = driver, failures, []

    def session(self, **config: Any) -> Any:
        self.opened.append(config)
        session = self.driver.session(**config)
        if len(self.opened) <= self.failures:

            async def run(*_: Any, **__: Any) -> Any:
                raise SessionExpired("injected: the member serving this session went away")

            session.run = run
        return session

    def __getattr__(self, name: str) -> Any:
        return getattr(self.driver, name)


async def test_reads_are_read_sessions_sharing_the_writers_bookmarks(clean_db: AsyncDriver, settings: Settings) -> None:
    seen = SessionsSeen(clean_db)
    await clean_db.execute_query("CREATE (:Node:Country {id: 'country:XX', name: 'Nowhere'})",
                                 database_=settings.neo4j_database)  # fmt: skip
    reader = Reader(seen, settings.neo4j_database)  # type: ignore[arg-type]
    rows = await reader.rows("MATCH (n:Country) RETURN n.name AS name")
    assert rows == [{"name": "Nowhere"}] and reader.queries == 1
    [config] = seen.opened
    assert config["default_access_mode"] == READ_ACCESS
    assert config["bookmark_manager"] is clean_db.execute_query_bookmark_manager
    assert config["database"] == settings.neo4j_database


async def test_a_read_failing_with_a_retryable_error_is_run_again(clean_db: AsyncDriver, settings: Settings) -> None:
    seen = SessionsSeen(clean_db, failures=2)
    reader = Reader(seen, settings.neo4j_database)  # type: ignore[arg-type]
    assert await reader.rows("RETURN 1 AS one") == [{"one": 1}]
    assert len(seen.opened) == 3 and reader.queries == 1


async def test_a_read_failing_otherwise_is_reported_at_once(clean_db: AsyncDriver, settings: Settings) -> None:
    seen = SessionsSeen(clean_db)
    reader = Reader(seen, settings.neo4j_database)  # type: ignore[arg-type]
    with pytest.raises(DatabaseError) as raised:
        await reader.rows("RETURN 1 +")  # a syntax error: not worth another try
    assert len(seen.opened) == 1 and raised.value.code == "DATABASE_ERROR"
