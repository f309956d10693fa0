"""Load the small vocabularies under rules/vocab/ (languages, numbering, cues)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from ..errors import RulebookError
from ..paths import rules_dir


# libyaml's loader is ~10x faster than the pure-Python one; start-up time counts
# for a command-line tool that reads ~50 YAML files.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path) -> Any:
    """Parse one YAML file safely (no Python objects), with the fast loader."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)


@lru_cache(maxsize=None)
def load_vocab(name: str) -> Any:
    path = rules_dir() / "vocab" / f"{name}.yaml"
    try:
        return read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"{path}: {exc}".replace("\n", " ")) from exc
