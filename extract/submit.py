"""Articles submitted over the API (`ingestArticle`): text, a saved page's HTML, or a URL to fetch, plus metadata.

Each goes through the same pipeline as `khabar ingest`: read (extract/reader.py, extract/web.py; fetching with
extract/fetch.py and its time, redirect and size limits) -> extract -> check -> one transaction
(extract/ingest.store). Every refusal is a `SubmissionError` naming the input field at fault; nothing is written
unless the whole article is.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from neo4j import AsyncDriver

from extract.ingest import Stored, extract_article, store
from extract.reader import Article, ArticleError, read_text
from extract.web import is_url, read_html
from graph.settings import Settings
from loaders.load import ensure_schema

MAX_URL_CHARS = 2048


@dataclass(frozen=True)
class Submission:
    text: str | None = None
    html: str | None = None
    url: str | None = None  # the article's URL; fetched when neither text nor html is given
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None


class SubmissionError(Exception):
    """`field` is the input's path (`input.text`); `code` BAD_USER_INPUT, or FETCH_FAILED / EXTRACTION_FAILED."""

    def __init__(self, field: str, message: str, code: str = "BAD_USER_INPUT", retryable: bool = False) -> None:
        super().__init__(message)
        self.field, self.message, self.code, self.retryable = field, message, code, retryable


def _within(field: str, value: str, limit: int, setting: str) -> None:
    size = len(value.encode("utf-8"))
    if size > limit:
        raise SubmissionError(field, f"{size} bytes, at most {limit} ({setting})")


def check(sub: Submission, settings: Settings) -> None:
    """Shape and sizes, before anything is fetched or extracted."""
    given = [name for name in ("text", "html") if getattr(sub, name) is not None]
    if len(given) > 1:
        raise SubmissionError("input", "give the article as one of text, html or url, not both text and html")
    if not given and sub.url is None:
        raise SubmissionError("input", "give the article: text, html, or a url to fetch")
    if sub.text is not None:
        _within("input.text", sub.text, settings.max_article_bytes, "KHABAR_MAX_ARTICLE_BYTES")
        if not sub.text.strip():
            raise SubmissionError("input.text", "empty")
    if sub.html is not None:
        _within("input.html", sub.html, settings.max_page_bytes, "KHABAR_MAX_PAGE_BYTES")
    if sub.url is not None:
        if len(sub.url) > MAX_URL_CHARS:
            raise SubmissionError("input.url", f"{len(sub.url)} characters, at most {MAX_URL_CHARS}")
        if not is_url(sub.url):
            raise SubmissionError("input.url", f"not an http(s) URL: {sub.url[:80]!r}")
    for name in ("title", "outlet"):
        value = getattr(sub, name)
        if value is not None and len(value) > settings.max_text_chars:
            raise SubmissionError(f"input.{name}", f"{len(value)} characters; at most {settings.max_text_chars} "
                                                   "(KHABAR_MAX_TEXT_CHARS)")
    if sub.language is not None and sub.language not in ("ar", "en"):
        raise SubmissionError("input.language", f"{sub.language!r}: ar or en (or leave it out to detect it)")


def read(sub: Submission, settings: Settings) -> Article:
    """The Article, as `khabar ingest` would read it from a file, a saved page or a URL (blocking: run in a
    thread)."""
    meta = {"published": sub.published, "source": sub.outlet, "language": sub.language}
    field = "input.text" if sub.text is not None else "input.html" if sub.html is not None else "input.url"
    try:
        if sub.text is not None:
            return read_text(sub.text, field, title=sub.title, url=sub.url, **meta)
        if sub.html is not None:
            art = read_html(sub.html, field, fetched_from=sub.url, url=sub.url, **meta)
        else:
            art = _fetch(sub, settings, meta)
    except SubmissionError:
        raise
    except ArticleError as error:
        raise SubmissionError(field, error.reason) from None
    if sub.title and sub.title.strip():  # what the client says wins over what the page says
        art.title = sub.title.strip()
    return art


def _fetch(sub: Submission, settings: Settings, meta: dict[str, str | None]) -> Article:
    from extract.fetch import Fetcher, FetchError, fetch_page
    from extract.web import read_page

    assert sub.url is not None
    try:
        with Fetcher(settings) as fetcher:
            page = fetch_page(fetcher, sub.url, title=sub.title, published=sub.published)
    except FetchError as error:
        raise SubmissionError("input.url", f"{sub.url}: {error.reason}", code="FETCH_FAILED",
                              retryable=error.transient) from None
    return read_page(page, **meta)


# One extractor per process, built on first use (its registry and cue lists take a second or two to load), used
# by one article at a time: extraction is CPU-bound, so running two at once would gain nothing on the event loop's
# thread pool and the extractor's caches are not meant to be shared by threads.
_extractor = None
_extractor_lock = threading.Lock()


def extract(art: Article) -> tuple:
    global _extractor
    from extract.pipeline import Extractor

    with _extractor_lock:
        if _extractor is None:
            _extractor = Extractor()
        try:
            return extract_article(art, _extractor, art.path or "input")
        except ArticleError as error:
            raise SubmissionError("input", error.reason, code="EXTRACTION_FAILED") from None


_schema_ready: set[int] = set()  # drivers whose database has the constraints and indexes (once per process)


async def submit(driver: AsyncDriver, sub: Submission, settings: Settings) -> Stored:
    """Read, extract and store one submitted article; the graph is unchanged if anything fails."""
    check(sub, settings)
    art = await asyncio.to_thread(read, sub, settings)
    doc, text = await asyncio.to_thread(extract, art)
    if id(driver) not in _schema_ready:
        await ensure_schema(driver, database=settings.neo4j_database)
        await driver.execute_query("CREATE INDEX article_url IF NOT EXISTS FOR (a:Article) ON (a.url)",
                                   database_=settings.neo4j_database)
        _schema_ready.add(id(driver))
    return await store(driver, doc, text, database=settings.neo4j_database)
