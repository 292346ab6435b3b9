"""News or narrative, for an article that names no type and has no publication date.

Without a publication date the pipeline would call an article a narrative (a history
anchored on its own dates, :func:`timeline.records.auto_doc_type`), but most such articles
are news whose date was lost on the way. :func:`classify_doc_type` keeps them news unless
the text clearly is a history.
"""

from __future__ import annotations

import re

from timeline.stamps.dated import DatedText, yearless_dateline

__all__ = ["classify_doc_type"]

# "Several absolute dates": a narrative states at least this many (a date with its year,
# or a year). With 3, TimeBank news with a few years in them read as histories (1 of 256).
MIN_DATES = 5
# At most this many news cues per absolute date in a narrative. Measured on t17-dev (891
# news), TBAQ (256 news) and WikiWars (11 war histories) (bench/pubdate_bench.py): 0.34
# calls 1.2% of t17-dev narrative (op-eds, obituaries, book reviews, chronologies), no TBAQ
# document, and 10 of the 11 histories; 1.0 would take all 11 and 3.8% of t17-dev.
MAX_CUES_PER_DATE = 0.34
# A value the tagger leaves relative for want of a publication date and that names no
# month: "yesterday", "on Tuesday", "last week", "this year" (not "in July", which a
# history writes as often as a newspaper).
_DEICTIC = re.compile(r"^XXXX(?:-XX(?:-XX)?|-WXX(?:-[1-7]|-WE)?)?(?:T\w+)?$")


def classify_doc_type(text: str, language: str = "en") -> tuple[str, str]:
    """``("news" | "narrative", why)`` for an undated article whose type nobody gave.

    A news article without a known date is still news: narrative is only said of a text
    that reads as a history. How it decides:

    1. a dateline or a page stamp at the head, a print stamp or a dateline without its
       year (:mod:`timeline.stamps.dated`): news;
    2. fewer than :data:`MIN_DATES` absolute dates (a year, a month or a day with its
       year): news (too little to anchor a narrative on);
    3. the news cues counted: the reporting words of ``[news] reporting`` in
       ``published.toml`` ("said", "told", "according to") and the expressions that need a
       publication date to resolve ("yesterday", "on Tuesday", "last week"); narrative when
       there are at most :data:`MAX_CUES_PER_DATE` of them per absolute date, else news.

    Quotation marks are not counted: histories quote as much as news does (WikiWars has
    1.6 to 9.2 quotations per 1,000 words, t17-dev news a median of 7).
    """
    reading = DatedText(text, language)
    stamps = reading.head_stamps or reading.print_stamps
    if stamps:
        _, (start, end) = stamps[0]
        cue = reading.say("cue_dateline", example=reading.quote(start, end))
        return "news", reading.say("news", cues=cue)
    agency = yearless_dateline(reading)
    if agency is not None:
        cue = reading.say("cue_dateline", example=reading.quote(*agency[3]))
        return "news", reading.say("news", cues=cue)
    dates = sum(1 for t in reading.stated if t.type == "DATE")
    reporting = [m.group() for m in reading.words.reporting.finditer(text)]
    relative = [t.text for t in reading.timexes if not t.resolved and _DEICTIC.match(t.value)]
    cues = []
    if reporting:
        cues.append(reading.say("cue_reporting", count=len(reporting), example=reporting[0]))
    if relative:
        cues.append(reading.say("cue_relative", count=len(relative), example=relative[0]))
    said = "; ".join(cues) or reading.say("cue_none")
    count = len(reporting) + len(relative)
    if dates < MIN_DATES:
        return "news", reading.say("news", cues=reading.say("few_dates", cues=said, dates=dates))
    if count <= MAX_CUES_PER_DATE * dates:
        return "narrative", reading.say("narrative", dates=dates, count=count, cues=said)
    return "news", reading.say("news", cues=said)
