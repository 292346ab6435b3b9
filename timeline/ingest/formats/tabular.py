"""Tabular files: JSON Lines (``.jsonl``, ``.ndjson``) and CSV (``.csv``), one article a row.

JSONL: one JSON object per line; ``text`` is required, ``published`` (or ``date``/``dct``:
any full date as exports write it, see :func:`timeline.dates.parse_published`),
``title``, ``source``, ``url``, ``author``, ``type`` and ``language`` are optional; keys are
read in any case. CSV: a header row naming at least ``text`` (the same optional columns, other
columns ignored); quoted fields may span lines. ``position`` is the line the row starts on
(the spreadsheet row number when no field spans lines).

A bad row is a problem naming its line and the other rows are read; a CSV header repeated
further down (files joined end to end) is skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path

from timeline.dates import parse_published
from timeline.errors import BadDate, BadInput
from timeline.ingest.decode import csv_rows, open_lines
from timeline.ingest.fields import Fields, ReadOptions, build_record
from timeline.ingest.jsonl import read_json_lines
from timeline.ingest.metadata import is_metadata_header
from timeline.ingest.page import agency_source
from timeline.ingest.text import clean_value, language_tag, normalize_text
from timeline.records import ArticleRecord, ReadProblem, check_doc_type

# first key present wins
_DATE_KEYS = ("published", "date", "dct")


class _RowError(Exception):
    pass


def _text_value(values: Mapping[str, object], key: str) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return clean_value(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return clean_value(", ".join(value))  # e.g. several authors
    raise _RowError(f"{key!r} must be text, not {type(value).__name__}")


def _date_value(values: Mapping[str, object], key: str) -> str | BadDate | None:
    """A date field as text (a number such as 20220620 is read as its digits); any other
    value is a BadDate to report, not a reason to drop the article."""
    value = values.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, str):
        return clean_value(value) if value is not None else None
    return BadDate(f"{key} must be text, not {type(value).__name__}: the article is kept undated")


def _record(
    values: Mapping[str, object],
    path: Path,
    line: int,
    options: ReadOptions,
    file_meta: Mapping[int | None, Fields],
    encoding: str,
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
        language = language_tag(_text_value(values, "language"))
        published, notes = None, ()
        key, raw = next(((k, v) for k in _DATE_KEYS if (v := _date_value(values, k))), ("", None))
        if isinstance(raw, BadDate):  # a date that is no text: the article is kept, undated
            notes, raw = (str(raw),), None
        if raw:
            try:
                published = parse_published(
                    raw, dayfirst=options.dayfirst, language=language or "en"
                )
            except BadDate:  # the article is worth keeping: undated, with a word why
                notes = (f"{key} {raw!r} is not a full date: the article is kept undated",)
        doc_type = None
        if (given := _text_value(values, "type")) is not None:
            try:
                doc_type = check_doc_type(given)
            except BadInput as exc:
                raise _RowError(str(exc)) from None
        record = Fields(
            published=published,
            title=_text_value(values, "title"),
            source=_text_value(values, "source"),
            author=_text_value(values, "author"),
            url=_text_value(values, "url"),
            doc_type=doc_type,
            language=language,
        )
    except _RowError as exc:
        return ReadProblem(str(path), line, str(exc))
    return build_record(
        path,
        line,
        body,
        options,
        file_meta,
        record=record,
        inferred=Fields(source=agency_source(body)),
        encoding=encoding,
        removed_nuls=text.count("\0"),
        notes=notes,
    )


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[ArticleRecord | ReadProblem]:
    file_meta = options.file_fields(path)
    for item in read_json_lines(path):
        if isinstance(item, ReadProblem):
            yield item
            continue
        values = {str(k).lower(): v for k, v in item.values.items()}
        yield _record(values, path, item.number, options, file_meta, item.encoding)


def read_csv(path: Path, options: ReadOptions) -> Iterator[ArticleRecord | ReadProblem]:
    file_meta = options.file_fields(path)
    # Articles exceed csv's default 128 KiB field limit. A field over the article limit
    # would be refused anyway, and csv holds a field as 4 bytes a character: stop there.
    csv.field_size_limit(int(options.max_article_mb * 1_000_000) + 1)
    header: list[str] | None = None
    rows = 0  # rows read or reported, the header aside
    with open_lines(path) as lines:
        if isinstance(lines, ReadProblem):
            yield lines
            return
        for line, row in csv_rows(csv.reader(lines, strict=True)):
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
                if is_metadata_header(header):
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
            yield _record(values, path, line, options, file_meta, lines.encoding.name)
        if bad := lines.take_bad():
            yield ReadProblem(str(path), *bad)
            return
    if header is None:
        yield ReadProblem(str(path), None, "no header row (only blank lines)")
    elif not rows:
        yield ReadProblem(str(path), None, "no rows after the header")
