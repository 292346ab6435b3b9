"""Reading an event row as the query layer gives it: its bounds, and how sure they are."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from timeline.calendar import MAX_DAY, MIN_DAY, parse_iso_day

Open = Literal["before", "after"]
BEFORE_MODS = frozenset({"BEFORE", "ON_OR_BEFORE", "LESS_THAN", "EQUAL_OR_LESS"})
AFTER_MODS = frozenset({"AFTER", "ON_OR_AFTER", "MORE_THAN", "EQUAL_OR_MORE"})

# TIMEX3 modifiers whose bounds are a guess rather than the span the text gives
APPROXIMATE_MODS = frozenset(
    {
        "APPROX",
        "BEFORE",
        "AFTER",
        "ON_OR_BEFORE",
        "ON_OR_AFTER",
        "LESS_THAN",
        "MORE_THAN",
        "EQUAL_OR_LESS",
        "EQUAL_OR_MORE",
    }
)


def bounds(row: Mapping) -> tuple[int, int]:
    """Day numbers of the row's bounds: ``lower``/``upper``, else its ISO ``start``/``end``."""
    if row.get("lower") is not None and row.get("upper") is not None:
        return int(row["lower"]), int(row["upper"])
    return parse_iso_day(row["start"]), parse_iso_day(row["end"])


def is_point(event: Mapping) -> bool:
    """A single day (day or time granularity) is a point; ranges and coarse periods are bars."""
    return event["lower"] == event["upper"]


def is_approximate(event: Mapping) -> bool:
    return (event.get("mod") or "").upper() in APPROXIMATE_MODS


def open_side(row: Mapping) -> Open | None:
    """``before`` ("before 1200", "more than a week ago"), ``after`` ("after 1945") or None.

    Stored rows say so in ``open`` (then ``lower == upper`` is the one real bound); rows
    without it, or older ones a migration could not read, reach the edge of the calendar on
    their open side (``lower == MIN_DAY`` or ``upper == MAX_DAY``), which the mod confirms but
    need not.
    """
    side = row.get("open")
    if side in ("before", "after"):
        return side
    lower, upper = row.get("lower"), row.get("upper")
    mod = (row.get("mod") or "").upper()
    lower_edge = lower is not None and int(lower) <= MIN_DAY
    upper_edge = upper is not None and int(upper) >= MAX_DAY
    if lower_edge and not upper_edge:
        return "before"
    if upper_edge and not lower_edge:
        return "after"
    if lower is None and upper is not None and mod in BEFORE_MODS:
        return "before"
    if upper is None and lower is not None and mod in AFTER_MODS:
        return "after"
    return None


def open_bound(row: Mapping) -> int | None:
    """The one real bound of an open-ended date: the upper of a "before", the lower of an
    "after" (or whichever of the two is a real day when the other is missing or the edge)."""
    side = open_side(row)
    if side is None:
        return None
    real = [int(d) for d in (row.get("lower"), row.get("upper")) if d is not None]
    real = [d for d in real if MIN_DAY < d < MAX_DAY]
    if not real:
        return None
    return max(real) if side == "before" else min(real)


def finite_extent(rows: Sequence[Mapping]) -> tuple[int, int]:
    """First and last day of the events, leaving out the open sides of BEFORE/AFTER dates."""
    days: list[int] = []
    for e in rows:
        side = open_side(e)
        if side is None:
            days += [int(e["lower"]), int(e["upper"])]
        elif (bound := open_bound(e)) is not None:
            days.append(bound)
    if not days:
        return MIN_DAY, MAX_DAY
    return min(days), max(days)


def known_bounds(row: Mapping) -> tuple[int, int] | None:
    """The days a chart can place: the bounds, or for an open-ended date its one real bound
    twice; None when neither side is known ("before" the edge of time)."""
    if open_side(row) is None:
        return bounds(row)
    bound = open_bound(row)
    return None if bound is None else (bound, bound)
