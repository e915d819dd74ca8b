"""schema.graphql is the checked-in contract: it matches the code, and everything in it is described."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from graph.settings import ROOT
from schema import schema


def test_checked_in_schema_matches_the_code() -> None:
    checked_in = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert checked_in == schema.as_str() + "\n", "schema.graphql is out of date: run `make schema` and commit it"


def test_every_type_field_and_argument_is_described() -> None:
    missing = []
    for name, type_ in schema._schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if not type_.description:
            missing.append(name)
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in type_.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(type_, GraphQLEnumType):
            pass  # enum values are self-explanatory names; the enum itself is described
    assert missing == []


def test_contract_of_the_foundation_issue() -> None:
    sdl = schema.as_str()
    for line in [
        "interface Entity implements Node",
        "type Person implements Entity & Node",
        "type Visit implements Fact & Node",
        "scalar PartialDate",
        "enum VisitStatus",
        "countries: [Country!]\n",  # root fields are nullable: one failing field never nulls the others
    ]:
        assert line in sdl, line
    query = schema._schema.query_type
    assert str(query.fields["node"].args["id"].type) == "ID!" and str(query.fields["node"].type) == "Node"
    assert str(query.fields["country"].args["code"].type) == "String!"
    for name in ("persons", "officials", "organizations", "visits", "agreements", "statements", "events", "articles"):
        assert {"first", "after", "last", "before"} <= set(query.fields[name].args), name
