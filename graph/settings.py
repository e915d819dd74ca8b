"""Settings read from the environment, shared by the API, the loader and the CLI."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    "KHABAR_API_KEY",
    "KHABAR_READS_REQUIRE_KEY",
    "KHABAR_MAX_WRITE_BODY_BYTES",
    "KHABAR_WORKERS",
    "KHABAR_ACCESS_LOG",
    "KHABAR_KEEP_ALIVE_S",
    "KHABAR_MAX_BODY_BYTES",
    "KHABAR_MAX_QUERY_CHARS",
    "KHABAR_MAX_VARIABLES_BYTES",
    "KHABAR_MAX_TEXT_CHARS",
    "KHABAR_MAX_SEARCH_TERMS",
    "KHABAR_QUERY_TIMEOUT_S",
    "KHABAR_NEO4J_POOL_SIZE",
    "KHABAR_MAX_ACTIVE_REQUESTS",
    "KHABAR_MAX_QUEUED_REQUESTS",
    "KHABAR_QUEUE_TIMEOUT_S",
    "KHABAR_MAX_ARTICLE_BYTES",
    "KHABAR_MAX_PAGE_BYTES",
    "KHABAR_FETCH_TIMEOUT_S",
    "KHABAR_FETCH_INTERVAL_S",
    "KHABAR_COMPILE_READS",
)

DEFAULT_PASSWORD = "khabar-dev-password"  # local development only (README, "Production")


@dataclass(frozen=True)
class Settings:
    # When NEO4J_URI is unset, the project's own local server (khabar neo4j start) is used.
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str = field(repr=False)
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
    # Legacy single key (before `khabar keys`): a reader key from the environment; setting it makes reads need a key.
    api_key: str | None = field(default=None, repr=False)
    # Reads need a valid key of any role (header `X-API-Key` or `Authorization: Bearer`); probes stay open.
    reads_require_key: bool = False
    # Largest request body from a client whose key may write (an ingestArticle carries a whole page).
    max_write_body_bytes: int = 4_194_304
    # API worker processes of `khabar serve`: one per core, so throughput grows with concurrent clients.
    workers: int = max(1, os.cpu_count() or 1)
    # A log line per HTTP request from `khabar serve` (off: a proxy in front usually keeps them, and formatting and
    # writing each line cost the server ~0.1 ms of CPU per request).
    access_log: bool = False
    # How long `khabar serve` keeps an idle client connection open: longer than a proxy's or client pool's own idle
    # timeout, so that it is never the server that closes a connection just as a client sends on it (uvicorn's 5 s
    # default lost a benchmark request that way).
    keep_alive_s: float = 75.0
    # Request limits: a request over any of them is refused before it reaches Neo4j.
    max_body_bytes: int = 131_072
    max_query_chars: int = 20_000
    max_variables_bytes: int = 32_768
    max_text_chars: int = 500  # any one string argument (literal or variable)
    max_search_terms: int = 12  # words of a search: each becomes fulltext clauses
    # Every read transaction is cut off by Neo4j after this long (a bounded cost per query).
    query_timeout_s: float = 5.0
    # Per worker process. Admission keeps concurrent requests below the pool (a request may run
    # a few queries at once through its DataLoaders), so requests queue here, not in the driver.
    neo4j_pool_size: int = 64
    max_active_requests: int = 2 * (os.cpu_count() or 1)  # more only oversubscribes Neo4j's CPUs
    max_queued_requests: int = 256
    queue_timeout_s: float = 10.0
    # Articles larger than this are refused by `khabar ingest` / `extract`, naming the file.
    max_article_bytes: int = 262_144
    # Web pages (`khabar ingest URL|page.html`, `khabar watch`): largest HTML file or download (a page carries
    # scripts and markup besides the article, so it is larger than the text capped above); seconds before a
    # fetch gives up (connect, each read); least seconds between two requests to one host (politeness).
    max_page_bytes: int = 2_097_152
    fetch_timeout_s: float = 20.0
    fetch_interval_s: float = 1.0
    # Each root field's selection compiled into one Cypher statement (schema.projection). Off: every related
    # field is fetched by its own batched query, the reference the compiled statements are tested against.
    compile_reads: bool = True

    @property
    def keys_required_for_reads(self) -> bool:
        return self.reads_require_key or self.api_key is not None

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
        neo4j_password=env.get("NEO4J_PASSWORD", DEFAULT_PASSWORD),
        neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
        local_bolt_port=int(env.get("KHABAR_NEO4J_BOLT_PORT", "7697")),
        state_dir=Path(env.get("KHABAR_STATE_DIR", str(ROOT / ".state"))),
        api_host=env.get("KHABAR_HOST", "127.0.0.1"),
        api_port=int(env.get("KHABAR_PORT", "8000")),
        max_page_size=int(env.get("KHABAR_MAX_PAGE_SIZE", "100")),
        cors_origins=tuple(o.strip() for o in env.get("KHABAR_CORS_ORIGINS", "").split(",") if o.strip()),
        cache_dir=Path(env.get("KHABAR_CACHE_DIR", str(ROOT / ".cache"))),
        api_key=env.get("KHABAR_API_KEY") or None,
        reads_require_key=_flag("KHABAR_READS_REQUIRE_KEY", env.get("KHABAR_READS_REQUIRE_KEY")),
        max_write_body_bytes=_number("KHABAR_MAX_WRITE_BODY_BYTES", env.get("KHABAR_MAX_WRITE_BODY_BYTES"), int,
                                     4_194_304),
        workers=_number("KHABAR_WORKERS", env.get("KHABAR_WORKERS"), int, max(1, os.cpu_count() or 1)),
        access_log=_flag("KHABAR_ACCESS_LOG", env.get("KHABAR_ACCESS_LOG")),
        keep_alive_s=_number("KHABAR_KEEP_ALIVE_S", env.get("KHABAR_KEEP_ALIVE_S"), float, 75.0, minimum=1),
        max_body_bytes=_number("KHABAR_MAX_BODY_BYTES", env.get("KHABAR_MAX_BODY_BYTES"), int, 131_072),
        max_query_chars=_number("KHABAR_MAX_QUERY_CHARS", env.get("KHABAR_MAX_QUERY_CHARS"), int, 20_000),
        max_variables_bytes=_number("KHABAR_MAX_VARIABLES_BYTES", env.get("KHABAR_MAX_VARIABLES_BYTES"), int, 32_768),
        max_text_chars=_number("KHABAR_MAX_TEXT_CHARS", env.get("KHABAR_MAX_TEXT_CHARS"), int, 500),
        max_search_terms=_number("KHABAR_MAX_SEARCH_TERMS", env.get("KHABAR_MAX_SEARCH_TERMS"), int, 12),
        query_timeout_s=_number("KHABAR_QUERY_TIMEOUT_S", env.get("KHABAR_QUERY_TIMEOUT_S"), float, 5.0),
        neo4j_pool_size=_number("KHABAR_NEO4J_POOL_SIZE", env.get("KHABAR_NEO4J_POOL_SIZE"), int, 64),
        max_active_requests=_number("KHABAR_MAX_ACTIVE_REQUESTS", env.get("KHABAR_MAX_ACTIVE_REQUESTS"), int,
                                    2 * (os.cpu_count() or 1)),
        max_queued_requests=_number("KHABAR_MAX_QUEUED_REQUESTS", env.get("KHABAR_MAX_QUEUED_REQUESTS"), int, 256,
                                    minimum=0),
        queue_timeout_s=_number("KHABAR_QUEUE_TIMEOUT_S", env.get("KHABAR_QUEUE_TIMEOUT_S"), float, 10.0, minimum=0),
        max_article_bytes=_number("KHABAR_MAX_ARTICLE_BYTES", env.get("KHABAR_MAX_ARTICLE_BYTES"), int, 262_144),
        max_page_bytes=_number("KHABAR_MAX_PAGE_BYTES", env.get("KHABAR_MAX_PAGE_BYTES"), int, 2_097_152),
        fetch_timeout_s=_number("KHABAR_FETCH_TIMEOUT_S", env.get("KHABAR_FETCH_TIMEOUT_S"), float, 20.0,
                                minimum=0.01),
        fetch_interval_s=_number("KHABAR_FETCH_INTERVAL_S", env.get("KHABAR_FETCH_INTERVAL_S"), float, 1.0,
                                 minimum=0),
        compile_reads=_flag("KHABAR_COMPILE_READS", env.get("KHABAR_COMPILE_READS"), True),
    )


def _flag(name: str, raw: str | None, default: bool = False) -> bool:
    """A yes/no setting: 1/true/yes/on or 0/false/no/off (empty: the default); anything else stops start-up."""
    value = (raw or "").strip().lower()
    if value == "":
        return default
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"{name}={raw!r} is not a yes/no value (1/0, true/false, yes/no, on/off)")


def _number(name: str, raw: str | None, kind: type[int] | type[float], default: float, minimum: float = 1) -> Any:
    """A numeric setting; a bad value stops start-up with a message naming the variable."""
    if raw is None or raw.strip() == "":
        return kind(default)
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value < minimum:
        raise ValueError(f"{name}={raw!r} must be at least {minimum}")
    return value
