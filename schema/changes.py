"""New facts as they arrive, for the `factsAdded` subscription: one poller per API process.

Facts are written by other processes too (`khabar ingest`, `watch`, `load`, other API workers and
replicas), so an in-process signal alone would miss them. The loader stamps each fact it creates with
`addedAt` (Neo4j's clock, indexed); while anyone subscribes, one task per process asks Neo4j every
POLL_INTERVAL_S for the facts added since its last look and hands each new one to the subscribers
whose filter it matches. A write in this process can `wake()` it at once.

Nothing is lost between looks: `addedAt` is the time of the statement that created the fact, which
commits a little later, so a look reads back GRACE_S before the previous look's time and remembers
the ids it has already handed out (forgetting them once they fall out of that window). A write that
takes longer than GRACE_S between creating a fact and committing could be missed.

While Neo4j is away the poller keeps its place and the subscribers their sockets; the reader's circuit
breaker fails each look fast until its probe sees Neo4j again, and the next look catches up.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from graph.model import ADDED_AT
from schema.data import Reader, Record
from schema.errors import DatabaseError

log = logging.getLogger("khabar.changes")

POLL_INTERVAL_S = 0.25
GRACE_S = 10.0
DETAIL_BATCH = 500  # new facts described per query
QUEUE_SIZE = 1000  # facts waiting for one slow subscriber; beyond, it is told it fell behind

# The facts created since $since, and Neo4j's time of this look (the next look reads back from it).
ADDED_SINCE = f"""
OPTIONAL MATCH (n:Fact) WHERE n.{ADDED_AT} >= $since
RETURN datetime() AS now, collect({{id: n.id, at: n.{ADDED_AT}}}) AS added
"""

# Each new fact with what subscription filters test: the countries it involves (host, visitor's
# country, party, participant, subject, speaker or the speaker's country) and the persons linked to it.
DESCRIBE = """
UNWIND $ids AS id MATCH (n:Node:Fact {id: id})
RETURN labels(n) AS labels, properties(n) AS props,
  COLLECT { MATCH (n)-[:HOSTED_BY|VISITOR_FROM|PARTY|PARTICIPANT|ABOUT]->(c:Country) RETURN c.code
            UNION MATCH (n)-[:SPOKEN_BY]->(c:Country) RETURN c.code
            UNION MATCH (n)-[:SPOKEN_BY]->()-[:CITIZEN_OF|BASED_IN]->(c:Country) RETURN c.code } AS countries,
  COLLECT { MATCH (n)--(p:Person) RETURN DISTINCT p.id } AS persons
ORDER BY n.addedAt, n.id
"""


@dataclass(frozen=True)
class FactFilter:
    """What one subscriber asked for; None (or empty kinds) lets everything through."""

    country: str | None = None  # ISO code
    person: str | None = None  # person id
    kinds: frozenset[str] = frozenset()  # node labels: Visit, Agreement, Statement, Event

    def matches(self, fact: Record) -> bool:
        return (
            (not self.kinds or any(label in self.kinds for label in fact["labels"]))
            and (self.country is None or self.country in fact["countries"])
            and (self.person is None or self.person in fact["persons"])
        )


class FellBehind(Exception):
    """The subscriber did not read its facts fast enough; its queue overflowed and facts were dropped."""


class Subscriber:
    def __init__(self, facts_filter: FactFilter) -> None:
        self.filter = facts_filter
        self.queue: asyncio.Queue[Record] = asyncio.Queue(QUEUE_SIZE)
        self.overflowed = False

    def offer(self, fact: Record) -> None:
        try:
            self.queue.put_nowait(fact)
        except asyncio.QueueFull:
            self.overflowed = True

    async def next(self) -> Record:
        if self.overflowed and self.queue.empty():
            raise FellBehind
        return await self.queue.get()


class FactFeed:
    """The process's poller and its subscribers. Started by the first subscriber, stopped by the last."""

    def __init__(self, reader: Callable[[], Reader], poll_interval_s: float = POLL_INTERVAL_S) -> None:
        self._reader = reader  # a fresh Reader per look (its query counter is per look)
        self.poll_interval_s = poll_interval_s
        self._subscribers: set[Subscriber] = set()
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self.looks = 0  # successful looks since start (tests and logs)

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    @property
    def polling(self) -> bool:
        return self._task is not None and not self._task.done()

    def subscribe(self, facts_filter: FactFilter) -> Subscriber:
        subscriber = Subscriber(facts_filter)
        self._subscribers.add(subscriber)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._poll())
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)
        if not self._subscribers and self._task is not None:
            self._task.cancel()
            self._task = None

    def wake(self) -> None:
        """A write in this process committed: look now rather than at the next tick."""
        self._wake.set()

    async def stop(self) -> None:
        task, self._task = self._task, None
        self._subscribers.clear()
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _poll(self) -> None:
        seen: dict[str, dt.datetime] = {}  # ids handed out (or older than the first look) -> addedAt
        start = await self._now()  # facts added before the first subscriber are not news
        since = start - dt.timedelta(seconds=GRACE_S)
        while True:
            try:
                since = await self._look(since, start, seen)
                start = None
                self.looks += 1
            except DatabaseError as error:  # Neo4j away or failing: keep our place, try again next tick
                log.debug("factsAdded look failed: %s", error.message)
            except Exception:  # noqa: BLE001 - the poller must outlive any one bad look
                log.exception("factsAdded look failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval_s)

    async def _now(self) -> dt.datetime:
        """Neo4j's clock (the one `addedAt` uses), or this host's while Neo4j is away."""
        try:
            rows = await self._reader().rows("RETURN datetime() AS now")
            return rows[0]["now"].to_native()
        except DatabaseError:
            return dt.datetime.now(dt.UTC)

    async def _look(self, since: dt.datetime, start: dt.datetime | None, seen: dict[str, dt.datetime]) -> dt.datetime:
        """Hand out the facts added since `since` that were not handed out yet; return the next look's `since`.
        A fact counts as seen only once delivered, so a look that fails halfway is redone in full."""
        reader = self._reader()
        rows = await reader.rows(ADDED_SINCE, since=since)
        now: dt.datetime = rows[0]["now"].to_native()
        fresh: dict[str, dt.datetime] = {}
        for item in rows[0]["added"]:
            if item["id"] is not None and item["id"] not in seen:
                at = item["at"].to_native()
                if start is not None and at < start:
                    seen[item["id"]] = at  # already there when the first subscriber came
                else:
                    fresh[item["id"]] = at
        ids = list(fresh)
        for i in range(0, len(ids), DETAIL_BATCH):
            batch = ids[i : i + DETAIL_BATCH]
            for fact in await reader.rows(DESCRIBE, ids=batch):
                for subscriber in list(self._subscribers):
                    if subscriber.filter.matches(fact):
                        subscriber.offer(fact)
            seen.update((fact_id, fresh[fact_id]) for fact_id in batch)
        next_since = now - dt.timedelta(seconds=GRACE_S)
        for fact_id in [fact_id for fact_id, at in seen.items() if at < next_since]:
            del seen[fact_id]
        return next_since
