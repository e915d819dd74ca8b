"""Web pages and feeds into a real Neo4j: `khabar ingest` of saved pages and URLs, one Article per article whatever
its URL, and `khabar watch --once` on RSS and Atom feeds served from 127.0.0.1 (entries once, conditional GET)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.ingest import ingest
from tests.local_web import Route, local_web

WEB = Path(__file__).parent / "data" / "web"
EN, AR, EN2 = (WEB / n for n in ("en_lavrov_pyongyang.html", "ar_lavrov_pyongyang.html", "en_peskov_grain.html"))
KHABAR = Path(sys.executable).with_name("khabar")


@pytest.fixture(autouse=True)
def _no_pause(monkeypatch):
    monkeypatch.setenv("KHABAR_FETCH_INTERVAL_S", "0")  # the polite pace has its own test


async def rows(driver, settings, query, **params):
    records, _, _ = await driver.execute_query(query, params, database_=settings.neo4j_database)
    return [dict(r) for r in records]


async def test_saved_page_ingested_with_metadata_and_exact_evidence(clean_db, settings):
    report = await ingest([str(EN), str(AR)], driver=clean_db, database=settings.neo4j_database, jobs=1)
    assert report.ok and report.articles == 2 and report.facts > 0
    arts = await rows(clean_db, settings, "MATCH (a:Article) RETURN a.title AS title, a.source AS source, "
                                          "a.url AS url, a.published AS published, a.language AS lang ORDER BY lang")
    assert arts == [
        {"title": "لافروف يصل إلى بيونغ يانغ في زيارة رسمية", "source": "صحيفة الأفق",
         "url": "https://alofq.example.net/politics/2025/07/11/lavrov-visit", "published": "2025-07-11", "lang": "ar"},
        {"title": "Lavrov arrives in Pyongyang for talks with Choe Son Hui", "source": "Northern Courier",
         "url": "https://news.example.org/world/2025/07/11/lavrov-pyongyang", "published": "2025-07-11", "lang": "en"},
    ]
    evidence = await rows(clean_db, settings, "MATCH (n)-[r:SUPPORTED_BY]->(a:Article) "
                                              "RETURN a.text AS text, r.quote AS quote, r.start AS s, r.end AS e")
    assert len(evidence) > 20
    for ev in evidence:
        assert ev["text"][ev["s"]:ev["e"]] == ev["quote"]
    texts = [r["t"] for r in await rows(clean_db, settings, "MATCH (a:Article) RETURN a.text AS t")]
    assert not any("Related articles" in t or "Share on" in t or "جميع الحقوق" in t for t in texts)
    visits = await rows(clean_db, settings, "MATCH (:Person {id: 'person:sergei-lavrov'})-[:MADE]->(v:Visit) "
                                            "RETURN v.start AS start")
    assert visits and all(v["start"] == "2025-07-11" for v in visits)


async def test_url_and_the_same_article_under_another_url_are_one_article(clean_db, settings):
    html = EN.read_text(encoding="utf-8")
    first = "https://news.example.org/world/2025/07/11/lavrov-pyongyang"
    syndicated = (html.replace(f'<link rel="canonical" href="{first}">', "").replace(f'content="{first}"', 'content=""')
                  .replace("Related articles", "Also on Syndication Daily"))
    with local_web() as web:
        web.routes["/world/lavrov"] = Route(body=html.replace(first, web.url("/world/lavrov")).encode())
        web.routes["/partner/991"] = Route(body=syndicated.encode())
        one = await ingest([web.url("/world/lavrov")], driver=clean_db, database=settings.neo4j_database, jobs=1)
        two = await ingest([web.url("/partner/991"), web.url("/world/lavrov?utm_source=rss")], driver=clean_db,
                           database=settings.neo4j_database, jobs=1)
    assert one.ok and two.ok and one.articles == 1 and two.articles == 2
    arts = await rows(clean_db, settings, "MATCH (a:Article) RETURN a.id AS id, a.url AS url")
    assert len(arts) == 1 and arts[0]["url"] == web.url("/world/lavrov")  # the first URL is kept
    assert len(await rows(clean_db, settings, "MATCH (v:Visit) RETURN v")) == 2  # Lavrov's and Shoigu's, once


async def test_same_url_with_edited_text_replaces_the_article(clean_db, settings):
    html = EN.read_text(encoding="utf-8")
    with local_web() as web:
        web.routes["/story"] = Route(body=html.encode())
        await ingest([web.url("/story")], driver=clean_db, database=settings.neo4j_database, jobs=1)
        before = await rows(clean_db, settings, "MATCH (a:Article) RETURN a.id AS id")
        web.routes["/story"] = Route(body=html.replace("three-day visit", "two-day visit").encode())
        await ingest([web.url("/story")], driver=clean_db, database=settings.neo4j_database, jobs=1)
    after = await rows(clean_db, settings, "MATCH (a:Article) RETURN a.id AS id, a.text AS text")
    assert [a["id"] for a in after] == [b["id"] for b in before]
    assert "two-day visit" in after[0]["text"]


def _rss(web, links: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {i}</title><link>{web.url(link)}</link><guid>{web.url(link)}</guid>"
                    f"<pubDate>Fri, 11 Jul 2025 09:00:00 GMT</pubDate></item>" for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Courier world</title>'
            f"<link>{web.url('/')}</link><description>World news</description>{items}</channel></rss>").encode()


def _atom(web, links: list[str]) -> bytes:
    entries = "".join(f"<entry><title>قصة {i}</title><id>tag:alofq.example.net,2025:{i}</id>"
                      f'<link rel="alternate" href="{link}"/><updated>2025-07-12T10:00:00Z</updated></entry>'
                      for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>الأفق</title><id>tag:alofq.example.net,2025:feed</id><updated>2025-07-12T10:00:00Z</updated>"
            f"{entries}</feed>").encode()


def _watch(tmp_path, *feeds: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, KHABAR_FETCH_INTERVAL_S="0")
    return subprocess.run([str(KHABAR), "watch", "--once", "--jobs", "1", "--state", str(tmp_path / "watch.json"),
                           *feeds], env=env, capture_output=True, text=True, timeout=300)


async def test_watch_once_ingests_each_entry_once_and_then_gets_304s(clean_db, settings, tmp_path):
    with local_web() as web:
        web.routes["/en/lavrov"] = Route(body=EN.read_bytes())
        web.routes["/en/kremlin"] = Route(body=EN2.read_bytes())
        web.routes["/ar/lavrov"] = Route(body=AR.read_bytes())
        web.routes["/rss.xml"] = Route(body=_rss(web, ["/en/lavrov", "/en/kremlin"]),
                                       content_type="application/rss+xml", etag='"rss-v1"')
        # the Atom feed lists an English story the RSS feed has too (relative link): ingested once
        web.routes["/atom.xml"] = Route(body=_atom(web, ["/ar/lavrov", "/en/kremlin"]),
                                        content_type="application/atom+xml",
                                        last_modified="Sat, 12 Jul 2025 10:00:00 GMT")
        first = _watch(tmp_path, web.url("/rss.xml"), web.url("/atom.xml"))
        assert first.returncode == 0, first.stderr
        assert "ingested 3 article(s)" in first.stdout
        assert len(await rows(clean_db, settings, "MATCH (a:Article) RETURN a")) == 3
        for page in ("/en/lavrov", "/en/kremlin", "/ar/lavrov"):
            assert len(web.requests_to(page)) == 1, page

        second = _watch(tmp_path, web.url("/rss.xml"), web.url("/atom.xml"))
        assert second.returncode == 0, second.stderr
        assert "2 unchanged (304), 0 new entries: ingested 0 article(s)" in second.stdout
        rss, atom = web.requests_to("/rss.xml")[-1], web.requests_to("/atom.xml")[-1]
        assert rss.headers.get("If-None-Match") == '"rss-v1"' and rss.status == 304
        assert atom.headers.get("If-Modified-Since") == "Sat, 12 Jul 2025 10:00:00 GMT" and atom.status == 304

        # a new entry in the RSS feed (new ETag): only it is fetched and ingested
        web.routes["/en/new"] = Route(body=EN.read_bytes().replace(b"three-day", b"two-day"))
        web.routes["/rss.xml"] = Route(body=_rss(web, ["/en/new", "/en/lavrov", "/en/kremlin"]),
                                       content_type="application/rss+xml", etag='"rss-v2"')
        third = _watch(tmp_path, web.url("/rss.xml"), web.url("/atom.xml"))
        assert "1 new entries: ingested 1 article(s)" in third.stdout, third.stdout + third.stderr
        assert len(web.requests_to("/en/lavrov")) == 1 and len(web.requests_to("/en/new")) == 1
    assert "Traceback" not in first.stderr + second.stderr + third.stderr


def test_unfetchable_urls_are_reported_by_name_without_a_traceback(tmp_path):
    env = dict(os.environ, KHABAR_FETCH_INTERVAL_S="0", KHABAR_FETCH_TIMEOUT_S="0.5", KHABAR_MAX_PAGE_BYTES="10000")
    with local_web() as web:
        web.routes["/huge"] = Route(body=b"<p>" + b"y" * 50_000 + b"</p>")
        web.routes["/slow"] = Route(body=EN.read_bytes(), delay=3)
        web.routes["/ok"] = Route(body=EN2.read_bytes())
        run = subprocess.run([str(KHABAR), "ingest", "--jobs", "1", web.url("/huge"), web.url("/slow"),
                              web.url("/ok")], env=env, capture_output=True, text=True, timeout=300)
        feed = subprocess.run([str(KHABAR), "watch", "--once", "--state", str(tmp_path / "w.json"),
                               web.url("/ok")], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "ingested 1 article(s)" in run.stdout
    assert f"{web.url('/huge')}: response too large" in run.stderr
    assert f"{web.url('/slow')}: timed out after 0.5 s" in run.stderr
    assert feed.returncode == 1 and f"{web.url('/ok')}: not a readable feed" in feed.stderr
    assert "Traceback" not in feed.stderr
