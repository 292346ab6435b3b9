"""Article readers: files and folders in, article records out (no database, no CLI).

Formats, chosen by file extension:

* ``.txt``, ``.md``, no extension: plain text, one or more articles (layout below).
* ``.jsonl``/``.ndjson``: one JSON object per line; ``text`` is required, ``published``
  (or ``date``/``dct``), ``title``, ``source``, ``url``, ``author``, ``type`` and
  ``language`` are optional. ``position`` is the line number.
* ``.csv``: a header row naming at least ``text`` (the same optional columns as JSONL,
  other columns ignored); quoted fields may span lines. ``position`` is the line the row
  starts on (the spreadsheet row number when no field spans lines).
* ``.html``/``.htm``: a saved web page, one article. Visible text only (no script, style,
  navigation, footer, aside or form); inside ``<article>`` (else ``<main>``) when the page
  has one. Title from ``og:title``, else the first ``<h1>``, else ``<title>``; publication
  date from ``article:published_time``/``datePublished`` meta, else the first
  ``<time datetime>``; also ``og:site_name`` (source), ``author`` meta, canonical URL and
  ``<html lang>``. Meta tags count as the record's own fields; ``<h1>``/``<title>`` as
  what the text suggests (see the precedence below).
* Any other extension: read as plain text if the file is UTF-8 text without NUL bytes,
  else a :class:`ReadProblem` ("unsupported file type").

Files are decoded as UTF-8 (a BOM is allowed); anything else is a ReadProblem naming the
byte and its offset. Stored text has CRLF/CR turned into LF, non-breaking and other
Unicode spaces turned into plain spaces, trailing spaces dropped and runs of blank lines
squeezed to one; everything else (curly quotes, dashes) is kept.

Where each field comes from, most specific first — the first one that gives a value wins:

1. the record itself: a JSONL/CSV field, an HTML meta tag or ``<time>`` (origin ``record``);
2. the metadata file entry for this file and part, then its entry for the whole file
   (``metadata``);
3. the ``published``/``source``/``doc_type`` arguments, i.e. the command line (``cli``);
4. what the text itself suggests: a date header line, a title line, a byline, a source lead
   (origin ``header`` for the date);
5. nothing (origin ``unknown``).

Plain-text layout (the shape of pages scraped as text), handled by general rules:

* The first non-empty line is a *header*, never part of an article, when it is a date alone
  ("Tuesday , 7 May 2024": the capture date, used only when nothing else dates the
  article) or a site header: a phrase said twice ("News AFP News AFP") or a line that
  also follows a "Read More" separator.
* A line "Read More" ends an article; the header line repeated after it is dropped.
* An article's first paragraph is its title when it is one line of at most 200 characters
  not ending in ``.``, ``,`` or ``;`` and more paragraphs follow (``# Title`` in Markdown).
* In the body: a byline "By Amir Havasi" among the first paragraphs becomes the author;
  photo credit lines ("Photo: IRNA") are dropped; a standfirst repeated verbatim as the
  next paragraph is kept once; trailing lines that are only a number (scraped share
  counters) are dropped; a lead "Al-Monitor – The …" gives the source and loses its
  prefix (all-capitals leads such as "TEHRAN —" are datelines and are left alone).
  Subheadings stay as their own paragraphs. These rules also clean HTML bodies.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, Protocol

from timeline.calendar import CalendarError, parse_iso_day
from timeline.errors import TimelineError

DOC_TYPES = ("news", "narrative")
METADATA_COLUMNS = ("file", "part", "published", "source", "title", "author", "url", "type")

TEXT_SUFFIXES = frozenset({"", ".txt", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

# first key present wins
_DATE_KEYS = ("published", "date", "dct")


class _CsvReader(Protocol):
    """What csv.reader returns (its class is private)."""

    line_num: int

    def __next__(self) -> list[str]: ...


# Articles can exceed csv's default 128 KiB field limit; 256 MiB still stops runaway quotes.
_CSV_FIELD_LIMIT = 256 * 1024 * 1024


class ReaderError(TimelineError):
    """A bad argument or metadata file: the whole ingestion cannot go on."""


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    text: str  # the body: title, bylines, headers and photo credits removed
    title: str | None
    source: str | None
    author: str | None
    url: str | None
    published: str | None  # ISO YYYY-MM-DD
    published_origin: str  # "record" | "metadata" | "cli" | "header" | "unknown"
    language: str
    doc_type: str | None  # "news" | "narrative" | None
    origin_path: str
    position: int  # 1-based; JSONL/CSV: the line the record starts on


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A file or row that could not be read; the other files and rows still are."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class _Fields:
    """Values one layer (record, metadata, arguments, text) gives; None = says nothing."""

    published: str | None = None
    title: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    doc_type: str | None = None
    language: str | None = None


_NO_FIELDS = _Fields()


@dataclass(frozen=True, slots=True)
class MetadataEntry:
    """One row of a metadata file: values for one article (``part``) or a whole file."""

    file: Path  # resolved
    part: int | None
    line: int
    fields: _Fields


class Metadata:
    """A loaded metadata file: per-file and per-article overrides, keyed by resolved path."""

    def __init__(self, path: Path, entries: Iterable[MetadataEntry]) -> None:
        self.path = path
        self.entries = tuple(entries)
        self._by_file: dict[Path, dict[int | None, _Fields]] = {}
        for entry in self.entries:
            self._by_file.setdefault(entry.file, {})[entry.part] = entry.fields

    def __len__(self) -> int:
        return len(self.entries)

    def for_file(self, path: str | Path) -> dict[int | None, _Fields]:
        """Entries for one file by part (None: the whole file); empty if it has none."""
        return self._by_file.get(Path(path).resolve(), {})

    def missing_files(self) -> list[MetadataEntry]:
        """Entries whose file does not exist (a likely typo; the caller may warn)."""
        return [e for e in self.entries if not e.file.exists()]


# ---------------------------------------------------------------------------------------
# discovery


def discover(paths: Iterable[str | Path]) -> Iterator[Path | ReadProblem]:
    """The files named, and those inside the folders named (recursively, sorted).

    Hidden files and folders inside a named folder are skipped (a hidden file named
    explicitly is read). A file reached twice is given once. A missing path is a
    ReadProblem.
    """
    seen: set[Path] = set()

    def once(path: Path) -> bool:
        key = path.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for given in paths:
        path = Path(given)
        if path.is_dir():
            walk_problems: list[ReadProblem] = []

            def on_error(exc: OSError, problems: list[ReadProblem] = walk_problems) -> None:
                problems.append(ReadProblem(str(exc.filename), None, _os_message(exc)))

            for folder, dirs, files in os.walk(path, onerror=on_error):
                # pruning in place keeps os.walk out of hidden folders and its order sorted
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        file = Path(folder, name)
                        if once(file):
                            yield file
                yield from walk_problems
                walk_problems.clear()
        elif path.is_file():
            if once(path):
                yield path
        elif path.exists():
            yield ReadProblem(str(path), None, "not a regular file or folder")
        else:
            yield ReadProblem(str(path), None, "no such file or folder")


# ---------------------------------------------------------------------------------------
# reading


@dataclass(frozen=True, slots=True)
class _Options:
    cli: _Fields
    metadata: Metadata | None


def read_articles(
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    source: str | None = None,
    metadata: Metadata | None = None,
    doc_type: str | None = None,
) -> Iterator[ArticleRecord | ReadProblem]:
    """Articles from files and folders, one at a time, with problems in between.

    ``published`` (YYYY-MM-DD), ``source`` and ``doc_type`` fill in what neither the
    record nor the metadata gives (see the module docstring for the full precedence).
    Bad arguments raise ReaderError at once; a bad file or row is a ReadProblem and
    reading goes on. The metadata file itself is skipped when a folder holding it is read.
    """
    if published is not None:
        try:
            published = _strict_date(published)
        except ValueError as exc:
            raise ReaderError(str(exc)) from None
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise ReaderError(f"bad document type {doc_type!r} (expected news or narrative)")
    options = _Options(
        cli=_Fields(published=published, source=_clean_value(source), doc_type=doc_type),
        metadata=metadata,
    )
    return _read_all(paths, options)


def _read_all(
    paths: Iterable[str | Path], options: _Options
) -> Iterator[ArticleRecord | ReadProblem]:
    skip = options.metadata.path.resolve() if options.metadata else None
    for item in discover(paths):
        if isinstance(item, ReadProblem):
            yield item
        elif item.resolve() != skip:
            yield from _read_file(item, options)


def _read_file(path: Path, options: _Options) -> Iterator[ArticleRecord | ReadProblem]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, options)
        elif suffix in CSV_SUFFIXES:
            yield from _read_csv(path, options)
        elif suffix in HTML_SUFFIXES:
            yield from _read_html(path, options)
        else:
            yield from _read_plain(path, options, known=suffix in TEXT_SUFFIXES)
    except OSError as exc:
        yield ReadProblem(str(path), None, _os_message(exc))


def _build(
    path: Path,
    position: int,
    text: str,
    options: _Options,
    file_meta: Mapping[int | None, _Fields],
    *,
    record: _Fields = _NO_FIELDS,
    inferred: _Fields = _NO_FIELDS,
) -> ArticleRecord:
    """Merge the layers, most specific first (module docstring)."""
    layers = (
        ("record", record),
        ("metadata", file_meta.get(position, _NO_FIELDS)),
        ("metadata", file_meta.get(None, _NO_FIELDS)),
        ("cli", options.cli),
        ("header", inferred),  # guessed from the text; "header" names its date's origin
    )

    def pick(name: str) -> str | None:
        return next((getattr(f, name) for _, f in layers if getattr(f, name)), None)

    origin = next((o for o, f in layers if f.published), "unknown")
    return ArticleRecord(
        text=text,
        title=pick("title"),
        source=pick("source"),
        author=pick("author"),
        url=pick("url"),
        published=pick("published"),
        published_origin=origin,
        language=pick("language") or "en",
        doc_type=pick("doc_type"),
        origin_path=str(path),
        position=position,
    )


def content_hash(record: ArticleRecord | str) -> str:
    """SHA-256 (hex) of the body text with whitespace collapsed and Unicode in NFC.

    Only the body counts, so the same article re-ingested with another title, date or
    file name is recognised as already stored.
    """
    text = record if isinstance(record, str) else record.text
    squeezed = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(squeezed.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------
# text normalisation and values

# Unicode space separators other than U+0020 (and the line/paragraph separators)
_SPACE_MAP = {
    cp: " " for cp in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
} | {0x2028: "\n", 0x2029: "\n\n"}
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalize_text(text: str) -> str:
    """LF line ends, plain spaces; no trailing spaces, single blank lines, no outer blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACE_MAP)
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def _squash(text: str) -> str:
    return " ".join(text.translate(_SPACE_MAP).split())


def _clean_value(value: str | None) -> str | None:
    """A one-line field (title, source…): spaces squeezed; empty means absent."""
    if value is None:
        return None
    return _squash(value) or None


_ISO_DAY = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")
_ISO_DATE_TIME = re.compile(r"^(-?\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}\S*)?$")


def _check_day(day: str, shown: str, what: str) -> None:
    """ValueError unless ``day`` (YYYY-MM-DD) is a real day."""
    try:
        parse_iso_day(day)
    except CalendarError as exc:
        raise ValueError(f"bad {what} {shown!r}: {exc}") from None


def _strict_date(value: str, what: str = "published date") -> str:
    """``value`` if it is a real YYYY-MM-DD day (a leading minus for BCE), else ValueError."""
    value = value.strip()
    if not _ISO_DAY.match(value):
        raise ValueError(f"bad {what} {value!r} (expected YYYY-MM-DD)")
    _check_day(value, value, what)
    return value


def _record_date(value: str, what: str = "published date") -> str:
    """The day of an ISO date or date-time, as written (no time-zone shift), else ValueError."""
    value = value.strip()
    match = _ISO_DATE_TIME.match(value)
    if not match:
        raise ValueError(f"bad {what} {value!r} (expected YYYY-MM-DD or an ISO date-time)")
    _check_day(match[1], value, what)
    return match[1]


def _language(value: str | None) -> str | None:
    """Primary subtag, lower case: "en-US" → "en"."""
    if not value:
        return None
    return re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower() or None


def _os_message(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


def _decode(data: bytes) -> str:
    """UTF-8 with or without BOM; UnicodeDecodeError offsets count from the file start."""
    return data.decode("utf-8").removeprefix("\ufeff")


def _decode_message(exc: UnicodeDecodeError, base: int = 0) -> str:
    return f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {base + exc.start})"


class _Lines:
    """Decoded lines of a binary file, streamed, remembering the first undecodable one.

    Undecodable bytes become U+FFFD so csv can keep its place; the caller turns the
    remembered line into a ReadProblem for the row holding it.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.number = 0
        self.offset = 0
        self.bad: tuple[int, str] | None = None  # (line, message)

    def __iter__(self) -> Iterator[str]:
        for raw in self.handle:
            self.number += 1
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                if self.bad is None:
                    self.bad = (self.number, _decode_message(exc, self.offset))
                line = raw.decode("utf-8", "replace")
            if self.number == 1:
                line = line.removeprefix("\ufeff")
            self.offset += len(raw)
            yield line

    def take_bad(self) -> tuple[int, str] | None:
        bad, self.bad = self.bad, None
        return bad


# ---------------------------------------------------------------------------------------
# JSONL and CSV


class _RowError(Exception):
    pass


def _text_value(values: Mapping[str, object], key: str) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return _clean_value(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return _clean_value(", ".join(value))  # e.g. several authors
    raise _RowError(f"{key!r} must be text, not {type(value).__name__}")


def _record(
    values: Mapping[str, object],
    path: Path,
    line: int,
    options: _Options,
    file_meta: Mapping[int | None, _Fields],
) -> ArticleRecord | ReadProblem:
    """One JSONL object or CSV row (all keys lower case) → a record or a problem."""
    try:
        text = values.get("text")
        if text is None:
            raise _RowError("no 'text'")
        if not isinstance(text, str):
            raise _RowError(f"'text' must be text, not {type(text).__name__}")
        body = normalize_text(text)
        if not body:
            raise _RowError("empty 'text'")
        published = None
        for key in _DATE_KEYS:
            raw = _text_value(values, key)
            if raw:
                try:
                    published = _record_date(raw, "date" if key == "date" else f"{key} date")
                except ValueError as exc:
                    raise _RowError(str(exc)) from None
                break
        doc_type = _text_value(values, "type")
        if doc_type is not None:
            doc_type = doc_type.lower()
            if doc_type not in DOC_TYPES:
                raise _RowError(f"bad type {doc_type!r} (expected news or narrative)")
        record = _Fields(
            published=published,
            title=_text_value(values, "title"),
            source=_text_value(values, "source"),
            author=_text_value(values, "author"),
            url=_text_value(values, "url"),
            doc_type=doc_type,
            language=_language(_text_value(values, "language")),
        )
    except _RowError as exc:
        return ReadProblem(str(path), line, str(exc))
    return _build(path, line, body, options, file_meta, record=record)


def _file_meta(path: Path, options: _Options) -> Mapping[int | None, _Fields]:
    return options.metadata.for_file(path) if options.metadata else {}


def _read_jsonl(path: Path, options: _Options) -> Iterator[ArticleRecord | ReadProblem]:
    file_meta = _file_meta(path, options)
    with path.open("rb") as handle:
        lines = _Lines(handle)
        for line in lines:
            bad = lines.take_bad()
            if bad:
                yield ReadProblem(str(path), *bad)
                continue
            if not line.strip():
                continue
            try:
                values = json.loads(line)
            except json.JSONDecodeError as exc:
                yield ReadProblem(
                    str(path), lines.number, f"bad JSON: {exc.msg} (column {exc.colno})"
                )
                continue
            if not isinstance(values, dict):
                kind = type(values).__name__
                yield ReadProblem(str(path), lines.number, f"expected a JSON object, not {kind}")
                continue
            values = {str(k).lower(): v for k, v in values.items()}
            yield _record(values, path, lines.number, options, file_meta)


def _is_metadata_header(names: list[str]) -> bool:
    return "file" in names and "text" not in names and set(names) <= set(METADATA_COLUMNS)


def _csv_rows(reader: _CsvReader) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(line the row starts on, row) pairs; a malformed row comes as its error.

    The reader must be strict: a lenient one swallows the rest of the file into the field
    of a quote never closed. After an error it starts afresh on the next line.
    """
    start = 1
    while True:
        try:
            row: list[str] | csv.Error = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row = exc
        yield start, row
        start = reader.line_num + 1


def _read_csv(path: Path, options: _Options) -> Iterator[ArticleRecord | ReadProblem]:
    file_meta = _file_meta(path, options)
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    header: list[str] | None = None
    with path.open("rb") as handle:
        lines = _Lines(handle)
        for line, row in _csv_rows(csv.reader(lines, strict=True)):
            bad = lines.take_bad()
            if bad:
                yield ReadProblem(str(path), *bad)
                continue
            if isinstance(row, csv.Error):
                yield ReadProblem(str(path), line, f"bad CSV: {row}")
                continue
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [name.strip().lower() for name in row]
                if "text" in header:
                    continue
                if _is_metadata_header(header):
                    message = "a metadata file, not articles: give it as the metadata file"
                else:
                    message = "no 'text' column in the header row"
                yield ReadProblem(str(path), line, message)
                return
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                message = f"{len(row)} fields but the header has {len(header)}"
                yield ReadProblem(str(path), line, message)
                continue
            values = dict(zip(header, row, strict=False))
            yield _record(values, path, line, options, file_meta)
    if header is None:
        yield ReadProblem(str(path), None, "empty file")


# ---------------------------------------------------------------------------------------
# plain text

_READ_MORE = re.compile(r"^read more\W*$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?i:by)\s+(?P<name>[A-Z][\w'’.-]*"
    r"(?:,?\s+(?:[A-Z][\w'’.-]*|al|el|bin|ibn|de|da|del|der|van|von|la|le|du|and|&)){0,7})$"
)
_PHOTO_CREDIT = re.compile(
    r"^\(?(?:(?:file\s+)?photo(?:graph)?s?|images?|pictures?)(?:\s+credits?)?\s*:\s*\S.{0,80}$",
    re.IGNORECASE,
)
_SOURCE_LEAD = re.compile(
    r"^(?P<source>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})\s+(?:[–—]|--?)\s+"
    r"(?=[\"“‘'A-Z0-9])"
)
# fmt: off
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
# fmt: on
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# words a date line may hold: names, their usual abbreviations, ordinal suffixes
_DATE_WORDS = frozenset(
    [*_MONTHS, *_WEEKDAYS, *(w[:3] for w in _MONTHS + _WEEKDAYS)]
    + ["sept", "tues", "thur", "thurs", "st", "nd", "rd", "th", "of"]
)
_BYLINE_WINDOW = 3  # bylines sit among an article's first paragraphs


def _header_date(line: str) -> str | None:
    """ISO day of a line that is a date and nothing else ("Tuesday , 7 May 2024")."""
    s = line.strip()
    # cheap filters first: dateparser is slow and finds dates in ordinary words
    if len(s) > 40 or not re.search(r"\d", s) or re.search(r"[^\w\s,./-]", s):
        return None
    words = re.findall(r"[^\W\d_]+", s)
    if any(w.lower() not in _DATE_WORDS for w in words):
        return None
    import dateparser  # slow to import: only when a date-like header is there

    parsed = dateparser.parse(
        s, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date().isoformat() if parsed else None


def _is_doubled(line: str) -> bool:
    """A phrase said twice, as site headers scraped as text are ("News AFP News AFP")."""
    words = line.split()
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def _paragraphs(lines: list[str]) -> list[str]:
    return [p.strip("\n") for p in "\n".join(lines).split("\n\n") if p.strip()]


def _looks_like_title(paragraph: str) -> bool:
    # headlines are one short line without closing punctuation ("?" and "!" happen)
    return (
        "\n" not in paragraph and len(paragraph) <= 200 and not paragraph.endswith((".", ",", ";"))
    )


@dataclass(frozen=True, slots=True)
class _Article:
    title: str | None
    author: str | None
    source: str | None
    body: str


def _clean_body(paragraphs: list[str]) -> tuple[list[str], str | None, str | None]:
    """Drop bylines, photo credits, a repeated standfirst and trailing counters.

    Returns the paragraphs left, the author and the source lead.
    """
    author = None
    kept: list[str] = []
    for paragraph in paragraphs:
        one_line = "\n" not in paragraph
        if one_line and _PHOTO_CREDIT.match(paragraph) and len(paragraph.split()) <= 10:
            continue
        if one_line and author is None and len(kept) < _BYLINE_WINDOW:
            match = _BYLINE.match(paragraph)
            if match:
                author = match["name"]
                continue
        kept.append(paragraph)
    # scraped pages often repeat the standfirst as the first body paragraph: keep it once
    if len(kept) >= 2 and _squash(kept[0]) == _squash(kept[1]):
        del kept[1]
    while len(kept) > 1 and kept[-1].strip().isdigit():
        kept.pop()
    source = None
    if kept:
        match = _SOURCE_LEAD.match(kept[0])
        if match and not match["source"].isupper():  # "TEHRAN —" is a dateline
            source = match["source"]
            kept[0] = kept[0][match.end() :]
    return kept, author, source


def _split_plain(text: str, markdown: bool) -> tuple[str | None, list[_Article]]:
    """The header date and the articles of a plain-text file (layout in the docstring)."""
    lines = text.split("\n")
    after_separator: set[str] = set()
    for i, line in enumerate(lines):
        if _READ_MORE.match(line.strip()):
            following = next((s.strip() for s in lines[i + 1 :] if s.strip()), None)
            if following:
                after_separator.add(following)

    header_date = None
    header_line = None
    index = 0

    def next_line(start: int) -> int:
        while start < len(lines) and not lines[start].strip():
            start += 1
        return start

    index = next_line(0)
    if index < len(lines) and (date := _header_date(lines[index])):
        header_date = date
        index = next_line(index + 1)
    if index < len(lines):
        first = lines[index].strip()
        if _is_doubled(first) or first in after_separator:
            header_line = first
            index += 1

    segments: list[list[str]] = [[]]
    for line in lines[index:]:
        if _READ_MORE.match(line.strip()):
            segments.append([])
            continue
        segment = segments[-1]
        at_start = not any(s.strip() for s in segment)
        if (
            at_start
            and len(segments) > 1
            and line.strip()
            and (line.strip() == header_line or _is_doubled(line.strip()))
        ):
            continue  # the site header repeated after "Read More"
        segment.append(line)

    articles = []
    for segment in segments:
        paragraphs = _paragraphs(segment)
        if not paragraphs:
            continue
        title = None
        first = paragraphs[0].strip()
        if markdown and first.startswith("#") and "\n" not in first:
            title, paragraphs = first.lstrip("#").strip() or None, paragraphs[1:]
        elif len(paragraphs) >= 2 and _looks_like_title(first):
            title, paragraphs = first, paragraphs[1:]
        body, author, source = _clean_body(paragraphs)
        text_body = "\n\n".join(body).strip()
        if text_body:
            articles.append(_Article(title, author, source, text_body))
    return header_date, articles


def _read_plain(
    path: Path, options: _Options, *, known: bool
) -> Iterator[ArticleRecord | ReadProblem]:
    data = path.read_bytes()
    if not known and b"\0" in data:
        yield ReadProblem(str(path), None, f"unsupported file type {path.suffix!r}")
        return
    try:
        text = normalize_text(_decode(data))
    except UnicodeDecodeError as exc:
        message = _decode_message(exc)
        if not known:
            message = f"unsupported file type {path.suffix!r} ({message})"
        yield ReadProblem(str(path), None, message)
        return
    header_date, articles = _split_plain(text, markdown=path.suffix.lower() == ".md")
    if not articles:
        yield ReadProblem(str(path), None, "no article text")
        return
    file_meta = _file_meta(path, options)
    for position, article in enumerate(articles, 1):
        inferred = _Fields(
            published=header_date,
            title=article.title,
            source=article.source,
            author=article.author,
        )
        yield _build(path, position, article.body, options, file_meta, inferred=inferred)


# ---------------------------------------------------------------------------------------
# HTML

# fmt: off
# never visible, or not article text (photo captions are credits more than prose)
_SKIPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "title", "select", "button", "figcaption",
})
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "form"})  # site furniture
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl",
    "dt", "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "td", "th", "tr", "ul",
})
_VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
# fmt: on
_PUBLISHED_META = ("article:published_time", "datepublished", "og:published_time")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True, slots=True)
class _Block:
    text: str
    in_article: bool
    in_main: bool
    in_chrome: bool


class _PageParser(HTMLParser):
    """Visible text blocks of a page, with the meta data an article page carries."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.meta: dict[str, str] = {}
        self.times: list[tuple[str, bool]] = []  # (datetime, inside <article>)
        self.page_title: str | None = None
        self.h1: str | None = None
        self.lang: str | None = None
        self.canonical: str | None = None
        self._depth = dict.fromkeys(("skip", "article", "main", "chrome", "pre"), 0)
        self._buffer: list[str] = []
        self._title_parts: list[str] | None = None
        self._h1_parts: list[str] | None = None

    def _count(self, tag: str, step: int) -> None:
        for name, tags in (
            ("skip", _SKIPPED_TAGS),
            ("chrome", _CHROME_TAGS),
            ("article", {"article"}),
            ("main", {"main"}),
            ("pre", {"pre"}),
        ):
            if tag in tags:
                self._depth[name] = max(0, self._depth[name] + step)

    def _flush(self) -> None:
        raw = "".join(self._buffer)
        self._buffer.clear()
        if self._depth["pre"]:
            text = normalize_text(raw)
        else:
            text = _HTML_SPACE.sub(" ", raw.translate(_SPACE_MAP)).strip()
        if text:
            self.blocks.append(
                _Block(
                    text,
                    in_article=self._depth["article"] > 0,
                    in_main=self._depth["main"] > 0,
                    in_chrome=self._depth["chrome"] > 0,
                )
            )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop", "")
            if key and values.get("content") and key.lower() not in self.meta:
                self.meta[key.lower()] = values["content"]
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
        elif tag == "html":
            self.lang = values.get("lang") or None
        elif tag == "time" and values.get("datetime"):
            self.times.append((values["datetime"], self._depth["article"] > 0))
        elif tag == "title" and self.page_title is None:
            self._title_parts = []
        elif tag == "h1" and self.h1 is None and not self._depth["skip"]:
            self._h1_parts = []
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag not in _VOID_TAGS:
            self._count(tag, +1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_parts is not None:
            self.page_title = _clean_value("".join(self._title_parts))
            self._title_parts = None
        elif tag == "h1" and self._h1_parts is not None:
            self.h1 = _clean_value("".join(self._h1_parts))
            self._h1_parts = None
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag not in _VOID_TAGS:
            self._count(tag, -1)

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)
        if self._depth["skip"]:
            return
        if self._h1_parts is not None:
            self._h1_parts.append(data)
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _page_paragraphs(page: _PageParser) -> list[str]:
    """The article's blocks: inside <article>, else <main>, else all, less site furniture."""
    blocks = page.blocks
    if any(b.in_article for b in blocks):
        blocks = [b for b in blocks if b.in_article]
    elif any(b.in_main for b in blocks):
        blocks = [b for b in blocks if b.in_main]
    chosen = [b.text for b in blocks if not b.in_chrome]
    return chosen or [b.text for b in blocks]


def _read_html(path: Path, options: _Options) -> Iterator[ArticleRecord | ReadProblem]:
    try:
        markup = _decode(path.read_bytes())
    except UnicodeDecodeError as exc:
        yield ReadProblem(str(path), None, _decode_message(exc))
        return
    page = _PageParser()
    page.feed(markup)
    page.close()
    paragraphs = _page_paragraphs(page)

    meta_title = _clean_value(page.meta.get("og:title"))
    title = meta_title or page.h1 or page.page_title
    # the heading shown above the article is its title, not its first paragraph
    if title:
        for i, paragraph in enumerate(paragraphs[:3]):
            if _squash(paragraph) == title:
                del paragraphs[i]
                break
    body, author, source = _clean_body(paragraphs)
    text = normalize_text("\n\n".join(body))
    if not text:
        yield ReadProblem(str(path), None, "no article text found in the page")
        return

    published = None
    in_article = any(b.in_article for b in page.blocks)
    times = [t for t, inside in page.times if inside or not in_article]
    # a page's date is a convenience: one that cannot be read is passed over, not an error
    for candidate in [page.meta.get(key) for key in _PUBLISHED_META] + times:
        if candidate:
            try:
                published = _record_date(candidate)
                break
            except ValueError:
                continue
    meta_author = _clean_value(page.meta.get("author") or page.meta.get("article:author"))
    if meta_author and meta_author.startswith(("http://", "https://")):
        meta_author = None  # article:author is often a profile URL
    record = _Fields(
        published=published,
        title=meta_title,
        source=_clean_value(page.meta.get("og:site_name")),
        author=meta_author,
        url=_clean_value(page.canonical or page.meta.get("og:url")),
        language=_language(page.lang),
    )
    inferred = _Fields(title=title, author=author, source=source)
    file_meta = _file_meta(path, options)
    yield _build(path, 1, text, options, file_meta, record=record, inferred=inferred)


# ---------------------------------------------------------------------------------------
# metadata


def load_metadata(path: str | Path) -> Metadata:
    """Read and check a metadata CSV (columns in METADATA_COLUMNS, ``file`` required).

    ``file`` is relative to the metadata file's folder; ``part`` is the 1-based article
    position in that file (JSONL/CSV: the line), blank for the whole file. Blank cells
    give nothing. Raises ReaderError naming the line for an unknown or repeated column,
    a bad part, date or type, too many fields, or a (file, part) given twice.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReaderError(f"cannot read metadata file {path}: {_os_message(exc)}") from None
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        raise ReaderError(f"metadata file {path}: {_decode_message(exc)}") from None

    def fail(line: int, message: str) -> ReaderError:
        return ReaderError(f"metadata file {path}, line {line}: {message}")

    folder = path.parent
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    entries: list[MetadataEntry] = []
    seen: dict[tuple[Path, int | None], int] = {}
    for line, row in _csv_rows(reader):
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
        entry = _metadata_entry(cells, folder, line, fail)
        key = (entry.file, entry.part)
        if key in seen:
            part = f"part {entry.part}" if entry.part else "(whole file)"
            raise fail(line, f"{cells['file']!r} {part} given twice (first on line {seen[key]})")
        seen[key] = line
        entries.append(entry)
    if header is None:
        raise ReaderError(f"metadata file {path} is empty (expected a header row)")
    return Metadata(path, entries)


def _metadata_entry(
    cells: dict[str, str], folder: Path, line: int, fail: Callable[[int, str], ReaderError]
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
            published = _strict_date(cells["published"])
        except ValueError as exc:
            raise fail(line, str(exc)) from None
    doc_type = cells.get("type", "").lower() or None
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise fail(line, f"bad type {doc_type!r} (expected news, narrative or blank)")
    values = _Fields(
        published=published,
        title=_clean_value(cells.get("title")),
        source=_clean_value(cells.get("source")),
        author=_clean_value(cells.get("author")),
        url=_clean_value(cells.get("url")),
        doc_type=doc_type,
    )
    return MetadataEntry((folder / cells["file"]).resolve(), part, line, values)


__all__ = [
    "DOC_TYPES",
    "METADATA_COLUMNS",
    "ArticleRecord",
    "Metadata",
    "MetadataEntry",
    "ReadProblem",
    "ReaderError",
    "content_hash",
    "discover",
    "load_metadata",
    "normalize_text",
    "read_articles",
]
