"""Preloaded by the ingest pool's fork server (extract.ingest.extract_many): the registry and the cue words are
built once there, so every worker forked from it starts with them and its Extractor costs milliseconds."""

from extract.patterns import load_cues
from extract.pipeline import Extractor  # noqa: F401  (the whole extractor imported once, before the forks)
from extract.registry import default_registry

default_registry()
load_cues()
