"""Article input formats, furniture removal and clear errors for bad files."""

from pathlib import Path

import pytest

from extract.reader import ArticleError, detect_language, is_furniture, read_article

ARTICLES = Path(__file__).parent / "data" / "articles"
BAD = Path(__file__).parent / "data" / "bad"


def test_text_with_sidecar_and_furniture():
    art = read_article(ARTICLES / "ar_shoigu_visit.txt")
    assert art.title == "شويغو يصل إلى بيونغ يانغ في زيارة رسمية"
    assert art.published == "2025-06-17" and art.source == "Khabar test desk" and art.language == "ar"
    assert "عاجل" in art.removed and "تم نسخ الرابط" in art.removed
    assert "تابعونا" not in art.text and "تم نسخ الرابط" not in art.text
    assert art.text.startswith("وصل أمين مجلس الأمن")
    assert art.id == "ar-shoigu-visit"


def test_markdown_front_matter():
    art = read_article(ARTICLES / "en_lavrov_trip.md")
    assert art.title == "Lavrov to travel to Pyongyang next week"
    assert art.published == "2025-07-04" and art.language == "en"
    assert "Share on Facebook" not in art.text and "Getty" not in art.text


def test_json_article_and_flags_override():
    art = read_article(ARTICLES / "ar_permission.json", published="2025-08-02", url="https://x.test/a")
    assert art.published == "2025-08-02" and art.url == "https://x.test/a"
    assert art.title == "روسيا تمنح إذنا لرحلات جديدة"


def test_furniture_lines():
    for line in ("عاجل", "تم نسخ الرابط", "Share this article", "Follow us on Telegram", "Photo: Getty Images",
                 "شارك عبر واتساب", "(أرشيفية)"):
        assert is_furniture(line), line
    assert not is_furniture("وصل لافروف إلى بيونغ يانغ.")
    assert not is_furniture("Russia shares a border with North Korea.")


def test_language_detection():
    assert detect_language("وصل لافروف") == "ar"
    assert detect_language("Lavrov arrived") == "en"


@pytest.mark.parametrize("name, message", [
    ("broken.json", "invalid JSON"),
    ("not_utf8.txt", "not UTF-8"),
    ("missing.txt", "no such file"),
])
def test_unreadable_files_name_the_file(name, message):
    with pytest.raises(ArticleError) as info:
        read_article(BAD / name)
    assert name in str(info.value) and message in str(info.value)
