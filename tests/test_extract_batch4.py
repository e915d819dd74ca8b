"""Rule families added after the batch-4 blind round (short sentences written for these tests)."""

from extract.dates import resolve_text
from extract.pipeline import extract_text


def facts(text, pub, kind, lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def test_day_before_yesterday_and_day_of_relative_month():
    assert resolve_text("أول أمس", "2025-03-20")[0][1] == "2025-03-18"
    assert resolve_text("the day before yesterday", "2025-03-20")[0][1] == "2025-03-18"
    assert resolve_text("في الثالث والعشرين من الشهر الجاري", "2025-03-20")[0][1] == "2025-03-23"
    assert resolve_text("in mid-2026", "2025-03-20")[0][1] == "2026"


def test_departure_towards_a_destination_is_a_visit():
    vs, _ = facts("غادر وزير الزراعة الروسي بافل كوزين موسكو أمس متوجها إلى بيونغ يانغ.", "2025-05-10", "visit")
    assert len(vs) == 1 and vs[0].host_country == "KP" and str(vs[0].start) == "2025-05-09"


def test_departure_back_home_ends_a_visit_to_the_place_left():
    vs, _ = facts("وكان نائب وزير الزراعة الكوري الشمالي ري سونغ هو قد غادر موسكو يوم الأحد الماضي عائدا إلى بلاده.",
                  "2025-06-19", "visit")
    assert len(vs) == 1 and vs[0].host_country == "RU"


def test_visit_noun_with_a_relative_clause_before_the_visitor():
    vs, _ = facts("أعلن عن زيارة سيقوم بها وزير الخارجية الروسي سيرغي لافروف إلى بيونغ يانغ الشهر المقبل.",
                  "2025-03-20", "visit")
    assert len(vs) == 1 and vs[0].visitor == "person:sergei-lavrov" and vs[0].host_country == "KP"


def test_denial_complement_rules_out_and_contrast_confirms():
    vs, _ = facts("نفى الكرملين أن يكون كيم جونغ أون بين القادة الذين سيحضرون العرض في الساحة الحمراء.",
                  "2025-04-10", "visit")
    assert vs and all(v.status == "ruled_out" for v in vs)


def test_title_with_an_institution_complement_gives_an_unknown_person():
    st, doc = facts("وقال رئيس لجنة الشؤون الدولية في مجلس الاتحاد الروسي غريغوري كاراسين إن التعاون يتعزز.",
                    "2025-03-20", "statement")
    assert any(e.id.startswith("person:grigori") for e in doc.entities)
    assert st and st[0].speaker.startswith("person:grigori")
    _, doc = facts("ووقع البروتوكول رئيس سكة حديد الشرق الأقصى نيكولاي ماكاروف.", "2025-03-20", "agreement")
    assert not any("skh" in e.id for e in doc.entities)


def test_maghrebi_reporting_verb():
    st, _ = facts("وسجل الناطق باسم الخارجية الأوكرانية أن هذا الاعتراف خطير.", "2025-04-28", "statement")
    assert len(st) == 1


def test_future_signing_and_effective_date_do_not_date_an_agreement():
    ag, _ = facts("وذكر البيان أن الجانبين سيوقعان خلال الزيارة بروتوكولا للتعاون.", "2025-03-20", "agreement")
    assert ag == []
    ag, _ = facts("وقعت روسيا وكوريا الشمالية بروتوكولا لزيادة القطارات اعتبارا من الأول من آب المقبل.",
                  "2025-06-18", "agreement")
    assert len(ag) == 1 and ag[0].signed_on is None
