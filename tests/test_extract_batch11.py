"""Rules added in batch 11 (visits under way told with a "now" word, statements inside a speech noun); short
sentences written for these tests."""

from extract.pipeline import extract_text


def facts(text, pub, lang, typ):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == typ]


def test_arabic_visit_now_is_ongoing():
    vs = facts("يزور وزير الدفاع الروسي أندريه بيلوسوف حاليا العاصمة الكورية الشمالية بيونغ يانغ.",
               "2025-06-18", "ar", "visit")
    assert [v.status for v in vs] == ["ongoing"]


def test_english_is_visiting_this_week_is_ongoing():
    vs = facts("Russian Deputy Prime Minister Alexander Kozlov is visiting Pyongyang this week to discuss trade.",
               "2025-07-22", "en", "visit")
    assert [v.status for v in vs] == ["ongoing"]


def test_a_planned_visit_with_now_word_stays_planned():
    vs = facts("Russian Foreign Minister Sergei Lavrov will visit Pyongyang next month, currently planned for two"
               " days.", "2025-07-22", "en", "visit")
    assert [v.status for v in vs] != ["ongoing"]


def test_statement_inside_a_speech_noun_has_the_speaker_of_the_noun():
    ss = facts('وألقى بيلوسوف كلمة في حفل استقبال أكد فيها أن موسكو "لن تنسى مشاركة الجنود".',
               "2025-06-18", "ar", "statement")
    assert [s.speaker for s in ss] == ["person:andrei-belousov"]
