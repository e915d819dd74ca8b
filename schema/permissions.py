"""What a caller may do: reads are open unless the guard required a key; every mutation needs an editor key.
A refusal is a coded error on the field (`UNAUTHENTICATED` without a valid key, `FORBIDDEN` with a key whose
role is too low), so a client learns which operation was refused and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loaders.api_keys import ApiKey, KeyRole
from schema.errors import ToldError


@dataclass(frozen=True)
class Caller:
    """`key` is the verified key, or None; `presented` says whether the request sent one at all (a key that
    was sent but is unknown, revoked or mistyped is told apart from none)."""

    key: ApiKey | None = None
    presented: bool = False


ANONYMOUS = Caller()


class AccessError(ToldError):
    def __init__(self, code: str, message: str, required: KeyRole) -> None:
        super().__init__(message, extensions={"code": code, "requiredRole": required.label})
        self.code = code


def require_role(info: Any, role: KeyRole) -> ApiKey:
    """The caller's key when its role is at least `role`; otherwise an AccessError naming the field."""
    caller: Caller = info.context.caller
    field = info.field_name
    if caller.key is None:
        problem = "the API key sent is unknown, revoked or mistyped" if caller.presented else "no API key was sent"
        raise AccessError("UNAUTHENTICATED", f"{field}: {problem}; writes need a key with role {role.label} or "
                          "higher in the X-API-Key header (or Authorization: Bearer KEY); an operator creates one "
                          f"with `khabar keys create --role {role.label} --name NAME`", role)
    if caller.key.role < role:
        raise AccessError("FORBIDDEN", f"{field}: the key {caller.key.name!r} has role {caller.key.role.label}; "
                          f"{field} needs {role.label} or higher", role)
    return caller.key
