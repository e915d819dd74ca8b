"""`ingestArticle` over HTTP against the real app and Neo4j: text, saved HTML and a URL served from 127.0.0.1 go
through the `khabar ingest` pipeline and come back as the Article and its facts with exact evidence offsets; the
same article twice is one Article with no duplicated facts; a failure writes nothing; bad input names its field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx
import pytest

from tests.conftest import counts, serve
from tests.local_web import Route, local_web
from tests.writes import INGEST, error_of, make_key, post, rows

TEST_DATA = Path(__file__).parent / "data"
SHOIGU = (TEST_DATA / "articles" / "ar_shoigu_visit.txt").read_text(encoding="utf-8")
EN_PAGE = (TEST_DATA / "web" / "en_lavrov_pyongyang.html").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_pause(monkeypatch):
    monkeypatch.setenv("KHABAR_FETCH_INTERVAL_S", "0")


def _assert_exact_evidence(payload: dict) -> None:
    text = payload["article"]["text"]
    assert payload["facts"]
    for fact in payload["facts"]:
        mine = [s for s in fact["sources"] if s["article"]["id"] == payload["article"]["id"]]
        assert mine, fact
        for source in mine:
            assert text[source["start"]:source["end"]] == source["quote"]


async def test_text_is_ingested_and_answered_with_its_facts_and_exact_evidence(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    body = post(http, INGEST, token, input={"text": SHOIGU, "published": "2025-06-17", "outlet": "Khabar test desk",
                                            "url": "https://example.org/ar-shoigu"})
    payload = body["data"]["ingestArticle"]
    assert not body.get("errors")
    assert payload["created"] is True
    article = payload["article"]
    assert article["title"] == "شويغو يصل إلى بيونغ يانغ في زيارة رسمية"  # the first line ("عاجل" is furniture)
    assert (article["language"], article["publishedOn"], article["source"], article["url"]) == (
        "ar", "2025-06-17", "Khabar test desk", "https://example.org/ar-shoigu")
    assert article["text"].startswith("وصل أمين مجلس الأمن الروسي سيرجي شويجو")
    _assert_exact_evidence(payload)
    kinds = {f["__typename"] for f in payload["facts"]}
    assert {"Visit", "Statement", "Agreement"} <= kinds
    visits = await rows(clean_db, settings, "MATCH (:Person {id: 'person:sergei-shoigu'})-[:MADE]->(v:Visit) "
                                            "-[:HOSTED_BY]->(c:Country) RETURN v.id AS id, c.code AS host")
    assert {"id": next(f["id"] for f in payload["facts"] if "shoigu" in f["id"]), "host": "KP"} in visits
    assert {e["id"] for e in payload["entities"]} >= {"person:sergei-shoigu", "country:KP"}


async def test_the_same_article_twice_is_one_article_with_no_duplicated_facts(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    first = post(http, INGEST, token, input={"text": SHOIGU, "published": "2025-06-17"})["data"]["ingestArticle"]
    before = await counts(clean_db, settings)
    # the same text again, with a stray space and CRLF line ends: the same article
    again = post(http, INGEST, token, input={"text": SHOIGU.replace("\n", "\r\n") + " ", "published": "2025-06-17"})
    second = again["data"]["ingestArticle"]
    assert second["created"] is False
    assert second["article"]["id"] == first["article"]["id"]
    assert sorted(f["id"] for f in second["facts"]) == sorted(f["id"] for f in first["facts"])
    assert await counts(clean_db, settings) == before
    assert len(await rows(clean_db, settings, "MATCH (a:Article) RETURN a.id")) == 1


async def test_saved_html_page_is_read_for_its_main_text_and_metadata(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    body = post(http, INGEST, token, input={"html": EN_PAGE})
    payload = body["data"]["ingestArticle"]
    article = payload["article"]
    assert article["title"] == "Lavrov arrives in Pyongyang for talks with Choe Son Hui"
    assert (article["source"], article["publishedOn"], article["language"]) == ("Northern Courier", "2025-07-11", "en")
    assert article["url"] == "https://news.example.org/world/2025/07/11/lavrov-pyongyang"
    assert "Related articles" not in article["text"] and "Share on" not in article["text"]
    _assert_exact_evidence(payload)
    assert any(f["__typename"] == "Visit" and "lavrov" in f["id"] for f in payload["facts"])


async def test_url_is_fetched_and_is_the_same_article_as_its_saved_page(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    first = "https://news.example.org/world/2025/07/11/lavrov-pyongyang"
    with local_web() as web:
        web.routes["/world/lavrov"] = Route(body=EN_PAGE.replace(first, web.url("/world/lavrov")).encode())
        fetched = post(http, INGEST, token, input={"url": web.url("/world/lavrov"), "title": "Lavrov in Pyongyang"})
        assert len(web.requests_to("/world/lavrov")) == 1
        assert web.requests_to("/world/lavrov")[0].headers["User-Agent"].startswith("Khabar/")
    payload = fetched["data"]["ingestArticle"]
    assert payload["created"] is True
    assert payload["article"]["url"] == web.url("/world/lavrov")
    assert payload["article"]["title"] == "Lavrov in Pyongyang"  # the client's title wins over the page's
    _assert_exact_evidence(payload)
    saved = post(http, INGEST, token, input={"html": EN_PAGE})["data"]["ingestArticle"]
    assert saved["article"]["id"] == payload["article"]["id"] and saved["created"] is False


async def test_a_url_that_cannot_be_fetched_is_refused_naming_it_and_writes_nothing(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    before = await counts(clean_db, settings)
    with local_web() as web:
        missing = error_of(post(http, INGEST, token, input={"url": web.url("/gone")}))
        web.routes["/huge"] = Route(stream_bytes=settings.max_page_bytes + 200_000)
        huge = error_of(post(http, INGEST, token, input={"url": web.url("/huge")}))
    assert missing["extensions"]["code"] == "FETCH_FAILED" and missing["extensions"]["argument"] == "input.url"
    assert "HTTP 404" in missing["message"] and web.url("/gone") in missing["message"]
    assert missing["path"] == ["ingestArticle"] and missing["extensions"]["retryable"] is False
    assert huge["extensions"]["code"] == "FETCH_FAILED" and "KHABAR_MAX_PAGE_BYTES" in huge["message"]
    assert await counts(clean_db, settings) == before


async def test_a_failure_inside_the_write_leaves_the_graph_unchanged(clean_db, settings, http):
    """A real failure in the article's transaction (a constraint it violates, after some of it was written)."""
    token = await make_key(clean_db, settings, "editor")
    database = settings.neo4j_database
    await clean_db.execute_query("CREATE CONSTRAINT test_person_name IF NOT EXISTS FOR (n:Person) "
                                 "REQUIRE n.name IS UNIQUE", database_=database)
    try:
        await clean_db.execute_query("CREATE (:Person {id: 'person:impostor', name: 'Sergei Shoigu'})",
                                     database_=database)
        before = await counts(clean_db, settings)
        body = post(http, INGEST, token, input={"text": SHOIGU, "published": "2025-06-17"})
        assert await counts(clean_db, settings) == before
    finally:
        await clean_db.execute_query("DROP CONSTRAINT test_person_name IF EXISTS", database_=database)
    error = error_of(body)
    assert body["data"] is None and error["path"] == ["ingestArticle"]
    assert error["extensions"]["code"] == "DATABASE_ERROR" and "nothing was written" in error["message"]
    assert "Traceback" not in str(body) and "MERGE" not in str(body)
    assert await rows(clean_db, settings, "MATCH (a:Article) RETURN a.id") == []


async def test_an_article_over_the_size_limit_is_refused_naming_the_field(clean_db, settings):
    small = dataclasses.replace(settings, max_article_bytes=2_000)
    token = await make_key(clean_db, settings, "editor")
    before = await counts(clean_db, settings)
    with serve(small) as url, httpx.Client(base_url=url, timeout=60) as client:
        error = error_of(post(client, INGEST, token, input={"text": "عنوان\n\n" + "كلمة " * 500}))
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "input.text"}
    assert "at most 2000 (KHABAR_MAX_ARTICLE_BYTES)" in error["message"]
    assert await counts(clean_db, settings) == before


async def test_an_article_larger_than_a_read_request_is_accepted_from_an_editor(clean_db, settings):
    """A whole article is more than KHABAR_MAX_TEXT_CHARS and KHABAR_MAX_BODY_BYTES allow a read: an editor's
    request may carry up to KHABAR_MAX_WRITE_BODY_BYTES (here a body cap of 4,000 bytes, a 6,000-byte article)."""
    capped = dataclasses.replace(settings, max_body_bytes=4_000, max_write_body_bytes=20_000)
    token = await make_key(clean_db, settings, "editor")
    reader = await make_key(clean_db, settings, "reader")
    text = SHOIGU + "\n\n" + SHOIGU.split("\n\n", 2)[2] * 3
    assert 4_000 < len(text.encode()) < 20_000 and len(text) > settings.max_text_chars
    request = {"query": INGEST, "variables": {"input": {"text": text, "published": "2025-06-17"}}}
    with serve(capped) as url, httpx.Client(base_url=url, timeout=60) as client:
        for refused in (client.post("/graphql", json=request),
                        client.post("/graphql", json=request, headers={"X-API-Key": reader})):
            assert refused.status_code == 413, refused.text
            assert refused.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "body",
                                                                 "limit": 4_000}
        body = client.post("/graphql", json=request, headers={"X-API-Key": token}).json()
        assert body["data"]["ingestArticle"]["created"] is True, body.get("errors")
        huge = {"query": INGEST, "variables": {"input": {"text": text * 8}}}
        too_large = client.post("/graphql", json=huge, headers={"X-API-Key": token})
        assert too_large.status_code == 413 and "KHABAR_MAX_WRITE_BODY_BYTES" in too_large.text


BAD_INPUT = [
    ({"text": "a", "html": "<p>a</p>"}, "input", "not both"),
    ({"title": "only a title"}, "input", "give the article"),
    ({"text": "   \n "}, "input.text", "empty"),
    ({"text": SHOIGU, "language": "fr"}, "input.language", "ar or en"),
    ({"url": "ftp://example.org/a"}, "input.url", "not an http(s) URL"),
    ({"text": SHOIGU, "title": "t" * 501}, "input.title", "at most 500"),
    ({"html": "<html><body></body></html>"}, "input.html", "no article text"),
]


async def test_bad_input_is_refused_naming_the_field(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    for article, argument, words in BAD_INPUT:
        error = error_of(post(http, INGEST, token, input=article))
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (article, error)
        assert error["extensions"]["argument"] == argument, (article, error)
        assert words in error["message"] and error["path"] == ["ingestArticle"], (article, error)
    assert await rows(clean_db, settings, "MATCH (a:Article) RETURN a.id") == []


async def test_a_bad_published_date_is_refused_before_anything_runs(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    error = error_of(post(http, INGEST, token, input={"text": SHOIGU, "published": "2025-13"}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "2025-13" in error["message"]
