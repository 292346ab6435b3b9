"""The dates a saved web page shows, and the page's own day for the date htmldate found.

Byline and date lines. A paragraph such as "Published 3 March 2021", "Updated 4 March 2021
10:02", "By Jane Doe | March 3, 2021" or "Posted by Tom Becker on March 12, 2020 · 6 min read"
is page furniture: :func:`date_line` tells it from prose, naming its author and the days it
shows (as a publication or an update). It holds nothing but dates, times, bylines, credits,
reading times and the words of ``[date_line]`` in ``resources/<lang>/page.toml``; its
pieces are split at ``|``, ``·``, ``•``, a spaced slash or dash, and before each label
("… 11:47 p.m. Updated Nov. 9 …").

The page's own day (:func:`page_day`). htmldate gives the date-time the page's metadata
states, with its offset when it has one. A timestamp with an offset is that clock's day:
``2021-03-03T23:30:00-05:00`` is 3 March, never the UTC 4 March (the site's own day is
what it printed). A bare date, or midnight (how many CMSs store a date alone), is that
day. A timestamp in UTC ("…T04:30:00Z", as many CMSs write their metadata) is the site's
day only when nothing says otherwise; otherwise, in this order:

1. the date the page shows under its headline, when it is the UTC day's eve or morrow and
   an offset of -12 to +14 hours can make them one instant ("March 3, 2021 at 11:30 p.m.
   EST" beside ``2021-03-04T04:30:12Z``);
2. another timestamp of the page with an offset: the same instant written in the site's
   zone, else the zone the page's other timestamps are written in.

The date the page shows under its headline (before the article's text; after it, only a
labelled "Published …" line) also wins over a date htmldate read from the page's body
rather than its metadata (meta tags, JSON-LD, the URL): a ``<time>`` before the headline or
in a list of other stories the furniture names did not catch. Without one, such a date
must at least be shown before the article's text begins: one from a "Latest news" list
after it, or from a sentence, is no publication date. And a date read from a line the page
itself labels as an update ("Updated 4 March 2021 · First published 3 March 2021") gives
way to the day the page labels as published.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from timeline.ingest.page import RESOURCES, page_words

_MAX_LINE = 160  # characters: a date or byline line is short
_MAX_BYLINE_NAMES = 8  # words of a byline's names (page.py's byline allows eight)
# pieces of a line: | · • anywhere; a slash or a dash only between spaces ("Jul 4, 2023 /
# 10:41 PM CDT"), so that 2021-03-03 and 03/03/2021 stay whole
_PIECE_SEPARATOR = re.compile(r"\s*[|·•]\s*|\s+(?:/|[–—]|--?)\s+")
_TIME = re.compile(r"\b\d{1,2}(?:[:.]\d{2}){1,2}(?:\.\d+)?\b|\b\d{1,2}\s*(?=[ap]\.?m\b)", re.I)
_NUMERIC_DATE = re.compile(r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})\b")
_YEAR = r"(?:1[6-9]|2\d)\d\d"
_LETTERS = re.compile(r"[^\W\d_]+")
# characters a date piece may hold besides letters, digits and spaces
_FOREIGN = re.compile(r"[^\w\s,.:/'’()+-]")
_ISO_STAMP = re.compile(
    r"\b(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})\b"
)
_WRITTEN_DAY = re.compile(r"(?<!\d)((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_DAY = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?=/|$)")
_UTC_EVE_HOURS = 12  # a UTC time before noon can be the previous day at UTC-12
_UTC_MORROW_HOURS = 10  # from 10:00 UTC on it can be the next day at UTC+14


@dataclass(frozen=True, slots=True)
class DateWords:
    """A language's words of byline and date lines, compiled (page.toml)."""

    updated: re.Pattern[str]  # a label starting an update
    label: re.Pattern[str]  # either, where a piece is split
    allowed: frozenset[str]  # every word a date piece may hold (lower case, no dots)
    calendar_words: frozenset[str]  # month and weekday names and their abbreviations
    relative: frozenset[str]  # "ago", "hours": an age
    dates: re.Pattern[str]  # a written date: "March 3, 2021", "3 March 2021", ISO, 03/03/2021
    reading_time: re.Pattern[str]
    byline_lead: re.Pattern[str]  # "Posted by", "Story by", "By:" → "by"
    credit: re.Pattern[str]  # "Photos by"
    language: str


def _phrases(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _words_of(phrases: Iterable[str]) -> set[str]:
    return {w for p in phrases for w in _LETTERS.findall(p.lower().replace(".", ""))}


@lru_cache(maxsize=4)
def date_words(language: str = "en") -> DateWords:
    with (RESOURCES / language / "page.toml").open("rb") as handle:
        data = tomllib.load(handle)
    lines = data["date_line"]
    calendar_words = frozenset(page_words(language).date_words)
    name = _phrases(w for w in calendar_words if len(w) > 2 and w != "of")
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    # a year may run into the next word: "Aug. 14, 2020Updated: …" (inline elements)
    dates = (
        rf"\b(?:{name})\.?\s+{day},?\s+{_YEAR}(?!\d)"  # March 3, 2021
        rf"|\b{day}\s+(?:of\s+)?(?:{name})\.?,?\s+{_YEAR}(?!\d)"  # 3 March 2021
        rf"|{_NUMERIC_DATE.pattern}"
    )
    credit_words = data["photo_credit"]["words"]
    return DateWords(
        updated=re.compile(rf"(?<![^\W\d_])(?:{_phrases(lines['updated'])})\b", re.I),
        # after a digit too: "2020Updated: …"
        label=re.compile(
            rf"(?<![^\W\d_])(?:{_phrases(lines['published'] + lines['updated'])})\b", re.I
        ),
        allowed=frozenset(
            _words_of(lines["published"] + lines["updated"] + lines["joiners"] + lines["relative"])
            | {w.replace(".", "") for w in calendar_words}
            | {z.lower() for z in lines["zones"]}
        ),
        calendar_words=calendar_words,
        relative=frozenset(_words_of(lines["relative"])),
        dates=re.compile(dates, re.I),
        reading_time=re.compile(rf"^\d+\s*(?:{_phrases(lines['reading_time'])})$", re.I),
        byline_lead=re.compile(
            rf"^(?:(?:{_phrases(lines['byline_leads'])})\s+)?(?P<by>{_phrases(data['byline']['words'])})\s*:?\s+",
            re.I,
        ),
        credit=re.compile(
            rf"^(?:{_phrases(credit_words)})\s+(?:{_phrases(data['byline']['words'])})\s+\S",
            re.I,
        ),
        language=data["header_date"]["dateparser_language"],
    )


@dataclass(frozen=True, slots=True)
class Stamp:
    """One date a line shows: its day (None: no full date, as in "Updated 9:30 a.m.")."""

    day: str | None
    updated: bool  # labelled as an update
    labelled: bool  # "Published …", "Updated …": not a bare date


@dataclass(slots=True)
class DateLine:
    """A paragraph that is a byline and/or dates, nothing else."""

    author: str | None = None
    stamps: list[Stamp] = field(default_factory=list)
    credit: bool = False  # a photo credit or a reading time among its pieces

    @property
    def labelled(self) -> bool:
        return any(s.labelled for s in self.stamps)

    @property
    def published(self) -> str | None:
        """The first day shown as a publication (labelled so, or bare)."""
        return next((s.day for s in self.stamps if s.day and not s.updated), None)

    @property
    def updated(self) -> set[str]:
        return {s.day for s in self.stamps if s.day and s.updated}


def date_line(paragraph: str, language: str = "en") -> DateLine | None:
    """The byline and dates of a paragraph that is nothing else (module docstring)."""
    text = paragraph.strip()
    if not text or len(text) > _MAX_LINE or "\n" in text:
        return None
    words = date_words(language)
    line = DateLine()
    for piece in _PIECE_SEPARATOR.split(text):
        piece = piece.strip(" ,;:")
        if not piece:
            continue
        if not _add_piece(line, piece, words, language):
            return None
    return line if line.stamps or line.author else None


def _add_piece(line: DateLine, piece: str, words: DateWords, language: str) -> bool:
    """Read one piece into ``line``; False when it is prose, not furniture."""
    if words.reading_time.match(piece) or words.credit.match(piece):
        line.credit = True
        return True
    lead = words.byline_lead.match(piece)
    if lead:
        return _add_byline(line, piece[lead.end() :], lead["by"], words, language)
    stamps = _stamps(piece, words, language)
    if stamps is None:
        return False
    line.stamps.extend(stamps)
    return True


def _add_byline(line: DateLine, rest: str, by: str, words: DateWords, language: str) -> bool:
    """ "by NAME", maybe followed by dates ("by Tom Becker on March 12, 2020")."""
    byline = page_words(language).byline
    names = rest.split()
    for count in range(1, min(len(names), _MAX_BYLINE_NAMES) + 1):
        match = byline.match(f"{by} {' '.join(names[:count])}".rstrip(",;"))
        if not match:
            continue
        tail = " ".join(names[count:]).strip(" ,;")
        stamps = _stamps(tail, words, language) if tail else []
        if stamps is None:
            continue
        name = match["name"]
        line.author = line.author or (name.title() if name.isupper() else name)
        line.stamps.extend(stamps)
        return True
    return False


def _stamps(piece: str, words: DateWords, language: str) -> list[Stamp] | None:
    """The dates of a piece made of dates, times and date words only; else None."""
    if not any(c.isdigit() for c in piece) or _FOREIGN.search(piece):
        return None
    found = _LETTERS.findall(piece.lower().replace(".", ""))
    if any(w not in words.allowed for w in found):
        return None
    has_calendar_word = any(w in words.calendar_words for w in found)
    age = words.label.search(piece) and any(w in words.relative for w in found)
    if not (has_calendar_word or age or _TIME.search(piece) or _NUMERIC_DATE.search(piece)):
        return None  # "2021" or "5 2" alone: not a date
    # "Nov. 8, 2022 11:47 p.m. Updated Nov. 9, 2022": one stamp from each label on
    starts = sorted({0, *(m.start() for m in words.label.finditer(piece))})
    stamps = []
    for start, end in zip(starts, [*starts[1:], len(piece)], strict=True):
        segment = piece[start:end]
        written = words.dates.search(segment)
        stamps.append(
            Stamp(
                day=_parse_day(written[0], language) if written else None,
                updated=bool(words.updated.match(segment)),
                labelled=bool(words.label.match(segment)),
            )
        )
    return stamps


@lru_cache(maxsize=1024)
def _parse_day(written: str, language: str) -> str | None:
    """The ISO day of a written full date ("March 3, 2021", "3 Mar 2021", "2021-03-03")."""
    import dateparser  # slow to import: only for pages that show a date

    parsed = dateparser.parse(
        written,
        languages=[language],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"]},
    )
    return parsed.date().isoformat() if parsed else None


@dataclass(frozen=True, slots=True)
class Shown:
    """The dates a page shows near its headline."""

    published: str | None = None  # the first day shown as the publication
    updated: frozenset[str] = frozenset()  # days labelled as updates
    labelled: bool = False  # the publication day was labelled so ("Published …")


def shown(lines: Iterable[DateLine]) -> Shown:
    """What the first of ``lines`` to show a full day shows."""
    for line in lines:
        if any(s.day for s in line.stamps):
            published = line.published
            labelled = any(s.labelled and not s.updated and s.day for s in line.stamps)
            return Shown(published, frozenset(line.updated), labelled)
    return Shown()


def metadata_days(texts: Iterable[str]) -> frozenset[str]:
    """The days written in a page's metadata (meta tags, JSON-LD) and its URL."""
    days = set()
    for text in texts:
        for match in _WRITTEN_DAY.finditer(text):
            days.add(f"{match[1]}-{match[2]}-{match[3]}")
        for match in _URL_DAY.finditer(text):
            days.add(f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}")
    return frozenset(days)


def page_day(
    found: str | None,
    page: Shown,
    stamps: Iterable[str],
    metadata: Collection[str],
    head: Collection[str],
) -> str | None:
    """The page's own day: htmldate's ``found`` (``%Y-%m-%dT%H:%M:%S%z``) read as the
    module docstring says, else the day the page shows as its publication. ``stamps`` are
    the page's timestamps, ``metadata`` the days its metadata writes (:func:`metadata_days`),
    ``head`` the days it shows before the article's text begins.
    """
    if found is None:
        return page.published
    moment = _moment(found)
    if moment is None:
        return page.published
    day = moment.date()
    if page.published and page.labelled and day.isoformat() in page.updated:
        return page.published  # htmldate read the line the page labels as an update
    if day.isoformat() not in metadata:
        # htmldate found it in the page's body (a <time>, an element classed as a date),
        # where the date under the headline is the article's: another one is before it or
        # in a part of the page that was not recognised as furniture; one shown after the
        # article's text began is another story's ("Latest news")
        if page.published:
            return page.published
        if day.isoformat() not in head:
            return None
    offset = moment.utcoffset()
    if offset is None or offset or moment.time() == datetime.min.time():
        return day.isoformat()  # the site's own clock, or a bare day
    if page.published and _same_instant_possible(moment, date.fromisoformat(page.published)):
        return page.published
    zone = _site_offset(moment, stamps)
    return (moment + zone).date().isoformat() if zone else day.isoformat()


def _moment(found: str) -> datetime | None:
    try:
        return datetime.strptime(found, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            return datetime.strptime(found, "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return None


def _same_instant_possible(utc: datetime, shown_day: date) -> bool:
    """Whether a UTC time can be ``shown_day`` on some clock (UTC-12 to UTC+14)."""
    if shown_day == utc.date() - timedelta(days=1):
        return utc.hour < _UTC_EVE_HOURS
    if shown_day == utc.date() + timedelta(days=1):
        return utc.hour >= _UTC_MORROW_HOURS
    return False


def _site_offset(utc: datetime, stamps: Iterable[str]) -> timedelta | None:
    """The site's UTC offset, from the page's other timestamps: the same instant written
    with an offset first, else the offset most of them are written with."""
    offsets: Counter[timedelta] = Counter()
    for text in stamps:
        for match in _ISO_STAMP.finditer(text):
            zone = match[3].replace("Z", "+00:00")
            try:
                moment = datetime.fromisoformat(f"{match[1]}T{match[2]}{zone}")
            except ValueError:
                continue
            offset = moment.utcoffset()
            if not offset:
                continue
            if abs((moment - utc).total_seconds()) < 60:
                return offset
            offsets[offset] += 1
    return offsets.most_common(1)[0][0] if offsets else None
