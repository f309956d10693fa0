"""Finding the drafts under the corpus folder."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .tasks import Outcome, failure

HIDDEN_PREFIXES = (".", "~$")          # "~$ley.docx" is Word's lock file, not a draft


@dataclass
class Inventory:
    files: list[Path]                  # supported drafts, in walk order
    hidden: int = 0                    # hidden files and folders (folders are not entered)
    unsupported: int = 0
    unreadable: list[Outcome] = field(default_factory=list)


def discover(root: Path, exclude: Path | None = None) -> Inventory:
    """Every supported draft under root, recursively; `exclude` (the output folder) is not entered."""
    from ..ingest import SUPPORTED
    inv = Inventory(files=[])

    def onerror(exc: OSError) -> None:
        rel = _rel(Path(exc.filename), root) if exc.filename else "."
        inv.unreadable.append(failure(rel, exc))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        keep = []
        for d in sorted(dirnames):
            if d.startswith(HIDDEN_PREFIXES):
                inv.hidden += 1
            elif exclude is None or Path(dirpath, d).resolve() != exclude:
                keep.append(d)
        dirnames[:] = keep
        for f in sorted(filenames):
            if f.startswith(HIDDEN_PREFIXES):
                inv.hidden += 1
            elif Path(f).suffix.lower() not in SUPPORTED:
                inv.unsupported += 1
            else:
                inv.files.append(Path(dirpath, f))
    return inv


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
