"""Who reported what: the outlet a piece of evidence attributes its words to.

A fact's evidence is attributed to a news agency or outlet the registry knows (subkind news_agency or media)
when the sentence holding the evidence names that outlet next to an attribution cue: "according to KCNA",
"told AFP", "TASS reported", "بحسب ما أوردته وكالة الأنباء الصومالية (صونا)", "أفادت قناة القاهرة الإخبارية",
"وأضاف لوكالة فرانس برس". An outlet merely mentioned ("a KCNA photographer") attributes nothing.
"""

from __future__ import annotations

import bisect
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


class _Sentences:
    """Where the sentence holding an offset starts and ends, from the text's sentence ends found once (a long
    text has thousands of pieces of evidence: scanning from its start for each was quadratic)."""

    def __init__(self, text: str) -> None:
        self.marks = [m.start() for m in _SENTENCE_END.finditer(text)]
        self.length = len(text)

    def around(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_left(self.marks, pos)  # marks before pos end earlier sentences
        return (self.marks[i - 1] + 1 if i else 0), (self.marks[i] if i < len(self.marks) else self.length)


def cued(text: str, outlet: Outlet, sentence_start: int) -> bool:
    """Does an attribution cue stand next to this outlet mention?"""
    if "ل" in outlet.proclitic:  # "لوكالة فرانس برس": told to the agency
        return True
    before = text[sentence_start : outlet.start]
    return bool(_BEFORE.search(before) or _AFTER.match(text[outlet.end : outlet.end + 40]))


def reporter(text: str, evidence: Evidence, outlets: list[Outlet], sentences: _Sentences) -> str | None:
    """The outlet the evidence's sentence attributes it to, or None (the nearest cued outlet wins). `outlets` in
    the order of their starts, `sentences` those of `text`."""
    start, end = sentences.around(evidence.start)
    first = bisect.bisect_left(outlets, start, key=lambda o: o.start)
    candidates = []
    for outlet in outlets[first:]:
        if outlet.start > end:
            break
        if outlet.end <= end and cued(text, outlet, start):
            candidates.append(outlet)
    if not candidates:
        return None
    return min(candidates, key=lambda o: (abs(o.start - evidence.start), o.start)).entity


def attribute(text: str, evidence_lists: Iterable[list[Evidence]], outlets: list[Outlet]) -> None:
    """Set `reportedBy` on every evidence whose sentence attributes it to an outlet."""
    if not outlets:
        return
    ordered = sorted(outlets, key=lambda o: o.start)
    sentences = _Sentences(text)
    for items in evidence_lists:
        for item in items:
            if item.reported_by is None:
                item.reported_by = reporter(text, item, ordered, sentences)
