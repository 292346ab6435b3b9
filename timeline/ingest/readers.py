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
* Any other extension: read as plain text when it is text (below).

Bad input gets a clear answer: a file or row that cannot be read is a :class:`ReadProblem`
of one line, and reading goes on with the next.

* Decoding, in this order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without one,
  told by a NUL beside each ASCII character (so only for text with enough ASCII
  characters or spaces: a fifth of them); UTF-8; for HTML the ``<meta charset>`` the page
  declares; Windows-1252 when its text reads plausibly (a Latin-1 file reads the same: the
  two differ only in 0x80-0x9F, control codes in Latin-1 and smart quotes in Windows-1252);
  else whatever the charset-normalizer detector names (Cyrillic, Greek, Arabic, East Asian
  code pages). A file whose non-ASCII bytes are mostly valid UTF-8 is UTF-8 with damaged
  bytes: a text or HTML file is then a problem naming the first bad byte, a JSONL or CSV
  file loses only the rows holding them. Records say which encoding was used
  (``ArticleRecord.encoding``). Central European and Turkish code pages share most letters
  with Windows-1252 and may be read as it: save such files as UTF-8.
* Not text: a known binary format by its first bytes (PDF, images, ZIP and Office files,
  RTF…), bytes no encoding fits, or more than 1% control characters (NUL aside) in the
  first 64 Ki characters once decoded → "binary file, not text". A 0-byte file → "empty
  file".
* NUL bytes in otherwise-text (what a crash or a bad copy leaves, often as padding at the
  end) are dropped and counted in ``ArticleRecord.removed_nuls``: the text around them is
  kept, and the count says the file was damaged. Byte-order marks in mid-file (files
  joined end to end) and the ^Z that ended DOS files are dropped too. A lone surrogate
  from a broken JSON escape becomes U+FFFD. (PostgreSQL refuses NULs in text, and no
  database takes a lone surrogate.)
* An article whose text is over ``max_article_mb`` MB (UTF-8) is a problem: the tagger
  takes seconds per MB of dated prose.
* Line ends may be LF, CRLF or lone CR (old Mac files), mixed. In JSONL and CSV a bad row
  is a problem naming its line and the other rows are read; a CSV header repeated further
  down (files joined end to end) is skipped.
* Folders: symbolic links are followed; a link back to a folder being walked (a loop) is a
  problem, reported once; a FIFO, socket or device is reported and never opened (reading
  a FIFO waits forever); nesting depth is not limited (the walk is not recursive).

Stored text has CRLF/CR turned into LF, non-breaking and other Unicode spaces turned into
plain spaces, trailing spaces dropped and runs of blank lines squeezed to one; everything
else (curly quotes, dashes) is kept.

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

import codecs
import csv
import functools
import hashlib
import io
import itertools
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, Protocol

from charset_normalizer import from_bytes

from timeline.calendar import CalendarError, parse_iso_day
from timeline.errors import TimelineError

DOC_TYPES = ("news", "narrative")
METADATA_COLUMNS = ("file", "part", "published", "source", "title", "author", "url", "type")

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

# first key present wins
_DATE_KEYS = ("published", "date", "dct")


class _CsvReader(Protocol):
    """What csv.reader returns (its class is private)."""

    line_num: int

    def __next__(self) -> list[str]: ...


# The tagger takes seconds per MB of dated prose (bench/README.md): a longer "article" is
# almost always a whole dump in one line, better split before ingesting.
DEFAULT_MAX_ARTICLE_MB = 10.0


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
    encoding: str = "utf-8"  # how the file was decoded: "utf-8", "windows-1252", "utf-16-le"…
    removed_nuls: int = 0  # NULs dropped (a damaged file); a text file's all on its article 1


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
    explicitly is read). Symbolic links are followed; a file or folder reached twice is
    given once, and a link back to a folder being walked (a loop) is a ReadProblem. A
    missing path, a broken link, a folder that cannot be listed and anything that is not
    a regular file or folder (a FIFO, a socket, a device: never opened) is a ReadProblem.
    """
    # what was given or reported: (device, inode), or the path of what cannot be stat'ed
    seen: set[tuple[int, int] | str] = set()

    for given in paths:
        path = Path(given)
        info = _stat(path)
        if isinstance(info, ReadProblem):
            if os.path.abspath(path) not in seen:
                seen.add(os.path.abspath(path))
                yield info
        elif stat.S_ISDIR(info.st_mode):
            yield from _walk(path, info, seen)
        elif (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            if stat.S_ISREG(info.st_mode):
                yield path
            else:
                yield ReadProblem(str(path), None, _not_regular(info))


def _stat(path: Path | os.DirEntry[str]) -> os.stat_result | ReadProblem:
    """What a path leads to (links followed), or why nothing can be read there."""
    try:
        return path.stat()
    except FileNotFoundError:
        if os.path.islink(path):
            return ReadProblem(str(path), None, "broken symbolic link")
        return ReadProblem(str(path), None, "no such file or folder")
    except OSError as exc:  # ELOOP for a link to itself, EACCES on a folder above it…
        return ReadProblem(str(path), None, _os_message(exc))


def _not_regular(info: os.stat_result) -> str:
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a device"}
    kinds |= {stat.S_ISBLK: "a device"}
    kind = next((name for test, name in kinds.items() if test(info.st_mode)), "unknown")
    return f"not a regular file or folder ({kind})"


def _walk(
    top: Path, info: os.stat_result, seen: set[tuple[int, int] | str]
) -> Iterator[Path | ReadProblem]:
    """Files under ``top`` in os.walk's top-down order, with problems where they are met.

    A stack, not recursion: nesting depth is not limited by Python's recursion limit.
    """
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return
    seen.add(key)
    # each folder to walk with its ancestors ((device, inode) → path), to name a loop's end
    stack: list[tuple[Path, dict[tuple[int, int], Path]]] = [(top, {key: top})]
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(
                    (e for e in listing if not e.name.startswith(".")), key=lambda e: e.name
                )
        except OSError as exc:
            yield ReadProblem(str(folder), None, _os_message(exc))
            continue
        folders: list[tuple[Path, dict[tuple[int, int], Path]]] = []
        for entry in entries:
            path = Path(folder, entry.name)
            found = _stat(entry)
            if isinstance(found, ReadProblem):
                if os.path.abspath(path) not in seen:
                    seen.add(os.path.abspath(path))
                    yield ReadProblem(str(path), None, found.message)
                continue
            key = (found.st_dev, found.st_ino)
            if stat.S_ISDIR(found.st_mode):
                if key in ancestors:
                    yield ReadProblem(
                        str(path), None, f"symbolic link loop (leads back to {ancestors[key]})"
                    )
                elif key not in seen:  # else a second link to a folder already walked
                    seen.add(key)
                    folders.append((path, ancestors | {key: path}))
            elif key not in seen:
                seen.add(key)
                if stat.S_ISREG(found.st_mode):
                    yield path
                else:
                    yield ReadProblem(str(path), None, _not_regular(found))
        stack.extend(reversed(folders))  # the first subfolder is walked first


# ---------------------------------------------------------------------------------------
# reading


@dataclass(frozen=True, slots=True)
class _Options:
    cli: _Fields
    metadata: Metadata | None
    max_article_mb: float


def read_articles(
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    source: str | None = None,
    metadata: Metadata | None = None,
    doc_type: str | None = None,
    max_article_mb: float = DEFAULT_MAX_ARTICLE_MB,
) -> Iterator[ArticleRecord | ReadProblem]:
    """Articles from files and folders, one at a time, with problems in between.

    ``published`` (YYYY-MM-DD), ``source`` and ``doc_type`` fill in what neither the
    record nor the metadata gives (see the module docstring for the full precedence).
    An article whose text is over ``max_article_mb`` MB is a problem. Bad arguments
    raise ReaderError at once; a bad file or row is a ReadProblem and reading goes on.
    The metadata file itself is skipped when a folder holding it is read.
    """
    if published is not None:
        try:
            published = _strict_date(published)
        except ValueError as exc:
            raise ReaderError(str(exc)) from None
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise ReaderError(f"bad document type {doc_type!r} (expected news or narrative)")
    if not max_article_mb > 0:
        raise ReaderError(f"bad maximum article size {max_article_mb!r} MB (expected > 0)")
    options = _Options(
        cli=_Fields(published=published, source=_clean_value(source), doc_type=doc_type),
        metadata=metadata,
        max_article_mb=max_article_mb,
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
    if suffix in JSONL_SUFFIXES:
        reader = _read_jsonl
    elif suffix in CSV_SUFFIXES:
        reader = _read_csv
    elif suffix in HTML_SUFFIXES:
        reader = _read_html
    else:
        reader = _read_plain
    try:
        for item in reader(path, options):
            yield _within_limit(item, options.max_article_mb)
    except OSError as exc:
        yield ReadProblem(str(path), None, _os_message(exc))
    except Exception as exc:
        # A reader bug met on strange input must cost one file, not the whole ingest of an
        # archive: the problem line names the error so that it can be reported.
        yield ReadProblem(str(path), None, f"cannot read: {type(exc).__name__}: {exc}")


def _within_limit(item: ArticleRecord | ReadProblem, mb: float) -> ArticleRecord | ReadProblem:
    """The record, or a problem when its text is over ``mb`` MB of UTF-8."""
    if isinstance(item, ReadProblem):
        return item
    limit = mb * 1_000_000
    text = item.text
    # a character is 1 to 4 bytes: encode (a copy) only when that can decide
    if len(text) <= limit / 4 or (len(text) <= limit and len(text.encode("utf-8")) <= limit):
        return item
    message = f"article text over the {mb:g} MB limit"
    if Path(item.origin_path).suffix.lower() in JSONL_SUFFIXES | CSV_SUFFIXES:
        return ReadProblem(item.origin_path, item.position, message)
    if item.position > 1:
        message += f" (article {item.position} of the file)"
    return ReadProblem(item.origin_path, None, message)


def _build(
    path: Path,
    position: int,
    text: str,
    options: _Options,
    file_meta: Mapping[int | None, _Fields],
    *,
    record: _Fields = _NO_FIELDS,
    inferred: _Fields = _NO_FIELDS,
    encoding: str = "utf-8",
    removed_nuls: int = 0,
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
        encoding=encoding,
        removed_nuls=removed_nuls,
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

# Unicode space separators other than U+0020 (and the line/paragraph separators) become
# plain spaces; NUL (which PostgreSQL refuses in text), a byte-order mark in mid-text
# (files joined end to end) and ^Z (the end of a DOS file) are dropped.
_SPACE_MAP: dict[int, str | None] = {
    cp: " " for cp in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
} | {0x2028: "\n", 0x2029: "\n\n", 0x00: None, 0xFEFF: None, 0x1A: None}
# the same characters, to find: translate() is slow on megabytes, and most text has none
_SPACE_MAP_KEYS = re.compile("[" + "".join(map(chr, _SPACE_MAP)) + "]")
# a lone surrogate (a broken JSON escape such as "\ud83d") cannot be encoded to UTF-8
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalize_text(text: str) -> str:
    """LF line ends, plain spaces; no trailing spaces, single blank lines, no outer blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SPACE_MAP_KEYS.search(text):
        text = text.translate(_SPACE_MAP)
    text = _SURROGATE.sub("\ufffd", _TRAILING_SPACE.sub("", text))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def _squash(text: str) -> str:
    return " ".join(_SURROGATE.sub("\ufffd", text.translate(_SPACE_MAP)).split())


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


def _decode_message(exc: UnicodeDecodeError, base: int = 0, name: str = "UTF-8") -> str:
    return f"not {name} text (byte 0x{exc.object[exc.start]:02x} at offset {base + exc.start})"


# ---------------------------------------------------------------------------------------
# character encodings and binary files (module docstring: "Decoding")

_HEAD_BYTES = 64 * 1024  # what sniffing and the binary test look at; also the read size
_SAMPLE_BYTES = 1024 * 1024  # at most this much of the non-UTF-8 parts goes to the detector
_BINARY = "binary file, not text"
# what a file starting with these bytes is: formats people save beside their articles
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive: also .docx, .xlsx, .odt, .epub"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file: .doc, .xls"),
    (b"{\\rtf", "an RTF document: save it as plain text"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)
# (mark, codec, name); UTF-32 LE first: its mark starts with UTF-16 LE's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# control characters text does not hold; tab, line and page breaks and ^Z are allowed, and
# NUL is left to the caller: text around NULs is still text (they are dropped and counted)
_CONTROL = re.compile("[\x01-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, as surrogateescape has them
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# labels browsers read as Windows-1252 (the WHATWG Encoding standard)
_WINDOWS_1252_LABELS = frozenset(
    {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "cp819"}
)


class _NotText(Exception):
    """Why a file's bytes are not text: the message of its ReadProblem."""


@dataclass(frozen=True, slots=True)
class _Encoding:
    codec: str  # for bytes.decode
    name: str  # for people: "utf-8", "windows-1252", "utf-16-le"


_UTF8 = _Encoding("utf-8", "utf-8")


def _encoding(codec: str) -> _Encoding:
    name = codecs.lookup(codec).name  # canonical: "cp1252", "iso8859-1", "utf-16-le"
    if re.fullmatch(r"cp125\d", name):
        name = "windows-" + name[2:]
    elif name.startswith("iso8859-"):
        name = "iso-8859-" + name[len("iso8859-") :]
    return _Encoding(codec, name)


def _sniff(head: bytes) -> _Encoding | str | None:
    """What a file's first bytes settle: its encoding, why it is not text, or nothing."""
    if not head:
        return "empty file"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what}), not text"
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            return _Encoding(codec, name)
    if b"\0" in head:
        return _utf16_by_nuls(head)
    return None


def _utf16_by_nuls(head: bytes) -> _Encoding | None:
    """UTF-16 without a byte-order mark: NULs on one side of the byte pairs only.

    Each ASCII character (letters, spaces, digits, punctuation) has a NUL beside it, so at
    least a fifth of the pairs have one even in Cyrillic or Greek text (spaces); on the
    other side a NUL is rare (U+0100, U+4E00…). A stray NUL in a small UTF-8 file does not
    pass for this; binary data that does is caught later, decoding to control characters.
    """
    pairs = len(head) // 2
    even, odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    if odd >= 2 and odd * 5 >= pairs and even * 100 <= pairs:
        return _Encoding("utf-16-le", "utf-16-le")
    if even >= 2 and even * 5 >= pairs and odd * 100 <= pairs:
        return _Encoding("utf-16-be", "utf-16-be")
    return None


def _looks_binary(text: str) -> bool:
    """More than 1% control characters (NUL aside) in the first 64 Ki characters."""
    sample = text[:_HEAD_BYTES]
    return len(_CONTROL.findall(sample)) * 100 > len(sample)


def _utf8_scan(chunks: Iterable[bytes]) -> tuple[bool, bytes]:
    """Whether bytes that are not all UTF-8 still mostly are, and a sample for the detector.

    Mostly UTF-8 (more valid non-ASCII characters than bad bytes) means a UTF-8 file with
    damaged bytes, not a legacy encoding: decoding it otherwise would garble every other
    character. The sample is the chunks holding bad bytes.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    good = bad = 0
    sample = bytearray()
    for chunk in itertools.chain(chunks, [b""]):
        text = decoder.decode(chunk, final=not chunk)
        wrong = len(_ESCAPED.findall(text))
        good += len(text) - len(text.encode("ascii", "ignore")) - wrong
        bad += wrong
        if wrong and len(sample) < _SAMPLE_BYTES:
            sample += chunk
    return bad == 0 or good > bad, bytes(sample)


def _legacy_codec(sample: bytes) -> str | None:
    """The 8-bit or East Asian codec of text that is not UTF-8; None if nothing fits.

    Windows-1252 is asked about alone first: left to choose, the detector often names
    another Latin code page for Western text (Baltic cp1257, Central European cp1250) and
    would turn its smart quotes into other letters. It still refuses Windows-1252 for
    Cyrillic, Greek or Arabic text, whose letters then read as an implausible mix.
    """
    for isolation in (["cp1252"], None):
        match = from_bytes(sample, cp_isolation=isolation).best()
        if match is not None:
            return match.encoding
    return None


def _declared_charset(head: bytes) -> str | None:
    """The codec a page's ``<meta charset>`` names, if Python knows it."""
    match = _META_CHARSET.search(head[:4096])
    if not match:
        return None
    label = match[1].decode("ascii", "replace").lower()
    if label in _WINDOWS_1252_LABELS:
        label = "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _chunks(data: bytes) -> Iterator[memoryview]:
    view = memoryview(data)
    for start in range(0, len(data), _HEAD_BYTES):
        yield view[start : start + _HEAD_BYTES]


def _decode_file(data: bytes, declared: str | None = None) -> tuple[str, _Encoding]:
    """The text of a whole file and its encoding (module docstring), else _NotText.

    ``declared`` is the codec the file names for itself (an HTML page's meta charset),
    tried after UTF-8 and before the detector.
    """
    found = _sniff(data[:_HEAD_BYTES])
    if isinstance(found, str):
        raise _NotText(found)
    if found is None:
        try:
            text, found = data.decode("utf-8"), _UTF8
        except UnicodeDecodeError as exc:
            mostly_utf8, sample = _utf8_scan(_chunks(data))
            if mostly_utf8:
                raise _NotText(_decode_message(exc)) from None
            text, found = _decode_legacy(data, [declared, _legacy_codec(sample)], exc)
    else:
        try:
            text = data.decode(found.codec)
        except UnicodeDecodeError as exc:
            raise _NotText(_decode_message(exc, name=found.name)) from None
    if _looks_binary(text):
        raise _NotText(_BINARY)
    return text.removeprefix("\ufeff"), found


def _decode_legacy(
    data: bytes, candidates: list[str | None], utf8_error: UnicodeDecodeError
) -> tuple[str, _Encoding]:
    for codec in candidates:
        if codec and codecs.lookup(codec).name != "utf-8":
            try:
                return data.decode(codec), _encoding(codec)
            except UnicodeDecodeError:
                continue
    if not any(candidates):
        raise _NotText(_BINARY)
    byte = utf8_error.object[utf8_error.start]
    where = f"byte 0x{byte:02x} at offset {utf8_error.start}"
    raise _NotText(f"unknown character encoding ({where} is not UTF-8)")


def _stream_encoding(handle: BinaryIO) -> _Encoding | str:
    """The encoding of a JSONL or CSV file read in chunks (never whole), or why it is not text.

    UTF-8 is checked over the whole file, so that a legacy character late in a large
    export is not taken for damage.
    """
    head = handle.read(_HEAD_BYTES)
    found = _sniff(head)
    if found is None:
        handle.seek(0)
        mostly_utf8, sample = _utf8_scan(iter(functools.partial(handle.read, _HEAD_BYTES), b""))
        codec = None if mostly_utf8 else _legacy_codec(sample)
        if not mostly_utf8 and codec is None:
            return _BINARY
        found = _encoding(codec) if codec else _UTF8
    handle.seek(0)
    if isinstance(found, str):
        return found
    if _looks_binary(head.decode(found.codec, "replace")):
        return _BINARY
    return found


# a line end inside a line read in binary mode (which splits at LF only): a CR not before LF
_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")
# a complete decoded line: a CR at the very end may be the first half of a CRLF still to come
_TEXT_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r(?=[^\n]))")


class _Lines:
    """Decoded lines of a JSONL or CSV file, streamed, remembering the first undecodable one.

    Lines end at LF, CRLF or a lone CR (old Mac files), the way csv wants them
    (``newline=""``); a byte-order mark at the start of any line is dropped (files joined
    end to end keep theirs). Lines are split as bytes and decoded one by one (an LF byte
    is always a line end in UTF-8 and the other ASCII-based codecs): undecodable bytes
    become U+FFFD so csv can keep its place, and the caller turns the remembered line into
    a ReadProblem for the row holding it. UTF-16 and UTF-32 are decoded as a stream,
    where bad bytes (a file cut short) end the file: the caller reports them after the
    last line.
    """

    def __init__(self, handle: BinaryIO, encoding: _Encoding = _UTF8) -> None:
        self.handle = handle
        self.encoding = encoding
        self.number = 0
        self.offset = 0
        self.bad: tuple[int, str] | None = None  # (line, message)

    def __iter__(self) -> Iterator[str]:
        if self.encoding.name.startswith(("utf-16", "utf-32")):
            yield from self._stream_lines()
        else:
            yield from self._byte_lines()

    def _stream_lines(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.encoding.codec)()
        chunks = iter(functools.partial(self.handle.read, _HEAD_BYTES), b"")
        parts: list[str] = []  # the line being read, in pieces: no quadratic joins
        for chunk in itertools.chain(chunks, [b""]):
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                # every complete line before the bad bytes was given; the one they are in
                # and the rest of the file are not
                message = f"not {self.encoding.name} text from here on ({exc.reason})"
                self.bad = (self.number + 1, message)
                return
            if chunk and "\n" not in text and "\r" not in text:
                parts.append(text)
                continue
            pending = "".join(parts) + text
            lines = _TEXT_LINE.findall(pending)
            rest = pending[sum(map(len, lines)) :]
            if not chunk and rest:
                lines.append(rest)  # the last line, without a line end
            for line in lines:
                self.number += 1
                yield line.removeprefix("\ufeff")
            parts = [rest] if rest else []

    def _byte_lines(self) -> Iterator[str]:
        codec = self.encoding.codec
        name = "UTF-8" if self.encoding.name == "utf-8" else self.encoding.name
        for raw in self.handle:
            for piece in _LONE_CR.split(raw) if b"\r" in raw else (raw,):
                if not piece:
                    continue
                self.number += 1
                try:
                    line = piece.decode(codec)
                except UnicodeDecodeError as exc:
                    if self.bad is None:
                        self.bad = (self.number, _decode_message(exc, self.offset, name))
                    line = piece.decode(codec, "replace")
                self.offset += len(piece)
                yield line.removeprefix("\ufeff")

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
    encoding: _Encoding,
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
    return _build(
        path,
        line,
        body,
        options,
        file_meta,
        record=record,
        encoding=encoding.name,
        removed_nuls=text.count("\0"),
    )


def _file_meta(path: Path, options: _Options) -> Mapping[int | None, _Fields]:
    return options.metadata.for_file(path) if options.metadata else {}


# JSON's names for what a line held instead of an object
_JSON_KINDS = {
    "list": "an array",
    "str": "a string",
    "int": "a number",
    "float": "a number",
    "bool": "true or false",
    "NoneType": "null",
}


def _json_line(line: str) -> dict | str:
    """The object on a JSONL line (keys lower case), or what is wrong with the line."""
    try:
        values = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"bad JSON: {exc.msg} (column {exc.colno})"
    except RecursionError:  # arrays nested thousands deep
        return "bad JSON: nested too deeply"
    except ValueError as exc:  # a number of thousands of digits
        return f"bad JSON: {str(exc).split(':')[0]}"
    if not isinstance(values, dict):
        return f"expected a JSON object, not {_JSON_KINDS.get(type(values).__name__)}"
    return {str(k).lower(): v for k, v in values.items()}


@contextmanager
def _open_lines(path: Path) -> Iterator[_Lines | ReadProblem]:
    """The decoded lines of a JSONL or CSV file, or why its encoding cannot be read."""
    with path.open("rb") as handle:
        encoding = _stream_encoding(handle)
        if isinstance(encoding, str):
            yield ReadProblem(str(path), None, encoding)
        else:
            yield _Lines(handle, encoding)


def _read_jsonl(path: Path, options: _Options) -> Iterator[ArticleRecord | ReadProblem]:
    file_meta = _file_meta(path, options)
    filled = 0  # lines that are not blank
    with _open_lines(path) as lines:
        if isinstance(lines, ReadProblem):
            yield lines
            return
        for line in lines:
            bad = lines.take_bad()
            if not bad and not line.strip():
                continue
            filled += 1
            if bad:
                yield ReadProblem(str(path), *bad)
                continue
            values = _json_line(line)
            if isinstance(values, str):
                yield ReadProblem(str(path), lines.number, values)
                continue
            yield _record(values, path, lines.number, options, file_meta, lines.encoding)
        if bad := lines.take_bad():
            yield ReadProblem(str(path), *bad)
            return
    if not filled:
        yield ReadProblem(str(path), None, "no records (only blank lines)")


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
    # Articles exceed csv's default 128 KiB field limit. A field over the article limit
    # would be refused anyway, and csv holds a field as 4 bytes a character: stop there.
    csv.field_size_limit(int(options.max_article_mb * 1_000_000) + 1)
    header: list[str] | None = None
    rows = 0  # rows read or reported, the header aside
    with _open_lines(path) as lines:
        if isinstance(lines, ReadProblem):
            yield lines
            return
        for line, row in _csv_rows(csv.reader(lines, strict=True)):
            bad = lines.take_bad()
            if bad:
                rows += 1
                yield ReadProblem(str(path), *bad)
                continue
            if isinstance(row, csv.Error):
                rows += 1
                if "field limit" in str(row):
                    # csv would go on inside the huge field and read its lines as rows
                    message = f"a field over the {options.max_article_mb:g} MB limit"
                    yield ReadProblem(
                        str(path), line, f"{message}: the rest of the file is not read"
                    )
                    return
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
            if [name.strip().lower() for name in row] == header:
                continue  # the header again: files joined end to end
            rows += 1
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                message = f"{len(row)} fields but the header has {len(header)}"
                yield ReadProblem(str(path), line, message)
                continue
            values = dict(zip(header, row, strict=False))
            yield _record(values, path, line, options, file_meta, lines.encoding)
        if bad := lines.take_bad():
            yield ReadProblem(str(path), *bad)
            return
    if header is None:
        yield ReadProblem(str(path), None, "no header row (only blank lines)")
    elif not rows:
        yield ReadProblem(str(path), None, "no rows after the header")


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
_HEADER_MAX = 200  # characters in a site header or a title line


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
    if len(line) > _HEADER_MAX:
        return False  # not split into words: a whole article on one line would cost 10x its size
    words = line.split()
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def _paragraphs(lines: list[str]) -> list[str]:
    return [p.strip("\n") for p in "\n".join(lines).split("\n\n") if p.strip()]


def _looks_like_title(paragraph: str) -> bool:
    # headlines are one short line without closing punctuation ("?" and "!" happen)
    return (
        len(paragraph) <= _HEADER_MAX
        and "\n" not in paragraph
        and not paragraph.endswith((".", ",", ";"))
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
    # (a standfirst is short: a huge paragraph is not split into words to compare it)
    if len(kept) >= 2 and len(kept[0]) <= 10 * _HEADER_MAX and _squash(kept[0]) == _squash(kept[1]):
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


def _read_plain(path: Path, options: _Options) -> Iterator[ArticleRecord | ReadProblem]:
    try:
        raw, encoding = _decode_file(path.read_bytes())
    except _NotText as exc:
        yield ReadProblem(str(path), None, str(exc))
        return
    nuls = raw.count("\0")
    text = normalize_text(raw)
    del raw  # a large file is in memory as bytes and text already
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
        yield _build(
            path,
            position,
            article.body,
            options,
            file_meta,
            inferred=inferred,
            encoding=encoding.name,
            removed_nuls=nuls if position == 1 else 0,
        )


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
    data = path.read_bytes()
    try:
        markup, encoding = _decode_file(data, declared=_declared_charset(data))
    except _NotText as exc:
        yield ReadProblem(str(path), None, str(exc))
        return
    del data
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
    yield _build(
        path,
        1,
        text,
        options,
        file_meta,
        record=record,
        inferred=inferred,
        encoding=encoding.name,
        removed_nuls=markup.count("\0"),
    )


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
