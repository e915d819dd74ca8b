"""`khabar watch`: follow RSS/Atom feeds (feedparser), fetch entries never seen before, ingest them.

State (one small JSON file, default KHABAR_STATE_DIR/watch.json) remembers per feed its ETag and
Last-Modified, for conditional GETs, and the ids and links of the entries already ingested, so an
entry is ingested once whatever feed or round it appears in. A feed's validators are saved only
when all its new entries were dealt with: an entry that failed for a passing reason (timeout, 5xx,
database away) makes the next round fetch the whole feed again and retry it.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract.fetch import Fetcher, FetchError, fetch_page
from extract.web import Page, canonical_url

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
MAX_SEEN = 20_000  # remembered keys; the oldest are dropped (feeds list recent entries only)


@dataclass
class Entry:
    key: str  # the entry's id when it has one, else its canonical link
    link: str
    title: str | None
    published: str | None


@dataclass
class WatchReport:
    rounds: int = 0
    polled: int = 0
    unchanged: int = 0  # answered 304 Not Modified
    new_entries: int = 0
    articles: int = 0
    entities: int = 0
    facts: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class WatchState:
    """The state file: {"feeds": {url: {"etag", "last_modified"}}, "seen": {key: first-seen ISO time}}."""

    def __init__(self, path: Path):
        self.path = path
        data: dict[str, Any] = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ValueError(f"{path}: unreadable watch state ({exc}); delete it to start afresh") from None
        self.feeds: dict[str, dict[str, str | None]] = data.get("feeds", {})
        self.seen: dict[str, str] = data.get("seen", {})

    def is_seen(self, entry: Entry) -> bool:
        return entry.key in self.seen or entry.link in self.seen

    def mark_seen(self, entry: Entry) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.seen.setdefault(entry.key, now)
        self.seen.setdefault(entry.link, now)

    def save(self) -> None:
        if len(self.seen) > MAX_SEEN:
            self.seen = dict(sorted(self.seen.items(), key=lambda kv: kv[1])[-MAX_SEEN:])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"feeds": self.feeds, "seen": self.seen}, ensure_ascii=False, indent=1),
                       encoding="utf-8")
        os.replace(tmp, self.path)  # atomic: a run stopped mid-write leaves the previous state, not half a file


def _date(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def parse_feed(url: str, content: bytes) -> list[Entry]:
    """Entries of an RSS or Atom document (links resolved against the feed URL); FetchError if it is no feed."""
    import feedparser

    parsed = feedparser.parse(content, response_headers={"content-location": url})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed, "bozo_exception", None) or "no RSS or Atom entries"
        raise FetchError(url, f"not a readable feed: {reason}")
    entries = []
    for e in parsed.entries:
        link = e.get("link")
        if not link:
            continue  # an entry with nothing to fetch
        link = canonical_url(link)
        entries.append(Entry(key=e.get("id") or link, link=link, title=e.get("title"),
                             published=_date(e.get("published_parsed") or e.get("updated_parsed"))))
    return entries


async def watch(feeds: list[str], *, state_path: Path, once: bool = False, interval: float = 900.0,
                driver=None, database: str | None = None, console=None, jobs: int | None = None,
                fetcher: Fetcher | None = None) -> WatchReport:
    """Poll every feed, ingest new entries (the same path as `khabar ingest`); repeat every ``interval`` seconds
    unless ``once``."""
    from rich.console import Console

    from graph.settings import load_settings

    console = console or Console(stderr=True)
    settings = load_settings()
    database = database or settings.neo4j_database
    state = WatchState(state_path)
    report = WatchReport()
    own_driver, own_fetcher = driver is None, fetcher is None
    if own_driver:
        from graph.db import open_driver

        driver = open_driver(settings)
    fetcher = fetcher or Fetcher(settings)
    try:
        while True:
            report.rounds += 1
            for feed in feeds:
                await _one_feed(feed, state, fetcher, report, console=console, driver=driver, database=database,
                                jobs=jobs)
            if once:
                break
            console.print(f"round {report.rounds} done: {report.articles} article(s) so far; next in {interval:g} s")
            await asyncio.sleep(interval)
    finally:
        if own_fetcher:
            fetcher.close()
        if own_driver:
            await driver.close()
    return report


async def _one_feed(feed: str, state: WatchState, fetcher: Fetcher, report: WatchReport, *, console,
                    driver, database: str, jobs: int | None) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from extract.ingest import ingest

    known = state.feeds.get(feed, {})
    report.polled += 1
    try:
        got = await asyncio.to_thread(fetcher.get, feed, etag=known.get("etag"),
                                      last_modified=known.get("last_modified"), accept=FEED_ACCEPT)
        if got.status == 304:
            report.unchanged += 1
            return
        entries = parse_feed(feed, got.content)
    except FetchError as exc:
        report.failures.append(str(exc))
        return
    new = [e for e in entries if not state.is_seen(e)]
    new = list({e.key: e for e in new}.values())  # an entry listed twice in one feed is still one
    report.new_entries += len(new)
    console.print(f"{feed}: {len(entries)} entries, {len(new)} new")
    retry_later = False
    pages: list[tuple[Entry, Page]] = []
    if new:
        with Progress(TextColumn("[bold]{task.description:<7}[/bold]"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=False) as progress:
            task = progress.add_task("fetch", total=len(new))
            for entry in new:
                try:
                    page = await asyncio.to_thread(fetch_page, fetcher, entry.link, title=entry.title,
                                                   published=entry.published)
                    pages.append((entry, page))
                except FetchError as exc:
                    report.failures.append(f"{exc} (entry of {feed})")
                    if exc.transient:
                        retry_later = True
                    else:
                        state.mark_seen(entry)  # a page that is too large or gone stays so: not refetched
                progress.advance(task)
    if pages:
        result = await ingest([p for _e, p in pages], driver=driver, database=database, jobs=jobs, console=console)
        report.articles += result.articles
        report.entities += result.entities
        report.facts += result.facts
        report.failures += result.failures
        unfinished = set(result.not_attempted) | ({result.stopped_at} if result.stopped_at else set())
        if result.stopped:
            report.failures.append(f"stopped at {result.stopped}")
        for entry, page in pages:
            if str(page) in unfinished:
                retry_later = True
            else:  # loaded, or failed for a reason of its own (extraction, validation): done either way
                state.mark_seen(entry)
    if not retry_later:
        state.feeds[feed] = {"etag": got.etag, "last_modified": got.last_modified}
    state.save()
