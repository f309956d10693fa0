"""Progress on stderr: a bar on a terminal, plain lines in logs and CI.

File names and messages are printed without their control characters: a
draft named with an escape sequence (ESC[31m, an OSC window title) must not
drive the user's terminal.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

from ..textutil import strip_controls
from .tasks import Outcome


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
        line = strip_controls(line).replace("\n", " ").replace("\t", " ")
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


def say(stream: TextIO | None, line: str) -> None:
    """One line on `stream` (stderr), control characters removed; a closed stream is not an error."""
    if stream is not None:
        try:
            print(strip_controls(line), file=stream, flush=True)
        except (OSError, ValueError):
            pass
