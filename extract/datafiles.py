"""Reading the project's YAML data files (registry, cues, furniture, gazetteer overrides).

libyaml's C loader when PyYAML has it: the registry and cue files are parsed at every start-up, and the
pure-Python parser takes about a second for them. Both loaders are safe loaders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
