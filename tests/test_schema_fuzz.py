"""Schema fuzzing: queries generated from the checked-in schema.graphql by hypothesis-graphql, sent over HTTP to the
real app on the seed's graph. Every answer must be JSON, never a 5xx other than a coded "busy", never a traceback,
and every error must carry a code. The size fits CI (KHABAR_FUZZ_EXAMPLES raises it for a longer local run)."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import queries

SCHEMA = (Path(__file__).resolve().parent.parent / "schema.graphql").read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("KHABAR_FUZZ_EXAMPLES", "60"))

pytestmark = pytest.mark.usefixtures("seeded")


def _check(response: httpx.Response) -> None:
    assert response.status_code < 500 or response.status_code == 503, response.text[:500]
    body = response.json()  # always JSON
    assert "Traceback" not in response.text and 'File "' not in response.text, response.text[:500]
    for error in body.get("errors") or []:
        assert (error.get("extensions") or {}).get("code"), error
    if response.status_code == 503:
        assert body["errors"][0]["extensions"]["code"] == "SERVER_BUSY"


def test_generated_queries_get_json_answers_with_coded_errors(http: httpx.Client) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(query=queries(SCHEMA))
    def run(query: str) -> None:
        _check(http.post("/graphql", json={"query": query}))

    run()


def test_generated_queries_sent_by_get(http: httpx.Client) -> None:
    # the same operations sent as GET, the way a browser link or a cache would send them
    @settings(max_examples=max(10, EXAMPLES // 3), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(query=queries(SCHEMA))
    def run(query: str) -> None:
        if len(query) < 1500:
            _check(http.get("/graphql", params={"query": query}, headers={"accept": "application/json"}))

    run()
