"""Where each field of an article comes from, most specific first.

The first layer that gives a value wins:

1. the record itself: a JSONL/CSV field (origin ``metadata``), a web page's own metadata
   (``html-meta``);
2. the metadata file entry for this file and part, then its entry for the whole file
   (``metadata``);
3. the ``published``/``source``/``doc_type`` arguments, i.e. the command line (``given``);
4. what the text itself suggests: a dateline or a date header line, a title line, a byline, a
   source lead (origin ``dateline`` or ``header`` for the date);
5. nothing (origin ``unknown``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.records import GIVEN_FIELDS, ArticleRecord, DocType, PublishedOrigin

if TYPE_CHECKING:
    from timeline.ingest.metadata import Metadata


@dataclass(frozen=True, slots=True)
class Fields:
    """Values one layer (record, metadata, arguments, text) gives; None = says nothing."""

    published: str | None = None
    title: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    doc_type: DocType | None = None
    language: str | None = None


NO_FIELDS = Fields()


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the caller gives every file: the command line's fields, the metadata file and
    the size limit of an article."""

    cli: Fields
    metadata: Metadata | None
    max_article_mb: float
    dayfirst: bool = False  # "03/04/2022" in a record is 3 April (default: March 4)

    def file_fields(self, path: Path) -> Mapping[int | None, Fields]:
        """The metadata file's entries for ``path``, by part (None: the whole file)."""
        return self.metadata.for_file(path) if self.metadata else {}


def build_record(
    path: Path,
    position: int,
    text: str,
    options: ReadOptions,
    file_meta: Mapping[int | None, Fields],
    *,
    record: Fields = NO_FIELDS,
    record_origin: PublishedOrigin = "metadata",
    inferred: Fields = NO_FIELDS,
    inferred_origin: PublishedOrigin = "header",
    encoding: str = "utf-8",
    removed_nuls: int = 0,
    notes: tuple[str, ...] = (),
    articles_in_file: int = 1,
) -> ArticleRecord:
    """Merge the layers, most specific first (module docstring)."""
    layers: tuple[tuple[PublishedOrigin, Fields], ...] = (
        (record_origin, record),
        ("metadata", file_meta.get(position, NO_FIELDS)),
        ("metadata", file_meta.get(None, NO_FIELDS)),
        ("given", options.cli),
        (inferred_origin, inferred),  # what the text suggests: a header line, a dateline
    )

    def winner(name: str) -> tuple[PublishedOrigin, str] | None:
        return next(((o, getattr(f, name)) for o, f in layers if getattr(f, name)), None)

    won = {name: winner(name) for name in (*GIVEN_FIELDS, "language")}
    values = {name: w[1] if w else None for name, w in won.items()}
    return ArticleRecord(
        text=text,
        title=values["title"],
        source=values["source"],
        author=values["author"],
        url=values["url"],
        published=values["published"],
        published_origin=won["published"][0] if won["published"] else "unknown",
        language=values["language"] or "en",
        doc_type=values["doc_type"],  # type: ignore[arg-type]
        origin_path=str(path),
        position=position,
        encoding=encoding,
        removed_nuls=removed_nuls,
        notes=notes,
        articles_in_file=articles_in_file,
        # what people gave (a metadata file, a record's field, the command line): a later
        # ingest that gives other values updates the stored article
        given=frozenset(n for n, w in won.items() if w and w[0] in ("metadata", "given")),
    )
