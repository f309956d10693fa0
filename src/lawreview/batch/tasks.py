"""What travels between the main process and the workers: a Task out, an Outcome back.

Plain data, so that both pickle for any executor (local processes or Dask);
never a Review, so nothing large crosses process or network boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMATS = ("json", "html", "md", "docx")
SCHEMA = "lawreview.review/1"


@dataclass(frozen=True)
class Task:
    """One draft to review; plain data so it pickles for any executor."""
    source: str                        # absolute path of the draft
    rel: str                           # its path under DIR, '/'-separated
    out_base: str                      # absolute OUTDIR/rel; outputs are out_base + "." + fmt
    formats: tuple[str, ...]           # json last
    lang: str | None = None
    country: str | None = None
    ratifications: tuple[str, ...] = ()
    memo: tuple[tuple[str, str], ...] = ()   # memo options (variant, to, from, date, ref), sorted pairs
    rerender: bool = False             # the stored JSON review is current: render from it, do not review


@dataclass
class Outcome:
    """What the summary needs of one draft: its status row, or why it failed."""
    rel: str
    state: str                         # reviewed | rendered | skipped | failed
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
    source_sha256: str | None = None   # of the draft as reviewed
    digests: dict[str, list] = field(default_factory=dict)   # format -> [sha256, size] of what was written



def failure(rel: str, exc: BaseException, **kw) -> Outcome:
    return Outcome(rel, "failed", error=type(exc).__name__, message=one_line(exc), **kw)


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] if text else type(exc).__name__
