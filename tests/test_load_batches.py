"""Many articles per transaction against a real Neo4j: the same graph as one transaction per article, re-told
visits and re-spelled people merged inside a batch, and a failing article rolled back alone, named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from bench.corpus import generate
from graph import model
from graph.settings import Settings
from loaders.batches import batches, load_all
from loaders.document import FactsDocument
from loaders.run import load_paths
from tests.conftest import DATA, counts
from tests.test_loader import ARRIVAL, VISIT_STATE, _unverified_doc, _write

SEED = DATA / "seed"


def _document_file(tmp_path: Path, doc: FactsDocument) -> Path:
    return _write(tmp_path, f"{doc.article.id}.facts.json", doc.model_dump(mode="json", by_alias=True,
                                                                          exclude_none=True))


def _respelled_pair(tmp_path: Path, tag: str) -> list[Path]:
    """Two articles naming one unknown person in two spellings, each telling the same visit (same month)."""
    first = _unverified_doc(f"{tag}-one", "person:han-song-mi", "هان سونغ مي", "تزور هان سونغ مي موسكو في أغسطس",
                            f"visit:{tag}-a")
    second = _unverified_doc(f"{tag}-two", "person:han-sung-mee", "هانْ سونج مى", "هانْ سونج مى تصل موسكو",
                             f"visit:{tag}-b")
    return [_write(tmp_path, f"{tag}-{n}.facts.json", d) for n, d in (("1", first), ("2", second))]


async def _graph(driver: AsyncDriver, settings: Settings) -> list[str]:
    """Every node (labels, properties) and relationship (type, ends, properties), sorted: the whole graph
    (but `addedAt`, when a fact was first written)."""
    nodes, _, _ = await driver.execute_query("MATCH (n) RETURN labels(n) AS labels, n {.*, addedAt: null} AS props",
                                             database_=settings.neo4j_database)
    rels, _, _ = await driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props",
        database_=settings.neo4j_database)
    return sorted([json.dumps([sorted(r["labels"]), r["props"]], sort_keys=True, ensure_ascii=False) for r in nodes]
                  + [json.dumps([r["a"], r["type"], r["b"], r["props"]], sort_keys=True, ensure_ascii=False)
                     for r in rels])


async def _wipe(driver: AsyncDriver, settings: Settings) -> None:
    await driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seed and an article re-telling its visit, 30 generated articles (about one visit in 17 re-tells an
    earlier article's), and two pairs of articles spelling an unknown person two ways."""
    tmp_path = tmp_path_factory.mktemp("corpus")
    generated = [_document_file(tmp_path, a.document) for a in generate(360, seed=11)]
    seed = sorted(SEED.glob("*.facts.json"))
    return [*seed, *generated[:15], ARRIVAL, *_respelled_pair(tmp_path, "early"), *generated[15:],
            *_respelled_pair(tmp_path, "late")]


async def test_batches_build_the_graph_one_transaction_per_article_builds(
    clean_db: AsyncDriver, settings: Settings, corpus_files: list[Path]
) -> None:
    database = settings.neo4j_database
    one_by_one = await load_paths(clean_db, corpus_files, database=database, batch_size=1)
    assert one_by_one.ok, one_by_one.failed
    expected = await _graph(clean_db, settings)
    for size in (7, 100):
        await _wipe(clean_db, settings)
        batched = await load_paths(clean_db, corpus_files, database=database, batch_size=size)
        assert batched.ok and batched.loaded == one_by_one.loaded
        assert await _graph(clean_db, settings) == expected, f"batches of {size}"
    again = await load_paths(clean_db, corpus_files, database=database)
    assert again.ok and await _graph(clean_db, settings) == expected  # reloading in batches changes nothing


async def test_retold_visits_in_one_batch_merge_as_across_batches(
    clean_db: AsyncDriver, settings: Settings, corpus_files: list[Path]
) -> None:
    """The generated articles re-tell visits of articles loaded in the same batch: fewer Visit nodes than
    visits told, as many as one transaction per article leaves."""
    database = settings.neo4j_database
    told = sum(f["type"] == "visit" for p in corpus_files for f in json.loads(p.read_text(encoding="utf-8"))["facts"])
    assert (await load_paths(clean_db, corpus_files, database=database, batch_size=len(corpus_files))).ok
    records, _, _ = await clean_db.execute_query("MATCH (v:Visit) RETURN count(v) AS n", database_=database)
    in_one_batch = records[0]["n"]
    await _wipe(clean_db, settings)
    assert (await load_paths(clean_db, corpus_files, database=database, batch_size=1)).ok
    records, _, _ = await clean_db.execute_query("MATCH (v:Visit) RETURN count(v) AS n", database_=database)
    assert in_one_batch == records[0]["n"] < told - 10


@pytest.mark.parametrize("order", ["seed first", "arrival first"])
async def test_two_articles_of_one_batch_telling_the_same_visit_make_one_visit(
    clean_db: AsyncDriver, settings: Settings, order: str
) -> None:
    paths = [SEED, ARRIVAL] if order == "seed first" else [ARRIVAL, SEED]
    report = await load_paths(clean_db, paths, database=settings.neo4j_database)  # one batch
    assert report.ok and len(report.loaded) == 2
    records, _, _ = await clean_db.execute_query(VISIT_STATE, database_=settings.neo4j_database)
    (visit,) = records
    assert visit["status"] == "ongoing"  # the later article's word, whatever the order in the batch
    assert visit["purpose"]
    assert sorted(visit["articles"]) == ["article:seed-000-29605565af34d15c", "article:test-lavrov-arrives"]


async def test_one_person_spelled_two_ways_in_one_batch_is_one_person(
    clean_db: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    assert (await load_paths(clean_db, _respelled_pair(tmp_path, "pair"), database=settings.neo4j_database)).ok
    records, _, _ = await clean_db.execute_query(
        "MATCH (p:Person) OPTIONAL MATCH (p)-[:MADE]->(v:Visit) RETURN p.id AS id, p.aliases AS aliases, "
        "collect(v.id) AS visits", database_=settings.neo4j_database)
    (person,) = records
    assert person["id"] == "person:han-song-mi" and "هانْ سونج مى" in person["aliases"]
    assert person["visits"] == ["visit:pair-a"]


async def test_a_failing_article_in_a_batch_is_rolled_back_alone_and_named(
    clean_db: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    """The database refuses one article of a batch (it breaks a uniqueness constraint): the batch's transaction
    fails, its articles are loaded again one per transaction; the others land, the bad one writes nothing."""
    database = settings.neo4j_database
    articles = generate(96, seed=5)
    files = [_document_file(tmp_path, a.document) for a in articles]
    bad = articles[3].document
    titles = [a.document.article.title for a in articles]
    assert titles.count(bad.article.title) == 1
    await clean_db.execute_query("CREATE CONSTRAINT test_article_title IF NOT EXISTS "
                                 "FOR (n:Article) REQUIRE n.title IS UNIQUE", database_=database)
    try:
        await clean_db.execute_query("CREATE (:Article {id: 'article:impostor', title: $title})",
                                     title=bad.article.title, database_=database)
        report = await load_paths(clean_db, files, database=database)
    finally:
        await clean_db.execute_query("DROP CONSTRAINT test_article_title IF EXISTS", database_=database)
    assert not report.ok and not report.errors
    (failure,) = report.failed
    assert failure.startswith(f"{files[3]}: article '{bad.article.id}' not loaded, nothing of it written: "
                              "database constraint violated")
    assert len(report.loaded) == len(files) - 1 and not any(str(files[3]) in line for line in report.loaded)
    records, _, _ = await clean_db.execute_query(
        "MATCH (n:Node) WHERE n.id = $article OR n.id IN $facts RETURN count(n) AS n",
        article=f"article:{bad.article.id}", facts=[f.id for f in bad.facts], database_=database)
    assert records[0]["n"] == 0  # not its article, not one of its facts
    records, _, _ = await clean_db.execute_query("MATCH (a:Article) RETURN count(a) AS n", database_=database)
    assert records[0]["n"] == len(files)  # the others and the impostor


async def test_the_database_going_away_stops_loading_at_the_batch_it_could_not_write(
    clean_db: AsyncDriver, settings: Settings
) -> None:
    from graph.db import open_driver
    from loaders.batches import LoadStopped
    from tests.test_resilience import _proxied

    docs = [(a.document, a.text) for a in generate(60, seed=3)]
    proxy, proxied = _proxied(settings)
    driver = open_driver(proxied)
    try:
        await load_all(driver, docs[:2], database=settings.neo4j_database, size=2)
        proxy.cut()
        with pytest.raises(LoadStopped) as stopped:
            await load_all(driver, docs[2:], database=settings.neo4j_database, size=2)
    finally:
        await driver.close()
    assert stopped.value.index == 0
    assert (await counts(clean_db, settings))[0] > 0
    records, _, _ = await clean_db.execute_query("MATCH (a:Article) RETURN count(a) AS n",
                                                 database_=settings.neo4j_database)
    assert records[0]["n"] == 2


def test_a_batch_never_holds_one_article_twice() -> None:
    items = ["a", "b", "a", "c", "d", "e", "f"]
    assert list(batches(items, lambda item: item, size=3)) == [["a", "b"], ["a", "c", "d"], ["e", "f"]]


async def test_rows_built_between_replies_are_prepares_and_leave_the_loop_a_turn_per_document() -> None:
    """The next batch's rows are built in the loader's own event loop, one document per turn, so the replies of the
    batch being written are taken between two documents: the same rows as building them at once."""
    import asyncio

    from loaders.batches import prepare_between_replies
    from loaders.load import prepare

    docs = [(a.document, a.text) for a in generate(60, seed=5)]
    turns = 0

    async def other_work() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    ticker = asyncio.ensure_future(other_work())
    built = await prepare_between_replies(docs)
    ticker.cancel()
    assert turns >= len(docs)
    expected = prepare(docs)
    assert [(r.nodes, r.roles, r.rels) for r in built] == [(r.nodes, r.roles, r.rels) for r in expected]


def test_the_garbage_collector_is_paused_for_a_load_and_left_as_it_was() -> None:
    import gc

    from loaders.batches import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # not switched on by a load when the process had it off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a failed load")
    assert gc.isenabled()


def test_rows_built_before_the_graph_is_read_resolve_to_the_same_rows() -> None:
    """A batch's rows are built ahead, then given the known ids: the same rows as building them with the ids."""
    from loaders.files import read_all
    from loaders.load import to_rows

    (source,), errors = read_all([SEED])
    assert not errors
    doc, text = source.document, source.text
    person = next(e.id for e in doc.entities if e.kind == "person" and e.roles)
    outlet = "org:kcna"  # an outlet quotes are attributed to (evidence reportedBy)
    visit = next(f.id for f in doc.facts if f.type == "visit")
    same_as = {person: "person:known-elsewhere", outlet: "org:known-elsewhere", visit: "visit:known-elsewhere"}
    built = to_rows(doc, text, same_as)
    resolved = to_rows(doc, text).resolved(same_as)
    assert (resolved.nodes, resolved.roles, resolved.rels) == (built.nodes, built.roles, built.rels)
    assert any(row["id"].startswith("person:known-elsewhere#") for row in resolved.roles)
    assert any(row["props"].get("reportedBy") == "org:known-elsewhere" for row in resolved.rels[model.SUPPORTED_BY])


async def test_a_relationship_to_a_node_the_batch_did_not_write_is_still_made(
    clean_db: AsyncDriver, settings: Settings
) -> None:
    """Relationships find their ends by the element ids the batch's node statements return; an end the batch
    did not write (an unchecked document naming a node of the graph) is found by its id instead."""
    from loaders.load import load_batch

    database = settings.neo4j_database
    first = _unverified_doc("one", "person:han-song-mi", "هان سونغ مي", "تزور هان سونغ مي موسكو في أغسطس", "visit:a")
    await load_batch(clean_db, [(FactsDocument.model_validate(first), first["article"]["text"])], database=database)
    second = _unverified_doc("two", "person:han-song-mi", "هان سونغ مي", "تزور هان سونغ مي موسكو في سبتمبر", "visit:b")
    second["entities"] = [e for e in second["entities"] if e["kind"] != "person"]  # the visitor is not declared
    second["facts"][0]["start"] = "2025-09"  # another visit (a visit of August would merge with visit:a)
    await load_batch(clean_db, [(FactsDocument.model_validate(second), second["article"]["text"])], database=database)
    records, _, _ = await clean_db.execute_query(
        "MATCH (p:Person)-[:MADE]->(v:Visit)-[:HOSTED_BY]->(c:Country) RETURN p.id AS p, v.id AS v, c.id AS c "
        "ORDER BY v", database_=database)  # fmt: skip
    assert [tuple(r.values()) for r in records] == [("person:han-song-mi", "visit:a", "country:RU"),
                                                    ("person:han-song-mi", "visit:b", "country:RU")]


def test_a_relationship_row_carries_only_the_properties_its_type_declares() -> None:
    """The statements name each type's declared properties (graph.model): any other would be dropped silently."""
    from loaders.load import Rows

    rows = Rows()
    rows.rel(model.SUPPORTED_BY, "visit:a", "article:a", quote="q", start=0, end=1, confidence=None, reportedBy=None)
    with pytest.raises(ValueError, match="HOSTED_BY has no properties \\['since'\\]"):
        rows.rel(model.HOSTED_BY, "visit:a", "country:RU", since="2025")


def test_a_fact_row_carries_only_the_properties_its_label_declares() -> None:
    """A new fact is created with its label's declared properties named (graph.model NodeSpec.props): any other
    would be dropped silently, so building its row refuses it."""
    from loaders.load import Rows

    rows = Rows()
    rows.node(model.VISIT, "visit:a", {"status": "planned", "start": "2025-08", "purpose": None})
    assert rows.nodes[model.VISIT] == [{"id": "visit:a", "props": {"status": "planned", "start": "2025-08"}}]
    with pytest.raises(ValueError, match="Visit has no properties \\['mood'\\]"):
        rows.node(model.VISIT, "visit:b", {"status": "planned", "mood": "good"})


def test_element_ids_are_sent_as_what_follows_the_prefix_they_share() -> None:
    from loaders.load import ElementIds

    shared = ElementIds.of({"person:a": "4:db-1:12", "visit:b": "4:db-1:7"})
    assert (shared.prefix, shared.by_id) == ("4:db-1:", {"person:a": 12, "visit:b": 7})
    # Another format, or no common prefix: sent whole (the statements add an empty prefix).
    for element_ids in ({"person:a": "4:db-1:12", "visit:b": "4:db-2:7"}, {"person:a": "12", "visit:b": "7"},
                        {"person:a": "4:db-1:x1"}, {"person:a": "4:db-1:012"}):
        assert (ElementIds.of(element_ids).prefix, ElementIds.of(element_ids).by_id) == ("", element_ids)
    assert ElementIds.of({}).by_id == {}


async def test_a_fact_the_graph_holds_is_merged_and_a_new_one_created_in_one_batch(
    clean_db: AsyncDriver, settings: Settings
) -> None:
    """A batch creates the facts the graph does not hold (with their relationships) and merges the others: an
    article told again with a later status keeps one visit, its links once each, beside the new article's visit."""
    from loaders.load import load_batch

    database = settings.neo4j_database
    first = _unverified_doc("one", "person:han-song-mi", "هان سونغ مي", "تزور هان سونغ مي موسكو في أغسطس", "visit:a")
    await load_batch(clean_db, [(FactsDocument.model_validate(first), first["article"]["text"])], database=database)
    again = json.loads(json.dumps(first))
    again["article"]["published"] = "2025-08-05"
    again["facts"][0]["status"] = "completed"
    other = _unverified_doc("two", "person:han-song-mi", "هان سونغ مي", "تزور هان سونغ مي موسكو في سبتمبر", "visit:b")
    other["facts"][0]["start"] = "2025-09"  # another visit (one of August would merge with visit:a)
    await load_batch(clean_db, [(FactsDocument.model_validate(d), d["article"]["text"]) for d in (again, other)],
                     database=database)
    records, _, _ = await clean_db.execute_query(
        "MATCH (v:Visit) RETURN v.id AS id, v.status AS status, COUNT { (:Person)-[:MADE]->(v) } AS made, "
        "COUNT { (v)-[:HOSTED_BY]->(:Country) } AS hosts, COUNT { (v)-[:SUPPORTED_BY]->(:Article) } AS quotes "
        "ORDER BY id", database_=database)  # fmt: skip
    assert [tuple(r.values()) for r in records] == [("visit:a", "completed", 1, 1, 1), ("visit:b", "planned", 1, 1, 1)]


async def test_a_fact_another_writer_creates_meanwhile_is_merged_not_refused(
    clean_db: AsyncDriver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch creates the facts its read found missing; if another writer commits one of them between that read
    and the batch's write, the unique constraint refuses the CREATE, and the batch is written again, merging it."""
    import loaders.load
    from loaders.known import read_known
    from loaders.load import load_batch

    database = settings.neo4j_database
    doc = _unverified_doc("one", "person:han-song-mi", "هان سونغ مي", "تزور هان سونغ مي موسكو في أغسطس", "visit:a")
    reads = 0

    async def read_then_another_writer(tx, docs):  # type: ignore[no-untyped-def]
        nonlocal reads
        known = await read_known(tx, docs)
        reads += 1
        if reads == 1:  # committed by another session after this transaction's read
            await clean_db.execute_query("CREATE (:Node:Fact:Visit {id: 'visit:a', status: 'planned'})",
                                         database_=database)
        return known

    monkeypatch.setattr(loaders.load, "read_known", read_then_another_writer)
    await load_batch(clean_db, [(FactsDocument.model_validate(doc), doc["article"]["text"])], database=database)
    records, _, _ = await clean_db.execute_query(
        "MATCH (v:Visit) RETURN v.id AS id, v.start AS start, COUNT { (:Person)-[:MADE]->(v) } AS made",
        database_=database)
    assert reads == 2
    assert [tuple(r.values()) for r in records] == [("visit:a", "2025-08", 1)]
