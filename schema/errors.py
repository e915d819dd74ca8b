"""Errors shown to API users: they name the argument or field at fault; nothing else leaks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, Visitor, visit
from strawberry.extensions import SchemaExtension


class UserInputError(GraphQLError):
    """A bad argument: the message says which one and why."""

    def __init__(self, argument: str, problem: str, nodes: Any = None) -> None:
        super().__init__(
            f"argument '{argument}': {problem}",
            nodes=nodes,
            extensions={"code": "BAD_USER_INPUT", "argument": argument},
        )


class DatabaseError(GraphQLError):
    """Neo4j failed or is away; the message is the user-facing sentence from graph.db.describe."""

    def __init__(self, message: str, *, unavailable: bool) -> None:
        code = "DATABASE_UNAVAILABLE" if unavailable else "DATABASE_ERROR"
        super().__init__(message, extensions={"code": code})


def should_mask(error: GraphQLError) -> bool:
    """Mask what went wrong inside a resolver unless it is one of ours. Errors before execution
    (syntax, validation, a variable a scalar rejects) have no path and say what the client sent."""
    original = error.original_error
    if original is None or error.path is None:
        return False
    return not isinstance(original, UserInputError | DatabaseError)


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
