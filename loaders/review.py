"""Editors' reviews of facts: confirm, reject or correct, with a note, who and when.

Every review is a (:Review)-[:REVIEWS]->(fact) node of its own (the history); the latest is the fact's state,
copied onto the fact as `reviewState` so lists filter on it cheaply. Evidence is never touched.

A correction makes the corrected value the fact's value, so every list, filter, ordering, count and timeline
uses it; the extractor's value is kept beside it (`extractedStart`, `extractedStatus`…, and the entity a link
correction replaced, on the review's CORRECTS link). The fact's `correctedFields` and `unlinked` (links a
correction removed) tell the loader what re-ingesting the article must not overwrite: the extractor's new value
goes to `extracted…`, and a removed link is not merged again (`protect`, called by loaders.load).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import model
from graph.model import RelSpec


class Verdict(StrEnum):
    CONFIRM = "CONFIRMED"
    REJECT = "REJECTED"
    CORRECT = "CORRECTED"


@dataclass(frozen=True)
class Link:
    """How a fact is linked to an entity in one role: the relationship, and whether the fact is its start node."""

    rel: RelSpec
    fact_is_source: bool
    single: bool  # one entity per fact (a correction replaces it) or several (one is added or replaced)
    target: str  # the label the entity must carry


# Role -> link, per fact label.
LINKS: dict[str, dict[str, Link]] = {
    "Visit": {
        "VISITOR": Link(model.MADE, False, True, "Person"),
        "VISITOR_COUNTRY": Link(model.VISITOR_FROM, True, True, "Country"),
        "HOST_COUNTRY": Link(model.HOSTED_BY, True, True, "Country"),
        "DESTINATION": Link(model.DESTINATION, True, True, "Place"),
        "INVITED_BY": Link(model.INVITED_BY, True, True, "Entity"),
        "DELEGATION": Link(model.IN_DELEGATION, False, False, "Person"),
    },
    "Agreement": {"PARTY": Link(model.PARTY, True, False, "Entity")},
    "Statement": {
        "SPEAKER": Link(model.SPOKEN_BY, True, True, "Entity"),
        "ABOUT": Link(model.ABOUT, True, False, "Entity"),
    },
    "Event": {
        "PARTICIPANT": Link(model.PARTICIPANT, True, False, "Entity"),
        "PLACE": Link(model.HELD_AT, True, True, "Place"),
    },
}

# The property a date correction sets, per fact label (visits also have an end date).
DATE_FIELD = {"Visit": "start", "Agreement": "signedOn", "Statement": "date", "Event": "date"}
STATUS_VALUES = {
    "Visit": {s.value for s in model.VisitStatus},
    "Event": {s.value for s in model.VisitStatus},
    "Agreement": {s.value for s in model.AgreementStatus},
}
SPAN_KEYS = ("spanFrom", "spanTo", "sortDate", "sortDateDesc")


@dataclass(frozen=True)
class LinkChange:
    role: str
    entity: str | None  # the entity to link (None: only remove `replaces`)
    replaces: str | None  # the entity to unlink (for a single link: the current one when not given)


@dataclass(frozen=True)
class Correction:
    date: str | None = None
    end_date: str | None = None
    status: str | None = None  # the stored value (lower case)
    links: tuple[LinkChange, ...] = ()


@dataclass
class Reviewed:
    review: dict[str, Any]
    fact_id: str
    unlinked: list[str] = field(default_factory=list)


def extracted_key(prop: str) -> str:
    return "extracted" + prop[0].upper() + prop[1:]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


async def _review(tx: AsyncManagedTransaction, fact_id: str, verdict: Verdict, note: str | None, by_id: str,
                  by_name: str, correction: Correction | None) -> Reviewed | None:
    from loaders.load import _span

    found = await (await tx.run("MATCH (f:Node:Fact {id: $id}) RETURN labels(f) AS labels, properties(f) AS props",
                                id=fact_id)).single()
    if found is None:
        return None
    label = next(lab for lab in found["labels"] if lab in DATE_FIELD)
    props: dict[str, Any] = found["props"]
    at = _now()
    review = {"id": f"review:{uuid.uuid4().hex}", "verdict": verdict.name, "note": note, "at": at, "by": by_name,
              "byKey": by_id}
    updates: dict[str, Any] = {"reviewState": verdict.value, "reviewedAt": at}
    corrected = list(props.get("correctedFields") or [])
    unlinked = list(props.get("unlinked") or [])
    changes: list[dict[str, Any]] = []
    if correction is not None:
        values: dict[str, Any] = {}
        if correction.date is not None:
            values[DATE_FIELD[label]] = correction.date
        if correction.end_date is not None:
            values["end"] = correction.end_date
        if correction.status is not None:
            values["status"] = correction.status
        for prop, value in values.items():
            if prop not in corrected:  # the extractor's value, kept beside the correction once
                updates[extracted_key(prop)] = props.get(prop)
                corrected.append(prop)
            updates[prop] = value
        if correction.date is not None or correction.end_date is not None:
            first = updates.get(DATE_FIELD[label], props.get(DATE_FIELD[label]))
            last = updates.get("end", props.get("end")) if label == "Visit" else None
            updates.update(_span(first, last))
        review |= {"date": correction.date, "endDate": correction.end_date, "status": correction.status}
        for change in correction.links:
            link = LINKS[label][change.role]
            current = await _linked(tx, fact_id, link)
            removed = [change.replaces] if change.replaces else (current if link.single and change.entity else [])
            for entity_id in removed:
                if entity_id in current:
                    await tx.run(_unlink_cypher(link), fact=fact_id, entity=entity_id)
                    key = f"{link.rel.type}:{entity_id}"
                    if key not in unlinked:
                        unlinked.append(key)
            if change.entity:
                await tx.run(_link_cypher(link), fact=fact_id, entity=change.entity)
                key = f"{link.rel.type}:{change.entity}"
                unlinked = [u for u in unlinked if u != key]  # linked again by hand: re-ingest may merge it too
            changes.append({"role": change.role, "entity": change.entity, "replaces": removed[0] if removed else None})
        updates["correctedFields"] = corrected
        updates["unlinked"] = unlinked
    result = await tx.run(
        f"MATCH (f:Node:Fact {{id: $fact}}) CREATE (r:{model.REVIEW.label})-[:{model.REVIEWS.type}]->(f) "
        "SET r = $review, r.seq = coalesce(f.reviewCount, 0) + 1 "
        "SET f += $updates, f.reviewCount = coalesce(f.reviewCount, 0) + 1 "
        # the label lets lists and counts skip rejected facts without reading a property of every fact
        f"FOREACH (_ IN CASE WHEN $rejected THEN [1] ELSE [] END | SET f:{model.REJECTED}) "
        f"FOREACH (_ IN CASE WHEN $rejected THEN [] ELSE [1] END | REMOVE f:{model.REJECTED}) "
        "WITH r UNWIND $changes AS change "
        "OPTIONAL MATCH (e:Node {id: change.entity}) "
        f"FOREACH (_ IN CASE WHEN e IS NULL THEN [] ELSE [1] END | "
        f"  CREATE (r)-[:{model.CORRECTS.type} {{role: change.role, replaces: change.replaces}}]->(e)) "
        "RETURN count(*) AS n",
        fact=fact_id, review={k: v for k, v in review.items() if v is not None}, updates=updates,
        rejected=verdict is Verdict.REJECT,
        changes=changes or [{"role": None, "entity": None, "replaces": None}])
    await result.consume()
    # a removal-only link change (no entity) is recorded on the review itself
    removals = [f"{c['role']}:{c['replaces']}" for c in changes if not c["entity"] and c["replaces"]]
    if removals:
        await tx.run(f"MATCH (r:{model.REVIEW.label} {{id: $id}}) SET r.removedLinks = $removed",
                     id=review["id"], removed=removals)
    return Reviewed(review=review, fact_id=fact_id, unlinked=unlinked)


async def _linked(tx: AsyncManagedTransaction, fact_id: str, link: Link) -> list[str]:
    pattern = f"(f)-[:{link.rel.type}]->(e)" if link.fact_is_source else f"(e)-[:{link.rel.type}]->(f)"
    result = await tx.run(f"MATCH (f:Fact {{id: $fact}}) MATCH {pattern} RETURN e.id AS id ORDER BY id", fact=fact_id)
    return [record["id"] async for record in result]


def _unlink_cypher(link: Link) -> str:
    pattern = f"(f)-[r:{link.rel.type}]->(e)" if link.fact_is_source else f"(e)-[r:{link.rel.type}]->(f)"
    return f"MATCH (f:Fact {{id: $fact}}) MATCH {pattern} WHERE e.id = $entity DELETE r"


def _link_cypher(link: Link) -> str:
    pattern = f"(f)-[:{link.rel.type}]->(e)" if link.fact_is_source else f"(e)-[:{link.rel.type}]->(f)"
    return f"MATCH (f:Fact {{id: $fact}}) MATCH (e:Node {{id: $entity}}) MERGE {pattern}"


async def review_fact(driver: AsyncDriver, fact_id: str, verdict: Verdict, *, note: str | None, by_id: str,
                      by_name: str, correction: Correction | None, database: str) -> Reviewed | None:
    """Record a review in one transaction; None when the graph holds no such fact (nothing written)."""
    async with driver.session(database=database, bookmark_manager=driver.execute_query_bookmark_manager) as session:
        return await session.execute_write(_review, fact_id, verdict, note, by_id, by_name, correction)


# --- what re-ingesting must not overwrite (called by loaders.load inside the article's transaction) ---------------

PROTECTED = """
UNWIND $ids AS id MATCH (f:Node:Fact {id: id})
WHERE f.correctedFields IS NOT NULL OR f.unlinked IS NOT NULL
RETURN f.id AS id, coalesce(f.correctedFields, []) AS fields, coalesce(f.unlinked, []) AS unlinked
"""


async def protect(tx: AsyncManagedTransaction, rows: Any, new: set[str] | frozenset[str] = frozenset()) -> None:
    """Rewrite an article's rows so that corrections survive: a corrected property's new extracted value goes to
    `extracted…` (the correction stays the fact's value), and a link a correction removed is not merged again.
    `new`: facts the graph does not hold (none of them can have been reviewed: not asked about)."""
    fact_rows = {row["id"]: row for spec, node_rows in rows.nodes.items() if spec.kind in model.FACT_SPECS
                 for row in node_rows if row["id"] not in new}
    if not fact_rows:
        return
    result = await tx.run(PROTECTED, ids=list(fact_rows))
    unlinked: set[tuple[str, str, str]] = set()  # (rel type, fact id, entity id)
    async for record in result:
        row_props = fact_rows[record["id"]]["props"]
        for prop in record["fields"]:
            if prop in row_props:
                row_props[extracted_key(prop)] = row_props.pop(prop)
            if prop == "status":
                row_props.pop("statusAsOf", None)  # the loader's "latest article tells the status" keeps the old
            if prop in ("start", "end", "signedOn", "date"):
                for key in SPAN_KEYS:
                    row_props.pop(key, None)
        for item in record["unlinked"]:
            rel_type, _, entity_id = item.partition(":")
            unlinked.add((rel_type, record["id"], entity_id))
    if not unlinked:
        return
    for spec, rel_rows in rows.rels.items():
        rel_rows[:] = [r for r in rel_rows if (spec.type, r["from"], r["to"]) not in unlinked
                       and (spec.type, r["to"], r["from"]) not in unlinked]
