"""`lawreview batch`: review every draft under a folder, on local worker
processes or on a Dask cluster, resumably.

OUTDIR mirrors DIR: DIR/a/b/ley.pdf -> OUTDIR/a/b/ley.pdf.json, with the other
requested formats beside it (ley.pdf.html, ...). Every file is written under a
temporary name, flushed and renamed into place; the resume state records the
hash of each draft and of each output written, so a re-run (after Ctrl-C,
`kill -9` or a power cut) redoes exactly the drafts whose outputs are missing,
incomplete or stale (see resume.py). One batch at a time writes into an
OUTDIR (a lock), and worker processes die with their batch. One worker function, `review_one`, serves both executors; it writes the
outputs itself and returns a small Outcome (status row, paths written), never
a Review, so nothing large crosses process or network boundaries.

The modules: tasks (what travels to and from workers), discovery (finding the
drafts), worker, executors (local processes, Dask), resume, progress, run
(options, the run, the CLI entry) and summary (errors.csv, summary.csv,
summary.html).
"""

from __future__ import annotations

import os  # noqa: F401  (tests patch batch.os)

from ..errors import LawreviewError
from ..output import atomic_write, remove_temp_files
from .discovery import Inventory, discover
from .executors import DaskExecutor, LocalExecutor, probe_worker
from .progress import Progress
from .resume import OutputLock, ResumeState, _sha256, resume_key
from .run import BatchOptions, BatchReport, cmd_batch, default_jobs, options_from_args, parse_formats, run_batch
from .tasks import FORMATS, SCHEMA, Outcome, Task, failure, one_line
from .worker import review_one

__all__ = [
    "FORMATS", "SCHEMA", "BatchOptions", "BatchReport", "DaskExecutor", "Inventory", "LawreviewError",
    "LocalExecutor", "Outcome", "Progress", "Task", "_sha256", "atomic_write", "cmd_batch", "default_jobs",
    "discover", "OutputLock", "ResumeState", "resume_key", "failure", "one_line", "options_from_args", "parse_formats", "probe_worker",
    "remove_temp_files", "review_one", "run_batch",
]
