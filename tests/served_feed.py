"""The app served for subscription tests, with a view of its poller, and articles written as other processes do."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver
from starlette.applications import Starlette

from api.app import create_app
from api.server import serve_in_thread
from graph.settings import Settings
from loaders.run import load_paths
from tests.news import write_document


@dataclasses.dataclass
class Served:
    app: Starlette
    url: str

    def feed_ready(self, subscribers: int, timeout: float = 10) -> None:
        """Wait until the app's poller holds `subscribers` and has looked at Neo4j since: from then on, a write
        is news to them (the protocol has no "subscribed" message a client could wait for)."""
        feed = self.app.state.feed
        deadline = time.monotonic() + timeout
        while feed.subscribers != subscribers:
            assert time.monotonic() < deadline, f"{feed.subscribers} subscribers, expected {subscribers}"
            time.sleep(0.01)
        looks = feed.looks
        while feed.looks < looks + 1:
            assert time.monotonic() < deadline, "the poller made no look"
            time.sleep(0.01)

    def feed_idle(self, timeout: float = 5) -> None:
        """Wait until the poller has no subscriber and has stopped."""
        feed = self.app.state.feed
        deadline = time.monotonic() + timeout
        while feed.subscribers or feed.polling:
            assert time.monotonic() < deadline, f"the poller still runs ({feed.subscribers} subscribers)"
            time.sleep(0.05)


def serve_app(settings: Settings) -> Iterator[Served]:
    app = create_app(settings)
    with serve_in_thread(app) as url:
        yield Served(app, url)


async def load(driver: AsyncDriver, settings: Settings, folder: Path, document: dict[str, Any]) -> float:
    """Write an article as `khabar load` does (its own driver, as another process would); returns the
    monotonic time the write committed."""
    report = await load_paths(driver, [write_document(folder, document)], database=settings.neo4j_database)
    assert report.ok, report.errors
    return time.monotonic()
