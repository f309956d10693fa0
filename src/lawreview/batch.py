"""`lawreview batch`: review every draft under a folder, on local worker
processes or on a Dask cluster, resumably.

OUTDIR mirrors DIR: DIR/a/b/ley.pdf -> OUTDIR/a/b/ley.pdf.json, with the other
requested formats beside it (ley.pdf.html, ...). Every file is written under a
temporary name and renamed into place, and a draft's JSON review is written
last: it is the resume marker (it records the draft's sha256 and the rulebook
version), so a re-run redoes exactly the drafts whose outputs are missing or
stale. One worker function, `review_one`, serves both executors; it writes the
outputs itself and returns a small Outcome (status row, paths written), never
a Review, so nothing large crosses process or network boundaries.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TextIO

from .errors import LawreviewError
from .output import atomic_write, remove_temp_files  # noqa: F401  (part of this module's interface)

if TYPE_CHECKING:
    import argparse

    from .rulebook.loader import Rulebook

FORMATS = ("json", "html", "md", "docx")
SCHEMA = "lawreview.review/1"
HIDDEN_PREFIXES = (".", "~$")          # "~$ley.docx" is Word's lock file, not a draft
_INSTALL_DASK = "pip install 'lawreview[distributed]'"


# --- what travels between the main process and the workers --------------------------

@dataclass(frozen=True)
class Task:
    """One draft to review; plain data so it pickles for any executor."""
    source: str                        # absolute path of the draft
    rel: str                           # its path under DIR, '/'-separated
    out_base: str                      # absolute OUTDIR/rel; outputs are out_base + "." + fmt
    formats: tuple[str, ...]           # json last: it is the resume marker
    lang: str | None = None
    country: str | None = None
    ratifications: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What the summary needs of one draft: its status row, or why it failed."""
    rel: str
    state: str                         # reviewed | skipped | failed
    language: str | None = None
    articles: int | None = None
    pages: int | None = None
    statuses: dict[str, str] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    error: str | None = None           # exception class name
    message: str | None = None         # one line
    seconds: float = 0.0
    worker: str = ""                   # host:pid, to tell workers apart
    peak_rss_mb: float | None = None   # the worker process's peak resident memory so far
    cpu_seconds: float | None = None   # the worker process's CPU time so far


# --- the worker ---------------------------------------------------------------------

def review_one(task: Task) -> Outcome:
    """Review one draft and write its outputs; never raises for a bad draft.

    All formats are rendered before anything is written, so a draft whose
    rendering fails leaves its previous outputs untouched.
    """
    t0 = time.perf_counter()
    try:
        from .pipeline import review_file
        from .report import render_review
        review = review_file(task.source, lang=task.lang, country=task.country,
                             ratification_files=list(task.ratifications))
        rendered = [(fmt, render_review(review, fmt, lang=task.lang)) for fmt in task.formats]
        os.makedirs(os.path.dirname(task.out_base), exist_ok=True)
        written = []
        for fmt, data in rendered:
            path = f"{task.out_base}.{fmt}"
            atomic_write(path, data)
            written.append(path)
        doc = review.document
        return Outcome(task.rel, "reviewed", language=doc.language, articles=len(doc.articles()),
                       pages=doc.pages, statuses={f.rule.id: f.status for f in review.findings},
                       outputs=written, seconds=time.perf_counter() - t0, **_worker_stats())
    except Exception as exc:  # one bad draft never stops the batch
        return failure(task.rel, exc, seconds=time.perf_counter() - t0, **_worker_stats())


def failure(rel: str, exc: BaseException, **kw) -> Outcome:
    return Outcome(rel, "failed", error=type(exc).__name__, message=one_line(exc), **kw)


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] if text else type(exc).__name__


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
        from .rulebook.loader import load_rulebook
        load_rulebook()              # once per process; a broken rulebook fails each task with its message
    except Exception:
        pass


# --- options ------------------------------------------------------------------------

@dataclass
class BatchOptions:
    root: Path
    outdir: Path
    jobs: int | None = None
    formats: tuple[str, ...] = ("json",)
    country: str | None = None
    lang: str | None = None
    ratifications: tuple[str, ...] = ()
    force: bool = False
    executor: str = "local"
    scheduler: str | None = None


def parse_formats(spec: str | None) -> tuple[str, ...]:
    """'html,json' -> ('html', 'json'): JSON is always written, and written last."""
    wanted = [f.strip().lower() for f in (spec or "json").split(",") if f.strip()]
    bad = [f for f in wanted if f not in FORMATS]
    if bad:
        raise LawreviewError(f"unknown format {bad[0]!r} in --format (choose from {', '.join(FORMATS)})")
    return tuple(f for f in FORMATS if f in wanted and f != "json") + ("json",)


def options_from_args(args: argparse.Namespace) -> BatchOptions:
    """Check everything that can be checked before any work: bad arguments exit 2."""
    root = Path(args.dir)
    if not root.exists():
        raise LawreviewError(f"{args.dir}: no such folder")
    if not root.is_dir():
        raise LawreviewError(f"{args.dir}: is a file, not a folder (use 'lawreview review' for one draft)")
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise LawreviewError(f"{args.output}: exists and is not a folder")
    if out.resolve() == root.resolve():
        raise LawreviewError("the output folder must not be the input folder (use a new folder, e.g. -o reviews/)")
    if args.jobs is not None and args.jobs < 1:
        raise LawreviewError(f"--jobs must be at least 1 (got {args.jobs})")
    if args.executor == "dask" and not args.scheduler:
        raise LawreviewError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    if args.scheduler and args.executor != "dask":
        raise LawreviewError("--scheduler is only used with --executor dask")
    if args.executor == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise LawreviewError(f"--executor dask needs the Dask distributed extra: {_INSTALL_DASK}") from None
    ratifications = tuple(str(Path(p).resolve()) for p in args.ratifications or [])
    for p in ratifications:
        if not Path(p).is_file():
            raise LawreviewError(f"{p}: no such ratifications file")
    if args.country or ratifications:
        from .rulebook.instruments import load_ratifications, resolve_country
        if args.country:
            resolve_country(args.country)
        load_ratifications([Path(p) for p in ratifications])
    return BatchOptions(root=root.resolve(), outdir=out.resolve(), jobs=args.jobs,
                        formats=parse_formats(args.format), country=args.country, lang=args.lang,
                        ratifications=ratifications, force=args.force,
                        executor=args.executor, scheduler=args.scheduler)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


# --- finding the drafts -------------------------------------------------------------

@dataclass
class Inventory:
    files: list[Path]                  # supported drafts, in walk order
    hidden: int = 0                    # hidden files and folders (folders are not entered)
    unsupported: int = 0
    unreadable: list[Outcome] = field(default_factory=list)


def discover(root: Path, exclude: Path | None = None) -> Inventory:
    """Every supported draft under root, recursively; `exclude` (the output folder) is not entered."""
    from .ingest import SUPPORTED
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


# --- resume -------------------------------------------------------------------------

def _sha256(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def existing_review(task: Task, rulebook: Rulebook, country_alpha3: str | None) -> Outcome | None:
    """The draft's row from its JSON review if every output is there and up to date, else None.

    Up to date: same content hash, same rulebook version, same --country, and
    findings in the requested report language. (Changed --ratifications data
    are not detected: use --force.)
    """
    if not all(os.path.exists(f"{task.out_base}.{fmt}") for fmt in task.formats):
        return None
    try:
        with open(f"{task.out_base}.json", encoding="utf-8") as fh:
            data = json.load(fh)
        doc = data["document"]
        if (data.get("schema") != SCHEMA or data["rulebook"]["version"] != rulebook.version
                or data.get("country") != country_alpha3):
            return None
        findings = data["findings"]
        if findings and findings[0].get("title"):
            want = task.lang or doc["language"]
            if findings[0]["title"] != rulebook.rule(findings[0]["rule"]).title.get(want):
                return None
        if doc["sha256"] != _sha256(task.source):
            return None
        return Outcome(task.rel, "skipped", language=doc.get("language"), articles=doc.get("articles"),
                       pages=doc.get("pages"), statuses={f["rule"]: f["status"] for f in findings},
                       outputs=[f"{task.out_base}.{fmt}" for fmt in task.formats])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


# --- executors: both yield Outcomes as they complete ---------------------------------

class LocalExecutor:
    """A ProcessPoolExecutor, kept busy with a small window of submitted drafts.

    A worker that dies (a crash in a PDF library, the OOM killer) breaks the
    whole pool and fails every draft in flight; those drafts are then retried
    one at a time on a fresh one-worker pool, so only the culprit is reported.
    """

    def __init__(self, jobs: int, worker: Callable[[Task], Outcome] | None = None):
        self.jobs = jobs
        self.worker = worker or review_one

    def results(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        todo = deque(tasks)
        suspects: deque[Task] = deque()
        while todo or suspects:
            isolate = bool(suspects)
            queue = suspects if isolate else todo
            width = 1 if isolate else min(self.jobs, len(todo))
            pool = ProcessPoolExecutor(max_workers=width, mp_context=_mp_context(),
                                       initializer=_init_local_worker)
            inflight: dict[Future, Task] = {}
            try:
                broken = False
                while (queue or inflight) and not broken:
                    while queue and len(inflight) < (1 if isolate else 2 * width):
                        task = queue.popleft()
                        inflight[pool.submit(self.worker, task)] = task
                    done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                    for fut in done:
                        task = inflight.pop(fut)
                        try:
                            outcome = fut.result()
                        except BrokenProcessPool:
                            if not isolate:
                                suspects.append(task)
                                broken = True
                                continue
                            outcome = Outcome(task.rel, "failed", error="WorkerDied",
                                              message="the review process died while reading this file "
                                                      "(a crash in a parser, or out of memory)")
                            broken = True
                        except Exception as exc:  # e.g. a result that cannot be pickled
                            outcome = failure(task.rel, exc)
                        yield outcome
                if broken:
                    suspects.extend(inflight.values())
                    inflight.clear()
            except BaseException:
                _stop_pool(pool, inflight)
                raise
            pool.shutdown(wait=True)

    def close(self) -> None:
        pass


def _mp_context():
    """forkserver where there is one (never fork a process that may hold threads), else spawn.

    The server imports the pipeline (spaCy and all) once; workers fork from it
    instead of importing it again each.
    """
    import multiprocessing as mp
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["lawreview.batch", "lawreview.pipeline", "lawreview.report"])
        return ctx
    return mp.get_context("spawn")


def _stop_pool(pool: ProcessPoolExecutor, inflight: dict[Future, Task]) -> None:
    """Cancel what has not started and kill what has: their outputs are only temp files."""
    for fut in inflight:
        fut.cancel()
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join(timeout=10)


class DaskExecutor:
    """Submits `review_one` to an existing Dask cluster.

    DIR and OUTDIR must be visible at the same paths on every worker (a shared
    filesystem): the workers read the drafts and write the outputs themselves.
    At most `window` drafts are in flight (--jobs; default twice the cluster's
    threads), so Ctrl-C has little to cancel and the scheduler little to hold.
    """

    def __init__(self, scheduler: str, root: Path, outdir: Path, window: int | None = None,
                 worker: Callable[[Task], Outcome] | None = None):
        from distributed import Client
        self.worker = worker or review_one
        try:
            # connect timeout: Dask's own setting, distributed.comm.timeouts.connect
            self.client = Client(scheduler, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise LawreviewError(f"cannot reach the Dask scheduler at {scheduler}: {one_line(exc)}") from None
        try:
            self.client.wait_for_workers(1, timeout=30)
            probes = self.client.run(probe_worker, str(root), str(outdir))
        except (OSError, TimeoutError) as exc:
            self.close()
            raise LawreviewError(f"no usable Dask worker at {scheduler}: {one_line(exc)}") from None
        except Exception as exc:
            self.close()
            raise LawreviewError(f"the Dask workers cannot run lawreview ({type(exc).__name__}: {one_line(exc)}); "
                                 f"install it on every worker") from None
        for addr, problem in sorted(probes.items()):
            if problem:
                self.close()
                raise LawreviewError(f"Dask worker {addr}: {problem} (DIR and OUTDIR must be on a filesystem "
                                     f"every worker sees at the same path)")
        threads = sum(self.client.nthreads().values())
        self.window = window or max(4, 2 * threads)

    def results(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        from distributed import as_completed
        todo = iter(tasks)
        inflight: dict = {}
        ac = as_completed(loop=self.client.loop)

        def submit_next() -> None:
            task = next(todo, None)
            if task is not None:
                fut = self.client.submit(self.worker, task, pure=False,
                                         key=f"lawreview-{secrets.token_hex(8)}")
                inflight[fut] = task
                ac.add(fut)

        try:
            for _ in range(self.window):
                submit_next()
            for fut in ac:
                task = inflight.pop(fut)
                try:
                    outcome = fut.result()
                except Exception as exc:  # KilledWorker: the draft killed its workers
                    outcome = failure(task.rel, exc)
                fut.release()
                submit_next()
                yield outcome
        except BaseException:
            if inflight:
                self.client.cancel(list(inflight), force=True)
            raise

    def close(self) -> None:
        self.client.close()


def probe_worker(root: str, outdir: str) -> str:
    """Runs on each Dask worker before any draft: '' when it can do the work, else the reason."""
    import lawreview  # noqa: F401  (fails, visibly, where lawreview is not installed)
    if not os.path.isdir(root):
        return f"cannot see the input folder {root}"
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as exc:
        return f"cannot create the output folder {outdir}: {exc.strerror or exc}"
    if not os.access(outdir, os.W_OK):
        return f"cannot write to the output folder {outdir}"
    return ""


# --- progress -----------------------------------------------------------------------

class Progress:
    """A progress bar on a terminal; a plain line every 10% or 10 s otherwise (logs, CI)."""

    def __init__(self, total: int, stream: TextIO | None):
        self.total, self.stream = total, stream
        self.done = self.failed = 0
        self.start = self.last = time.monotonic()
        self.last_decile = 0
        self.tty = bool(stream) and _isatty(stream) and os.environ.get("TERM") != "dumb"
        if self.tty:
            self._draw(self.start)

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += outcome.state == "failed"
        if self.stream is None:
            return
        if outcome.state == "failed":
            self.note(f"failed: {outcome.rel}: {outcome.error}: {outcome.message}")
        now = time.monotonic()
        if self.tty:
            if now - self.last >= 0.1 or self.done == self.total:
                self._draw(now)
        else:
            decile = self.done * 10 // max(self.total, 1)
            if decile > self.last_decile or now - self.last >= 10 or self.done == self.total:
                self.last_decile = decile
                self._write(f"lawreview batch: {self._status(now)}\n")
                self.last = now

    def note(self, line: str) -> None:
        if self.stream is None:
            return
        if self.tty:
            self._write(f"\r\x1b[K{line}\n")
            self._draw(time.monotonic())
        else:
            self._write(f"lawreview batch: {line}\n")

    def close(self) -> None:
        if self.stream is not None and self.tty:
            self._write("\r\x1b[K")

    def _status(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        eta = _clock((self.total - self.done) / rate) if self.done else "--:--"
        pct = 100 * self.done // max(self.total, 1)
        failed = f"  {self.failed} failed" if self.failed else ""
        return f"{self.done}/{self.total} ({pct}%)  {rate:.1f} docs/s  ETA {eta}{failed}"

    def _draw(self, now: float) -> None:
        self.last = now
        status = self._status(now)
        width = shutil.get_terminal_size((80, 20)).columns
        bar_w = max(10, min(40, width - len(status) - 4))
        fill = bar_w * self.done // max(self.total, 1)
        self._write(f"\r\x1b[K[{'#' * fill}{'.' * (bar_w - fill)}] {status}"[: width + 4])

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.stream = None


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


# --- the run ------------------------------------------------------------------------

@dataclass
class BatchReport:
    outdir: Path
    outcomes: list[Outcome] = field(default_factory=list)   # reviewed, skipped and failed
    hidden: int = 0
    unsupported: int = 0
    pending: int = 0                  # not reached because the run was interrupted
    interrupted: int = 0              # the signal number, 0 when the run finished
    seconds: float = 0.0

    def count(self, state: str) -> int:
        return sum(o.state == state for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 128 + self.interrupted
        return 1 if self.count("failed") else 0

    def summary_line(self) -> str:
        reviewed, skipped, failed = self.count("reviewed"), self.count("skipped"), self.count("failed")
        counts = f"{reviewed} reviewed, {skipped} skipped (up to date), {failed} failed"
        if failed:
            counts += f" (see {self.outdir / 'errors.csv'})"
        ignored = []
        if self.hidden:
            ignored.append(f"{self.hidden} hidden")
        if self.unsupported:
            ignored.append(f"{self.unsupported} unsupported")
        tail = f"; {' and '.join(ignored)} file(s) ignored" if ignored else ""
        if self.interrupted:
            return (f"lawreview batch: interrupted: {counts}, {self.pending} not reached "
                    f"(run the same command again to resume){tail}")
        lead = "nothing to review: all documents are up to date; " if reviewed == 0 and not failed and skipped else ""
        return f"lawreview batch: {lead}{counts} in {self.seconds:.1f} s{tail}"


class _Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C."""


def run_batch(opts: BatchOptions, *, stream: TextIO | None = sys.stderr,
              worker: Callable[[Task], Outcome] | None = None) -> BatchReport:
    """Review, write errors.csv and the summaries, and report; Ctrl-C stops cleanly.

    `worker` replaces `review_one` (it must be a picklable top-level function).
    """
    from .rulebook.loader import load_rulebook
    from .batch_summary import write_errors_csv, write_summary_csv, write_summary_html

    t0, started = time.monotonic(), time.time()
    rulebook = load_rulebook()        # a broken rulebook stops here, before any work (exit 2)
    country3 = None
    if opts.country:
        from .rulebook.instruments import resolve_country
        country3 = resolve_country(opts.country).alpha_3
    try:
        opts.outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LawreviewError(f"cannot create {opts.outdir}: {exc.strerror or exc}") from None
    executor = None
    if opts.executor == "dask":
        executor = DaskExecutor(opts.scheduler, opts.root, opts.outdir, window=opts.jobs, worker=worker)

    report = BatchReport(outdir=opts.outdir)
    progress: Progress | None = None
    todo: list[Task] = []
    try:
        remove_temp_files(opts.outdir)
        inv = discover(opts.root, exclude=opts.outdir)
        report.hidden, report.unsupported = inv.hidden, inv.unsupported
        report.outcomes.extend(inv.unreadable)
        for path in inv.files:
            rel = _rel(path, opts.root)
            task = Task(source=str(path), rel=rel, out_base=str(opts.outdir / rel), formats=opts.formats,
                        lang=opts.lang, country=opts.country, ratifications=opts.ratifications)
            done = None if opts.force else existing_review(task, rulebook, country3)
            if done is not None:
                report.outcomes.append(done)
            else:
                todo.append(task)
        todo.sort(key=_size, reverse=True)  # longest first: no straggler at the end
        if executor is None and todo:
            executor = LocalExecutor(min(opts.jobs or default_jobs(), len(todo)), worker=worker)
        plan = (f"--force: reviewing all {len(todo)}" if opts.force
                else f"{len(inv.files) - len(todo)} up to date; reviewing {len(todo)}")
        _say(stream, f"lawreview batch: {len(inv.files)} document(s) under {opts.root}; "
                     + (f"{plan} on {_where(opts, executor)}" if todo else "all up to date, nothing to review"))
        if todo:
            progress = Progress(len(todo), stream)
            with closing(executor.results(todo)) as results:
                for outcome in results:
                    report.outcomes.append(outcome)
                    progress.update(outcome)
    except KeyboardInterrupt as exc:
        report.interrupted = signal.SIGTERM if isinstance(exc, _Terminated) else signal.SIGINT
    finally:
        if progress is not None:
            progress.close()
        if executor is not None:
            executor.close()
    if report.interrupted:
        finished = {o.rel for o in report.outcomes}
        for task in todo:
            if task.rel not in finished:
                late = _written_since(task, started) and existing_review(task, rulebook, country3)
                if late:      # its worker finished it as we stopped: it counts, and the summary shows it
                    late.state = "reviewed"
                    report.outcomes.append(late)
                else:
                    report.pending += 1
    remove_temp_files(opts.outdir)
    report.seconds = time.monotonic() - t0
    failed = [o for o in report.outcomes if o.state == "failed"]
    rows = sorted((o for o in report.outcomes if o.state != "failed"), key=lambda o: o.rel)
    write_errors_csv(opts.outdir / "errors.csv", sorted(failed, key=lambda o: o.rel))
    write_summary_csv(opts.outdir / "summary.csv", rows, rulebook)
    write_summary_html(opts.outdir / "summary.html", rows, rulebook, report, opts)
    return report


def _written_since(task: Task, since: float) -> bool:
    try:
        return os.stat(f"{task.out_base}.json").st_mtime >= since
    except OSError:
        return False


def _size(task: Task) -> int:
    try:
        return os.path.getsize(task.source)
    except OSError:
        return 0


def _where(opts: BatchOptions, executor) -> str:
    if opts.executor == "dask":
        return f"the Dask cluster at {opts.scheduler}"
    n = executor.jobs
    return f"{n} worker process{'es' if n != 1 else ''}"


def _say(stream: TextIO | None, line: str) -> None:
    if stream is not None:
        try:
            print(line, file=stream, flush=True)
        except (OSError, ValueError):
            pass


def cmd_batch(args: argparse.Namespace) -> int:
    """The CLI entry: exit 0 all reviewed or skipped, 1 some failed, 2 bad arguments, 130 Ctrl-C."""
    opts = options_from_args(args)

    def on_term(signum, frame):
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        report = run_batch(opts, stream=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, previous)
    _say(sys.stderr, report.summary_line())
    return report.exit_code
