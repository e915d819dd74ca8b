"""API keys with roles, over HTTP against the real app and Neo4j: created, listed and revoked with the CLI, stored
hashed; every mutation refused without a valid editor key (UNAUTHENTICATED / FORBIDDEN, naming the field); reads
open unless KHABAR_READS_REQUIRE_KEY (or the legacy KHABAR_API_KEY) asks for a key."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from loaders.api_keys import revoke_key
from tests.conftest import counts, serve
from tests.writes import INGEST, error_of, make_key, post, rows

KHABAR = Path(sys.executable).with_name("khabar")
TEXT = (Path(__file__).parent / "data" / "articles" / "ar_shoigu_visit.txt").read_text(encoding="utf-8")
READ = '{ country(code: "KP") { name } }'


def khabar(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KHABAR), *args], capture_output=True, text=True, env=dict(os.environ), timeout=120)


async def test_keys_are_created_listed_and_revoked_with_the_cli_and_stored_hashed(clean_db, settings, http):
    created = khabar("keys", "create", "--role", "editor", "--name", "newsroom app")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"khabar_[0-9a-f]{12}_[A-Za-z0-9_-]{40,}", token)
    key_id = token.split("_")[1]
    stored = await rows(clean_db, settings, "MATCH (k:ApiKey) RETURN properties(k) AS p")
    assert len(stored) == 1
    props = stored[0]["p"]
    assert props["hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(props) and token.split("_", 2)[2] not in str(props)  # never in clear
    assert (props["id"], props["name"], props["role"]) == (key_id, "newsroom app", "editor")

    listed = khabar("keys", "list")
    assert listed.returncode == 0 and key_id in listed.stdout and "newsroom app" in listed.stdout
    assert "editor" in listed.stdout and "active" in listed.stdout and token not in listed.stdout

    duplicate = khabar("keys", "create", "--role", "reader", "--name", "newsroom app")
    assert duplicate.returncode == 2 and "already named 'newsroom app'" in duplicate.stderr

    assert "errors" not in post(http, INGEST, token, input={"text": TEXT})
    revoked = khabar("keys", "revoke", "newsroom app")
    assert revoked.returncode == 0 and key_id in revoked.stdout
    assert "revoked" in khabar("keys", "list").stdout
    refused = error_of(post(http, INGEST, token, input={"text": TEXT}))
    assert refused["extensions"]["code"] == "UNAUTHENTICATED" and "revoked" in refused["message"]

    missing = khabar("keys", "revoke", "no such key")
    assert missing.returncode == 2 and "no key with id or active name" in missing.stderr
    bad_role = khabar("keys", "create", "--role", "owner", "--name", "x")
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr


async def test_every_mutation_is_refused_without_a_valid_editor_key(clean_db, settings, http):
    before = await counts(clean_db, settings)
    none = error_of(post(http, INGEST, None, input={"text": TEXT}))  # no key exists at all: writes are off
    assert none["extensions"]["code"] == "UNAUTHENTICATED" and none["path"] == ["ingestArticle"]
    assert "no API key was sent" in none["message"] and "khabar keys create" in none["message"]
    reader = await make_key(clean_db, settings, "reader")
    editor = await make_key(clean_db, settings, "editor")
    wrong = error_of(post(http, INGEST, editor[:-3] + "xyz", input={"text": TEXT}))
    assert wrong["extensions"]["code"] == "UNAUTHENTICATED" and "unknown, revoked or mistyped" in wrong["message"]
    garbage = error_of(post(http, INGEST, "let-me-in", input={"text": TEXT}))
    assert garbage["extensions"]["code"] == "UNAUTHENTICATED"
    forbidden = error_of(post(http, INGEST, reader, input={"text": TEXT}))
    assert forbidden["extensions"] == {"code": "FORBIDDEN", "requiredRole": "editor"}
    assert forbidden["path"] == ["ingestArticle"] and "role reader" in forbidden["message"]
    assert await counts(clean_db, settings) == (before[0] + 2, before[1])  # the two keys, nothing else
    by_bearer = http.post("/graphql", json={"query": INGEST, "variables": {"input": {"text": TEXT}}},
                          headers={"Authorization": f"Bearer {editor}"}).json()
    assert by_bearer["data"]["ingestArticle"]["created"] is True
    admin = await make_key(clean_db, settings, "admin")
    assert post(http, INGEST, admin, input={"text": TEXT})["data"]["ingestArticle"]["created"] is False


async def test_reads_are_open_unless_a_key_is_required(clean_db, settings, http):
    assert post(http, READ)["data"] == {"country": None}  # open by default, a key or not
    required = dataclasses.replace(settings, reads_require_key=True)
    reader = await make_key(clean_db, settings, "reader")
    editor = await make_key(clean_db, settings, "editor")
    with serve(required) as url, httpx.Client(base_url=url, timeout=60) as client:
        refused = client.post("/graphql", json={"query": READ})
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert "missing API key" in refused.json()["errors"][0]["message"]
        for token in (reader, editor):
            assert client.post("/graphql", json={"query": READ}, headers={"X-API-Key": token}).status_code == 200
        await revoke_key(clean_db, "test reader", database=settings.neo4j_database)
        revoked = client.post("/graphql", json={"query": READ}, headers={"X-API-Key": reader})
        assert revoked.status_code == 401 and "revoked" in revoked.json()["errors"][0]["message"]
        assert client.get("/healthz").status_code == 200 and client.get("/readyz").status_code == 200
        assert client.get("/graphql", headers={"Accept": "text/html"}).status_code == 200  # the playground page


@pytest.mark.usefixtures("clean_db")
def test_the_legacy_environment_key_is_a_reader_key(settings):
    legacy = dataclasses.replace(settings, api_key="s3cret-key")
    with serve(legacy) as url, httpx.Client(base_url=url, timeout=60) as client:
        assert client.post("/graphql", json={"query": READ}).status_code == 401  # reads need a key, as before
        headers = {"X-API-Key": "s3cret-key"}
        assert client.post("/graphql", json={"query": READ}, headers=headers).status_code == 200
        refused = client.post("/graphql", json={"query": INGEST, "variables": {"input": {"text": TEXT}}},
                              headers=headers).json()
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_the_reads_setting_is_a_yes_no_value():
    from graph.settings import load_settings

    assert load_settings({"KHABAR_READS_REQUIRE_KEY": "yes"}).keys_required_for_reads
    assert not load_settings({}).keys_required_for_reads
    with pytest.raises(ValueError, match="KHABAR_READS_REQUIRE_KEY='maybe'"):
        load_settings({"KHABAR_READS_REQUIRE_KEY": "maybe"})
