"""Resume: which drafts already have complete, up-to-date outputs; and one batch per folder.

The resume state (OUTDIR/.lawreview-batch.state, JSON, replaced atomically)
records for each finished draft: the sha256 of the draft, the resume key
(rulebook version, --country, --lang and a hash of all ratification data, the
shipped files and the --ratifications ones) and the sha256 and size of every
output written. A draft is skipped only when all of that still holds and its
JSON review parses: an output renamed into place but never recorded (the
batch was killed first), edited, truncated or from other settings is redone.
Only the main process writes the state, every few seconds and at the end.

OUTDIR/.lawreview-batch.lock is held (flock) for the whole run, so that two
batches never write into one folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterable

from ..errors import LawreviewError
from ..output import atomic_write
from .tasks import SCHEMA, Outcome, Task

STATE_NAME = ".lawreview-batch.state"      # no .json suffix: it is not a review
LOCK_NAME = ".lawreview-batch.lock"
STATE_SCHEMA = "lawreview.batch-state/1"


def _sha256(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def digest(data: bytes) -> list:
    """How the state records one output: [sha256, size]."""
    return [hashlib.sha256(data).hexdigest(), len(data)]


def resume_key(rulebook_version: str, country_alpha3: str | None, lang: str | None,
               ratification_files: Iterable[str | os.PathLike]) -> str:
    """What a stored review depends on besides the draft: any change makes every stored review stale."""
    from ..rulebook.instruments import shipped_ratification_files
    files = [*shipped_ratification_files(), *map(Path, ratification_files)]
    parts = {"rulebook": rulebook_version, "country": country_alpha3, "lang": lang,
             "ratifications": [[p.name, _sha256(str(p))] for p in files]}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def render_key(task: Task) -> str:
    """What the rendered reports depend on besides the review: language and memo options.
    A change re-renders from the stored JSON review; it never reviews again."""
    parts = {"lang": task.lang, "memo": [list(p) for p in task.memo]}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


class ResumeState:
    """The resume state of one output folder (see the module doc).

    `key` is the resume key of the run; `key_for(task)` gives a task's own key when
    drafts differ (a State per draft, from countries.csv or the file name)."""

    def __init__(self, outdir: Path, key: str, entries: dict | None = None, key_for=None):
        self.path = outdir / STATE_NAME
        self.key = key
        self.key_for = key_for
        self.entries: dict[str, dict] = entries or {}
        self.dirty = False

    def _key(self, task: Task) -> str:
        return self.key_for(task) if self.key_for is not None else self.key

    @classmethod
    def load(cls, outdir: Path, key: str, key_for=None) -> ResumeState:
        try:
            data = json.loads((outdir / STATE_NAME).read_text(encoding="utf-8"))
            if data.get("schema") == STATE_SCHEMA and isinstance(data.get("documents"), dict):
                return cls(outdir, key, data["documents"], key_for=key_for)
        except (OSError, ValueError, AttributeError):
            pass
        return cls(outdir, key, key_for=key_for)

    def done(self, task: Task) -> Outcome | None:
        """The draft's row if its outputs are complete and up to date, else None."""
        entry = self.entries.get(task.rel)
        try:
            if not entry or entry["key"] != self._key(task) or entry["source"] != _sha256(task.source):
                return None
            if entry.get("render", render_key(Task("", "", "", ()))) != render_key(task):
                return None
            review = None
            for fmt in task.formats:
                with open(f"{task.out_base}.{fmt}", "rb") as fh:
                    data = fh.read(entry["outputs"][fmt][1] + 1)
                if digest(data) != entry["outputs"][fmt]:
                    return None
                if fmt == "json":
                    review = json.loads(data)
            return _row(task, review, "skipped")
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None

    def reusable(self, task: Task) -> bool:
        """Is the stored JSON review of this draft current (same draft, rulebook, State and
        ratification data, and intact)? Then new formats, a new language or new memo
        options are rendered from it without reviewing again."""
        entry = self.entries.get(task.rel)
        try:
            if not entry or entry["key"] != self._key(task) or entry["source"] != _sha256(task.source):
                return False
            with open(f"{task.out_base}.json", "rb") as fh:
                data = fh.read(entry["outputs"]["json"][1] + 1)
            return digest(data) == entry["outputs"]["json"] and json.loads(data).get("schema") == SCHEMA
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return False

    def record(self, task: Task, outcome: Outcome) -> None:
        """A finished draft: its outputs' digests (from the worker, else read back from disk)."""
        try:
            outputs = outcome.digests or {fmt: _file_digest(f"{task.out_base}.{fmt}") for fmt in task.formats}
            source = outcome.source_sha256 or _sha256(task.source)
        except OSError:
            return                    # nothing complete to record: it will be redone
        self.entries[task.rel] = {"key": self._key(task), "source": source, "outputs": outputs,
                                  "render": render_key(task)}
        self.dirty = True

    def adopt(self, task: Task, since: float, rulebook_version: str, country_alpha3: str | None) -> Outcome | None:
        """A draft whose worker finished as the run was interrupted (its outcome never came back):
        its row, recorded, if all its outputs were written in this run and its JSON review is whole."""
        try:
            paths = [f"{task.out_base}.{fmt}" for fmt in task.formats]
            if any(os.stat(p).st_mtime < since for p in paths):
                return None
            with open(f"{task.out_base}.json", "rb") as fh:
                review = json.loads(fh.read())
            doc = review["document"]
            if task.country:
                from ..rulebook.instruments import resolve_country
                country_alpha3 = resolve_country(task.country).alpha_3
            if (review.get("schema") != SCHEMA or review["rulebook"]["version"] != rulebook_version
                    or review.get("country") != country_alpha3 or doc["sha256"] != _sha256(task.source)):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        outcome = _row(task, review, "reviewed")
        self.record(task, outcome)
        return outcome

    def keep_only(self, rels: Iterable[str]) -> None:
        """Forget drafts that are not done in this run (gone, failed, or stale)."""
        keep = set(rels)
        self.entries = {rel: e for rel, e in self.entries.items() if rel in keep}
        self.dirty = True

    def save(self) -> None:
        atomic_write(self.path, json.dumps({"schema": STATE_SCHEMA, "documents": self.entries},
                                           ensure_ascii=False, sort_keys=True))
        self.dirty = False


def _file_digest(path: str) -> list:
    with open(path, "rb") as fh:
        return digest(fh.read())


def _row(task: Task, review: dict, state: str) -> Outcome:
    doc = review["document"]
    if review.get("schema") != SCHEMA:
        raise ValueError("not a lawreview review")
    return Outcome(task.rel, state, language=doc.get("language"), articles=doc.get("articles"),
                   pages=doc.get("pages"), statuses={f["rule"]: f["status"] for f in review["findings"]},
                   outputs=[f"{task.out_base}.{fmt}" for fmt in task.formats])


class OutputLock:
    """An exclusive lock on OUTDIR for the whole run (released by the kernel if the batch dies)."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.path = outdir / LOCK_NAME
        self.fd: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            raise LawreviewError(f"cannot write to {self.outdir}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (process {holder})" if holder.isdigit() else ""
            raise LawreviewError(f"another batch is writing to {self.outdir}{who}; wait for it to finish "
                                 f"or give another output folder") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)         # closing the descriptor releases the lock
            self.fd = None
