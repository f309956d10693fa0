"""Where the project's data folders live (rules/, report_templates/).

They sit at the top of the source tree; an editable install finds them there.
LAWREVIEW_HOME overrides the location (for packaged installs).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import RulebookError


def project_root() -> Path:
    env = os.environ.get("LAWREVIEW_HOME")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [here.parents[2], here.parent / "_data"]
    for root in candidates:
        if (root / "rules").is_dir():
            return root
    raise RulebookError("cannot find the rules/ folder: install lawreview with 'pip install -e .' "
                        "from its source tree, or set LAWREVIEW_HOME")


def rules_dir() -> Path:
    return project_root() / "rules"


def templates_dir() -> Path:
    return project_root() / "report_templates"


def cache_dir() -> Path:
    """Per-user cache (validated rulebook, lemma tables); safe to delete."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lawreview"


def read_cached(path: Path):
    """The object pickled at `path`, or None when absent or unreadable."""
    import pickle
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        return None


def write_cached(path: Path, obj) -> bool:
    """Pickle `obj` to `path` atomically; False when the cache cannot be written
    (a read-only home only costs speed)."""
    import pickle
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return True
    except OSError:
        return False
