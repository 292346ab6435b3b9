"""Defaults shared by the library and the command line; cheap to import (no dependencies)."""

from __future__ import annotations

import os

DEFAULT_DATABASE_URL = "sqlite:///timeline.db"
DATABASE_URL_ENV = "TIMELINE_DB"

# The tagger takes seconds per MB of dated prose (bench/README.md): a longer "article" is
# almost always a whole dump in one line, better split before ingesting.
DEFAULT_MAX_ARTICLE_MB = 10.0

BATCH_SIZE = 200  # articles per ingest transaction: few commits, bounded memory


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
