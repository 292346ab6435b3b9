"""Saved web pages (``.html``, ``.htm``): one article a page.

Visible text only (no script, style, navigation, footer, aside or form); inside
``<article>`` (else ``<main>``) when the page has one. Title from ``og:title``, else the
first ``<h1>``, else ``<title>``; publication date from ``article:published_time``/
``datePublished`` meta, else the first ``<time datetime>``; also ``og:site_name`` (source),
``author`` meta, canonical URL and ``<html lang>``. Meta tags count as the record's own
fields; ``<h1>``/``<title>`` as what the text suggests (:mod:`timeline.ingest.fields`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from timeline.dates import day_of_timestamp
from timeline.errors import BadDate
from timeline.ingest.decode import NotText, declared_charset, decode_file
from timeline.ingest.fields import Fields, ReadOptions, build_record
from timeline.ingest.page import clean_body
from timeline.ingest.text import SPACE_MAP, clean_value, language_tag, normalize_text, squash
from timeline.records import ArticleRecord, ReadProblem

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
            text = _HTML_SPACE.sub(" ", raw.translate(SPACE_MAP)).strip()
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
            self.page_title = clean_value("".join(self._title_parts))
            self._title_parts = None
        elif tag == "h1" and self._h1_parts is not None:
            self.h1 = clean_value("".join(self._h1_parts))
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


def read_html(path: Path, options: ReadOptions) -> Iterator[ArticleRecord | ReadProblem]:
    data = path.read_bytes()
    try:
        markup, encoding = decode_file(data, declared=declared_charset(data))
    except NotText as exc:
        yield ReadProblem(str(path), None, str(exc))
        return
    del data
    page = _PageParser()
    page.feed(markup)
    page.close()
    paragraphs = _page_paragraphs(page)

    meta_title = clean_value(page.meta.get("og:title"))
    title = meta_title or page.h1 or page.page_title
    # the heading shown above the article is its title, not its first paragraph
    if title:
        for i, paragraph in enumerate(paragraphs[:3]):
            if squash(paragraph) == title:
                del paragraphs[i]
                break
    body, author, source = clean_body(paragraphs)
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
                published = day_of_timestamp(candidate)
                break
            except BadDate:
                continue
    meta_author = clean_value(page.meta.get("author") or page.meta.get("article:author"))
    if meta_author and meta_author.startswith(("http://", "https://")):
        meta_author = None  # article:author is often a profile URL
    record = Fields(
        published=published,
        title=meta_title,
        source=clean_value(page.meta.get("og:site_name")),
        author=meta_author,
        url=clean_value(page.canonical or page.meta.get("og:url")),
        language=language_tag(page.lang),
    )
    inferred = Fields(title=title, author=author, source=source)
    file_meta = options.file_fields(path)
    yield build_record(
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
