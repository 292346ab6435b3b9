"""One article's text read for its dates: the full dates it states, the stamps among them.

:class:`DatedText` tags a text once (without a publication date, so that only what is
written out resolves) and computes on demand what :mod:`timeline.ingest.published` and
:mod:`timeline.ingest.doctype` ask of it: the full dates and the weekdays written with them,
the page stamps at the head, the print stamp, the absolute dates stated, a date-only header
line, sentences and tenses, and the text re-tagged as if published on a given day; and what
:mod:`timeline.stamps.furniture` asks of it when an article is analyzed (its own stamps,
read from the expressions already tagged: :meth:`DatedText.from_analysis`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property

from timeline.calendar import CalendarError, day_number, iso
from timeline.stamps.words import PublishedWords, published_words
from timeline.tagger import resources_for, tag
from timeline.tagger.resolver import placeholder
from timeline.tagger.sentences import split_sentences
from timeline.tagger.tense import SentenceTenses, Tense
from timeline.tagger.timex import Timex

LOOK_BEHIND = 120  # characters before a date where a stamp's words may start
_SNIPPET = 80  # longest quotation of the text in a message
_FULL_DAY = re.compile(r"^-?\d{4}-\d\d-\d\d(?:T|$)")
_CLOCK = re.compile(r"T\d\d:\d\d")  # a date-time value: the date was written with its clock


@dataclass(frozen=True, slots=True)
class FullDate:
    """A full date (day, month and year) the text states."""

    day: int
    start: int  # its weekday included, when written before it
    end: int
    core: tuple[int, int]  # the date alone: the tagger's span
    weekday: int | None  # the ISO weekday written with it, if any
    timed: bool = False  # written with its clock, in one expression ("09:53 AM, 21 May 2009")


Stamp = tuple[FullDate, tuple[int, int]]  # a date and the span of the stamp around it


class DatedText:
    """One text, tagged once, with what the questions need computed on demand."""

    def __init__(self, text: str, language: str, timexes: tuple[Timex, ...] | None = None):
        self.text = text
        self.language = language
        self.words: PublishedWords = published_words(language)
        self.timexes = tag(text, language=language).timexes if timexes is None else timexes
        self._anchored: dict[int, tuple[Timex, ...]] = {}

    @classmethod
    def from_analysis(cls, text: str, language: str, day: int, timexes: tuple[Timex, ...]):
        """The text read from its analysis as published on ``day``: what was counted from that
        date is taken back to its unanchored form (what was counted from a date the text
        told, "the following day", stays), so that the text is not tagged again: at ingest
        every dated article is checked, and a second tagging would double its cost."""
        dct = iso(day)
        unanchored = tuple(
            t
            if t.underspecified is None or t.anchor != dct
            else replace(
                t,
                value=placeholder(t.underspecified),
                lower=None,
                upper=None,
                granularity=None,
                anchor=None,
                resolved=False,
            )
            for t in timexes
        )
        reading = cls(text, language, unanchored)
        reading._anchored[day] = timexes
        return reading

    def anchored(self, day: int) -> tuple[Timex, ...]:
        """The text's expressions resolved as if it was published on ``day`` (same order)."""
        if day not in self._anchored:
            self._anchored[day] = tag(self.text, iso(day), language=self.language).timexes
        return self._anchored[day]

    def use_anchored(self, day: int, timexes: tuple[Timex, ...]) -> None:
        """Take ``timexes`` as the text tagged as published on ``day`` (the caller's own
        analysis), when they are the same expressions."""
        if [(t.start, t.end) for t in timexes] == [(t.start, t.end) for t in self.timexes]:
            self._anchored[day] = timexes

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return split_sentences(self.text, resources_for(self.language).sentences)

    @cached_property
    def tenses(self) -> SentenceTenses:
        return SentenceTenses(resources_for(self.language).tense, self.text, self.sentences)

    def tense_at(self, span: tuple[int, int]) -> Tense | None:
        return self.tenses.tense_at(*span)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    def sentence_number(self, pos: int) -> int:
        """1-based number of the sentence holding ``pos`` (the last one starting before it)."""
        return max(1, bisect_right(self._sentence_starts, pos))

    def sentence_of(self, pos: int) -> tuple[int, int]:
        number = self.sentence_number(pos)
        return self.sentences[number - 1] if self.sentences else (0, len(self.text))

    def weekday_of(self, word: str) -> int | None:
        return self.words.weekdays.get(word.lower().rstrip("."))

    def weekday_before(self, start: int) -> tuple[int, int] | None:
        """The weekday written right before ``start`` ("Wed Apr 29"): its start and day."""
        match = self.words.weekday.search(self.text, max(0, start - 16), start)
        if match is None:
            return None
        name = _WORD.match(self.text, match.start())
        day = self.weekday_of(name.group()) if name else None
        return (match.start(), day) if day else None

    def leading_weekday(self, timex: Timex) -> int | None:
        """The weekday a timex starts with ("Tuesday 28 April 2009")."""
        first = _WORD.match(timex.text)
        return self.weekday_of(first.group()) if first else None

    def _date(
        self, day: int, core: tuple[int, int], written: int | None, timed: bool = False
    ) -> FullDate:
        start = core[0]
        if written is None and (before := self.weekday_before(core[0])) is not None:
            start, written = before
        return FullDate(day, start, core[1], core, written, timed)

    def _timed(self, t: Timex) -> bool:
        """A date a stamp prints after its clock, in one expression ("09:53 AM, Thursday, 21
        May 2009"); not a clock told with a date ("at 10.30 pm on August 4 1914"), nor one
        the tagger joined to a date after it ("02.38 GMT On September 4 1967")."""
        return (
            _CLOCK.search(t.value) is not None
            and t.value[:4] in t.text
            and self.words.clock_first.match(t.text) is not None
        )

    @cached_property
    def full_dates(self) -> list[FullDate]:
        return [
            self._date(t.lower, (t.start, t.end), self.leading_weekday(t), self._timed(t))
            for t in self.timexes
            if is_full_date(t) and t.lower is not None
        ]

    @cached_property
    def header_line(self) -> tuple[int, int] | None:
        """The first line when it holds a date and nothing else ("Tuesday , 7 May 2024"):
        a page header, most often the day the page was captured, not the article's."""
        match = re.match(r"\s*([^\n]+)", self.text)
        if match is None or match.end(1) > self.words.head_chars:
            return None
        lo, hi = match.span(1)
        covered = [(t.start, t.end) for t in self.timexes if lo <= t.start and t.end <= hi]
        dated = any(is_full_date(t) for t in self.timexes if lo <= t.start and t.end <= hi)
        letters = [i for i in range(lo, hi) if self.text[i].isalnum()]
        inside = all(any(a <= i < b for a, b in covered) for i in letters)
        return (lo, hi) if dated and inside else None

    def quote(self, start: int, end: int) -> str:
        snippet = " ".join(self.text[start:end].split())
        return snippet if len(snippet) <= _SNIPPET else snippet[: _SNIPPET - 1] + "…"

    def say(self, key: str, **fields: object) -> str:
        return self.words.messages[key].format(**fields)

    # stamps ---------------------------------------------------------------------------

    def stamp_span(self, date: FullDate, free: int = 0) -> tuple[int, int] | None:
        """The span of the page stamp around ``date``, if the words around make it one; its
        words before it start at ``free`` or later (a stamp's clock is not the next one's)."""
        words, text = self.words, self.text
        lo = max(free, date.start - LOOK_BEHIND)
        before = words.stamp_before.search(text, lo, date.start) if lo < date.start else None
        after = words.stamp_after.match(text, skip_gap(text, date.end))
        if not (before or after or date.timed):  # a clock in the date itself is a stamp's
            return None
        return (before.start() if before else date.start, after.end() if after else date.end)

    def numeric_stamps(self) -> list[Stamp]:
        """Dates in figures followed by a clock ("2009 04 25 08:50 JST")."""
        found = []
        for match in self.words.numeric.finditer(self.text, 0, self.words.head_chars):
            try:
                day = day_number(int(match["y"]), int(match["m"]), int(match["d"]))
            except CalendarError:
                continue
            date = self._date(day, match.span(), None)
            after = self.words.stamp_after.match(self.text, skip_gap(self.text, date.end))
            if after:
                found.append((date, (date.start, after.end())))
        return found

    @cached_property
    def head_stamps(self) -> list[Stamp]:
        stamps: list[Stamp] = []
        for date in self.full_dates:
            if date.start >= self.words.head_chars:
                break
            span = self.stamp_span(date, stamps[-1][1][1] if stamps else 0)
            if span is not None:
                stamps.append((date, span))
        return sorted(stamps + self.numeric_stamps(), key=lambda s: s[1][0])

    @cached_property
    def print_stamps(self) -> list[Stamp]:
        stamps = []
        for date in self.full_dates:
            lo = max(0, date.start - 2 * LOOK_BEHIND)
            match = self.words.print_before.search(self.text, lo, date.start)
            if match:
                stamps.append((date, (match.start(), date.end)))
        return stamps

    @cached_property
    def foot_stamps(self) -> list[Stamp]:
        """Full dates with their weekday after a clock at the foot of the text ("00.50 BST on
        Sunday 12 June 2005")."""
        stamps = []
        tail = len(self.text) - self.words.tail_chars
        for date in self.full_dates:
            if date.start < tail or date.weekday is None:
                continue
            lo = max(0, date.start - LOOK_BEHIND)
            match = self.words.foot_before.search(self.text, lo, date.start)
            if match:
                stamps.append((date, (match.start(), date.end)))
        return stamps

    @cached_property
    def stated(self) -> list[Timex]:
        """The absolute dates the text states (with their year), its header line aside."""
        header = self.header_line
        return [
            t
            for t in self.timexes
            if t.type in ("DATE", "TIME")
            and t.resolved
            and t.anchor is None
            and t.lower is not None
            and t.upper is not None
            and not (header and header[0] <= t.start < header[1])
        ]


_WORD = re.compile(r"\w+")


def is_full_date(t: Timex) -> bool:
    """Day, month and year written out (not counted from another date)."""
    return (
        t.resolved
        and t.anchor is None
        and t.lower is not None
        and t.lower == t.upper
        and _FULL_DAY.match(t.value) is not None
    )


def skip_gap(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n,;:|-–—":
        pos += 1
    return pos


YEARLESS_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")  # "July 21", read without a date
_BARE_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])$")


def yearless_dateline(text: DatedText) -> tuple[Timex, int, int, tuple[int, int]] | None:
    """A dateline at the head with a month and day but no year ("GENEVA, May 26 (Reuters)
    -"): the timex, its month and day, and the dateline's span."""
    words = text.words
    for t in text.timexes:
        if t.start >= words.head_chars:
            break
        match = YEARLESS_DAY.match(t.value)
        if match is None:
            continue
        before = words.agency_before.search(text.text, max(0, t.start - LOOK_BEHIND), t.start)
        after = words.agency_after.match(text.text, skip_gap(text.text, t.end))
        if before and after:
            return t, int(match[1]), int(match[2]), (before.start(), after.end())
    return None


def bare_weekdays(text: DatedText) -> list[tuple[Timex, int]]:
    """Weekdays said alone ("on Tuesday"), not written with a full date: each with its ISO
    day."""
    spans = [(date.start, date.end) for date in text.full_dates]
    found = []
    for t in text.timexes:
        match = _BARE_WEEKDAY.match(t.value)
        if match and t.type == "DATE" and not any(a <= t.start < b for a, b in spans):
            found.append((t, int(match[1])))
    return found


def todays(text: DatedText, day: int, back: int = 0) -> list[Timex]:
    """The expressions that name the publication day itself ("today", not "this week", nor
    a weekday), or with ``back`` the day that many days before it ("yesterday": 1): those
    that land ``back`` days before the anchor whichever day it is, the text read as
    published on ``day`` and on the day after."""
    same = text.anchored(day)
    moved = text.anchored(day + 1)
    named = day - back
    return [
        a
        for a, b in zip(same, moved, strict=True)
        if a.type == "DATE" and a.lower == a.upper == named and b.lower == b.upper == named + 1
    ]


_YEARLESS = re.compile(r"^XXXX-\d\d(?:-\d\d)?$")


def yearless_dates(text: DatedText) -> list[Timex]:
    """Months and days the text names without their year ("July 21", "in January")."""
    return [t for t in text.timexes if not t.resolved and _YEARLESS.match(t.value)]
