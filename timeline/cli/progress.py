"""A one-line progress display for long runs: counts and rate, redrawn on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``Ingesting  files 3/10  12,345 articles  850 articles/s`` on stderr, if it is a terminal."""

    def __init__(self, label: str, files: int, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.label, self.files_total = label, files
        self.files = self.articles = 0
        self.started = self.drawn = time.monotonic()

    def file_done(self) -> None:
        self.files += 1
        self._draw()

    def article(self, _item: object = None) -> None:
        self.articles += 1
        if time.monotonic() - self.drawn > 0.2:
            self._draw()

    def rate(self) -> float:
        return self.articles / max(time.monotonic() - self.started, 1e-9)

    def _draw(self) -> None:
        if not self.enabled:
            return
        self.drawn = time.monotonic()
        self.stream.write(
            f"\r{self.label}  files {self.files}/{self.files_total}  "
            f"{self.articles:,} articles  {self.rate():,.0f} articles/s \x1b[K"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
