"""What the tagger returns: temporal expressions (TIMEX3) and the ranges that join them.

These types are the contract between the tagger and the rest of the pipeline
(events, storage, export); they hold plain values only.
"""

from __future__ import annotations

from dataclasses import dataclass

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")

# coarsest last; used to order and to describe bounds
GRANULARITIES = (
    "time",
    "day",
    "week",
    "month",
    "season",
    "quarter",
    "half",
    "year",
    "decade",
    "century",
    "millennium",
)


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression found in a text.

    ``text == source[start:end]``. ``lower``/``upper`` are inclusive day numbers
    (see :mod:`timeline.calendar`), present when the expression denotes a stretch of the
    calendar that could be resolved; ``anchor`` is the ISO date it was resolved against
    (None when it needed none or none was available); ``rule`` names the rule that found it.

    A date open on one side ("before 1200", "more than a week ago", "after 1945": mod
    BEFORE, ON_OR_BEFORE, AFTER or ON_OR_AFTER) has ``open`` set to ``"before"`` or
    ``"after"`` and ``lower == upper ==`` its one real bound: the day before the period
    (BEFORE), its last day (ON_OR_BEFORE), the day after it (AFTER), its first day
    (ON_OR_AFTER). ``calendar`` says which calendar the value is written in: ``"julian"``
    for a date before the Gregorian reform (15 October 1582) as a Western source writes it,
    ``"gregorian"`` otherwise; None when the value names no stretch of the calendar.
    ``lower``/``upper`` always count the true days (proleptic Gregorian day numbers).
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    lower: int | None = None
    upper: int | None = None
    granularity: str | None = None
    anchor: str | None = None
    rule: str = ""
    resolved: bool = True
    quant: str | None = None
    freq: str | None = None
    reason: str | None = None  # why an expression was left unresolved
    # the value before anchoring ("TENSE.XXXX-07-21" for "July 21", "REF.day[-1]" for
    # "yesterday"), for an expression that needs an anchor; None for an absolute one
    underspecified: str | None = None
    open: str | None = None  # "before" | "after": open on that side; lower == upper
    calendar: str | None = None  # "julian" | "gregorian": the calendar the value is written in


@dataclass(frozen=True, slots=True)
class TimexRange:
    """Two expressions that together denote one span ("from 1980 to 1988", "1980–1988")."""

    first: int  # index into TagResult.timexes
    last: int


@dataclass(frozen=True, slots=True)
class TagResult:
    timexes: tuple[Timex, ...]
    ranges: tuple[TimexRange, ...] = ()
