"""Where each field of an article comes from, most specific first.

The first layer that gives a value wins:

1. the record itself: a JSONL/CSV field, an HTML meta tag or ``<time>`` (origin ``record``);
2. the metadata file entry for this file and part, then its entry for the whole file
   (``metadata``);
3. the ``published``/``source``/``doc_type`` arguments, i.e. the command line (``cli``);
4. what the text itself suggests: a date header line, a title line, a byline, a source lead
   (origin ``header`` for the date);
5. nothing (origin ``unknown``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.records import ArticleRecord, DocType

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
    inferred: Fields = NO_FIELDS,
    encoding: str = "utf-8",
    removed_nuls: int = 0,
) -> ArticleRecord:
    """Merge the layers, most specific first (module docstring)."""
    layers = (
        ("record", record),
        ("metadata", file_meta.get(position, NO_FIELDS)),
        ("metadata", file_meta.get(None, NO_FIELDS)),
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
        published_origin=origin,  # type: ignore[arg-type]
        language=pick("language") or "en",
        doc_type=pick("doc_type"),  # type: ignore[arg-type]
        origin_path=str(path),
        position=position,
        encoding=encoding,
        removed_nuls=removed_nuls,
    )
