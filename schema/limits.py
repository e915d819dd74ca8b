"""Input limits checked before a request reaches Neo4j: the query text, the variables, every string
argument, and the words of a search. Each refusal is a BAD_USER_INPUT naming what was too large."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension

from graph.settings import Settings
from schema.errors import UserInputError


def search_words(folded: str, argument: str, settings: Settings) -> list[str]:
    """The words of a search; more than `max_search_terms` is refused, as each becomes index clauses."""
    words = folded.split()
    if len(words) > settings.max_search_terms:
        raise UserInputError(argument, f"{len(words)} words; at most {settings.max_search_terms} are searched at once")
    return words


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else f"${key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _literal_strings(node: ValueNode) -> Iterator[str]:
    if isinstance(node, StringValueNode):
        yield node.value
    elif isinstance(node, ListValueNode):
        for item in node.values:
            yield from _literal_strings(item)
    elif isinstance(node, ObjectValueNode):
        for item in node.fields:
            yield from _literal_strings(item.value)


class _Limits(SchemaExtension):
    def _settings(self) -> Settings | None:
        context = self.execution_context.context
        return getattr(context, "settings", None)


class InputLimits(_Limits):
    """Refuses oversized input before parsing (query text, variables), so the cost of a refused request does
    not grow with what was sent (string literals: LiteralLimits)."""

    def on_parse(self) -> Iterator[None]:
        settings = self._settings()
        if settings is not None:
            self._check_request(settings)
        yield

    def _check_request(self, settings: Settings) -> None:
        query = self.execution_context.query or ""
        if len(query) > settings.max_query_chars:
            raise _too_large("query", f"the query is {len(query)} characters; at most {settings.max_query_chars}")
        variables = self.execution_context.variables or {}
        size = len(json.dumps(variables, ensure_ascii=False).encode())
        if size > settings.max_variables_bytes:
            raise _too_large("variables", f"the variables are {size} bytes; at most {settings.max_variables_bytes}")
        for path, text in _strings(variables, ""):
            if len(text) > settings.max_text_chars:
                raise UserInputError(path, f"{len(text)} characters; at most {settings.max_text_chars}")


class LiteralLimits(_Limits):
    """Refuses a string literal over the limit before validation (placed after the validation cache, whose
    result its refusal replaces; the scan is cached per document like validation)."""

    def on_validate(self) -> Iterator[None]:
        settings = self._settings()
        document = self.execution_context.graphql_document
        if settings is not None and document is not None:
            found = _long_literal(document, settings.max_text_chars)
            if found is not None:
                name, length, node = found
                self.execution_context.pre_execution_errors = [
                    UserInputError(name, f"{length} characters; at most {settings.max_text_chars}", nodes=[node])
                ]
        yield


@functools.lru_cache(maxsize=1024)
def _long_literal(document: DocumentNode, limit: int) -> tuple[str, int, Any] | None:
    """The first argument of `document` with a string literal longer than `limit`: (name, length, node)."""
    found: list[tuple[str, int, Any]] = []

    class Arguments(Visitor):
        def enter_argument(self, node: Any, *_: object) -> None:
            for text in _literal_strings(node.value):
                if len(text) > limit and not found:
                    found.append((node.name.value, len(text), node))

    visit(document, Arguments())
    return found[0] if found else None


def _too_large(field: str, problem: str) -> GraphQLError:
    return GraphQLError(f"{field}: {problem}", extensions={"code": "BAD_USER_INPUT", "field": field})
