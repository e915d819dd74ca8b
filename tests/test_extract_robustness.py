"""The extractor never raises, whatever the text, and what it returns always validates.

Regression cases for crashes found so far, then a property-based test (hypothesis) over
arbitrary and news-like mixed Arabic/Latin text, both languages, with and without a date.
"""

import pytest

from extract.pipeline import extract_text
from loaders.validate import check_document


def extracted_ok(text, language=None, published=None):
    doc = extract_text(text, published=published, language=language)
    assert check_document(doc, text, "text") == []
    for item in [*doc.entities, *doc.facts]:
        for ev in item.evidence:
            assert text[ev.start:ev.end] == ev.quote
    return doc


@pytest.mark.parametrize(("text", "language"), [
    # issue 7: a visit noun as the last token (the cue reader probed the token after it)
    ("The Egyptian foreign minister arrived in Qatar on Tuesday for a two-day visit.", "en"),
    ("The Egyptian foreign minister arrived in Qatar on Tuesday for a two-day visit", "en"),
    ("visit", "en"),
    ("وصل وزير الخارجية المصري إلى الدوحة يوم الثلاثاء في زيارة", "ar"),
    ("زيارة", "ar"),
])
def test_text_ending_on_a_visit_noun(text, language):
    extracted_ok(text, language=language, published="2024-05-01")
    extracted_ok(text, language=language)
