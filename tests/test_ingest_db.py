"""Extract + load against a real Neo4j: merging across spellings, idempotent re-ingest, rollback."""

from pathlib import Path

import pytest

import loaders.load
from extract.ingest import ingest

ARTICLES = Path(__file__).parent / "data" / "articles"


async def count(driver, settings, query):
    records, _, _ = await driver.execute_query(query, database_=settings.neo4j_database)
    return records[0][0]


async def totals(driver, settings):
    nodes = await count(driver, settings, "MATCH (n) RETURN count(n)")
    rels = await count(driver, settings, "MATCH ()-[r]->() RETURN count(r)")
    return nodes, rels


@pytest.mark.asyncio
async def test_ingest_twice_changes_nothing(clean_db, settings):
    driver = clean_db
    report = await ingest([str(ARTICLES)], driver=driver, database=settings.neo4j_database)
    assert report.ok and report.articles == 3
    first = await totals(driver, settings)
    again = await ingest([str(ARTICLES)], driver=driver, database=settings.neo4j_database)
    assert again.ok
    assert await totals(driver, settings) == first


@pytest.mark.asyncio
async def test_spelling_variants_merge_into_one_node(clean_db, settings):
    driver = clean_db
    await ingest([str(ARTICLES)], driver=driver, database=settings.neo4j_database)
    # سيرغي لافروف (Arabic) and Sergey Lavrov (English) are one node
    n = await count(driver, settings, "MATCH (p {id: 'person:sergei-lavrov'}) RETURN count(p)")
    assert n == 1
    n = await count(driver, settings, "MATCH (p {id: 'person:dmitry-peskov'}) RETURN count(p)")
    assert n == 1


@pytest.mark.asyncio
async def test_failing_article_is_rolled_back_alone(clean_db, settings, monkeypatch):
    driver = clean_db
    real = loaders.load.load_document

    async def flaky(drv, doc, text, *, database):
        if doc.article.id == "ar-permission":
            raise RuntimeError("simulated failure")
        await real(drv, doc, text, database=database)

    monkeypatch.setattr(loaders.load, "load_document", flaky)
    report = await ingest([str(ARTICLES)], driver=driver, database=settings.neo4j_database)
    assert report.articles == 2 and len(report.failures) == 1
    n = await count(driver, settings, "MATCH (n {id: 'org:nordwind-airlines'}) RETURN count(n)")
    assert n == 0
