"""Trips over several sentences: departures, arrivals, tour stops, next legs, start and end, one trip merged."""

from extract.pipeline import extract_text


def facts(text, pub="2025-06-04", kind="visit", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def visits(text, lang="ar", pub="2025-06-04"):
    return sorted((v.visitor, v.host_country, v.start, v.status) for v in facts(text, pub, "visit", lang)[0])


# the (visitor, host, start, end, status) of each visit, for a trip's end
def visits_with_end(text, lang="ar", pub="2024-09-18"):
    return sorted((v.visitor, v.host_country, v.start, v.end, v.status) for v in facts(text, pub, "visit", lang)[0])


def test_departure_towards_a_destination_is_a_visit():
    vs, _ = facts("غادر وزير الزراعة الروسي بافل كوزين موسكو أمس متوجها إلى بيونغ يانغ.", "2025-05-10", "visit")
    assert len(vs) == 1 and vs[0].host_country == "KP" and str(vs[0].start) == "2025-05-09"


def test_departure_back_home_ends_a_visit_to_the_place_left():
    vs, _ = facts("وكان نائب وزير الزراعة الكوري الشمالي ري سونغ هو قد غادر موسكو يوم الأحد الماضي عائدا إلى بلاده.",
                  "2025-06-19", "visit")
    assert len(vs) == 1 and vs[0].host_country == "RU"


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


def test_reception_day_merges_into_the_trip():
    text = ("اختتم وزير الموارد الطبيعية الروسي ألكسندر كوزلوف، اليوم الاثنين، زيارة إلى بيونغ يانغ استمرت ثلاثة "
            "أيام. واستقبل الزعيم الكوري الشمالي كيم جونغ أون الوزير الروسي أمس.")
    got = visits(text, pub="2024-11-18")
    assert len(got) == 1 and got[0][:2] == ("person:alexander-kozlov", "KP")


def test_a_started_visit_takes_its_start_before_the_noun_and_its_end_after_until():
    got = visits_with_end("بدأ وزير الرياضة الكوري الشمالي كيم إيل غوك يوم الاثنين زيارة رسمية إلى موسكو تستمر حتى "
                          "20 أيلول.")
    assert got == [("person:kim-il-guk", "RU", "2024-09-16", "2024-09-20", "ongoing")]


def test_a_next_stop_in_the_same_country_is_part_of_the_trip():
    text = ("Russia hosted North Korean leader Kim Jong Un at the Vostochny Cosmodrome on Wednesday. "
            "Kim is expected to travel on to Komsomolsk-on-Amur to visit an aircraft factory, the Kremlin said.")
    got = visits(text, "en", "2023-09-14")
    assert len(got) == 1 and got[0][:2] == ("person:kim-jong-un", "RU")


def test_the_visit_named_again_is_not_another_visit():
    got = visits("يصل سيرغي لافروف إلى بيونغ يانغ يوم 11 يوليو في زيارة رسمية، ثم يتوجه إلى وونسان حيث الزيارة "
                 "مستمرة.", pub="2024-07-08")
    assert [v for v, *_ in got] == ["person:sergei-lavrov"]
