"""Forgiving ids: wherever a country or an entity is asked for, a country code ("KP", "kp") or a full id
("country:KP", "person:kim-jong-un") is accepted, and an id that names nothing gets an error suggesting the
closest entities by name (any script), so an analyst never has to guess the id convention.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from graph import model
from graph.text import fold
from schema.errors import UserInputError
from schema.search import lucene_query
from schema.types import Ctx

_CODE = re.compile(r"^[A-Za-z]{2}$")
SUGGESTIONS = 3  # close matches named in a "not found" error
ID_FORMS = "give an id such as person:sergei-lavrov, or a country's ISO code such as KP"
CODE_FORMS = "give an ISO 3166-1 alpha-2 code such as RU, or an id such as country:RU"


def entity_id(value: str) -> str:
    """The id a value names: a bare two-letter code is its country; a country id's code is upper-cased."""
    value = value.strip()
    if _CODE.match(value):
        return f"country:{value.upper()}"
    prefix, sep, rest = value.partition(":")
    if sep and prefix.lower() == "country" and _CODE.match(rest.strip()):
        return f"country:{rest.strip().upper()}"
    return value


def country_code(value: str) -> str:
    """The ISO code a country argument names ("kp", "KP" and "country:KP" all name KP)."""
    node_id = entity_id(value)
    return node_id.removeprefix("country:") if node_id.startswith("country:") else value.strip()


_SUGGEST = f"""
CALL db.index.fulltext.queryNodes('{model.FULLTEXT_ENTITY_INDEX}', $query) YIELD node, score
WHERE $label IN labels(node)
RETURN node.id AS id, node.name AS name, node.code AS code ORDER BY score DESC, node.id LIMIT $limit
"""


async def suggestions(info: Ctx, value: str, label: str) -> list[dict[str, Any]]:
    """Entities of `label` whose names (any script, any alias) are closest to the words of `value`; an id's
    prefix and hyphens are not words ("person:kim-jong" looks for "kim jong")."""
    words = fold(value.partition(":")[2] if ":" in value else value).replace("_", " ").split()
    if not words:
        return []
    label = "Entity" if label == "Node" else label
    return await info.context.reader.rows(
        _SUGGEST, query=lucene_query(words[: info.context.settings.max_search_terms]), label=label, limit=SUGGESTIONS
    )


def _not_found(argument: str, problem: str, forms: str, found: list[dict[str, Any]], codes: bool) -> UserInputError:
    if found:
        named = ", ".join(
            f"{row['code'] if codes and row['code'] else row['id']} ({row['name']})" for row in found
        )
        problem += f"; did you mean {named}?"
    else:
        problem += "; no entity has a name close to it"
    return UserInputError(
        argument,
        f"{problem} ({forms})",
        suggestions=[row["code"] if codes and row["code"] else row["id"] for row in found],
    )


async def require_country(info: Ctx, value: str, argument: str) -> str:
    """The ISO code of an existing country named by `value` (code or id)."""
    return (await require_countries(info, **{argument: value}))[argument]


async def require_countries(info: Ctx, **values: str | None) -> dict[str, str]:
    """Check several country arguments (name -> value) with one batched lookup; returns name -> ISO code."""
    given = {argument: country_code(value) for argument, value in values.items() if value is not None}
    records = await asyncio.gather(*(info.context.nodes.load(f"country:{code}") for code in given.values()))
    for argument, record in zip(given, records, strict=True):
        if record is None or "Country" not in record["labels"]:
            found = await suggestions(info, str(values[argument]), "Country")
            raise _not_found(argument, f"no country with code {values[argument]!r}", CODE_FORMS, found, codes=True)
    return given


async def require_node(info: Ctx, value: str, argument: str, label: str) -> str:
    """The id of an existing node with `label` named by `value` (a full id, or a country's ISO code)."""
    node_id = entity_id(value)
    record = await info.context.nodes.load(node_id)
    if record is None or label not in record["labels"]:
        found = await suggestions(info, value, label)
        what = "entity" if label in ("Entity", "Node") else label.lower()
        raise _not_found(argument, f"no {what} with id {value!r}", ID_FORMS, found, codes=False)
    return node_id
