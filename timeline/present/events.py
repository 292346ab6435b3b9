"""Reading an event row as the query layer gives it: its bounds, and how sure they are."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from timeline.calendar import MAX_DAY, MIN_DAY, parse_iso_day

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


def finite_extent(rows: Sequence[Mapping]) -> tuple[int, int]:
    """First and last day of the events, leaving out the open sides of BEFORE/AFTER dates."""
    days = [int(e["lower"]) for e in rows if int(e["lower"]) != MIN_DAY]
    days += [int(e["upper"]) for e in rows if int(e["upper"]) != MAX_DAY]
    if not days:
        return MIN_DAY, MAX_DAY
    return min(days), max(days)
