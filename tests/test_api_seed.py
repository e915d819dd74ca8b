"""The GraphQL contract over HTTP, against a real Neo4j holding the seed article's facts."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from tests.conftest import GraphQL, data_of

pytestmark = pytest.mark.usefixtures("seeded")


def test_lavrov_visit_with_linked_fields_and_evidence(gql: GraphQL) -> None:
    data = data_of(
        gql("""{
      visits(visitor: "person:sergei-lavrov") {
        totalCount
        edges { node {
          visitor { name nameAr roles { title organization { name } country { code } } }
          visitorCountry { code } hostCountry { code name capital { name } }
          destination { name nameAr }
          startDate endDate status purpose
          invitedBy { __typename id name }
          sources { quote start end article { id title language publishedOn text } }
        } }
      }
    }""")
    )
    assert data["visits"]["totalCount"] == 1
    visit = data["visits"]["edges"][0]["node"]
    assert visit["visitor"]["name"] == "Sergei Lavrov"
    assert visit["visitor"]["nameAr"] == "سيرغي لافروف"
    assert any(r["country"] and r["country"]["code"] == "RU" for r in visit["visitor"]["roles"])
    assert (visit["hostCountry"]["code"], visit["destination"]["name"]) == ("KP", "Pyongyang")
    assert visit["hostCountry"]["capital"]["name"] == "Pyongyang"
    assert (visit["startDate"], visit["endDate"], visit["status"]) == ("2025-07-11", "2025-07-13", "PLANNED")
    assert visit["invitedBy"] == {
        "__typename": "Organization",
        "id": "org:kp-foreign-ministry",
        "name": visit["invitedBy"]["name"],
    }
    for source in visit["sources"]:
        text = source["article"]["text"]
        assert text[source["start"] : source["end"]] == source["quote"]
        assert source["article"]["publishedOn"] == "2025-07-09"
        assert source["article"]["language"] == "ar"


def test_node_resolves_every_type(gql: GraphQL) -> None:
    ids = {
        "person:sergei-lavrov": "Person",
        "country:KP": "Country",
        "org:rosaviatsia": "Organization",
        "place:pyongyang": "Place",
        "article:seed-000-29605565af34d15c": "Article",
    }
    for node_id, typename in ids.items():
        data = data_of(gql("query($id: ID!) { node(id: $id) { __typename id } }", id=node_id))
        assert data["node"] == {"__typename": typename, "id": node_id}
    facts = data_of(gql("{ articles { edges { node { facts { __typename id } } } } }"))
    found = {f["__typename"] for f in facts["articles"]["edges"][0]["node"]["facts"]}
    assert found == {"Visit", "Agreement", "Statement", "Event"}
    for fact in facts["articles"]["edges"][0]["node"]["facts"]:
        data = data_of(gql("query($id: ID!) { node(id: $id) { __typename id } }", id=fact["id"]))
        assert data["node"] == fact
    assert data_of(gql('{ node(id: "person:nobody") { id } }'))["node"] is None


def test_agreement_signed_during_putins_visit(gql: GraphQL) -> None:
    data = data_of(
        gql("""{ agreements(partyCountry: "KP") { totalCount edges { node {
        name kind signedOn clauses parties { ... on Country { code } }
        signedDuring { visitor { name } startDate status hostCountry { code } }
    } } } }""")
    )
    treaty = next(e["node"] for e in data["agreements"]["edges"] if e["node"]["signedOn"] == "2024-06")
    assert {p.get("code") for p in treaty["parties"]} == {"RU", "KP"}
    assert any("defence" in clause for clause in treaty["clauses"])
    assert treaty["signedDuring"] == {
        "visitor": {"name": "Vladimir Putin"},
        "startDate": "2024-06",
        "status": "COMPLETED",
        "hostCountry": {"code": "KP"},
    }


def test_peskov_rules_out_visits(gql: GraphQL) -> None:
    data = data_of(
        gql("""{ statements(speaker: "person:dmitry-peskov") { edges { node { date quote summary } } }
                            visits(status: RULED_OUT) { edges { node { visitor { name } hostCountry { code } } } } }""")
    )
    (statement,) = [e["node"] for e in data["statements"]["edges"]]
    assert statement["date"] == "2025-07-09"
    assert "لا توجد مثل هذه الخطط" in statement["quote"]
    ruled_out = {(e["node"]["visitor"]["name"], e["node"]["hostCountry"]["code"]) for e in data["visits"]["edges"]}
    assert ruled_out == {("Kim Jong Un", "RU"), ("Vladimir Putin", "KP")}


def test_officials_and_persons(gql: GraphQL) -> None:
    data = data_of(
        gql("""{
        officials(country: "RU", first: 50) { totalCount edges { node { name } } }
        persons(first: 50) { totalCount }
        experts: persons(search: "Lim") { edges { node { name roles { title government } } } }
    }""")
    )
    officials = {e["node"]["name"] for e in data["officials"]["edges"]}
    assert {"Sergei Lavrov", "Maria Zakharova", "Dmitry Peskov", "Vladimir Putin", "Sergei Shoigu"} <= officials
    assert "Lim Eul-chul" not in officials and "Kim Jong Un" not in officials
    assert data["officials"]["totalCount"] == len(officials)
    assert data["persons"]["totalCount"] == 8
    (lim,) = data["experts"]["edges"]
    assert not any(role["government"] for role in lim["node"]["roles"])


def test_country_views(gql: GraphQL) -> None:
    data = data_of(
        gql("""{ country(code: "kp") { code name nameAr capital { name }
        visitsHosted { visitor { name } status } agreements { kind } people { name } }
        countries { code } }""")
    )
    country = data["country"]
    assert (country["code"], country["nameAr"]) == ("KP", "كوريا الشمالية")
    visitors = {v["visitor"]["name"] for v in country["visitsHosted"]}
    assert {"Sergei Lavrov", "Sergei Shoigu", "Vladimir Putin"} <= visitors
    assert {"RU", "KP", "KR", "UA"} <= {c["code"] for c in data["countries"]}


def test_statements_events_and_partial_dates(gql: GraphQL) -> None:
    data = data_of(
        gql("""{
        june: visits(from: "2025-06", to: "2025-06") { edges { node { visitor { name } startDate } } }
        year: visits(from: "2025", to: "2025") { totalCount }
        events(kind: "anniversary") { edges { node { date summary participants { name } } } }
        summit: events(status: SPECULATED) { edges { node { kind participants { name } } } }
    }""")
    )
    june = {(e["node"]["visitor"]["name"], e["node"]["startDate"]) for e in data["june"]["edges"]}
    # Shoigu's June visit, and his several 2025 visits (year precision overlaps June)
    assert ("Sergei Shoigu", "2025-06") in june and ("Sergei Shoigu", "2025") in june
    assert data["year"]["totalCount"] >= 3
    (anniversary,) = data["events"]["edges"]
    assert anniversary["node"]["date"] == "2025-06"
    (summit,) = data["summit"]["edges"]
    assert {p["name"] for p in summit["node"]["participants"]} == {"Vladimir Putin", "Kim Jong Un"}


def test_keyset_pages_cover_the_list_once(gql: GraphQL) -> None:
    seen: list[str] = []
    after = None
    while True:
        data = data_of(
            gql(
                "query($after: String) { persons(first: 3, after: $after) { totalCount "
                "pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }",
                after=after,
            )
        )
        page = data["persons"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"] == 8
    backwards = data_of(gql("{ persons(last: 3) { pageInfo { hasPreviousPage } edges { node { id } } } }"))
    assert [e["node"]["id"] for e in backwards["persons"]["edges"]] == seen[-3:]
    assert backwards["persons"]["pageInfo"]["hasPreviousPage"] is True


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ('{ visits(hostCountry: "XX") { totalCount } }', "hostCountry"),
        ("{ persons(first: 100000) { totalCount } }", "first"),
        ('{ persons(after: "not-a-cursor") { totalCount } }', "after"),
        ('{ visits(visitor: "person:nobody") { totalCount } }', "visitor"),
    ],
)
def test_bad_arguments_name_the_argument(gql: GraphQL, query: str, argument: str) -> None:
    body = gql(query)
    (error,) = body["errors"]
    assert f"'{argument}'" in error["message"]
    assert "Traceback" not in str(body)


def test_malformed_partial_date_is_rejected(gql: GraphQL) -> None:
    body = gql('{ visits(from: "2025-13") { totalCount } }')
    (error,) = body["errors"]
    assert error["message"] == "argument 'from': '2025-13' has month 13: months run 01 to 12"
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "from"}
    body = gql("query($d: PartialDate) { events(to: $d) { totalCount } }", d="2025-02-30")
    assert "$d" in body["errors"][0]["message"] and "not a day of the calendar" in body["errors"][0]["message"]


def test_round_trips_do_not_grow_with_the_number_of_items(gql: GraphQL) -> None:
    query = """query($n: Int) { visits(first: $n) { edges { node {
        visitor { name roles { title organization { name } } country { code } }
        hostCountry { name capital { name } } destination { name } invitedBy { name }
        sources { quote article { title } }
    } } } }"""
    few, many = gql(query, n=1), gql(query, n=50)
    assert len(few["data"]["visits"]["edges"]) == 1 and len(many["data"]["visits"]["edges"]) >= 7
    assert few["extensions"]["cypherQueries"] == many["extensions"]["cypherQueries"]


def test_officials_search_in_either_script(gql: GraphQL) -> None:
    for spelling in ("لافروف", "Lavrov", "LAVROV", "سيرجي لافروف", "لافْرُوف"):
        data = data_of(gql("query($q: String) { officials(search: $q) { edges { node { id } } } }", q=spelling))
        assert [e["node"]["id"] for e in data["officials"]["edges"]] == ["person:sergei-lavrov"], spelling


async def test_internal_failures_are_masked(gql: GraphQL, seeded: AsyncDriver, settings: Settings) -> None:
    """A node written outside the loader (no summary, no quote) breaks a resolver: the client sees
    'internal error' at the field's path, never the exception or Cypher."""
    await seeded.execute_query(
        "CREATE (:Node:Fact:Statement {id: 'statement:broken', sortDate: '2000-01-01', sortDateDesc: '2000-01-01'})",
        database_=settings.neo4j_database,
    )
    body = gql("{ statements(first: 1) { edges { node { id summary } } } }")
    (error,) = body["errors"]
    assert error["message"] == "internal error"
    assert error["path"][0] == "statements"
    assert "KeyError" not in str(body) and "summary" not in error["message"]
