"""loaders.known's merging read, the pure parts: the keys asked about grouped by start date, and the visits read for
those dates matched back to exactly the keys asked (a visitor and a host asked with a date, but not together, match
nothing). The read itself runs against Neo4j in test_load_batches.py."""

from __future__ import annotations

from loaders.known import _by_key, _start_rows


def test_keys_are_asked_by_start_date_with_their_visitors_and_hosts() -> None:
    keys = {("person:a", "KP", "2025-07"), ("person:b", "RU", "2025-07"), ("person:a", "CN", "2024")}
    assert _start_rows(keys) == [
        {"start": "2024", "visitors": ["person:a"], "hosts": ["CN"]},
        {"start": "2025-07", "visitors": ["person:a", "person:b"], "hosts": ["KP", "RU"]},
    ]


def test_visits_read_match_only_the_keys_asked() -> None:
    keys = {("person:a", "RU", "2025-07"), ("person:b", "KP", "2025-07"), ("person:a", "KP", "2025-08")}
    visits = [
        ["visit:1", "2025-07", ["person:a"], ["KP"]],  # a and KP were asked with this date, but not together
        ["visit:2", "2025-07", ["person:a", "person:c"], ["RU", "CN"]],  # a in RU: asked
        ["visit:3", "2025-07", ["person:b"], ["KP"]],
        ["visit:4", "2025-07", ["person:b"], ["KP"]],  # two visits of one key: both found
    ]
    assert _by_key(visits, keys) == {("person:a", "RU", "2025-07"): {"visit:2"},
                                     ("person:b", "KP", "2025-07"): {"visit:3", "visit:4"}}
