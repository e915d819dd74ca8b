"""The plans Neo4j makes for the API's list and count statements (EXPLAIN, PROFILE): a list filtered by a given
node starts from that node (an index seek), never from a scan of all nodes of the listed label; an unfiltered list
reads its sort key's index in order instead of sorting everything; an unfiltered count reads degrees."""

from __future__ import annotations

import json
from typing import Any

import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from tests.conftest import GraphQL, data_of, wipe

ANCHORED = {
    "visits by visitor": "visits(visitor: {person})",
    "visits by host": "visits(hostCountry: {country})",
    "visits by visitor's country": "visits(visitorCountry: {country})",
    "visits by visitor and host": "visits(visitor: {person}, hostCountry: {country})",
    "visits reported by": "visits(reportedBy: {organization})",
    "agreements by party": "agreements(party: {country})",
    "agreements by party country": "agreements(partyCountry: {country})",
    "statements by speaker": "statements(speaker: {person})",
    "events by participant": "events(participant: {country})",
    "persons of a country": "persons(country: {country})",
    "officials of a country": "officials(country: {country})",
    "organizations of a country": "organizations(country: {country})",
}
Statements = list[tuple[str, dict[str, Any]]]
SCANS = {"NodeByLabelScan", "NodeIndexScan", "AllNodesScan", "DirectedRelationshipTypeScan",
         "UndirectedRelationshipTypeScan"}  # fmt: skip


def _operators(plan: dict[str, Any]) -> list[str]:
    return [plan["operatorType"].split("@")[0]] + [op for child in plan.get("children", []) for op in _operators(child)]


async def _plans(driver: AsyncDriver, settings: Settings, statements: Statements) -> list[list[str]]:
    plans = []
    for cypher, params in statements:
        _, summary, _ = await driver.execute_query(f"EXPLAIN {cypher}", params, database_=settings.neo4j_database)
        plans.append(_operators(summary.plan))
    return plans


@pytest.fixture(scope="module")
async def corpus(driver: AsyncDriver, settings: Settings) -> dict[str, str]:
    """A generated corpus of some size (the bench's; a handful of nodes would let the planner scan anything),
    and ids to filter by: a person who visited, a country hosting visits, an organization."""
    from bench.corpus import generate
    from loaders.load import ensure_schema, load_document

    await wipe(driver, settings)
    await ensure_schema(driver, database=settings.neo4j_database)
    for article in generate(600, seed=3):
        await load_document(driver, article.document, article.text, database=settings.neo4j_database)
    # statistics of the loaded graph, not of the empty one, and no plan cached from before
    for procedure in ("db.awaitIndexes()", "db.resampleOutdatedIndexes()", "db.clearQueryCaches()"):
        await driver.execute_query(f"CALL {procedure}", database_=settings.neo4j_database)
    records, _, _ = await driver.execute_query(
        "MATCH (p:Person)-[:MADE]->(:Visit)-[:HOSTED_BY]->(c:Country) WITH p, c, count(*) AS n "
        "ORDER BY n DESC LIMIT 1 MATCH (o:Organization) RETURN p.id AS person, c.code AS country, "
        "o.id AS organization LIMIT 1", database_=settings.neo4j_database)
    return dict(records[0])


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Statements:
    """Every statement the API runs from now on, with its parameters."""
    from schema import data

    seen: list[tuple[str, dict[str, Any]]] = []
    rows = data.Reader.rows

    async def spy(self: data.Reader, cypher: str, **params: Any) -> Any:
        seen.append((cypher, {k: v for k, v in params.items() if k != "maps"}))
        return await rows(self, cypher, **params)

    monkeypatch.setattr(data.Reader, "rows", spy)
    return seen


@pytest.mark.parametrize("name", list(ANCHORED))
async def test_a_list_filtered_by_a_node_starts_from_it(
    driver: AsyncDriver, settings: Settings, corpus: dict[str, str], gql: GraphQL, statements: Statements, name: str
) -> None:
    field = ANCHORED[name].format(**{key: json.dumps(value) for key, value in corpus.items()})
    data_of(gql(f"{{ {field} {{ totalCount edges {{ node {{ id }} }} }} }}"))
    assert len(statements) == 2  # the page and the count, each checking the filter's node exists
    for operators in await _plans(driver, settings, statements):
        assert "NodeUniqueIndexSeek" in operators, operators
        assert not SCANS & set(operators), operators


async def test_an_unfiltered_list_reads_its_sort_index_in_order(
    driver: AsyncDriver, settings: Settings, corpus: dict[str, str], gql: GraphQL, statements: Statements
) -> None:
    page = data_of(gql("{ visits(first: 2) { pageInfo { endCursor } } }"))["visits"]["pageInfo"]
    data_of(gql("query($after: String) { visits(first: 2, after: $after) { edges { node { id } } } }",
                after=page["endCursor"]))
    for operators in await _plans(driver, settings, statements):
        assert "NodeIndexScan" in operators or "NodeIndexSeekByRange" in operators, operators
        assert "Sort" not in operators and "Top" not in operators, operators  # no sort of every visit


def _db_hits(plan: dict[str, Any]) -> int:
    return plan.get("dbHits", 0) + sum(_db_hits(child) for child in plan.get("children", []))


async def test_counts_by_host_country_read_each_countrys_degree(
    driver: AsyncDriver, settings: Settings, corpus: dict[str, str], gql: GraphQL, statements: Statements
) -> None:
    data_of(gql("{ visitCounts(groupBy: HOST_COUNTRY) { key count } }"))
    [(cypher, params)] = statements
    _, summary, _ = await driver.execute_query(f"PROFILE {cypher}", params, database_=settings.neo4j_database)
    records, _, _ = await driver.execute_query("MATCH (n:Visit) RETURN count(n) AS n",
                                               database_=settings.neo4j_database)
    # each country's HOSTED_BY degree from the store, the few rejected and series visits by label and index:
    # far fewer reads than visits (counting by expanding every visit reads each of them twice)
    assert _db_hits(summary.profile) < records[0]["n"] / 4, _operators(summary.profile)


async def test_filtered_counts_by_host_country_expand_from_the_countries(
    driver: AsyncDriver, settings: Settings, corpus: dict[str, str], gql: GraphQL, statements: Statements
) -> None:
    data_of(gql("{ visitCounts(groupBy: HOST_COUNTRY, from: \"2000\") { key count } }"))
    [operators] = await _plans(driver, settings, statements)
    assert "OptionalExpand(All)" not in operators and "Distinct" not in operators[:3], operators
    # the few series are found by their indexed properties, not by reading every visit again
    assert operators.count("NodeByLabelScan") <= 1, operators
