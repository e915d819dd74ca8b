"""Fetching pages and feeds with httpx: bounded time, redirects and size; conditional GET; one host at a pace.

Every failure is a `FetchError` naming the URL and what went wrong (timeout, too large, HTTP status,
refused connection), so `khabar ingest` / `watch` report it on one line and go on with the others.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from extract.reader import ArticleError
from graph.settings import Settings, load_settings

# names the crawler, so a site that wants it gone can tell who it is
USER_AGENT = "Khabar/0.1 (news knowledge graph crawler)"
MAX_REDIRECTS = 5


class FetchError(ArticleError):
    """A URL that could not be fetched; ``transient`` when trying again later may work (timeouts, 5xx, 429)."""

    def __init__(self, url: str, message: str, *, transient: bool = False):
        super().__init__(url, message)
        self.transient = transient


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 when the conditional GET says nothing changed
    content: bytes
    etag: str | None
    last_modified: str | None


class Fetcher:
    """One httpx client for a run. Requests to one host are spaced by ``interval`` seconds (sites throttle or ban
    crawlers that hammer them); different hosts do not wait for each other."""

    def __init__(self, settings: Settings | None = None, *, max_bytes: int | None = None,
                 interval: float | None = None, timeout: float | None = None):
        settings = settings or load_settings()
        self.max_bytes = max_bytes or settings.max_page_bytes
        self.interval = settings.fetch_interval_s if interval is None else interval
        timeout = timeout or settings.fetch_timeout_s
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True,
                                    max_redirects=MAX_REDIRECTS,
                                    headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def _wait_turn(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(host, now - self.interval) + self.interval
            self._last[host] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5") -> Fetched:
        """GET ``url``; with ``etag``/``last_modified`` a conditional GET (304 comes back as status 304, no body)."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self._wait_turn(url)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                final = str(response.url)
                if response.status_code == 304:
                    return Fetched(final, 304, b"", response.headers.get("ETag") or etag,
                                   response.headers.get("Last-Modified") or last_modified)
                if response.status_code >= 400:
                    transient = response.status_code >= 500 or response.status_code == 429
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                                     transient=transient)
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(url, self._too_large(f"{declared} bytes announced"))
                body = bytearray()
                # streamed and cut off: a server that lies about (or omits) its length cannot fill the memory
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(url, self._too_large(f"more than {self.max_bytes} bytes received"))
                return Fetched(final, response.status_code, bytes(body), response.headers.get("ETag"),
                               response.headers.get("Last-Modified"))
        except FetchError:
            raise
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {self._client.timeout.read:g} s (KHABAR_FETCH_TIMEOUT_S)",
                             transient=True) from None
        except httpx.TooManyRedirects:
            raise FetchError(url, f"more than {MAX_REDIRECTS} redirects") from None
        except httpx.UnsupportedProtocol:
            raise FetchError(url, "not an http(s) URL") from None
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"invalid URL: {exc}") from None
        except httpx.HTTPError as exc:  # refused, reset, DNS...: the reason in one line, no traceback
            raise FetchError(url, f"cannot fetch: {type(exc).__name__}: {exc}", transient=True) from None

    def _too_large(self, what: str) -> str:
        return f"response too large: {what}, at most {self.max_bytes} (KHABAR_MAX_PAGE_BYTES)"


def fetch_page(fetcher: Fetcher, url: str, *, title: str | None = None, published: str | None = None):
    """The page at ``url`` as a `Page` for the extractor (raises FetchError naming the URL)."""
    from extract.web import Page

    got = fetcher.get(url)
    return Page(url=got.url, html=got.content, title=title, published=published)
