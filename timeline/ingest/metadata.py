"""The metadata file (``--metadata``): publication dates, sources, titles per file and part.

A CSV with the columns ``file,part,published,source,title,author,url,type``: ``file`` relative
to the metadata file's folder, ``part`` the 1-based position of the article within a
multi-article file (JSONL/CSV: the line; blank: the whole file). Non-blank cells override what
the text says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from timeline.dates import parse_published
from timeline.errors import BadDate, BadInput
from timeline.ingest.decode import csv_rows, decode_message, decode_utf8
from timeline.ingest.fields import Fields
from timeline.ingest.text import clean_value, os_message
from timeline.records import check_doc_type

METADATA_COLUMNS = ("file", "part", "published", "source", "title", "author", "url", "type")


def is_metadata_header(names: list[str]) -> bool:
    """Whether a CSV header row is a metadata file's, not articles'."""
    return "file" in names and "text" not in names and set(names) <= set(METADATA_COLUMNS)


@dataclass(frozen=True, slots=True)
class MetadataEntry:
    """One row of a metadata file: values for one article (``part``) or a whole file."""

    file: Path  # resolved
    part: int | None
    line: int
    fields: Fields


class Metadata:
    """A loaded metadata file: per-file and per-article overrides, keyed by resolved path."""

    def __init__(self, path: Path, entries: Iterable[MetadataEntry]) -> None:
        self.path = path
        self.entries = tuple(entries)
        self._by_file: dict[Path, dict[int | None, Fields]] = {}
        for entry in self.entries:
            self._by_file.setdefault(entry.file, {})[entry.part] = entry.fields

    def __len__(self) -> int:
        return len(self.entries)

    def for_file(self, path: str | Path) -> dict[int | None, Fields]:
        """Entries for one file by part (None: the whole file); empty if it has none."""
        return self._by_file.get(Path(path).resolve(), {})

    def missing_files(self) -> list[MetadataEntry]:
        """Entries whose file does not exist (a likely typo; the caller may warn)."""
        return [e for e in self.entries if not e.file.exists()]


def load_metadata(path: str | Path, *, dayfirst: bool = False) -> Metadata:
    """Read and check a metadata CSV (columns in METADATA_COLUMNS, ``file`` required).

    ``file`` is relative to the metadata file's folder; ``part`` is the 1-based article
    position in that file (JSONL/CSV: the line), blank for the whole file. Blank cells
    give nothing. ``published`` takes what exports write, as a record's own field does
    ("2022-06-20", "June 20, 2022", RFC 2822, …; "20/06/2022" with ``dayfirst``). Raises
    BadInput naming the line for an unknown or repeated column, a bad part, date or type,
    too many fields, or a (file, part) given twice: the user's own corrections are checked
    before anything is stored.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read metadata file {path}: {os_message(exc)}") from None
    try:
        text = decode_utf8(data)
    except UnicodeDecodeError as exc:
        raise BadInput(f"metadata file {path}: {decode_message(exc)}") from None

    def fail(line: int, message: str) -> BadInput:
        return BadInput(f"metadata file {path}, line {line}: {message}")

    folder = path.parent
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    entries: list[MetadataEntry] = []
    seen: dict[tuple[Path, int | None], int] = {}
    for line, row in csv_rows(reader):
        if isinstance(row, csv.Error):
            raise fail(line, f"bad CSV: {row}")
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [name.strip().lower() for name in row]
            for name in header:
                if name not in METADATA_COLUMNS:
                    expected = ", ".join(METADATA_COLUMNS)
                    raise fail(line, f"unknown column {name!r} (expected: {expected})")
                if header.count(name) > 1:
                    raise fail(line, f"column {name!r} given twice")
            if "file" not in header:
                raise fail(line, "no 'file' column")
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            raise fail(line, f"{len(row)} fields but the header has {len(header)}")
        cells = {k: v.strip() for k, v in zip(header, row, strict=False)}
        entry = _metadata_entry(cells, folder, line, fail, dayfirst)
        key = (entry.file, entry.part)
        if key in seen:
            part = f"part {entry.part}" if entry.part else "(whole file)"
            raise fail(line, f"{cells['file']!r} {part} given twice (first on line {seen[key]})")
        seen[key] = line
        entries.append(entry)
    if header is None:
        raise BadInput(f"metadata file {path} is empty (expected a header row)")
    return Metadata(path, entries)


def _metadata_entry(
    cells: dict[str, str],
    folder: Path,
    line: int,
    fail: Callable[[int, str], BadInput],
    dayfirst: bool,
) -> MetadataEntry:
    if not cells.get("file"):
        raise fail(line, "empty 'file'")
    part = None
    if cells.get("part"):
        if not cells["part"].isdigit() or int(cells["part"]) < 1:
            raise fail(line, f"bad part {cells['part']!r} (expected 1, 2, … or blank)")
        part = int(cells["part"])
    published = None
    if cells.get("published"):
        try:
            published = parse_published(cells["published"], dayfirst=dayfirst)
        except BadDate as exc:
            raise fail(line, str(exc)) from None
    doc_type = None
    if cells.get("type"):
        try:
            doc_type = check_doc_type(cells["type"])
        except BadInput:
            raise fail(
                line, f"bad type {cells['type']!r} (expected news, narrative or blank)"
            ) from None
    values = Fields(
        published=published,
        title=clean_value(cells.get("title")),
        source=clean_value(cells.get("source")),
        author=clean_value(cells.get("author")),
        url=clean_value(cells.get("url")),
        doc_type=doc_type,
    )
    return MetadataEntry((folder / cells["file"]).resolve(), part, line, values)
