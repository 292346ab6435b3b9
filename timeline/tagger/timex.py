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


@dataclass(frozen=True, slots=True)
class TimexRange:
    """Two expressions that together denote one span ("from 1980 to 1988", "1980–1988")."""

    first: int  # index into TagResult.timexes
    last: int


@dataclass(frozen=True, slots=True)
class TagResult:
    timexes: tuple[Timex, ...]
    ranges: tuple[TimexRange, ...] = ()
