"""Article input: plain text (+ sidecar NAME.json or flags), Markdown with YAML front matter, JSON.

The body kept after removing page furniture (breaking tags, "link copied", share
and follow lines, photo credits and captions) is the article text that is stored;
every evidence offset points into it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from extract.datafiles import load_yaml
from extract.normalize import ARABIC_RE, normalize
from graph.dates import PartialDate
from graph.settings import load_settings

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"
_TERMINAL = re.compile(r"[.!?؟:…\"”»']\s*$")


class ArticleError(Exception):
    """A file that cannot be read or parsed; the message names the file."""

    def __init__(self, path: Path | str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.reason = message


@dataclass
class Article:
    id: str
    title: str
    text: str
    language: str
    published: str | None = None
    published_inferred: bool = False
    published_note: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    removed: list[str] = field(default_factory=list)  # furniture lines kept out of the body


@lru_cache(maxsize=1)
def _furniture() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    data = load_yaml(PATTERNS_DIR / "furniture.yaml")
    lines = frozenset(_line_key(x) for x in data.get("lines", []))
    return lines, tuple(re.compile(p) for p in data.get("patterns", []))


def _line_key(line: str) -> str:
    text = normalize(line)
    text = re.sub(r"^[\s\W_]+|[\s\W_]+$", "", text)
    return re.sub(r"\s+", " ", text)


def is_furniture(line: str) -> bool:
    lines, patterns = _furniture()
    k = _line_key(line)
    if not k:
        return False
    return k in lines or any(p.match(k) for p in patterns)


def detect_language(text: str) -> str:
    arabic = len(ARABIC_RE.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "ar" if arabic >= latin else "en"


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s


def article_id(stem: str | None, text: str) -> str:
    s = slug(stem or "")
    return s or "article-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _is_caption(line: str, next_line: str | None) -> bool:
    """A short line without final punctuation that repeats the start of the next one (image alt text)."""
    stripped = line.strip()
    if not stripped or _TERMINAL.search(stripped):
        return False
    if not next_line:
        return False
    return _line_key(next_line).startswith(_line_key(stripped)) and len(next_line.strip()) > len(stripped)


def clean_body(lines: list[str], removed: list[str]) -> str:
    """Drop furniture and image captions; keep paragraphs separated by one blank line."""
    kept = []
    for line in lines:
        if is_furniture(line):
            removed.append(line.strip())
            continue
        kept.append(line.rstrip())
    # captions: short lines before the first real paragraph (>= 12 words), or prefixes of the next line
    first_par = next((i for i, ln in enumerate(kept) if len(ln.split()) >= 12), len(kept))
    out: list[str] = []
    nonempty = [ln for ln in kept if ln.strip()]
    for i, line in enumerate(kept):
        nxt = next((ln for ln in kept[i + 1:] if ln.strip()), None)
        if line.strip() and i < first_par and (
            _is_caption(line, nxt) or (len(line.split()) <= 8 and not _TERMINAL.search(line) and '"' in line)
        ) and len(nonempty) > 1:
            removed.append(line.strip())
            continue
        out.append(line)
    text = "\n".join(out)
    text = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text)
    return text.strip()


def _split_title(lines: list[str], removed: list[str]) -> tuple[str, list[str]]:
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if is_furniture(line):
            removed.append(line.strip())
            continue
        title = re.sub(r"^\s*(?:عاجل|breaking)\s*[:|\-–]\s*", "", line.strip(), flags=re.I)
        return title, lines[i + 1:]
    return "", []


def _meta_from(data: dict, path: Path) -> dict:
    meta = {}
    for k in ("title", "source", "url", "language"):
        if data.get(k) is not None:
            meta[k] = str(data[k])
    if data.get("published"):
        meta["published"] = str(data["published"])
    elif data.get("published_inferred"):
        meta["published"] = str(data["published_inferred"])
        meta["published_inferred"] = True
        meta["published_note"] = data.get("notes")
    if "published" in meta:
        try:
            meta["published"] = str(PartialDate.parse(meta["published"][:10]))
        except ValueError as exc:
            raise ArticleError(path, f"bad published date: {exc}") from None
    return meta


def read_article(path: str | Path, **overrides: str | None) -> Article:
    """Read one article file; ``overrides`` (published, source, url, language) come from CLI flags."""
    path = Path(path)
    try:
        size = path.stat().st_size
        limit = load_settings().max_article_bytes
        if size > limit:  # refused before reading: extraction time and memory grow with the text
            raise ArticleError(path, f"article too large: {size} bytes, at most {limit} (KHABAR_MAX_ARTICLE_BYTES); "
                                     "split it into articles or raise the limit")
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise ArticleError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot read: {exc.strerror or exc}") from None
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    removed: list[str] = []
    meta: dict = {}
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ArticleError(path, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
        except RecursionError:
            raise ArticleError(path, "invalid JSON: nested too deeply") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"].strip():
            raise ArticleError(path, "JSON article needs a non-empty 'text' field")
        meta = _meta_from(data, path)
        lines = data["text"].replace("\r\n", "\n").split("\n")
        title = meta.get("title")
        if not title:
            title, lines = _split_title(lines, removed)
    elif suffix in (".md", ".markdown"):
        body = raw
        m = re.match(r"^---\s*\n(.*?)\n---\s*(?:\n|$)", raw, re.S)
        if m:
            try:
                data = yaml.safe_load(m.group(1)) or {}
            except yaml.YAMLError as exc:
                raise ArticleError(path, f"invalid YAML front matter: {exc}") from None
            if not isinstance(data, dict):
                raise ArticleError(path, "YAML front matter must be a mapping")
            meta = _meta_from({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}, path)
            body = raw[m.end():]
        lines = body.split("\n")
        title = meta.get("title")
        # a leading "# heading" is the title
        for i, line in enumerate(lines):
            if line.strip():
                if line.lstrip().startswith("#"):
                    title = title or line.lstrip("# ").strip()
                    lines = lines[i + 1:]
                break
        if not title:
            title, lines = _split_title(lines, removed)
        lines = [re.sub(r"^#{1,6}\s+", "", ln) for ln in lines]
    else:
        title, lines = _split_title(raw.split("\n"), removed)
        sidecar = path.with_suffix(".json")
        if sidecar.exists() and sidecar != path:
            try:
                meta = _meta_from(json.loads(sidecar.read_text(encoding="utf-8")), sidecar)
            except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
                raise ArticleError(sidecar, f"invalid sidecar JSON: {exc or 'nested too deeply'}") from None
            meta.pop("title", None)
    text = clean_body(lines, removed)
    if not text:
        raise ArticleError(path, "no article body after the title")
    for k, v in overrides.items():
        if v:
            meta[k] = v
            if k == "published":
                meta["published_inferred"] = False
                try:
                    meta["published"] = str(PartialDate.parse(v))
                except ValueError as exc:
                    raise ArticleError(path, f"bad --published: {exc}") from None
    language = meta.get("language") or detect_language(text)
    if language not in ("ar", "en"):
        raise ArticleError(path, f"unsupported language {language!r} (ar or en)")
    return Article(
        id=article_id(path.stem, text), title=title or text.split("\n", 1)[0][:120], text=text,
        language=language, published=meta.get("published"),
        published_inferred=bool(meta.get("published_inferred")), published_note=meta.get("published_note"),
        source=meta.get("source"), url=meta.get("url"), path=str(path), removed=removed,
    )


def read_text(raw: str, origin: str, *, title: str | None = None, **overrides: str | None) -> Article:
    """An article given as a string (the API's `ingestArticle(input: {text})`): its first line is the title unless
    `title` is given; furniture is dropped as for files; `overrides` (published, source, url, language) are its
    metadata. Its id is the hash of its normalized text, as for web pages, so the same text sent twice, or also
    fetched from its URL, is one Article."""
    from extract.web import web_article_id

    size = len(raw.encode("utf-8"))
    limit = load_settings().max_article_bytes
    if size > limit:
        raise ArticleError(origin, f"article too large: {size} bytes, at most {limit} (KHABAR_MAX_ARTICLE_BYTES)")
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    removed: list[str] = []
    lines = raw.split("\n")
    if not title or not title.strip():
        title, lines = _split_title(lines, removed)
    text = clean_body(lines, removed)
    if not text:
        raise ArticleError(origin, "no article body (after the title line, when no title is given)")
    meta = {k: v for k, v in overrides.items() if v}
    if "published" in meta:
        try:
            meta["published"] = str(PartialDate.parse(meta["published"]))
        except ValueError as exc:
            raise ArticleError(origin, f"bad published date: {exc}") from None
    language = meta.get("language") or detect_language(text)
    if language not in ("ar", "en"):
        raise ArticleError(origin, f"unsupported language {language!r} (ar or en)")
    return Article(id=web_article_id(text), title=title.strip() or text.split("\n", 1)[0][:120], text=text,
                   language=language, published=meta.get("published"), source=meta.get("source"),
                   url=meta.get("url"), path=origin, removed=removed)
