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


@pytest.mark.asyncio
async def test_ingest_stops_at_the_first_article_it_cannot_write_and_a_rerun_completes(clean_db, settings):
    """Neo4j goes away after the first article: ingest stops there (it does not retry every later one),
    says what was loaded and what was not; once Neo4j is back, the same run again gives the full graph."""

    from extract.ingest import expand
    from graph.db import open_driver
    from tests.test_resilience import _proxied

    files = [str(p) for p in expand([str(ARTICLES)])[0]]
    assert len(files) == 3
    proxy, proxied = _proxied(settings)
    driver = open_driver(proxied)
    try:
        report = await ingest(files, driver=driver, database=settings.neo4j_database, jobs=1,
                              on_loaded=lambda _path: proxy.cut())
    finally:
        await driver.close()
    assert report.loaded == files[:1]
    assert report.stopped.startswith(f"{files[1]}: not loaded: database unavailable")
    assert report.not_attempted == files[2:] and not report.ok
    assert await count(clean_db, settings, "MATCH (a:Article) RETURN count(a)") == 1  # no partial article

    again = await ingest(files, driver=clean_db, database=settings.neo4j_database, jobs=1)
    assert again.ok and again.articles == len(files)
    resumed = await totals(clean_db, settings)
    await clean_db.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)
    await ingest(files, driver=clean_db, database=settings.neo4j_database, jobs=1)
    assert await totals(clean_db, settings) == resumed  # the same graph as one clean run


def test_ingest_with_neo4j_down_fails_fast_and_clearly(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from api.server import free_port

    env = dict(os.environ, NEO4J_URI=f"bolt://127.0.0.1:{free_port()}")  # nothing listens there
    started = time.monotonic()
    khabar = Path(sys.executable).with_name("khabar")
    run = subprocess.run([str(khabar), "ingest", "--jobs", "1", str(ARTICLES)],
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "database unavailable" in run.stderr and "nothing was loaded" in run.stderr
    assert time.monotonic() - started < 60  # not minutes of retries per article
