"""Web pages in: saved HTML files and fetched pages become the same `Article` read_article returns.

trafilatura finds the main text (menus, share buttons, footers, related-article blocks and
comments left out) and the metadata (title, date, site name, author, language, canonical URL).
The text kept is then put through the reader's own furniture filter, and what comes out is the
article text that is stored and that the extractor reads, so evidence offsets point into it.

Article ids of web pages come from a hash of the normalized main text ("web-" + 16 hex digits),
not from the URL or the file name: the same article saved as a file, fetched from its URL, or
syndicated under another URL gets the same id, so it is one Article node. The same URL whose text
was later edited is matched by its URL at load time (extract/ingest.py), keeping its first id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from extract.reader import Article, ArticleError, clean_body, detect_language
from graph.dates import PartialDate
from graph.settings import load_settings

HTML_SUFFIXES = (".html", ".htm")
_URL = re.compile(r"^https?://", re.I)
# Arabic short vowels, shadda, sukun, superscript alef and tatweel: spelling variants of one text
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")


def is_url(value: str) -> bool:
    return bool(_URL.match(value.strip()))


def canonical_url(url: str) -> str:
    """One spelling per URL (host case, default port, fragment, tracking parameters): the key 'same URL' uses."""
    from courlan import normalize_url

    try:
        return normalize_url(url.strip(), strict=True)
    except ValueError:  # courlan refuses what it cannot parse; the URL as given is still a key
        return url.strip()


def text_key(text: str) -> str:
    """The text with differences that do not make it another article folded away (case, spacing, diacritics)."""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def web_article_id(text: str) -> str:
    return "web-" + hashlib.sha1(text_key(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Page:
    """A fetched page (picklable: it travels to the extraction processes). ``url`` is where it was found after
    redirects; ``title``/``published`` are the feed entry's, used when the page itself does not say."""

    url: str
    html: bytes
    title: str | None = None
    published: str | None = None

    def __str__(self) -> str:  # reports name the page by its URL
        return self.url


def _language(value: str | None) -> str | None:
    if not value:
        return None
    return value.strip().lower().replace("_", "-").split("-")[0] or None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(PartialDate.parse(value.strip()[:10]))
    except ValueError:  # a date trafilatura or a feed gave but we cannot read: treat it as unknown
        return None


def read_html(html: bytes | str, origin: str, *, fetched_from: str | None = None, fallback_title: str | None = None,
              fallback_published: str | None = None, **overrides: str | None) -> Article:
    """One HTML page -> Article. ``origin`` (file path or URL) names the page in errors; ``fetched_from`` is where
    it was fetched (the page's canonical link wins); the fallbacks are a feed entry's, used when the page is
    silent; ``overrides`` (the CLI's --published, --source, --url, --language) win over everything."""
    url, title, published = fetched_from, fallback_title, fallback_published
    import trafilatura
    from trafilatura.settings import set_date_params

    settings = load_settings()
    # no extensive date search: on a page that states no date of its own, htmldate would take one from the URLs
    # of related-article links, and a wrong publication date misplaces every "on Friday" in the text
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, include_images=False, include_links=False,
                                      date_extraction_params=set_date_params(extensive=False),
                                      output_format="python")
    if doc is None or not (doc.text or "").strip():
        raise ArticleError(origin, "no article text found in the page (trafilatura found no main content)")
    title = (doc.title or title or "").strip()
    lines = doc.text.replace("\r\n", "\n").split("\n")
    # trafilatura sometimes keeps the headline as the first line of the body; it is the title, not text
    if lines and title and lines[0].strip() == title:
        lines = lines[1:]
    removed: list[str] = []
    # one blank line between paragraphs, as in the .txt articles the extractor was written on
    text = clean_body([x for ln in lines for x in (ln, "")], removed)
    if not text:
        raise ArticleError(origin, "no article body after the title")
    size = len(text.encode("utf-8"))
    if size > settings.max_article_bytes:  # extraction time and memory grow with the text, as for files
        raise ArticleError(origin, f"article too large: {size} bytes of main text, at most "
                                   f"{settings.max_article_bytes} (KHABAR_MAX_ARTICLE_BYTES)")
    meta: dict[str, str | None] = {
        "published": _date(doc.date) or _date(published),
        "source": (doc.sitename or doc.hostname or None),
        "url": canonical_url(doc.url or url) if (doc.url or url) else None,
        "language": _language(doc.language),
    }
    for k, v in overrides.items():
        if v:
            if k == "published":
                try:
                    v = str(PartialDate.parse(v))
                except ValueError as exc:
                    raise ArticleError(origin, f"bad --published: {exc}") from None
            meta[k] = v
    language = meta["language"] or detect_language(text)
    if language not in ("ar", "en"):
        raise ArticleError(origin, f"unsupported language {language!r} (ar or en)")
    return Article(id=web_article_id(text), title=title or text.split("\n", 1)[0][:120], text=text,
                   language=language, published=meta["published"], source=meta["source"], url=meta["url"],
                   path=origin, removed=removed)


def read_html_file(path: Path, **overrides: str | None) -> Article:
    settings = load_settings()
    try:
        size = path.stat().st_size
        if size > settings.max_page_bytes:  # refused before reading, like an oversized article file
            raise ArticleError(path, f"page too large: {size} bytes, at most {settings.max_page_bytes} "
                                     "(KHABAR_MAX_PAGE_BYTES)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot read: {exc.strerror or exc}") from None
    return read_html(raw, str(path), **overrides)


def read_page(page: Page, **overrides: str | None) -> Article:
    return read_html(page.html, page.url, fetched_from=page.url, fallback_title=page.title,
                     fallback_published=page.published, **overrides)
