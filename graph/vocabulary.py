"""Vocabularies of kinds, declared once: the event kinds are the `event:` entries of the extractor's cue data
(extract/patterns/cues.yaml), so a kind the extractor learns to produce is a kind the API accepts, with no list
retyped here. Kinds are matched case-insensitively and with spaces or hyphens for underscores ("Phone call").
"""

from __future__ import annotations

import functools
import re

import yaml

from graph.settings import ROOT

CUES = ROOT / "extract" / "patterns" / "cues.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it: this file is large


@functools.cache
def _cues() -> dict:
    return yaml.load(CUES.read_text(encoding="utf-8"), Loader=_LOADER)


@functools.cache
def event_kinds() -> tuple[str, ...]:
    """Every event kind the extractor produces, in the order its cue data declares them."""
    return tuple(dict.fromkeys(entry["kind"] for entry in _cues()["event"]))


# Agreement kinds: the kinds of the cue data's agreement nouns, and "permission", which the extractor gives a grant
# of permission (extract/agreements.py) rather than a noun.
_AGREEMENT_KINDS_BESIDES_NOUNS = ("permission",)


@functools.cache
def agreement_kinds() -> tuple[str, ...]:
    """Every agreement kind the extractor produces."""
    nouns = (entry["kind"] for entry in _cues()["agreement"]["nouns"])
    return tuple(dict.fromkeys([*nouns, *_AGREEMENT_KINDS_BESIDES_NOUNS]))


def normalize_kind(kind: str) -> str:
    """The stored spelling of a kind as a user may type it: "Deployment", "phone call", "Phone-Call"."""
    return re.sub(r"[\s\-]+", "_", kind.strip()).lower()
