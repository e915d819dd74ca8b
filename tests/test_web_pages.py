"""Web pages as articles (no database): main text without page furniture, metadata, ids, and fetching with
httpx against a real HTTP server on 127.0.0.1 (size cap, timeout, redirects, User-Agent, polite pace)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extract.fetch import Fetcher, FetchError, fetch_page
from extract.ingest import expand, extract_file
from extract.pipeline import Extractor
from extract.web import canonical_url, read_html_file, read_page, web_article_id
from tests.local_web import Route, local_web

WEB = Path(__file__).parent / "data" / "web"
EN = WEB / "en_lavrov_pyongyang.html"
AR = WEB / "ar_lavrov_pyongyang.html"

FURNITURE_EN = ("World", "Subscribe", "cookies", "Share on Facebook", "Email this article", "Related articles",
                "Shoigu lands in North Korea", "Great reporting", "Privacy policy", "All rights reserved",
                "Follow us", "Sign up for our Asia briefing", "Topics:", "Photo: Courier staff")
FURNITURE_AR = ("الرئيسية", "رياضة", "ثقافة", "شارك عبر", "نسخ الرابط", "أخبار ذات صلة", "افتتاح خط سكك", "جميع الحقوق",
                "تابعونا", "سياسة الخصوصية", "ارتفاع أسعار النفط")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_saved_english_page_keeps_the_story_and_drops_menus_share_buttons_footer_related_and_comments():
    art = read_html_file(EN)
    assert art.title == "Lavrov arrives in Pyongyang for talks with Choe Son Hui"
    assert art.published == "2025-07-11" and art.source == "Northern Courier" and art.language == "en"
    assert art.url == "https://news.example.org/world/2025/07/11/lavrov-pyongyang"  # the page's canonical link
    assert art.text.startswith("Russian Foreign Minister Sergey Lavrov arrived in Pyongyang on Friday")
    assert art.text.endswith("he met North Korean leader Kim Jong Un.")
    assert art.text.count("\n\n") == 3  # the four paragraphs, nothing else
    for bit in FURNITURE_EN:
        assert bit not in art.text, bit


def test_saved_arabic_page_keeps_the_story_and_drops_the_furniture():
    art = read_html_file(AR)
    assert art.title == "لافروف يصل إلى بيونغ يانغ في زيارة رسمية"
    assert art.published == "2025-07-11" and art.source == "صحيفة الأفق" and art.language == "ar"
    assert art.text.startswith("وصل وزير الخارجية الروسي سيرغي لافروف")
    for bit in FURNITURE_AR:
        assert bit not in art.text, bit


@pytest.mark.parametrize("page", [EN, AR], ids=["en", "ar"])
def test_facts_from_a_page_quote_the_stored_text_exactly(page, extractor):
    doc, text = extract_file(page, extractor)
    assert doc.article.text == text and doc.article.id.startswith("web-")
    visits = [f for f in doc.facts if f.type == "visit"]
    assert any(f.visitor == "person:sergei-lavrov" for f in visits)
    quotes = [ev for f in doc.facts for ev in f.evidence] + [ev for e in doc.entities for ev in e.evidence]
    assert len(quotes) > 5
    for ev in quotes:
        assert text[ev.start:ev.end] == ev.quote


def test_language_comes_from_the_text_when_the_page_does_not_say():
    html = EN.read_text(encoding="utf-8").replace('<html lang="en-GB">', "<html>")
    art = read_page(_page("http://127.0.0.1/x", html))
    assert art.language == "en"


def test_same_text_is_one_id_whatever_the_url_or_the_furniture():
    html = EN.read_text(encoding="utf-8")
    # syndicated: no canonical link or og:url of the first outlet, another site name, other furniture
    first = "https://news.example.org/world/2025/07/11/lavrov-pyongyang"
    other = (html.replace(f'<link rel="canonical" href="{first}">', "").replace(f'content="{first}"', 'content=""')
             .replace("Northern Courier", "Syndication Daily")
             .replace("Related articles", "More from us"))
    a = read_page(_page("https://news.example.org/world/2025/07/11/lavrov-pyongyang", html))
    b = read_page(_page("https://syndicate.example.com/feed/item/991", other))
    assert a.url != b.url and a.text == b.text and a.id == b.id
    edited = html.replace("three-day visit", "two-day visit")
    assert read_page(_page("https://news.example.org/x", edited)).id != a.id
    assert web_article_id("Lavrov  arrived.\n") == web_article_id("lavrov arrived.")


def test_url_spellings_of_one_page_are_one_url():
    assert canonical_url("HTTPS://News.Example.org:443/a/b?utm_source=rss&id=3#top") == \
        "https://news.example.org/a/b?id=3"


def test_folders_and_urls_are_ingest_inputs(tmp_path):
    (tmp_path / "page.html").write_text(EN.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\0")
    items, errors = expand([str(tmp_path), "https://news.example.org/a"])
    assert items == [tmp_path / "page.html", "https://news.example.org/a"] and not errors


def test_oversized_saved_page_is_refused_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("KHABAR_MAX_PAGE_BYTES", "1000")
    with pytest.raises(Exception) as info:
        read_html_file(EN)
    assert str(EN) in str(info.value) and "page too large" in str(info.value)


def test_main_text_over_the_article_cap_is_refused_naming_the_url(monkeypatch):
    monkeypatch.setenv("KHABAR_MAX_ARTICLE_BYTES", "200")
    with pytest.raises(Exception) as info:
        read_page(_page("https://news.example.org/long", EN.read_text(encoding="utf-8")))
    assert "https://news.example.org/long" in str(info.value) and "KHABAR_MAX_ARTICLE_BYTES" in str(info.value)


def test_page_without_article_text_is_an_error_naming_it():
    with pytest.raises(Exception) as info:
        read_page(_page("https://news.example.org/empty", "<html><body><script>1</script></body></html>"))
    assert "https://news.example.org/empty" in str(info.value) and "no article text" in str(info.value)


# ---- fetching from a loopback server ------------------------------------------------------------------------------

def test_fetched_page_follows_redirects_and_sends_a_khabar_user_agent():
    with local_web() as web, Fetcher(interval=0) as fetcher:
        web.routes["/story"] = Route(body=EN.read_bytes())
        web.routes["/short"] = Route(redirect="/story")
        page = fetch_page(fetcher, web.url("/short"))
        assert page.url == web.url("/story") and page.html == EN.read_bytes()
        assert all("Khabar" in s.headers["User-Agent"] for s in web.log)
        assert read_page(page).title == "Lavrov arrives in Pyongyang for talks with Choe Son Hui"


@pytest.mark.parametrize("route, what", [
    (Route(body=b"x" * 5000), "5000 bytes announced"),  # refused on its Content-Length, before reading
    (Route(stream_bytes=400_000), "more than 4096 bytes received"),  # no length: cut off while streaming
])
def test_oversized_response_is_an_error_naming_the_url(route, what):
    with local_web() as web, Fetcher(interval=0, max_bytes=4096) as fetcher:
        web.routes["/big"] = route
        with pytest.raises(FetchError) as info:
            fetcher.get(web.url("/big"))
    message = str(info.value)
    assert message.startswith(web.url("/big")) and "response too large" in message and what in message
    assert "KHABAR_MAX_PAGE_BYTES" in message and not info.value.transient


def test_timeout_is_an_error_naming_the_url():
    with local_web() as web, Fetcher(interval=0, timeout=0.3) as fetcher:
        web.routes["/slow"] = Route(body=b"<p>late</p>", delay=2)
        started = time.monotonic()
        with pytest.raises(FetchError) as info:
            fetcher.get(web.url("/slow"))
    assert time.monotonic() - started < 1.5
    assert str(info.value).startswith(web.url("/slow")) and "timed out after 0.3 s" in str(info.value)
    assert info.value.transient


def test_http_error_and_too_many_redirects_name_the_url():
    with local_web() as web, Fetcher(interval=0) as fetcher:
        web.routes["/loop"] = Route(redirect="/loop")
        with pytest.raises(FetchError, match=r"/gone: HTTP 404"):
            fetcher.get(web.url("/gone"))
        with pytest.raises(FetchError, match=r"/loop: more than 5 redirects"):
            fetcher.get(web.url("/loop"))


def test_requests_to_one_host_are_spaced_by_the_polite_interval():
    with local_web() as web, Fetcher(interval=0.4) as fetcher:
        web.routes["/a"] = Route(body=b"a")
        web.routes["/b"] = Route(body=b"b")
        for path in ("/a", "/b", "/a"):
            fetcher.get(web.url(path))
        times = [s.at for s in web.log]
    assert len(times) == 3
    assert all(later - earlier >= 0.35 for earlier, later in zip(times, times[1:], strict=False))


def _page(url: str, html: str):
    from extract.web import Page

    return Page(url=url, html=html.encode("utf-8"))


def test_flags_win_over_the_page_and_feed_values_fill_its_gaps():
    from extract.web import Page

    html = EN.read_text(encoding="utf-8").replace('content="2025-07-11T09:30:00+00:00"', 'content=""')
    html = html.replace("<time datetime=\"2025-07-11T09:30:00Z\">11 July 2025</time>", "").replace("2025/07/11/", "")
    page = Page(url="https://news.example.org/p", html=html.encode(), title="Feed title", published="2025-07-10")
    assert read_page(page, published=None, source=None, url=None, language=None).published == "2025-07-10"
    flagged = read_page(page, published="2025-07-09", source="Desk", url=None, language=None)
    assert flagged.published == "2025-07-09" and flagged.source == "Desk"
