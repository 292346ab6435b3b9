"""An article's publication date from its own text: found, checked and inferred.

Three questions, pure functions of the text (no database; :mod:`timeline.ingest.proposals`
asks them of stored articles):

* :func:`find_dateline`: is the date written at the head of the article, as a dateline or
  a page stamp ("LONDON | Wed Apr 29, 2009 11:17 am BST", "Page last updated at 08:03 GMT,
  Tuesday, 26 July 2011", "Published 3 March 2021", "BEIJING, Aug. 8, 2005 (Xinhua) --")?
  Safe to use at ingest without asking.
* :func:`infer_published`: failing that, what is the most likely date, from the print
  stamp, a stamp at the foot, a dateline without its year (its year from the text or, given
  them, from the dates of the articles of its source around it), or the latest full date
  the text states, checked against its weekdays, its "today" and its tenses? Only when the
  user asks.
* :func:`doubts`: does the text contradict a date given for it (a scraped page header
  years after every date the text states, a weekday that cannot fall on it)?

The dates are the tagger's (``timeline.tagger.tag``), so every month and weekday name it
knows counts; the words around them that make a stamp, and every message, are the
language's ``resources/<lang>/published.toml`` (:mod:`timeline.stamps.words`).
Each finding carries a confidence measured on the development corpus as the share of right
days among the findings of its kind (``bench/pubdate_bench.py`` prints the calibration).
The stamps these read (:mod:`timeline.stamps.dated`) are the article's own, not events: its
analysis keeps them out of the mentions (:mod:`timeline.stamps.furniture`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from timeline.calendar import CalendarError, day_number, iso, parse_iso_day, to_ymd, weekday
from timeline.ingest.doctype import classify_doc_type
from timeline.stamps.dated import (
    YEARLESS_DAY,
    DatedText,
    FullDate,
    bare_weekdays,
    todays,
    yearless_dateline,
    yearless_dates,
)
from timeline.tagger.tense import Tense
from timeline.tagger.timex import TagResult, Timex

__all__ = [
    "CONFIDENCE",
    "DateFinding",
    "classify_doc_type",  # its own module (doctype.py), offered here with the rest
    "doubts",
    "find_dateline",
    "infer_from",
    "infer_published",
]

# The confidence of each kind of finding, measured on t17-dev (891 news articles;
# bench/pubdate_bench.py prints it): (right + 1) / (findings + 2), the rule of succession,
# so that a kind seen rarely is not called certain and an unseen one is a coin toss.
CONFIDENCE = {
    "dateline": 0.99,  # a full date with a clock or stamp words at the head: 383 of 385
    "dateline_disputed": 0.33,  # later head stamps name earlier days (posts listed): 0 of 1
    "print": 0.97,  # "This article appeared on p28 ... on Monday 27 April 2009": 33 of 33
    "foot": 0.8,  # "00.50 BST on Sunday 12 June 2005" closing the page: 3 of 3
    "agency": 0.5,  # "GENEVA, May 26 (Reuters) -", its year from the text: none seen
    "agency_around": 0.93,  # the same, its year from its source's other articles: 24 of 25
    "latest": 0.5,  # the latest full date, "today" or its weekday in its sentence: none seen
}
# A finding below this is no finding: infer_published says None rather than guess.
MIN_CONFIDENCE = 0.5
# Doubting a candidate long after every date the text states. News often states only old
# years ("the 1918 pandemic") and dates its own events relatively, so the gap alone flags
# 9% of the true dates of t17-dev and TBAQ at 4 years (1,147 articles) and still 2% at 50
# years. A text that tells of current events by month or day without their year ("on
# July 21", "in January") was written within about a year of them, so the gap counts only
# there: with 3 such dates and 4 years, 1.05% of the true dates are flagged (3 years:
# 1.2%, but the Al-Monitor seed's own date, 3.6 years after its 2016, would be).
DOUBT_DAYS = 4 * 365 + 1
# How near a dated article of its source a yearless dateline's day must fall to take that
# article's year.
AROUND_DAYS = 31
DOUBT_YEARLESS = 3


@dataclass(frozen=True, slots=True)
class DateFinding:
    """A publication date found in or inferred from an article's text."""

    date: str  # YYYY-MM-DD
    origin: str  # "dateline" (written at the head) or "inferred"
    confidence: float  # 0..1: the share of right days at this level on the development data
    evidence: tuple[str, ...]  # human-readable lines, the deciding one first
    kind: str  # what decided: a key of CONFIDENCE


# finding ------------------------------------------------------------------------------


def _finding(day: str, kind: str, evidence: Sequence[str], origin: str = "inferred") -> DateFinding:
    return DateFinding(day, origin, CONFIDENCE[kind], tuple(evidence), kind)


def _dateline(text: DatedText) -> DateFinding | None:
    if not text.head_stamps:
        return None
    date, (start, end) = text.head_stamps[0]
    evidence = [text.say("dateline", text=text.quote(start, end))]
    evidence += _weekday_check(text, date)
    disputed = False  # "Published 3 March ... Updated 5 March" is one article's history
    for other, (o_start, o_end) in text.head_stamps[1:]:
        if other.day < date.day:  # an earlier day after it: a page listing several posts
            disputed = True
            quoted = text.quote(o_start, o_end)
            evidence.append(text.say("stamp_disagrees", text=quoted, date=iso(other.day)))
    kind = "dateline_disputed" if disputed else "dateline"
    return _finding(iso(date.day), kind, tuple(evidence), origin="dateline")


def find_dateline(text: str, language: str = "en") -> DateFinding | None:
    """A publication date written at the head of the text with a full date, else None.

    The head is the first ``[stamp] head_chars`` characters of ``published.toml`` (a
    headline, a standfirst or a photo caption may come before the stamp). A full date there
    is the page's own date when the words around it make a stamp: a clock time ("Wed Apr 29,
    2009 11:17 am BST", "18:00 UK time, Saturday, 25 April 2009", "2009 04 25 08:50 JST"),
    stamp words ("Page last updated at", "Published", "Updated:", "12 October 2011 Last
    updated at") or a dateline's place and agency ("BEIJING, Aug. 8, 2005 (Xinhua) --"). A
    bare date line without any of these (a scraped capture date such as "Tuesday , 7 May
    2024") is not one. The first stamp wins ("Published 3 March 2021 Updated 5 March
    2021"); head stamps after it that name earlier days are listed in the evidence and
    lower the confidence (a page listing several posts, the newest first).
    """
    return _dateline(DatedText(text, language))


# inferring ----------------------------------------------------------------------------


def _weekday_check(text: DatedText, date: FullDate) -> list[str]:
    """An evidence line when a weekday is written with the date and agrees with it."""
    if date.weekday is not None and date.weekday == weekday(date.day):
        return [text.say("weekday_written", text=text.quote(date.start, date.end))]
    return []


def _print_stamp(text: DatedText) -> DateFinding | None:
    if not text.print_stamps:
        return None
    date, (start, end) = text.print_stamps[-1]  # the print stamp closes the article
    evidence = [text.say("print_stamp", text=text.quote(start, end)), *_weekday_check(text, date)]
    return _finding(iso(date.day), "print", tuple(evidence))


def _foot_stamp(text: DatedText) -> DateFinding | None:
    if not text.foot_stamps:
        return None
    date, (start, end) = text.foot_stamps[-1]
    evidence = [text.say("foot_stamp", text=text.quote(start, end)), *_weekday_check(text, date)]
    return _finding(iso(date.day), "foot", tuple(evidence))


def _year_source(text: DatedText) -> tuple[int, str, int] | None:
    """The latest absolute date the text states outside the future tense (a month or
    finer, not "the 1990s"): its first day, its text and its sentence number."""
    best = None
    for t in text.stated:
        if t.upper - t.lower > 31 or text.tense_at((t.start, t.end)) is Tense.FUTURE:
            continue
        if best is None or t.lower > best.lower:
            best = t
    if best is None:
        return None
    return best.lower, best.text, text.sentence_number(best.start)


def _agency(text: DatedText, around: Sequence[int]) -> DateFinding | None:
    """A dateline without its year, on the weekday the lead names (a month and day falls on
    a given weekday one year in seven): the year of the latest date the text states, else
    the year of the articles ``around`` it when one year only puts the day near them."""
    found = yearless_dateline(text)
    if found is None:
        return None
    _, month, day, span = found
    lead = _lead_weekday(text, span)
    source = _year_source(text)
    if source is not None and lead is not None:
        first_day, year_text, sentence = source
        year = to_ymd(first_day)[0]
        try:
            candidate = day_number(year, month, day)
            if candidate < first_day:  # the dateline follows the date the text tells of
                candidate = day_number(year + 1, month, day)
        except CalendarError:  # February 29 of a common year
            return None
        if lead[1] == weekday(candidate):
            evidence = (
                text.say("agency", text=text.quote(*span), year_text=year_text, sentence=sentence),
                text.say("weekday_agrees", text=lead[0].text),
            )
            return _finding(iso(candidate), "agency", evidence)
    not_before = source[0] if source is not None else None
    return _agency_around(text, (month, day), span, lead, around, not_before)


def _lead_weekday(text: DatedText, span: tuple[int, int]) -> tuple[Timex, int] | None:
    """The first weekday said alone in the lead, the dateline's sentence or the next ("said
    on Tuesday"), with its ISO day: a wire's lead names the dateline's own day; a weekday
    further on tells of another."""
    sentences = text.sentences
    number = text.sentence_number(span[1])  # 1-based: the next one is sentences[number]
    lead_end = sentences[min(number, len(sentences) - 1)][1] if sentences else len(text.text)
    lead = [(t, day) for t, day in bare_weekdays(text) if span[1] <= t.start < lead_end][:1]
    return lead[0] if lead else None


def _agency_around(
    text: DatedText,
    month_day: tuple[int, int],
    span: tuple[int, int],
    lead: tuple[Timex, int] | None,
    around: Sequence[int],
    not_before: int | None,
) -> DateFinding | None:
    """A yearless dateline whose year the text does not fix: the one year that puts its day
    within :data:`AROUND_DAYS` of a dated article of its source, not before the latest date
    the text states, and on the lead's weekday when the lead names one; none when no year or
    several do."""
    ordered = sorted(around)
    candidates = set()
    for year in {to_ymd(d)[0] for d in ordered}:
        try:
            candidate = day_number(year, *month_day)
        except CalendarError:  # February 29 of a common year
            continue
        at = bisect.bisect_left(ordered, candidate)
        near = [ordered[i] for i in (at - 1, at) if 0 <= i < len(ordered)]
        if (
            (lead is None or weekday(candidate) == lead[1])
            and (not_before is None or candidate >= not_before)
            and any(abs(d - candidate) <= AROUND_DAYS for d in near)
        ):
            candidates.add(candidate)
    if len(candidates) != 1:
        return None
    (candidate,) = candidates
    nearby = [d for d in ordered if abs(d - candidate) <= AROUND_DAYS]
    evidence = [
        text.say(
            "agency_around",
            text=text.quote(*span),
            count=len(nearby),
            first=iso(nearby[0]),
            last=iso(nearby[-1]),
        )
    ]
    if lead is not None:
        evidence.append(text.say("weekday_agrees", text=lead[0].text))
    return _finding(iso(candidate), "agency_around", evidence)


def _latest(text: DatedText) -> DateFinding | None:
    """The latest full date outside the future tense, when the text's own cues anchor on it:
    a weekday said alone that is its weekday, or "today" in its sentence; or the day after
    it, when it is called "yesterday" beside it ("cut rates yesterday, June 14, 2020")."""
    best: FullDate | None = None
    skipped: list[str] = []
    header = text.header_line or (0, 0)
    for date in text.full_dates:
        if (best is not None and date.day <= best.day) or header[0] <= date.start < header[1]:
            continue
        if text.tense_at(date.core) is Tense.FUTURE:
            sentence = text.sentence_number(date.start)
            skipped.append(
                text.say("future_skipped", text=text.quote(*date.core), sentence=sentence)
            )
            continue
        best = date
    if best is None:
        return None
    if best.weekday is not None and best.weekday != weekday(best.day):
        return None  # a misprint, or not the date it seems
    for t in text.stated:  # a month or year after it, told in the past: written later
        if t.lower > best.day and text.tense_at((t.start, t.end)) is not Tense.FUTURE:
            return None
    lo, hi = text.sentence_of(best.start)
    cues = [
        text.say("weekday_agrees", text=t.text)
        for t, day in bare_weekdays(text)
        if day == weekday(best.day) and lo <= t.start < hi
    ][:1]
    cues += [
        text.say("today_agrees", text=t.text) for t in todays(text, best.day) if lo <= t.start < hi
    ][:1]
    published = best.day
    if not cues:  # "yesterday, June 14, 2020": written the day after
        published = best.day + 1
        cues = [
            text.say("yesterday_agrees", text=t.text)
            for t in todays(text, published, back=1)
            if _beside(text.text, (t.start, t.end), (best.start, best.end))
        ][:1]
    if not cues:
        return None
    sentence = text.sentence_number(best.start)
    evidence = (
        text.say("latest", text=text.quote(best.start, best.end), sentence=sentence),
        *_weekday_check(text, best),
        *cues,
        *skipped,
    )
    return _finding(iso(published), "latest", evidence)


def _beside(text: str, one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two spans are next to each other, but for commas, brackets and spaces."""
    first, second = sorted((one, other))
    return first[1] <= second[0] and not text[first[1] : second[0]].strip(" ,()[]–—-")


def infer_published(
    text: str, language: str = "en", *, around: Sequence[str] = ()
) -> DateFinding | None:
    """The most likely publication date of ``text``, or None when its evidence is too weak.

    ``around``: the publication dates (YYYY-MM-DD) of the articles that came with it from
    the same source, used only to give a yearless dateline its year when the text does not
    (step 4).

    In order, the first that holds:

    1. a dateline or page stamp at the head (:func:`find_dateline`): origin "dateline";
    2. the print edition's stamp ("This article appeared on p28 of the Main section of the
       Guardian on 00.01 BST on Monday 27 April 2009"), the last one in the text;
    3. a stamp at the foot: a clock, then a full date with its weekday ("... switchboard:
       00.50 BST on Sunday 12 June 2005"), the last one;
    4. a dateline without its year ("GENEVA, May 26 (Reuters) -"): the year of the latest
       month or day the text states outside the future tense (the next year when the
       dateline's day comes before it), kept only when the lead (the dateline's sentence or
       the next) names a weekday ("said on Tuesday") and it is that day's weekday; else,
       when the text's dates do not fix the year, the one year that puts the dateline's day
       within :data:`AROUND_DAYS` of one of the dates ``around`` it, not before the latest
       date the text states, on the lead's weekday when the lead names one;
    5. the latest full date (day, month and year) outside a future-tense sentence ("will
       meet on 5 May 2009" is no publication date), its own weekday, when written, agreeing,
       kept only when the text's cues anchor on it: a weekday said alone ("on Tuesday") that
       is its weekday, or "today" in its sentence; or the day after it when "yesterday"
       stands beside it ("yesterday, June 14, 2020").

    Each finding's confidence is the measured accuracy of its kind (:data:`CONFIDENCE`);
    findings below :data:`MIN_CONFIDENCE` are not returned. Origin "inferred" unless the
    dateline decided.
    """
    return infer_from(DatedText(text, language), around)


def infer_from(reading: DatedText, around: Sequence[str] = ()) -> DateFinding | None:
    """:func:`infer_published` of a text already read (tagged once, whatever is asked of it:
    :mod:`timeline.ingest.proposals` asks each text twice, alone and with its source)."""
    days = [parse_iso_day(day) for day in around]
    steps = (_dateline, _print_stamp, _foot_stamp, lambda r: _agency(r, days), _latest)
    for step in steps:
        finding = step(reading)
        if finding is not None and finding.confidence >= MIN_CONFIDENCE:
            return finding
    return None


# doubting -----------------------------------------------------------------------------


def _weekday_doubt(text: DatedText, candidate: int) -> str | None:
    """A weekday written with a month and day ("Tuesday, July 21") that falls on neither
    the day the text, read as published on ``candidate``, resolves to, nor that month and
    day in the candidate's year."""
    year = to_ymd(candidate)[0]
    for plain, anchored in zip(text.timexes, text.anchored(candidate), strict=True):
        written = text.leading_weekday(plain) if YEARLESS_DAY.match(plain.value) else None
        if written is None or anchored.lower is None or anchored.lower != anchored.upper:
            continue
        _, month, day = to_ymd(anchored.lower)
        try:
            same_year = day_number(year, month, day)
        except CalendarError:
            continue
        if written not in (weekday(anchored.lower), weekday(same_year)):
            return text.say(
                "weekday_cannot",
                text=plain.text,
                year=year,
                date=iso(same_year),
                weekday=text.words.weekday_names[weekday(same_year) - 1],
            )
    return None


def doubts(
    candidate: str, text: str, language: str = "en", *, result: TagResult | None = None
) -> str | None:
    """One line saying why ``text`` contradicts ``candidate`` as its publication date, or
    None when it does not.

    - The candidate lies more than :data:`DOUBT_DAYS` after the end of every absolute date
      the text states (a date-only first line, a scraped page header, aside) while the
      text tells of at least :data:`DOUBT_YEARLESS` months or days without their year
      (current events): a page header "Tuesday , 7 May 2024" over an article whose latest
      date is 2016 and that tells of "July 21" and "January". A text that states no
      absolute date raises no such doubt.
    - A weekday written with a month and day ("Tuesday, July 21") cannot fall on that day
      in the candidate's year nor in the year the text places it in, read as published on
      the candidate.

    ``result``, when the caller has it, is the text's analysis as news published on the
    candidate (``tag(text, candidate)``): the text is then not tagged at all (each
    expression keeps its unanchored value, which tells "July 21" from "yesterday").
    """
    day = parse_iso_day(candidate)
    if result is not None:
        reading = DatedText.from_analysis(text, language, day, result.timexes)
    else:
        reading = DatedText(text, language)
    if reading.stated and len(yearless_dates(reading)) >= DOUBT_YEARLESS:
        latest = max(reading.stated, key=lambda t: t.upper or 0)
        gap = day - (latest.upper or day)
        if gap > DOUBT_DAYS:
            years = int(gap // 365.2425)
            key = "too_late_one" if years == 1 else "too_late"
            return reading.say(key, latest=latest.text, candidate=candidate, years=years)
    return _weekday_doubt(reading, day)
