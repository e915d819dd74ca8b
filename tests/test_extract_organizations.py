"""Organizations the registry does not know: bodies with a country adjective, ministries, dateline outlets."""

from extract.pipeline import extract_text


def facts(text, pub="2025-03-20", kind="statement", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def test_unknown_body_becomes_an_unverified_organization():
    _, doc = facts("نفت السفارة الأمريكية في موسكو في بيان أن تكون واشنطن قد تلقت أي إخطار.")
    orgs = [e for e in doc.entities if e.kind == "organization"]
    assert len(orgs) == 1 and orgs[0].verified is False and orgs[0].id.startswith("org:us-")
    sts = [f for f in doc.facts if f.type == "statement"]
    assert [s.speaker for s in sts] == [orgs[0].id]
    # a title's institution complement is not a body: the unknown person is kept
    _, doc = facts("قال رئيس لجنة الشؤون الدولية في مجلس الاتحاد الروسي غريغوري كاراسين إن الزيارة مهمة.")
    assert any(e.id.startswith("person:") and e.verified is False for e in doc.entities)


def test_an_english_ministry_with_the_country_before_the_prefix():
    got, doc = facts("Russia's Ministry of Labor denied reports that it planned to bring more workers.",
                     "2025-01-15", "statement", "en")
    assert [s.speaker for s in got] == ["org:ru-labour-ministry"]
    assert "org:ru-labour-ministry" in {e.id for e in doc.entities}


def test_dateline_outlet_and_short_name_of_a_new_person():
    text = ("القاهرة - «الشروق»\nقال وزير الصحة الروسي ميخائيل موراشكو إن التعاون يتوسع. "
            "وأكد موراشكو أن الزيارة ناجحة.")
    doc = extract_text("t\n\n" + text, published="2024-12-25", language="ar")
    orgs = [e for e in doc.entities if e.kind == "organization"]
    assert any(e.id.startswith("org:eg-") and not e.verified for e in orgs)
    speakers = [f.speaker for f in doc.facts if f.type == "statement"]
    assert len(speakers) == 2 and len(set(speakers)) == 1
    generic = extract_text("t\n\nوونسان - (وكالات)\nوصل لافروف.", published="2025-07-12", language="ar")
    assert not [e for e in generic.entities if e.kind == "organization"]
