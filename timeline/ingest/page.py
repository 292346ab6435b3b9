"""The furniture of a scraped news page, told apart from its article text.

In an article's paragraphs (plain text or HTML): a byline "By Amir Havasi" among the first
paragraphs becomes the author; photo credit lines ("Photo: IRNA") are dropped; a standfirst
repeated verbatim as the next paragraph is kept once; trailing lines that are only a number
(scraped share counters) are dropped; a lead "Al-Monitor – The …" gives the source and loses
its prefix (all-capitals leads such as "TEHRAN —" are datelines and are left alone).
Subheadings stay as their own paragraphs.

The words involved are the language's, in ``timeline/resources/<lang>/page.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from timeline.ingest.text import squash

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
HEADER_MAX = 200  # characters in a site header or a title line
_BYLINE_WINDOW = 3  # bylines sit among an article's first paragraphs
# a news agency named in parentheses in the dateline of an article's first paragraph:
# "LONDON (Reuters) -", "WASHINGTON, July 21 (AP) —", "BEIJING, Aug. 8 (Xinhua) --"
_AGENCY_DATELINE = re.compile(
    r"\((?P<source>[A-Z][\w.&'’]*(?: [A-Z][\w.&'’]*){0,2})\)\s*(?:--?|[–—])\s"
)
_DATELINE_CHARS = 120  # a dateline opens the first paragraph
_AGENCY_HEAD_CHARS = 600  # in a text without paragraphs, a headline and byline may come first
_SOURCE_LEAD = re.compile(
    r"^(?P<source>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})\s+(?:[–—]|--?)\s+"
    r"(?=[\"“‘'A-Z0-9])"
)


@dataclass(frozen=True, slots=True)
class PageWords:
    """A language's page words, compiled."""

    read_more: re.Pattern[str]  # a line that ends an article
    byline: re.Pattern[str]  # a paragraph that is a byline; group "name"
    photo_credit: re.Pattern[str]  # a photo credit line
    date_words: frozenset[str]  # words a date-only line may hold (lower case)
    site_generic: frozenset[str]  # words of a site header that name no source ("news")
    dateparser_language: str


def _choices(words: Iterable[str]) -> str:
    """``a|b|c``, longest first, so that "photographs" wins over "photo"; a space in a word
    matches any run of white space."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=4)
def page_words(language: str = "en") -> PageWords:
    path = RESOURCES / language / "page.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    name = r"[A-Z][\w'’.-]*"
    byline = data["byline"]
    credit = data["photo_credit"]
    return PageWords(
        read_more=re.compile(rf"^(?:{_choices(data['read_more'])})\W*$", re.IGNORECASE),
        # the name is case-sensitive (capitalized words, lower-case particles)
        byline=re.compile(
            rf"^(?i:{_choices(byline['words'])})\s+(?P<name>{name}"
            rf"(?:,?\s+(?:{name}|{_choices(byline['particles'])})){{0,7}})$"
        ),
        photo_credit=re.compile(
            rf"^\(?(?:{_choices(credit['words'])})(?:\s+(?:{_choices(credit['credit'])}))?"
            r"\s*:\s*\S.{0,80}$",
            re.IGNORECASE,
        ),
        date_words=frozenset(w.lower() for w in data["header_date"]["words"]),
        site_generic=frozenset(w.lower() for w in data["site_header"]["generic"]),
        dateparser_language=data["header_date"]["dateparser_language"],
    )


def clean_body(
    paragraphs: list[str], language: str = "en"
) -> tuple[list[str], str | None, str | None]:
    """Drop bylines, photo credits, a repeated standfirst and trailing counters.

    Returns the paragraphs left, the author and the source lead.
    """
    words = page_words(language)
    author = None
    kept: list[str] = []
    for paragraph in paragraphs:
        one_line = "\n" not in paragraph
        if one_line and words.photo_credit.match(paragraph) and len(paragraph.split()) <= 10:
            continue
        if one_line and author is None and len(kept) < _BYLINE_WINDOW:
            match = words.byline.match(paragraph)
            if match:
                author = match["name"]
                continue
        kept.append(paragraph)
    # scraped pages often repeat the standfirst as the first body paragraph: keep it once
    # (a standfirst is short: a huge paragraph is not split into words to compare it)
    if len(kept) >= 2 and len(kept[0]) <= 10 * HEADER_MAX and squash(kept[0]) == squash(kept[1]):
        del kept[1]
    while len(kept) > 1 and kept[-1].strip().isdigit():
        kept.pop()
    source = None
    if kept:
        match = _SOURCE_LEAD.match(kept[0])
        if match and not match["source"].isupper():  # "TEHRAN —" is a dateline
            source = match["source"]
            kept[0] = kept[0][match.end() :]
        elif agency := _AGENCY_DATELINE.search(kept[0], 0, _DATELINE_CHARS):
            source = agency["source"]  # "LONDON (Reuters) -": the dateline stays in the text
    return kept, author, source


def agency_source(text: str) -> str | None:
    """The news agency of a wire dateline near the start of a text ("GENEVA, May 26 (Reuters)
    -"), for texts that come without paragraphs (a JSONL or CSV row): a headline, a summary
    and a byline may come first."""
    match = _AGENCY_DATELINE.search(text, 0, _AGENCY_HEAD_CHARS)
    return match["source"] if match else None


def site_source(header: str, language: str = "en") -> str | None:
    """The source a scraped site header names: "News AFP" (said twice on the page) is AFP,
    once its generic words are left out; None when nothing is left or it reads as a phrase."""
    generic = page_words(language).site_generic
    kept = [w for w in header.split() if w.lower() not in generic]
    name = " ".join(kept)
    if not kept or len(kept) > 4 or not all(w[:1].isupper() for w in kept):
        return None
    return name
