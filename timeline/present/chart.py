"""Shape events into plot-ready data for the timeline chart: pure functions, no plotly.

The x axis is numeric *decimal years* rather than a Plotly date axis: Plotly's dates go
through JavaScript ``Date`` parsing that mishandles years before 1 (and two-digit years),
while a historian's chronology may reach back millennia. Year ``y`` covers ``[y, y + 1)``
in astronomical numbering (1 BC is year 0, 44 BC is year -43), a day covers its share of
that year, and tick labels are generated here ("500 BC", "Jul 2020", "21 Jul 2020").

Every piece of article text that reaches the chart is HTML-escaped: Plotly renders hover
text, tick text and titles as (a subset of) HTML, and an exported page must not run code
that came from an article.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from timeline.calendar import (
    MAX_DAY,
    MIN_DAY,
    days_in_month,
    is_leap,
    iso,
    month_bounds,
    to_ymd,
    year_bounds,
)

GroupBy = Literal["source", "article", "year", "none"]
Kind = Literal["point", "bar"]
BinUnit = Literal["day", "month", "year"]
GROUP_BY: tuple[GroupBy, ...] = ("source", "article", "year", "none")
BIN_UNITS: tuple[BinUnit, ...] = ("day", "month", "year")

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

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
YEAR_DAYS = 365.2425  # mean Gregorian year: only used to compare tick steps, never to place
SENTENCE_CHARS = 200
WRAP_CHARS = 72  # hover labels do not wrap by themselves
LANE_LABEL_CHARS = 36
MAX_MERGED = 3  # events listed in one hover label when several share a mark
MAX_TRACKS = 6  # bar rows per lane before overlapping bars share a row
MIN_SPAN = 7 / YEAR_DAYS  # a single-day chart still shows a week around it
ALL_EVENTS = "All events"
UNKNOWN_SOURCE = "unknown source"
# Above this many marks the figure switches to WebGL traces, which draw 100,000 marks where
# SVG bogs down past a few thousand, and adds an overview strip of events per period: the
# range slider cannot draw WebGL traces, and a strip of counts reads better zoomed out.
LARGE_MARKS = 5000
OVERVIEW_BINS = 600  # bins of the overview strip at most: months over 50 years
HISTOGRAM_BINS = 1500  # bins of the density view at most, when the unit is chosen for you
# zoom buttons, as (label, years); Plotly's own range selector needs a date axis
ZOOM_WINDOWS: tuple[tuple[str, float], ...] = (
    ("1 month", 1 / 12),
    ("1 year", 1.0),
    ("10 years", 10.0),
)

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


def _day_of_year(year: int, month: int, day: int) -> int:
    """1-based; plain arithmetic so tick generation never trips the calendar's year range."""
    return sum(days_in_month(year, m) for m in range(1, month)) + day


def decimal_year(day: int, fraction: float = 0.5) -> float:
    """X coordinate of a day number: ``fraction`` 0 is the day's start, 0.5 its middle, 1 its end.

    ``year + (day_of_year - 1 + fraction) / days_in_year``, so 2020-07-21 (day 203 of a leap
    year) is 2020.5533 and 44 BC's Ides of March (-0043-03-15) is -42.7986.
    """
    y, m, d = to_ymd(day)
    return y + (_day_of_year(y, m, d) - 1 + fraction) / days_in_year(y)


def year_label(year: int, *, ad: bool = False) -> str:
    """``500 BC`` for astronomical year -499; CE years as ``2020``, or ``AD 79`` with ``ad``."""
    if year <= 0:
        return f"{1 - year} BC"
    return f"AD {year}" if ad else str(year)


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
    middle so the label sits under the day's points. Mirrored in JavaScript by
    ``timeline.present.render.TICKS_JS`` so zooming relabels the axis; keep the two in step.
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
                    out.append(Tick(x, f"{MONTHS[m - 1]} {year_label(y, ad=ad)}"))
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
                out.append(Tick(x, f"{d} {MONTHS[m - 1]} {year_label(y, ad=ad)}"))
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


# events -------------------------------------------------------------------------------


def is_point(event: Mapping) -> bool:
    """A single day (day or time granularity) is a point; ranges and coarse periods are bars."""
    return event["lower"] == event["upper"]


def is_approximate(event: Mapping) -> bool:
    return (event.get("mod") or "").upper() in APPROXIMATE_MODS


def plain_text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def trim_text(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # cut at a word unless that loses too much
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def wrap(text: str, width: int = WRAP_CHARS) -> list[str]:
    """Greedy word wrap of whitespace-normalized text; a word longer than ``width`` is cut.

    Simpler than ``textwrap`` (no hyphen breaks) so that the page's copy in
    ``timeline.present.render.HOVER_JS`` can match it exactly, and ten times faster.
    """
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if not word:
            continue
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _escaped_lines(text: str, width: int = WRAP_CHARS) -> str:
    # wrap first and escape each line: escaping first could split an entity like &amp;
    return "<br>".join(html.escape(line) for line in wrap(text, width) or [""])


def day_label(day: int) -> str:
    """``15 Mar 44 BC``: how a historian reads a day whose ISO form is ``-0043-03-15``."""
    y, m, d = to_ymd(day)
    return f"{d} {MONTHS[m - 1]} {year_label(y, ad=y < 1000)}"


def bounds_text(event: Mapping) -> str:
    """ISO bounds; before AD 1 also spelled out, since astronomical years are off by one."""
    lower, upper = event["lower"], event["upper"]
    text = iso(lower) if lower == upper else f"{iso(lower)} – {iso(upper)}"
    if to_ymd(lower)[0] <= 0:
        readable = (
            day_label(lower) if lower == upper else f"{day_label(lower)} – {day_label(upper)}"
        )
        text += f" ({readable})"
    return text


def date_line(event: Mapping) -> str:
    """The normalized date: ``2019 (LATE) · 2019-10-01 – 2019-12-31 · year`` (plain text)."""
    normalized = plain_text(event.get("value"))
    mod = plain_text(event.get("mod"))
    if mod:
        normalized = f"{normalized} ({mod})"
    lower, upper = event["lower"], event["upper"]
    iso_bounds = iso(lower) if lower == upper else f"{iso(lower)} – {iso(upper)}"
    # "2020-07-21 · day", "2019 (LATE) · 2019-10-01 – 2019-12-31 · year"; a value that only
    # repeats the bounds is left out, also when BC bounds are spelled out after them
    date_parts = [normalized] if normalized and normalized != iso_bounds else []
    date_parts.append(bounds_text(event))
    granularity = plain_text(event.get("granularity"))
    if granularity:
        date_parts.append(granularity)
    return " · ".join(date_parts)


def written(event: Mapping) -> str:
    """The date as written in the article, or its value when the text is missing."""
    return plain_text(event.get("expression")) or plain_text(event.get("value"))


def hover_text(event: Mapping) -> str:
    """Hover label of one event: HTML, with every piece of article text escaped."""
    source = plain_text(event.get("source")) or UNKNOWN_SOURCE
    title = plain_text(event.get("title"))
    cite = f"<i>{html.escape(source)}</i>"
    if title:
        cite += " · " + _escaped_lines(trim_text(title, 120))
    published = plain_text(event.get("published"))
    if published:
        cite += f"<br>published {html.escape(published)}"
    return "<br>".join(
        [
            f"<b>{html.escape(trim_text(written(event), 80))}</b>",
            html.escape(date_line(event)),
            _escaped_lines(trim_text(plain_text(event.get("sentence")), SENTENCE_CHARS)),
            cite,
        ]
    )


def _merged_hover(events: Sequence[Mapping]) -> str:
    shown = [hover_text(e) for e in events[:MAX_MERGED]]
    more = len(events) - len(shown)
    if more:
        shown.append(f"<i>… and {more} more event{'s' if more > 1 else ''} here</i>")
    header = f"<b>{len(events)} events</b><br>" if len(events) > 1 else ""
    return header + "<br>─────<br>".join(shown)


def lane_key(event: Mapping, group_by: GroupBy) -> str:
    if group_by == "source":
        return plain_text(event.get("source")) or UNKNOWN_SOURCE
    if group_by == "article":
        return str(event.get("article_id"))
    if group_by == "year":
        return str(to_ymd(int(event["lower"]))[0])  # the year the event starts in
    if group_by == "none":
        return ALL_EVENTS
    raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}, not {group_by!r}")


# the chart ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lane:
    key: str
    label: str  # HTML-escaped, for the y axis
    y: float  # lanes sit at 0, 1, 2… from the top (the figure reverses the y axis)
    count: int  # events in the lane


@dataclass(frozen=True, slots=True)
class Trace:
    """All marks of one kind: parallel tuples, one entry per mark (events sharing a lane
    and the same bounds are one mark)."""

    kind: Kind
    approximate: bool
    name: str
    x0: tuple[float, ...]  # start of the first day
    x1: tuple[float, ...]  # end of the last day
    y: tuple[float, ...]
    thickness: tuple[float, ...]  # bar height in lane units (0 for points)
    count: tuple[int, ...]  # events in the mark
    # HTML labels; empty for a large chart, whose page builds them from its citation table
    # (the same text, written once instead of twice)
    hover: tuple[str, ...]
    ids: tuple[tuple[int, ...], ...]

    @property
    def centers(self) -> tuple[float, ...]:
        """Where a point is drawn: the middle of its day."""
        return tuple((a + b) / 2 for a, b in zip(self.x0, self.x1, strict=True))

    @property
    def widths(self) -> tuple[float, ...]:
        return tuple(b - a for a, b in zip(self.x0, self.x1, strict=True))


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

    @property
    def empty(self) -> bool:
        return self.event_count == 0

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(a + b for a, b in zip(self.within, self.longer, strict=True))


@dataclass(frozen=True, slots=True)
class ChartData:
    traces: tuple[Trace, ...]
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    x_range: tuple[float, float]
    event_count: int
    group_by: GroupBy = "source"
    overview: Histogram | None = None  # events per period, for a large chart only
    data_end: float = 1.0  # end of the last event's last day: zoom buttons count back from it
    # full citation of every event (citation_data): the page's click panel, and the source of
    # a large chart's hover labels
    citations: Mapping[str, Mapping[str, list[str]]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.event_count == 0

    @property
    def mark_count(self) -> int:
        return sum(len(t.x0) for t in self.traces)

    @property
    def large(self) -> bool:
        """Too many marks for SVG: the figure uses WebGL and shows the overview strip."""
        return self.mark_count > LARGE_MARKS


TRACE_NAMES: dict[tuple[Kind, bool], str] = {
    ("bar", False): "Periods",
    ("bar", True): "Periods (approximate)",
    ("point", False): "Days",
    ("point", True): "Days (approximate)",
}


@dataclass(slots=True)
class _Mark:
    lane: str
    kind: Kind
    approximate: bool
    lower: int
    upper: int
    events: list[Mapping]
    y: float = 0.0
    thickness: float = 0.0


def _lanes(events: Sequence[Mapping], group_by: GroupBy) -> list[Lane]:
    counts: dict[str, int] = {}
    firsts: dict[str, Mapping] = {}
    for event in events:
        key = lane_key(event, group_by)
        counts[key] = counts.get(key, 0) + 1
        firsts.setdefault(key, event)
    if group_by == "article":
        # articles in the order of their first event: the story reads top to bottom
        order = list(counts)
        labels = {
            k: trim_text(plain_text(firsts[k].get("title")) or f"article {k}", LANE_LABEL_CHARS)
            for k in order
        }
        seen: dict[str, int] = {}
        for label in labels.values():
            seen[label] = seen.get(label, 0) + 1
        labels = {k: (f"{v} #{k}" if seen[v] > 1 else v) for k, v in labels.items()}
    elif group_by == "year":
        order = sorted(counts, key=int)
        labels = {k: year_label(int(k), ad=int(k) < 1000) for k in order}
    else:
        order = sorted(counts, key=lambda k: (k.casefold(), k))  # sources: easy to scan
        labels = {k: trim_text(k, LANE_LABEL_CHARS) for k in order}
    return [Lane(k, html.escape(labels[k]), float(i), counts[k]) for i, k in enumerate(order)]


def _pack(bars: list[_Mark], gap: int) -> int:
    """Greedy interval packing: each bar takes the first row free ``gap`` days before it,
    so overlapping or touching periods ("2018", "2019") do not read as one long bar.
    Returns the number of rows and leaves each bar's row in ``y``."""
    ends: list[int] = []
    for bar in sorted(bars, key=lambda b: (b.lower, -b.upper)):
        row = next((i for i, end in enumerate(ends) if end + gap < bar.lower), None)
        if row is None and len(ends) < MAX_TRACKS:
            row = len(ends)
            ends.append(bar.upper)
        elif row is None:  # crowded lane: share the row that frees up first
            row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = max(ends[row], bar.upper)
        bar.y = row
    return len(ends)


def _place(marks: list[_Mark], lane_y: float, span_days: int) -> None:
    """Y positions within a lane's band ``lane_y ± 0.5``: points on one row, bars packed
    into rows; a lane with only one kind centres it."""
    points = [m for m in marks if m.kind == "point"]
    bars = [m for m in marks if m.kind == "bar"]
    for point in points:
        point.y = lane_y - 0.25 if bars else lane_y
    if not bars:
        return
    rows = _pack(bars, gap=max(1, span_days // 250))
    low, high = (lane_y - 0.1, lane_y + 0.42) if points else (lane_y - 0.34, lane_y + 0.34)
    pitch = min((high - low) / rows, 0.24)
    first = (low + high) / 2 - pitch * rows / 2
    for bar in bars:
        bar.y, bar.thickness = first + pitch * (bar.y + 0.5), pitch * 0.72


def finite_extent(rows: Sequence[Mapping]) -> tuple[int, int]:
    """First and last day of the events, leaving out the open sides of BEFORE/AFTER dates."""
    days = [int(e["lower"]) for e in rows if int(e["lower"]) != MIN_DAY]
    days += [int(e["upper"]) for e in rows if int(e["upper"]) != MAX_DAY]
    if not days:
        return MIN_DAY, MAX_DAY
    return min(days), max(days)


def chart_data(
    events: Iterable[Mapping], *, group_by: GroupBy = "source", max_ticks: int = 10
) -> ChartData:
    """Shape events (dicts as the query layer produces them) into lanes, traces and ticks."""
    rows = list(events)
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}, not {group_by!r}")
    if not rows:
        return ChartData((), (), (), (0.0, 1.0), 0, group_by)
    lanes = _lanes(rows, group_by)

    # events sharing a lane, kind, bounds and certainty are one mark with a merged label:
    # a dozen reports of the same day would otherwise hide each other under one marker
    marks: dict[tuple, _Mark] = {}
    first, last = finite_extent(rows)
    margin = max(366, (last - first) // 10)
    for event in rows:
        kind: Kind = "point" if is_point(event) else "bar"
        # an open side ("before 1200", "after 1945") reaches the end of the calendar: draw it
        # to the edge of the other events, not to 9999 BC (its hover keeps the true bounds)
        lower, upper = int(event["lower"]), int(event["upper"])
        if lower == MIN_DAY:
            lower = max(MIN_DAY, min(first, upper) - margin)
        if upper == MAX_DAY:
            upper = min(MAX_DAY, max(last, lower) + margin)
        key = (lane_key(event, group_by), kind, is_approximate(event), lower, upper)
        if key not in marks:
            marks[key] = _Mark(key[0], kind, key[2], lower, upper, [])
        marks[key].events.append(event)

    lower = min(m.lower for m in marks.values())
    upper = max(m.upper for m in marks.values())
    by_lane: dict[str, list[_Mark]] = {}
    for mark in marks.values():
        by_lane.setdefault(mark.lane, []).append(mark)
    for lane in lanes:
        _place(by_lane[lane.key], lane.y, upper - lower + 1)

    large = len(marks) > LARGE_MARKS
    traces = []
    for kind, approximate in TRACE_NAMES:
        chosen = [m for m in marks.values() if m.kind == kind and m.approximate == approximate]
        if not chosen:
            continue
        chosen.sort(key=lambda m: (m.lower, m.upper, m.y))
        traces.append(
            Trace(
                kind=kind,
                approximate=approximate,
                name=TRACE_NAMES[kind, approximate],
                x0=tuple(decimal_year(m.lower, 0.0) for m in chosen),
                x1=tuple(decimal_year(m.upper, 1.0) for m in chosen),
                y=tuple(m.y for m in chosen),
                thickness=tuple(m.thickness for m in chosen),
                count=tuple(len(m.events) for m in chosen),
                hover=() if large else tuple(_merged_hover(m.events) for m in chosen),
                ids=tuple(tuple(int(e["id"]) for e in m.events) for m in chosen),
            )
        )
    x_range = padded_range(decimal_year(lower, 0.0), decimal_year(upper, 1.0))
    return ChartData(
        traces=tuple(traces),
        lanes=tuple(lanes),
        ticks=ticks(*x_range, max_ticks=max_ticks),
        x_range=x_range,
        event_count=len(rows),
        group_by=group_by,
        overview=histogram_data(rows, max_bins=OVERVIEW_BINS) if large else None,
        data_end=decimal_year(upper, 1.0),
        citations=citation_data(rows),
    )


def padded_range(x0: float, x1: float) -> tuple[float, float]:
    """The data's extent plus 4% each side, widened to at least a week around its middle."""
    span = x1 - x0
    if span < MIN_SPAN:
        middle = (x0 + x1) / 2
        return middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
    return x0 - span * 0.04, x1 + span * 0.04


def zoom_buttons(data_end: float, x_range: tuple[float, float]) -> list[tuple[str, tuple]]:
    """(label, x range) of the zoom buttons: the last month, year and ten years of the data,
    counted back from its end, and all of it. Each window keeps 4% of its width free after
    the last event, as the whole chart does (:func:`padded_range`). A window about as wide as
    the whole chart would zoom nothing, so it is left out."""
    span = x_range[1] - x_range[0]
    out: list[tuple[str, tuple]] = [
        (label, (data_end - years * 0.96, data_end + years * 0.04))
        for label, years in ZOOM_WINDOWS
        if years < span * 0.8
    ]
    out.append(("all", x_range))
    return out


# density ------------------------------------------------------------------------------


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
        return day_label(key)
    if unit == "month":
        y, m = divmod(key, 12)
        return f"{MONTHS[m]} {year_label(y, ad=y < 1000)}"
    return year_label(key, ad=key < 1000)


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
    # an open start ("before 1200") is counted where the known events begin
    lower, upper = finite_extent(rows)
    chosen: BinUnit = bin_unit(lower, upper, max_bins) if unit == "auto" else unit
    within: dict[int, int] = {}
    longer: dict[int, int] = {}
    for event in rows:
        first = _bin_of(max(int(event["lower"]), lower), chosen)
        counts = within if first == _bin_of(int(event["upper"]), chosen) else longer
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
    )


def histogram_hover(label: str, unit: BinUnit, within: int, longer: int) -> str:
    """Hover label of one bin (HTML; the label is ours, escaped all the same)."""
    lines = [f"<b>{html.escape(label)}</b>"]
    if within:
        lines.append(f"{within} event{'s' if within != 1 else ''} dated within the {unit}")
    if longer:
        lines.append(
            f"{longer} longer period{'s' if longer != 1 else ''} or range"
            f"{'s' if longer != 1 else ''} starting in it"
        )
    return "<br>".join(lines)


# citations ----------------------------------------------------------------------------

# field order of the page's citation table (kept short: a large chart lists 100,000 events)
CITATION_EVENT_FIELDS = ("written", "date", "sentence", "article")
CITATION_ARTICLE_FIELDS = ("source", "title", "published", "url")


def citation_data(events: Iterable[Mapping]) -> dict[str, dict[str, list[str]]]:
    """The full citation of every event, for the page's click panel: plain (unescaped) text,
    which the page only ever sets as ``textContent``. Articles are listed once."""
    articles: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for event in events:
        article = str(event.get("article_id"))
        if article not in articles:
            articles[article] = [
                plain_text(event.get("source")) or UNKNOWN_SOURCE,
                plain_text(event.get("title")),
                plain_text(event.get("published")),
                plain_text(event.get("url")),
            ]
        out[str(event["id"])] = [
            written(event),
            date_line(event),
            plain_text(event.get("sentence")),
            article,
        ]
    return {"events": out, "articles": articles}
