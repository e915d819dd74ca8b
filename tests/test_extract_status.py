"""Statuses of visits and events (modality, negation, time) and their scoring by `khabar eval` (2026-11-29).
Short sentences written for the tests."""

from extract.evaluate import Evaluator, Item, Score, total
from extract.pipeline import extract_text


def facts(text, type_, published="2025-06-17", language=None):
    doc = extract_text(text, published=published, language=language)
    return [f for f in doc.facts if f.type == type_]


def statuses(text, type_, published="2025-06-17", language=None):
    return sorted(str(f.status.value) for f in facts(text, type_, published, language))


# ---------------------------------------------------------------- the evaluator
def test_status_accuracy_counts_matched_pairs_and_lists_mismatches():
    ev = Evaluator()
    gold = [Item("visits", "A -> KP [ongoing]", [(0, 10)], {"visitor": "p:a", "host": "KP"}, status="ongoing",
                 evidence="A arrived"),
            Item("visits", "B -> RU [planned]", [(20, 30)], {"visitor": "p:b", "host": "RU"}, status="planned"),
            Item("events", "summit", [(40, 50)], {}, status="expected", evidence="قمة مرتقبة"),
            Item("visits", "C -> CN [completed]", [(60, 70)], {"visitor": "p:c", "host": "CN"}, status="completed")]
    pred = [Item("visits", "v1", [(2, 8)], {"visitor": "p:a", "host": "KP"}, status="ongoing"),
            Item("visits", "v2", [(22, 28)], {"visitor": "p:b", "host": "RU"}, status="completed"),
            Item("events", "e1", [(41, 45)], {}, status="completed")]
    mism: list[str] = []
    scores, misses, false_hits = ev.match(gold, pred, mism)
    # P/R/F1 are untouched by statuses: the three predictions match, C is missed
    assert (scores["visits"].tp, scores["visits"].fn, scores["visits"].fp) == (2, 1, 0)
    assert (scores["events"].tp, scores["events"].fp) == (1, 0)
    assert (scores["visits"].status_equal, scores["visits"].status_pairs) == (1, 2)
    assert scores["visits"].status_accuracy == 0.5 and scores["events"].status_accuracy == 0.0
    assert scores["agreements"].status_accuracy is None
    assert len(mism) == 2 and "gold=planned predicted=completed" in mism[0]
    assert "gold=expected predicted=completed" in mism[1] and "قمة مرتقبة" in mism[1]
    assert len(misses) == 1 and false_hits == []


def test_status_totals_add_up_across_articles():
    from extract.evaluate import KINDS, ArticleResult
    a = {k: Score() for k in KINDS}
    b = {k: Score() for k in KINDS}
    a["visits"].status_pairs, a["visits"].status_equal = 3, 2
    b["visits"].status_pairs, b["visits"].status_equal = 1, 1
    t = total([ArticleResult("a", a, [], [], []), ArticleResult("b", b, [], [], [])])
    assert (t["visits"].status_equal, t["visits"].status_pairs) == (3, 4)


# ---------------------------------------------------------------- rules
def test_modal_adjective_at_the_end_of_the_noun_phrase():
    text = "وقال المصدر إن قمة جديدة بين الرئيس فلاديمير بوتين والزعيم الكوري الشمالي كيم جونغ أون مرتقبة العام المقبل."
    assert "expected" in statuses(text, "event", language="ar")


def test_denial_governs_a_noun_phrase_object():
    text = "ونفى المتحدث باسم الكرملين دميتري بيسكوف وجود أي خطط لنشر قوات كورية شمالية إضافية في روسيا."
    got = [(f.kind, f.status.value) for f in facts(text, "event", language="ar")]
    assert got and all(s == "ruled_out" for _k, s in got)


def test_denial_beats_an_expected_adjective_in_its_object():
    text = "ونفى الكرملين تقارير إعلامية عن زيارة مرتقبة للزعيم الكوري الشمالي كيم جونغ أون إلى موسكو الشهر المقبل."
    assert statuses(text, "visit", language="ar") == ["ruled_out"]


def test_a_negated_denial_is_no_denial():
    text = "ولم يستبعد بيسكوف زيارة للرئيس فلاديمير بوتين إلى كوريا الشمالية هذا العام."
    assert statuses(text, "visit", language="ar") == ["speculated"]


def test_english_ruled_out_governs_its_object():
    text = "Peskov ruled out a visit by Vladimir Putin to North Korea this year."
    assert statuses(text, "visit", language="en") == ["ruled_out"]


def test_conditional_makes_a_visit_speculated():
    text = "وقال المحلل إنه إذا زار الرئيس فلاديمير بوتين كوريا الشمالية فسيوقع اتفاقات جديدة."
    assert statuses(text, "visit", language="ar") == ["speculated"]
    text = "If Kim Jong Un visits Russia, he will meet Vladimir Putin."
    assert statuses(text, "visit", language="en") == ["speculated"]


def test_event_dated_after_publication_is_planned():
    text = "Officials discussed the APEC summit in South Korea next month."  # no future verb: the date alone
    assert statuses(text, "event", language="en") == ["planned"]
    assert statuses("وناقش المسؤولون القمة في سيول الشهر المقبل.", "event", language="ar") == ["planned"]
    text = "وأقيمت القمة في بكين الشهر الماضي."
    assert statuses(text, "event", language="ar") == ["completed"]


def test_recent_arrival_without_an_end_is_ongoing():
    text = "وصل وزير الموارد الطبيعية الروسي ألكسندر كوزلوف إلى بيونغ يانغ أمس الاثنين."
    assert statuses(text, "visit", "2025-06-17", "ar") == ["ongoing"]
    text = "Alexei Overchuk arrived in Pyongyang on Sunday."
    assert statuses(text, "visit", "2025-06-17", "en") == ["ongoing"]


def test_recent_arrival_told_over_or_visited_is_completed():
    text = "ووصل لافروف، يوم الأحد، إلى ماليزيا في زيارة استغرقت يومين."
    assert statuses(text, "visit", "2025-06-17", "ar") == ["completed"]
    text = "Alexei Overchuk visited Pyongyang on Sunday."
    assert statuses(text, "visit", "2025-06-17", "en") == ["completed"]


# ---------------------------------------------------------------- visits denied, postponed, cancelled, under way
# the texts below are the body of an article titled "t"
def facts_and_doc(text, pub, kind, lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def facts_of_type(text, pub, lang, typ):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == typ]


def visits(text, lang="ar", pub="2025-03-20"):
    return sorted(((v.visitor, v.host_country, v.start, v.status) for v in facts_and_doc(text, pub, "visit", lang)[0]),
                  key=str)


def test_denial_complement_rules_out_and_contrast_confirms():
    vs, _ = facts_and_doc("نفى الكرملين أن يكون كيم جونغ أون بين القادة الذين سيحضرون العرض في الساحة الحمراء.",
                          "2025-04-10", "visit")
    assert vs and all(v.status == "ruled_out" for v in vs)


def test_a_postponed_visit_is_planned_and_loses_its_old_date():
    got = visits("أُرجئت زيارة وزيرة الخارجية الكورية الشمالية تشوي سون هوي إلى موسكو، التي كانت مقررة الأسبوع "
                 "المقبل، إلى موعد لاحق.")
    assert got == [("person:choe-son-hui", "RU", None, "planned")]


def test_a_cancelled_scheduled_trip_is_ruled_out():
    got = visits("ألغى نائب وزير الخارجية الروسي أندريه رودينكو رحلة كانت مقررة إلى بيونغ يانغ هذا الشهر.")
    assert got == [("person:andrei-rudenko", "KP", "2025-03", "ruled_out")]


def test_a_called_off_trip_after_a_planned_one_is_the_same_visitor_and_ruled_out():
    got = visits("North Korean Foreign Minister Choe Son Hui will travel to Moscow later this month, after a trip "
                 "planned for July was called off.", "en", "2025-09-10")
    assert got == [("person:choe-son-hui", "RU", "2025-07", "ruled_out"),
                   ("person:choe-son-hui", "RU", "2025-09", "planned")]


def test_a_postponement_after_one_visit_leaves_the_next_visit_alone():
    got = visits("A planned visit to Pyongyang by Valentina Matviyenko was postponed, and officials say a possible "
                 "Kim Jong Un visit to Moscow.", "en", "2025-11-20")
    assert ("person:valentina-matviyenko", "KP", None, "planned") in got
    assert ("person:kim-jong-un", "RU", None, "speculated") in got


def test_english_visit_on_the_agenda_is_expected():
    got = visits("Choe told reporters that a visit by Kim Jong Un to Russia remained on the agenda.", "en",
                 pub="2024-11-02")
    assert [(v[0], v[1], v[3]) for v in got] == [("person:kim-jong-un", "RU", "expected")]


def test_arabic_visit_now_is_ongoing():
    vs = facts_of_type("يزور وزير الدفاع الروسي أندريه بيلوسوف حاليا العاصمة الكورية الشمالية بيونغ يانغ.",
                       "2025-06-18", "ar", "visit")
    assert [v.status for v in vs] == ["ongoing"]


def test_english_is_visiting_this_week_is_ongoing():
    vs = facts_of_type("Russian Deputy Prime Minister Alexander Kozlov is visiting Pyongyang this week to discuss "
                       "trade.", "2025-07-22", "en", "visit")
    assert [v.status for v in vs] == ["ongoing"]


def test_a_planned_visit_with_now_word_stays_planned():
    vs = facts_of_type("Russian Foreign Minister Sergei Lavrov will visit Pyongyang next month, currently planned for"
                       " two days.", "2025-07-22", "en", "visit")
    assert [v.status for v in vs] != ["ongoing"]
