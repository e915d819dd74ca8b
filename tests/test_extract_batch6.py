"""Rule families added in the visits-and-events round (batch 6); short sentences written for these tests."""

from extract.pipeline import extract_text


def facts(text, pub="2025-06-04", kind="visit", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def visits(text, lang="ar", pub="2025-06-04"):
    return sorted((v.visitor, v.host_country, v.start, v.status) for v in facts(text, pub, "visit", lang)[0])


def test_talks_in_a_foreign_capital_with_an_arrival_cue_imply_a_visit():
    text = ("أجرى نائب وزير الخارجية الروسي أندريه رودينكو، يوم الثلاثاء، مشاورات في بيونغ يانغ مع مسؤولين. "
            "وكان الدبلوماسي الروسي قد وصل يوم الاثنين على متن رحلة جوية.")
    assert visits(text, pub="2024-09-12") == [("person:andrei-rudenko", "KP", "2024-09-09", "completed")]


def test_no_implied_visit_without_a_travel_cue_for_a_resident_envoy_or_a_host():
    # no arrival or travel cue anywhere: talks alone are not a visit
    assert visits("أجرى أندريه رودينكو مشاورات في بيونغ يانغ مع مسؤولين.") == []
    # a resident ambassador meets where he lives
    text = ("وصل وفد روسي إلى بيونغ يانغ. والتقى السفير الروسي ألكسندر ماتسيغورا في بيونغ يانغ مسؤولين كوريين.")
    assert all(v[0] != "person:alexander-matsegora" for v in visits(text))
    # the person is at home: talks in Moscow by a Russian minister are no visit
    assert visits("Sergei Lavrov held talks in Moscow on Friday, a day after arriving home.", "en") == []


def test_co_signer_of_a_signing_in_a_foreign_city_is_the_visitor():
    text = ("وقع نائب رئيس الوزراء الروسي ألكسي أوفرتشوك ووزير العلاقات الاقتصادية الخارجية الكوري الشمالي "
            "يون جونغ هو، يوم الثلاثاء في خاباروفسك، بروتوكولا. وكان الوزير الكوري الشمالي قد وصل يوم الأحد.")
    got = visits(text, pub="2025-04-30")
    assert [v[:2] for v in got] == [("person:yun-jong-ho", "RU")]


def test_country_adjective_inside_an_organization_counts_as_a_country():
    _, doc = facts("وكانت الخارجية الأمريكية قد أعربت عن قلقها.")
    assert "country:US" in {e.id for e in doc.entities}
    _, doc = facts("استدعت وزارة الخارجية الكورية الجنوبية السفير.")
    assert "country:KR" in {e.id for e in doc.entities}


def test_english_visit_on_the_agenda_is_expected():
    got = visits("Choe told reporters that a visit by Kim Jong Un to Russia remained on the agenda.", "en",
                 pub="2024-11-02")
    assert [(v[0], v[1], v[3]) for v in got] == [("person:kim-jong-un", "RU", "expected")]


def test_events_summons_in_english_parliament_session_and_train_journeys():
    ev, _ = facts("South Korea's Foreign Ministry summoned the Russian ambassador on Friday.", "2024-11-02",
                  "event", "en")
    assert [e.kind for e in ev] == ["summons"]
    ev, _ = facts("وعقد مجلس الدوما جلسة عامة أمس لمناقشة المعاهدة.", kind="event")
    assert "session" in [e.kind for e in ev]
    ev, _ = facts("وتأتي الزيارة قبل أيام من استئناف رحلات القطار المباشرة بين موسكو وبيونغ يانغ.", kind="event")
    assert [e.kind for e in ev] == ["rail"]
