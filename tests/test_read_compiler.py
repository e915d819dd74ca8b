"""The read compiler (schema.projection): each root field is one Cypher statement (two with its count),
whatever the nesting, and answers exactly what the field-by-field resolution answers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from tests.conftest import GraphQL, data_of, serve

VISIT = """id startDate startDatePrecision endDate status purpose confidence
  series { count several latest { id } } latestOf { id }
  visitor { id name nameAr aliases verified __typename
            roles { title titleAr since government organization { name } country { code } }
            country { code }
            visitsConnection(first: 2) { totalCount edges { cursor node { id hostCountry { code } } } } }
  visitorCountry { code } hostCountry { code name } destination { name kind country { code } }
  invitedBy { id name __typename } delegation { id name }
  agreements { id name kind parties { id name } signedDuring { id } }
  sources { quote start end confidence article { id title publishedOn language } reportedBy { id name } }"""

QUERIES = {
    "countries, nested three deep": f"""{{ countries {{ code name capital {{ name country {{ code }} }}
        visitsHostedConnection(first: 3) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage endCursor }}
          edges {{ cursor node {{ {VISIT} }} }} }}
        peopleConnection(last: 2) {{ edges {{ node {{ id statementsConnection(first: 2) {{ totalCount
          edges {{ node {{ id date quote summary speaker {{ id name }} about {{ id }} subjects {{ id __typename }} }} }}
        }} }} }} }}
        agreementsConnection(first: 2) {{ nodes {{ id kind status signedOn signedOnPrecision clauses nameAr }} }}
        visitsMadeConnection(first: 1) {{ totalCount }}
      }} }}""",
    "lists with filters": f"""{{
        visits(first: 20, hostCountry: "KP") {{ totalCount edges {{ cursor node {{ {VISIT} }} }} }}
        statements(first: 10, speakerCountry: "RU") {{ totalCount nodes {{ id quote
          speaker {{ id ... on Person {{ name }} }}
          about {{ id name }} sources {{ quote article {{ title }} }} }} }}
        events(first: 10) {{ nodes {{ id kind summary date status participants {{ id ... on Person {{ name }}
          ... on Country {{ code }} }} place {{ name }} sources {{ start end }} }} }}
        agreements(first: 10) {{ nodes {{ id name parties {{ id __typename }} signedDuring {{ id startDate }} }} }}
        articles(first: 3) {{ nodes {{ id title source url cites publishedOn facts {{ id }}
          factsConnection(first: 2) {{ totalCount nodes {{ id ... on Visit {{ startDate }} }} }}
          outlet {{ id }} entities {{ id }} }} }}
        persons(first: 5) {{ nodes {{ id name roles {{ title }} country {{ code }} }} }}
        officials(first: 5, country: "RU") {{ nodes {{ id name }} }}
        organizations(first: 5) {{ totalCount nodes {{ id name kind country {{ code }} }} }}
      }}""",
    "fragments, aliases and directives": """query($person: ID!, $yes: Boolean!, $no: Boolean!) {
        node(id: $person) { id __typename ...Who ... on Entity { sources { quote } }
          ... on Person { one: visitsConnection(first: 1) { nodes { id } }
                          two: visitsConnection(first: 2) { nodes { id } }
                          statements @include(if: $yes) { id } visits @skip(if: $yes) { id }
                          country @include(if: $no) { code } } }
        country(code: "kp") { code people { id } visitsHosted { id } agreements { id } }
      }
      fragment Who on Person { name country { code name } }""",
}


@pytest.fixture(scope="module")
def reference(settings: Settings) -> Iterator[httpx.Client]:
    """The same app with compilation off: every related field fetched by its own batched query."""
    with serve(dataclasses.replace(settings, compile_reads=False)) as url, httpx.Client(base_url=url,
                                                                                          timeout=90) as client:
        yield client


def _variables(gql: GraphQL) -> dict[str, Any]:
    visits = data_of(gql("{ visits(first: 50) { nodes { visitor { id } } } }"))["visits"]["nodes"]
    return {"person": visits[0]["visitor"]["id"], "yes": True, "no": False}


@pytest.mark.parametrize("name", list(QUERIES))
def test_compiled_reads_answer_what_field_by_field_resolution_answers(
    seeded: AsyncDriver, gql: GraphQL, reference: httpx.Client, name: str
) -> None:
    variables = _variables(gql)
    request = {"query": QUERIES[name], "variables": variables}
    answer = gql(QUERIES[name], variables)
    expected = reference.post("/graphql", json=request).json()
    assert data_of(answer) == data_of(expected)
    roots = len(answer["data"])
    # page + count per root field at most, whatever the nesting; the reference needs many more
    assert answer["extensions"]["cypherQueries"] <= 2 * roots
    assert expected["extensions"]["cypherQueries"] > 2 * roots


def test_a_page_of_nested_connections_costs_one_statement(seeded: AsyncDriver, gql: GraphQL) -> None:
    for first in (1, 5, 50):
        body = gql("query($n: Int) { countries { visitsHostedConnection(first: $n) { edges { node { id "
                   "visitor { name } sources { article { title } } } } } } }", n=first)
        assert data_of(body) and body["extensions"]["cypherQueries"] == 1


def test_bad_nested_arguments_are_reported_at_their_field(seeded: AsyncDriver, gql: GraphQL) -> None:
    body = gql("{ countries { code visitsHostedConnection(first: 100000) { totalCount } } }")
    assert body["errors"][0]["path"][0] == "countries"
    assert body["errors"][0]["path"][-1] == "visitsHostedConnection"
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_only_the_properties_asked_for_leave_the_database(seeded: AsyncDriver, gql: GraphQL,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from schema import data

    seen: list[str] = []
    rows = data.Reader.rows

    async def spy(self: data.Reader, cypher: str, **params: Any) -> Any:
        seen.append(cypher)
        return await rows(self, cypher, **params)

    monkeypatch.setattr(data.Reader, "rows", spy)
    data_of(gql("{ articles(first: 2) { nodes { title } } }"))
    [statement] = seen
    assert ".`title`" in statement and "text" not in statement and "properties(" not in statement
