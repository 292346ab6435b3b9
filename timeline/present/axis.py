"""The time axis: numeric *decimal years*, their ticks and the shown range.

The x axis is numeric decimal years rather than a Plotly date axis: Plotly's dates go
through JavaScript ``Date`` parsing that mishandles years before 1 (and two-digit years),
while a historian's chronology may reach back millennia. Year ``y`` covers ``[y, y + 1)``
in astronomical numbering (1 BC is year 0, 44 BC is year -43), a day covers its share of
that year, and tick labels are generated here ("500 BC", "Jul 2020", "21 Jul 2020").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from timeline.calendar import days_in_month, is_leap, to_ymd
from timeline.present.labels import month_label, year_label, ymd_label

YEAR_DAYS = 365.2425  # mean Gregorian year: only used to compare tick steps, never to place
MIN_SPAN = 7 / YEAR_DAYS  # a single-day chart still shows a week around it

# Tick steps from fine to coarse; the finest one that fits the requested count wins.
TICK_STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("day", 2),
    ("day", 7),
    ("day", 14),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    *(("year", n) for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)),
)


# calendar arithmetic on decimal years ------------------------------------------------


def days_in_year(year: int) -> int:
    return 366 if is_leap(year) else 365


# days before each month, in a common and in a leap year
_MONTH_STARTS = tuple(
    tuple(sum(days_in_month(year, m) for m in range(1, month)) for month in range(1, 13))
    for year in (2001, 2000)
)


def _day_of_year(year: int, month: int, day: int) -> int:
    """1-based; plain arithmetic so tick generation never trips the calendar's year range."""
    return _MONTH_STARTS[is_leap(year)][month - 1] + day


def decimal_year(day: int, fraction: float = 0.5) -> float:
    """X coordinate of a day number: ``fraction`` 0 is the day's start, 0.5 its middle, 1 its end.

    ``year + (day_of_year - 1 + fraction) / days_in_year``, so 2020-07-21 (day 203 of a leap
    year) is 2020.5533 and 44 BC's Ides of March (-0043-03-15) is -42.7986.
    """
    y, m, d = to_ymd(day)
    return y + (_day_of_year(y, m, d) - 1 + fraction) / days_in_year(y)


# ticks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


def _step_years(unit: str, n: int) -> float:
    return n / YEAR_DAYS if unit == "day" else n / 12 if unit == "month" else float(n)


def tick_step(x0: float, x1: float, max_ticks: int = 10) -> tuple[str, int]:
    """The finest step (``("month", 3)``, ``("year", 100)``…) giving at most ``max_ticks``."""
    span = max(x1 - x0, 0.0)
    limit = max(max_ticks, 1)
    for unit, n in TICK_STEPS:
        if span / _step_years(unit, n) <= limit:
            return unit, n
    return TICK_STEPS[-1]


def ticks(x0: float, x1: float, max_ticks: int = 10) -> tuple[Tick, ...]:
    """Labelled ticks for the visible range ``[x0, x1]`` of the decimal-year axis.

    Years and months tick at their first instant (they are boundaries); days tick at their
    middle so the label sits under the day's points. Mirrored in JavaScript by ``tlTicks``
    in ``assets/ticks.js`` so zooming relabels the axis; keep the two in step.
    """
    if not (math.isfinite(x0) and math.isfinite(x1)) or x1 < x0:
        return ()
    unit, n = tick_step(x0, x1, max_ticks)
    # "AD" only where a bare number could be misread: next to BC years, or before 1000
    ad = x0 < 1000
    out: list[Tick] = []
    if unit == "year":
        xs: set[int] = set()
        # BC years count backwards from 1 BC (year 0): ticks at 100 BC, 200 BC… not 101 BC
        for k in range(max(1, math.ceil((1 - x1) / n)), math.floor((1 - x0) / n) + 1):
            xs.add(1 - k * n)
        for k in range(max(1, math.ceil(x0 / n)), math.floor(x1 / n) + 1):
            xs.add(k * n)
        if x0 <= 1 <= x1:
            xs.add(1)  # there is no year 0 to tick: AD 1 follows 1 BC
        out = [Tick(float(y), year_label(y, ad=ad)) for y in sorted(xs)]
    elif unit == "month":
        for y in range(math.floor(x0), math.floor(x1) + 1):
            size = days_in_year(y)
            for m in range(1, 13, n):
                x = y + (_day_of_year(y, m, 1) - 1) / size
                if x0 <= x <= x1:
                    out.append(Tick(x, month_label(y, m, "short", ad=ad)))
    else:
        y = math.floor(x0)
        index = math.floor((x0 - y) * days_in_year(y))  # 0-based day of year
        m, d = _month_day(y, index)
        while True:
            size = days_in_year(y)
            x = y + (index + 0.5) / size
            if x > x1:
                break
            # days of the month on the step (1, 8, 15, 22 for weeks), so ticks stay put
            # while panning; 29-31 are skipped to avoid a tick one day after the 28th/29th
            if x >= x0 and (n == 1 or (d <= 28 and (d - 1) % n == 0)):
                out.append(Tick(x, ymd_label(y, m, d, "short", ad=ad)))
            index, d = index + 1, d + 1
            if d > days_in_month(y, m):
                m, d = m + 1, 1
                if m > 12:
                    y, m, index = y + 1, 1, 0
    return tuple(out)


def _month_day(year: int, index: int) -> tuple[int, int]:
    """(month, day) of the 0-based day ``index`` of ``year``."""
    m = 1
    while m < 12 and index >= days_in_month(year, m):
        index -= days_in_month(year, m)
        m += 1
    return m, index + 1


# the shown range ----------------------------------------------------------------------


def padded_range(x0: float, x1: float) -> tuple[float, float]:
    """The data's extent plus 4% each side, widened to at least a week around its middle."""
    span = x1 - x0
    if span < MIN_SPAN:
        middle = (x0 + x1) / 2
        return middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
    return x0 - span * 0.04, x1 + span * 0.04
