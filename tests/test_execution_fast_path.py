"""schema.execution: the same answers and the same errors (at the same paths) as strawberry's own execution, for
attribute fields, leaves of every kind, methods with and without `info`, and values that fail to serialize."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, NewType

import pytest
import strawberry
from strawberry.schema.config import StrawberryConfig

from schema.execution import LeafFirstExecution, read_plain_fields_directly


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


def _day(value: Any) -> str:
    if not isinstance(value, dt.date):
        raise TypeError(f"not a day: {value!r}")
    return value.isoformat()


Day = NewType("Day", object)
DAY = strawberry.scalar(name="Day", serialize=_day, parse_value=dt.date.fromisoformat)
CONFIG = StrawberryConfig(scalar_map={Day: DAY})


@strawberry.type
class Item:
    name: str
    note: str | None
    colour: Colour
    day: Day  # type: ignore[valid-type]
    size: int
    _secret: strawberry.Private[str] = "hidden"

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    def where(self, info: strawberry.Info) -> str:
        return ".".join(str(key) for key in info.path.as_list())


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [
            Item(name="a", note=None, colour=Colour.RED, day=dt.date(2025, 7, 1), size=1),
            Item(name="b", note="n", colour=Colour.BLUE, day=dt.date(2025, 7, 2), size=2),
        ]

    @strawberry.field
    def broken(self) -> list[Item]:
        # a non-null name that is None, and a day that does not serialize: errors either way
        return [Item(name=None, note=None, colour=Colour.RED, day="soon", size=3)]  # type: ignore[arg-type]


QUERIES = [
    "{ items { name note colour day size shout where } }",
    "{ items { ... on Item { n: name c: colour } size } }",
    "{ broken { size name } }",
    "{ broken { size day } }",
    "{ broken { day } items { day } }",
]


def _fast() -> strawberry.Schema:
    return read_plain_fields_directly(strawberry.Schema(query=Query, config=CONFIG,
                                                        execution_context_class=LeafFirstExecution))


def _answer(schema: strawberry.Schema, query: str) -> tuple[Any, list[tuple[str, list[Any] | None]]]:
    result = schema.execute_sync(query)
    return result.data, [(error.message, error.path) for error in result.errors or []]


@pytest.mark.parametrize("query", QUERIES)
def test_fast_execution_answers_as_strawberry_does(query: str) -> None:
    assert _answer(_fast(), query) == _answer(strawberry.Schema(query=Query, config=CONFIG), query)


@pytest.mark.parametrize("field", ["name", "day"])
def test_fast_execution_reports_a_bad_leaf_at_its_path(field: str) -> None:
    data, errors = _answer(_fast(), f"{{ broken {{ size {field} }} }}")
    assert data is None and [path for _, path in errors] == [["broken", 0, field]]


def test_leaves_are_read_without_resolvers_and_methods_called_directly() -> None:
    fields = _fast()._schema.type_map["Item"].fields
    assert fields["colour"].resolve.leaf == ("colour", fields["colour"].type.of_type)
    assert not hasattr(fields["shout"].resolve, "leaf")  # a method: called directly, its result completed as usual
    data, errors = _answer(_fast(), "{ items { shout where } }")
    assert not errors and data == {"items": [{"shout": "A", "where": "items.0.where"},
                                             {"shout": "B", "where": "items.1.where"}]}
