"""Normalization for matching, and the map back to original offsets."""

from extract.normalize import Normalized, key, normalize, stems


def test_arabic_forms_unified():
    assert normalize("أإآٱ") == "اااا"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("زيارة") == "زياره"
    assert normalize("سُئِل") == "سيل"  # diacritics removed, ئ -> ي
    assert normalize("كـــوريا") == "كوريا"  # tatweel removed
    assert normalize("Moscow") == "moscow"


def test_offsets_map_back_to_the_original():
    text = "وسُئل المتحدث باسم الكرملين"
    norm = Normalized(text)
    i = norm.text.index("المتحدث")
    s, e = norm.span(i, i + len("المتحدث"))
    assert text[s:e] == "المتحدث"
    tok = norm.tokens[0]
    assert text[tok.start:tok.end] == "وسُئل"


def test_tokens_keep_original_spans_with_diacritics_and_tatweel():
    text = "وَصَلَ لافـروف"
    norm = Normalized(text)
    assert [text[t.start:t.end] for t in norm.tokens] == ["وَصَلَ", "لافـروف"]
    assert [t.text for t in norm.tokens] == ["وصل", "لافروف"]


def test_proclitics_are_offered_as_alternatives():
    assert ("روسيا", 1) in stems("لروسيا")
    assert ("كرملين", 2) in stems("للكرملين")
    assert stems("وروسيا")[1][0] == "روسيا"
    assert key("بيونغ") == key("بيونج")  # transliteration letters unified
