"""Build progress on a terminal: interviews done, rate and time left; silent elsewhere."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, enabled: bool, stream: TextIO = sys.stderr, every: float = 0.2) -> None:
        self.total, self.enabled, self.stream, self.every = total, enabled, stream, every
        self.done = 0
        self.started = self.last = time.monotonic()

    @classmethod
    def for_terminal(cls, total: int, quiet: bool) -> "Progress":
        return cls(total, enabled=not quiet and sys.stderr.isatty())

    def advance(self) -> None:
        self.update(self.done + 1)

    def update(self, done: int) -> None:
        """Record ``done`` interviews finished, redrawing the line at most every ``every`` seconds."""
        self.done = done
        now = time.monotonic()
        if self.enabled and (now - self.last >= self.every or self.done == self.total):
            self.last = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        return f"interviews {self.done}/{self.total}  {rate:.1f}/s  ETA {left:.0f} s "

    def finish(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started
