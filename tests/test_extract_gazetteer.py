"""The world gazetteer (extract/gazetteer.py) under the curated registry: generated countries, cities, nisba
adjectives and capitals, the overlay winning, and the registry still loading fast."""


import pytest

from extract.gazetteer import load, nisba, nisba_stem
from extract.normalize import Normalized
from extract.pipeline import extract_text
from extract.registry import Registry, default_registry


def ids(text):
    return [m.entity for m in default_registry().match(Normalized(text))]


@pytest.mark.parametrize("name, stem", [
    ("ليبيا", "ليبي"), ("تركيا", "تركي"), ("فرنسا", "فرنسي"), ("السعودية", "سعودي"), ("مصر", "مصري"),
    ("قطر", "قطري"), ("الجزائر", "جزائري"), ("الصومال", "صومالي"), ("إريتريا", "إريتري"), ("اليابان", "ياباني"),
    ("كندا", "كندي"), ("جيبوتي", "جيبوتي"),
])
def test_nisba_of_one_word_country_names(name, stem):
    assert nisba_stem(name) == stem
    assert nisba(name)[:4] == ["ال" + stem, "ال" + stem + "ة", "ال" + stem + "ين", "ال" + stem + "ون"]


def test_nisba_of_multiword_country_names_declines_each_word():
    assert nisba("كوريا الشمالية")[:2] == ["الكوري الشمالي", "الكورية الشمالية"]
    assert "الجنوب أفريقي" in nisba("جنوب أفريقيا") and "جنوب الأفريقية" in nisba("جنوب أفريقيا")
    assert "الأوزبكي" in nisba("أوزبكستان") and "الباكي" not in nisba("باكستان")
    assert nisba("غينيا بيساو") == [] and nisba("جمهورية الدومينيكان") == []


def test_gazetteer_countries_and_cities_resolve():
    assert ids("قطر") == ids("Qatar") == ["country:QA"]
    assert ids("الجزائر") == ["country:DZ"] and ids("جنوب أفريقيا") == ["country:ZA"]
    assert ids("الرئيس الجزائري") == ["country:DZ"] and ids("الوفد القطري") == ["country:QA"]
    assert ids("الدوحة") == ["place:doha"] and ids("جدة") == ["place:jeddah"]
    assert ids("سمرقند") == ["place:samarkand"] and ids("أسمرة") == ["place:asmara"]
    assert ids("وصل إلى طرابلس") == ["place:tripoli"]  # Tripoli LY, the most populous
    e = default_registry().get("place:doha")
    assert e.country == "QA" and e.subkind == "capital" and 25 < e.lat < 26 and e.population > 100_000


def test_common_words_are_not_cities():
    for text in ("أجرى الوزير محادثات", "سلطات البلاد", "الدولة", "بأنه", "وأن", "لأول مرة", "صور", "العين",
                 "the nice weather", "Reading the report"):
        assert [i for i in ids(text) if i.startswith("place:")] == [], text


def test_a_gazetteer_capital_as_actor_is_its_country():
    doc = extract_text("وأعلنت الدوحة أنها ستستضيف جولة جديدة من المحادثات.", published="2024-05-01", language="ar")
    assert "country:QA" in {e.id for e in doc.entities}
    assert default_registry().capital_country("place:doha") == "QA"


def test_the_curated_overlay_wins_and_merges():
    reg = default_registry()
    ae = reg.get("country:AE")
    assert ae.name_ar == "الإمارات" and "الإمارات العربية المتحدة" in ae.aliases  # curated name, generated alias
    assert reg.get("country:KP").capital == "place:pyongyang"
    assert reg.get("place:moscow").name_ar == "موسكو" and reg.get("place:moscow").population > 1_000_000
    assert reg.get("country:IL").capital is None  # curated (and overrides): no capital linked
    assert ids("بيونغ يانغ") == ["place:pyongyang"]


def test_the_registry_includes_the_gazetteer():
    # How fast it loads is the extractor's start-up figure in `python -m bench.run --only extract`, not a test.
    load()  # the artefact (built on the fly if missing)
    reg = Registry.load()
    assert sum(e.kind == "country" for e in reg.entries.values()) > 200
    assert sum(e.kind == "place" for e in reg.entries.values()) > 2000
