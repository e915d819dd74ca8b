"""Executing a request with less Python per field: graphql-core runs the same resolvers, in the same order, with
the same errors, but a field that only reads an attribute skips strawberry's per-field wrapper, and a leaf field
reading an attribute skips graphql-core's per-field machinery too (resolve info, awaitable checks)."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLField, GraphQLLeafType, GraphQLNonNull, GraphQLObjectType, Undefined, is_leaf_type
from graphql.execution.executor import FieldDetailsList
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField


def _read(name: str) -> Any:
    def resolve(source: Any, _info: Any, **_: Any) -> Any:
        return getattr(source, name)

    return resolve


def _call(field: StrawberryField, info_class: type[strawberry.Info]) -> Any:
    resolver = field.base_resolver
    assert resolver is not None
    func = resolver.wrapped_func
    if resolver.info_parameter is None:
        return lambda source, _info, **_: func(source)
    info_name = resolver.info_parameter.name

    def resolve(source: Any, info: Any, **_: Any) -> Any:
        return func(source, **{info_name: info_class(_raw_info=info, _field=field)})

    return resolve


def _plain_method(field: StrawberryField) -> bool:
    """A method of its object taking no GraphQL argument, at most `info`."""
    resolver = field.base_resolver
    if resolver is None or field.arguments or resolver.self_parameter is None:
        return False
    reserved = {resolver.self_parameter.name, getattr(resolver.info_parameter, "name", None)}
    return set(resolver.signature.parameters) <= reserved


def read_plain_fields_directly(built: strawberry.Schema) -> strawberry.Schema:
    """A field with no resolver, permission or extension is an attribute: graphql-core reads it itself, without
    strawberry's per-field wrapper (an Info built, arguments converted, extensions chained), which cost most of a
    page's time; a method taking no argument (but `info`) is called directly."""
    for graphql_type in built._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        for graphql_field in graphql_type.fields.values():
            field = (graphql_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if (
                not isinstance(field, StrawberryField)
                or field.permission_classes
                or field.extensions
                or field.is_subscription
            ):
                continue
            if field.base_resolver is None:
                graphql_field.resolve = _read(field.python_name)
                leaf = (
                    graphql_field.type.of_type if isinstance(graphql_field.type, GraphQLNonNull) else graphql_field.type
                )
                if is_leaf_type(leaf):
                    graphql_field.resolve.leaf = (field.python_name, leaf)  # type: ignore[attr-defined]
            elif _plain_method(field):
                graphql_field.resolve = _call(field, built.config.info_class)
    return built


class LeafFirstExecution(StrawberryGraphQLCoreExecutionContext):
    """A leaf field reading a set attribute (most of a page's fields: ids, names, dates) is serialized here;
    anything else, or a leaf whose value is None or does not serialize (an error to report at its path), takes
    graphql-core's full path."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # strawberry hands every request a middleware manager, empty unless an extension hooks each resolver
        manager = self.middleware_manager
        self._leaf_first = manager is None or manager._middleware_resolvers is None

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        field_def: GraphQLField | None = parent_type.fields.get(field_details_list[0].node.name.value)
        leaf: tuple[str, GraphQLLeafType] | None = getattr(field_def and field_def.resolve, "leaf", None)
        if leaf is not None and self._leaf_first:
            value = getattr(source, leaf[0], None)
            if value is not None:
                try:
                    coerced = leaf[1].coerce_output_value(value)
                except Exception:  # noqa: BLE001 - reported by the full path below
                    coerced = None
                if coerced is not None and coerced is not Undefined:
                    return coerced
        return super().execute_field(parent_type, source, field_details_list, path, position_context)
