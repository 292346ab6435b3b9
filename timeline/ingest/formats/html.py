"""Saved web pages (``.html``, ``.htm``): one article a page, read with trafilatura and htmldate.

* Bytes to text through :mod:`timeline.ingest.decode` (byte-order marks, the page's
  ``<meta charset>``, legacy code pages). A UTF-8 page with a few stray bytes (a quote
  pasted from a Windows program) is read all the same, each stray byte as the Windows-1252
  character it most likely was, with a note that ``timeline ingest`` prints: "not all UTF-8:
  1 stray byte read as Windows-1252 (the first: 0x92 at offset 1314)".
* Page parts that hold other articles' dates and links (related stories, trending lists,
  readers' comments: ``[html]`` in ``resources/<lang>/page.toml``), ``<nav>``, ``<aside>``,
  the site's footer and ``<template>`` are left out first, for the text and the date alike.
* trafilatura reads the page's metadata (title, author, site name: ``og:site_name`` or the
  publisher it names; canonical URL) and, in precision mode (its default mode when that
  finds nothing), the main text. ``<html lang>`` is the language.
* htmldate, called by trafilatura's metadata step, finds the publication date: meta tags
  (``article:published_time``, ``og:article:published_time``, ``dc.date``…), JSON-LD
  ``datePublished``, the URL, ``<time>``, elements classed as dates; the original date, not
  the last update; no extensive search, whose free-text guesses (a copyright year, any date
  in the text) date pages that state none. Its time and offset, the dates the page shows
  under its headline and its other timestamps give the site's own day
  (:mod:`timeline.ingest.formats.html_dates`); failing htmldate, the date shown under the
  headline is the page's date.
* Byline and date lines ("By Jane Doe", "Published 3 March 2021", "Updated 4 March 2021
  10:02") are dropped from the text, which :func:`timeline.ingest.page.clean_body` then
  cleans; a byline names the author when trafilatura found none, or when it names more
  people. A title repeated as the first paragraph is dropped, and so is the site's name at
  the end of a title.

The page's own metadata is the record layer of its fields (published origin ``html-meta``);
a byline in the text, a source lead and a site name taken from the URL are what the text
suggests (:mod:`timeline.ingest.fields`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.ingest.decode import NotText, declared_charset, decode_file
from timeline.ingest.fields import Fields, ReadOptions, build_record
from timeline.ingest.formats.html_dates import (
    DateLine,
    date_line,
    date_words,
    metadata_days,
    page_day,
    shown,
)
from timeline.ingest.page import RESOURCES, clean_body
from timeline.ingest.text import clean_value, language_tag, normalize_text, squash
from timeline.records import ArticleRecord, ReadProblem

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# htmldate, through trafilatura's metadata: the original date (not the last update); no
# extensive search, whose free-text guesses (copyright years, any date in the body) date
# pages that state none; the time and offset kept, to find the site's own day
_DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_NO_TEXT = "no article text found in the page"
_HEAD_LINES = 6  # byline and date lines sit among the first paragraphs…
_TAIL_LINES = 2  # …or close the article ("Updated 4 March 2021 10:02")
_TITLE_WINDOW = 3  # the title repeated as a paragraph is among the first ones
_SCAN_ELEMENTS = 3000  # elements searched for byline and date lines (huge pages: a bound)
_LARGE_TREE = 20_000  # elements: a news page has a few thousand at most
_SHORT = 160  # characters of a line that can be a date line
_PROSE = 150  # characters of a paragraph that starts the article's text (not a standfirst)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")  # lxml refuses one in a str
# characters XML (hence lxml) refuses: NUL and the C0 controls other than tab and line ends
_XML_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_AUTHOR_END = re.compile(r"\s*[|·•]")  # "Priya Nair · 14 May 2023": the name ends there
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b)\s*")  # between authors' names
_DIGIT = re.compile(r"\d")
_NAME_WORD = re.compile("[a-z0-9]+")
_STRAY = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, as surrogateescape has them
# never left out as furniture: the article itself
_ARTICLE_XPATH = "self::h1 or self::article or self::main or .//h1 or .//article or .//main"


def read_html(path: Path, options: ReadOptions) -> Iterator[ArticleRecord | ReadProblem]:
    data = path.read_bytes()
    try:
        markup, encoding, note = decode_page(data)
    except NotText as exc:
        yield ReadProblem(str(path), None, str(exc))
        return
    del data
    page = read_page(markup)
    if page is None:
        yield ReadProblem(str(path), None, _NO_TEXT)
        return
    record = Fields(
        published=page.published,
        title=page.title,
        source=page.site_name,
        author=page.author,
        url=page.url,
        language=page.language,
    )
    inferred = Fields(author=page.byline, source=page.source_lead or page.site_from_url)
    yield build_record(
        path,
        1,
        page.text,
        options,
        options.file_fields(path),
        record=record,
        record_origin="html-meta",
        inferred=inferred,
        encoding=encoding,
        removed_nuls=markup.count("\0"),
        notes=(note,) if note else (),
    )


# decoding ---------------------------------------------------------------------------------


def decode_page(data: bytes) -> tuple[str, str, str | None]:
    """The page's text, how it was decoded and a note when that was lenient; else NotText.

    As :func:`timeline.ingest.decode.decode_file`, except that a UTF-8 page with stray
    bytes is read leniently (module docstring) instead of refused.
    """
    try:
        text, encoding = decode_file(data, declared=declared_charset(data))
    except NotText:
        lenient = _damaged_utf8(data)
        if lenient is None:
            raise
        return lenient[0], "utf-8", lenient[1]
    return text, encoding.name, None


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """A page that is UTF-8 but for a few stray bytes, those read as Windows-1252.

    Only markup that is mostly UTF-8 (more good non-ASCII characters than stray bytes) and
    not binary: other bytes keep the decoder's refusal.
    """
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    strays = [m.start() for m in _STRAY.finditer(text)]
    good = len(text) - len(text.encode("ascii", "ignore")) - len(strays)
    if not strays or good <= len(strays) or "<" not in text[:4096]:
        return None
    if len(_XML_REFUSED.findall(text[:65536])) * 100 > min(len(text), 65536):
        return None  # control characters: binary data, as decode.py judges it

    def as_windows_1252(match: re.Match[str]) -> str:
        byte = bytes([ord(match[0]) - 0xDC00])
        return byte.decode("cp1252", "replace")

    first = strays[0]
    offset = len(text[:first].encode("utf-8", "surrogateescape"))
    offset += 3 if data.startswith(b"\xef\xbb\xbf") else 0
    byte = ord(text[first]) - 0xDC00
    count = len(strays)
    note = (
        f"not all UTF-8: {count} stray byte{'s' * (count != 1)} read as Windows-1252 "
        f"(the first: 0x{byte:02x} at offset {offset})"
    )
    return _STRAY.sub(as_windows_1252, text), note


# the page ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """What a page gives: its text and the fields of its two layers."""

    text: str
    published: str | None
    title: str | None
    author: str | None  # the page's metadata, as trafilatura reads it (or a fuller byline)
    site_name: str | None
    url: str | None
    language: str | None
    byline: str | None  # a byline the page shows (in the text or under the headline)
    source_lead: str | None  # "Al-Monitor – …" (page.clean_body)
    site_from_url: str | None  # trafilatura's fallback: the URL's domain


def read_page(markup: str, language: str = "en") -> Page | None:
    """The article of a page's markup; None when no article text is found."""
    tree = _parse(markup)
    if tree is None:
        return None
    _drop_furniture(tree, language)
    head = _scan_head(tree, language)
    shown_author = next((line.author for line in head.lines if line.author), None)
    metadata, stamps = _timestamps(tree)
    document = _metadata(tree)
    h1 = next((squash(h.text_content()) for h in tree.iter("h1")), None)
    main_text = _main_text(tree)
    if not main_text:
        return None
    site_name = clean_value(document.sitename)
    title = _title(clean_value(document.title), site_name)
    paragraphs, byline = _body_lines(main_text.split("\n"), {title, h1}, language)
    body, author, source = clean_body(paragraphs, language)
    text = normalize_text("\n\n".join(body))
    if not text:
        return None
    site_from_url = None
    if site_name and _DOMAIN.fullmatch(site_name) and site_name.lower() in (document.url or ""):
        site_name, site_from_url = None, site_name  # the domain, not a name the page gives
    byline_names = _authors(byline or shown_author or author, site_name, language)
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return Page(
        text=text,
        published=page_day(
            document.date, shown(head.lines), stamps, metadata_days(metadata), head.days
        ),
        title=title,
        author=_fuller(_authors(document.author, site_name, language), byline_names),
        site_name=site_name,
        url=clean_value(document.url),
        language=language_tag(lang),
        byline=byline_names,
        source_lead=source,
        site_from_url=site_from_url,
    )


def _parse(markup: str) -> HtmlElement | None:
    from lxml import etree
    from lxml.html import HTMLParser, document_fromstring

    markup = _XML_REFUSED.sub("", _XML_DECLARATION.sub("", markup, count=1))
    parser = HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True)
    try:
        return document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return None  # no element at all


@lru_cache(maxsize=4)
def _furniture(language: str) -> re.Pattern[str]:
    """Class or id names of page furniture (page.toml ``[html]``), as whole words."""
    with (RESOURCES / language / "page.toml").open("rb") as handle:
        names = tomllib.load(handle)["html"]["furniture"]
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    choices = "|".join(re.escape(n).replace(r"\ ", "-") for n in ordered)
    return re.compile(rf"(?:^|-)(?:{choices})(?:-|$)")


def _drop_furniture(tree: HtmlElement, language: str) -> None:
    """Leave out what is not the article (module docstring), in place."""
    furniture = _furniture(language)
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        tag = element.tag
        names = f"{element.get('class', '')} {element.get('id', '')}".lower().split()
        # "most-read-bar", "trending_widget", "tnt-recommended": words joined by dashes
        named = any(furniture.search("-".join(_NAME_WORD.findall(n))) for n in names)
        site_footer = tag == "footer" and not element.xpath("ancestor::article")
        furniture_part = named or tag in ("nav", "aside") or site_footer
        # <template> is never shown (trafilatura would keep its text)
        if tag == "template" or (furniture_part and not element.xpath(_ARTICLE_XPATH)):
            doomed.append(element)
    for element in doomed:
        element.drop_tree()  # keeps the text after it (its tail)


def _short_text(element: HtmlElement, limit: int) -> str | None:
    """An element's text, None when over ``limit`` characters (read no further than that:
    the body's container holds the whole article)."""
    parts = []
    size = 0
    for piece in element.itertext():
        size += len(piece)
        if size > limit:
            return None
        parts.append(piece)
    return "".join(parts)


@dataclass(slots=True)
class _Head:
    """What the head of the article shows: its headline, byline and date lines."""

    lines: list[DateLine]  # after the headline: before the text, or labelled ("Updated …")
    days: set[str]  # every day shown before the article's text (also above the headline)


def _scan_head(tree: HtmlElement, language: str) -> _Head:
    """The byline and date lines of the page, in order: from its headline (the whole page
    without one) to the article's first paragraph of prose; after that only labelled date
    lines ("Published …", "Updated …"), since bare dates there are other stories'."""
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")  # "By ED HARLAN<br>Staff Writer": two lines
    body = tree.find("body")
    root = body if body is not None else tree
    h1 = root.find(".//h1")
    head = _Head([], set())
    by_word = _by_word(language)
    after_h1 = h1 is None
    in_text = False
    seen = 0
    for element in root.iter():
        if element is h1:
            after_h1 = True
            continue
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        seen += 1
        if seen > _SCAN_ELEMENTS:
            break
        text = _short_text(element, 4 * _SHORT)
        if after_h1 and element.tag == "p" and (text is None or len(text) > _PROSE):
            if not in_text and any(s.day for line in head.lines for s in line.stamps):
                break  # the date under the headline is known: the text's own is not needed
            in_text = True  # the article's text begins
        if not in_text and (stamp := element.get("datetime")):
            head.days.update(metadata_days([stamp]))
        if text is None:
            continue
        for part in text.split("\n"):
            # a date line has a digit; a byline alone has "by" (date_line is the slow part)
            if not (_DIGIT.search(part) or (not in_text and by_word.search(part))):
                continue
            line = date_line(squash(part), language)
            if line is None:
                continue
            if not in_text:
                head.days.update(s.day for s in line.stamps if s.day)
            if after_h1 and (not in_text or line.labelled):
                head.lines.append(line)
    return head


def _timestamps(tree: HtmlElement) -> tuple[list[str], list[str]]:
    """The page's metadata (meta tags, JSON-LD, the canonical URL) and its timestamps
    (those and the datetime attributes of its elements)."""
    metadata = tree.xpath(
        "//meta/@content | //link[@rel='canonical']/@href"
        " | //script[@type='application/ld+json']/text()"
    )
    attributes = tree.xpath("//*/@datetime | //abbr/@title")
    metadata = [str(v) for v in metadata if any(c.isdigit() for c in v)]
    return metadata, metadata + [str(v) for v in attributes]


def _metadata(tree: HtmlElement) -> Any:
    """trafilatura's metadata of the page (its Document): title, author, site name, URL
    and the date htmldate finds (``_DATE_PARAMS``)."""
    from trafilatura import extract_metadata

    return extract_metadata(tree, date_config=dict(_DATE_PARAMS))


def _main_text(tree: HtmlElement) -> str | None:
    """trafilatura's main text, one paragraph a line; None when it finds none.

    Precision first: less page furniture in the text means fewer false events, and in its
    default (balanced) mode trafilatura swaps a short article for a dump of the whole page
    on one line. The balanced mode only when precision finds nothing (an old table layout).
    """
    from trafilatura import bare_extraction

    # trafilatura drops <time> elements whole: a date marked up in a sentence ("the vote on
    # <time>March 3</time>") would leave a hole; it stays as text
    for time in tree.xpath("//p//time | //li//time | //td//time | //blockquote//time"):
        time.drop_tag()
    # a huge page (a whole archive saved as one) skips the comparison with readability and
    # justext, which doubles the time
    fast = sum(1 for _ in tree.iter()) > _LARGE_TREE
    for precision in (True, False):
        document = bare_extraction(
            tree,
            fast=fast,
            favor_precision=precision,
            with_metadata=False,  # read before, from the page with its <time> elements
            include_comments=False,  # readers' comments are not the article
            include_tables=False,  # layout tables hold whole pages; data tables become pipes
            include_images=False,
            include_links=False,
            include_formatting=False,
        )
        if document is not None and document.text and document.text.strip():
            return document.text
    return None


@lru_cache(maxsize=4)
def _roles(language: str) -> re.Pattern[str]:
    """A role after a name ("Staff writer"), page.toml ``[author]``."""
    with (RESOURCES / language / "page.toml").open("rb") as handle:
        roles = tomllib.load(handle)["author"]["roles"]
    ordered = sorted(set(roles), key=lambda r: (-len(r), r))
    choices = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in ordered)
    return re.compile(rf"(?:,?\s+(?:{choices})\b.*)$", re.IGNORECASE)


@lru_cache(maxsize=4)
def _by_word(language: str) -> re.Pattern[str]:
    """A byline's "by" (page.toml ``[byline]``), as a word."""
    with (RESOURCES / language / "page.toml").open("rb") as handle:
        words = tomllib.load(handle)["byline"]["words"]
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b", re.IGNORECASE)


@lru_cache(maxsize=4)
def _by_prefix(language: str) -> re.Pattern[str]:
    """Words before a byline's "by" (page.toml ``[byline]``)."""
    with (RESOURCES / language / "page.toml").open("rb") as handle:
        words = tomllib.load(handle)["byline"]["words"]
    choices = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^.*?\b(?:{choices})\s+(?=[A-Z])", re.IGNORECASE)


def _title(title: str | None, site_name: str | None) -> str | None:
    """The title, less the site's name after a separator ("Parade returns — Old Town
    Dispatch"), as og:title sometimes has it."""
    if title and site_name:
        match = re.fullmatch(rf"(.+?)\s+[|—–·:-]\s+{re.escape(site_name)}", title, re.I)
        if match:
            return match[1]
    return title


def _authors(value: str | None, site_name: str | None, language: str) -> str | None:
    """Authors as "A; B": no profile URL, role ("Staff writer"), trailing separator or
    date, nor the site's own name ("Jane Doe, CableNet"); a one-word part trafilatura split
    off a name ("Brightline Foods; Inc") goes back to it."""
    value = clean_value(value)
    if value is None or value.startswith(("http://", "https://")):
        return None
    names: list[str] = []
    for part in value.split(";"):
        name = _AUTHOR_END.split(part, maxsplit=1)[0]
        # "Post author By Gwen Albright": screen-reader labels before the byline
        name = _by_prefix(language).sub("", name)
        name = _roles(language).sub("", name.strip()).strip(" ,")
        if name.isupper():
            name = name.title()  # "JANE DOE": typography, not the name
        if not name or any(c.isdigit() for c in name):
            continue
        if " " not in name and names:
            names[-1] = f"{names[-1]}, {name}"
        else:
            names.append(name)
    site = (site_name or "").lower()
    kept = []
    for name in names:
        if site and name.lower().endswith(", " + site):
            name = name[: -len(site) - 2]
        if name.lower() != site:
            kept.append(name)
    return "; ".join(kept) or None


def _fuller(author: str | None, byline: str | None) -> str | None:
    """The page's metadata author, or the byline it shows when that names the same people
    and more ("By Pavel Ivanenko and Olena Marchuk" beside og:article:author's first)."""
    if not author or not byline:
        return author
    names = {n.lower() for n in _NAME_SPLIT.split(author)}
    shown = {n.lower() for n in _NAME_SPLIT.split(byline)}
    if names < shown:
        return "; ".join(n for n in _NAME_SPLIT.split(byline) if n)
    return author


def _body_lines(
    lines: list[str], titles: set[str | None], language: str
) -> tuple[list[str], str | None]:
    """The text's paragraphs less a title repeated at the start and its byline and date
    lines (at the head or the end of the text; a labelled date line anywhere)."""
    paragraphs = [squash(line) for line in lines]
    paragraphs = [p for p in paragraphs if p]
    for i, paragraph in enumerate(paragraphs[:_TITLE_WINDOW]):
        if paragraph in titles:
            del paragraphs[i]
            break
    kept: list[str] = []
    author = None
    last = len(paragraphs) - _TAIL_LINES
    label = date_words(language).label  # away from the edges only a labelled line goes
    for i, paragraph in enumerate(paragraphs):
        edge = i < _HEAD_LINES or i >= last
        line = date_line(paragraph, language) if edge or label.search(paragraph) else None
        if line is not None and (edge or line.labelled):
            author = author or line.author
            continue
        kept.append(paragraph)
    return kept, author
