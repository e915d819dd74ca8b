"""Several visits told as one (issue 10, item 9) over HTTP against a real Neo4j: Visit.series, Visit.latestOf and
visitCounts counting a series as told.

The seed tells "زيارات عدة لبيونغ يانغ هذا العام، وكان آخرها الشهر الماضي" (visit:shoigu-pyongyang-2025, several,
and its latest visit:shoigu-pyongyang-2025-06); two short English articles of our own, extracted here, add a
counted series with a latest visit ("three visits ... the latest last month") and a series with none.
"""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from extract.pipeline import extract_text
from graph.settings import Settings
from loaders.load import load_document
from loaders.validate import check_document
from tests.conftest import GraphQL, data_of

ARTICLES = [
    ("Russian Foreign Minister Sergei Lavrov made three visits to Pyongyang this year, the latest last month.",
     "2024-07-20"),
    ("Russian Foreign Minister Sergei Lavrov made several visits to Pyongyang in 2022.", "2023-03-01"),
]

SERIES = "series { count several latest { id startDate } } latestOf { id }"


@pytest.fixture
async def series_articles(seeded: AsyncDriver, settings: Settings) -> AsyncDriver:
    for text, published in ARTICLES:
        doc = extract_text(f"Lavrov\n\n{text}", published=published, language="en")
        assert not check_document(doc, doc.article.text, published), "invalid document"
        await load_document(seeded, doc, doc.article.text, database=settings.neo4j_database)
    return seeded


@pytest.mark.usefixtures("seeded")
def test_the_seed_series_and_its_latest_visit(gql: GraphQL) -> None:
    data = data_of(gql(f"""{{
        series: node(id: "visit:shoigu-pyongyang-2025") {{ ... on Visit {{ {SERIES} }} }}
        latest: node(id: "visit:shoigu-pyongyang-2025-06") {{ ... on Visit {{ {SERIES} }} }}
        single: node(id: "visit:lavrov-pyongyang-2025-07") {{ ... on Visit {{ {SERIES} }} }}
        years: visitCounts(groupBy: YEAR) {{ key count }}
        shoigu: visitCounts(groupBy: YEAR, visitor: "person:sergei-shoigu") {{ key count }}
    }}"""))
    assert data["series"] == {
        "series": {"count": None, "several": True, "latest": {"id": "visit:shoigu-pyongyang-2025-06",
                                                               "startDate": "2025-06"}},
        "latestOf": None,
    }
    assert data["latest"] == {"series": None, "latestOf": {"id": "visit:shoigu-pyongyang-2025"}}
    assert data["single"] == {"series": None, "latestOf": None}
    # "several" (2) less the latest, which counts as itself: Shoigu 2 in 2025, and with Lavrov's July visit 3
    # (the same as two facts counted one each: "several, the latest last month" is the case that did not change)
    assert data["shoigu"] == [{"key": "2025", "count": 2}]
    assert {c["key"]: c["count"] for c in data["years"]} == {"2024": 1, "2025": 3, None: 3}


@pytest.mark.usefixtures("series_articles")
def test_visit_counts_count_a_series_as_told(gql: GraphQL) -> None:
    data = data_of(gql("""{
        years: visitCounts(groupBy: YEAR, visitor: "person:sergei-lavrov") { key count }
        hosts: visitCounts(groupBy: HOST_COUNTRY, visitor: "person:sergei-lavrov") { key count }
        june: visitCounts(groupBy: YEAR, visitor: "person:sergei-lavrov", from: "2024-06", to: "2024-06",
                          dateMatch: WITHIN) { key count }
        visitors: visitCounts(groupBy: VISITOR) { key count }
        allHosts: visitCounts(groupBy: HOST_COUNTRY) { key count }
        kpYears: visitCounts(groupBy: YEAR, hostCountry: "KP") { key count }
    }"""))
    # 2022: "several visits" and no latest: 2 (was 1, one fact). 2024: "three visits, the latest last month":
    # the series 3 - 1 and its June visit 1 = 3 (was 2, two facts). 2025: the seed's one visit.
    assert {c["key"]: c["count"] for c in data["years"]} == {"2022": 2, "2024": 3, "2025": 1}
    assert data["hosts"] == [{"key": "KP", "count": 6}]
    assert data["june"] == [{"key": "2024", "count": 1}]  # the latest alone; the series (2024) is not within June
    # unfiltered counts by visitor and host (read from each node's degree) weigh series the same way
    assert {c["key"]: c["count"] for c in data["visitors"]}["person:sergei-lavrov"] == 6
    assert {c["key"]: c["count"] for c in data["allHosts"]}["KP"] == sum(c["count"] for c in data["kpYears"])
