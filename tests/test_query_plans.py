"""The plans Neo4j makes for the API's list statements (EXPLAIN): a list filtered by a given node starts from
that node (an index seek), never from a scan of all nodes of the listed label; an unfiltered list reads its
sort key's index in order instead of sorting everything."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from tests.conftest import GraphQL, data_of

ANCHORED = {
    "visits by visitor": 'visits(visitor: "person:sergei-lavrov")',
    "visits by host": 'visits(hostCountry: "KP")',
    "visits by visitor's country": 'visits(visitorCountry: "RU")',
    "visits by visitor and host": 'visits(visitor: "person:sergei-lavrov", hostCountry: "KP")',
    "visits reported by": 'visits(reportedBy: "org:kcna")',
    "agreements by party": 'agreements(party: "KP")',
    "agreements by party country": 'agreements(partyCountry: "RU")',
    "statements by speaker": 'statements(speaker: "person:dmitry-peskov")',
    "events by participant": 'events(participant: "KP")',
    "persons of a country": 'persons(country: "RU")',
    "officials of a country": 'officials(country: "RU")',
    "organizations of a country": 'organizations(country: "RU")',
}
SCANS = {"NodeByLabelScan", "NodeIndexScan", "AllNodesScan", "DirectedRelationshipTypeScan",
         "UndirectedRelationshipTypeScan"}  # fmt: skip


def _operators(plan: dict[str, Any]) -> list[str]:
    return [plan["operatorType"].split("@")[0]] + [op for child in plan.get("children", []) for op in _operators(child)]


Statements = list[tuple[str, dict[str, Any]]]


async def _plans(driver: AsyncDriver, settings: Settings, statements: Statements) -> list[list[str]]:
    plans = []
    for cypher, params in statements:
        _, summary, _ = await driver.execute_query(f"EXPLAIN {cypher}", params, database_=settings.neo4j_database)
        plans.append(_operators(summary.plan))
    return plans


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
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
    seeded: AsyncDriver, settings: Settings, gql: GraphQL, statements: list[tuple[str, dict[str, Any]]], name: str
) -> None:
    data_of(gql(f"{{ {ANCHORED[name]} {{ totalCount edges {{ node {{ id }} }} }} }}"))
    assert len(statements) == 2  # the page and the count, each checking the filter's node exists
    for operators in await _plans(seeded, settings, statements):
        assert "NodeUniqueIndexSeek" in operators, operators
        assert not SCANS & set(operators), operators


async def test_an_unfiltered_list_reads_its_sort_index_in_order(
    seeded: AsyncDriver, settings: Settings, gql: GraphQL, statements: list[tuple[str, dict[str, Any]]]
) -> None:
    page = data_of(gql("{ visits(first: 2) { pageInfo { endCursor } } }"))["visits"]["pageInfo"]
    data_of(gql("query($after: String) { visits(first: 2, after: $after) { edges { node { id } } } }",
                after=page["endCursor"]))
    for operators in await _plans(seeded, settings, statements):
        assert "NodeIndexScan" in operators or "NodeIndexSeekByRange" in operators, operators
        assert "Sort" not in operators and "Top" not in operators, operators  # no sort of every visit


async def test_counts_by_host_country_expand_from_the_countries(
    seeded: AsyncDriver, settings: Settings, gql: GraphQL, statements: list[tuple[str, dict[str, Any]]]
) -> None:
    data_of(gql("{ visitCounts(groupBy: HOST_COUNTRY) { key count } }"))
    [operators] = await _plans(seeded, settings, statements)
    assert "OptionalExpand(All)" not in operators and "Distinct" not in operators[:3], operators
    # the few series are found by their indexed properties, not by reading every visit again
    assert operators.count("NodeByLabelScan") <= 1, operators
