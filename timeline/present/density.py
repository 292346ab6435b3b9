"""Events counted per day, month or year: the density view, and a large chart's overview."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from timeline.calendar import MAX_YEAR, MIN_YEAR, day_number, month_bounds, to_ymd, year_bounds
from timeline.present.axis import Tick, days_in_year, decimal_year, padded_range, ticks
from timeline.present.events import finite_extent, known_bounds
from timeline.present.labels import day_label, month_label, year_label
from timeline.present.placement import densest_span
from timeline.present.words import present_words

BinUnit = Literal["day", "month", "year"]
BIN_UNITS: tuple[BinUnit, ...] = ("day", "month", "year")
HISTOGRAM_BINS = 1500  # bins of the density view at most, when the unit is chosen for you


@dataclass(frozen=True, slots=True)
class Histogram:
    """Events counted per day, month or year; only bins with events are listed.

    An event dated within one bin counts in ``within``; a longer period or range ("2018" in
    monthly bins, "1980 to 1988" in yearly ones) counts once, in ``longer`` of the bin it
    starts in, so the two series never pass a coarse date off as a precise one.
    """

    unit: BinUnit
    x0: tuple[float, ...]  # start of the bin's first day
    x1: tuple[float, ...]  # end of its last day
    labels: tuple[str, ...]  # "21 Jul 2020", "Jul 2020", "2020", "44 BC" (plain text)
    within: tuple[int, ...]
    longer: tuple[int, ...]
    ticks: tuple[Tick, ...]
    x_range: tuple[float, float]
    event_count: int
    first_view: tuple[float, float] = (0.0, 1.0)  # where most events are: what it opens on

    @property
    def empty(self) -> bool:
        return self.event_count == 0

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(a + b for a, b in zip(self.within, self.longer, strict=True))


def _bin_of(day: int, unit: BinUnit) -> int:
    """A sortable key of the bin holding ``day``: the day, ``year * 12 + month - 1``, the year."""
    if unit == "day":
        return day
    y, m, _ = to_ymd(day)
    return y * 12 + m - 1 if unit == "month" else y


def _bin_days(key: int, unit: BinUnit) -> tuple[int, int]:
    if unit == "day":
        return key, key
    if unit == "month":
        y, m = divmod(key, 12)
        return month_bounds(y, m + 1)
    return year_bounds(key)


def _bin_label(key: int, unit: BinUnit) -> str:
    if unit == "day":
        return day_label(key, "short")
    if unit == "month":
        y, m = divmod(key, 12)
        return month_label(y, m + 1, "short")
    return year_label(key)


def bin_unit(lower: int, upper: int, max_bins: int = HISTOGRAM_BINS) -> BinUnit:
    """The finest unit giving at most ``max_bins`` bins from day ``lower`` to ``upper``."""
    if upper - lower + 1 <= max_bins:
        return "day"
    if _bin_of(upper, "month") - _bin_of(lower, "month") + 1 <= max_bins:
        return "month"
    return "year"


def histogram_data(
    events: Iterable[Mapping],
    *,
    unit: BinUnit | Literal["auto"] = "auto",
    max_bins: int = HISTOGRAM_BINS,
    max_ticks: int = 10,
) -> Histogram:
    """Count events per day, month or year (``auto``: the finest with at most ``max_bins``)."""
    rows = list(events)
    if unit != "auto" and unit not in BIN_UNITS:
        raise ValueError(f"unit must be auto or one of {', '.join(BIN_UNITS)}, not {unit!r}")
    if not rows:
        return Histogram("day", (), (), (), (), (), (), (0.0, 1.0), 0)
    # open-ended dates ("before 1200") count at their one real bound
    lower, upper = finite_extent(rows)
    spans = [days for days in map(known_bounds, rows) if days is not None]
    if not spans:
        return Histogram("day", (), (), (), (), (), (), (0.0, 1.0), len(rows))
    # the unit fits the span where most events are: bins are only listed where there are
    # events, so a stray date centuries away costs one bin, not a coarser unit for all
    core = densest_span([decimal_year((a + b) // 2) for a, b in spans])
    chosen: BinUnit = unit if unit != "auto" else bin_unit(*_days_of(core), max_bins)
    within: dict[int, int] = {}
    longer: dict[int, int] = {}
    for first_day, last_day in spans:
        first = _bin_of(first_day, chosen)
        counts = within if first == _bin_of(last_day, chosen) else longer
        counts[first] = counts.get(first, 0) + 1
    keys = sorted(within.keys() | longer.keys())
    bounds = [_bin_days(k, chosen) for k in keys]
    x_range = padded_range(decimal_year(lower, 0.0), decimal_year(upper, 1.0))
    return Histogram(
        unit=chosen,
        x0=tuple(decimal_year(a, 0.0) for a, _ in bounds),
        x1=tuple(decimal_year(b, 1.0) for _, b in bounds),
        labels=tuple(_bin_label(k, chosen) for k in keys),
        within=tuple(within.get(k, 0) for k in keys),
        longer=tuple(longer.get(k, 0) for k in keys),
        ticks=ticks(*x_range, max_ticks=max_ticks),
        x_range=x_range,
        event_count=len(rows),
        first_view=core,
    )


def _days_of(span: tuple[float, float]) -> tuple[int, int]:
    """Day numbers of a span of decimal years (for counting its days, months or years)."""

    def day(x: float) -> int:
        year = math.floor(x)
        year = min(max(year, MIN_YEAR), MAX_YEAR)
        return day_number(year, 1, 1) + int((x - year) * days_in_year(year))

    return day(span[0]), day(span[1])


def histogram_hover(label: str, unit: BinUnit, within: int, longer: int) -> str:
    """Hover label of one bin (HTML; the label is ours, escaped all the same): its total,
    then each series' count, named as the legend names it (present.toml's [chart])."""
    words = present_words()
    chart, unit_word = words.chart, words.units[unit]
    lines = [f"<b>{html.escape(label)}</b>: {words.hover['events'](within + longer)}"]
    if within:
        lines.append(chart["within_count"](within, unit=unit_word))
    if longer:
        lines.append(chart["longer_count"](longer))
    return "<br>".join(lines)
