"""Input limits checked before a request reaches Neo4j: the query text, the variables, every string
argument, and the words of a search. Each refusal is a BAD_USER_INPUT naming what was too large."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, ListValueNode, ObjectValueNode, StringValueNode, ValueNode, Visitor, visit
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


class InputLimits(SchemaExtension):
    """Refuses oversized input before parsing (query text, variables) and before validation (string
    literals), so the cost of a refused request does not grow with what was sent."""

    def _settings(self) -> Settings | None:
        context = self.execution_context.context
        return getattr(context, "settings", None)

    def on_parse(self) -> Iterator[None]:
        settings = self._settings()
        query = self.execution_context.query or ""
        if settings is not None and len(query) > settings.max_query_chars:
            raise _too_large("query", f"the query is {len(query)} characters; at most {settings.max_query_chars}")
        yield

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
            if not found:
                found = self._literal_errors(document, text_limit)
            if found:
                # Set before validation runs: strawberry then skips validation and execution.
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

    def _literal_errors(self, document: Any, limit: int) -> list[GraphQLError]:
        found: list[GraphQLError] = []

        class Arguments(Visitor):
            def enter_argument(self, node: Any, *_: object) -> None:
                for text in _literal_strings(node.value):
                    if len(text) > limit and not found:
                        found.append(UserInputError(node.name.value, f"{len(text)} characters; at most {limit}",
                                                    nodes=[node]))

        visit(document, Arguments())
        return found


def _too_large(field: str, problem: str) -> GraphQLError:
    return GraphQLError(f"{field}: {problem}", extensions={"code": "BAD_USER_INPUT", "field": field})
