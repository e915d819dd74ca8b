"""Long texts: the lookups that made extraction quadratic (sentence bounds from the start of the text, every cue
hit scanned for each hit) now search sorted positions; they must find what the scans found."""

from __future__ import annotations

import random

from extract.attribution import _SENTENCE_END, Outlet, _Sentences, attribute
from extract.context import CueHit, starting_in
from extract.patterns import Phrase
from loaders.document import Evidence


def _sentence_by_scan(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENTENCE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def test_sentence_bounds_match_a_scan_from_the_start() -> None:
    text = "قال الوزير. ثم غادر!\nوأضاف؟ Then he left. no end"
    sentences = _Sentences(text)
    assert [sentences.around(pos) for pos in range(len(text) + 1)] == [
        _sentence_by_scan(text, pos) for pos in range(len(text) + 1)
    ]
    assert _Sentences("no boundary at all").around(5) == (0, len("no boundary at all"))


def test_hits_starting_in_a_range_are_the_filtered_hits() -> None:
    rng = random.Random(3)
    phrase = Phrase(("x",), "x", {})
    hits = sorted((CueHit("visit", t, t + 1, phrase) for t in (rng.randrange(200) for _ in range(80))),
                  key=lambda h: h.tstart)  # fmt: skip
    for lo, hi in [(0, 200), (10, 10), (50, 20), (37, 91), (199, 400), (-5, 3)]:
        assert starting_in(hits, lo, hi) == [h for h in hits if lo <= h.tstart < hi]


def test_attribution_of_a_repeated_text_is_that_of_each_copy() -> None:
    """A cued outlet in each of many copies of a sentence: each piece of evidence takes the outlet of its own copy."""
    sentence = "وأفادت وكالة الأنباء الكورية المركزية بأن الزيارة بدأت. "
    copies = 300
    text = sentence * copies
    at = sentence.index("وكالة")
    outlets = [Outlet("org:kcna" if i % 2 else "org:tass", i * len(sentence) + at,
                      i * len(sentence) + at + len("وكالة الأنباء الكورية المركزية")) for i in range(copies)]
    quote_at = sentence.index("الزيارة")
    evidence = [Evidence(quote="الزيارة", start=i * len(sentence) + quote_at, end=i * len(sentence) + quote_at + 7)
                for i in range(copies)]  # fmt: skip
    attribute(text, [evidence], list(reversed(outlets)))  # any order of outlets
    assert [item.reported_by for item in evidence] == ["org:kcna" if i % 2 else "org:tass" for i in range(copies)]
