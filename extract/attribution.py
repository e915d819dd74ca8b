"""Who reported what: the outlet a piece of evidence attributes its words to.

A fact's evidence is attributed to a news agency or outlet the registry knows (subkind news_agency or media)
when the sentence holding the evidence names that outlet next to an attribution cue: "according to KCNA",
"told AFP", "TASS reported", "بحسب ما أوردته وكالة الأنباء الصومالية (صونا)", "أفادت قناة القاهرة الإخبارية",
"وأضاف لوكالة فرانس برس". An outlet merely mentioned ("a KCNA photographer") attributes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from loaders.document import Evidence

OUTLET_KINDS = ("news_agency", "media")

# A cue right before the outlet (within the same clause): verbs of reporting and "according to".
_BEFORE = re.compile(
    r"(?:\b(?:according\s+to|told|reported\s+by|cited\s+by|quoted\s+by|said\s+to|in\s+(?:a|an)\s+\w+\s+to|"
    r"(?:said|reported|stated)\s+(?:in\s+a\s+statement\s+)?(?:to|on))"
    r"|(?:^|[\s(«\"“])[وف]?(?:بحسب|حسب|وفق[اًا]*\s*ل?|نقل[اًا]*\s+عن|نقلت(?:ه|ها)?|أفاد(?:ت)?|افاد(?:ت)?|"
    r"ذكر(?:ت|ته|تها)?|أورد(?:ت|ته|تها)?|اورد(?:ت|ته|تها)?|قال(?:ت)?|أكد(?:ت)?|اكد(?:ت)?|أعلن(?:ت)?|"
    r"أضاف(?:ت)?|وأضاف(?:ت)?|صرح(?:ت)?|تصريح(?:ات)?|أشار(?:ت)?|بث(?:ت)?|نشر(?:ت)?|ما))"
    r"[^.،,;:!?؟\n]{0,40}$",
    re.IGNORECASE,
)
# A cue right after the outlet: "KCNA said", "AFP reported", "TASS quoted".
_AFTER = re.compile(
    r"^[\s\"”»)]*(?:\([^)]{1,20}\)\s*)?(?:said|says|reported|reports|quoted|cited|announced|stated|wrote)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?؟\n]")


@dataclass(frozen=True)
class Outlet:
    """A mention of a known outlet: its entity id, where it is, and the letters glued before it ("ل")."""

    entity: str
    start: int
    end: int
    proclitic: str = ""


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENTENCE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def cued(text: str, outlet: Outlet, sentence_start: int) -> bool:
    """Does an attribution cue stand next to this outlet mention?"""
    if "ل" in outlet.proclitic:  # "لوكالة فرانس برس": told to the agency
        return True
    before = text[sentence_start : outlet.start]
    return bool(_BEFORE.search(before) or _AFTER.match(text[outlet.end : outlet.end + 40]))


def reporter(text: str, evidence: Evidence, outlets: Iterable[Outlet]) -> str | None:
    """The outlet the evidence's sentence attributes it to, or None (the nearest cued outlet wins)."""
    start, end = _sentence(text, evidence.start)
    candidates = [o for o in outlets if start <= o.start and o.end <= end and cued(text, o, start)]
    if not candidates:
        return None
    return min(candidates, key=lambda o: (abs(o.start - evidence.start), o.start)).entity


def attribute(text: str, evidence_lists: Iterable[list[Evidence]], outlets: list[Outlet]) -> None:
    """Set `reportedBy` on every evidence whose sentence attributes it to an outlet."""
    if not outlets:
        return
    for items in evidence_lists:
        for item in items:
            if item.reported_by is None:
                item.reported_by = reporter(text, item, outlets)
