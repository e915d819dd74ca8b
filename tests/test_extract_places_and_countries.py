"""Countries or places: country adjectives inside organization names, seas, capitals standing for governments."""

from extract.pipeline import extract_text


def facts(text, pub="2025-06-04", kind="visit", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def test_country_adjective_inside_an_organization_counts_as_a_country():
    _, doc = facts("وكانت الخارجية الأمريكية قد أعربت عن قلقها.")
    assert "country:US" in {e.id for e in doc.entities}
    _, doc = facts("استدعت وزارة الخارجية الكورية الجنوبية السفير.")
    assert "country:KR" in {e.id for e in doc.entities}


def test_sea_names_are_places_not_countries():
    _, doc = facts("وأجرت القوات البحرية الروسية والكورية الشمالية مناورات مشتركة في بحر اليابان.")
    ids = {e.id for e in doc.entities}
    assert "country:JP" not in ids and "place:sea-of-japan" in ids
    _, doc = facts("The navies held joint drills in the Strait of Korea.", lang="en")
    assert "country:KR" not in {e.id for e in doc.entities}


def test_capitals_as_subjects_of_a_relative_clause_or_an_event_verb():
    _, doc = facts("Engineers began a bridge, which Moscow and Pyongyang agreed on in 2024. "
                   "Seoul summoned the Russian ambassador on Monday.", lang="en")
    ids = {e.id for e in doc.entities}
    assert not ids & {"place:moscow", "place:pyongyang", "place:seoul"}
