"""The worker: review one draft and write its outputs (one function for every executor)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from ..output import atomic_write
from .resume import digest
from .tasks import Outcome, Task, failure


def review_one(task: Task) -> Outcome:
    """Review one draft and write its outputs; never raises for a bad draft.

    All formats are rendered before anything is written, so a draft whose
    rendering fails leaves its previous outputs untouched.
    """
    t0 = time.perf_counter()
    try:
        from ..pipeline import review_file
        from ..report import render_review
        review, state = None, "reviewed"
        if task.rerender:
            review = _stored_review(task)
            state = "rendered" if review is not None else state
        if review is None:
            review = review_file(task.source, lang=task.lang, country=task.country,
                                 ratification_files=list(task.ratifications))
        memo = dict(task.memo)
        rendered = [(fmt, _bytes(render_review(review, fmt, lang=task.lang, memo=memo))) for fmt in task.formats]
        os.makedirs(os.path.dirname(task.out_base), exist_ok=True)
        written, digests = [], {}
        for fmt, data in rendered:
            path = f"{task.out_base}.{fmt}"
            atomic_write(path, data)
            written.append(path)
            digests[fmt] = digest(data)
        doc = review.document
        return Outcome(task.rel, state, language=doc.language, articles=len(doc.articles()),
                       pages=doc.pages, statuses={f.rule.id: f.status for f in review.findings},
                       outputs=written, seconds=time.perf_counter() - t0, source_sha256=doc.sha256,
                       digests=digests, **_worker_stats())
    except Exception as exc:  # one bad draft never stops the batch
        return failure(task.rel, exc, seconds=time.perf_counter() - t0, **_worker_stats())



def _stored_review(task: Task):
    """The Review rebuilt from OUTDIR/rel.json (see stored.py), or None to review again."""
    import json
    from .stored import StoredReviewError, review_from_json
    try:
        with open(f"{task.out_base}.json", "rb") as fh:
            data = json.loads(fh.read())
        return review_from_json(data, lang=task.lang, ratification_files=task.ratifications)
    except (OSError, ValueError, KeyError, TypeError, StoredReviewError):
        return None


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _worker_stats() -> dict:
    """Who did the work and what it has cost that process so far (for benchmarks and capacity planning)."""
    import socket
    stats: dict = {"worker": f"{socket.gethostname()}:{os.getpid()}", "cpu_seconds": time.process_time()}
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return stats
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stats["peak_rss_mb"] = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    return stats


def _init_local_worker(parent_pid: int | None = None) -> None:
    """Ctrl-C is the main process's business: it cancels and stops the workers itself.
    A worker never outlives its batch (see die_with_parent)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent_pid is not None:
        die_with_parent(parent_pid)
    try:
        from ..rulebook.loader import load_rulebook
        load_rulebook()              # once per process; a broken rulebook fails each task with its message
    except Exception:
        pass


PR_SET_PDEATHSIG = 1                   # linux/prctl.h


def die_with_parent(batch_pid: int, every: float = 0.5) -> None:
    """Make this worker die when the batch does, even by `kill -9`.

    Otherwise a worker blocked on the task queue lives on for ever: it holds the
    queue's write end itself, so it never sees end-of-file, and it keeps the
    forkserver alive too. A watchdog thread kills the process once its parent
    has changed or the batch process is gone (or a zombie); on Linux the
    kernel also sends SIGKILL when the parent goes.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    parent, batch = os.getppid(), _identity(batch_pid)

    def orphaned() -> bool:
        return os.getppid() != parent or _identity(batch_pid) != batch

    def watch() -> None:
        while not orphaned():
            time.sleep(every)
        os.kill(os.getpid(), signal.SIGKILL)

    if batch is None:                  # the batch died before we got here
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(target=watch, name="lawreview-die-with-parent", daemon=True).start()


def _identity(pid: int) -> str | None:
    """Something that changes when process `pid` ends: its start time on Linux (a zombie, or
    a new process reusing the number, is not it), else whether it exists; None once it is gone."""
    if os.path.exists("/proc/self/stat"):
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            return None if fields[0] in (b"Z", b"X") else fields[19].decode()
        except FileNotFoundError:
            return None
        except (OSError, IndexError):
            pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except OSError:
        pass
    return "alive"
