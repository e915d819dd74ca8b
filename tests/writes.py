"""Helpers for the tests of writes over the API: keys made in the real Neo4j, GraphQL posted with a key."""

from __future__ import annotations

from typing import Any

import httpx
from neo4j import AsyncDriver

from graph.settings import Settings
from loaders.api_keys import KeyRole, create_key

INGEST = """mutation Ingest($input: IngestArticleInput!) { ingestArticle(input: $input) {
  created article { id title language publishedOn source url text }
  facts { __typename id sources { quote start end article { id } } }
  entities { id name } } }"""


async def make_key(driver: AsyncDriver, settings: Settings, role: str, name: str | None = None) -> str:
    """A new key's token (the database's keys are wiped with the rest by the `seeded`/`clean_db` fixtures)."""
    _, token = await create_key(driver, name or f"test {role}", KeyRole.parse(role), database=settings.neo4j_database)
    return token


def post(http: httpx.Client, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {"X-API-Key": token} if token else {}
    response = http.post("/graphql", json={"query": query, "variables": variables or None}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def error_of(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), body
    return body["errors"][0]


async def rows(driver: AsyncDriver, settings: Settings, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = await driver.execute_query(query, params, database_=settings.neo4j_database)
    return [dict(r) for r in records]
