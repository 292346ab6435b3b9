"""An article's own stamps among its expressions: what dates the page, not a happening.

A dateline ("BEIJING, Aug. 10, 2005 (Xinhua) --"), a page stamp ("Published 3 March 2021",
"LONDON | Wed Apr 29, 2009 11:17 am BST", "Page last updated at 08:03 GMT, Tuesday, 26 July
2011"), the print edition's stamp ("This article appeared on p28 of the Main section of the
Guardian on Monday 27 April 2009") or a stamp at the foot ("00.50 BST on Sunday 12 June 2005")
tells when the article was published: it is the evidence of its anchor
(:mod:`timeline.ingest.published`), not a statement that something happened that day. Such
expressions are stored like any other (``timeline articles show`` shows them), but make no
mention and so no event (:func:`timeline.mentions.analyze`).
"""

from __future__ import annotations

from collections.abc import Sequence

from timeline.calendar import parse_iso_day
from timeline.stamps.dated import DatedText, yearless_dateline
from timeline.tagger.timex import Timex

Span = tuple[int, int]


def own_stamps(
    text: str, timexes: Sequence[Timex], published: str | None, language: str = "en"
) -> tuple[Span, ...]:
    """The spans of ``text``'s own stamps, read from ``timexes``: its expressions as analyzed
    against ``published`` (None: undated), so that nothing is tagged again.

    Every stamp the publication date is or would be read from, whatever origin the article's
    date has (given, metadata, dateline, inferred) and whether or not it agrees with it: the
    stamps at the head (:attr:`DatedText.head_stamps`: the first is the dateline
    :func:`timeline.ingest.published.find_dateline` finds; those after it the page's updates
    or the stamps of the posts it lists), a dateline without its year ("GENEVA, May 26
    (Reuters) -"), the print stamps and the stamps at the foot. A date the text merely
    states near its head ("Tuesday , 7 May 2024", a scraped capture date) is no stamp.
    """
    if published is not None:
        # the expressions counted from the publication date taken back to their written form
        # ("May 26" → XXXX-05-26), as the stamp finders read them
        reading = DatedText.from_analysis(text, language, parse_iso_day(published), tuple(timexes))
    else:
        reading = DatedText(text, language, tuple(timexes))
    stamps = (*reading.head_stamps, *reading.print_stamps, *reading.foot_stamps)
    spans = {span for _, span in stamps}
    if (yearless := yearless_dateline(reading)) is not None:
        spans.add(yearless[3])
    return tuple(sorted(spans))


def in_stamp(timex: Timex, stamps: Sequence[Span]) -> bool:
    """Whether ``timex`` is part of one of ``stamps`` (overlaps its span: a stamp's clock,
    "11:17 am BST", is an expression of its own)."""
    return any(start < timex.end and timex.start < end for start, end in stamps)
