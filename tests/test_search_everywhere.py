"""Search across languages, fact kinds and digit scripts, over HTTP against the seed (issue 10, item 1)."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from tests.conftest import GraphQL, data_of

pytestmark = pytest.mark.usefixtures("seeded")

HITS = """query($q: String!, $kinds: [SearchKind!]) { search(query: $q, kinds: $kinds, first: 100) {
  totalCount edges { node { kind field text highlighted highlights { start end } node { id } } } } }"""


def _search(gql: GraphQL, query: str, kinds: list[str] | None = None) -> dict:
    return data_of(gql(HITS, q=query, kinds=kinds))["search"]


def _ids(found: dict) -> set[str]:
    return {edge["node"]["node"]["id"] for edge in found["edges"]}


def test_english_and_arabic_names_find_the_same_hits(gql: GraphQL) -> None:
    english, arabic = _search(gql, "Pyongyang"), _search(gql, "بيونغ يانغ")
    assert _ids(english) == _ids(arabic)
    assert english["totalCount"] == arabic["totalCount"] == len(_ids(english))
    assert {"place:pyongyang", "article:seed-000-29605565af34d15c", "visit:lavrov-pyongyang-2025-07"} <= _ids(english)
    # A transliteration (an alias) finds them too.
    assert _ids(_search(gql, "Pyeongyang")) == _ids(english)


def test_english_name_finds_the_arabic_article_text_highlighted(gql: GraphQL) -> None:
    (hit,) = [e["node"] for e in _search(gql, "Pyongyang", ["ARTICLE"])["edges"]]
    assert hit["field"] == "text"
    marked = {hit["text"][s["start"] : s["end"]] for s in hit["highlights"]}
    assert marked & {"بيونغ يانغ", "بيونغ", "يانغ"}, hit
    assert "<mark>" in hit["highlighted"]


def test_visits_are_found_by_their_place_and_visitor(gql: GraphQL) -> None:
    visits = _ids(_search(gql, "Pyongyang", ["VISIT"]))
    expected = {"visit:lavrov-pyongyang-2025-07", "visit:putin-pyongyang-2024-06", "visit:shoigu-pyongyang-2025-06"}
    assert expected <= visits
    assert "visit:lavrov-pyongyang-2025-07" in _ids(_search(gql, "لافروف", ["VISIT"]))


@pytest.mark.parametrize("number", ["6500", "6,500", "6.500", "٦٥٠٠", "٦٬٥٠٠", "۶۵۰۰"])
def test_numbers_match_whatever_the_separators_and_digit_script(gql: GraphQL, number: str) -> None:
    # The Arabic article writes 6500, the English event summary 6,500: each query finds both.
    hits = {e["node"]["node"]["id"]: e["node"] for e in _search(gql, number)["edges"]}
    assert set(hits) == {"article:seed-000-29605565af34d15c", "event:moscow-pyongyang-direct-flights"}
    marked = {h["node"]["id"]: [h["text"][s["start"] : s["end"]] for s in h["highlights"]] for h in hits.values()}
    assert marked == {"article:seed-000-29605565af34d15c": ["6500"], "event:moscow-pyongyang-direct-flights": ["6,500"]}


def test_widened_search_pages_with_cursors_and_filters_by_kind(gql: GraphQL) -> None:
    everything = [e["node"]["node"]["id"] for e in _search(gql, "Pyongyang")["edges"]]
    paged: list[str] = []
    after = None
    while True:
        body = data_of(gql("""query($after: String) { search(query: "Pyongyang", first: 4, after: $after) {
          edges { node { node { id } } } pageInfo { hasNextPage endCursor } } }""", after=after))["search"]
        paged += [e["node"]["node"]["id"] for e in body["edges"]]
        if not body["pageInfo"]["hasNextPage"]:
            break
        after = body["pageInfo"]["endCursor"]
    assert paged == everything and len(everything) > 8
    visits = _search(gql, "بيونغ يانغ", ["VISIT"])
    assert visits["totalCount"] == len(visits["edges"]) == 4
    assert {e["node"]["kind"] for e in visits["edges"]} == {"VISIT"}


def test_search_costs_one_query_for_the_page_and_the_count(gql: GraphQL) -> None:
    for query in ("Pyongyang", "بيونغ يانغ", "6,500"):
        body = gql(HITS, q=query)
        assert not body.get("errors"), body
        assert body["extensions"]["cypherQueries"] == 1, query


def test_search_of_some_kinds_reads_only_their_indexes() -> None:
    from graph import model
    from schema.search import search_cypher

    visits = search_cypher(frozenset({"Visit"}))
    assert model.FULLTEXT_FACT_INDEX in visits and model.FULLTEXT_ARTICLE_INDEX not in visits
    assert "node:Visit)" in visits and "Statement" not in visits
    people = search_cypher(frozenset({"Person"}))
    assert model.FULLTEXT_FACT_INDEX not in people and model.FULLTEXT_ARTICLE_INDEX not in people
    assert "$strict" not in people  # no entity expansion when no fact or article is asked for
    everything = search_cypher(frozenset())
    assert all(index in everything for index in (model.FULLTEXT_ENTITY_INDEX, model.FULLTEXT_FACT_INDEX,
                                                  model.FULLTEXT_ARTICLE_INDEX))


@pytest.mark.parametrize("query", ["Pyongyang", "6,500", "tourism"])
@pytest.mark.parametrize("kinds", [frozenset(), frozenset({"Visit"}), frozenset({"Person", "Article"})])
async def test_the_search_statement_answers_one_row_with_each_hit_once(
    seeded: AsyncDriver, settings: Settings, query: str, kinds: frozenset[str]
) -> None:
    """Whether the query names entities (their linked facts may be found again, then grouped) or not (the hits
    are taken as found), the statement gives one row: the total, and a page holding no node twice."""
    from graph.text import fold
    from schema.data import Reader
    from schema.search import EXPAND_ENTITIES, lucene_query, search_cypher

    words = fold(query).split()
    rows = await Reader(seeded, settings.neo4j_database, timeout_s=30).rows(
        search_cypher(kinds), maps=True, query=lucene_query(words), strict=lucene_query(words, fuzzy=False),
        expand=EXPAND_ENTITIES, exact=[fold(query)], limit=1000, score=None, id=None)  # fmt: skip
    assert len(rows) == 1
    ids = [hit["props"]["id"] for hit in rows[0]["page"]]
    assert len(ids) == len(set(ids)) == rows[0]["total"]


@pytest.mark.parametrize("page_size", [1, 4, 7, 30])
async def test_search_pages_through_equal_scores_in_id_order(
    clean_db: AsyncDriver, settings: Settings, page_size: int
) -> None:
    """A page is the best hits after the cursor by (score, id): its lowest score is found from the scores alone, and
    hits tied with it are ordered by id, so walking the cursor gives every hit once, in the order of one sort."""
    from loaders.load import ensure_schema
    from schema.data import Reader
    from schema.search import EXPAND_ENTITIES, lucene_query, search_cypher

    await ensure_schema(clean_db, database=settings.neo4j_database)
    # 12 visits told the same way (one score), 8 with more words around the term (a lower score)
    texts = {f"visit:same-{i:02d}": "tourism" for i in range(12)}
    texts |= {f"visit:long-{i:02d}": "tourism talks on trade energy and transport" for i in range(8)}
    await clean_db.execute_query(
        "UNWIND $rows AS row CREATE (:Node:Fact:Visit {id: row.id, searchText: row.text})",
        rows=[{"id": node_id, "text": text} for node_id, text in texts.items()], database_=settings.neo4j_database)
    reader = Reader(clean_db, settings.neo4j_database, timeout_s=30)
    words = ["tourism"]

    async def page(score: float | None, node_id: str | None, limit: int) -> dict:
        [row] = await reader.rows(search_cypher(frozenset({"Visit"})), maps=True, query=lucene_query(words),
                                  strict=lucene_query(words, fuzzy=False), expand=EXPAND_ENTITIES, exact=words,
                                  limit=limit, score=score, id=node_id)  # fmt: skip
        return row

    everything = [(hit["score"], hit["props"]["id"]) for hit in (await page(None, None, 100))["page"]]
    assert len(everything) == 20 and everything == sorted(everything, key=lambda h: (-h[0], h[1]))
    assert len({score for score, _ in everything}) < 20  # ties, or this test checks nothing
    walked: list[tuple[float, str]] = []
    cursor: tuple[float | None, str | None] = (None, None)
    while True:
        found = [(hit["score"], hit["props"]["id"]) for hit in (await page(*cursor, page_size))["page"]]
        walked += found
        if len(found) < page_size:
            break
        cursor = found[-1]
    assert walked == everything
