"""Each pattern family on short articles written for the tests (not the corpus)."""

from pathlib import Path

from extract.pipeline import Extractor, extract_text, transliterate
from extract.reader import read_article
from loaders.validate import check_document

ARTICLES = Path(__file__).parent / "data" / "articles"
EX = Extractor()


def doc_of(name):
    art = read_article(ARTICLES / name)
    doc = EX.extract(art)
    assert check_document(doc, art.text, name) == []
    for item in [*doc.entities, *doc.facts]:
        for ev in item.evidence:
            assert art.text[ev.start:ev.end] == ev.quote  # offsets into the stored body
    return doc, art


def facts(doc, type_):
    return [f for f in doc.facts if f.type == type_]


def test_visits_status_from_tense_dates_and_negation():
    doc, _ = doc_of("ar_shoigu_visit.txt")
    visits = {(v.visitor, v.host_country): v for v in facts(doc, "visit")}
    shoigu = visits[("person:sergei-shoigu", "KP")]
    # arrived today for a two-day visit: under way on the publication day
    assert (shoigu.start, shoigu.status.value, shoigu.destination) == ("2025-06-17", "ongoing", "place:pyongyang")
    lavrov = visits[("person:sergei-lavrov", "KP")]
    assert (lavrov.start, lavrov.status.value) == ("2025-09", "planned")
    assert visits[("person:vladimir-putin", "KR")].status.value == "ruled_out"
    assert shoigu.id == "visit:sergei-shoigu-to-kp-2025-06-17-ongoing"


def test_statements_speakers_and_quotes():
    doc, _ = doc_of("ar_shoigu_visit.txt")
    st = facts(doc, "statement")
    peskov = [s for s in st if s.speaker == "person:dmitry-peskov"]
    assert len(peskov) == 2
    assert peskov[0].quote.startswith("إن الزيارة تهدف")


def test_agreements_with_parties_and_date():
    doc, _ = doc_of("ar_shoigu_visit.txt")
    (mou,) = facts(doc, "agreement")
    assert mou.kind == "memorandum" and set(mou.parties) == {"country:RU", "country:KP"}
    assert mou.signed_on == "2025-06-03"


def test_permission_and_flight_event():
    doc, _ = doc_of("ar_permission.json")
    (perm,) = facts(doc, "agreement")
    assert perm.kind == "permission" and perm.parties == ["org:rosaviatsia", "org:nordwind-airlines"]
    events = facts(doc, "event")
    assert [e.kind for e in events] == ["flights"] and events[0].date == "2025-07"


def test_english_article_modality_and_unknown_person():
    doc, _ = doc_of("en_lavrov_trip.md")
    visits = {v.visitor: v for v in facts(doc, "visit")}
    assert visits["person:sergei-lavrov"].status.value == "planned"
    assert visits["person:sergei-lavrov"].start == "2025-07-11"
    assert visits["person:kim-jong-un"].status.value == "ruled_out"
    park = next(e for e in doc.entities if e.id == "person:park-min-soo")
    assert park.verified is False
    (summit,) = [e for e in facts(doc, "event") if e.kind == "summit"]
    assert summit.status.value == "speculated"


def test_expected_and_speculated_never_asserted():
    doc = extract_text("وقال المحلل إن المحادثات تشمل التحضير لزيارة منتظرة للزعيم الكوري الشمالي كيم جونغ أون "
                       "إلى روسيا.", published="2025-07-09")
    (visit,) = facts(doc, "visit")
    assert visit.status.value == "expected" and visit.host_country == "RU"


def test_unknown_person_title_first_and_name_first():
    doc = extract_text("وقال نائب وزير الخارجية الصيني سون وي دونغ إن بلاده تدعم الحوار. "
                       "واعتبر كيم سونغ هو، الأستاذ في جامعة سيول، أن القمة ممكنة.", published="2025-07-09")
    persons = {e.id: e for e in doc.entities if e.kind == "person"}
    assert {p.verified for p in persons.values()} == {False}
    assert len(persons) == 2
    speakers = {s.speaker for s in facts(doc, "statement")}
    assert speakers == set(persons)


def test_reference_by_title_resolves_current_holder():
    doc = extract_text("وأكد الزعيم الكوري الشمالي أن بلاده تدعم روسيا.", published="2025-07-09")
    (st,) = facts(doc, "statement")
    assert st.speaker == "person:kim-jong-un"


def test_deterministic_ids():
    a = extract_text("زار سيرغي لافروف بيونغ يانغ في 11 يوليو 2025.", published="2025-07-20")
    b = extract_text("زار سيرجي لافروف بيونج يانج في 11 يوليو 2025.", published="2025-07-20")
    assert [f.id for f in a.facts] == [f.id for f in b.facts] == ["visit:sergei-lavrov-to-kp-2025-07-11-completed"]


def test_transliteration():
    assert transliterate("كيم") == "kim"
