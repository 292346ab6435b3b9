"""Reading: files and folders in, article records out, one at a time (no database).

A file or row that cannot be read is a :class:`timeline.records.ReadProblem` of one line,
and reading goes on with the next; a bad argument (a date, a document type, a size) raises
:class:`timeline.errors.BadInput` at once. Formats: :mod:`timeline.ingest.formats`; where
each field comes from: :mod:`timeline.ingest.fields`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from timeline.dates import check_day
from timeline.errors import BadInput
from timeline.ingest.discover import discover
from timeline.ingest.fields import Fields, ReadOptions
from timeline.ingest.formats import TABULAR, reader_for
from timeline.ingest.metadata import Metadata
from timeline.ingest.text import clean_value, os_message
from timeline.records import ArticleRecord, ReadProblem, check_doc_type
from timeline.settings import DEFAULT_MAX_ARTICLE_MB


def read_options(
    *,
    published: str | None = None,
    source: str | None = None,
    metadata: Metadata | None = None,
    doc_type: str | None = None,
    max_article_mb: float = DEFAULT_MAX_ARTICLE_MB,
    dayfirst: bool = False,
) -> ReadOptions:
    """Checked options: ``published`` (YYYY-MM-DD), ``source`` and ``doc_type`` fill in what
    neither the record nor the metadata gives; BadInput for a bad value."""
    if published is not None:
        published = check_day(published, "published date")
    checked_type = check_doc_type(doc_type, "document type") if doc_type is not None else None
    if not max_article_mb > 0:
        raise BadInput(f"bad maximum article size {max_article_mb!r} MB (expected > 0)")
    return ReadOptions(
        cli=Fields(published=published, source=clean_value(source), doc_type=checked_type),
        metadata=metadata,
        max_article_mb=max_article_mb,
        dayfirst=dayfirst,
    )


def read_articles(
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    source: str | None = None,
    metadata: Metadata | None = None,
    doc_type: str | None = None,
    max_article_mb: float = DEFAULT_MAX_ARTICLE_MB,
    dayfirst: bool = False,
) -> Iterator[ArticleRecord | ReadProblem]:
    """Articles from files and folders, one at a time, with problems in between.

    The metadata file itself is skipped when a folder holding it is read. An article whose
    text is over ``max_article_mb`` MB is a problem (see :func:`read_options`).
    """
    options = read_options(
        published=published,
        source=source,
        metadata=metadata,
        doc_type=doc_type,
        max_article_mb=max_article_mb,
        dayfirst=dayfirst,
    )
    return _read_all(paths, options)


def _read_all(
    paths: Iterable[str | Path], options: ReadOptions
) -> Iterator[ArticleRecord | ReadProblem]:
    for item in discover(paths):
        if isinstance(item, ReadProblem):
            yield item
        elif not is_metadata_file(item, options):
            yield from read_file(item, options)


def is_metadata_file(path: Path, options: ReadOptions) -> bool:
    return options.metadata is not None and path.resolve() == options.metadata.path.resolve()


def read_file(path: Path, options: ReadOptions) -> Iterator[ArticleRecord | ReadProblem]:
    """The articles of one file, with the problems of its rows."""
    try:
        for item in reader_for(path)(path, options):
            yield _within_limit(item, options.max_article_mb)
    except OSError as exc:
        yield ReadProblem(str(path), None, os_message(exc))
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
    if Path(item.origin_path).suffix.lower() in TABULAR:
        return ReadProblem(item.origin_path, item.position, message)
    if item.position > 1:
        message += f" (article {item.position} of the file)"
    return ReadProblem(item.origin_path, None, message)
