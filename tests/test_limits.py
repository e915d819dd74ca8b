"""Abuse: oversized bodies, queries, variables and searches are refused with BAD_USER_INPUT before
Neo4j sees them; every query Khabar sends has a bounded cost; every error has a code."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from khabar import neo4j_server
from schema.data import Reader
from schema.errors import DatabaseError
from tests.conftest import serve

pytestmark = pytest.mark.usefixtures("seeded")

SEARCH = "query($q: String!) { search(query: $q) { totalCount } }"


def _error(body: dict) -> dict:
    (error,) = body["errors"]
    assert "Traceback" not in json.dumps(body)
    return error


def _neo4j_still_answers(http: httpx.Client) -> None:
    body = http.post("/graphql", json={"query": '{ country(code: "KP") { name } }'}).json()
    assert body["data"] == {"country": {"name": "North Korea"}}


def test_900_kb_search_and_5_mb_variable_are_refused_and_neo4j_stays_up(http: httpx.Client) -> None:
    words = " ".join(["ab"] * 300_000)  # 900 KB, the crash
    literal = http.post("/graphql", json={"query": f'{{ search(query: "{words}") {{ totalCount }} }}'})
    variable = http.post("/graphql", json={"query": SEARCH, "variables": {"q": "x" * 5_000_000}})
    for response in (literal, variable):
        assert response.status_code == 413
        error = _error(response.json())
        assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "body"
        assert "too large" in error["message"]
    _neo4j_still_answers(http)


def test_chunked_body_over_the_cap_is_cut_off(http: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap applies while reading
        yield b'{"query": "{ countries { code } }", "variables": {"pad": "'
        for _ in range(300):
            yield b"x" * 1024
        yield b'"}}'

    response = http.post("/graphql", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and _error(response.json())["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.fixture(scope="module")
def roomy(settings: Settings) -> Iterator[httpx.Client]:
    """A server whose body cap lets large requests reach the query and variable limits behind it."""
    with serve(dataclasses.replace(settings, max_body_bytes=20_000_000)) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        yield client


def test_query_text_and_variables_are_capped(roomy: httpx.Client) -> None:
    words = " ".join(["ab"] * 300_000)
    body = roomy.post("/graphql", json={"query": f'{{ search(query: "{words}") {{ totalCount }} }}'}).json()
    error = _error(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "query"}
    assert body["extensions"]["cypherQueries"] == 0

    body = roomy.post("/graphql", json={"query": SEARCH, "variables": {"q": "x" * 5_000_000}}).json()
    assert _error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": "variables"}
    _neo4j_still_answers(roomy)


def test_text_arguments_have_a_length_limit(http: httpx.Client, settings: Settings) -> None:
    long = "a" * (settings.max_text_chars + 1)
    error = _error(http.post("/graphql", json={"query": SEARCH, "variables": {"q": long}}).json())
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "$q"}
    error = _error(http.post("/graphql", json={"query": f'{{ persons(search: "{long}") {{ totalCount }} }}'}).json())
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "search"}
    assert f"at most {settings.max_text_chars}" in error["message"]


@pytest.mark.parametrize("words", [13, 100, 1000])
def test_searches_have_a_term_limit(http: httpx.Client, settings: Settings, words: int) -> None:
    """1,000 two-letter words gave DATABASE_ERROR ("input automaton is too large"); now a clear refusal."""
    query = " ".join(["ab"] * words)
    roomy = dataclasses.replace(settings, max_text_chars=10_000)
    with serve(roomy) as url, httpx.Client(base_url=url, timeout=30) as client:
        for q in (SEARCH, "query($q: String!) { statements(search: $q) { totalCount } }"):
            body = client.post("/graphql", json={"query": q, "variables": {"q": query}}).json()
            error = _error(body)
            assert error["extensions"]["code"] == "BAD_USER_INPUT"
            assert f"{words} words; at most {settings.max_search_terms}" in error["message"]
            assert body["extensions"]["cypherQueries"] == 0


def test_search_at_the_term_limit_still_works(http: httpx.Client, settings: Settings) -> None:
    query = " ".join(["pyongyang"] * settings.max_search_terms)
    body = http.post("/graphql", json={"query": SEARCH, "variables": {"q": query}}).json()
    assert "errors" not in body and body["data"]["search"]["totalCount"] >= 1


@pytest.mark.parametrize(("query", "code"), [
    ("{ visits( }", "GRAPHQL_PARSE_FAILED"),
    ("{ vists { totalCount } }", "GRAPHQL_VALIDATION_FAILED"),
    ("mutation { x }", "GRAPHQL_VALIDATION_FAILED"),
    ("{ " + " ".join(f"a{i}: countries {{ code }}" for i in range(40)) + " }", "QUERY_TOO_COMPLEX"),
    ("{ visits { edges { node { " + "visitor { visits { " * 6 + "id" + " } }" * 6 + " } } } }", "QUERY_TOO_COMPLEX"),
    ("{ countries { " + "id " * 5100 + "} }", "QUERY_TOO_COMPLEX"),  # over 5,000 tokens, under 20,000 chars
    ('query($n: Int) { visits(first: $n) { totalCount } }', "BAD_USER_INPUT"),
])
def test_errors_before_execution_carry_a_code(http: httpx.Client, query: str, code: str) -> None:
    body = http.post("/graphql", json={"query": query, "variables": {"n": "ten"}}).json()
    assert _error(body)["extensions"]["code"] == code


def test_users_mistakes_leave_no_traceback_in_the_log(http: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        assert "errors" in http.post("/graphql", json={"query": '{ visits(hostCountry: "ZZ") { totalCount } }'}).json()
        assert "errors" in http.post("/graphql", json={"query": "{ visits( }"}).json()
        assert "errors" in http.post("/graphql", json={"query": SEARCH, "variables": {"q": "a " * 20}}).json()
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


async def test_every_read_has_a_time_budget(seeded: AsyncDriver, settings: Settings) -> None:
    """A read that would run for minutes is cut off by Neo4j and reported as QUERY_TOO_EXPENSIVE."""
    reader = Reader(seeded, settings.neo4j_database, timeout_s=0.5)
    with pytest.raises(DatabaseError) as caught:
        await reader.rows("UNWIND range(1, 10000000000) AS x RETURN count(x) AS n")
    assert caught.value.code == "QUERY_TOO_EXPENSIVE" and "too expensive" in caught.value.message
    assert (await reader.rows("RETURN 1 AS up")) == [{"up": 1}]


def test_local_server_bounds_every_transaction(settings: Settings) -> None:
    conf = neo4j_server.render_conf(settings, neo4j_server.layout_for(settings))
    for key in ("db.transaction.timeout", "db.memory.transaction.max", "dbms.memory.transaction.total.max"):
        assert f"\n{key}=" in conf
