"""docker-compose.yml and the Dockerfile agree with the settings the API actually reads."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.settings import ENV_VARS, ROOT, load_settings

COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

_INTERPOLATION = re.compile(r"\$\{(\w+)(?::-([^}]*))?\}")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's `${NAME}` / `${NAME:-default}` substitution, enough for this file."""
    return _INTERPOLATION.sub(lambda m: env.get(m.group(1)) or (m.group(2) or ""), value)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):  # the "NAME=value" list form
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def container_ports(service: dict[str, Any]) -> list[int]:
    # "HOST:CONTAINER" or "IP:HOST:CONTAINER"
    return [int(str(p).split(":")[-1].split("/")[0]) for p in service.get("ports", [])]


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            rows.append((keyword.upper(), rest.strip()))
    return rows


def test_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"neo4j", "api"}
    image = compose["services"]["neo4j"]["image"]
    assert image.startswith("neo4j:5.26") and image.endswith("-community")
    assert "neo4j-data" in compose.get("volumes", {})


def test_settings_env_vars_match_load_settings_source() -> None:
    source = (ROOT / "graph" / "settings.py").read_text()
    read = set(re.findall(r'env\.get\("(\w+)"', source))
    assert read == set(ENV_VARS)


def test_api_sets_only_variables_the_settings_read(compose: dict[str, Any]) -> None:
    env = environment(compose["services"]["api"])
    unknown = set(env) - set(ENV_VARS)
    assert not unknown, f"api sets variables load_settings never reads: {unknown}"
    assert env["NEO4J_URI"] == "bolt://neo4j:7687"
    for name in ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        assert name in env


def test_api_port_agrees_with_settings(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    env = {k: interpolate(v, {}) for k, v in environment(api).items()}
    port = load_settings(env).api_port
    assert port == load_settings({}).api_port  # compose serves on the project's default port
    assert container_ports(api) == [port]
    exposed = [int(rest.split("/")[0]) for kw, rest in dockerfile_instructions() if kw == "EXPOSE"]
    assert exposed == [port]


@pytest.mark.parametrize("host_env", [{}, {"NEO4J_PASSWORD": "another-secret-42"}])
def test_neo4j_auth_matches_api_password(compose: dict[str, Any], host_env: dict[str, str]) -> None:
    neo4j_env = {k: interpolate(v, host_env) for k, v in environment(compose["services"]["neo4j"]).items()}
    api_env = {k: interpolate(v, host_env) for k, v in environment(compose["services"]["api"]).items()}
    user, _, password = neo4j_env["NEO4J_AUTH"].partition("/")
    settings = load_settings(api_env)
    assert user == settings.neo4j_user == "neo4j"  # the image only creates the user neo4j
    assert password == settings.neo4j_password
    assert len(password) >= 8  # Neo4j refuses shorter initial passwords
    if not host_env:
        assert password == load_settings({}).neo4j_password


def test_healthcheck_and_startup_order(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    test = neo4j["healthcheck"]["test"]
    assert test[0] in ("CMD", "CMD-SHELL")
    command = " ".join(test[1:])
    assert "cypher-shell" in command or "wget" in command
    if "cypher-shell" in command:
        auth_password = interpolate(environment(neo4j)["NEO4J_AUTH"], {}).partition("/")[2]
        assert interpolate(command, {}).split("-p ")[1].split()[0] == auth_password
    assert compose["services"]["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_dockerfile_runs_as_non_root_and_uses_entry_script() -> None:
    rows = dockerfile_instructions()
    assert rows[0] == ("FROM", "python:3.11-slim")
    users = [rest for kw, rest in rows if kw == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    cmd = [rest for kw, rest in rows if kw == "CMD"][-1]
    script = ROOT / Path(shlex.split(cmd.strip("[]").replace(",", " "))[0]).relative_to("/app")
    assert script.is_file() and os.access(script, os.X_OK)
    body = script.read_text()
    assert "khabar load --if-empty data/" in body
    assert "khabar serve --host" in body


def test_dockerignore_keeps_local_state_out_of_the_image() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for name in (".venv", ".state", ".cache", "node_modules", ".git"):
        assert name in ignored
