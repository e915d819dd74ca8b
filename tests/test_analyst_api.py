"""The API as an analyst uses it (issue 10), over HTTP against the seed in a real Neo4j."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQL

pytestmark = pytest.mark.usefixtures("seeded")


# --- 5. a failing root field fails alone -----------------------------------------------------------------


def test_one_bad_aliased_field_leaves_the_others_answering(gql: GraphQL) -> None:
    body = gql("""{
      good: visits(hostCountry: "KP") { totalCount }
      bad: visits(hostCountry: "XX") { totalCount }
      people: persons(search: "Lavrov") { nodes { id } }
      counts: visitCounts(groupBy: HOST_COUNTRY, hostCountry: "ZZ") { key }
    }""")
    data = body["data"]
    assert data is not None
    assert data["good"]["totalCount"] > 0
    assert data["people"]["nodes"] == [{"id": "person:sergei-lavrov"}]
    assert data["bad"] is None and data["counts"] is None
    errors = {tuple(error["path"]): error for error in body["errors"]}
    assert set(errors) == {("bad",), ("counts",)}
    assert errors[("bad",)]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[("bad",)]["extensions"]["argument"] == "hostCountry"
    assert errors[("bad",)]["message"].startswith("argument 'hostCountry': no country with code 'XX'")
    assert errors[("counts",)]["extensions"]["argument"] == "hostCountry"


def test_every_root_field_is_nullable() -> None:
    from schema import schema

    query_type = schema._schema.query_type
    assert query_type is not None
    non_null = [name for name, field in query_type.fields.items() if str(field.type).endswith("!")]
    assert non_null == []


# --- 4. forgiving ids: a code or a full id, and suggestions when nothing matches -------------------------


def test_a_country_code_or_id_works_wherever_a_country_or_entity_is_asked_for(gql: GraphQL) -> None:
    body = gql("""{
      byCode: statements(speaker: "KP") { totalCount nodes { id } }
      byId: statements(speaker: "country:KP") { totalCount nodes { id } }
      lowerCode: visits(hostCountry: "kp") { totalCount }
      hostById: visits(hostCountry: "country:KP") { totalCount }
      upper: visits(hostCountry: "KP") { totalCount }
      timeline(entity: "kp", first: 1) { totalCount }
      country(code: "country:KP") { code }
      about: statements(about: "RU") { totalCount }
    }""")
    assert not body.get("errors"), body["errors"]
    data = body["data"]
    assert data["byCode"] == data["byId"] and data["byCode"]["nodes"] == [
        {"id": "statement:kp-confirms-troop-deployment-2025-04"}
    ]
    assert data["lowerCode"] == data["hostById"] == data["upper"] and data["upper"]["totalCount"] > 0
    assert data["timeline"]["totalCount"] > 0 and data["country"] == {"code": "KP"}
    assert data["about"]["totalCount"] > 0


def test_not_found_errors_suggest_close_matches_by_name_in_any_script(gql: GraphQL) -> None:
    body = gql("""{
      latin: statements(speaker: "Peskov") { totalCount }
      partialId: timeline(entity: "person:kim-jong") { totalCount }
      arabic: visits(visitor: "لافروف") { totalCount }
      countryName: visits(hostCountry: "Russia") { totalCount }
      arabicCountry: relations(countryA: "روسيا", countryB: "KP") { total }
      nothing: visits(hostCountry: "XQ") { totalCount }
    }""")
    errors = {error["path"][0]: error for error in body["errors"]}
    assert body["data"] == dict.fromkeys(errors)  # each failing field fails alone
    assert errors["latin"]["message"] == (
        "argument 'speaker': no entity with id 'Peskov'; did you mean person:dmitry-peskov (Dmitry Peskov)? "
        "(give an id such as person:sergei-lavrov, or a country's ISO code such as KP)"
    )
    assert errors["latin"]["extensions"] == {
        "code": "BAD_USER_INPUT", "argument": "speaker", "suggestions": ["person:dmitry-peskov"]
    }
    assert errors["partialId"]["extensions"]["suggestions"][0] == "person:kim-jong-un"
    assert errors["arabic"]["extensions"]["suggestions"] == ["person:sergei-lavrov"]
    assert errors["arabic"]["extensions"]["argument"] == "visitor"
    assert errors["countryName"]["message"].startswith(
        "argument 'hostCountry': no country with code 'Russia'; did you mean RU (Russia)?"
    )
    assert errors["arabicCountry"]["extensions"]["suggestions"] == ["RU"]
    assert errors["arabicCountry"]["extensions"]["argument"] == "countryA"
    assert errors["nothing"]["message"] == (
        "argument 'hostCountry': no country with code 'XQ'; no entity has a name close to it "
        "(give an ISO 3166-1 alpha-2 code such as RU, or an id such as country:RU)"
    )


# --- 6. kinds: a validated vocabulary, any case ------------------------------------------------------------


def test_kinds_match_in_any_case_and_the_vocabulary_is_listed(gql: GraphQL) -> None:
    from graph.vocabulary import event_kinds

    body = gql("""{
      lower: events(kind: "deployment") { totalCount }
      capital: events(kind: "Deployment") { totalCount }
      shouting: events(kind: " DEPLOYMENT ") { totalCount }
      counts: eventCounts(groupBy: KIND, kind: "Summit") { key count }
      treaties: agreements(kind: "Treaty") { totalCount }
      eventKinds
      agreementKinds
    }""")
    assert not body.get("errors"), body["errors"]
    data = body["data"]
    assert data["lower"] == data["capital"] == data["shouting"] == {"totalCount": 1}
    assert data["counts"] == [{"key": "summit", "count": 1}]
    assert data["treaties"] == {"totalCount": 1}
    # the vocabulary is the extractor's cue data, not a list retyped in the API
    assert data["eventKinds"] == list(event_kinds())
    assert {"deployment", "phone_call", "press_conference", "permit_request", "speech"} <= set(data["eventKinds"])
    assert {"treaty", "memorandum", "permission"} <= set(data["agreementKinds"])
    assert body["extensions"]["cypherQueries"] == 5  # one per list or count; the vocabulary costs none


def test_an_unknown_kind_is_an_error_listing_the_known_ones(gql: GraphQL) -> None:
    from graph.vocabulary import event_kinds

    body = gql("""{
      events(kind: "Deploymnet") { totalCount }
      agreements(kind: "alliance") { totalCount }
      phoneCalls: events(kind: "Phone call") { totalCount }
    }""")
    errors = {error["path"][0]: error for error in body["errors"]}
    assert body["data"] == {"events": None, "agreements": None, "phoneCalls": {"totalCount": 0}}
    assert errors["events"]["message"] == (
        "argument 'kind': unknown event kind 'Deploymnet'; did you mean deployment? "
        f"known kinds (any case): {', '.join(event_kinds())}"
    )
    assert "deployment, summons, ratification, session" in errors["events"]["message"]
    assert errors["events"]["extensions"] == {
        "code": "BAD_USER_INPUT", "argument": "kind", "suggestions": ["deployment"]
    }
    assert errors["agreements"]["message"].startswith(
        "argument 'kind': unknown agreement kind 'alliance'; known kinds (any case): treaty, agreement, memorandum"
    )


# --- 8. dates: overlap by default, WITHIN on demand, and each date's precision ---------------------------


def test_within_keeps_only_facts_whose_whole_span_lies_inside_the_range(gql: GraphQL) -> None:
    body = gql("""{
      overlaps: visits(from: "2025-07", to: "2025-07") { totalCount nodes { id startDate startDatePrecision } }
      within: visits(from: "2025-07", to: "2025-07", dateMatch: WITHIN) { totalCount nodes { id } }
      year: visits(from: "2025", to: "2025", dateMatch: WITHIN) { totalCount }
      after: visits(from: "2025-06", dateMatch: WITHIN) { nodes { id } }
      perYear: visitCounts(groupBy: YEAR, from: "2025-07", to: "2025-07", dateMatch: WITHIN) { key count }
      timeline(entity: "person:sergei-shoigu", from: "2025-06", to: "2025-06", dateMatch: WITHIN) {
        totalCount edges { date datePrecision node { id } } }
      facts: factCounts(from: "2025-07", to: "2025-07", dateMatch: WITHIN) { key count }
      relations(countryA: "RU", countryB: "KP", from: "2025-07", to: "2025-07", dateMatch: WITHIN) {
        facts { date datePrecision node { id } } }
    }""")
    assert not body.get("errors"), body["errors"]
    data = body["data"]
    overlapping = {node["id"]: node for node in data["overlaps"]["nodes"]}
    assert overlapping["visit:shoigu-pyongyang-2025"]["startDatePrecision"] == "YEAR"  # overlap is still the default
    assert overlapping["visit:lavrov-pyongyang-2025-07"]["startDatePrecision"] == "DAY"
    assert data["within"] == {"totalCount": 1, "nodes": [{"id": "visit:lavrov-pyongyang-2025-07"}]}
    assert data["year"]["totalCount"] == 3  # 2025, 2025-06 and 2025-07-11..13 all lie within 2025
    after = [node["id"] for node in data["after"]["nodes"]]
    assert after == ["visit:shoigu-pyongyang-2025-06", "visit:lavrov-pyongyang-2025-07"]
    assert data["perYear"] == [{"key": "2025", "count": 1}]
    assert data["timeline"]["totalCount"] == 1
    assert data["timeline"]["edges"] == [
        {"date": "2025-06", "datePrecision": "MONTH", "node": {"id": "visit:shoigu-pyongyang-2025-06"}}
    ]
    assert {row["key"]: row["count"] for row in data["facts"]} == {"VISIT": 1, "AGREEMENT": 0, "STATEMENT": 1,
                                                                   "EVENT": 0}
    assert {(fact["node"]["id"], fact["datePrecision"]) for fact in data["relations"]["facts"]} == {
        ("visit:lavrov-pyongyang-2025-07", "DAY"), ("statement:peskov-no-visit-plans-2025-07-09", "DAY")
    }


def test_every_date_has_its_precision_beside_it(gql: GraphQL) -> None:
    body = gql("""{
      visits(first: 50) { nodes { id startDate startDatePrecision endDate endDatePrecision } }
      agreements { nodes { signedOn signedOnPrecision } }
      statements(speaker: "person:dmitry-peskov") { nodes { date datePrecision } }
      events(kind: "anniversary") { nodes { date datePrecision } }
      articles { nodes { publishedOn publishedOnPrecision } }
    }""")
    assert not body.get("errors"), body["errors"]
    data = body["data"]
    by_id = {v["id"]: v for v in data["visits"]["nodes"]}
    assert by_id["visit:lavrov-pyongyang-2025-07"]["endDatePrecision"] == "DAY"
    assert by_id["visit:shoigu-pyongyang-2025-06"]["startDatePrecision"] == "MONTH"
    assert by_id["visit:kim-russia-expected"]["startDatePrecision"] is None  # undated
    expected = {None: None, 4: "YEAR", 7: "MONTH", 10: "DAY"}
    for visit in data["visits"]["nodes"]:
        assert visit["startDatePrecision"] == expected[visit["startDate"] and len(visit["startDate"])]
    assert {"signedOn": "2024-06", "signedOnPrecision": "MONTH"} in data["agreements"]["nodes"]
    assert data["statements"]["nodes"] == [{"date": "2025-07-09", "datePrecision": "DAY"}]
    assert data["events"]["nodes"] == [{"date": "2025-06", "datePrecision": "MONTH"}]
    assert all(a["publishedOnPrecision"] == "DAY" for a in data["articles"]["nodes"])
    # 5 lists, one statement each (the speaker id is checked in its own); precisions cost nothing
    assert body["extensions"]["cypherQueries"] == 5


def test_within_needs_a_range(gql: GraphQL) -> None:
    body = gql('{ visits(dateMatch: WITHIN) { totalCount } statements(from: "2025") { totalCount } }')
    (error,) = body["errors"]
    assert error["path"] == ["visits"] and error["extensions"]["argument"] == "dateMatch"
    assert error["message"] == "argument 'dateMatch': WITHIN needs `from` or `to` (the range to lie within)"
    assert body["data"]["statements"]["totalCount"] >= 2


# --- 2. statements about an entity include statements about the facts it plays a part in ---------------


def test_what_was_said_about_kim_includes_statements_about_his_visits(gql: GraphQL) -> None:
    body = gql("""{
      about: statements(about: "person:kim-jong-un") { totalCount nodes { id speaker { name } } }
      named: statements(about: "person:kim-jong-un", aboutFacts: false) { totalCount nodes { id } }
      counts: statementCounts(groupBy: SPEAKER, about: "person:kim-jong-un") { key count }
      namedCounts: statementCounts(groupBy: SPEAKER, about: "person:kim-jong-un", aboutFacts: false) { key count }
    }""")
    assert not body.get("errors"), body["errors"]
    data = body["data"]
    about = {node["id"] for node in data["about"]["nodes"]}
    named = {node["id"] for node in data["named"]["nodes"]}
    # Peskov speaks of "a possible visit by Kim Jong Un to Russia": the statement is about the visit, not Kim
    assert "statement:peskov-no-visit-plans-2025-07-09" in about - named
    assert named < about and data["about"]["totalCount"] == len(about)
    assert {"key": "person:dmitry-peskov", "count": 1} in data["counts"]
    assert "person:dmitry-peskov" not in {row["key"] for row in data["namedCounts"]}
    # 2 lists x (page + count; the id is checked by the list's own statements), 2 counts, the speakers (one
    # batch), the id lookup of the counts (one batch)
    assert body["extensions"]["cypherQueries"] == 7


# --- 3. neighbours: who is linked to X, with the linking facts, paged ---------------------------------------


def test_neighbours_of_kim_with_the_facts_that_link_them(gql: GraphQL) -> None:
    body = gql("""{
      neighbours(entity: "person:kim-jong-un", first: 50) {
        totalCount
        edges { cursor node { hops factCount entity { id name } facts { id } } }
      }
      visitsOnly: neighbours(entity: "person:kim-jong-un", kinds: [VISIT], entityKinds: [COUNTRY]) {
        nodes { entity { id } facts { __typename } } }
    }""")
    assert not body.get("errors"), body["errors"]
    edges = body["data"]["neighbours"]["edges"]
    found = {edge["node"]["entity"]["id"]: edge["node"] for edge in edges}
    assert body["data"]["neighbours"]["totalCount"] == len(edges)
    # Peskov spoke about a visit by Kim: linked through that statement
    assert "statement:peskov-no-visit-plans-2025-07-09" in {f["id"] for f in found["person:dmitry-peskov"]["facts"]}
    assert found["person:vladimir-putin"]["hops"] == 1
    assert all(node["factCount"] == len(node["facts"]) for node in found.values())
    order = [(e["node"]["hops"], -e["node"]["factCount"], e["node"]["entity"]["id"]) for e in edges]
    assert order == sorted(order)
    visits = body["data"]["visitsOnly"]["nodes"]
    assert {n["entity"]["id"] for n in visits} == {"country:RU", "country:KP"}
    assert all(f["__typename"] == "Visit" for n in visits for f in n["facts"])


def test_persons_linked_to_both_russia_and_north_korea_in_one_query_paged(gql: GraphQL) -> None:
    query = """query($after: String) {
      neighbours(entity: "RU", alsoLinkedTo: "KP", entityKinds: [PERSON], first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { entity { id } factCount }
      }
    }"""
    seen: list[str] = []
    after = None
    while True:
        body = gql(query, after=after)
        assert not body.get("errors"), body["errors"]
        assert body["extensions"]["cypherQueries"] == 4  # two id lookups (one batch each), page, count
        page = body["data"]["neighbours"]
        seen += [node["entity"]["id"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"] >= 3
    assert {"person:sergei-lavrov", "person:vladimir-putin", "person:kim-jong-un"} <= set(seen)
    assert all(person.startswith("person:") for person in seen)


def test_neighbours_errors_name_the_argument(gql: GraphQL) -> None:
    body = gql("""{
      far: neighbours(entity: "KP", maxHops: 3) { totalCount }
      two: neighbours(entity: "person:dmitry-peskov", maxHops: 2, first: 100) { nodes { hops entity { id } } }
      nobody: neighbours(entity: "person:nobody-at-all") { totalCount }
    }""")
    errors = {error["path"][0]: error for error in body["errors"]}
    assert set(errors) == {"far", "nobody"}
    assert errors["far"]["message"] == "argument 'maxHops': 3 is outside 1..2"
    assert errors["nobody"]["extensions"]["argument"] == "entity"
    two = {node["entity"]["id"]: node["hops"] for node in body["data"]["two"]["nodes"]}
    assert two["person:kim-jong-un"] == 1 and 2 in two.values()
