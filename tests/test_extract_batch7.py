"""Rule families added in the agreements-and-tours round (batch 7); short sentences written for these tests."""

from extract.pipeline import extract_text


def facts(text, pub="2025-06-04", kind="visit", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def visits(text, lang="ar", pub="2025-06-04"):
    return sorted((v.visitor, v.host_country, v.start, v.status) for v in facts(text, pub, "visit", lang)[0])


def agreements(text, lang="ar", pub="2025-06-04"):
    return [(a.kind, sorted(a.parties), a.signed_on, [e.quote for e in a.evidence])
            for a in facts(text, pub, "agreement", lang)[0]]


def events(text, lang="ar", pub="2025-06-04"):
    return sorted((e.kind, e.date) for e in facts(text, pub, "event", lang)[0])


# --- agreements -------------------------------------------------------------------------------------------------

def test_agreement_is_placed_where_first_named_and_a_later_ratification_is_more_evidence():
    text = ("وبحث الزعيم كيم جونغ أون مع الضيف الروسي تنفيذ معاهدة الشراكة الاستراتيجية الشاملة. "
            "وكان البرلمان الروسي قد صادق على المعاهدة في أكتوبر الماضي.")
    got = agreements(text)
    assert len(got) == 1
    kind, parties, signed, quotes = got[0]
    assert (kind, parties, signed) == ("treaty", ["country:KP", "country:RU"], None)
    assert quotes[0].startswith("معاهدة الشراكة الاستراتيجية الشاملة") and len(quotes) == 2


def test_later_mentions_of_one_agreement_merge():
    text = ("وقع وزير الصحة الروسي ميخائيل موراشكو ونظيره الكوري الشمالي جونغ مو ريم، يوم الاثنين في بيونغ يانغ، "
            "اتفاقية للتعاون في مجال الرعاية الصحية. وأكد موراشكو أن \"الاتفاقية تفتح صفحة جديدة\" بعد التوقيع.")
    got = agreements(text, pub="2024-12-25")
    assert [(k, p, s) for k, p, s, _ in got] == [("agreement", ["country:KP", "country:RU"], "2024-12-23")]
    assert len(got[0][3]) == 2


def test_signing_verb_far_before_its_object_and_the_date_between():
    text = ("وقع نائب رئيس الوزراء الروسي ألكسي أوفرتشوك ووزير العلاقات الاقتصادية الخارجية الكوري الشمالي "
            "يون جونغ هو، يوم الثلاثاء في خاباروفسك، بروتوكولا لتطوير النقل عبر الحدود.")
    got = agreements(text, pub="2025-04-30")
    assert [(k, p, s) for k, p, s, _ in got] == [("protocol", ["country:KP", "country:RU"], "2025-04-29")]


def test_plans_and_roadmaps_only_when_signed_or_approved():
    signed = ("وكانت وزيرة الخارجية الكورية الشمالية تشوي سون هي قد وقعت في موسكو يوم الأربعاء مع سيرغي لافروف "
              "خطة للمشاورات بين وزارتي الخارجية.")
    assert [k for k, *_ in agreements(signed, pub="2025-09-19")] == ["plan"]
    # no party named
    assert [k for k, *_ in agreements("The two ministers signed a roadmap for trade on Monday.", "en")] == []
    roadmap = ("Russian Foreign Minister Sergei Lavrov and North Korean Foreign Minister Choe Son Hui signed a "
               "roadmap for cooperation on Monday.")
    assert [k for k, *_ in agreements(roadmap, "en")] == ["plan"]
    # a plan that is discussed, planned or expected to be signed is no agreement
    assert agreements("ويبحث الجانبان الروسي والكوري الشمالي إعداد برنامج للتبادل الثقافي.") == []
    assert agreements("Lavrov and Choe are expected to sign a plan of consultations, the ministry said.", "en") == []


def test_a_planned_signing_is_a_planned_agreement_and_a_denied_one_none():
    # planned signings are kept with status "planned" (since 2026-12-01; before, they were dropped)
    doc = facts("وأشار الوزير الروسي إلى أن البلدين يخططان لتوقيع بروتوكول إضافي مع كوريا الشمالية.", "2025-06-04",
                "agreement")[0]
    assert [(a.kind, a.status.value, a.signed_on) for a in doc] == [("protocol", "planned", None)]
    denied = ("نفى السفير الروسي لدى بيونغ يانغ ألكسندر ماتسيغورا وجود أي خطط لتوقيع اتفاق عسكري جديد، "
              "مؤكدا أن \"معاهدة الشراكة تكفي\".")
    assert agreements(denied) == []


def test_until_year_is_not_the_signing_date_and_a_counterparts_country_is_a_party():
    text = ("ووقع كوزلوف ورئيس الجانب الكوري الشمالي في اللجنة يون جونغ هو، اليوم الخميس، خارطة طريق للتعاون "
            "الاقتصادي حتى عام 2030.")
    assert [(k, s) for k, _p, s, _ in agreements(text, pub="2025-11-20")] == [("plan", "2025-11-20")]
    memo = "وخلال زيارته لطهران، وقع شويغو مع نظيره الإيراني مذكرة تفاهم حول التعاون الأمني."
    assert [p for _k, p, _s, _ in agreements(memo)] == [["country:IR", "country:RU"]]


# --- tours, departures, return visits ---------------------------------------------------------------------------

def test_tour_stops_listed_after_a_visit_cue_and_the_next_stop_cue():
    text = ("يبدأ وزير الخارجية الروسي سيرغي لافروف غدا جولة تقوده إلى بكين ثم بيونغ يانغ. "
            "وأوضحت الوزارة أن لافروف سيلتقي في بكين نظيره الصيني وانغ يي، قبل أن يتوجه يوم الأحد إلى وونسان.")
    got = visits(text, pub="2025-07-10")
    hosts = {(v[0], v[1]) for v in got}
    assert hosts == {("person:sergei-lavrov", "CN"), ("person:sergei-lavrov", "KP")}
    assert ("person:sergei-lavrov", "KP", "2025-07-13", "planned") in got


def test_travel_on_to_after_a_visit():
    text = ("Russian Defense Minister Andrei Belousov arrived in Pyongyang on Thursday. "
            "Belousov is expected to travel on to Vietnam next week.")
    got = visits(text, "en", "2025-08-14")
    assert ("person:andrei-belousov", "VN", "2025-08", "expected") in got


def test_departure_towards_several_stops_is_dated_forward():
    text = ("وصل وزير الدفاع الروسي أندريه بيلوسوف إلى بيونغ يانغ. "
            "وبحسب الوزارة، سيغادر بيلوسوف بيونغ يانغ يوم الأحد متوجها إلى فيتنام ثم لاوس.")
    got = visits(text, pub="2025-09-26")
    assert ("person:andrei-belousov", "VN", "2025-09-28", "planned") in got
    assert ("person:andrei-belousov", "LA", None, "planned") in got


def test_arriving_from_is_not_the_destination():
    text = "وصل وزير الدفاع الروسي أندريه بيلوسوف اليوم إلى بيونغ يانغ قادما من بكين."
    assert [v[1] for v in visits(text)] == ["KP"]
    assert [v[1] for v in visits("Wang Yi arrived in Moscow on Monday, arriving from Beijing.", "en")] == ["RU"]


def test_leaving_a_foreign_city_is_a_completed_visit():
    text = "Russian Foreign Minister Sergei Lavrov left Kuala Lumpur on Friday and is due in Wonsan on Saturday."
    got = visits(text, "en", "2025-07-11")
    assert ("person:sergei-lavrov", "KP", "2025-07-12", "planned") in got
    assert any(v[:2] == ("person:sergei-lavrov", "MY") and v[3] == "completed" for v in got)
    # leaving one's own capital is no visit
    assert all(v[1] != "RU" for v in visits("Sergei Lavrov left Moscow on Friday.", "en"))


def test_return_visit():
    text = "أعلنت زاخاروفا أن الوزير سيرغي لافروف سيقوم بزيارة رد إلى بيونغ يانغ مطلع العام المقبل."
    assert visits(text, pub="2024-11-29") == [("person:sergei-lavrov", "KP", "2025", "planned")]


def test_visitor_by_title_inside_an_organization_and_by_definite_title():
    text = "وصل أمين مجلس الأمن الروسي إلى بيونغ يانغ صباح اليوم الخميس."
    assert visits(text, pub="2025-06-05") == [("person:sergei-shoigu", "KP", "2025-06-05", "ongoing")]
    text = ("وصل وزير الموارد الطبيعية الروسي ألكسندر كوزلوف إلى بيونغ يانغ أمس. "
            "ومن المقرر أن يتوجه الوزير الروسي يوم السبت إلى أولان باتور.")
    assert ("person:alexander-kozlov", "MN", "2025-11-22", "planned") in visits(text, pub="2025-11-20")


def test_reception_day_merges_into_the_trip():
    text = ("اختتم وزير الموارد الطبيعية الروسي ألكسندر كوزلوف، اليوم الاثنين، زيارة إلى بيونغ يانغ استمرت ثلاثة "
            "أيام. واستقبل الزعيم الكوري الشمالي كيم جونغ أون الوزير الروسي أمس.")
    got = visits(text, pub="2024-11-18")
    assert len(got) == 1 and got[0][:2] == ("person:alexander-kozlov", "KP")


# --- entities ---------------------------------------------------------------------------------------------------

def test_sea_names_are_places_not_countries():
    _, doc = facts("وأجرت القوات البحرية الروسية والكورية الشمالية مناورات مشتركة في بحر اليابان.")
    ids = {e.id for e in doc.entities}
    assert "country:JP" not in ids and "place:sea-of-japan" in ids
    _, doc = facts("The navies held joint drills in the Strait of Korea.", lang="en")
    assert "country:KR" not in {e.id for e in doc.entities}


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


def test_capitals_as_subjects_of_a_relative_clause_or_an_event_verb():
    _, doc = facts("Engineers began a bridge, which Moscow and Pyongyang agreed on in 2024. "
                   "Seoul summoned the Russian ambassador on Monday.", lang="en")
    ids = {e.id for e in doc.entities}
    assert not ids & {"place:moscow", "place:pyongyang", "place:seoul"}


# --- events -----------------------------------------------------------------------------------------------------

def test_joint_drills_are_events():
    drills = "وأجرت القوات البحرية الروسية والكورية الشمالية مناورات مشتركة في بحر اليابان الأسبوع الماضي."
    assert ("exercise", "2025-09") in events(drills, pub="2025-09-20")
    assert [k for k, _ in events("The two navies held joint drills in the Sea of Japan.", "en")] == ["exercise"]
    assert events("وأجرى الجيش تدريبات روتينية.") == []


def test_event_dated_right_before_its_verb_and_clitic_ratification():
    text = "Russia's State Duma on Thursday unanimously ratified the treaty, which the leaders signed in June."
    assert ("ratification", "2024-10-24") in events(text, "en", "2024-10-24")
    text = "وصادق مجلس الدوما على المعاهدة في 24 أكتوبر، فيما أقرها مجلس الاتحاد في 6 نوفمبر."
    assert events(text, pub="2024-12-05") == [("ratification", "2024-10-24"), ("ratification", "2024-11-06")]


def test_future_meeting():
    assert [k for k, _ in events("وذكرت وكالة تاس أن شويغو سيلتقي الزعيم كيم جونغ أون.")] == ["meeting"]


def test_summit_in_a_city_implies_the_foreign_leaders_visit():
    text = ("ولم يستبعد مراقبون أن تمهد الجولة لقمة محتملة بين الرئيس فلاديمير بوتين والزعيم كيم جونغ أون في موسكو.")
    assert visits(text, pub="2025-07-10") == [("person:kim-jong-un", "RU", None, "speculated")]
    # no city, no visit
    assert visits("ولم يستبعد مراقبون قمة محتملة بين الرئيس فلاديمير بوتين والزعيم كيم جونغ أون.") == []
