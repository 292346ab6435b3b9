"""A one-line progress display for long runs: counts and rate, redrawn on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``Ingesting  files 3/10  12,345 articles  850 articles/s`` on stderr, if it is a
    terminal (:class:`timeline.ingest.pipeline.IngestProgress`)."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.label = label
        self.files_total = self.files_done = self.articles = 0
        self.started = self.drawn = time.monotonic()

    def files(self, total: int) -> None:
        self.files_total = total
        self._draw()

    def file_done(self) -> None:
        self.files_done += 1
        self._draw()

    def article(self) -> None:
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
            f"\r{self.label}  files {self.files_done}/{self.files_total}  "
            f"{self.articles:,} articles  {self.rate():,.0f} articles/s \x1b[K"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
