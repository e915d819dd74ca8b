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
from strawberry.types.graphql import OperationType

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
    """Refuses an oversized query text before parsing, so the cost of a refused request does not grow with what
    was sent (variables and string literals: LiteralLimits)."""

    def on_parse(self) -> Iterator[None]:
        settings = self._settings()
        query = self.execution_context.query or ""
        if settings is not None and len(query) > settings.max_query_chars:
            raise _too_large("query", f"the query is {len(query)} characters; at most {settings.max_query_chars}")
        yield


class LiteralLimits(_Limits):
    """Refuses oversized variables and string literals before validation (placed after the validation cache,
    whose result its refusal replaces; the literal scan is cached per document like validation)."""

    def _is_mutation(self) -> bool:
        try:
            return self.execution_context.operation_type is OperationType.MUTATION
        except RuntimeError:  # no such operation: validation says so
            return False

    def on_validate(self) -> Iterator[None]:
        settings = self._settings()
        document = self.execution_context.graphql_document
        if settings is not None and document is not None:
            # A mutation carries a whole article: its strings are checked by the mutation itself, field by field
            # (KHABAR_MAX_ARTICLE_BYTES, KHABAR_MAX_PAGE_BYTES, KHABAR_MAX_TEXT_CHARS); the body cap still holds.
            writing = self._is_mutation()
            text_limit = settings.max_write_body_bytes if writing else settings.max_text_chars
            variables_limit = settings.max_write_body_bytes if writing else settings.max_variables_bytes
            found = self._variable_errors(text_limit, variables_limit)
            literal = None if found else _long_literal(document, text_limit)
            if literal is not None:
                name, length, node = literal
                found = [UserInputError(name, f"{length} characters; at most {text_limit}", nodes=[node])]
            if found:
                self.execution_context.pre_execution_errors = found
        yield

    def _variable_errors(self, text_limit: int, variables_limit: int) -> list[GraphQLError]:
        variables = self.execution_context.variables or {}
        size = len(json.dumps(variables, ensure_ascii=False).encode())
        if size > variables_limit:
            return [_too_large("variables", f"the variables are {size} bytes; at most {variables_limit}")]
        for path, text in _strings(variables, ""):
            if len(text) > text_limit:
                return [UserInputError(path, f"{len(text)} characters; at most {text_limit}")]
        return []


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
