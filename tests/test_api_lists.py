"""Relay lists over HTTP: keyset cursors that survive new data, ordering, nested connections, search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from loaders.run import load_paths
from tests.conftest import TEST_DATA, GraphQL, data_of

EXTRA = TEST_DATA / "facts" / "extra_visit.facts.json"

pytestmark = pytest.mark.usefixtures("seeded")


def _ids(connection: dict) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


async def test_cursor_stays_valid_when_new_data_arrives(gql: GraphQL, seeded: AsyncDriver, settings: Settings) -> None:
    query = (
        "query($after: String) { visits(first: 3, after: $after) { pageInfo { endCursor } "
        "edges { node { id startDate } } } }"
    )
    first = data_of(gql(query))["visits"]
    rest_before = data_of(gql(query.replace("first: 3", "first: 50"), after=first["pageInfo"]["endCursor"]))
    # a visit dated before everything in the seed: an offset cursor would now repeat an item
    report = await load_paths(seeded, [EXTRA], database=settings.neo4j_database)
    assert report.ok, report.errors
    rest_after = data_of(gql(query.replace("first: 3", "first: 50"), after=first["pageInfo"]["endCursor"]))
    assert _ids(rest_after["visits"]) == _ids(rest_before["visits"])
    everything = data_of(gql("{ visits(first: 50) { totalCount edges { node { id } } } }"))["visits"]
    assert everything["totalCount"] == len(first["edges"]) + len(_ids(rest_before["visits"])) + 1
    assert everything["edges"][0]["node"]["id"] == "visit:test-early-visit"


def test_order_by_date_descending_and_name(gql: GraphQL) -> None:
    data = data_of(
        gql("""{
        asc: visits(first: 50) { edges { node { id startDate } } }
        desc: visits(first: 50, orderBy: {by: DATE, direction: DESC}) { edges { node { id startDate } } }
        names: persons(first: 50, orderBy: {by: NAME, direction: DESC}) { edges { node { name } } }
    }""")
    )
    asc = [e["node"] for e in data["asc"]["edges"]]
    desc = [e["node"] for e in data["desc"]["edges"]]
    dated = [v["startDate"] for v in asc if v["startDate"]]
    assert dated == sorted(dated, key=lambda d: d)  # partial dates by their first day: 2025 < 2025-06
    assert asc[-1]["startDate"] is None and desc[-1]["startDate"] is None  # undated last either way
    assert [v["id"] for v in desc if v["startDate"]] == [v["id"] for v in asc if v["startDate"]][::-1]
    names = [e["node"]["name"] for e in data["names"]["edges"]]
    assert names == sorted(names, key=str.casefold, reverse=True)


def test_order_by_that_does_not_apply_is_an_error(gql: GraphQL) -> None:
    body = gql("{ persons(orderBy: {by: DATE}) { totalCount } }")
    assert "'orderBy.by': DATE does not apply to this list; use NAME" in body["errors"][0]["message"]


def test_last_before_walks_backwards(gql: GraphQL) -> None:
    all_ids = _ids(data_of(gql("{ statements(first: 50) { edges { node { id } } } }"))["statements"])
    page = data_of(gql("{ statements(last: 2) { pageInfo { startCursor hasPreviousPage } edges { node { id } } } }"))
    assert _ids(page["statements"]) == all_ids[-2:]
    before = page["statements"]["pageInfo"]["startCursor"]
    previous = data_of(gql("query($b: String) { statements(last: 2, before: $b) { edges { node { id } } } }", b=before))
    assert _ids(previous["statements"]) == all_ids[-4:-2]


def test_nested_connections(gql: GraphQL) -> None:
    data = data_of(
        gql("""{ country(code: "KP") {
        visitsHostedConnection(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
        visitsHosted { id }
    } person: node(id: "person:dmitry-peskov") { ... on Person { statementsConnection { totalCount } } }
      article: node(id: "article:seed-000-29605565af34d15c") {
        ... on Article { factsConnection(first: 5) { totalCount } } }
    }""")
    )
    hosted = data["country"]["visitsHostedConnection"]
    assert hosted["totalCount"] == len(data["country"]["visitsHosted"]) > 2
    assert hosted["pageInfo"]["hasNextPage"] is True
    assert _ids(hosted) == [v["id"] for v in data["country"]["visitsHosted"]][:2]
    assert data["person"]["statementsConnection"]["totalCount"] == 1
    assert data["article"]["factsConnection"]["totalCount"] == 23


@pytest.mark.parametrize("spelling", ["بيونغ يانغ", "بيونج يانج", "بيونغيانغ", "Pyongyang", "PYONGYANG", "بِيُونْغ يَانْغ"])
def test_search_finds_pyongyang_in_every_spelling(gql: GraphQL, spelling: str) -> None:
    data = data_of(
        gql(
            "query($q: String!) { search(query: $q, kinds: [PLACE]) { totalCount edges { node { kind field text "
            "highlighted highlights { start end } node { id } } } } }",
            q=spelling,
        )
    )
    (hit,) = data["search"]["edges"]
    assert hit["node"]["node"]["id"] == "place:pyongyang"
    assert hit["node"]["highlights"], hit
    assert "<mark>" in hit["node"]["highlighted"]


def test_search_ranks_across_kinds_and_highlights_original_text(gql: GraphQL) -> None:
    data = data_of(
        gql("""{ search(query: "غير عادي") { edges { node { kind field text highlights { start end } node {
        ... on Statement { speaker { name } } } } } } }""")
    )
    hits = [e["node"] for e in data["search"]["edges"]]
    assert hits[0]["kind"] == "STATEMENT" and hits[0]["node"]["speaker"]["name"] == "Lim Eul-chul"
    assert {"STATEMENT", "ARTICLE"} <= {h["kind"] for h in hits}
    for hit in hits:
        marked = [hit["text"][s["start"] : s["end"]] for s in hit["highlights"]]
        assert marked == ["غير", "عادي"]


def test_search_variants_of_a_person(gql: GraphQL) -> None:
    for spelling in ("ديمتري بيسكوف", "دميتري بيسكوف", "peskov", "Dmitry Peskov"):
        data = data_of(
            gql(
                "query($q: String!) { search(query: $q, kinds: [PERSON]) { edges { node { node { id } } } } }",
                q=spelling,
            )
        )
        assert [e["node"]["node"]["id"] for e in data["search"]["edges"]] == ["person:dmitry-peskov"], spelling


def test_search_rejects_empty_query(gql: GraphQL) -> None:
    body = gql('{ search(query: " ، ") { totalCount } }')
    assert body["errors"][0]["message"].startswith("argument 'query'")


def test_extra_fixture_is_valid_json() -> None:
    assert json.loads(Path(EXTRA).read_text(encoding="utf-8"))["article"]["id"] == "test-extra-visit"


def test_total_count_alone_reads_no_page(gql: GraphQL) -> None:
    body = gql("{ visits { totalCount } }")
    assert body["data"]["visits"]["totalCount"] > 0
    assert body["extensions"]["cypherQueries"] == 1  # the count query only
    both = gql("{ visits { totalCount edges { node { id } } pageInfo { hasNextPage } nodes { id } } }")
    assert both["extensions"]["cypherQueries"] == 2  # edges, nodes and pageInfo share one page query
