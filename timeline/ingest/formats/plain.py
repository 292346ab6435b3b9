"""Plain text (``.txt``, ``.md``, any other text file): one or more articles a file.

The shape of pages scraped as text, handled by general rules:

* The first non-empty line is a *header*, never part of an article, when it is a date alone
  ("Tuesday , 7 May 2024": the capture date, used only when nothing else dates the
  article) or a site header: a phrase said twice ("News AFP News AFP") or a line that
  also follows a "Read More" separator.
* A line "Read More" ends an article; the header line repeated after it is dropped.
* An article's first paragraph is its title when it is one line of at most 200 characters
  not ending in ``.``, ``,`` or ``;`` and more paragraphs follow (``# Title`` in Markdown).
* The body is cleaned of bylines, photo credits and the like (:mod:`timeline.ingest.page`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from timeline.ingest.decode import NotText, decode_file
from timeline.ingest.fields import Fields, ReadOptions, build_record
from timeline.ingest.page import HEADER_MAX, clean_body, page_words, site_source
from timeline.ingest.text import normalize_text
from timeline.records import ArticleRecord, ReadProblem


def _header_date(line: str) -> str | None:
    """ISO day of a line that is a date and nothing else ("Tuesday , 7 May 2024")."""
    s = line.strip()
    # cheap filters first: dateparser is slow and finds dates in ordinary words
    if len(s) > 40 or not re.search(r"\d", s) or re.search(r"[^\w\s,./-]", s):
        return None
    words = page_words()
    if any(w.lower() not in words.date_words for w in re.findall(r"[^\W\d_]+", s)):
        return None
    import dateparser  # slow to import: only when a date-like header is there

    parsed = dateparser.parse(
        s,
        languages=[words.dateparser_language],
        settings={"REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date().isoformat() if parsed else None


def _is_doubled(line: str) -> bool:
    """A phrase said twice, as site headers scraped as text are ("News AFP News AFP")."""
    if len(line) > HEADER_MAX:
        return False  # not split into words: a whole article on one line would cost 10x its size
    words = line.split()
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def _said_once(line: str) -> str:
    """The phrase of a site header said twice ("News AFP News AFP" → "News AFP")."""
    words = line.split()
    return " ".join(words[: len(words) // 2]) if _is_doubled(line) else line


def _paragraphs(lines: list[str]) -> list[str]:
    return [p.strip("\n") for p in "\n".join(lines).split("\n\n") if p.strip()]


def _looks_like_title(paragraph: str) -> bool:
    # headlines are one short line without closing punctuation ("?" and "!" happen)
    return (
        len(paragraph) <= HEADER_MAX
        and "\n" not in paragraph
        and not paragraph.endswith((".", ",", ";"))
    )


@dataclass(frozen=True, slots=True)
class _Article:
    title: str | None
    author: str | None
    source: str | None
    body: str


def _split_plain(text: str, markdown: bool) -> tuple[str | None, str | None, list[_Article]]:
    """The header date, the site header and the articles of a plain-text file (layout in the
    module docstring)."""
    lines = text.split("\n")
    read_more = page_words().read_more
    after_separator: set[str] = set()
    for i, line in enumerate(lines):
        if read_more.match(line.strip()):
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
        if read_more.match(line.strip()):
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
        body, author, source = clean_body(paragraphs)
        text_body = "\n\n".join(body).strip()
        if text_body:
            articles.append(_Article(title, author, source, text_body))
    return header_date, header_line, articles


def read_plain(path: Path, options: ReadOptions) -> Iterator[ArticleRecord | ReadProblem]:
    try:
        raw, encoding = decode_file(path.read_bytes())
    except NotText as exc:
        yield ReadProblem(str(path), None, str(exc))
        return
    nuls = raw.count("\0")
    text = normalize_text(raw)
    del raw  # a large file is in memory as bytes and text already
    header_date, header_line, articles = _split_plain(text, markdown=path.suffix.lower() == ".md")
    site = site_source(_said_once(header_line)) if header_line else None
    if not articles:
        yield ReadProblem(str(path), None, "no article text")
        return
    file_meta = options.file_fields(path)
    for position, article in enumerate(articles, 1):
        inferred = Fields(
            published=header_date,
            title=article.title,
            source=article.source or site,
            author=article.author,
        )
        yield build_record(
            path,
            position,
            article.body,
            options,
            file_meta,
            inferred=inferred,
            encoding=encoding.name,
            removed_nuls=nuls if position == 1 else 0,
            articles_in_file=len(articles),
        )
