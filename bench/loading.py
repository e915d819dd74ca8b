"""Loader figures: articles batched across transactions (loaders.batches) against one transaction per
article (loaders.load.load_document) and one query per row, and reload idempotency.

The naive baseline runs the loader's own Cypher (same MERGE semantics, same transaction per
article) with one row per query instead of one batch per label and relationship type, so the
difference is the number of round trips and nothing else. All three must build the same graph
(every node's and relationship's properties compared).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from bench.corpus import Article
from bench.measure import Timing, ratio
from loaders.batches import BATCH_DOCUMENTS, load_all
from loaders.document import FactsDocument
from loaders.load import ROLE_CYPHER, ensure_schema, known_ids, load_document, node_cypher, rel_cypher, to_rows

WARMUP_ARTICLES = 3  # loaded both ways and wiped first, so neither side pays for cold query plans
# The server's JIT takes several whole loads to settle after it starts (1x, fresh server: 14.1, 4.7, 4.2, 3.9, 3.4,
# 3.5 s; its CPU 25 -> 3 s): the corpus is loaded and wiped until a load is within SETTLED of the one before (at most
# WARMUP_LOADS), so the timed load is the server's steady state; the first load's time is reported beside it.
WARMUP_LOADS = 6
SETTLED = 0.05
DELETE_EVIDENCE = "MATCH (:Node)-[r:SUPPORTED_BY]->(:Article {id: $id}) DELETE r"


def row_count(article: Article) -> int:
    """Nodes, roles and relationships one article writes (the rows the loader batches)."""
    rows = to_rows(article.document, article.text)
    return sum(map(len, rows.nodes.values())) + len(rows.roles) + sum(map(len, rows.rels.values()))


async def counts(driver: AsyncDriver, database: str) -> dict[str, int]:
    records, _, _ = await driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } "
        "RETURN nodes, rels", database_=database)  # fmt: skip
    return {"nodes": records[0]["nodes"], "relationships": records[0]["rels"]}


async def visit_nodes(driver: AsyncDriver, database: str) -> int:
    records, _, _ = await driver.execute_query("MATCH (v:Visit) RETURN count(v) AS n", database_=database)
    return int(records[0]["n"])


async def fingerprint(driver: AsyncDriver, database: str) -> str:
    """A digest of the whole graph: every node's labels and properties, every relationship's type, ends and
    properties (two loaders that build the same graph get the same digest), but `addedAt` (when written)."""
    nodes, _, _ = await driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, n {.*, addedAt: null} AS props", database_=database)
    rels, _, _ = await driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props", database_=database)
    lines = sorted(json.dumps([sorted(r["labels"]), r["props"]], sort_keys=True, ensure_ascii=False) for r in nodes)
    lines += sorted(json.dumps([r["a"], r["type"], r["b"], r["props"]], sort_keys=True, ensure_ascii=False)
                    for r in rels)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


async def is_empty(driver: AsyncDriver, database: str) -> bool:
    records, _, _ = await driver.execute_query("MATCH (n) RETURN count(n) = 0 AS empty", database_=database)
    return bool(records[0]["empty"])


async def wipe(driver: AsyncDriver, database: str) -> None:
    """Delete every relationship, then every node, in batches: DETACH DELETE of 5000 nodes at a time ran out of
    the local server's transaction memory (192 MiB) on the 4x corpus, whose countries have ~10,000 relationships."""
    async with driver.session(database=database) as session:
        for statement in ("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
                          "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS"):  # fmt: skip
            result = await session.run(statement)
            await result.consume()


async def _write_naive(tx: AsyncManagedTransaction, doc: FactsDocument, text: str) -> None:
    rows = to_rows(doc, text, await known_ids(tx, doc))
    await tx.run(DELETE_EVIDENCE, id=f"article:{doc.article.id}")
    for spec, node_rows in rows.nodes.items():
        for row in node_rows:
            await tx.run(node_cypher(spec), rows=[row])
    for row in rows.roles:
        await tx.run(ROLE_CYPHER, rows=[row])
    for rel_spec, rel_rows in rows.rels.items():
        for row in rel_rows:
            await tx.run(rel_cypher(rel_spec), rows=[row])


async def load_naive(driver: AsyncDriver, article: Article, database: str) -> None:
    async with driver.session(database=database) as session:
        await session.execute_write(_write_naive, article.document, article.text)


async def _load_each(driver: AsyncDriver, articles: list[Article], database: str, *, naive: bool = False,
                     checkpoint: int | None = None) -> tuple[Timing, dict[str, int] | None]:
    """Load articles one transaction each; time each; take node/relationship counts after `checkpoint` articles."""
    samples, at_checkpoint = [], None
    for i, article in enumerate(articles):
        if i == checkpoint:
            at_checkpoint = await counts(driver, database)
        start = time.perf_counter()
        if naive:
            await load_naive(driver, article, database)
        else:
            await load_document(driver, article.document, article.text, database=database)
        samples.append((time.perf_counter() - start) * 1000)
    if checkpoint == len(articles):
        at_checkpoint = await counts(driver, database)
    return Timing(tuple(samples)), at_checkpoint


async def _load_batched(driver: AsyncDriver, articles: list[Article], database: str,
                        size: int = BATCH_DOCUMENTS) -> Timing:
    """Load articles the way `khabar load` does (loaders.batches.load_all: the next batch's rows built while the
    database writes the current one); time each batch (from the end of the one before: the batches overlap)."""
    samples: list[float] = []
    last = time.perf_counter()

    def batch_done(_documents: int) -> None:
        nonlocal last
        now = time.perf_counter()
        samples.append((now - last) * 1000)
        last = now

    outcomes = await load_all(driver, [(a.document, a.text) for a in articles], database=database, size=size,
                              on_batch=batch_done)
    if any(outcomes):
        raise RuntimeError(f"the bench corpus failed to load: {next(e for e in outcomes if e)}")
    return Timing(tuple(samples))


async def warm_up(driver: AsyncDriver, articles: list[Article], database: str) -> list[float]:
    """Load the corpus into the empty database and wipe it, until the server has settled (WARMUP_LOADS, SETTLED);
    each load's seconds."""
    seconds: list[float] = []
    while len(seconds) < WARMUP_LOADS:
        seconds.append(round((await _load_batched(driver, articles, database)).total / 1000, 2))
        await wipe(driver, database)
        if len(seconds) > 1 and abs(seconds[-1] - seconds[-2]) <= SETTLED * seconds[-2]:
            break
    return seconds


@dataclass(frozen=True)
class LoaderFigures:
    figures: dict[str, Any]
    ok: bool


def _throughput(rows: int, timing: Timing) -> float:
    return round(rows / (timing.total / 1000), 1)


def _rates(articles: list[Article], rows: int, timing: Timing) -> dict[str, Any]:
    facts = sum(len(a.document.facts) for a in articles)
    return {"articles": len(articles), "facts": facts, "rows": rows, "seconds": round(timing.total / 1000, 2),
            "articles_per_s": _throughput(len(articles), timing), "facts_per_s": _throughput(facts, timing),
            "rows_per_s": _throughput(rows, timing)}  # fmt: skip


def fact_count(articles: list[Article]) -> int:
    """Visits, statements, events and agreements the documents tell (before re-told visits merge)."""
    return sum(len(article.document.facts) for article in articles)


async def bench_load_only(driver: AsyncDriver, articles: list[Article], database: str) -> dict[str, Any]:
    """The loader alone into an empty database (the larger corpora: no naive baseline, no reload), with warm query
    plans: the comparison before it clears the plan cache (bench.compare.settle_plans), and planning the loader's
    statements again took ~1 s of a 4x load's first batch."""
    rows = sum(row_count(a) for a in articles)
    await wipe(driver, database)
    await ensure_schema(driver, database=database)
    await _load_batched(driver, articles[:WARMUP_ARTICLES], database)
    await wipe(driver, database)
    timing = await _load_batched(driver, articles, database)
    return {"load_all": {**_rates(articles, rows, timing), "ms_per_batch": timing.figures()},
            "counts_after_load": await counts(driver, database), "visit_nodes": await visit_nodes(driver, database)}



async def bench_loader(driver: AsyncDriver, articles: list[Article], database: str, subset: int) -> LoaderFigures:
    """On the first `subset` articles: the naive baseline, one transaction per article, and the batched
    loader, each from an empty database with warm query plans, each graph compared with the others. Then
    the batched loader on all articles, and a full reload (idempotent: the same counts)."""
    rows = [row_count(a) for a in articles]
    subset = min(subset, len(articles))
    first = articles[:subset]
    await wipe(driver, database)
    await ensure_schema(driver, database=database)
    warmup = await warm_up(driver, articles, database)
    for warm in ("naive", "per_article", "batched"):
        if warm == "batched":
            await _load_batched(driver, articles[:WARMUP_ARTICLES], database)
        else:
            await _load_each(driver, articles[:WARMUP_ARTICLES], database, naive=warm == "naive")
        await wipe(driver, database)
    naive, _ = await _load_each(driver, first, database, naive=True)
    naive_graph = await fingerprint(driver, database)
    await wipe(driver, database)
    per_article, _ = await _load_each(driver, first, database)
    per_article_graph = await fingerprint(driver, database)
    await wipe(driver, database)
    batched_first = await _load_batched(driver, first, database)
    batched_graph = await fingerprint(driver, database)

    await wipe(driver, database)
    batched = await _load_batched(driver, articles, database)
    loaded = await counts(driver, database)
    reload = await _load_batched(driver, articles, database)
    reloaded = await counts(driver, database)

    subset_rows = sum(rows[:subset])
    naive_rate, per_article_rate = _throughput(subset_rows, naive), _throughput(subset_rows, per_article)
    batched_rate = _throughput(subset_rows, batched_first)
    figures = {
        "rows_per_article_median": sorted(rows)[len(rows) // 2],
        "batch_documents": BATCH_DOCUMENTS,
        "subset_articles": subset,
        "naive_rows_per_s": naive_rate,
        "per_article_rows_per_s": per_article_rate,
        "batched_rows_per_s_same_subset": batched_rate,
        "speedup_batched_vs_naive": ratio(batched_rate, naive_rate),  # rows/s over rows/s
        "speedup_batched_vs_per_article": ratio(batched_rate, per_article_rate),
        "naive_ms_per_article": naive.figures(),
        "per_article_ms_per_article": per_article.figures(),
        "same_graph_as_naive": naive_graph == batched_graph,
        "same_graph_as_per_article": per_article_graph == batched_graph,
        "load_all": {**_rates(articles, sum(rows), batched), "ms_per_batch": batched.figures()},
        "warmup_load_seconds": warmup,
        "reload_all": {**_rates(articles, sum(rows), reload), "ms_per_batch": reload.figures()},
        "counts_after_load": loaded,
        # fewer than the visits told: re-told visits (same visitor, host, start) merge into one
        "visit_nodes": await visit_nodes(driver, database),
        "counts_after_reload": reloaded,
        "reload_idempotent": loaded == reloaded,
    }  # fmt: skip
    ok = figures["same_graph_as_naive"] and figures["same_graph_as_per_article"] and figures["reload_idempotent"]
    return LoaderFigures(figures, ok=ok)
