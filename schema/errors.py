"""Errors shown to API users: they name the argument or field at fault; nothing else leaks."""

from __future__ import annotations

from graphql import GraphQLError


class UserInputError(GraphQLError):
    """A bad argument: the message says which one and why."""

    def __init__(self, argument: str, problem: str) -> None:
        super().__init__(f"argument '{argument}': {problem}", extensions={"code": "BAD_USER_INPUT",
                                                                          "argument": argument})


class DatabaseError(GraphQLError):
    """Neo4j failed or is away; the message is the user-facing sentence from graph.db.describe."""

    def __init__(self, message: str, *, unavailable: bool) -> None:
        code = "DATABASE_UNAVAILABLE" if unavailable else "DATABASE_ERROR"
        super().__init__(message, extensions={"code": code})


def should_mask(error: GraphQLError) -> bool:
    """Mask everything but our own errors and GraphQL validation errors (which carry no original error)."""
    original = error.original_error
    if original is None:
        return False
    return not isinstance(original, UserInputError | DatabaseError | ValueError)
