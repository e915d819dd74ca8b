"""The curated registry: names, aliases, transliteration variants, adjectives, fuzzy matching."""

from extract.normalize import Normalized
from extract.registry import default_registry


def ids(text):
    return [m.entity for m in default_registry().match(Normalized(text))]


def test_transliteration_variants_resolve_to_one_person():
    for text in ("سيرغي لافروف", "سيرجي لافروف", "Sergey Lavrov", "لافروف"):
        assert ids(text) == ["person:sergei-lavrov"], text
    assert ids("دميتري بيسكوف") == ids("ديمتري بيسكوف") == ["person:dmitry-peskov"]
    assert ids("بيونغ يانغ") == ids("بيونج يانج") == ids("بيونغيانغ") == ["place:pyongyang"]


def test_fuzzy_matching_catches_unlisted_spellings():
    found = default_registry().match(Normalized("وصل سيرغاي شويگو"))
    assert [m.entity for m in found] == ["person:sergei-shoigu"]


def test_adjectives_and_proclitics_resolve_to_countries():
    assert ids("وزير الخارجية الروسي") == ["country:RU"]
    assert ids("الزعيم الكوري الشمالي") == ["country:KP"]
    assert ids("الأقمار الصناعية الكورية الجنوبية") == ["country:KR"]
    assert ids("ولروسيا") == ["country:RU"]


def test_longest_match_wins():
    assert ids("وزارة الخارجية الروسية") == ["org:ru-foreign-ministry"]
    assert ids("جمهورية كوريا الديمقراطية الشعبية") == ["country:KP"]


def test_all_caps_aliases_are_case_sensitive():
    assert ids("the US said") == ["country:US"]
    assert ids("let us go") == []


def test_dated_roles():
    shoigu = default_registry().get("person:sergei-shoigu")
    from graph.dates import PartialDate

    active = [r.title for r in shoigu.roles if r.active(PartialDate.parse("2025-07"))]
    assert active == ["Secretary of the Security Council"]
