"""Search keys (pure functions): folding, search terms, running text for the fulltext index, highlighting."""

from __future__ import annotations

from graph.text import find_spans, fold, search_terms, search_text


def test_fold_unifies_arabic_variants_and_case() -> None:
    assert fold("أَحْمَد إبراهيم آل") == fold("احمد ابراهيم ال")
    assert fold("مُدِيرَة") == fold("مديره")
    assert fold("مصطفى") == fold("مصطفي")
    assert fold("بيونغ يانغ") == fold("بيونج يانج") == "بيونج يانج"
    assert fold("Pyongyang, KCNA!") == "pyongyang kcna"
    assert fold("تـــطـويـر") == fold("تطوير")


def test_search_terms_cover_spaces_and_articles() -> None:
    terms = search_terms("بيونغ يانغ", "Pyongyang", None)
    assert "بيونج يانج" in terms and "بيونجيانج" in terms and "pyongyang" in terms
    assert "روسي" in search_terms("الروسي")


def test_search_text_adds_bare_words_after_proclitics() -> None:
    words = search_text("زيارات لبيونغ يانغ والعسكرية وكيم ليم").split()
    assert {"لبيونج", "بيونج", "والعسكريه", "عسكريه", "وكيم", "كيم", "ليم"} <= set(words)
    assert "يم" not in words  # a three-letter name is not cut


def test_find_spans_map_back_to_the_original_spelling() -> None:
    text = "وصل لافروف إلى بِيُونْغ يَانْغ، ثم Pyongyang"
    spans = find_spans(text, ["بيونج", "يانج", "pyongyang"])
    assert [text[a:b] for a, b in spans] == ["بِيُونْغ", "يَانْغ", "Pyongyang"]


def test_fold_unifies_digit_scripts_and_drops_thousands_separators() -> None:
    assert fold("6500") == fold("6,500") == fold("6.500") == fold("٦٥٠٠") == fold("٦٬٥٠٠") == fold("۶۵۰۰") == "6500"
    assert fold("1,234,567") == "1234567"
    assert fold("3.5 و 2025, 11") == "3 5 و 2025 11"  # a decimal point or a list comma is not a separator


def test_find_spans_of_numbers_cover_the_original_digits() -> None:
    text = "مسافة ٦٬٥٠٠ كيلومتر، أي 6,500 km"
    spans = find_spans(text, [fold("6500")])
    assert [text[a:b] for a, b in spans] == ["٦٬٥٠٠", "6,500"]
