"""Kind filters: a described, validated vocabulary rather than free strings that silently match nothing.

The vocabulary is graph.vocabulary's (read from the extractor's cue data), so it is a String argument checked at
run time rather than a GraphQL enum: a kind the extractor learns does not change the checked-in schema. A kind
outside the vocabulary is still accepted when facts of that kind are in the graph (hand-curated documents may use
their own), which costs one Cypher query on that path only.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from graph.vocabulary import agreement_kinds, event_kinds, normalize_kind
from schema.errors import UserInputError
from schema.types import Ctx

ARG_EVENT_KIND_WORDS = (
    'Event kind, any case ("Deployment", "phone call"); the vocabulary is `eventKinds`. An unknown kind is an '
    "error listing the known ones."
)
ARG_AGREEMENT_KIND_WORDS = (
    "Agreement kind, any case (treaty, memorandum, permission...); the vocabulary is `agreementKinds`. An unknown "
    "kind is an error listing the known ones."
)


async def require_kind(info: Ctx, value: str, argument: str, label: str) -> str:
    """The stored spelling of the `label` ("Event" or "Agreement") kind `value` names, or an error listing the
    known kinds (and the closest, as suggestions)."""
    known: Callable[[], tuple[str, ...]] = event_kinds if label == "Event" else agreement_kinds
    kind = normalize_kind(value)
    if kind in known():
        return kind
    rows = await info.context.reader.rows(
        f"MATCH (n:{label}) WHERE toLower(n.kind) = $kind RETURN n.kind AS kind LIMIT 1", kind=kind
    )
    if rows:
        return str(rows[0]["kind"])
    close = difflib.get_close_matches(kind, known(), n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise UserInputError(
        argument,
        f"unknown {label.lower()} kind {value!r}; {hint}known kinds (any case): {', '.join(known())}",
        suggestions=close,
    )
