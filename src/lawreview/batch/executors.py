"""Executors: local worker processes or a Dask cluster; both yield Outcomes as they complete."""

from __future__ import annotations

import os
import secrets
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import LawreviewError
from .tasks import Outcome, Task, failure, one_line
from .worker import _init_local_worker, review_one

_INSTALL_DASK = "pip install 'lawreview[distributed]'"

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
                                       initializer=_init_local_worker, initargs=(os.getpid(),))
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
        ctx.set_forkserver_preload(["lawreview.batch.worker", "lawreview.pipeline", "lawreview.report"])
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
