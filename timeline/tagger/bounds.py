"""The calendar stretch a resolved TIMEX3 value denotes, as inclusive day numbers.

A value gives its period (``2020-07`` → July 2020); a mod narrows or opens it:
EARLY/START, MID and LATE/END take the first, middle or last third of the period, counted
in its natural sub-units (a year's months, a decade's years, a month's days); APPROX
widens it (see ``_APPROX``); BEFORE/AFTER and ON_OR_BEFORE/ON_OR_AFTER make it *open*:
the one real bound is kept as both ``lower`` and ``upper`` (:func:`open_bound`) and the
side it is open on is said apart, never as a span to the calendar's edge. The rules are
documented in ``timeline/resources/README.md``.

Values name dates in the calendar of their time (Julian before 15 October 1582, see
:mod:`timeline.calendar`); bounds are the true days (``1066`` is Julian 1066-01-01 to
1066-12-31, days 388,994 to 389,358). ISO weeks are Gregorian by definition.
"""

from __future__ import annotations

import re

from timeline.calendar import (
    MAX_DAY,
    MAX_YEAR,
    MIN_DAY,
    MIN_YEAR,
    CalendarError,
    iso_week,
    iso_week_start,
    written_day_number,
    written_month_bounds,
    written_year_bounds,
    written_ymd,
)

_DAY = re.compile(r"^(-?\d{4})-(\d\d)-(\d\d)(T.*)?$")
_WEEK = re.compile(r"^(-?\d{4})-W(\d\d)(?:-(WE|[1-7]))?(T.*)?$")
_MONTH = re.compile(r"^(-?\d{4})-(\d\d)$")
_QUARTER = re.compile(r"^(-?\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(-?\d{4})-H([12])$")
_SEASON = re.compile(r"^(-?\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(-?\d{4})$")
_DECADE = re.compile(r"^(-?\d{3})$")
_CENTURY = re.compile(r"^(-?\d{2})$")
_MILLENNIUM = re.compile(r"^(-?\d)$")
_INTERVAL = re.compile(r"^(-?\d{4})-(\d\d)-(\d\d)/(-?\d{4})-(\d\d)-(\d\d)$")

SEASON_FIRST_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

# APPROX widens a period on each side by: (days, months, years)
_APPROX = {
    "time": (3, 0, 0),
    "day": (3, 0, 0),
    "week": (7, 0, 0),
    "month": (0, 1, 0),
    "season": (0, 1, 0),
    "quarter": (0, 1, 0),
    "half": (0, 3, 0),
    "year": (0, 0, 1),
    "decade": (0, 0, 2),
    "century": (0, 0, 10),
    "millennium": (0, 0, 100),
}


def month_span(year: int, month: int, count: int) -> tuple[int, int]:
    """Bounds of ``count`` months starting at year-month (may run into later years)."""
    last = (year * 12 + month - 1) + count - 1
    end_year, end_month = divmod(last, 12)
    return written_day_number(year, month, 1), written_month_bounds(end_year, end_month + 1)[1]


def week_bounds(year: int, week: int) -> tuple[int, int]:
    if not 1 <= week <= 53:
        raise CalendarError(f"week {week} does not exist")
    start = iso_week_start(year, week)
    if iso_week(start) != (year, week):
        raise CalendarError(f"{year} has no week {week}")
    return start, start + 6


def value_bounds(value: str) -> tuple[int, int, str] | None:
    """(lower, upper, granularity) of a fully specified TIMEX3 value; None if the value has
    no calendar extent (durations, *_REF, X-placeholders). Raises CalendarError for dates
    that do not exist."""
    if (m := _DAY.match(value)) is not None:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day = written_day_number(y, mo, d)
        return day, day, "time" if m.group(4) else "day"
    if (m := _WEEK.match(value)) is not None:
        start, end = week_bounds(int(m.group(1)), int(m.group(2)))
        part = m.group(3)
        if part == "WE":
            return start + 5, end, "week"
        if part:
            day = start + int(part) - 1
            return day, day, "time" if m.group(4) else "day"
        return start, end, "week"
    if (m := _MONTH.match(value)) is not None:
        lo, hi = written_month_bounds(int(m.group(1)), int(m.group(2)))
        return lo, hi, "month"
    if (m := _QUARTER.match(value)) is not None:
        lo, hi = month_span(int(m.group(1)), 3 * int(m.group(2)) - 2, 3)
        return lo, hi, "quarter"
    if (m := _HALF.match(value)) is not None:
        lo, hi = month_span(int(m.group(1)), 6 * int(m.group(2)) - 5, 6)
        return lo, hi, "half"
    if (m := _SEASON.match(value)) is not None:
        year = int(m.group(1))
        first = SEASON_FIRST_MONTH[m.group(2)]
        if first == 12 and year == MAX_YEAR:
            raise CalendarError("winter runs past the supported calendar")
        lo, hi = month_span(year, first, 3)
        return lo, hi, "season"
    if (m := _YEAR.match(value)) is not None:
        lo, hi = written_year_bounds(int(m.group(1)))
        return lo, hi, "year"
    if (m := _DECADE.match(value)) is not None:
        lo, hi = _digits_span(m.group(1), 10)
        return written_year_bounds(lo)[0], written_year_bounds(hi)[1], "decade"
    if (m := _CENTURY.match(value)) is not None:
        lo, hi = _digits_span(m.group(1), 100)
        return written_year_bounds(lo)[0], written_year_bounds(hi)[1], "century"
    if (m := _MILLENNIUM.match(value)) is not None:
        lo, hi = _digits_span(m.group(1), 1000)
        return written_year_bounds(lo)[0], written_year_bounds(hi)[1], "millennium"
    if (m := _INTERVAL.match(value)) is not None:
        g = [int(x) for x in m.groups()]
        lo, hi = written_day_number(g[0], g[1], g[2]), written_day_number(g[3], g[4], g[5])
        if lo > hi:
            raise CalendarError(f"interval {value} ends before it starts")
        return lo, hi, _interval_granularity(hi - lo + 1)
    return None


def _digits_span(digits: str, size: int) -> tuple[int, int]:
    """First and last astronomical year of the years written with these leading digits:
    "198" → 1980..1989; "-04" → -499..-400 (500 BC..401 BC: the 5th century BC); "00" →
    1..99 (the 1st century AD; "-00" is 100 BC..1 BC)."""
    start = int(digits) * size
    if digits.startswith("-"):
        return start - size + 1, start
    # an AD period ("00", the 1st century AD) starts at AD 1: year 0 is 1 BC
    return max(start, 1), start + size - 1


def _interval_granularity(days: int) -> str:
    """The granularity of an interval of days (another calendar's month or year, a part of a
    century)."""
    if days == 1:
        return "day"
    if days <= 10:
        return "week"
    if days <= 31:
        return "month"
    if days <= 200:
        return "season"
    if days <= 400:
        return "year"
    if days <= 20 * 366:
        return "decade"
    return "century"


def _thirds(count: int) -> tuple[int, int, int]:
    """Sizes of the first, middle and last third of ``count`` sub-units (extra to the front)."""
    base, extra = divmod(count, 3)
    return base + (extra >= 1), base + (extra >= 2), base


def _third(lower: int, upper: int, granularity: str, which: int) -> tuple[int, int]:
    """The first (0), middle (1) or last (2) third of a period, in its natural sub-units."""
    if granularity in ("week", "month"):
        count = upper - lower + 1
        sizes = _thirds(count)
        start = lower + sum(sizes[:which])
        return start, start + sizes[which] - 1
    y, m, _ = written_ymd(lower)
    if granularity in ("year", "quarter", "half", "season"):
        ey, em, _ = written_ymd(upper)
        count = (ey * 12 + em) - (y * 12 + m) + 1
        sizes = _thirds(count)
        first = y * 12 + (m - 1) + sum(sizes[:which])
        fy, fm = divmod(first, 12)
        return month_span(fy, fm + 1, sizes[which])
    if granularity in ("decade", "century", "millennium"):
        ey, _, _ = written_ymd(upper)
        sizes = _thirds(ey - y + 1)
        start = y + sum(sizes[:which])
        return written_year_bounds(start)[0], written_year_bounds(start + sizes[which] - 1)[1]
    return lower, upper  # a day or a time: no finer part


def _shift_months(day: int, months: int, to_end: bool) -> int:
    y, m, _ = written_ymd(day)
    index = y * 12 + (m - 1) + months
    ny, nm = divmod(index, 12)
    ny = min(max(ny, MIN_YEAR), MAX_YEAR)
    return written_month_bounds(ny, nm + 1)[1 if to_end else 0]


def _widen(lower: int, upper: int, granularity: str) -> tuple[int, int]:
    days, months, years = _APPROX.get(granularity, (0, 0, 0))
    if days:
        return lower - days, upper + days
    if months:
        return _shift_months(lower, -months, False), _shift_months(upper, months, True)
    ly, _, _ = written_ymd(lower)
    uy, _, _ = written_ymd(upper)
    lo_year = max(ly - years, MIN_YEAR)
    hi_year = min(uy + years, MAX_YEAR)
    return written_year_bounds(lo_year)[0], written_year_bounds(hi_year)[1]


# the mods that leave a date open on one side, and that side
OPEN_SIDE = {"BEFORE": "before", "ON_OR_BEFORE": "before", "AFTER": "after", "ON_OR_AFTER": "after"}


def open_bound(lower: int, upper: int, mod: str) -> int:
    """The one real bound of a date open on one side: BEFORE the day before the period,
    ON_OR_BEFORE its last day, AFTER the day after it, ON_OR_AFTER its first day."""
    if mod == "BEFORE":
        return lower - 1
    if mod == "ON_OR_BEFORE":
        return upper
    if mod == "AFTER":
        return upper + 1
    return lower  # ON_OR_AFTER


def apply_mod(lower: int, upper: int, granularity: str, mod: str | None) -> tuple[int, int]:
    """Narrow or widen a period according to a TIMEX3 mod (unknown mods: unchanged); an
    open mod (:data:`OPEN_SIDE`) gives its one real bound as both ends (:func:`open_bound`).

    The result is not clamped: "after 9999-12-31" comes back beyond the calendar."""
    if mod in ("EARLY", "START"):
        lower, upper = _third(lower, upper, granularity, 0)
    elif mod == "MID":
        lower, upper = _third(lower, upper, granularity, 1)
    elif mod in ("LATE", "END"):
        lower, upper = _third(lower, upper, granularity, 2)
    elif mod == "APPROX":
        lower, upper = _widen(lower, upper, granularity)
    elif mod in OPEN_SIDE:
        lower = upper = open_bound(lower, upper, mod)
    return lower, upper


def clamp(day: int) -> int:
    return min(max(day, MIN_DAY), MAX_DAY)
