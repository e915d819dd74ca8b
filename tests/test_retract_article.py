"""`retractArticle` over HTTP against the real app and Neo4j: the article, its evidence, and every fact and entity
left without evidence go, in one transaction; what other articles support stays; an unknown id is NOT_FOUND."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import counts
from tests.writes import INGEST, error_of, make_key, post, rows

TEXT = (Path(__file__).parent / "data" / "articles" / "ar_shoigu_visit.txt").read_text(encoding="utf-8")
RETRACT = """mutation($id: ID!) { retractArticle(id: $id) {
  articleId removedFacts removedEntities keptFacts { id sources { article { id } } } } }"""


DESCRIPTIVE = {"ROLE_AT", "ROLE_FOR", "CITIZEN_OF", "BASED_IN", "LOCATED_IN", "CAPITAL"}


async def _structure(driver, settings) -> tuple[list, list]:
    """Every node id (and label) and every relationship (type and ends, evidence offsets) of the graph, keys aside."""
    nodes = await rows(driver, settings, "MATCH (n) WHERE NOT n:ApiKey RETURN coalesce(n.id, '') AS id, "
                                         "labels(n) AS labels ORDER BY id")
    rels = await rows(driver, settings, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r.start AS s, "
                                        "r.end AS e, r.article AS article ORDER BY a, t, b, s, article")
    return nodes, rels


async def test_retracting_an_article_leaves_the_graph_as_it_was_before_it(seeded, settings, http):
    token = await make_key(seeded, settings, "editor")
    before = await _structure(seeded, settings)
    ingested = post(http, INGEST, token, input={"text": TEXT, "published": "2025-06-17", "outlet": "KCNA"})
    article_id = ingested["data"]["ingestArticle"]["article"]["id"]
    facts = {f["id"] for f in ingested["data"]["ingestArticle"]["facts"]}
    entities = {e["id"] for e in ingested["data"]["ingestArticle"]["entities"]}
    assert await _structure(seeded, settings) != before

    body = post(http, RETRACT, token, id=article_id)
    assert not body.get("errors"), body
    done = body["data"]["retractArticle"]
    assert done["articleId"] == article_id
    after = await _structure(seeded, settings)
    extra_nodes = [n for n in after[0] if n not in before[0]]
    missing_nodes = [n for n in before[0] if n not in after[0]]
    # what the registry told about entities that stay (a role's organization) stays: it is no evidence of anything
    extra_rels = [r for r in after[1] if r not in before[1] and r["t"] not in DESCRIPTIVE]
    missing_rels = [r for r in before[1] if r not in after[1]]
    assert (extra_nodes, missing_nodes, extra_rels, missing_rels) == ([], [], [], [])
    # what the seed also supports stayed, with only the seed's evidence; the rest went
    kept = {f["id"] for f in done["keptFacts"]}
    assert set(done["removedFacts"]) | kept == facts and not set(done["removedFacts"]) & kept
    assert done["removedFacts"] and "country:KP" not in done["removedEntities"]
    assert set(done["removedEntities"]) <= entities
    for fact in done["keptFacts"]:
        assert fact["sources"] and all(s["article"]["id"] != article_id for s in fact["sources"])
    gone = await rows(seeded, settings, "MATCH (n:Node) WHERE n.id IN $ids RETURN n.id AS id",
                      ids=done["removedFacts"] + done["removedEntities"] + [article_id])
    assert gone == []


async def test_an_entity_another_article_supports_stays_and_a_fact_it_alone_told_goes(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    first = post(http, INGEST, token, input={"text": TEXT, "published": "2025-06-17"})["data"]["ingestArticle"]
    other = ("لافروف في بيونغ يانغ\n\nوصل وزير الخارجية الروسي سيرغي لافروف، اليوم الجمعة، إلى بيونغ يانغ في زيارة "
             "رسمية تستغرق يومين.")
    second = post(http, INGEST, token, input={"text": other, "published": "2025-07-11"})["data"]["ingestArticle"]
    done = post(http, RETRACT, token, id=first["article"]["id"])["data"]["retractArticle"]
    assert "person:sergei-shoigu" in done["removedEntities"]
    assert "country:KP" not in done["removedEntities"] and "country:RU" not in done["removedEntities"]
    assert any("shoigu" in f for f in done["removedFacts"])
    still = await rows(clean_db, settings, "MATCH (n:Node)-[:SUPPORTED_BY]->(a:Article) RETURN DISTINCT a.id AS a")
    assert still == [{"a": second["article"]["id"]}]
    for entity_id in ("country:KP", "person:sergei-lavrov"):
        assert await rows(clean_db, settings, "MATCH (n:Node {id: $id}) RETURN n.id AS id", id=entity_id)
    lavrov = await rows(clean_db, settings, "MATCH (:Person {id: 'person:sergei-lavrov'})-[:MADE]->(v:Visit) "
                                            "-[:HOSTED_BY]->(:Country {code: 'KP'}) RETURN v.start AS start")
    assert {"start": "2025-07-11"} in lavrov


async def test_retracting_an_unknown_or_already_retracted_article_is_not_found_and_writes_nothing(clean_db, settings,
                                                                                                  http):
    token = await make_key(clean_db, settings, "editor")
    article_id = post(http, INGEST, token, input={"text": TEXT})["data"]["ingestArticle"]["article"]["id"]
    assert not post(http, RETRACT, token, id=article_id.removeprefix("article:")).get("errors")  # prefix optional
    before = await counts(clean_db, settings)
    again = error_of(post(http, RETRACT, token, id=article_id))
    assert again["extensions"] == {"code": "NOT_FOUND", "argument": "id"} and again["path"] == ["retractArticle"]
    assert "nothing was removed" in again["message"]
    assert await counts(clean_db, settings) == before


async def test_retracting_needs_an_editor_key(clean_db, settings, http):
    reader = await make_key(clean_db, settings, "reader")
    editor = await make_key(clean_db, settings, "editor")
    article_id = post(http, INGEST, editor, input={"text": TEXT})["data"]["ingestArticle"]["article"]["id"]
    assert error_of(post(http, RETRACT, None, id=article_id))["extensions"]["code"] == "UNAUTHENTICATED"
    assert error_of(post(http, RETRACT, reader, id=article_id))["extensions"]["code"] == "FORBIDDEN"
    assert await rows(clean_db, settings, "MATCH (a:Article {id: $id}) RETURN a.id AS id", id=article_id)


async def test_the_reviews_of_a_fact_that_goes_go_with_it(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    ingested = post(http, INGEST, token, input={"text": TEXT})["data"]["ingestArticle"]
    fact = ingested["facts"][0]["id"]
    review = post(http, "mutation($id: ID!) { reviewFact(id: $id, verdict: CONFIRM) { review { state } } }",
                  token, id=fact)
    assert review["data"]["reviewFact"]["review"]["state"] == "CONFIRMED"
    done = post(http, RETRACT, token, id=ingested["article"]["id"])["data"]["retractArticle"]
    assert fact in done["removedFacts"]
    assert await rows(clean_db, settings, "MATCH (r:Review) RETURN r.id") == []
    assert await rows(clean_db, settings, "MATCH (n) WHERE NOT n:ApiKey RETURN n.id") == []  # nothing left over
