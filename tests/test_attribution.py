"""Who reported what (issue 10, item 7): evidence attributed to an outlet, the article's outlet, and fact
lists filtered by reporting source, over HTTP against a real Neo4j holding the seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.pipeline import extract_text
from graph import model
from loaders.document import FactsDocument, OrganizationEntity
from loaders.load import outlet_of, to_rows
from loaders.validate import check_document
from tests.conftest import GraphQL, data_of

KCNA_STATEMENT = "statement:kcna-lavrov-visit-invitation"


@pytest.mark.usefixtures("seeded")
def test_evidence_attributed_to_kcna_names_it(gql: GraphQL) -> None:
    data = data_of(gql("""query($id: ID!) { node(id: $id) { ... on Statement {
      sources { quote reportedBy { __typename id name } }
    } } }""", id=KCNA_STATEMENT))
    [source] = data["node"]["sources"]
    assert "وكالة الأنباء الكورية الشمالية" in source["quote"]
    assert source["reportedBy"] == {"__typename": "Organization", "id": "org:kcna",
                                    "name": "Korean Central News Agency"}


@pytest.mark.usefixtures("seeded")
def test_unattributed_evidence_has_no_reporter(gql: GraphQL) -> None:
    data = data_of(gql("""{ node(id: "statement:peskov-no-visit-plans-2025-07-09") { ... on Statement {
      sources { reportedBy { id } } } } }"""))
    assert [s["reportedBy"] for s in data["node"]["sources"]] == [None]


@pytest.mark.usefixtures("seeded")
def test_statements_filtered_by_reporting_source(gql: GraphQL) -> None:
    body = gql("""{
      kcna: statements(reportedBy: "org:kcna") { totalCount edges { node { id } } }
      afp: statements(reportedBy: "org:afp") { edges { node { id } } }
      qahera: statements(reportedBy: "org:al-qahera-news") { edges { node { id } } }
      visits(reportedBy: "org:afp") { edges { node { id } } }
      agreements(reportedBy: "org:kcna") { totalCount }
      events(reportedBy: "org:kcna") { totalCount }
    }""")
    data = data_of(body)
    assert [e["node"]["id"] for e in data["kcna"]["edges"]] == [KCNA_STATEMENT]
    assert data["kcna"]["totalCount"] == 1
    assert [e["node"]["id"] for e in data["afp"]["edges"]] == ["statement:lim-talks-prepare-kim-visit"]
    assert [e["node"]["id"] for e in data["qahera"]["edges"]] == ["statement:choe-supports-russia-sovereignty"]
    assert [e["node"]["id"] for e in data["visits"]["edges"]] == ["visit:kim-russia-expected"]
    assert data["agreements"]["totalCount"] == data["events"]["totalCount"] == 0


@pytest.mark.usefixtures("seeded")
def test_reported_by_filter_costs_one_page_query_whatever_the_page(gql: GraphQL) -> None:
    query = """query($n: Int) { statements(reportedBy: "org:kcna", first: $n) {
      edges { node { id sources { reportedBy { id } article { outlet { id } } } } } } }"""
    few, many = gql(query, n=1), gql(query, n=50)
    assert few["extensions"]["cypherQueries"] == many["extensions"]["cypherQueries"]


@pytest.mark.usefixtures("seeded")
def test_unknown_reporting_source_is_a_coded_error_with_suggestions(gql: GraphQL) -> None:
    body = gql('{ statements(reportedBy: "France Presse") { totalCount } }')
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "reportedBy"
    assert error["extensions"]["suggestions"][0] == "org:afp"
    assert error["message"].startswith("argument 'reportedBy': no organization with id 'France Presse'")
    # a person is not an outlet
    body = gql('{ statements(reportedBy: "person:kim-jong-un") { totalCount } }')
    assert body["errors"][0]["extensions"]["argument"] == "reportedBy"


@pytest.mark.usefixtures("seeded")
def test_seed_article_outlet_is_unknown(gql: GraphQL) -> None:
    # The raw page names no publisher and no address (it only cites Al-Qahera News, AFP and KCNA).
    query = '{ node(id: "article:seed-000-29605565af34d15c") { ... on Article { source url outlet { id } } } }'
    data = data_of(gql(query))
    assert data["node"] == {"source": None, "url": None, "outlet": None}


def _doc(source: str | None) -> FactsDocument:
    return FactsDocument.model_validate({
        "article": {"id": "a1", "title": "t", "language": "en", "published": "2025-07-09", "source": source,
                    "text": "TASS said so."},
        "entities": [{"kind": "organization", "id": "org:tass", "name": "TASS", "nameAr": "تاس",
                      "aliases": ["ITAR-TASS"]}],
    })


def test_outlet_resolves_a_source_by_id_name_or_alias_in_any_script() -> None:
    assert isinstance(_doc(None).entities[0], OrganizationEntity)
    for source in ("org:tass", "TASS", "tass", "تاس", "ITAR-TASS"):
        assert outlet_of(_doc(source)) == "org:tass", source
    assert outlet_of(_doc("Reuters")) is None
    assert outlet_of(_doc(None)) is None
    rows = to_rows(_doc("TASS"), "TASS said so.")
    assert rows.rels[model.PUBLISHED_BY] == [{"from": "article:a1", "to": "org:tass", "props": {}}]


# --- the extractor: attribution phrases in the evidence's sentence ---------------------------------------

def _reporters(text: str, language: str) -> dict[str, list[str | None]]:
    doc = extract_text(text, published="2025-07-09", language=language)
    return {fact.id.split(":")[0]: [e.reported_by for e in fact.evidence] for fact in doc.facts}


@pytest.mark.parametrize(("text", "language", "outlet"), [
    ("North Korea's foreign minister said Pyongyang supports Russia, according to KCNA.", "en", "org:kcna"),
    ("Lim Eul-chul told AFP that Kim Jong Un is expected to visit Russia.", "en", "org:afp"),
    ("Putin will visit Pyongyang, TASS reported on Tuesday.", "en", "org:tass"),
    ("وقال لافروف إن بلاده ستوقع اتفاقا مع كوريا الشمالية، بحسب وكالة تاس.", "ar", "org:tass"),
    ("وقال الرئيس الصومالي إنه سيزور القاهرة الأسبوع المقبل، بحسب ما أوردته وكالة الأنباء الصومالية (صونا).",
     "ar", "org:sonna"),
])
def test_extractor_attributes_evidence_to_the_outlet_its_sentence_names(text: str, language: str, outlet: str):
    reporters = _reporters(text, language)
    assert reporters, text
    assert all(r == [outlet] for r in reporters.values()), reporters


def test_extractor_does_not_attribute_across_sentences_or_to_a_bare_mention():
    reporters = _reporters("Sergei Lavrov arrived in Pyongyang on Friday. A KCNA photographer was there.", "en")
    assert reporters == {"visit": [None]}
    reporters = _reporters("Sergei Lavrov arrived in Pyongyang on Friday. Later, KCNA said talks went well.", "en")
    assert reporters["visit"] == [None]


def test_extractor_attributes_the_seed_as_curated():
    text = Path("data/seed/000_29605565af34d15c.txt").read_text()
    doc = extract_text(text, published="2025-07-09", language="ar")
    found = {e.reported_by for f in doc.facts for e in f.evidence} - {None}
    assert found == {"org:kcna", "org:afp", "org:al-qahera-news", "org:kp-state-media"}
    curated = FactsDocument.model_validate_json(Path("data/seed/000_29605565af34d15c.facts.json").read_text())
    assert {e.reported_by for f in curated.facts for e in f.evidence} - {None} == found


def test_the_validator_refuses_an_undeclared_or_non_organization_reporter():
    text = Path("data/seed/000_29605565af34d15c.txt").read_text()
    data = json.loads(Path("data/seed/000_29605565af34d15c.facts.json").read_text())
    fact = next(f for f in data["facts"] if any(e.get("reportedBy") for e in f["evidence"]))
    k = next(i for i, e in enumerate(fact["evidence"]) if e.get("reportedBy"))
    for bad, why in (("org:nobody", "org:nobody"), ("person:sergei-lavrov", "person")):
        fact["evidence"][k]["reportedBy"] = bad
        errors = check_document(FactsDocument.model_validate(data), text, "seed")
        assert any(f"evidence[{k}].reportedBy" in e and why in e for e in errors), errors
