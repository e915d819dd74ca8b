"""The loader against a real Neo4j: idempotent, all-or-nothing, clear errors naming file, item and field."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from graph.settings import Settings
from loaders.files import read_all
from loaders.run import load_paths
from tests.conftest import DATA, counts

SEED = DATA / "seed" / "000_29605565af34d15c.facts.json"


def _write(tmp_path: Path, name: str, document: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _inline(document: dict[str, Any]) -> dict[str, Any]:
    """The seed document with its text inline, so it can be copied into tmp_path and broken."""
    document = copy.deepcopy(document)
    text_file = document["article"].pop("textFile")
    document["article"]["text"] = (SEED.parent / text_file).read_text(encoding="utf-8")
    return document


@pytest.fixture(scope="module")
def seed_json() -> dict[str, Any]:
    return _inline(json.loads(SEED.read_text(encoding="utf-8")))


async def test_loading_twice_changes_nothing(clean_db: AsyncDriver, settings: Settings) -> None:
    first = await load_paths(clean_db, [DATA], database=settings.neo4j_database)
    assert first.ok, first.errors
    once = await counts(clean_db, settings)
    second = await load_paths(clean_db, [DATA], database=settings.neo4j_database)
    assert second.ok
    assert await counts(clean_db, settings) == once
    assert once[0] > 40 and once[1] > 100


async def test_every_entity_and_fact_is_linked_to_its_article(seeded: AsyncDriver, settings: Settings) -> None:
    records, _, _ = await seeded.execute_query(
        "MATCH (n:Node) WHERE NOT n:Article AND NOT (n)-[:SUPPORTED_BY]->(:Article) RETURN n.id AS id",
        database_=settings.neo4j_database,
    )
    assert [r["id"] for r in records] == []
    records, _, _ = await seeded.execute_query(
        "MATCH (n)-[r:SUPPORTED_BY]->(a:Article) RETURN r.quote AS quote, r.start AS start, r.end AS end, "
        "a.text AS text",
        database_=settings.neo4j_database,
    )
    assert records and all(r["text"][r["start"] : r["end"]] == r["quote"] for r in records)


async def test_constraints_and_indexes_exist(seeded: AsyncDriver, settings: Settings) -> None:
    records, _, _ = await seeded.execute_query(
        "SHOW INDEXES YIELD name, type RETURN name, type", database_=settings.neo4j_database
    )
    names = {r["name"] for r in records}
    assert {"node_id", "role_id", "visit_spanfrom", "entity_names", "fact_text", "article_text"} <= names


async def test_a_bad_document_among_good_ones_writes_nothing(
    clean_db: AsyncDriver, settings: Settings, tmp_path: Path, seed_json: dict[str, Any]
) -> None:
    good = _write(tmp_path, "a_good.facts.json", seed_json)
    broken = copy.deepcopy(seed_json)
    broken["article"]["id"] = "broken-copy"
    visit = next(f for f in broken["facts"] if f["type"] == "visit")
    visit["visitor"] = "person:nobody"
    visit["start"] = "2025-13"
    broken["facts"][0]["evidence"][0]["start"] += 1
    bad = _write(tmp_path, "b_bad.facts.json", broken)
    report = await load_paths(clean_db, [good, bad], database=settings.neo4j_database)
    assert not report.ok
    assert await counts(clean_db, settings) == (0, 0)
    text = "\n".join(report.errors)
    assert str(bad) in text and str(good) not in text
    assert f"({visit['id']}) field start" in text and "month 13" in text


async def test_reference_and_evidence_errors_name_item_and_field(tmp_path: Path, seed_json: dict[str, Any]) -> None:
    broken = copy.deepcopy(seed_json)
    visit_index, visit = next((i, f) for i, f in enumerate(broken["facts"]) if f["type"] == "visit")
    visit["visitor"] = "person:nobody"
    visit["hostCountry"] = "ZZ"
    broken["facts"][0]["evidence"][0]["start"] += 1
    path = _write(tmp_path, "refs.facts.json", broken)
    _, errors = read_all([path])
    expected = f"{path}: facts[{visit_index}] ({visit['id']}) field visitor: 'person:nobody' is not declared"
    assert any(e.startswith(expected) for e in errors)
    assert any("field hostCountry: country 'ZZ' is not declared" in e for e in errors)
    assert any(f"facts[0] ({broken['facts'][0]['id']}) field evidence[0]: text[" in e for e in errors)


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.facts.json"
    path.write_text('{\n  "format": "khabar.facts/1",\n  "article": {,\n}', encoding="utf-8")
    _, errors = read_all([path])
    assert errors == [f"{path}:3:15: invalid JSON: Expecting property name enclosed in double quotes"]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    _, errors = read_all([tmp_path / "nope.facts.json", tmp_path])
    assert errors == [
        f"{tmp_path / 'nope.facts.json'}: no such file or folder",
        f"{tmp_path}: folder holds no *.facts.json file",
    ]


def test_cli_load_reports_errors_and_exit_code(tmp_path: Path, seed_json: dict[str, Any], settings: Settings) -> None:
    broken = copy.deepcopy(seed_json)
    broken["entities"][0]["kind"] = "planet"
    path = _write(tmp_path, "kind.facts.json", broken)
    result = subprocess.run([".venv/bin/khabar", "load", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert (
        f"{path}: entities[0] (country:RU) field kind: Input tag 'planet'" in result.stderr
        and "nothing was written" in result.stderr
    )
    assert "Traceback" not in result.stderr


ARRIVAL = Path(__file__).parent / "data" / "facts" / "lavrov_arrives.facts.json"
VISIT_STATE = (
    "MATCH (:Person {id: 'person:sergei-lavrov'})-[:MADE]->(v:Visit)-[:HOSTED_BY]->(:Country {code: 'KP'}) "
    "WHERE v.start = '2025-07-11' OPTIONAL MATCH (v)-[:SUPPORTED_BY]->(a:Article) "
    "RETURN v.id AS id, v.status AS status, v.purpose AS purpose, collect(DISTINCT a.id) AS articles"
)


@pytest.mark.parametrize("order", ["seed first", "arrival first"])
async def test_the_same_visit_from_two_articles_is_one_visit(
    clean_db: AsyncDriver, settings: Settings, order: str
) -> None:
    """The seed (9 July: 'arrives this week', planned) and a report of the arrival (11 July: ongoing)."""
    paths = [DATA, ARRIVAL] if order == "seed first" else [ARRIVAL, DATA]
    for path in paths:
        assert (await load_paths(clean_db, [path], database=settings.neo4j_database)).ok
    records, _, _ = await clean_db.execute_query(VISIT_STATE, database_=settings.neo4j_database)
    (visit,) = records
    assert visit["status"] == "ongoing"  # the later article's word, whatever the loading order
    assert visit["purpose"]  # what only the seed said is kept
    assert sorted(visit["articles"]) == ["article:seed-000-29605565af34d15c", "article:test-lavrov-arrives"]
    before = await counts(clean_db, settings)
    for path in paths:
        assert (await load_paths(clean_db, [path], database=settings.neo4j_database)).ok
    assert await counts(clean_db, settings) == before


def _unverified_doc(article_id: str, person_id: str, name_ar: str, text: str, visit_id: str) -> dict[str, Any]:
    def ev(quote: str) -> dict[str, Any]:
        start = text.index(quote)
        return {"quote": quote, "start": start, "end": start + len(quote)}

    return {
        "format": "khabar.facts/1",
        "article": {"id": article_id, "title": "t", "language": "ar", "published": "2025-08-01", "text": text},
        "entities": [
            {"kind": "person", "id": person_id, "name": "Han Song Mi", "nameAr": name_ar, "verified": False,
             "country": "KP", "evidence": [ev(name_ar)]},
            {"kind": "country", "id": "country:KP", "code": "KP", "name": "North Korea", "evidence": []},
            {"kind": "country", "id": "country:RU", "code": "RU", "name": "Russia", "evidence": [ev("موسكو")]},
        ],
        "facts": [
            {"type": "visit", "id": visit_id, "visitor": person_id, "hostCountry": "RU", "start": "2025-08",
             "status": "planned", "evidence": [ev(text)]},
        ],
    }  # fmt: skip


async def test_an_unknown_person_spelled_another_way_is_not_duplicated(
    clean_db: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    first = _unverified_doc("one", "person:han-song-mi", "هان سونغ مي", "تزور هان سونغ مي موسكو في أغسطس", "visit:a")
    second = _unverified_doc("two", "person:han-sung-mee", "هانْ سونج مى", "هانْ سونج مى تصل موسكو", "visit:b")
    for name, document in (("one", first), ("two", second)):
        report = await load_paths(
            clean_db, [_write(tmp_path, f"{name}.facts.json", document)], database=settings.neo4j_database
        )
        assert report.ok, report.errors
    records, _, _ = await clean_db.execute_query(
        "MATCH (p:Person) OPTIONAL MATCH (p)-[:MADE]->(v:Visit) "
        "RETURN p.id AS id, p.aliases AS aliases, collect(v.id) AS visits",
        database_=settings.neo4j_database,
    )
    (person,) = records
    assert person["id"] == "person:han-song-mi"
    assert "هانْ سونج مى" in person["aliases"]  # the other spelling is kept, as written
    assert person["visits"] == ["visit:a"]  # same visitor, host and month: one visit


def test_visit_search_text_names_visitor_host_and_destination_in_every_script() -> None:
    from graph import model
    from graph.settings import ROOT
    from loaders.files import read_all as _read_all
    from loaders.load import to_rows

    documents, errors = _read_all([ROOT / "data" / "seed"])
    assert not errors and documents
    rows = to_rows(documents[0].document, documents[0].text)
    visit = next(r for r in rows.nodes[model.VISIT] if r["id"] == "visit:lavrov-pyongyang-2025-07")
    words = set(visit["props"]["searchText"].split())
    assert {"lavrov", "لافروف", "pyongyang", "بيونج", "يانج", "north", "korea"} <= words
