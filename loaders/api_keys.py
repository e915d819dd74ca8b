"""API keys, stored in Neo4j as (:ApiKey) nodes so every worker process and replica shares them.

A token is `khabar_<key id>_<secret>` with 256 random bits of secret; only its SHA-256 is stored (a
slow hash buys nothing against a random 256-bit secret), and it is compared in constant time. The
token is shown once, when the key is created. A revoked key stays (with `revokedAt`), so reviews
still name who wrote them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import model

TOKEN_PREFIX = "khabar_"
_TOKEN = re.compile(r"^khabar_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$")


class KeyRole(IntEnum):
    """What a key may do; each role may do what the ones below it may."""

    READER = 1  # read (when reads need a key)
    EDITOR = 2  # ingest, retract and review articles and facts
    ADMIN = 3  # everything (key management stays on the command line)

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> KeyRole:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown role {value!r}: reader, editor or admin") from None


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    role: KeyRole
    created_at: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


# Who a request is: the key it presented, once verified.
Identity = ApiKey

# The key given by KHABAR_API_KEY (before keys had roles): a reader.
ENV_KEY = ApiKey(id="env", name="KHABAR_API_KEY", role=KeyRole.READER, created_at="")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _key(props: dict) -> ApiKey:
    return ApiKey(id=props["id"], name=props["name"], role=KeyRole.parse(props["role"]),
                  created_at=props["createdAt"], revoked_at=props.get("revokedAt"))


_LABEL = model.API_KEY.label


async def create_key(driver: AsyncDriver, name: str, role: KeyRole, *, database: str) -> tuple[ApiKey, str]:
    """A new key and its token (the only time the token exists outside the client). Names are unique among
    active keys, so `revoke NAME` and a review's author are unambiguous."""
    name = name.strip()
    if not name:
        raise ValueError("a key needs a name (--name), e.g. \"newsroom app\"")
    key_id = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"

    async def write(tx: AsyncManagedTransaction) -> dict | None:
        taken = await tx.run(f"MATCH (k:{_LABEL} {{name: $name}}) WHERE k.revokedAt IS NULL RETURN k.id AS id",
                             name=name)
        if await taken.single() is not None:
            return None
        result = await tx.run(
            f"CREATE (k:{_LABEL} {{id: $id, name: $name, role: $role, hash: $hash, createdAt: $at}}) "
            "RETURN properties(k) AS props",
            id=key_id, name=name, role=role.label, hash=digest(token), at=_now())
        return (await result.single())["props"]

    await driver.execute_query(f"CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:{_LABEL}) REQUIRE n.id IS UNIQUE",
                               database_=database)
    async with driver.session(database=database) as session:
        props = await session.execute_write(write)
    if props is None:
        raise ValueError(f"an active key is already named {name!r}: revoke it first or choose another name")
    return _key(props), token


async def list_keys(driver: AsyncDriver, *, database: str) -> list[ApiKey]:
    records, _, _ = await driver.execute_query(
        f"MATCH (k:{_LABEL}) RETURN properties(k) AS props ORDER BY k.createdAt, k.id", database_=database,
        routing_="r")
    return [_key(r["props"]) for r in records]


async def revoke_key(driver: AsyncDriver, id_or_name: str, *, database: str) -> ApiKey:
    """Revoke the key with this id, or the active key with this name; it is refused from the next request on."""
    records, _, _ = await driver.execute_query(
        f"MATCH (k:{_LABEL}) WHERE k.id = $value OR (k.name = $value AND k.revokedAt IS NULL) "
        "SET k.revokedAt = coalesce(k.revokedAt, $at) RETURN properties(k) AS props",
        value=id_or_name.strip(), at=_now(), database_=database)
    if not records:
        raise LookupError(f"no key with id or active name {id_or_name!r} (see `khabar keys list`)")
    return _key(records[0]["props"])


async def verify_token(driver: AsyncDriver, token: str, *, database: str) -> ApiKey | None:
    """The active key this token belongs to, or None (malformed, unknown, revoked or a wrong secret)."""
    match = _TOKEN.match(token.strip())
    if match is None:
        return None
    records, _, _ = await driver.execute_query(
        f"MATCH (k:{_LABEL} {{id: $id}}) WHERE k.revokedAt IS NULL RETURN properties(k) AS props",
        id=match.group(1), database_=database, routing_="r")
    if not records:
        return None
    props = records[0]["props"]
    if not hmac.compare_digest(digest(token.strip()), props["hash"]):
        return None
    return _key(props)
