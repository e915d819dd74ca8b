"""The API driven by `gql`, the Python GraphQL client, as a script or back end would use it, with keys of the
API key system and reads requiring one: queries over HTTP (httpx transport), the ingestArticle mutation with an
editor key, and `factsAdded` over graphql-transport-ws (websockets transport), against the served app and the
real Neo4j."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gql import Client, GraphQLRequest, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport
from neo4j import AsyncDriver

from graph.settings import Settings
from tests.graphql_ws import ws_url
from tests.news import fact_ids, news_document
from tests.served_feed import Served, load, serve_app
from tests.writes import make_key

pytestmark = pytest.mark.usefixtures("seeded")

ARTICLE = """Lavrov arrives in Pyongyang for talks

Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on 3 August 2025 for a two-day visit to North Korea, \
the Russian Foreign Ministry said.
"""

VISITS = gql("""query Visits($host: String!) {
  visits(hostCountry: $host, first: 2) { totalCount edges { node { id visitor { name } hostCountry { code } } } }
}""")
INGEST = gql("""mutation Ingest($input: IngestArticleInput!) {
  ingestArticle(input: $input) { created article { id } facts { __typename id } }
}""")
FACTS = gql("""subscription Facts($country: String, $kind: [FactKind!]) {
  factsAdded(country: $country, kind: $kind) {
    __typename id sources { quote start end }
    ... on Visit { visitor { id } hostCountry { code } }
  }
}""")


@pytest.fixture
def served(settings: Settings) -> Iterator[Served]:
    yield from serve_app(dataclasses.replace(settings, reads_require_key=True))


@pytest.fixture
async def reader(driver: AsyncDriver, settings: Settings) -> str:
    return await make_key(driver, settings, "reader")


@pytest.fixture
async def editor(driver: AsyncDriver, settings: Settings) -> str:
    return await make_key(driver, settings, "editor")


def http_client(served: Served, key: str | None) -> Client:
    headers = {"X-API-Key": key} if key else {}
    return Client(transport=HTTPXAsyncTransport(url=f"{served.url}/graphql", headers=headers, timeout=60))


def ws_client(served: Served, key: str) -> Client:
    transport = WebsocketsTransport(
        url=ws_url(served.url), init_payload={"X-API-Key": key}, connect_timeout=30,
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    return Client(transport=transport)


async def test_queries_with_the_key_in_a_header(served: Served, reader: str) -> None:
    async with http_client(served, reader) as session:
        result = await session.execute(GraphQLRequest(VISITS, variable_values={"host": "KP"}))
    visits = result["visits"]
    assert visits["totalCount"] >= 2 and len(visits["edges"]) == 2
    assert {edge["node"]["hostCountry"]["code"] for edge in visits["edges"]} == {"KP"}


async def test_a_bad_argument_reaches_gql_as_a_coded_error(served: Served, reader: str) -> None:
    async with http_client(served, reader) as session:
        with pytest.raises(TransportQueryError) as raised:
            await session.execute(GraphQLRequest(VISITS, variable_values={"host": "XX"}))
    (error,) = raised.value.errors or []
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["argument"] == "hostCountry"


async def test_without_the_key_gql_gets_unauthenticated(served: Served) -> None:
    async with http_client(served, key=None) as session:
        with pytest.raises(TransportQueryError) as raised:
            await session.execute(GraphQLRequest(VISITS, variable_values={"host": "KP"}))
    (error,) = raised.value.errors or []
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and "X-API-Key" in error["message"]


async def test_the_subscription_through_gql_gets_new_facts(
    served: Served, reader: str, driver: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    document = news_document()
    arrived: list[dict] = []

    async def listen() -> None:
        async with ws_client(served, reader) as session:
            request = GraphQLRequest(FACTS, variable_values={"country": "KP", "kind": ["VISIT"]})
            async for result in session.subscribe(request):
                arrived.append(result["factsAdded"])
                return

    listening = asyncio.create_task(listen())
    await asyncio.to_thread(served.feed_ready, 1)
    written = await load(driver, settings, tmp_path, document)  # as `khabar load` in another process would
    await asyncio.wait_for(listening, 5)
    took = time.monotonic() - written
    (fact,) = arrived
    assert fact["__typename"] == "Visit" and fact["id"] == fact_ids(document)["visit"]
    assert fact["visitor"] == {"id": "person:sergei-lavrov"} and fact["hostCountry"] == {"code": "KP"}
    assert fact["sources"][0]["quote"].startswith("Sergei Lavrov arrived")
    assert took < 1.0, f"the fact came {took:.2f} s after the write"
    await asyncio.to_thread(served.feed_idle)  # leaving the subscription ended it on the server


async def test_an_article_ingested_with_an_editor_key_comes_through_the_subscription(
    served: Served, reader: str, editor: str
) -> None:
    arrived: list[tuple[dict, float]] = []

    async def listen() -> None:
        async with ws_client(served, reader) as session:
            async for result in session.subscribe(GraphQLRequest(FACTS, variable_values={"kind": ["VISIT"]})):
                arrived.append((result["factsAdded"], time.monotonic()))
                return

    listening = asyncio.create_task(listen())
    await asyncio.to_thread(served.feed_ready, 1)
    async with http_client(served, editor) as session:
        answer = await session.execute(GraphQLRequest(INGEST, variable_values={"input": {"text": ARTICLE}}))
    answered = time.monotonic()
    await asyncio.wait_for(listening, 5)
    payload = answer["ingestArticle"]
    assert payload["created"] is True
    (visit,) = [f["id"] for f in payload["facts"] if f["__typename"] == "Visit"]
    ((fact, when),) = arrived
    assert fact["id"] == visit and fact["hostCountry"] == {"code": "KP"}
    assert when - answered < 1.0, f"the fact came {when - answered:.2f} s after the mutation's answer"


async def test_a_reader_key_may_not_ingest(served: Served, reader: str) -> None:
    async with http_client(served, reader) as session:
        with pytest.raises(TransportQueryError) as raised:
            await session.execute(GraphQLRequest(INGEST, variable_values={"input": {"text": ARTICLE}}))
    (error,) = raised.value.errors or []
    assert error["extensions"]["code"] == "FORBIDDEN" and error["path"] == ["ingestArticle"]


async def test_a_bad_filter_reaches_the_gql_subscription_as_a_coded_error(served: Served, reader: str) -> None:
    async with ws_client(served, reader) as session:
        with pytest.raises(TransportQueryError) as raised:
            async for _ in session.subscribe(GraphQLRequest(FACTS, variable_values={"country": "XX"})):
                pass
    assert "argument 'country'" in str(raised.value)
    assert raised.value.errors and raised.value.errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
