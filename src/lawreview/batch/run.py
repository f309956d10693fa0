"""The run: options, the plan (what is up to date, what to review), the report, the CLI entry."""

from __future__ import annotations

import os
import signal
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TextIO

from ..errors import LawreviewError
from ..output import remove_temp_files
from .discovery import _rel, discover
from .executors import _INSTALL_DASK, DaskExecutor, LocalExecutor
from .progress import Progress, say
from .resume import LOCK_NAME, OutputLock, ResumeState, resume_key
from .tasks import FORMATS, Outcome, Task

if TYPE_CHECKING:
    import argparse

MAX_LISTED = 10                        # skipped symlinks named one by one on stderr
STATE_EVERY = 2.0                      # seconds between two writes of the resume state


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
    follow_symlinks: bool = False
    memo: tuple[tuple[str, str], ...] = ()
    countries: object = None           # countries.CountryMap


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
        from ..rulebook.instruments import load_ratifications, resolve_country
        if args.country:
            resolve_country(args.country)
        load_ratifications([Path(p) for p in ratifications])
    from .countries import load_country_map
    countries = load_country_map(root.resolve(), args.country)
    return BatchOptions(root=root.resolve(), outdir=out.resolve(), jobs=args.jobs, countries=countries,
                        memo=memo_from_args(args),
                        formats=parse_formats(args.format), country=args.country, lang=args.lang,
                        ratifications=ratifications, force=args.force,
                        executor=args.executor, scheduler=args.scheduler,
                        follow_symlinks=args.follow_symlinks)


def memo_from_args(args) -> tuple[tuple[str, str], ...]:
    """The memo options of a command (see report.memo_options), as sorted pairs for a Task."""
    from ..report.memo_options import memo_options
    return tuple(sorted(memo_options(args).items()))


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


# --- the run ------------------------------------------------------------------------

@dataclass
class BatchReport:
    outdir: Path
    outcomes: list[Outcome] = field(default_factory=list)   # reviewed, skipped and failed
    hidden: int = 0
    unsupported: int = 0
    outside: int = 0                  # symlinks leading out of DIR, skipped (no --follow-symlinks)
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
        rendered = self.count("rendered")
        counts = f"{reviewed} reviewed, {skipped} skipped (up to date), {failed} failed"
        if rendered:
            counts = f"{reviewed} reviewed, {rendered} rendered from stored reviews, " + counts.split(", ", 1)[1]
        if failed:
            counts += f" (see {self.outdir / 'errors.csv'})"
        ignored = []
        if self.hidden:
            ignored.append(f"{self.hidden} hidden")
        if self.unsupported:
            ignored.append(f"{self.unsupported} unsupported")
        tail = f"; {' and '.join(ignored)} file(s) ignored" if ignored else ""
        if self.outside:
            tail += (f"; {self.outside} symlink(s) leading out of the folder skipped "
                     f"(--follow-symlinks to review their targets)")
        if self.interrupted:
            return (f"lawreview batch: interrupted: {counts}, {self.pending} not reached "
                    f"(run the same command again to resume){tail}")
        lead = ("nothing to review: all documents are up to date; "
                if reviewed == 0 and not rendered and not failed and skipped else "")
        return f"lawreview batch: {lead}{counts} in {self.seconds:.1f} s{tail}"


class _NothingToReview(LawreviewError):
    """DIR holds no draft: exit 2 with one line, not 'all up to date'."""


class _Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C."""


def run_batch(opts: BatchOptions, *, stream: TextIO | None = sys.stderr,
              worker: Callable[[Task], Outcome] | None = None) -> BatchReport:
    """Review, write errors.csv and the summaries, and report; Ctrl-C stops cleanly.

    `worker` replaces `review_one` (it must be a picklable top-level function).
    A second batch on the same OUTDIR is refused (LawreviewError, exit 2).
    """
    from ..rulebook.loader import load_rulebook

    rulebook = load_rulebook()        # a broken rulebook stops here, before any work (exit 2)
    country3 = None
    if opts.country:
        from ..rulebook.instruments import resolve_country
        country3 = resolve_country(opts.country).alpha_3
    key = resume_key(rulebook.version, country3, None, opts.ratifications)
    created = not opts.outdir.exists()
    try:
        opts.outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LawreviewError(f"cannot create {opts.outdir}: {exc.strerror or exc}") from None
    try:
        with OutputLock(opts.outdir):
            return _run_locked(opts, stream, worker, rulebook, country3, key)
    except _NothingToReview:
        if created:                   # leave no empty output folder behind
            (opts.outdir / LOCK_NAME).unlink(missing_ok=True)
            try:
                opts.outdir.rmdir()
            except OSError:
                pass
        raise


def _run_locked(opts: BatchOptions, stream: TextIO | None, worker: Callable[[Task], Outcome] | None,
                rulebook, country3: str | None, key: str) -> BatchReport:
    from .summary import write_errors_csv, write_summary_csv, write_summary_html

    t0, started = time.monotonic(), time.time()
    executor = None
    if opts.executor == "dask":
        executor = DaskExecutor(opts.scheduler, opts.root, opts.outdir, window=opts.jobs, worker=worker)

    report = BatchReport(outdir=opts.outdir)
    progress: Progress | None = None
    todo: list[Task] = []
    keys: dict[str | None, str] = {}

    def key_for(task: Task) -> str:
        # the review depends on the draft's State; language and memo options only on rendering
        if task.country not in keys:
            from ..rulebook.instruments import resolve_country
            c3 = resolve_country(task.country).alpha_3 if task.country else None
            keys[task.country] = resume_key(rulebook.version, c3, None, opts.ratifications)
        return keys[task.country]

    state = (ResumeState(opts.outdir, key, key_for=key_for) if opts.force
             else ResumeState.load(opts.outdir, key, key_for=key_for))
    try:
        remove_temp_files(opts.outdir)
        inv = discover(opts.root, exclude=opts.outdir, follow_symlinks=opts.follow_symlinks)
        report.hidden, report.unsupported, report.outside = inv.hidden, inv.unsupported, len(inv.outside)
        for rel in inv.outside[:MAX_LISTED]:
            say(stream, f"lawreview batch: skipped {rel}: a symlink leading out of {opts.root}")
        if len(inv.outside) > MAX_LISTED:
            say(stream, f"lawreview batch: skipped {len(inv.outside) - MAX_LISTED} more symlink(s) leading out of it")
        report.outcomes.extend(inv.unreadable)
        if not inv.files and not inv.unreadable and not inv.outside:
            raise _NothingToReview(_nothing_found(opts.root, inv))
        for path in inv.files:
            rel = _rel(path, opts.root)
            country = opts.countries.for_draft(rel) if opts.countries is not None else opts.country
            task = Task(source=str(path), rel=rel, out_base=str(opts.outdir / rel), formats=opts.formats,
                        lang=opts.lang, country=country, ratifications=opts.ratifications, memo=opts.memo)
            done = state.done(task)
            if done is not None:
                report.outcomes.append(done)
            elif not opts.force and state.reusable(task):
                todo.append(replace(task, rerender=True))
            else:
                todo.append(task)
        state.keep_only(o.rel for o in report.outcomes if o.state == "skipped")
        todo.sort(key=_size, reverse=True)  # longest first: no straggler at the end
        if executor is None and todo:
            executor = LocalExecutor(min(opts.jobs or default_jobs(), len(todo)), worker=worker)
        rerender = sum(t.rerender for t in todo)
        plan = (f"--force: reviewing all {len(todo)}" if opts.force
                else f"{len(inv.files) - len(todo)} up to date; reviewing {len(todo) - rerender}"
                     + (f", rendering {rerender} from the stored review" if rerender else ""))
        say(stream, f"lawreview batch: {len(inv.files)} document(s) under {opts.root}; "
                    + (f"{plan} on {_where(opts, executor)}" if todo else "all up to date, nothing to review"))
        if todo:
            progress = Progress(len(todo), stream)
            by_rel = {t.rel: t for t in todo}
            saved = time.monotonic()
            with closing(executor.results(todo)) as results:
                for outcome in results:
                    report.outcomes.append(outcome)
                    if outcome.state in ("reviewed", "rendered") and outcome.rel in by_rel:
                        state.record(by_rel[outcome.rel], outcome)
                    if state.dirty and time.monotonic() - saved >= STATE_EVERY:
                        _save(state, stream)
                        saved = time.monotonic()
                    progress.update(outcome)
    except KeyboardInterrupt as exc:
        report.interrupted = signal.SIGTERM if isinstance(exc, _Terminated) else signal.SIGINT
    finally:
        if progress is not None:
            progress.close()
        if executor is not None:
            executor.close()
        if state.dirty:
            _save(state, stream)
    if report.interrupted:
        finished = {o.rel for o in report.outcomes}
        for task in todo:
            if task.rel not in finished:
                late = state.adopt(task, started, rulebook.version, country3)
                if late:      # its worker finished it as we stopped: it counts, and the summary shows it
                    report.outcomes.append(late)
                else:
                    report.pending += 1
        if state.dirty:
            _save(state, stream)
    remove_temp_files(opts.outdir)
    report.seconds = time.monotonic() - t0
    failed = [o for o in report.outcomes if o.state == "failed"]
    rows = sorted((o for o in report.outcomes if o.state != "failed"), key=lambda o: o.rel)
    write_errors_csv(opts.outdir / "errors.csv", sorted(failed, key=lambda o: o.rel))
    write_summary_csv(opts.outdir / "summary.csv", rows, rulebook)
    write_summary_html(opts.outdir / "summary.html", rows, rulebook, report, opts)
    return report


def _nothing_found(root: Path, inv) -> str:
    ignored = [f"{n} {what}" for n, what in ((inv.hidden, "hidden"), (inv.unsupported, "unsupported")) if n]
    tail = f" ({' and '.join(ignored)} file(s) ignored)" if ignored else ""
    return f"{root}: no drafts to review: no .pdf, .docx, .txt or .md file in it{tail}"


def _save(state: ResumeState, stream: TextIO | None) -> None:
    """Write the resume state; if that fails, the drafts not recorded are only redone next time."""
    try:
        state.save()
    except OSError as exc:
        say(stream, f"lawreview batch: cannot write the resume state {state.path}: {exc.strerror or exc}")
        state.dirty = False


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
    say(sys.stderr, report.summary_line())
    return report.exit_code
