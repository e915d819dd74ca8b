"""Read-side Cypher of reviews: every review of a page of facts (newest first) in one query, with the
extractor's values a correction replaced."""

from __future__ import annotations

from typing import Any

from graph import model
from schema.data import Reader

# The condition that hides the facts an editor rejected (`n` is the fact): the default of every fact list, counts
# and timelines.
NOT_REJECTED = f"NOT n:{model.REJECTED}"  # a label check: no property of every fact is read

REVIEWS = f"""
UNWIND $ids AS id MATCH (f:Fact {{id: id}})
OPTIONAL MATCH (r:{model.REVIEW.label})-[:{model.REVIEWS.type}]->(f)
OPTIONAL MATCH (r)-[c:{model.CORRECTS.type}]->(e)
WITH id, f, r, collect(CASE WHEN e IS NULL THEN null ELSE {{role: c.role, entity: e.id, replaces: c.replaces}} END)
     AS links
ORDER BY r.seq DESC
WITH id, f, collect(CASE WHEN r IS NULL THEN null ELSE r {{.*, links: links}} END) AS reviews
RETURN id, reviews, [k IN keys(f) WHERE k STARTS WITH 'extracted' | [k, f[k]]] AS extracted,
       coalesce(f.correctedFields, []) AS corrected
"""


async def reviews_of(reader: Reader, ids: list[str]) -> list[dict[str, Any] | None]:
    rows = await reader.rows(REVIEWS, ids=ids)
    found = {row["id"]: row for row in rows}
    return [found.get(i) for i in ids]
