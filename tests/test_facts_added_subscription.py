"""`factsAdded` over graphql-transport-ws: a real websocket client against the served app and the real Neo4j.

Facts are written the way other processes write them (the loader, on its own driver), so what is
checked is the poller finding them in Neo4j, not an in-process signal.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from tests.graphql_ws import GraphQLWS
from tests.news import fact_ids, news_document
from tests.served_feed import Served, load, serve_app
from tests.test_resilience import Proxy

pytestmark = pytest.mark.usefixtures("seeded")

FACTS = """subscription Facts($country: String, $person: ID, $kind: [FactKind!]) {
  factsAdded(country: $country, person: $person, kind: $kind) {
    __typename id
    sources { quote start end article { id } }
    ... on Visit { status visitor { id name } hostCountry { code } }
    ... on Statement { quote speaker { id } }
    ... on Event { kind participants { id } }
  }
}"""


@pytest.fixture
def served(settings: Settings) -> Iterator[Served]:
    yield from serve_app(settings)


@pytest.fixture
async def client(served: Served) -> AsyncIterator[GraphQLWS]:
    ws = await GraphQLWS.open(served.url)
    yield ws
    await ws.close()


async def next_facts(ws: GraphQLWS, count: int, timeout: float) -> tuple[dict[str, dict[str, Any]], float]:
    """`count` facts as they arrive (id -> fact), and when the last came."""
    facts: dict[str, dict[str, Any]] = {}
    while len(facts) < count:
        message = await ws.receive(timeout)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        fact = message["payload"]["data"]["factsAdded"]
        facts[fact["id"]] = fact
    return facts, time.monotonic()


async def test_matching_facts_arrive_within_a_second_and_others_do_not(
    served: Served, client: GraphQLWS, driver: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    await client.subscribe("all", FACTS)
    await client.subscribe("kp-visits", FACTS, country="KP", kind=["VISIT"])
    await client.subscribe("peskov", FACTS, person="person:dmitry-peskov")
    await client.subscribe("kr", FACTS, country="kr")  # a code in any case, as the lists take it
    await client.subscribe("ru-statements", FACTS, country="RU", kind="STATEMENT")  # the speaker's country
    served.feed_ready(5)
    document = news_document()
    ids = fact_ids(document)
    written = await load(driver, settings, tmp_path, document)

    arrived: dict[str, dict[str, dict[str, Any]]] = {
        "all": {}, "kp-visits": {}, "peskov": {}, "kr": {}, "ru-statements": {}}
    last = written
    while sum(map(len, arrived.values())) < 7:
        message = await client.receive(5)
        assert message["type"] == "next" and "errors" not in message["payload"], message
        fact = message["payload"]["data"]["factsAdded"]
        arrived[message["id"]][fact["id"]] = fact
        last = time.monotonic()
    assert last - written < 1.0, f"facts arrived {last - written:.2f} s after the write"
    assert set(arrived["all"]) == set(ids.values())
    assert set(arrived["kp-visits"]) == {ids["visit"]}
    assert set(arrived["peskov"]) == {ids["statement"]}
    assert set(arrived["kr"]) == {ids["event"]}
    assert set(arrived["ru-statements"]) == {ids["statement"]}

    visit = arrived["kp-visits"][ids["visit"]]
    assert visit["__typename"] == "Visit" and visit["status"] == "ONGOING"
    assert visit["visitor"] == {"id": "person:sergei-lavrov", "name": "Sergei Lavrov"}
    assert visit["hostCountry"] == {"code": "KP"}
    (source,) = visit["sources"]
    text = document["article"]["text"]
    assert text[source["start"]:source["end"]] == source["quote"]
    assert source["article"]["id"] == f"article:{document['article']['id']}"
    assert arrived["peskov"][ids["statement"]]["speaker"] == {"id": "person:dmitry-peskov"}
    assert arrived["kr"][ids["event"]]["participants"] == [{"id": "country:KR"}]

    # nothing else comes: each fact once, for the subscriptions it matches only; reloading the same
    # article adds no fact, so it sends nothing
    await load(driver, settings, tmp_path, document)
    assert await client.messages_for(1.0) == []


@pytest.mark.parametrize(
    ("variables", "argument", "words"),
    [
        ({"country": "XX"}, "country", "no country with code 'XX'"),
        ({"person": "person:nobody-at-all"}, "person", "no person with id 'person:nobody-at-all'"),
        ({"person": "country:KP"}, "person", "no person with id 'country:KP'"),
    ],
)
async def test_a_filter_naming_nothing_gets_a_coded_error(
    client: GraphQLWS, variables: dict[str, Any], argument: str, words: str
) -> None:
    await client.subscribe("bad", FACTS, **variables)
    message = await client.receive(5)
    assert message["type"] == "error" and message["id"] == "bad", message
    (error,) = message["payload"]
    assert error["message"].startswith(f"argument '{argument}': {words}"), error
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["argument"] == argument
    assert error["path"] == ["factsAdded"]


async def test_an_unknown_kind_is_refused_before_anything_runs(client: GraphQLWS) -> None:
    await client.subscribe("bad", FACTS, kind=["PARTY"])
    message = await client.receive(5)
    assert message["type"] == "error", message
    (error,) = message["payload"]
    assert "PARTY" in error["message"] and "$kind" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_subscription_over_plain_http_is_refused_with_a_code(served: Served) -> None:
    response = httpx.post(f"{served.url}/graphql", json={"query": FACTS, "variables": {"kind": ["VISIT"]}})
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "OPERATION_NOT_SUPPORTED"
    assert "websocket" in error["message"] and "graphql-transport-ws" in error["message"]


async def test_complete_stops_delivery_and_the_last_subscriber_stops_the_poller(
    served: Served, client: GraphQLWS, driver: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    await client.subscribe("kept", FACTS, kind=["VISIT"])
    await client.subscribe("dropped", FACTS, kind=["VISIT"])
    served.feed_ready(2)
    await client.complete("dropped")
    served.feed_ready(1)
    document = news_document()
    await load(driver, settings, tmp_path, document)
    facts, _ = await next_facts(client, 1, 5)
    assert list(facts) == [fact_ids(document)["visit"]]
    assert await client.messages_for(1.0) == []  # nothing for "dropped"

    await client.complete("kept")
    served.feed_idle()


async def test_a_closed_socket_leaves_no_subscriber(served: Served) -> None:
    ws = await GraphQLWS.open(served.url)
    await ws.subscribe("one", FACTS)
    served.feed_ready(1)
    await ws.close()
    served.feed_idle()


async def test_facts_written_during_a_neo4j_outage_arrive_once_it_is_back(
    settings: Settings, driver: AsyncDriver, tmp_path: Path
) -> None:
    host, port = settings.uri.split("://")[1].split("/")[0].rsplit(":", 1)
    proxy = Proxy((host, int(port)))
    proxy.start()
    for served in serve_app(dataclasses.replace(settings, neo4j_uri=f"bolt://127.0.0.1:{proxy.port}")):
        ws = await GraphQLWS.open(served.url)
        await ws.subscribe("facts", FACTS, kind=["VISIT"])
        served.feed_ready(1)

        proxy.cut()  # the API loses Neo4j; the loader (own driver) still writes
        deadline = time.monotonic() + 10
        while not served.app.state.breaker.is_open:
            assert time.monotonic() < deadline, "the poller never noticed the outage"
            await asyncio.sleep(0.05)
        during = news_document()
        await load(driver, settings, tmp_path, during)
        assert await ws.messages_for(1.0) == []  # the socket stays open, quiet

        proxy.start()
        facts, _ = await next_facts(ws, 1, 15)
        assert list(facts) == [fact_ids(during)["visit"]]
        after = news_document()
        written = await load(driver, settings, tmp_path, after)
        facts, arrived = await next_facts(ws, 1, 5)
        assert list(facts) == [fact_ids(after)["visit"]]
        assert arrived - written < 1.0
        await ws.close()
    proxy.cut()


@pytest.fixture
def served_with_key(settings: Settings) -> Iterator[Served]:
    yield from serve_app(dataclasses.replace(settings, api_key="s3cret-key"))


@pytest.mark.parametrize("payload", [{}, {"X-API-Key": "wrong"}, {"authorization": "Bearer wrong"}])
async def test_without_the_key_the_connection_is_refused(served_with_key: Served, payload: dict[str, str]) -> None:
    ws = await GraphQLWS.connect(served_with_key.url)
    await ws.send({"type": "connection_init", "payload": payload})
    await ws.connection.wait_closed()
    assert ws.connection.close_code == 4403
    assert "API key" in ws.connection.close_reason and "connection_init" in ws.connection.close_reason


@pytest.mark.parametrize(
    ("payload", "headers"),
    [({"X-API-Key": "s3cret-key"}, {}), ({"Authorization": "Bearer s3cret-key"}, {}),
     ({}, {"X-API-Key": "s3cret-key"})],
)
async def test_with_the_key_in_the_payload_or_the_handshake_it_subscribes(
    served_with_key: Served, payload: dict[str, str], headers: dict[str, str], driver: AsyncDriver,
    settings: Settings, tmp_path: Path,
) -> None:
    ws = await GraphQLWS.open(served_with_key.url, payload, **headers)
    await ws.subscribe("facts", FACTS, kind=["STATEMENT"])
    served_with_key.feed_ready(1)
    document = news_document()
    await load(driver, settings, tmp_path, document)
    facts, _ = await next_facts(ws, 1, 5)
    assert list(facts) == [fact_ids(document)["statement"]]
    await ws.close()
