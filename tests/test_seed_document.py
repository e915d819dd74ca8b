"""The hand-curated seed facts document: format, verbatim body, evidence spans, references, key facts.

Pure tests: no database.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.dates import PartialDate
from loaders.document import (
    REFERENCE_KINDS,
    AgreementFact,
    CountryEntity,
    EventFact,
    FactsDocument,
    OrganizationEntity,
    PersonEntity,
    PlaceEntity,
    StatementFact,
    VisitFact,
    kind_of,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed"
STEM = "000_29605565af34d15c"
RAW = SEED / f"{STEM}.raw.txt"
BODY = SEED / f"{STEM}.txt"
FACTS = SEED / f"{STEM}.facts.json"
SHARED_RAW = Path("/work/shared/seed") / f"{STEM}.txt"
DOCS = ROOT / "docs" / "facts-format.md"

FURNITURE_FIRST = "عاجل"
FURNITURE_LAST = "تم نسخ الرابط"


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def raw() -> str:
    return _read(RAW)


@pytest.fixture(scope="module")
def body() -> str:
    return _read(BODY)


@pytest.fixture(scope="module")
def doc() -> FactsDocument:
    return FactsDocument.model_validate(json.loads(FACTS.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def by_id(doc: FactsDocument) -> dict[str, object]:
    return {item.id: item for item in [*doc.entities, *doc.facts]}


def _evidence_items(doc: FactsDocument):
    for item in [*doc.entities, *doc.facts]:
        for evidence in item.evidence:
            yield item.id, evidence


def _references(doc: FactsDocument):
    """(owner id, field, referenced id) for every reference in the document."""
    for entity in doc.entities:
        if isinstance(entity, PersonEntity):
            for role in entity.roles:
                if role.organization is not None:
                    yield entity.id, "role.organization", role.organization
        if isinstance(entity, CountryEntity) and entity.capital is not None:
            yield entity.id, "capital", entity.capital
    for fact in doc.facts:
        for (fact_type, field), _kinds in REFERENCE_KINDS.items():
            if fact.type != fact_type:
                continue
            value = getattr(fact, field)
            for ref in value if isinstance(value, list) else [value]:
                if ref is not None:
                    yield fact.id, field, ref


def _country_codes(doc: FactsDocument):
    for entity in doc.entities:
        if isinstance(entity, PersonEntity):
            yield entity.id, entity.country
            for role in entity.roles:
                yield entity.id, role.country
        elif isinstance(entity, OrganizationEntity | PlaceEntity):
            yield entity.id, entity.country
        elif isinstance(entity, CountryEntity):
            yield entity.id, entity.code
    for fact in doc.facts:
        if isinstance(fact, VisitFact):
            yield fact.id, fact.visitor_country
            yield fact.id, fact.host_country


def _dates(doc: FactsDocument):
    yield "article.published", doc.article.published
    for entity in doc.entities:
        if isinstance(entity, PersonEntity):
            for role in entity.roles:
                yield entity.id, role.since
                yield entity.id, role.until
    for fact in doc.facts:
        if isinstance(fact, VisitFact):
            yield fact.id, fact.start
            yield fact.id, fact.end
        elif isinstance(fact, AgreementFact):
            yield fact.id, fact.signed_on
        elif isinstance(fact, StatementFact | EventFact):
            yield fact.id, fact.date


# --- files and body -------------------------------------------------------------------------------


def test_raw_is_byte_identical_to_shared_seed():
    if not SHARED_RAW.exists():
        pytest.skip("shared seed not available")
    assert RAW.read_bytes() == SHARED_RAW.read_bytes()


def test_text_file_names_the_body(doc: FactsDocument):
    assert doc.article.text is None
    assert doc.article.text_file == BODY.name
    assert (FACTS.parent / doc.article.text_file).resolve() == BODY.resolve()


def test_body_is_raw_minus_furniture_and_title(raw: str, body: str, doc: FactsDocument):
    lines = raw.split("\n")
    assert lines[0] == FURNITURE_FIRST
    assert lines[-1] == FURNITURE_LAST
    title_index = lines.index(doc.article.title)
    assert title_index == 2
    kept = [line for i, line in enumerate(lines) if i not in (0, title_index, len(lines) - 1)]
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    assert body == "\n".join(kept)


def test_body_keeps_odd_characters_verbatim(body: str):
    assert "حماية و \u00a0سلامة" in body  # space + no-break space kept
    assert "في سياق متصل ،" in body  # space before the comma kept
    assert "للرئيس الروسي الروسي" in body  # doubled word kept
    assert "“روسافياتسيا”" in body and 'قناة "القاهرة الإخبارية"' in body  # both quote styles
    assert not body.startswith(("\n", FURNITURE_FIRST)) and not body.endswith("\n")
    assert FURNITURE_LAST not in body
    assert "ندعم روسيا في الدفاع عن سيادتها" not in body  # the title is only in article.title


# --- format ---------------------------------------------------------------------------------------


def test_document_validates(doc: FactsDocument):
    assert doc.format == "khabar.facts/1"
    assert doc.entities and doc.facts


def test_article_metadata(doc: FactsDocument):
    article = doc.article
    assert article.id == "seed-000-29605565af34d15c"
    assert article.language == "ar"
    assert article.published == "2025-07-09"
    assert article.published_inferred is True
    assert article.published_note and "اليوم الأربعاء" in article.published_note
    assert article.source in (None, "unknown outlet")
    assert article.url is None
    assert {"Al-Qahera News", "AFP"} <= set(article.cites)
    assert article.title == "وزيرة خارجية كوريا الشمالية: ندعم روسيا في الدفاع عن سيادتها"


def test_ids_unique_and_match_their_kind(doc: FactsDocument):
    ids = [item.id for item in [*doc.entities, *doc.facts]]
    assert len(ids) == len(set(ids))
    for entity in doc.entities:
        assert kind_of(entity.id) == entity.kind, entity.id
    for fact in doc.facts:
        assert kind_of(fact.id) == fact.type, fact.id


def test_every_item_has_evidence(doc: FactsDocument):
    for item in [*doc.entities, *doc.facts]:
        assert item.evidence, f"{item.id} has no evidence"


def test_evidence_spans_match_body(doc: FactsDocument, body: str):
    count = 0
    for owner, evidence in _evidence_items(doc):
        assert evidence.end <= len(body), owner
        assert body[evidence.start : evidence.end] == evidence.quote, owner
        count += 1
    assert count >= len(doc.entities) + len(doc.facts)


def test_statement_quotes_are_as_written(doc: FactsDocument, body: str):
    for fact in doc.facts:
        if isinstance(fact, StatementFact):
            assert fact.quote in body, fact.id
            assert any(fact.quote in evidence.quote for evidence in fact.evidence), fact.id


def test_arabic_names_and_titles_are_as_written(doc: FactsDocument, body: str):
    for entity in doc.entities:
        assert entity.name_ar and entity.name_ar in body, entity.id
        if isinstance(entity, PersonEntity):
            assert entity.roles, entity.id
            for role in entity.roles:
                assert role.title_ar and role.title_ar in body, entity.id
    for fact in doc.facts:
        if isinstance(fact, AgreementFact) and fact.name_ar:
            assert fact.name_ar in body, fact.id


def test_references_resolve_to_declared_ids_of_the_right_kind(doc: FactsDocument, by_id: dict):
    kinds = {**REFERENCE_KINDS, ("person", "role.organization"): ("organization",)}
    kinds[("country", "capital")] = ("place",)
    seen = 0
    for owner, field, ref in _references(doc):
        assert ref in by_id, f"{owner}.{field} -> {ref} is not declared"
        owner_kind = kind_of(owner)
        assert kind_of(ref) in kinds[(owner_kind, field)], f"{owner}.{field} -> {ref}"
        seen += 1
    assert seen > 30


def test_every_country_code_is_declared(doc: FactsDocument):
    declared = {entity.code for entity in doc.entities if isinstance(entity, CountryEntity)}
    for entity in doc.entities:
        if isinstance(entity, CountryEntity):
            assert entity.id == f"country:{entity.code}"
    for owner, code in _country_codes(doc):
        if code is not None:
            assert code in declared, f"{owner} uses undeclared country {code}"
    assert {"RU", "KP", "KR", "UA"} <= declared


def test_dates_are_plausible_and_no_distance_became_a_date(doc: FactsDocument):
    for owner, text in _dates(doc):
        if text is None:
            continue
        assert "6500" not in text, owner
        assert 2020 <= PartialDate.parse(text).year <= 2025, f"{owner}: {text}"
    dumped = doc.model_dump_json(by_alias=True)
    assert '"6500' not in dumped


# --- the seed's facts -----------------------------------------------------------------------------


def test_required_entities_declared(by_id: dict):
    required = {
        "person:choe-son-hui", "person:sergei-lavrov", "person:maria-zakharova", "person:sergei-shoigu",
        "person:vladimir-putin", "person:kim-jong-un", "person:lim-eul-chul", "person:dmitry-peskov",
        "country:RU", "country:KP", "country:KR", "country:UA",
        "org:al-qahera-news", "org:afp", "org:kcna", "org:kp-state-media", "org:ru-foreign-ministry",
        "org:kp-foreign-ministry", "org:ru-security-council", "org:kremlin", "org:rosaviatsia",
        "org:nordwind-airlines", "org:kyungnam-university",
        "place:pyongyang", "place:moscow", "place:kursk-region",
    }  # fmt: skip
    assert required <= set(by_id)


def test_people_roles(by_id: dict):
    choe = by_id["person:choe-son-hui"]
    assert choe.country == "KP"
    assert choe.roles[0].title_ar == "وزيرة خارجية كوريا الشمالية"
    assert choe.roles[0].organization == "org:kp-foreign-ministry" and choe.roles[0].government
    assert by_id["person:sergei-shoigu"].roles[0].organization == "org:ru-security-council"
    assert by_id["person:dmitry-peskov"].roles[0].organization == "org:kremlin"
    assert by_id["person:maria-zakharova"].roles[0].organization == "org:ru-foreign-ministry"
    lim = by_id["person:lim-eul-chul"]
    assert lim.country == "KR" and lim.roles[0].organization == "org:kyungnam-university"
    assert lim.roles[0].government is False
    assert "Kim Jong-un" in by_id["person:kim-jong-un"].aliases


def test_countries_capitals_and_places(by_id: dict):
    assert by_id["country:RU"].capital == "place:moscow"
    assert by_id["country:KP"].capital == "place:pyongyang"
    for place_id, country in (("place:moscow", "RU"), ("place:pyongyang", "KP")):
        assert by_id[place_id].place_kind == "city" and by_id[place_id].country == country
    assert by_id["org:rosaviatsia"].org_kind == "regulator"
    assert by_id["org:nordwind-airlines"].org_kind == "airline"


def _visits(doc: FactsDocument, visitor: str) -> list[VisitFact]:
    return [f for f in doc.facts if isinstance(f, VisitFact) and f.visitor == visitor]


def _statements(doc: FactsDocument, speaker: str) -> list[StatementFact]:
    return [f for f in doc.facts if isinstance(f, StatementFact) and f.speaker == speaker]


def _events(doc: FactsDocument, kind: str) -> list[EventFact]:
    return [f for f in doc.facts if isinstance(f, EventFact) and f.kind == kind]


def test_choe_statement(doc: FactsDocument):
    (statement,) = _statements(doc, "person:choe-son-hui")
    assert "سلامة أراضيها وسيادتها" in statement.quote
    assert "country:RU" in statement.about
    assert "Al-Qahera News" in statement.summary


def test_lavrov_visit(doc: FactsDocument):
    (visit,) = _visits(doc, "person:sergei-lavrov")
    assert (visit.start, visit.end) == ("2025-07-11", "2025-07-13")
    assert visit.status.value == "planned"
    assert (visit.visitor_country, visit.host_country) == ("RU", "KP")
    assert visit.destination == "place:pyongyang"
    assert visit.invited_by == "org:kp-foreign-ministry"
    assert visit.purpose and "bilateral" in visit.purpose
    (zakharova,) = _statements(doc, "person:maria-zakharova")
    assert visit.id in zakharova.about and "العسكرية والاقتصادية" in zakharova.quote
    (kcna,) = _statements(doc, "org:kcna")
    assert visit.id in kcna.about and "تلبية لدعوة" in kcna.quote


def test_speculated_summit(doc: FactsDocument):
    (summit,) = _events(doc, "summit")
    assert summit.status.value == "speculated"
    assert set(summit.participants) == {"person:vladimir-putin", "person:kim-jong-un"}


def test_shoigu_visits_and_anniversary(doc: FactsDocument):
    visits = {v.start: v for v in _visits(doc, "person:sergei-shoigu")}
    assert set(visits) == {"2025", "2025-06"}
    assert all(v.status.value == "completed" and v.destination == "place:pyongyang" for v in visits.values())
    # "زيارات عدة ... وكان آخرها الشهر الماضي": a series told without a number, and its dated latest visit
    series, latest = visits["2025"], visits["2025-06"]
    assert (series.count, series.several, series.latest_of) == (None, True, None)
    assert (latest.count, latest.several, latest.latest_of) == (None, None, series.id)
    (anniversary,) = _events(doc, "anniversary")
    assert anniversary.date == "2025-06"
    assert set(anniversary.participants) == {"country:RU", "country:KP"}


def test_agreement_signed_during_putin_2024_visit(doc: FactsDocument, by_id: dict):
    agreement = by_id["agreement:ru-kp-comprehensive-military-agreement"]
    assert set(agreement.parties) == {"country:RU", "country:KP"}
    assert agreement.signed_on == "2024-06"
    assert agreement.clauses == ["mutual defence"]
    visit = by_id[agreement.signed_during]
    assert isinstance(visit, VisitFact)
    assert visit.visitor == "person:vladimir-putin"
    assert visit.start == "2024-06" and visit.status.value == "completed"
    assert visit.destination == "place:pyongyang"


def test_war_deployment_and_confirmation(doc: FactsDocument):
    (war,) = _events(doc, "war")
    assert war.status.value == "ongoing" and war.date is None
    assert set(war.participants) == {"country:RU", "country:UA"}
    (deployment,) = _events(doc, "deployment")
    assert set(deployment.participants) == {"country:KP", "country:RU"}
    assert deployment.place == "place:kursk-region"
    (confirmation,) = _statements(doc, "country:KP")
    assert confirmation.date == "2025-04"
    assert deployment.id in confirmation.about
    assert "بمقتل جنود" in confirmation.quote


def test_state_media_on_kim(doc: FactsDocument):
    (statement,) = _statements(doc, "org:kp-state-media")
    assert "person:kim-jong-un" in statement.about
    assert "مزيد من التعاون" in statement.quote


def test_lim_statements_and_expected_kim_visit(doc: FactsDocument):
    statements = _statements(doc, "person:lim-eul-chul")
    assert any("أمر غير عادي" in s.quote for s in statements)
    expected = [v for v in _visits(doc, "person:kim-jong-un") if v.status.value == "expected"]
    assert len(expected) == 1
    assert expected[0].host_country == "RU"
    assert any(expected[0].id in s.about and "AFP" in s.summary for s in statements)


def test_peskov_rules_out_two_visits(doc: FactsDocument, by_id: dict):
    (statement,) = _statements(doc, "person:dmitry-peskov")
    assert statement.date == "2025-07-09"
    assert "لا توجد مثل هذه الخطط" in statement.quote
    ruled_out = [by_id[ref] for ref in statement.about if kind_of(ref) == "visit"]
    assert len(ruled_out) == 2
    assert all(v.status.value == "ruled_out" for v in ruled_out)
    assert {(v.visitor, v.host_country) for v in ruled_out} == {
        ("person:kim-jong-un", "RU"),
        ("person:vladimir-putin", "KP"),
    }
    expected_kim = [v for v in _visits(doc, "person:kim-jong-un") if v.status.value == "expected"]
    assert expected_kim[0].id not in statement.about  # the two sources disagree: separate facts


def test_flights_permission(doc: FactsDocument):
    permissions = [f for f in doc.facts if isinstance(f, AgreementFact) and f.kind == "permission"]
    assert len(permissions) == 1
    permission = permissions[0]
    assert set(permission.parties) == {"org:rosaviatsia", "org:nordwind-airlines"}
    assert permission.clauses == ["up to two flights a week between Moscow and Pyongyang"]
    (announcement,) = _statements(doc, "org:rosaviatsia")
    assert permission.id in announcement.about
    (flights,) = _events(doc, "flights")
    assert "6,500 km" in flights.summary or "6500 km" in flights.summary
    assert {"place:moscow", "place:pyongyang"} <= set(flights.participants)


# --- the format documentation ---------------------------------------------------------------------


def test_docs_example_validates():
    text = DOCS.read_text(encoding="utf-8")
    example = text.split("## A short example", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    document = FactsDocument.model_validate(json.loads(example))
    body = document.article.text
    for _owner, evidence in _evidence_items(document):
        assert body[evidence.start : evidence.end] == evidence.quote
