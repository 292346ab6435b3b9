"""The typed records every layer shares: an article as read, a problem met while reading,
document types and where a publication date came from.

Plain frozen dataclasses and constants only (no database, no I/O), so that the readers, the
ingest pipeline, the database writes and the command line speak of the same things.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from timeline.dates import date_bound
from timeline.errors import BadDate, BadInput

DocType = Literal["news", "narrative"]
DOC_TYPES: tuple[DocType, ...] = get_args(DocType)

# where an article's publication date (its anchor) came from
PublishedOrigin = Literal["record", "metadata", "cli", "header", "set", "unknown"]
PUBLISHED_ORIGINS: tuple[PublishedOrigin, ...] = get_args(PublishedOrigin)


def check_doc_type(value: str, what: str = "type") -> DocType:
    """``value`` (any case) as a document type, else BadInput naming the choices."""
    lower = value.strip().lower()
    for doc_type in DOC_TYPES:
        if lower == doc_type:
            return doc_type
    raise BadInput(f"bad {what} {value!r} (expected {' or '.join(DOC_TYPES)})")


def auto_doc_type(published: str | None) -> DocType:
    """The document type of an article that names none: news when it has a publication
    date (its anchor), narrative otherwise (a history, a memoir: anchored on its own dates)."""
    return "news" if published else "narrative"


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One article as read from a file, before any tagging."""

    text: str  # the body: title, bylines, headers and photo credits removed
    title: str | None
    source: str | None
    author: str | None
    url: str | None
    published: str | None  # ISO YYYY-MM-DD
    published_origin: PublishedOrigin
    language: str
    doc_type: DocType | None  # None: not given (the pipeline chooses, see auto_doc_type)
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


def content_hash(record: ArticleRecord | str) -> str:
    """SHA-256 (hex) of the body text with whitespace collapsed and Unicode in NFC.

    Only the body counts, so the same article re-ingested with another title, date or
    file name is recognised as already stored.
    """
    import hashlib  # here, not at start-up: the command line imports this module
    import unicodedata

    text = record if isinstance(record, str) else record.text
    squeezed = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(squeezed.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events to find: a date range (day numbers, inclusive), words, a source, an
    article, at most ``limit`` of them."""

    lower: int | None = None  # day numbers, inclusive
    upper: int | None = None
    text: str | None = None
    source: str | None = None
    article_id: int | None = None
    limit: int | None = None

    @classmethod
    def from_strings(
        cls,
        date_from: str | None = None,
        date_to: str | None = None,
        **filters,
    ) -> EventQuery:
        lower = date_bound(date_from) if date_from else None
        upper = date_bound(date_to, end=True) if date_to else None
        if lower is not None and upper is not None and lower > upper:
            raise BadDate(f"--from {date_from} is after --to {date_to}")
        return cls(lower=lower, upper=upper, **filters)
