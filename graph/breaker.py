"""A circuit breaker for Neo4j outages: once the database is known to be unreachable, requests fail at
once instead of each waiting out connection timeouts and retries; a background probe closes it again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from neo4j import AsyncDriver

log = logging.getLogger("khabar.breaker")

PROBE_INTERVAL_S = 1.0
PROBE_TIMEOUT_S = 3.0


class Breaker:
    def __init__(self, driver: AsyncDriver, probe_interval_s: float = PROBE_INTERVAL_S) -> None:
        self.driver = driver
        self.probe_interval_s = probe_interval_s
        self.opened_at: float | None = None
        self._probe: asyncio.Task[None] | None = None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def trip(self) -> None:
        """Neo4j was found unreachable: open, and probe in the background until it answers."""
        if self.opened_at is None:
            self.opened_at = time.monotonic()
            log.warning("Neo4j unreachable: failing requests fast until a probe succeeds")
        if self._probe is None or self._probe.done():
            self._probe = asyncio.get_running_loop().create_task(self._probe_until_closed())

    def close(self) -> None:
        if self.opened_at is not None:
            log.warning("Neo4j reachable again after %.1f s", time.monotonic() - self.opened_at)
        self.opened_at = None

    async def _probe_until_closed(self) -> None:
        while self.is_open:
            await asyncio.sleep(self.probe_interval_s)
            try:
                await asyncio.wait_for(self.driver.verify_connectivity(), PROBE_TIMEOUT_S)
            except Exception:  # noqa: BLE001, S112 - any failure: still down, probe again
                continue
            self.close()

    async def stop(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._probe
