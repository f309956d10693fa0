"""Load the small vocabularies under rules/vocab/ (languages, numbering, cues)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from ..errors import RulebookError
from ..paths import rules_dir


@lru_cache(maxsize=None)
def load_vocab(name: str) -> Any:
    path = rules_dir() / "vocab" / f"{name}.yaml"
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"{path}: {exc}".replace("\n", " ")) from exc
