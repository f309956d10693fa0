"""Writing results where the user asked, without ever losing or garbling their data.

One writer serves the CLI (`review`, `parse`, `annotate` -o) and `batch`:

- a regular file is replaced atomically: written under a short temporary name
  in the same folder, flushed to disk, then renamed over the target, so a
  reader, a re-run or a power cut never meets half a file;
- a symlink is written through: its target gets the content, the link stays;
- anything that is not a regular file (a FIFO, a terminal or other device,
  /dev/stdout, /proc/self/fd/N) is opened and written, never replaced by a
  rename (which would turn a pipe into a file, or, as root, replace the
  system's own /dev entry);
- "-" means standard output.

`check_output` runs before any work: an `-o` naming an input file, a folder,
or a place that cannot be written is refused then, not after a long review.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import sys
from dataclasses import dataclass
from typing import Iterable

from .errors import LawreviewError

TEMP_PREFIX = ".lrtmp-"
TEMP_SUFFIX = ".part"
# the names this module gives its temporary files (and the longer ones it gave before:
# '.NAME.PID-HEX.part', which broke NAME_MAX for long draft names)
TEMP_NAME = re.compile(r"^\.lrtmp-\d+-[0-9a-f]{8}\.part$|^\..+\.\d+-[0-9a-f]{8}\.part$")
_MAGIC = ("/dev/", "/proc/")         # paths that name open files or devices: write through, never rename


@dataclass(frozen=True)
class Target:
    """Where and how one output is written."""
    path: str | None                  # None: standard output
    mode: str                         # stdout | replace | through

    @property
    def is_stdout(self) -> bool:
        return self.path is None


STDOUT = Target(None, "stdout")


def plan(path: str | os.PathLike) -> Target:
    """How `path` will be written (no check of permissions; see check_output)."""
    path = os.fspath(path)
    if path == "-":
        return STDOUT
    try:
        st = os.stat(path)            # follows symlinks
    except FileNotFoundError:
        st = None
    except OSError:                   # e.g. a component is not a folder: the write will say why
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if (st is not None and not stat.S_ISREG(st.st_mode)) or os.path.abspath(path).startswith(_MAGIC):
        return Target(path, "through")
    real = os.path.realpath(path) if os.path.islink(path) else path
    folder = os.path.dirname(os.path.abspath(real))
    if st is not None and not os.access(folder, os.W_OK | os.X_OK):
        return Target(real, "through")   # a writable file in a folder we may not create files in
    return Target(real, "replace")


def check_output(out: str | None, inputs: Iterable[str | os.PathLike] = ()) -> Target:
    """The output target, checked before any work; LawreviewError (exit 2) if it cannot be used.

    Refused: an output that is one of the input files (by inode, so through links
    too), a folder, a missing folder, and anything we lack permission to write.
    """
    if out is None or out == "-":
        return STDOUT
    if not out:
        raise LawreviewError("-o needs a file name ('-' for standard output)")
    for inp in inputs:
        try:
            same = os.path.samefile(out, inp)
        except OSError:               # either is missing: not the same file
            same = False
        if same:
            raise LawreviewError(f"-o {out} is the input file {os.fspath(inp)}: refusing to overwrite "
                                 f"it; choose another output name")
    try:
        target = plan(out)
    except IsADirectoryError:
        raise LawreviewError(f"cannot write {out}: it is a folder; give a file name") from None
    problem = _unwritable(target)
    if problem:
        raise LawreviewError(f"cannot write {out}: {problem}")
    return target


def _unwritable(target: Target) -> str:
    path = target.path
    assert path is not None
    if os.path.exists(path):
        if not os.access(path, os.W_OK):
            return "permission denied"
        if target.mode == "through":
            return ""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.exists(folder):
        return f"no such folder {folder}"
    if not os.path.isdir(folder):
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"permission denied in {folder}"
    return ""


def write_output(target: Target, data: str | bytes) -> None:
    """Write `data` to a checked target; text to a terminal ends with a newline."""
    if target.is_stdout:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data if data.endswith("\n") else data + "\n")
        sys.stdout.flush()
        return
    try:
        atomic_write(target.path, data)
    except BrokenPipeError:
        raise                         # a reader that stopped early (| head) is not an error
    except OSError as exc:
        raise LawreviewError(f"cannot write {target.path}: {exc.strerror or exc}") from None


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write `data` to `path` so that nothing is ever half-written or wrongly replaced (see the module doc)."""
    target = plan(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.mode == "through":
        with open(target.path, "wb") as fh:
            fh.write(payload)
        return
    real = target.path
    folder = os.path.dirname(os.path.abspath(real))
    tmp = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        with os.fdopen(fd, "wb") as fh:
            try:
                os.fchmod(fh.fileno(), stat.S_IMODE(os.stat(real).st_mode))   # keep a replaced file's mode
            except (OSError, AttributeError):
                pass
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())     # the data is on disk before the name points at it
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (power loss); best effort where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_temp_files(folder: str | os.PathLike) -> int:
    """Drop what killed writers left behind under `folder` (only names atomic_write makes)."""
    n = 0
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            if TEMP_NAME.match(f):
                try:
                    os.unlink(os.path.join(dirpath, f))
                    n += 1
                except OSError:
                    pass
    return n
