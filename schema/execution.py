"""Executing a request with less Python per field: graphql-core runs the same resolvers, in the same order, with
the same errors, but a field that only reads an attribute skips strawberry's per-field wrapper, and the objects of
a page (each type and selection planned once per request) are completed without graphql-core's per-field machinery
(resolve info, type dispatch, awaitable checks) wherever their values are already there: attributes, and what the
compiled statement prefetched."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from graphql import (
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLString,
    Undefined,
    is_leaf_type,
)
from graphql.execution.executor import FieldDetailsList
from graphql.pyutils import Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.cast import TYPE_CAST_ATTRIBUTE
from strawberry.types.field import StrawberryField

# The attribute where a node built from a compiled record keeps what the statement fetched for its fields, by
# response key (schema.projection, schema.types.build).
PREFETCHED = "_pre"

Method = TypeVar("Method", bound=Callable[..., Any])


def from_prefetched(value_of: Callable[[Any], Any]) -> Callable[[Method], Method]:
    """Marks a method whose answer, when the compiled statement fetched it (the owner's `PREFETCHED` holds the
    field's response key), is `value_of(what was fetched)`: a planned object then completes the field without
    calling the method (it would only read it back)."""

    def mark(method: Method) -> Method:
        method.from_prefetched = value_of  # type: ignore[attr-defined]
        return method

    return mark


def _read(name: str) -> Any:
    def resolve(source: Any, _info: Any, **_: Any) -> Any:
        return getattr(source, name)

    resolve.attribute = name  # type: ignore[attr-defined]
    return resolve


def _call(field: StrawberryField, info_class: type[strawberry.Info]) -> Any:
    resolver = field.base_resolver
    assert resolver is not None
    func = resolver.wrapped_func
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None

    def resolve(source: Any, info: Any, **_: Any) -> Any:
        if info_name is None:
            return func(source)
        return func(source, **{info_name: info_class(_raw_info=info, _field=field)})

    value_of = getattr(func, "from_prefetched", None)
    if value_of is not None:
        resolve.from_prefetched = value_of  # type: ignore[attr-defined]
    return resolve


def _str_as_is(leaf: Any) -> bool:
    """A leaf type that serializes a str as it is: String, ID and a scalar serialized by `str` (PartialDate)."""
    return leaf is GraphQLString or leaf is GraphQLID or getattr(leaf, "serialize", None) is str


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
                    graphql_field.resolve.leaf = (  # type: ignore[attr-defined]
                        field.python_name, leaf, _str_as_is(leaf)
                    )
            elif _plain_method(field):
                graphql_field.resolve = _call(field, built.config.info_class)
    return built


# How a planned object completes one of its fields (schema.execution.LeafFirstExecution._plan)
_TYPENAME, _LEAF, _OBJECT, _PREFETCHED, _FIELD = range(5)
Step = tuple[str, int, Any, FieldDetailsList]
Plan = tuple[FieldDetailsList, list[Step] | None, type | None, bool, bool]


_ABSENT = object()


def _fits(value: Any, origin: type | None, checked: bool) -> bool:
    """An object its type takes without asking is_type_of: any, for a type that checks none (a generic edge); else
    an instance of the type's own class not cast to another (strawberry's is_type_of would say True)."""
    return not checked or (value.__class__ is origin and TYPE_CAST_ATTRIBUTE not in value.__dict__)


def _serialized(how: Any, value: Any) -> Any:
    """A leaf step's value (not None) as the response holds it, or _ABSENT when it does not serialize (the field's
    own path reports the error). A str is taken as it is where the type serializes it so (_str_as_is)."""
    if value.__class__ is str and how[2]:
        return value
    try:
        coerced = how[1].coerce_output_value(value)
    except Exception:  # noqa: BLE001 - reported by the field's own path
        return _ABSENT
    return _ABSENT if coerced is None or coerced is Undefined else coerced


def _streamed(fields: FieldDetailsList) -> bool:
    """A list field with a @stream directive: graphql-core's own path streams it."""
    return any(directive.name.value == "stream" for directive in fields[0].node.directives or ())


class LeafFirstExecution(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's execution with a shorter path for what a compiled page is made of: an object's selection is
    planned once per request (its fields collected, each field's kind known), then every object of that type and
    selection is completed by that plan, in one pass (_completed_at_once) when it holds everything selected. A leaf
    reading a set attribute (ids, names, dates) is serialized in place; an object read from an attribute (an edge's
    node) is completed by its own plan; a list of objects skips the per-item dispatch; `__typename` is a constant.
    Anything else (a resolver, an argument, a None or a value that
    does not serialize: an error to report at its path) takes graphql-core's own path for that field, so answers,
    errors and their paths are the same."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # strawberry hands every request a middleware manager, empty unless an extension hooks each resolver
        manager = self.middleware_manager
        self._leaf_first = manager is None or manager._middleware_resolvers is None
        # (type, id of field list) -> (the list, kept alive; its steps; the type's Python class; whether every step
        # can complete without a resolver (_completed_at_once); whether the type checks its objects' class)
        self._plans: dict[tuple[GraphQLObjectType, int], Plan] = {}

    def _plan(self, parent_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> Plan:
        """How an object of this type and selection is completed: the steps (None for graphql-core's own path:
        deferred fields, or middleware hooking each resolver), the type's Python class, whether the steps can all
        complete at once (_completed_at_once) and whether the type checks its objects' class. Memoized in
        complete_object_value on the identity of the field list, as graphql-core's collect_subfields (the list is
        kept alive with it)."""
        grouped, deferred, _ = self.collect_subfields(parent_type, field_details_list)
        steps = (
            None
            if deferred or not self._leaf_first
            else [self._step(parent_type, name, fields) for name, fields in grouped.items()]
        )
        definition = (parent_type.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        at_once = steps is not None and all(
            kind in (_LEAF, _TYPENAME, _OBJECT) or (kind == _PREFETCHED and not _streamed(fields))
            for _, kind, _, fields in steps
        )
        checked = parent_type.is_type_of is not None
        plan = (field_details_list, steps, getattr(definition, "origin", None), at_once, checked)
        self._plans[(parent_type, id(field_details_list))] = plan
        return plan

    @staticmethod
    def _step(parent_type: GraphQLObjectType, response_name: str, fields: FieldDetailsList) -> Step:
        field_name = fields[0].node.name.value
        if field_name == "__typename":
            return (response_name, _TYPENAME, parent_type.name, fields)
        field_def = parent_type.fields.get(field_name)
        resolve = field_def.resolve if field_def is not None else None
        if field_def is None:
            return (response_name, _FIELD, None, fields)
        leaf = getattr(resolve, "leaf", None)
        if leaf is not None:
            return (response_name, _LEAF, (*leaf, not isinstance(field_def.type, GraphQLNonNull)), fields)
        field_type = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
        attribute = getattr(resolve, "attribute", None)
        if attribute is not None and isinstance(field_type, GraphQLObjectType):
            return (response_name, _OBJECT, (attribute, field_type, None), fields)
        value_of = getattr(resolve, "from_prefetched", None)
        if value_of is not None:
            item_type = field_type.of_type if isinstance(field_type, GraphQLList) else None
            item = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
            if isinstance(field_type, GraphQLObjectType) or isinstance(item, GraphQLObjectType):
                return (response_name, _PREFETCHED, (value_of, field_type, item), fields)
        return (response_name, _FIELD, None, fields)

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        _, steps, origin, at_once, checked = self._plans.get((return_type, id(field_details_list))) or self._plan(
            return_type, field_details_list
        )
        if at_once and _fits(result, origin, checked):
            done = self._completed_at_once(steps, result)
            if done is not None:
                return done
        # strawberry's is_type_of ignores its info (an isinstance check, true of an instance of the type's own class
        # that was not cast to another); anything but True takes the full path
        if steps is None or (not _fits(result, origin, checked) and return_type.is_type_of(result, info) is not True):
            return super().complete_object_value(
                return_type, field_details_list, info, path, result, position_context
            )
        completed: dict[str, Any] = {}
        pending: list[str] = []
        type_name = return_type.name
        try:
            for response_name, kind, how, fields in steps:
                if kind == _LEAF:
                    value = getattr(result, how[0], None)
                    if value is not None and (serialized := _serialized(how, value)) is not _ABSENT:
                        completed[response_name] = serialized
                        continue
                elif kind == _TYPENAME:
                    completed[response_name] = how
                    continue
                elif kind != _FIELD:  # an object, or a list of objects, read without its resolver
                    value = self._at_hand(kind, how, result, response_name)
                    if value is not None:
                        completed[response_name] = value = self._nested(
                            return_type, how[1], fields, info, Path(path, response_name, type_name), value,
                            position_context,
                        )  # fmt: skip
                        if value is not None and value.__class__ is not dict and self.is_awaitable(value):
                            pending.append(response_name)
                        continue
                value = self.execute_field(
                    return_type, result, fields, Path(path, response_name, type_name), position_context
                )
                if value is not Undefined:
                    completed[response_name] = value
                    if self.is_awaitable(value):
                        pending.append(response_name)
        except Exception:
            self._abandon([completed[name] for name in pending])
            raise
        return self._settled(completed, pending) if pending else completed

    def _completed_at_once(self, steps: list[Step], result: Any) -> dict[str, Any] | None:
        """The object completed from what it holds, with no resolver, path or error: every leaf set and serializable
        (or a null where the field may be null), every object and list of objects at hand and completed the same
        way; None as soon as anything is not, and the plan's own path completes the object (reporting what is
        wrong). Nothing here has effects, so giving up midway changes nothing."""
        completed: dict[str, Any] = {}
        for response_name, kind, how, fields in steps:
            if kind == _LEAF:
                value = getattr(result, how[0], _ABSENT)
                if value is None:
                    if not how[3]:
                        return None
                    completed[response_name] = None
                    continue
                # an attribute missing is its resolver's error, reported by the plan's path
                serialized = _ABSENT if value is _ABSENT else _serialized(how, value)
                if serialized is _ABSENT:
                    return None
                completed[response_name] = serialized
            elif kind == _TYPENAME:
                completed[response_name] = how
            else:
                value = self._at_hand(kind, how, result, response_name)
                if value is None:
                    return None
                value_type = how[1]
                if isinstance(value_type, GraphQLList):
                    if value.__class__ is not list:
                        return None
                    item_type = value_type.of_type
                    inner = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
                    items = self._list_at_once(inner, fields, value)
                    if len(items) < len(value):
                        return None
                    completed[response_name] = items
                else:
                    done = self._one_at_once(value_type, fields, value)
                    if done is None:
                        return None
                    completed[response_name] = done
        return completed

    def _one_at_once(self, item_type: GraphQLObjectType, fields: FieldDetailsList, item: Any) -> dict[str, Any] | None:
        """An object (not None) completed by _completed_at_once, or None when it is not."""
        _, steps, origin, at_once, checked = self._plans.get((item_type, id(fields))) or self._plan(item_type, fields)
        return self._completed_at_once(steps, item) if at_once and _fits(item, origin, checked) else None

    def _list_at_once(self, item_type: GraphQLObjectType, fields: FieldDetailsList, items: list[Any]) -> list[Any]:
        """The leading items of a list completed by _completed_at_once, up to the first that is not (a null
        among them takes graphql-core's item path)."""
        _, steps, origin, at_once, checked = self._plans.get((item_type, id(fields))) or self._plan(item_type, fields)
        completed: list[Any] = []
        if not at_once:
            return completed
        for item in items:
            if item is None or not _fits(item, origin, checked):
                break
            done = self._completed_at_once(steps, item)
            if done is None:
                break
            completed.append(done)
        return completed

    @staticmethod
    def _at_hand(kind: int, how: Any, source: Any, response_name: str) -> Any:
        """What an _OBJECT or _PREFETCHED field holds without calling its resolver, or None for the full path: a
        null, or a list holding one (its error names the field)."""
        if kind == _OBJECT:
            return getattr(source, how[0], None)
        pre = getattr(source, PREFETCHED, None)
        value = how[0](pre[response_name]) if pre and response_name in pre else None
        if value is None or (how[2] is not None and any(item is None for item in value)):
            return None
        return value

    def _nested(
        self,
        parent_type: GraphQLObjectType,
        value_type: GraphQLObjectType | GraphQLList[Any],
        fields: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        value: Any,
        position_context: Any,
    ) -> Any:
        """A planned object's field holding an object or a list of objects (no null in it), completed without its
        resolver; an error is located and reported at the field, as graphql-core's execute_field does."""
        field_type = parent_type.fields[fields[0].node.name.value].type
        try:
            if isinstance(value_type, GraphQLList):
                completed = self.complete_iterable_value(value_type.of_type, fields, info, path, value,
                                                         position_context)  # fmt: skip
            else:
                completed = self.complete_object_value(value_type, fields, info, path, value, position_context)
        except Exception as raw_error:  # noqa: BLE001 - located and reported as graphql-core does
            self.handle_field_error(raw_error, field_type, fields, path)
            return None
        if completed.__class__ is not dict and self.is_awaitable(completed):
            return self._reported(completed, field_type, fields, path)
        return completed

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        items: Any,
        position_context: Any,
    ) -> Any:
        inner = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if (
            not self._leaf_first
            or not isinstance(inner, GraphQLObjectType)
            or not isinstance(items, list)
            or self.get_stream_usage(field_details_list, path) is not None
        ):
            return super().complete_iterable_value(
                item_type, field_details_list, info, path, items, position_context
            )
        completed = self._list_at_once(inner, field_details_list, items)
        if len(completed) == len(items):
            return completed
        pending: list[int] = []
        is_awaitable = self.is_awaitable
        try:
            for index, item in enumerate(items[len(completed) :], len(completed)):
                item_path = path.add_key(index, None)
                if item is None:  # a null to check: graphql-core's item path
                    self.complete_list_item_value(
                        item, completed, item_type, field_details_list, info, item_path, position_context
                    )
                    continue
                if is_awaitable(item):
                    value = self.complete_awaitable_list_item_value(
                        item, item_type, field_details_list, info, item_path, position_context
                    )
                else:
                    try:
                        value = self.complete_object_value(
                            inner, field_details_list, info, item_path, item, position_context
                        )
                    except Exception as raw_error:  # noqa: BLE001 - located and reported as graphql-core does
                        self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                        value = None
                    if value.__class__ is not dict and is_awaitable(value):
                        value = self._reported(value, item_type, field_details_list, item_path)
                if value.__class__ is not dict and is_awaitable(value):
                    pending.append(index)
                completed.append(value)
        except Exception:
            self._abandon([completed[index] for index in pending])
            raise
        return self._settled(completed, pending) if pending else completed

    def _abandon(self, awaitables: list[Awaitable[Any]]) -> None:
        # a null bubbling up through a non-null field: siblings still running are settled, not orphaned
        if awaitables:
            self.settle_in_background(awaitables)

    @staticmethod
    def _settled(completed: Any, pending: list[Any]) -> Any:
        """An awaitable of `completed` (a dict or a list) with its awaitable values (at the keys `pending`, never
        empty: callers return `completed` itself when nothing is pending) awaited together."""

        async def settle() -> Any:
            for key, value in zip(pending, await gather_with_cancel(*(completed[k] for k in pending)), strict=True):
                completed[key] = value
            return completed

        return settle()

    async def _reported(
        self, value: Awaitable[Any], return_type: GraphQLOutputType, fields: FieldDetailsList, path: Path
    ) -> Any:
        try:
            return await value
        except Exception as raw_error:  # noqa: BLE001 - located and reported as graphql-core does
            self.handle_field_error(raw_error, return_type, fields, path)
            return None
