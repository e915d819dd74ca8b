"""Extract + load against a real Neo4j: merging across spellings, idempotent re-ingest, rollback."""

from pathlib import Path

import pytest

from extract.ingest import ingest

ARTICLES = Path(__file__).parent / "data" / "articles"
BAD = Path(__file__).parent / "data" / "bad"


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


async def test_failing_article_is_rolled_back_alone(clean_db, settings):
    """A real failure inside one article's transaction (a constraint the article violates) undoes that article only;
    unreadable files are reported by name and the rest still go in."""
    driver = clean_db
    database = settings.neo4j_database
    await driver.execute_query(
        "CREATE CONSTRAINT test_org_name IF NOT EXISTS FOR (n:Organization) REQUIRE n.name IS UNIQUE",
        database_=database,
    )
    try:
        await driver.execute_query(
            "CREATE (:Organization {id: 'org:impostor', name: 'Nordwind Airlines'})", database_=database
        )
        report = await ingest(
            [str(ARTICLES), str(BAD / "broken.json"), str(BAD / "not_utf8.txt")], driver=driver, database=database
        )
    finally:
        await driver.execute_query("DROP CONSTRAINT test_org_name IF EXISTS", database_=database)
    assert report.articles == 2 and report.entities > 0 and report.facts > 0
    assert len(report.failures) == 3
    assert any("ar_permission.json" in f and "nothing written" in f for f in report.failures)
    assert any("broken.json" in f for f in report.failures)
    assert any("not_utf8.txt" in f for f in report.failures)
    # nothing of the failed article survived, not even the entities written before the violation
    assert await count(driver, settings, "MATCH (a:Article {id: 'article:ar-permission'}) RETURN count(a)") == 0
    assert await count(driver, settings, "MATCH (n {id: 'org:nordwind-airlines'}) RETURN count(n)") == 0
    assert await count(driver, settings, "MATCH (a:Article) RETURN count(a)") == 2


async def _graph(driver, settings):
    records, _, _ = await driver.execute_query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN n.id AS n, type(r) AS r, m.id AS m ORDER BY n, r, m",
        database_=settings.neo4j_database)
    return [tuple(rec) for rec in records]


async def test_parallel_ingest_writes_what_one_process_writes(clean_db, settings):
    """--jobs 2 (a process pool) and --jobs 1 (in process): the same graph, the same report, failures in input
    order and per file."""
    driver = clean_db
    regression = sorted((Path(__file__).parent / "data" / "regression").glob("*.txt"))[:4]
    paths = [str(BAD / "broken.json"), str(ARTICLES), *map(str, regression), str(BAD / "not_utf8.txt")]
    one = await ingest(paths, driver=driver, database=settings.neo4j_database, jobs=1)
    graph_one = await _graph(driver, settings)
    await driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)
    two = await ingest(paths, driver=driver, database=settings.neo4j_database, jobs=2)
    assert (two.articles, two.entities, two.facts, two.failures) == (one.articles, one.entities, one.facts,
                                                                     one.failures)
    assert two.articles == 7 and len(two.failures) == 2
    assert "broken.json" in two.failures[0] and "not_utf8.txt" in two.failures[1]
    assert await _graph(driver, settings) == graph_one
