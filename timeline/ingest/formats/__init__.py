"""The readers of each file format, chosen by file extension; any other file is read as
plain text when it is text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from timeline.ingest.fields import ReadOptions
from timeline.ingest.formats.html import read_html
from timeline.ingest.formats.plain import read_plain
from timeline.ingest.formats.tabular import read_csv, read_jsonl
from timeline.records import ArticleRecord, ReadProblem

Reader = Callable[[Path, ReadOptions], Iterator[ArticleRecord | ReadProblem]]

READERS: dict[str, Reader] = {
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".html": read_html,
    ".htm": read_html,
}
TABULAR = frozenset({".jsonl", ".ndjson", ".csv"})  # positions are lines: problems name them


def reader_for(path: Path) -> Reader:
    return READERS.get(path.suffix.lower(), read_plain)
