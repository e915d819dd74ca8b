"""Security defaults: optional API key, security headers on the playground, a warning for the dev password."""

from __future__ import annotations

import dataclasses
import logging

import httpx
import pytest

from graph.db import warn_if_insecure
from graph.settings import DEFAULT_PASSWORD, Settings
from tests.conftest import serve

QUERY = {"query": '{ country(code: "KP") { name } }'}


@pytest.mark.usefixtures("seeded")
def test_api_key_is_required_when_configured(settings: Settings) -> None:
    with serve(dataclasses.replace(settings, api_key="s3cret-key")) as url, httpx.Client(base_url=url) as client:
        refused = client.post("/graphql", json=QUERY)
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        wrong = client.post("/graphql", json=QUERY, headers={"X-API-Key": "guess"})
        assert wrong.status_code == 401
        by_header = client.post("/graphql", json=QUERY, headers={"X-API-Key": "s3cret-key"})
        by_bearer = client.post("/graphql", json=QUERY, headers={"Authorization": "Bearer s3cret-key"})
        for ok in (by_header, by_bearer):
            assert ok.status_code == 200 and ok.json()["data"] == {"country": {"name": "North Korea"}}
        assert client.get("/healthz").status_code == 200  # probes stay open for orchestrators
        assert client.get("/graphql", headers={"Accept": "text/html"}).status_code == 200  # the page itself


def test_without_a_key_the_api_is_open(http: httpx.Client) -> None:
    assert http.post("/graphql", json={"query": "{ __typename }"}).status_code == 200


def test_playground_sends_security_headers(http: httpx.Client) -> None:
    page = http.get("/graphql", headers={"Accept": "text/html"})
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"


def test_default_password_against_a_remote_neo4j_warns(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    remote = dataclasses.replace(settings, neo4j_uri="neo4j+s://db.example.com", neo4j_password=DEFAULT_PASSWORD)
    with caplog.at_level(logging.WARNING, logger="khabar"):
        assert warn_if_insecure(remote)
    assert "NEO4J_PASSWORD is the development default" in caplog.text
    assert not warn_if_insecure(dataclasses.replace(remote, neo4j_password="a-real-secret"))
    assert not warn_if_insecure(dataclasses.replace(remote, neo4j_uri="bolt://127.0.0.1:7687"))
    assert "a-real-secret" not in repr(dataclasses.replace(remote, neo4j_password="a-real-secret"))
