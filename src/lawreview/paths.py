"""Where the project's data folders live (rules/, report_templates/).

Looked up in this order:
1. LAWREVIEW_HOME, when set: a folder holding the user's own rules/ (and,
   optionally, report_templates/). Set but without rules/ is an error, never
   a silent fall-back to the shipped rulebook.
2. The package's own copy, lawreview/_data/<folder>, read with importlib.resources:
   that is where a wheel (pip, pipx) installs them (setup.py maps the top-level
   folders in at build time).
3. The top of the source tree, for an editable install (`pip install -e .`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import RulebookError

DATA_PACKAGE = "_data"


def _packaged(name: str) -> Path | None:
    """lawreview/_data/<name> in the installed package, as a real folder, or None."""
    from importlib.resources import files
    try:
        res = files("lawreview").joinpath(DATA_PACKAGE, name)
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        return None
    path = Path(str(res))
    # a wheel is installed unpacked; a zipped install would need extraction (not supported)
    return path if res.is_dir() and path.is_dir() else None


def _source_tree(name: str) -> Path | None:
    path = Path(__file__).resolve().parents[2] / name
    return path if path.is_dir() else None


def _home() -> Path | None:
    env = os.environ.get("LAWREVIEW_HOME")
    if not env:
        return None
    home = Path(env).expanduser()
    if not (home / "rules").is_dir():
        raise RulebookError(f"LAWREVIEW_HOME={env} has no rules/ folder (unset it to use the shipped rulebook)")
    return home


def data_dir(name: str) -> Path:
    """The folder `name` (rules or report_templates), following the order in the module doc."""
    home = _home()
    if home is not None and (home / name).is_dir():
        return home / name
    found = _packaged(name) or _source_tree(name)
    if found is None:
        raise RulebookError(f"cannot find the {name}/ folder: this lawreview install is incomplete; "
                            "reinstall it (pip install lawreview, or pip install -e . from a checkout) "
                            "or set LAWREVIEW_HOME")
    return found


def project_root() -> Path:
    """The folder holding rules/ (kept for callers that want the root)."""
    return rules_dir().parent


def rules_dir() -> Path:
    return data_dir("rules")


def templates_dir() -> Path:
    return data_dir("report_templates")


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
