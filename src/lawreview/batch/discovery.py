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
    outside: list[str] = field(default_factory=list)   # symlinks leading out of the folder, not followed


def discover(root: Path, exclude: Path | None = None, follow_symlinks: bool = False) -> Inventory:
    """Every supported draft under root, recursively; `exclude` (the output folder) is not entered.

    A symlink whose target lies outside root is skipped (a link to a system file
    must not be read and reviewed) unless `follow_symlinks`; a linked folder
    inside root is not entered (its target is walked anyway). With
    `follow_symlinks` every link is followed, each real folder walked once.
    """
    from ..ingest import SUPPORTED
    inv = Inventory(files=[])
    real_root = os.path.realpath(root)
    seen: set[str] = set()

    def onerror(exc: OSError) -> None:
        rel = _rel(Path(exc.filename), root) if exc.filename else "."
        inv.unreadable.append(failure(rel, exc))

    def leaves(path: str) -> bool:
        """A symlink out of root, when links are not followed (and noted as such)."""
        if follow_symlinks or not os.path.islink(path):
            return False
        if os.path.commonpath([real_root, os.path.realpath(path)]) == real_root:
            return False
        inv.outside.append(_rel(Path(path), root))
        return True

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=follow_symlinks):
        if follow_symlinks:
            real = os.path.realpath(dirpath)
            if real in seen:           # a loop, or a second link to a folder already walked
                dirnames[:] = []
                continue
            seen.add(real)
        keep = []
        for d in sorted(dirnames):
            path = os.path.join(dirpath, d)
            if d.startswith(HIDDEN_PREFIXES):
                inv.hidden += 1
            elif (exclude is None or Path(path).resolve() != exclude) and not leaves(path):
                keep.append(d)
        dirnames[:] = keep
        for f in sorted(filenames):
            path = os.path.join(dirpath, f)
            if f.startswith(HIDDEN_PREFIXES):
                inv.hidden += 1
            elif Path(f).suffix.lower() not in SUPPORTED:
                inv.unsupported += 1
            elif not leaves(path):
                inv.files.append(Path(path))
    return inv


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
