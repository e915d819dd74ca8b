"""Settings read from the environment, shared by the API, the loader and the CLI."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Every environment variable load_settings reads (tests check deployment files against it).
ENV_VARS: tuple[str, ...] = (
    "NEO4J_URI",
    "NEO4J_USER",
    "NEO4J_PASSWORD",
    "NEO4J_DATABASE",
    "KHABAR_NEO4J_BOLT_PORT",
    "KHABAR_STATE_DIR",
    "KHABAR_CACHE_DIR",
    "KHABAR_HOST",
    "KHABAR_PORT",
    "KHABAR_MAX_PAGE_SIZE",
    "KHABAR_CORS_ORIGINS",
)


@dataclass(frozen=True)
class Settings:
    # When NEO4J_URI is unset, the project's own local server (khabar neo4j start) is used.
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str
    neo4j_database: str
    local_bolt_port: int
    state_dir: Path
    api_host: str
    api_port: int
    max_page_size: int
    # Downloaded, reusable artefacts (the local Neo4j jars); never holds data.
    cache_dir: Path = ROOT / ".cache"
    # Browser origins allowed to call the API (CORS); empty: same origin only.
    cors_origins: tuple[str, ...] = ()

    @property
    def uses_local_server(self) -> bool:
        return self.neo4j_uri is None

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_bolt_port}"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    return Settings(
        neo4j_uri=env.get("NEO4J_URI") or None,
        neo4j_user=env.get("NEO4J_USER", "neo4j"),
        neo4j_password=env.get("NEO4J_PASSWORD", "khabar-dev-password"),
        neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
        local_bolt_port=int(env.get("KHABAR_NEO4J_BOLT_PORT", "7697")),
        state_dir=Path(env.get("KHABAR_STATE_DIR", str(ROOT / ".state"))),
        api_host=env.get("KHABAR_HOST", "127.0.0.1"),
        api_port=int(env.get("KHABAR_PORT", "8000")),
        max_page_size=int(env.get("KHABAR_MAX_PAGE_SIZE", "100")),
        cors_origins=tuple(o.strip() for o in env.get("KHABAR_CORS_ORIGINS", "").split(",") if o.strip()),
        cache_dir=Path(env.get("KHABAR_CACHE_DIR", str(ROOT / ".cache"))),
    )
