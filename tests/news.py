"""A small news article as a facts document with fresh ids, for tests of what happens when facts arrive."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

TEXT = (
    "Sergei Lavrov arrived in Pyongyang for talks with North Korea. "
    "Dmitry Peskov said Moscow welcomed the talks. "
    "South Korea held an exercise the same day."
)


def _ev(quote: str) -> list[dict[str, Any]]:
    start = TEXT.index(quote)
    return [{"quote": quote, "start": start, "end": start + len(quote)}]


def news_document(tag: str | None = None) -> dict[str, Any]:
    """A visit (Lavrov, RU -> KP), a statement (Peskov, RU) and an event (South Korea), ids unique to `tag`,
    naming persons and countries the seed already holds (so filters by them can be checked first). The visit is
    undated, so the loader never takes it for a visit already in the graph (it would be that fact, not a new one)."""
    tag = tag or uuid.uuid4().hex[:10]
    return {
        "format": "khabar.facts/1",
        "article": {"id": f"test-news-{tag}", "title": f"Lavrov in Pyongyang ({tag})", "language": "en",
                    "published": "2025-07-11", "text": TEXT},
        "entities": [
            {"kind": "person", "id": "person:sergei-lavrov", "name": "Sergei Lavrov", "verified": False,
             "country": "RU", "evidence": _ev("Sergei Lavrov")},
            {"kind": "person", "id": "person:dmitry-peskov", "name": "Dmitry Peskov", "verified": False,
             "country": "RU", "evidence": _ev("Dmitry Peskov")},
            {"kind": "country", "id": "country:RU", "code": "RU", "name": "Russia", "verified": False,
             "evidence": _ev("Moscow")},
            {"kind": "country", "id": "country:KP", "code": "KP", "name": "North Korea", "verified": False,
             "evidence": _ev("North Korea")},
            {"kind": "country", "id": "country:KR", "code": "KR", "name": "South Korea", "verified": False,
             "evidence": _ev("South Korea")},
        ],
        "facts": [
            {"type": "visit", "id": f"visit:test-{tag}-lavrov", "visitor": "person:sergei-lavrov",
             "visitorCountry": "RU", "hostCountry": "KP", "status": "ongoing",
             "evidence": _ev("Sergei Lavrov arrived in Pyongyang for talks with North Korea")},
            {"type": "statement", "id": f"statement:test-{tag}-peskov", "speaker": "person:dmitry-peskov",
             "date": "2025-07-11", "summary": "Moscow welcomed the talks.", "quote": "Moscow welcomed the talks",
             "evidence": _ev("Dmitry Peskov said Moscow welcomed the talks")},
            {"type": "event", "id": f"event:test-{tag}-exercise", "kind": "exercise", "summary": "An exercise.",
             "participants": ["country:KR"], "status": "completed",
             "evidence": _ev("South Korea held an exercise the same day")},
        ],
    }  # fmt: skip


def fact_ids(document: dict[str, Any]) -> dict[str, str]:
    """type -> id of the document's facts."""
    return {fact["type"]: fact["id"] for fact in document["facts"]}


def write_document(folder: Path, document: dict[str, Any]) -> Path:
    path = folder / f"{document['article']['id']}.facts.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
