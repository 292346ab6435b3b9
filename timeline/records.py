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

# Where an article's publication date (its anchor) came from, most trusted first:
# given      the user said it: --published, `articles set-date`
# metadata   the metadata file, or the published field of a JSONL/CSV record
# html-meta  a saved web page's own metadata (its meta tags, JSON-LD, <time>: htmldate)
# dateline   written at the head of the text ("BEIJING, Aug. 8, 2005 (Xinhua)", a page stamp)
# header     a scraped page header line holding a date alone (often the capture date)
# inferred   inferred from the text on request (`--infer-published`, `articles infer-dates`)
# unknown    nothing gave one: expressions that need it stay unresolved until it is set
PublishedOrigin = Literal[
    "given", "metadata", "html-meta", "dateline", "header", "inferred", "unknown"
]
PUBLISHED_ORIGINS: tuple[PublishedOrigin, ...] = get_args(PublishedOrigin)
# the dates a person gave: a doubt about them is a warning, their word stands
PEOPLES_ORIGINS: tuple[PublishedOrigin, ...] = ("given", "metadata")
# The confidence a date has by its origin alone (0..1). A date the text contradicts is
# doubtful whatever its origin; an inferred date or a dateline carries its own, measured
# (bench/README.md, "Publication dates").
ORIGIN_CONFIDENCE: dict[PublishedOrigin, float] = {
    "given": 1.0,
    "metadata": 1.0,
    "html-meta": 0.9,  # htmldate's share of right days on real pages
    "dateline": 0.95,
    "header": 0.6,  # a scraped header is as often the capture date as the publication's
}
# the fields of an article that people give (metadata file, command line) and may change
GIVEN_FIELDS = ("published", "title", "source", "author", "url", "doc_type")


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
    # the publication date's confidence (None: from its origin), why the text contradicts it,
    # and what an inferred date or a dateline rests on
    published_confidence: float | None = None
    published_doubt: str | None = None
    published_evidence: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # one-line warnings about the record (kept all the same)
    given: frozenset[str] = frozenset()  # GIVEN_FIELDS the metadata file or the user gave
    articles_in_file: int = 1  # a text file may hold several (position is 1..this)

    @property
    def confidence(self) -> float | None:
        """How sure the publication date is (0..1); None without one."""
        if self.published is None:
            return None
        if self.published_confidence is not None:
            return self.published_confidence
        return ORIGIN_CONFIDENCE.get(self.published_origin)


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


# how precise a date must be to be kept (``--precision``): that granularity or a finer one
Precision = Literal["day", "month", "year"]
PRECISIONS: tuple[Precision, ...] = get_args(Precision)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events to find: a date range (day numbers, inclusive), words, a source, an
    article, at most ``limit`` of them.

    A range leaves out open-ended dates ("more than a week ago", "after 1945") unless
    ``include_open``: then those whose one real bound is in the range are found too. Without
    a range every date is found, open-ended ones too. ``precision`` keeps only the dates of
    that granularity or a finer one ("day": days and times; "month": also weeks and months;
    "year": also seasons, quarters, halves and years; never decades or centuries).
    """

    lower: int | None = None  # day numbers, inclusive
    upper: int | None = None
    text: str | None = None
    source: str | None = None
    article_id: int | None = None
    limit: int | None = None
    include_open: bool = False
    precision: Precision | None = None

    def __post_init__(self) -> None:
        if self.precision is not None and self.precision not in PRECISIONS:
            raise BadInput(
                f"precision must be one of {', '.join(PRECISIONS)}, not {self.precision!r}"
            )

    @property
    def ranged(self) -> bool:
        """Whether it asks for a date range (--from or --to)."""
        return self.lower is not None or self.upper is not None

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
