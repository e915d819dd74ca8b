"""schema.execution: the same answers and the same errors (at the same paths) as strawberry's own execution, for
attribute fields, leaves of every kind, methods with and without `info`, values that fail to serialize, objects and
lists of objects read from attributes (nulls where allowed and where not, a wrong type), awaitable fields inside
planned objects, aliases, fragments, directives and `__typename`."""

from __future__ import annotations

import asyncio
import datetime as dt
from enum import Enum
from typing import Any, NewType

import pytest
import strawberry
from strawberry.schema.config import StrawberryConfig

from schema.execution import PREFETCHED, LeafFirstExecution, from_prefetched, read_plain_fields_directly


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
class Owner:
    name: str | None
    size: int

    @strawberry.field
    async def later(self) -> str:
        return f"later {self.size}"


@strawberry.type
class Item:
    owner: Owner | None
    boss: Owner
    crew: list[Owner]
    maybe: list[Owner | None]
    name: str
    note: str | None
    colour: Colour
    day: Day  # type: ignore[valid-type]
    size: int
    _secret: strawberry.Private[str] = "hidden"

    # what a compiled statement fetched, by response key (as schema.types.build sets it)
    _pre: strawberry.Private[dict[str, Any] | None] = None

    @strawberry.field
    @from_prefetched(lambda found: found)
    def pal(self, info: strawberry.Info) -> Owner | None:
        pre = getattr(self, PREFETCHED) or {}
        return pre.get(info.path.key, Owner(name="loaded", size=0))

    @strawberry.field
    @from_prefetched(list)
    def pals(self, info: strawberry.Info) -> list[Owner]:
        pre = getattr(self, PREFETCHED) or {}
        return list(pre.get(info.path.key, []))

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
        owner, other = Owner(name="o", size=7), Owner(name=None, size=8)
        return [
            Item(name="a", note=None, colour=Colour.RED, day=dt.date(2025, 7, 1), size=1, owner=owner, boss=other,
                 crew=[owner, other], maybe=[None, owner]),
            Item(name="b", note="n", colour=Colour.BLUE, day=dt.date(2025, 7, 2), size=2, owner=None, boss=owner,
                 crew=[], maybe=[other], _pre={"pal": other, "p": None, "pals": [owner, other], "ps": [None]}),
        ]  # fmt: skip

    @strawberry.field
    def broken(self) -> list[Item]:
        # a non-null name that is None, and a day that does not serialize: errors either way; a boss that is no
        # Owner, a crew with a null in a list of non-null owners
        return [Item(name=None, note=None, colour=Colour.RED, day="soon", size=3, owner=Owner(name="x", size=None),  # type: ignore[arg-type]
                     boss="nobody", crew=[None], maybe=[Owner(name="y", size="big")])]  # type: ignore[arg-type,list-item]


QUERIES = [
    "{ items { name note colour day size shout where } }",
    "{ items { ... on Item { n: name c: colour } size } }",
    "{ broken { size name } }",
    "{ broken { size day } }",
    "{ broken { day } items { day } }",
    "{ items { owner { name size } boss { name } crew { name later } maybe { size } } }",
    "{ items { o: owner { name } owner { size __typename } boss { ...B } } } fragment B on Owner { later size }",
    "query ($yes: Boolean!) { items { owner @include(if: $yes) { name } boss @skip(if: $yes) { size } } }",
    "{ broken { size owner { name size } } }",
    "{ broken { boss { name } } }",
    "{ broken { crew { name } } }",
    "{ broken { maybe { name size later } } }",
    "{ items { maybe { __typename } } broken { crew { __typename } } }",  # nulls in lists of objects, no leaf read
    "{ items { __typename crew { __typename later } } }",
    "{ items { pal { name later } p: pal { size } pals { name } ps: pals { size } } }",
]


def _fast() -> strawberry.Schema:
    return read_plain_fields_directly(strawberry.Schema(query=Query, config=CONFIG,
                                                        execution_context_class=LeafFirstExecution))


async def _executed(schema: strawberry.Schema, query: str) -> Any:
    result = await schema.execute(query, variable_values={"yes": True})
    await asyncio.sleep(0.01)  # sibling work left by a null bubbling up settles in the background, as in a server
    return result


def _answer(schema: strawberry.Schema, query: str) -> tuple[Any, list[tuple[str, list[Any] | None]]]:
    result = asyncio.run(_executed(schema, query))
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
    # a String or ID leaf holding a str is taken as it is (its serialization returns it unchanged); others serialize
    assert fields["colour"].resolve.leaf == ("colour", fields["colour"].type.of_type, False)
    assert fields["note"].resolve.leaf == ("note", fields["note"].type, True)
    assert not hasattr(fields["shout"].resolve, "leaf")  # a method: called directly, its result completed as usual
    data, errors = _answer(_fast(), "{ items { shout where } }")
    assert not errors and data == {"items": [{"shout": "A", "where": "items.0.where"},
                                             {"shout": "B", "where": "items.1.where"}]}


def test_objects_holding_every_selected_field_are_completed_without_calling_a_resolver(
        monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[list[Any]] = []
    execute_field = LeafFirstExecution.execute_field

    def counted(self: LeafFirstExecution, parent_type: Any, source: Any, fields: Any, path: Any, *rest: Any) -> Any:
        called.append(path.as_list())
        return execute_field(self, parent_type, source, fields, path, *rest)

    monkeypatch.setattr(LeafFirstExecution, "execute_field", counted)
    data, errors = _answer(_fast(), "{ items { name note colour day boss { name size } pals { size } __typename } }")
    assert not errors and data["items"][1] == {"name": "b", "note": "n", "colour": "BLUE", "day": "2025-07-02",
                                               "boss": {"name": "o", "size": 7}, "pals": [{"size": 7}, {"size": 8}],
                                               "__typename": "Item"}
    # the second item holds all (its pals prefetched): completed at once; the first has none prefetched, so it takes
    # the plan's path, which calls the resolvers of its null and of its pals
    assert called == [["items"], ["items", 0, "note"], ["items", 0, "pals"]]
    # a null where the field allows none: that object takes the field's own path, which reports it
    called.clear()
    data, errors = _answer(_fast(), "{ broken { size name } }")
    assert data is None and called == [["broken"], ["broken", 0, "name"]]
