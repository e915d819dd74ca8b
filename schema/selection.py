"""What a request selects below a field, flattened: fragments inlined, @skip/@include applied, and
arguments coerced by their GraphQL types (variables filled in), as the resolvers will receive them.

The read compiler (schema.projection) turns this tree into one Cypher statement per root field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLResolveInfo,
    GraphQLSkipDirective,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_directive_values


@dataclass(frozen=True)
class Selected:
    """One field of the response: `key` is its alias or name; `on` the type condition it sits under."""

    name: str
    key: str
    arguments: dict[str, Any]
    children: tuple[Selected, ...]
    on: str | None = None


def _included(node: Any, variables: VariableValues) -> bool:
    skip = get_directive_values(GraphQLSkipDirective, node, variables)
    if skip and skip.get("if") is True:
        return False
    include = get_directive_values(GraphQLIncludeDirective, node, variables)
    return not (include and include.get("if") is False)


def _walk(info: GraphQLResolveInfo, variables: VariableValues, selection_set: SelectionSetNode | None,
          parent: Any, on: str | None) -> Iterator[Selected]:  # fmt: skip
    if selection_set is None:
        return
    for node in selection_set.selections:
        if not _included(node, variables):
            continue
        if isinstance(node, FieldNode):
            name = node.name.value
            definition = getattr(parent, "fields", {}).get(name)
            if definition is None:  # __typename and other meta fields
                yield Selected(name, node.alias.value if node.alias else name, {}, (), on)
                continue
            child_type = get_named_type(definition.type)
            yield Selected(
                name,
                node.alias.value if node.alias else name,
                get_argument_values(definition, node, variables),
                tuple(_walk(info, variables, node.selection_set, child_type, None)),
                on,
            )
        elif isinstance(node, InlineFragmentNode):
            condition = node.type_condition.name.value if node.type_condition else None
            narrowed = info.schema.get_type(condition) if condition else parent
            yield from _walk(info, variables, node.selection_set, narrowed, condition or on)
        elif isinstance(node, FragmentSpreadNode):
            fragment = info.fragments[node.name.value]
            condition = fragment.type_condition.name.value
            yield from _walk(info, variables, fragment.selection_set, info.schema.get_type(condition), condition)


def selected(info: Any) -> list[Selected]:
    """The fields selected below the field being resolved (from every node of it in the query)."""
    raw: GraphQLResolveInfo = info._raw_info
    parent = get_named_type(raw.return_type)
    values = raw.variable_values
    # graphql-core's helpers take the operation's variables with their sources; resolvers see only the values
    variables = values if isinstance(values, VariableValues) else VariableValues(sources={}, coerced=dict(values))
    return [child for node in raw.field_nodes for child in _walk(raw, variables, node.selection_set, parent, None)]


def below(fields: Iterable[Selected], *path: str) -> list[Selected]:
    """The fields selected under `path` (field names) from `fields`, from every branch that selects it."""
    found = list(fields)
    for name in path:
        found = [child for field in found if field.name == name for child in field.children]
    return found
