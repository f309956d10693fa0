"""The worker: review one draft and write its outputs (one function for every executor)."""

from __future__ import annotations

import os
import signal
import sys
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
        review = review_file(task.source, lang=task.lang, country=task.country,
                             ratification_files=list(task.ratifications))
        rendered = [(fmt, _bytes(render_review(review, fmt, lang=task.lang))) for fmt in task.formats]
        os.makedirs(os.path.dirname(task.out_base), exist_ok=True)
        written, digests = [], {}
        for fmt, data in rendered:
            path = f"{task.out_base}.{fmt}"
            atomic_write(path, data)
            written.append(path)
            digests[fmt] = digest(data)
        doc = review.document
        return Outcome(task.rel, "reviewed", language=doc.language, articles=len(doc.articles()),
                       pages=doc.pages, statuses={f.rule.id: f.status for f in review.findings},
                       outputs=written, seconds=time.perf_counter() - t0, source_sha256=doc.sha256,
                       digests=digests, **_worker_stats())
    except Exception as exc:  # one bad draft never stops the batch
        return failure(task.rel, exc, seconds=time.perf_counter() - t0, **_worker_stats())



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


def _init_local_worker() -> None:
    """Ctrl-C is the main process's business: it cancels and stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from ..rulebook.loader import load_rulebook
        load_rulebook()              # once per process; a broken rulebook fails each task with its message
    except Exception:
        pass
