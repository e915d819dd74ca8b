"""Visits implied without a visit word: talks, a signing or a summit in a foreign city, presence in a place."""

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


def test_summit_in_a_city_implies_the_foreign_leaders_visit():
    text = ("ولم يستبعد مراقبون أن تمهد الجولة لقمة محتملة بين الرئيس فلاديمير بوتين والزعيم كيم جونغ أون في موسكو.")
    assert visits(text, pub="2025-07-10") == [("person:kim-jong-un", "RU", None, "speculated")]
    # no city, no visit
    assert visits("ولم يستبعد مراقبون قمة محتملة بين الرئيس فلاديمير بوتين والزعيم كيم جونغ أون.") == []


def test_presence_was_in_takes_only_the_place_right_after():
    got = visits("A delegation led by Natural Resources Minister Alexander Kozlov was in Pyongyang in November 2024.",
                 "en", "2025-11-20")
    assert got == [("person:alexander-kozlov", "KP", "2024-11", "completed")]
    assert visits("Alexander Kozlov was in talks with officials from Pyongyang.", "en", "2025-11-20") == []
