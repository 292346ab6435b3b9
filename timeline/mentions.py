"""From expressions to mentions: each dated statement with the span its date gives it.

Pure functions; :func:`analyze` is the one function that turns an article's text into
everything stored about it, the same on one core, many processes or a cluster, at ingest and
when an article is analyzed again (a new date or type). The article's own stamps (its
dateline, page, print and foot stamps: :mod:`timeline.stamps.furniture`) are stored as
expressions but make no mention: the day an article was published is not an event.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from timeline.calendar import iso
from timeline.records import auto_doc_type
from timeline.stamps.furniture import in_stamp, own_stamps
from timeline.tagger import tag
from timeline.tagger.sentences import split_sentences
from timeline.tagger.timex import GRANULARITIES, TagResult, Timex

# expressions that place a statement on the calendar; durations and sets do not
DATED_TYPES = frozenset({"DATE", "TIME"})


@dataclass(frozen=True, slots=True)
class MentionDraft:
    sentence_start: int
    sentence_end: int
    lower: int
    upper: int
    granularity: str
    value: str
    mod: str | None
    expression_text: str
    links: tuple[tuple[int, str], ...]  # (index into the timexes, role: date | start | end)
    # "before" | "after": open on that side, lower == upper its one real bound (Timex.open)
    open: str | None = None
    calendar: str | None = None  # "julian" | "gregorian" (Timex.calendar); None: ends disagree

    @property
    def start_date(self) -> str:
        return iso(self.lower)

    @property
    def end_date(self) -> str:
        return iso(self.upper)


@dataclass(frozen=True, slots=True)
class Analysis:
    result: TagResult
    mentions: tuple[MentionDraft, ...]
    stamps: tuple[tuple[int, int], ...] = ()  # the spans of the article's own stamps


def is_dated(timex: Timex) -> bool:
    return (
        timex.type in DATED_TYPES
        and timex.resolved
        and timex.lower is not None
        and timex.upper is not None
    )


_GRANULARITY_ORDER = {g: i for i, g in enumerate(GRANULARITIES)}


def coarser(a: str | None, b: str | None) -> str:
    a, b = a or "day", b or "day"
    return a if _GRANULARITY_ORDER.get(a, 0) >= _GRANULARITY_ORDER.get(b, 0) else b


def _sentence_of(position: int, text: str, starts: list[int], spans) -> tuple[int, int]:
    i = bisect.bisect_right(starts, position) - 1
    if i >= 0 and spans[i][0] <= position < spans[i][1]:
        return spans[i]
    # not inside any sentence (a heading, a stray line): use its line
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    return line_start, len(text) if line_end < 0 else line_end


def build_mentions(
    text: str,
    result: TagResult,
    sentences: list[tuple[int, int]],
    stamps: Sequence[tuple[int, int]] = (),
) -> list[MentionDraft]:
    """One mention per dated expression, one per range; the same span twice in a sentence is
    one. Expressions within ``stamps`` (the spans of the article's own stamps) make none."""
    timexes = result.timexes
    dated = [is_dated(t) and not (stamps and in_stamp(t, stamps)) for t in timexes]
    starts = [s for s, _ in sentences]
    in_range: set[int] = set()
    units: list[tuple[tuple[tuple[int, str], ...], Timex, Timex]] = []
    for r in result.ranges:
        first, last = timexes[r.first], timexes[r.last]
        # an open end ("from before 1200 to 1300") makes no span: each end is its own date
        if dated[r.first] and dated[r.last] and first.open is None and last.open is None:
            in_range.update((r.first, r.last))
            units.append((((r.first, "start"), (r.last, "end")), first, last))
    for i, timex in enumerate(timexes):
        if i not in in_range and dated[i]:
            units.append((((i, "date"),), timex, timex))
    units.sort(key=lambda unit: unit[1].start)

    drafts: dict[tuple[int, int, int, int, str | None], MentionDraft] = {}
    for links, first, last in units:
        sentence = _sentence_of(first.start, text, starts, sentences)
        lower = min(first.lower, last.lower)  # type: ignore[type-var]
        upper = max(first.upper, last.upper)  # type: ignore[type-var]
        # "on 20 March" and "more than a week ago" (open, bound 20 March): two statements
        key = (sentence[0], sentence[1], lower, upper, first.open)
        if key in drafts:  # "on Tuesday … Tuesday's talks": one statement, one mention
            old = drafts[key]
            drafts[key] = dataclasses.replace(old, links=old.links + links)
            continue
        ranged = first is not last
        drafts[key] = MentionDraft(
            sentence_start=sentence[0],
            sentence_end=sentence[1],
            lower=lower,
            upper=upper,
            granularity=coarser(first.granularity, last.granularity),
            value=f"{first.value}/{last.value}" if ranged else first.value,
            mod=None if ranged else first.mod,
            expression_text=text[first.start : last.end] if ranged else first.text,
            links=links,
            open=first.open,  # a range has none (see above)
            calendar=first.calendar if first.calendar == last.calendar else None,
        )
    return list(drafts.values())


def analyze(
    text: str, published: str | None, doc_type: str | None = None, language: str = "en"
) -> Analysis:
    """Tag ``text`` against its publication date and build its mentions (``doc_type`` None:
    :func:`auto_doc_type`), its own stamps left out: read from the expressions just tagged
    (:func:`timeline.stamps.furniture.own_stamps`), so that every path that analyzes an
    article (ingest, worker processes, Dask, re-analysis in the database layer) leaves out
    the same ones without tagging it twice."""
    result = tag(text, published, doc_type=doc_type or auto_doc_type(published), language=language)
    stamps = own_stamps(text, result.timexes, published, language)
    mentions = build_mentions(text, result, split_sentences(text), stamps)
    return Analysis(result, tuple(mentions), stamps)
