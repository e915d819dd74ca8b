"""Every ```graphql example in docs/queries.md runs against the seed over HTTP and finds something (so none rots)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from graphql import parse, specified_rules, validate
from graphql.validation import NoDeprecatedCustomRule

from graph.settings import ROOT
from schema import schema
from tests.conftest import GraphQL

GUIDE = ROOT / "docs" / "queries.md"
# A "### heading" line, then (after optional text) a ```graphql block.
_EXAMPLE = re.compile(
    r"^###\s+(?P<heading>[^\n]+)\n(?:(?!###|```)[^\n]*\n)*```graphql\n(?P<query>.*?)^```", re.M | re.S
)


def examples() -> list[tuple[str, str]]:
    text = GUIDE.read_text(encoding="utf-8")
    found = [(m["heading"].strip(), m["query"]) for m in _EXAMPLE.finditer(text)]
    # Every graphql block must have been picked up with its heading (a block without one would go untested).
    assert len(found) == text.count("```graphql"), "every ```graphql block in docs/queries.md needs a ### heading"
    return found


def has_content(value: Any) -> bool:
    """Something was found: a non-empty connection or list, a non-null object with content, a value."""
    if value is None:
        return False
    if isinstance(value, dict):
        for key in ("edges", "nodes"):
            if key in value:
                return bool(value[key])
        return any(has_content(v) for v in value.values())
    if isinstance(value, list):
        return any(has_content(v) for v in value)
    if isinstance(value, str):
        return value != ""
    return True


def test_guide_has_at_least_ten_examples() -> None:
    found = examples()
    assert len(found) >= 10, [heading for heading, _ in found]
    names = [re.search(r"^\s*query\s+(\w+)", query, re.M) for _, query in found]
    assert all(names), "name every example query (GraphiQL's history and the server logs show the name)"
    assert len({n[1] for n in names if n}) == len(found), "example query names must be unique"


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_most_asked_questions_each_link_to_one_runnable_query() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    table = text.split("## The questions analysts ask most", 1)[1].split("\n## ", 1)[0]
    links = re.findall(r"\]\(#([^)]+)\)", table)
    examples_by_anchor = {_anchor(heading): query for heading, query in examples()}
    assert len(links) >= 10
    missing = [link for link in links if link not in examples_by_anchor]
    assert not missing, f"questions whose answer is not a ### example with a query: {missing}"
    # one query each: a single operation per example (run by test_example_runs_against_the_seed)
    assert all(examples_by_anchor[link].count("query ") == 1 for link in links)


@pytest.mark.parametrize(("heading", "query"), examples(), ids=[h for h, _ in examples()])
def test_example_is_valid_and_uses_no_deprecated_field(heading: str, query: str) -> None:
    """The guide teaches the current API: valid against the schema, no @deprecated field or argument."""
    errors = validate(schema._schema, parse(query), [*specified_rules, NoDeprecatedCustomRule])
    assert not errors, f"{heading}: {[error.message for error in errors]}"


# An example that shows an error names the fields expected to fail in a comment line: `# fails: wrong other`.
_FAILS = re.compile(r"^\s*# fails: (?P<fields>[\w ]+)$", re.M)


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(("heading", "query"), examples(), ids=[h for h, _ in examples()])
def test_example_runs_against_the_seed(gql: GraphQL, heading: str, query: str) -> None:
    body = gql(query)
    failing = {f for m in _FAILS.finditer(query) for f in m["fields"].split()}
    errors = body.get("errors") or []
    # exactly the announced fields fail, each with a coded error at its own path; nothing else does
    assert {error["path"][0] for error in errors if error.get("path")} == failing, f"{heading}: {errors}"
    assert all(error.get("path") and error["extensions"]["code"] for error in errors), f"{heading}: {errors}"
    data = body["data"]
    assert data, heading
    assert all(data[field] is None for field in failing), heading
    empty = [field for field, value in data.items() if field not in failing and not has_content(value)]
    assert not empty, f"{heading}: nothing found for {empty}: {data}"
