"""Date resolution against the publication date, with precision kept."""

from extract.dates import resolve_text


def one(text, published):
    found = resolve_text(text, published)
    assert len(found) == 1, found
    return found[0][1:]


def test_absolute_day_month_both_families():
    assert one("تبدأ في 11 يوليو", "2025-07-09") == ("2025-07-11", None)
    assert one("في 17 حزيران", "2025-07-27") == ("2025-06-17", None)
    assert one("on 19 June 2024", "2025-01-01") == ("2024-06-19", None)
    assert one("on June 19, 2024", "2025-01-01") == ("2024-06-19", None)


def test_ranges_and_month_pairs():
    assert one("في الفترة من 11 إلى 13 تموز/يوليو الجاري", "2025-07-11") == ("2025-07-11", "2025-07-13")


def test_relative_months_keep_month_precision():
    assert one("وفي أبريل الماضي، أكدت", "2025-07-09") == ("2025-04", None)
    assert one("in April the troops", "2025-06-17") == ("2025-04", None)
    assert one("last April", "2025-03-01") == ("2024-04", None)
    assert one("الشهر الماضي", "2025-07-09") == ("2025-06", None)
    assert one("هذا العام", "2025-07-09") == ("2025", None)
    assert one("في 19 يونيو الماضي", "2024-12-05") == ("2024-06-19", None)
    assert one("الخامس من مارس الحالي", "2025-03-20") == ("2025-03-05", None)


def test_weekdays_and_days():
    assert one("اليوم الأربعاء", "2025-07-09") == ("2025-07-09", None)
    assert one("ووصل، يوم الخميس، إلى", "2025-07-11") == ("2025-07-10", None)
    assert one("arrived on Tuesday", "2025-06-17") == ("2025-06-17", None)
    assert one("ستنطلق الثلاثاء", "2025-07-27") == ("2025-07-29", None)  # future tense: next Tuesday
    assert one("دخلت حيز التنفيذ أمس", "2024-12-05") == ("2024-12-04", None)


def test_weeks_only_when_inside_one_month():
    assert one("هذا الأسبوع", "2025-07-09") == ("2025-07", None)
    assert resolve_text("هذا الأسبوع", "2025-07-30") == []  # the week spans two months: no date


def test_numbers_are_not_dates():
    assert resolve_text("مسافة تقارب 6500 كيلومتر", "2025-07-09") == []
    assert resolve_text("more than 10,000 kilometers", "2025-07-09") == []
    assert resolve_text("Kim may seek technology", "2025-07-09") == []
    assert one("منذ عام 1959", "2025-03-01") == ("1959", None)


def test_durations_and_missing_publication_date():
    assert one("منذ أكثر من ثلاث سنوات", "2025-07-09") == ("2022", None)
    assert resolve_text("اليوم الأربعاء", None) == []  # nothing to resolve against
    assert one("في 19 يونيو 2024", None) == ("2024-06-19", None)


# ---- relative days, days of a relative month, a year word after the month, "that September"
def test_day_before_yesterday_and_day_of_relative_month():
    assert resolve_text("أول أمس", "2025-03-20")[0][1] == "2025-03-18"
    assert resolve_text("the day before yesterday", "2025-03-20")[0][1] == "2025-03-18"
    assert resolve_text("في الثالث والعشرين من الشهر الجاري", "2025-03-20")[0][1] == "2025-03-23"
    assert resolve_text("in mid-2026", "2025-03-20")[0][1] == "2026"


def test_month_with_a_year_word_and_that_month():
    got = resolve_text("في تموز عام 2000 وفي 19 يونيو من عام 2019", "2024-06-20")
    assert [d for _, d, _ in got] == ["2000-07", "2019-06-19"]
    got = resolve_text("The pattern was set in 2023. Kim travelled that September.", "2025-11-20")
    assert [d for _, d, _ in got] == ["2023", "2023-09"]
