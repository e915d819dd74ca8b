"""`reviewFact` over HTTP against the real app and Neo4j: confirm, reject and correct (date, status, a linked
entity) with a note, who and when; kept beside the extractor's output, never changing the evidence; rejected facts
hidden from lists unless asked for; lists filter by review state; corrections survive re-ingesting the article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.writes import INGEST, error_of, make_key, post, rows

TEXT = (Path(__file__).parent / "data" / "articles" / "ar_shoigu_visit.txt").read_text(encoding="utf-8")
VISIT = "visit:lavrov-pyongyang-2025-07"
REVIEW = """mutation($id: ID!, $verdict: ReviewVerdict!, $note: String, $correction: FactCorrectionInput) {
  reviewFact(id: $id, verdict: $verdict, note: $note, correction: $correction) {
    fact { id ... on Visit { startDate endDate status hostCountry { code } visitor { id } } }
    review { state note by at latest { verdict by byKey } history { verdict note by }
             correction { date endDate status links { role entity { id } replaces { id } } }
             extracted { date endDate status fields } } } }"""
VISIT_READ = """query($id: ID!) { node(id: $id) { ... on Visit { startDate endDate status hostCountry { code }
  sources { quote start end article { id } }
  review { state note by history { verdict } extracted { date status } } } } }"""
VISIT_IDS = "query($review: ReviewFilter) { visits(first: 100, review: $review) { totalCount edges { node { id } } } }"


def _ids(body: dict) -> list[str]:
    assert not body.get("errors"), body
    return [edge["node"]["id"] for edge in body["data"]["visits"]["edges"]]


async def test_confirm_and_reject_are_kept_with_who_and_when_and_rejected_facts_are_hidden(seeded, settings, http):
    token = await make_key(seeded, settings, "editor", "desk editor")
    before = post(http, VISIT_READ, id=VISIT)["data"]["node"]
    assert before["review"] == {"state": "UNREVIEWED", "note": None, "by": None, "history": [], "extracted": None}
    listed = _ids(post(http, VISIT_IDS))
    assert VISIT in listed

    confirmed = post(http, REVIEW, token, id=VISIT, verdict="CONFIRM", note="matches the MFA release")
    review = confirmed["data"]["reviewFact"]["review"]
    assert (review["state"], review["note"], review["by"]) == ("CONFIRMED", "matches the MFA release", "desk editor")
    assert datetime.now(UTC) - datetime.fromisoformat(review["at"]) < timedelta(minutes=5)
    assert review["latest"]["byKey"] == token.split("_")[1]
    assert _ids(post(http, VISIT_IDS, review="CONFIRMED")) == [VISIT]

    rejected = post(http, REVIEW, token, id=VISIT, verdict="REJECT", note="the trip was called off")
    review = rejected["data"]["reviewFact"]["review"]
    assert review["state"] == "REJECTED"
    assert [h["verdict"] for h in review["history"]] == ["REJECT", "CONFIRM"]  # newest first, both kept
    assert _ids(post(http, VISIT_IDS)) == [v for v in listed if v != VISIT]  # hidden by default
    assert VISIT in _ids(post(http, VISIT_IDS, review="ANY"))
    assert _ids(post(http, VISIT_IDS, review="REJECTED")) == [VISIT]
    assert VISIT not in _ids(post(http, VISIT_IDS, review="UNREVIEWED"))
    assert post(http, VISIT_IDS)["data"]["visits"]["totalCount"] == len(listed) - 1
    after = post(http, VISIT_READ, id=VISIT)["data"]["node"]  # still readable by id, evidence untouched
    assert after["sources"] == before["sources"] and after["status"] == before["status"]
    stored = await rows(seeded, settings, "MATCH (r:Review)-[:REVIEWS]->(:Visit {id: $id}) RETURN r.by AS by, "
                                          "r.verdict AS verdict, r.note AS note ORDER BY r.seq", id=VISIT)
    assert stored == [{"by": "desk editor", "verdict": "CONFIRM", "note": "matches the MFA release"},
                      {"by": "desk editor", "verdict": "REJECT", "note": "the trip was called off"}]


async def test_a_correction_is_the_facts_value_and_the_extractors_is_kept_beside_it(seeded, settings, http):
    token = await make_key(seeded, settings, "editor")
    before = post(http, VISIT_READ, id=VISIT)["data"]["node"]
    assert (before["startDate"], before["status"], before["hostCountry"]["code"]) == ("2025-07-11", "PLANNED", "KP")
    body = post(http, REVIEW, token, id=VISIT, verdict="CORRECT", note="arrived a day late, per KCNA",
                correction={"date": "2025-07-12", "endDate": "2025-07-13", "status": "COMPLETED",
                            "links": [{"role": "HOST_COUNTRY", "entity": "KR"}]})
    assert not body.get("errors"), body
    fact, review = body["data"]["reviewFact"]["fact"], body["data"]["reviewFact"]["review"]
    assert (fact["startDate"], fact["endDate"], fact["status"], fact["hostCountry"]["code"]) == (
        "2025-07-12", "2025-07-13", "COMPLETED", "KR")
    assert review["state"] == "CORRECTED"
    assert review["correction"] == {"date": "2025-07-12", "endDate": "2025-07-13", "status": "COMPLETED", "links": [
        {"role": "HOST_COUNTRY", "entity": {"id": "country:KR"}, "replaces": {"id": "country:KP"}}]}
    assert review["extracted"] == {"date": "2025-07-11", "endDate": "2025-07-13", "status": "PLANNED",
                                   "fields": ["date", "endDate", "status"]}
    # every list, filter and ordering uses the corrected values
    in_range = post(http, 'query { visits(from: "2025-07-12", to: "2025-07-12", hostCountry: "KR") { edges { node '
                          '{ id } } } }')
    assert [e["node"]["id"] for e in in_range["data"]["visits"]["edges"]] == [VISIT]
    assert VISIT not in _ids(post(http, 'query { visits(hostCountry: "KP", first: 100) { totalCount edges { node '
                                        '{ id } } } }'))
    after = post(http, VISIT_READ, id=VISIT)["data"]["node"]
    assert after["sources"] == before["sources"]  # the evidence is never changed


async def test_corrections_and_rejections_survive_reingesting_the_article(clean_db, settings, http):
    token = await make_key(clean_db, settings, "editor")
    first = post(http, INGEST, token, input={"text": TEXT, "published": "2025-06-17"})["data"]["ingestArticle"]
    visit = next(f["id"] for f in first["facts"] if f["__typename"] == "Visit" and "shoigu" in f["id"])
    statement = next(f["id"] for f in first["facts"] if f["__typename"] == "Statement")
    extracted = post(http, VISIT_READ, id=visit)["data"]["node"]
    corrected = post(http, REVIEW, token, id=visit, verdict="CORRECT", note="he arrived on the 18th",
                     correction={"date": "2025-06-18", "status": "ONGOING",
                                 "links": [{"role": "HOST_COUNTRY", "entity": "RU"}]})
    assert not corrected.get("errors"), corrected
    assert not post(http, REVIEW, token, id=statement, verdict="REJECT", note="misattributed").get("errors")

    again = post(http, INGEST, token, input={"text": TEXT, "published": "2025-06-17"})["data"]["ingestArticle"]
    assert again["created"] is False
    now = post(http, VISIT_READ, id=visit)["data"]["node"]
    assert (now["startDate"], now["status"], now["hostCountry"]["code"]) == ("2025-06-18", "ONGOING", "RU")
    assert now["review"]["state"] == "CORRECTED" and now["review"]["note"] == "he arrived on the 18th"
    assert now["review"]["extracted"] == {"date": extracted["startDate"], "status": extracted["status"]}
    assert len(now["sources"]) == len(extracted["sources"])  # the article's evidence, replaced, not doubled
    hosts = await rows(clean_db, settings, "MATCH (:Visit {id: $id})-[:HOSTED_BY]->(c) RETURN c.code AS code",
                       id=visit)
    assert hosts == [{"code": "RU"}]  # the extractor's KP was not merged back
    statements = post(http, "{ statements(first: 100) { edges { node { id } } } }")["data"]["statements"]["edges"]
    assert statement not in [e["node"]["id"] for e in statements]
    rejected = post(http, "{ statements(review: REJECTED) { edges { node { id review { state } } } } }")
    assert rejected["data"]["statements"]["edges"] == [{"node": {"id": statement, "review": {"state": "REJECTED"}}}]


async def test_bad_reviews_are_refused_naming_the_argument_and_write_nothing(seeded, settings, http):
    token = await make_key(seeded, settings, "editor")
    reader = await make_key(seeded, settings, "reader")
    cases = [
        ({"id": "visit:no-such-visit", "verdict": "CONFIRM"}, "NOT_FOUND", "id"),
        ({"id": "person:sergei-lavrov", "verdict": "CONFIRM"}, "NOT_FOUND", "id"),
        ({"id": VISIT, "verdict": "CORRECT"}, "BAD_USER_INPUT", "correction"),
        ({"id": VISIT, "verdict": "REJECT", "correction": {"status": "COMPLETED"}}, "BAD_USER_INPUT", "correction"),
        ({"id": VISIT, "verdict": "CORRECT", "correction": {"status": "SIGNED"}}, "BAD_USER_INPUT",
         "correction.status"),
        ({"id": "statement:choe-supports-russia-sovereignty", "verdict": "CORRECT",
          "correction": {"status": "COMPLETED"}}, "BAD_USER_INPUT", "correction.status"),
        ({"id": VISIT, "verdict": "CORRECT", "correction": {"endDate": "2025-07-01"}}, "BAD_USER_INPUT",
         "correction.endDate"),
        ({"id": VISIT, "verdict": "CORRECT", "correction": {"links": [{"role": "SPEAKER", "entity": "RU"}]}},
         "BAD_USER_INPUT", "correction.links[0].role"),
        ({"id": VISIT, "verdict": "CORRECT", "correction": {"links": [{"role": "VISITOR",
                                                                       "entity": "person:sergei-lavrof"}]}},
         "BAD_USER_INPUT", "correction.links[0].entity"),
        ({"id": VISIT, "verdict": "CONFIRM", "note": "n" * 2001}, "BAD_USER_INPUT", "note"),
    ]
    for variables, code, argument in cases:
        error = error_of(post(http, REVIEW, token, **variables))
        assert (error["extensions"]["code"], error["extensions"].get("argument")) == (code, argument), error
        assert error["path"] == ["reviewFact"]
    typo = error_of(post(http, REVIEW, token, **cases[8][0]))
    assert "person:sergei-lavrov" in typo["extensions"]["suggestions"]  # did you mean...
    assert error_of(post(http, REVIEW, None, id=VISIT, verdict="CONFIRM"))["extensions"]["code"] == "UNAUTHENTICATED"
    assert error_of(post(http, REVIEW, reader, id=VISIT, verdict="CONFIRM"))["extensions"]["code"] == "FORBIDDEN"
    assert await rows(seeded, settings, "MATCH (r:Review) RETURN r.id") == []
    assert await rows(seeded, settings, "MATCH (f:Fact) WHERE f.reviewState IS NOT NULL RETURN f.id") == []


async def test_rejected_facts_are_left_out_of_counts_and_timelines(seeded, settings, http):
    token = await make_key(seeded, settings, "editor")
    query = """{ visitCounts(groupBy: HOST_COUNTRY) { key count } factCounts { key count }
      timeline(entity: "person:sergei-lavrov", first: 50) { totalCount edges { node { id } } } }"""
    before = post(http, query)["data"]
    assert VISIT in [e["node"]["id"] for e in before["timeline"]["edges"]]
    assert not post(http, REVIEW, token, id=VISIT, verdict="REJECT").get("errors")
    after = post(http, query)["data"]
    kp = {c["key"]: c["count"] for c in before["visitCounts"]}["KP"]
    assert {c["key"]: c["count"] for c in after["visitCounts"]}["KP"] == kp - 1
    visits = {c["key"]: c["count"] for c in before["factCounts"]}["VISIT"]
    assert {c["key"]: c["count"] for c in after["factCounts"]}["VISIT"] == visits - 1
    assert after["timeline"]["totalCount"] == before["timeline"]["totalCount"] - 1
    assert VISIT not in [e["node"]["id"] for e in after["timeline"]["edges"]]
