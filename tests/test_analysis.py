"""Analysts' questions over HTTP against a real Neo4j: timeline, relations, connections and counts.

The seed article gives the Russia–North Korea story; tests/data/analysis/testland_envoy.facts.json (a short
article of our own) adds dates at every precision on the same first day, a visit that names no visitorCountry,
an event placed only by where it is held, and a statement about an agreement.
"""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from loaders.run import load_paths
from tests.conftest import TEST_DATA, GraphQL, data_of

DOCS = TEST_DATA / "analysis"

SOURCES = "sources { quote start end article { id title publishedOn text } }"
FACT = f"__typename id {SOURCES}"


@pytest.fixture
async def testland(seeded: AsyncDriver, settings: Settings) -> AsyncDriver:
    """The seed plus our own short article about a Testland envoy."""
    report = await load_paths(seeded, [DOCS], database=settings.neo4j_database)
    assert report.ok, report.errors
    return seeded


def error_argument(body: dict[str, Any]) -> str:
    (error,) = body["errors"]
    assert "Traceback" not in str(body)
    return error["extensions"]["argument"] if "extensions" in error else error["message"]


def assert_sources(fact: dict[str, Any]) -> None:
    assert fact["sources"], f"{fact['id']} has no sources"
    for source in fact["sources"]:
        assert source["article"]["text"][source["start"] : source["end"]] == source["quote"]


def first_day_and_precision(date: str | None) -> tuple[str, int]:
    if date is None:
        return ("9999", 9)
    parts = date.split("-")
    return ("-".join(parts + ["01"] * (3 - len(parts))), len(parts))


# --- timeline -------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("seeded")
def test_timeline_places_partial_dates_in_order_with_sources(gql: GraphQL) -> None:
    data = data_of(
        gql(
            f"""query($entity: ID!) {{ timeline(entity: $entity, first: 100) {{ totalCount
            pageInfo {{ hasNextPage }}
            edges {{ date node {{ {FACT} }} involvement {{ role entity {{ id }} }} }} }} }}""",
            entity="country:RU",
        )
    )
    timeline = data["timeline"]
    edges = timeline["edges"]
    assert timeline["totalCount"] == len(edges) and not timeline["pageInfo"]["hasNextPage"]
    dates = [edge["date"] for edge in edges]
    # placed by first day, a year before that year's months, a month before its days; undated last
    assert [first_day_and_precision(d) for d in dates] == sorted(first_day_and_precision(d) for d in dates)
    at = {date: dates.index(date) for date in dates}
    assert at["2024-06"] < at["2025"] < at["2025-06"] < at["2025-07-09"] < at["2025-07-11"]
    first_undated = dates.index(None)
    assert all(date is None for date in dates[first_undated:]) and first_undated < len(dates) - 1
    for edge in edges:
        assert_sources(edge["node"])
        assert edge["involvement"], edge
    by_id = {edge["node"]["id"]: edge for edge in edges}
    assert by_id["visit:lavrov-pyongyang-2025-07"]["date"] == "2025-07-11"
    # facts of Russia's people are included: Peskov speaks, not Russia
    peskov = by_id["statement:peskov-no-visit-plans-2025-07-09"]["involvement"]
    assert {"role": "SPEAKER", "entity": {"id": "person:dmitry-peskov"}} in peskov


@pytest.mark.usefixtures("testland")
def test_timeline_year_month_day_on_the_same_first_day_and_keyset_pages(gql: GraphQL) -> None:
    expected = [
        ("agreement:xt-ru-trade-memorandum-2024-12", "2024-12"),
        ("visit:vostok-russia-2025", "2025"),
        ("visit:vostok-russia-2025-01", "2025-01"),
        ("statement:vostok-talks-useful-2025-01-01", "2025-01-01"),
        ("visit:testov-testland-2025-02", "2025-02"),
        ("statement:vostok-memorandum-working-2025-03-15", "2025-03-15"),
        ("event:testland-trade-fair-moscow", None),
        ("statement:testov-praises-testland", None),
        ("visit:vostok-moscow-private-trip", None),
    ]
    query = """query($after: String, $before: String, $first: Int, $last: Int) {
      timeline(entity: "country:XT", first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
        edges { cursor date node { id } } } }"""
    whole = data_of(gql(query, first=50))["timeline"]
    assert [(e["node"]["id"], e["date"]) for e in whole["edges"]] == expected
    assert whole["totalCount"] == len(expected)

    seen, after = [], None
    while True:
        page = data_of(gql(query, first=4, after=after))["timeline"]
        seen += [(e["node"]["id"], e["date"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == expected

    tail = data_of(gql(query, last=3))["timeline"]
    assert [e["node"]["id"] for e in tail["edges"]] == [item[0] for item in expected[-3:]]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    before = data_of(gql(query, last=2, before=tail["pageInfo"]["startCursor"]))["timeline"]
    assert [e["node"]["id"] for e in before["edges"]] == [item[0] for item in expected[-5:-3]]


@pytest.mark.usefixtures("testland")
def test_timeline_filters_by_kind_and_date_range(gql: GraphQL) -> None:
    data = data_of(
        gql("""{
        visits: timeline(entity: "country:XT", kinds: [VISIT]) { edges { node { id } } }
        window: timeline(entity: "country:XT", from: "2025-01", to: "2025-02") { totalCount edges { date } }
        own: timeline(entity: "country:XT", includeMembers: false) { edges { node { id } } }
    }""")
    )
    assert [e["node"]["id"] for e in data["visits"]["edges"]] == [
        "visit:vostok-russia-2025",
        "visit:vostok-russia-2025-01",
        "visit:testov-testland-2025-02",
        "visit:vostok-moscow-private-trip",
    ]
    # 2025 overlaps the window; undated facts are dropped once a range is given
    assert [e["date"] for e in data["window"]["edges"]] == ["2025", "2025-01", "2025-01-01", "2025-02"]
    assert data["window"]["totalCount"] == 4
    own = {e["node"]["id"] for e in data["own"]["edges"]}
    # without members, Vostok's own statements and her undated private trip (no visitorCountry) drop out,
    # but her statement about the memorandum stays: Testland is a party to it
    assert "statement:vostok-talks-useful-2025-01-01" not in own and "visit:vostok-moscow-private-trip" not in own
    assert "statement:vostok-memorandum-working-2025-03-15" in own


@pytest.mark.usefixtures("seeded")
def test_timeline_shows_how_a_statement_about_a_fact_involves_the_entity(gql: GraphQL) -> None:
    data = data_of(
        gql("""{ timeline(entity: "person:kim-jong-un") { edges { node { id }
        involvement { role entity { id name } via { __typename id ... on Visit { status } } } } } }""")
    )
    edges = {e["node"]["id"]: e["involvement"] for e in data["timeline"]["edges"]}
    assert edges["statement:peskov-no-visit-plans-2025-07-09"] == [
        {
            "role": "ABOUT",
            "entity": {"id": "person:kim-jong-un", "name": "Kim Jong Un"},
            "via": {"__typename": "Visit", "id": "visit:kim-russia-ruled-out", "status": "RULED_OUT"},
        }
    ]
    assert edges["visit:kim-russia-ruled-out"] == [
        {"role": "VISITOR", "entity": {"id": "person:kim-jong-un", "name": "Kim Jong Un"}, "via": None}
    ]
    assert {"role": "PARTICIPANT", "entity": {"id": "person:kim-jong-un", "name": "Kim Jong Un"}, "via": None} in (
        edges["event:putin-kim-summit-speculated"]
    )


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ('{ timeline(entity: "person:nobody") { totalCount } }', "entity"),
        ('{ timeline(entity: "visit:putin-pyongyang-2024-06") { totalCount } }', "entity"),
        ('{ timeline(entity: "country:RU", from: "2025", to: "2024") { totalCount } }', "to"),
        ('{ timeline(entity: "country:RU", first: 100000) { totalCount } }', "first"),
        ('{ timeline(entity: "country:RU", after: "nope") { totalCount } }', "after"),
    ],
)
def test_timeline_bad_arguments_name_the_argument(gql: GraphQL, query: str, argument: str) -> None:
    assert error_argument(gql(query)) == argument


# --- relations ------------------------------------------------------------------------------------------

RELATIONS = f"""query($a: String!, $b: String!, $from: PartialDate, $to: PartialDate) {{
  relations(countryA: $a, countryB: $b, from: $from, to: $to) {{
    countryA {{ code }} countryB {{ code }} total counts {{ kind direction count }}
    visitsAToB {{ id startDate }} visitsBToA {{ id }} agreements {{ id }}
    statementsAAboutB {{ id }} statementsBAboutA {{ id }} events {{ id }}
    facts {{ kind direction date node {{ {FACT} }} }}
  }} }}"""


def counts_of(relations: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {(c["kind"], c["direction"]): c["count"] for c in relations["counts"]}


@pytest.mark.usefixtures("seeded")
def test_relations_russia_north_korea_both_directions(gql: GraphQL) -> None:
    rel = data_of(gql(RELATIONS, a="ru", b="KP"))["relations"]
    assert (rel["countryA"]["code"], rel["countryB"]["code"]) == ("RU", "KP")
    assert counts_of(rel) == {
        ("VISIT", "A_TO_B"): 5,  # Putin 2024-06, Shoigu 2025 and 2025-06, Lavrov 2025-07, Putin ruled out
        ("VISIT", "B_TO_A"): 2,  # Kim expected, Kim ruled out
        ("AGREEMENT", "BOTH"): 1,  # the comprehensive military agreement (the Rosaviatsia permission is Russian only)
        ("STATEMENT", "A_TO_B"): 3,  # Zakharova, Peskov, Rosaviatsia (about flights to Pyongyang)
        ("STATEMENT", "B_TO_A"): 4,  # Choe, KCNA, Pyongyang's confirmation, state media on Kim
        ("EVENT", "BOTH"): 4,  # anniversary, Kursk deployment, flights, the speculated summit (not the war)
    }
    assert rel["total"] == 19 == len(rel["facts"])
    assert [v["startDate"] for v in rel["visitsAToB"]] == ["2024-06", "2025", "2025-06", "2025-07-11", None]
    assert {v["id"] for v in rel["visitsBToA"]} == {"visit:kim-russia-expected", "visit:kim-russia-ruled-out"}
    assert "statement:peskov-no-visit-plans-2025-07-09" in {s["id"] for s in rel["statementsAAboutB"]}
    assert "statement:kp-confirms-troop-deployment-2025-04" in {s["id"] for s in rel["statementsBAboutA"]}
    assert "event:russia-ukraine-war" not in {e["id"] for e in rel["events"]}
    assert not {s["id"] for s in rel["statementsAAboutB"] + rel["statementsBAboutA"]} & {
        "statement:lim-direct-contact-unusual",
        "statement:lim-talks-prepare-kim-visit",
    }  # a South Korean academic is neither side
    dates = [first_day_and_precision(f["date"]) for f in rel["facts"]]
    assert dates == sorted(dates)
    for fact in rel["facts"]:
        assert_sources(fact["node"])

    mirrored = data_of(gql(RELATIONS, a="KP", b="RU"))["relations"]
    assert counts_of(mirrored)[("VISIT", "A_TO_B")] == 2 and counts_of(mirrored)[("STATEMENT", "B_TO_A")] == 3

    in_2025 = data_of(gql(RELATIONS, a="RU", b="KP", **{"from": "2025", "to": "2025"}))["relations"]
    assert counts_of(in_2025)[("VISIT", "A_TO_B")] == 3 and counts_of(in_2025)[("AGREEMENT", "BOTH")] == 0


@pytest.mark.usefixtures("testland")
def test_relations_count_people_places_and_facts_of_each_side(gql: GraphQL) -> None:
    rel = data_of(gql(RELATIONS, a="XT", b="RU"))["relations"]
    assert counts_of(rel) == {
        ("VISIT", "A_TO_B"): 3,
        ("VISIT", "B_TO_A"): 1,
        ("AGREEMENT", "BOTH"): 1,
        ("STATEMENT", "A_TO_B"): 2,
        ("STATEMENT", "B_TO_A"): 1,
        ("EVENT", "BOTH"): 1,
    }
    # a visit naming no visitorCountry counts for the visitor's own country
    assert "visit:vostok-moscow-private-trip" in {v["id"] for v in rel["visitsAToB"]}
    # a statement about an agreement Russia is party to is a statement about Russia
    assert "statement:vostok-memorandum-working-2025-03-15" in {s["id"] for s in rel["statementsAAboutB"]}
    # an event with a Testland participant held in a Russian city involves both
    assert [e["id"] for e in rel["events"]] == ["event:testland-trade-fair-moscow"]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ('{ relations(countryA: "RU", countryB: "XX") { total } }', "countryB"),
        ('{ relations(countryA: "ZZ", countryB: "KP") { total } }', "countryA"),
        ('{ relations(countryA: "RU", countryB: "ru") { total } }', "countryB"),
        ('{ relations(countryA: "RU", countryB: "KP", first: -1) { total } }', "first"),
    ],
)
def test_relations_bad_arguments_name_the_argument(gql: GraphQL, query: str, argument: str) -> None:
    assert error_argument(gql(query)) == argument


# --- connections ----------------------------------------------------------------------------------------

CONNECTIONS = f"""query($from: ID!, $to: ID!, $maxHops: Int, $limit: Int) {{
  connections(from: $from, to: $to, maxHops: $maxHops, limit: $limit) {{ length entities {{ id }}
    hops {{ from {{ id name }} fromRole fact {{ {FACT} }} via {{ {FACT} }} to {{ id name }} toRole how }} }} }}"""


@pytest.mark.usefixtures("seeded")
def test_connections_peskov_to_kim_through_his_statement_about_the_visit(gql: GraphQL) -> None:
    paths = data_of(gql(CONNECTIONS, **{"from": "person:dmitry-peskov", "to": "person:kim-jong-un"}))["connections"]
    assert paths, "Peskov and Kim are connected"
    path = paths[0]
    (hop,) = path["hops"]
    assert path["length"] == 1
    assert [e["id"] for e in path["entities"]] == ["person:dmitry-peskov", "person:kim-jong-un"]
    assert (hop["from"]["name"], hop["fromRole"], hop["to"]["name"], hop["toRole"]) == (
        "Dmitry Peskov",
        "SPEAKER",
        "Kim Jong Un",
        "VISITOR",
    )
    assert hop["fact"]["id"] == "statement:peskov-no-visit-plans-2025-07-09"
    assert [f["id"] for f in hop["via"]] == ["visit:kim-russia-ruled-out"]
    assert hop["how"] == "Dmitry Peskov (speaker) → statement —about→ visit → Kim Jong Un (visitor)"
    for fact in [hop["fact"], *hop["via"]]:
        assert_sources(fact)

    back = data_of(gql(CONNECTIONS, **{"from": "person:kim-jong-un", "to": "person:dmitry-peskov"}))["connections"]
    assert back[0]["hops"][0]["how"] == "Kim Jong Un (visitor) → visit ←about— statement → Dmitry Peskov (speaker)"


@pytest.mark.usefixtures("seeded")
def test_connections_respect_max_hops(gql: GraphQL) -> None:
    ends = {"from": "person:lim-eul-chul", "to": "person:sergei-lavrov"}
    assert data_of(gql(CONNECTIONS, maxHops=1, **ends))["connections"] == []
    paths = data_of(gql(CONNECTIONS, maxHops=2, **ends))["connections"]
    assert paths and all(p["length"] == 2 for p in paths) and len(paths) <= 5
    for path in paths:
        hops = path["hops"]
        assert hops[0]["from"]["id"] == "person:lim-eul-chul" and hops[-1]["to"]["id"] == "person:sergei-lavrov"
        assert all(a["to"]["id"] == b["from"]["id"] for a, b in zip(hops, hops[1:], strict=False))
        for hop in hops:
            assert_sources(hop["fact"])
    # AFP is named in the article but takes part in no fact: nothing connects it
    assert data_of(gql(CONNECTIONS, **{"from": "org:afp", "to": "country:RU"}))["connections"] == []


@pytest.mark.usefixtures("testland")
def test_connections_return_several_shortest_paths_up_to_the_limit(gql: GraphQL) -> None:
    ends = {"from": "person:nadia-vostok", "to": "person:ivan-testov"}
    paths = data_of(gql(CONNECTIONS, limit=10, **ends))["connections"]
    assert len(paths) > 2 and {p["length"] for p in paths} == {2}
    via = {p["hops"][0]["to"]["id"] for p in paths}
    assert {"country:RU", "country:XT"} <= via  # through Russia (host) and through Testland
    assert len(data_of(gql(CONNECTIONS, limit=2, **ends))["connections"]) == 2


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"from": "person:dmitry-peskov", "to": "person:kim-jong-un", "maxHops": 7}, "maxHops"),
        ({"from": "person:dmitry-peskov", "to": "person:kim-jong-un", "maxHops": 0}, "maxHops"),
        ({"from": "person:dmitry-peskov", "to": "person:kim-jong-un", "limit": 50}, "limit"),
        ({"from": "person:nobody", "to": "person:kim-jong-un"}, "from"),
        ({"from": "person:dmitry-peskov", "to": "statement:peskov-no-visit-plans-2025-07-09"}, "to"),
        ({"from": "person:dmitry-peskov", "to": "person:dmitry-peskov"}, "to"),
    ],
)
def test_connections_bad_arguments_name_the_argument(gql: GraphQL, variables: dict[str, Any], argument: str) -> None:
    assert error_argument(gql(CONNECTIONS, **variables)) == argument


# --- counts ---------------------------------------------------------------------------------------------


def as_map(counts: list[dict[str, Any]]) -> dict[str | None, int]:
    return {c["key"]: c["count"] for c in counts}


@pytest.mark.usefixtures("seeded")
def test_visit_counts_per_host_country_year_and_status(gql: GraphQL) -> None:
    data = data_of(
        gql("""{
        host: visitCounts(groupBy: HOST_COUNTRY) { key label count }
        year: visitCounts(groupBy: YEAR) { key label count }
        kpYears: visitCounts(groupBy: YEAR, hostCountry: "kp") { key count }
        status: visitCounts(groupBy: STATUS, visitorCountry: "RU") { key label count }
        shoigu: visitCounts(groupBy: HOST_COUNTRY, visitor: "person:sergei-shoigu", from: "2025-06") { key count }
        visitors: visitCounts(groupBy: VISITOR_COUNTRY) { key count }
    }""")
    )
    assert data["host"] == [
        {"key": "KP", "label": "North Korea", "count": 5},
        {"key": "RU", "label": "Russia", "count": 2},
    ]
    assert data["year"] == [
        {"key": "2024", "label": "2024", "count": 1},
        {"key": "2025", "label": "2025", "count": 3},
        {"key": None, "label": "undated", "count": 3},
    ]
    assert as_map(data["kpYears"]) == {"2024": 1, "2025": 3, None: 1}
    assert as_map(data["status"]) == {"COMPLETED": 3, "PLANNED": 1, "RULED_OUT": 1}
    assert {"key": "RULED_OUT", "label": "ruled_out", "count": 1} in data["status"]
    assert as_map(data["shoigu"]) == {"KP": 2}  # "2025" overlaps June 2025
    assert as_map(data["visitors"]) == {"RU": 5, "KP": 2}


@pytest.mark.usefixtures("testland")
def test_visit_counts_by_visitor_country_use_the_visitors_own_country(gql: GraphQL) -> None:
    data = data_of(
        gql("""{ all: visitCounts(groupBy: VISITOR_COUNTRY) { key label count }
                 xt: visitCounts(groupBy: VISITOR, visitorCountry: "XT") { key label count } }""")
    )
    assert as_map(data["all"]) == {"RU": 6, "KP": 2, "XT": 3}
    assert data["xt"] == [{"key": "person:nadia-vostok", "label": "Nadia Vostok", "count": 3}]


@pytest.mark.usefixtures("seeded")
def test_statement_event_and_fact_counts(gql: GraphQL) -> None:
    data = data_of(
        gql("""{
        speakerCountry: statementCounts(groupBy: SPEAKER_COUNTRY) { key label count }
        kr: statementCounts(groupBy: SPEAKER, speakerCountry: "KR") { key label count }
        aboutKim: statementCounts(groupBy: SPEAKER, about: "person:kim-jong-un") { key count }
        about: statementCounts(groupBy: ABOUT, speaker: "person:lim-eul-chul") { key count }
        years: statementCounts(groupBy: YEAR) { key label count }
        eventKinds: eventCounts(groupBy: KIND) { key count }
        participants: eventCounts(groupBy: PARTICIPANT, kind: "summit") { key label count }
        facts: factCounts { key label count }
        kimFacts: factCounts(entity: "person:kim-jong-un") { key count }
        ruYears: factCounts(groupBy: YEAR, entity: "country:RU") { key count }
        ruTimeline: timeline(entity: "country:RU") { totalCount }
    }""")
    )
    assert as_map(data["speakerCountry"]) == {"RU": 3, "KP": 4, "KR": 2}
    assert data["speakerCountry"][0] == {"key": "KP", "label": "North Korea", "count": 4}
    assert data["kr"] == [{"key": "person:lim-eul-chul", "label": "Lim Eul-chul", "count": 2}]
    # Peskov spoke of a visit by Kim: about Kim through the visit (aboutFacts, the default)
    assert as_map(data["aboutKim"]) == {"person:lim-eul-chul": 2, "org:kp-state-media": 1, "person:dmitry-peskov": 1}
    assert as_map(data["about"]) == {"person:kim-jong-un": 2, "country:RU": 2}
    assert as_map(data["years"]) == {"2025": 2, None: 7}
    assert as_map(data["eventKinds"]) == {"summit": 1, "anniversary": 1, "war": 1, "deployment": 1, "flights": 1}
    assert {p["label"] for p in data["participants"]} == {"Vladimir Putin", "Kim Jong Un"}
    assert data["facts"] == [
        {"key": "VISIT", "label": "visit", "count": 7},
        {"key": "AGREEMENT", "label": "agreement", "count": 2},
        {"key": "STATEMENT", "label": "statement", "count": 9},
        {"key": "EVENT", "label": "event", "count": 5},
    ]
    assert as_map(data["kimFacts"]) == {"VISIT": 2, "AGREEMENT": 0, "STATEMENT": 4, "EVENT": 1}
    assert sum(as_map(data["ruYears"]).values()) == data["ruTimeline"]["totalCount"]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ('{ visitCounts(groupBy: YEAR, hostCountry: "XX") { count } }', "hostCountry"),
        ('{ visitCounts(groupBy: YEAR, visitorCountry: "XX") { count } }', "visitorCountry"),
        ('{ visitCounts(groupBy: YEAR, visitor: "country:RU") { count } }', "visitor"),
        ('{ visitCounts(groupBy: YEAR, from: "2025-07", to: "2025-06") { count } }', "to"),
        ('{ statementCounts(groupBy: SPEAKER, speakerCountry: "XX") { count } }', "speakerCountry"),
        ('{ eventCounts(groupBy: KIND, participant: "person:nobody") { count } }', "participant"),
        ('{ factCounts(entity: "person:nobody") { count } }', "entity"),
    ],
)
def test_count_bad_arguments_name_the_argument(gql: GraphQL, query: str, argument: str) -> None:
    assert error_argument(gql(query)) == argument


def test_every_analysis_field_and_argument_is_described(gql: GraphQL) -> None:
    data = data_of(gql("""{ __schema { queryType { fields { name description args { name description } } } } }"""))
    fields = {f["name"]: f for f in data["__schema"]["queryType"]["fields"]}
    for name in ("timeline", "relations", "connections", "visitCounts", "statementCounts", "eventCounts", "factCounts"):
        assert fields[name]["description"], name
        for arg in fields[name]["args"]:
            assert arg["description"], f"{name}({arg['name']})"
    types = ["TimelineConnection", "TimelineEdge", "Involvement", "CountryRelations", "RelationCount", "RelationFact",
             "Path", "Hop", "GroupCount"]  # fmt: skip
    for name in types:
        described = data_of(
            gql("query($n: String!) { __type(name: $n) { description fields { name description } } }", n=name)
        )["__type"]
        assert described["description"], name
        assert all(field["description"] for field in described["fields"]), name
