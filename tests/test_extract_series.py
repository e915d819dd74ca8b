"""Several visits told as one (issue 10, item 9): a plural visit noun is a series, with its number when told
("ثلاث زيارات", "three visits") or `several` without one ("زيارات عدة"), and "وكان آخرها الشهر الماضي" / "the latest
last month" is a dated visit of its own, linked to the series; short sentences written for these tests."""

from extract.pipeline import extract_text


def visits(text, lang="ar", pub="2025-07-20"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == "visit"]


def series_and_latest(found):
    (series,) = [v for v in found if v.count or v.several]
    (latest,) = [v for v in found if v.latest_of]
    return series, latest


def test_arabic_several_visits_the_latest_last_month():
    found = visits("وأجرى وزير الخارجية الروسي سيرغي لافروف زيارات عدة لبيونغ يانغ هذا العام، وكان آخرها الشهر "
                   "الماضي.")
    series, latest = series_and_latest(found)
    assert (series.visitor, series.host_country, series.start) == ("person:sergei-lavrov", "KP", "2025")
    assert (series.count, series.several, series.latest_of) == (None, True, None)
    assert (latest.start, latest.latest_of, latest.count, latest.several) == ("2025-06", series.id, None, None)


def test_arabic_counted_visits():
    found = visits("وأجرى وزير الخارجية الروسي سيرغي لافروف ثلاث زيارات لبيونغ يانغ هذا العام، وكان آخرها الشهر "
                   "الماضي.")
    series, latest = series_and_latest(found)
    assert (series.count, series.several) == (3, None)
    assert latest.latest_of == series.id and latest.start == "2025-06"


def test_arabic_dual_and_digits():
    (dual,) = visits("وأجرى وزير الخارجية الروسي سيرغي لافروف زيارتين لبيونغ يانغ هذا العام.")
    assert (dual.count, dual.several, dual.start) == (2, None, "2025")
    (digits,) = visits("وأجرى وزير الخارجية الروسي سيرغي لافروف 4 زيارات لبيونغ يانغ هذا العام.")
    assert (digits.count, digits.several) == (4, None)


def test_english_counted_and_several_visits():
    found = visits("Russian Foreign Minister Sergei Lavrov made three visits to Pyongyang this year, the latest "
                   "last month.", "en")
    series, latest = series_and_latest(found)
    assert (series.count, series.several, series.start) == (3, None, "2025")
    assert (latest.latest_of, latest.start) == (series.id, "2025-06")
    (several,) = visits("Russian Foreign Minister Sergei Lavrov made several visits to Pyongyang this year.", "en")
    assert (several.count, several.several, several.latest_of) == (None, True, None)


def test_one_visit_is_no_series():
    (one,) = visits("Russian Foreign Minister Sergei Lavrov made a visit to Pyongyang last month.", "en")
    assert (one.count, one.several, one.latest_of) == (None, None, None)


# the (visitor, host, start, status) of each visit
def visit_rows(text, lang="ar", pub="2025-03-20"):
    return sorted(((v.visitor, v.host_country, v.start, v.status) for v in visits(text, lang, pub)), key=str)


def test_english_plural_trips():
    got = visit_rows("Primorye governor Oleg Kozhemyako has made at least four trips to North Korea.", "en",
                     "2025-11-20")
    assert [(v, h) for v, h, *_ in got] == [("person:oleg-kozhemyako", "KP")]
