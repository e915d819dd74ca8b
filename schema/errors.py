"""Errors shown to API users: they name the argument or field at fault; nothing else leaks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, Visitor, visit
from strawberry.extensions import MaskErrors, SchemaExtension


class UserInputError(GraphQLError):
    """A bad argument: the message says which one and why."""

    def __init__(self, argument: str, problem: str, nodes: Any = None, suggestions: list[str] | None = None) -> None:
        extensions: dict[str, Any] = {"code": "BAD_USER_INPUT", "argument": argument}
        if suggestions is not None:  # what the client may retry with (close matches of an unknown id or kind)
            extensions["suggestions"] = suggestions
        super().__init__(f"argument '{argument}': {problem}", nodes=nodes, extensions=extensions)


class ToldError(GraphQLError):
    """An error whose message is written for the client (refused access, nothing found): shown, never masked."""


class NotFoundError(ToldError):
    """An argument names nothing (`retractArticle(id:)` of an article the graph does not hold)."""

    def __init__(self, argument: str, problem: str) -> None:
        super().__init__(f"argument '{argument}': {problem}", extensions={"code": "NOT_FOUND", "argument": argument})


class UnsupportedOperation(ToldError):
    """An operation this transport does not carry (a subscription over plain HTTP)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "OPERATION_NOT_SUPPORTED"})


# Codes a client may retry after a pause (with `extensions.retryable: true`).
RETRYABLE = frozenset({"DATABASE_UNAVAILABLE", "SERVER_BUSY"})


class DatabaseError(GraphQLError):
    """Neo4j failed, is away or is saturated; the message is the sentence from graph.db.describe and the
    code from graph.db.error_code (DATABASE_UNAVAILABLE, SERVER_BUSY, QUERY_TOO_EXPENSIVE, DATABASE_ERROR)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, extensions={"code": code, "retryable": code in RETRYABLE})
        self.code = code


def should_mask(error: GraphQLError) -> bool:
    """Mask what went wrong inside a resolver unless it is one of ours. Errors before execution
    (syntax, validation, a variable a scalar rejects) have no path and say what the client sent."""
    original = error.original_error
    if original is None or error.path is None:
        return False
    return not isinstance(original, UserInputError | DatabaseError | ToldError)


class NameBadArguments(SchemaExtension):
    """A literal argument a scalar rejects ("2025-13" for a PartialDate) is reported as
    "argument 'from': ..." rather than graphql-core's message, which names only the type."""

    def on_validate(self) -> Iterator[None]:
        yield
        context = self.execution_context
        errors = context.pre_execution_errors
        if not errors or context.graphql_document is None:
            return
        arguments: dict[int, str] = {}

        class Arguments(Visitor):
            def enter_argument(self, node: object, *_: object) -> None:
                arguments[id(node.value)] = node.name.value  # type: ignore[attr-defined]

        visit(context.graphql_document, Arguments())
        errors[:] = [_named(error, arguments) for error in errors]  # in place: strawberry holds this list


def _named(error: GraphQLError, arguments: dict[int, str]) -> GraphQLError:
    argument = arguments.get(id(error.nodes[0])) if error.nodes else None
    if argument is None or not isinstance(error.original_error, ValueError):
        return error
    return UserInputError(argument, str(error.original_error), nodes=error.nodes)


# Codes for errors raised before execution, which graphql-core and strawberry leave without one.
def _code_for(error: GraphQLError) -> str:
    message = error.message
    if "more than" in message and "tokens" in message or "maximum operation depth" in message \
            or "aliases found" in message:
        return "QUERY_TOO_COMPLEX"
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if "operation is not supported" in message:
        return "OPERATION_NOT_SUPPORTED"
    if message.startswith("Variable '$"):
        return "BAD_USER_INPUT"  # a variable's value does not fit its type
    if error.path is None:
        return "GRAPHQL_VALIDATION_FAILED"
    return "INTERNAL_ERROR"


class ErrorCodes(SchemaExtension):
    """Every error in a response carries `extensions.code` (listed first in the extensions, so it sees the
    errors after MaskErrors has replaced unexpected ones). A subscription's results are coded one by one as
    they are sent (before MaskErrors sees them, so MaskUnexpected codes what it masks itself)."""

    def on_operation(self) -> Iterator[None]:
        yield
        _code_all(self.execution_context.result)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        _code_all(result)
        yield


def _code_all(result: Any) -> None:
    for error in (getattr(result, "errors", None) if result is not None else None) or []:
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": _code_for(error)}


class MaskUnexpected(MaskErrors):
    """"internal error" for whatever went wrong inside a resolver that is not ours, coded INTERNAL_ERROR."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_ERROR"}
        return masked


def is_users_mistake(error: GraphQLError) -> bool:
    """Bad input, or a request refused before execution: the client is told; the log needs no traceback."""
    original = error.original_error
    if error.path is None and error.message.startswith("Variable '$"):
        return True  # a variable's value does not fit its type (the scalar's exception is the original error)
    if isinstance(original, UserInputError | ToldError):
        return True
    return original is None and not isinstance(error, DatabaseError)
