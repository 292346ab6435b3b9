"""Shape events into plot-ready data for the timeline chart: pure functions, no plotly.

Events become *marks* in *lanes*: one lane per source, article or year (or one for all),
a point for a single day and a bar for a period or range, with the events that share a
lane, bounds and certainty merged into one mark. Coordinates are decimal years
(:mod:`timeline.present.axis`); :mod:`timeline.present.figure` draws the result.

Every piece of article text that reaches the chart is HTML-escaped: Plotly renders hover
text, tick text and titles as (a subset of) HTML, and an exported page must not run code
that came from an article.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from timeline.calendar import MAX_DAY, MIN_DAY, to_ymd
from timeline.present.axis import Tick, decimal_year, padded_range, ticks
from timeline.present.density import Histogram, histogram_data
from timeline.present.events import finite_extent, is_approximate, open_bound, open_side
from timeline.present.hover import citation_table, merged_hover
from timeline.present.labels import UNKNOWN_SOURCE, year_label
from timeline.present.placement import densest_span
from timeline.present.text import plain_text, trim_text
from timeline.present.words import present_words

GroupBy = Literal["source", "article", "year", "none"]
Kind = Literal["point", "bar"]
GROUP_BY: tuple[GroupBy, ...] = ("source", "article", "year", "none")

LANE_LABEL_CHARS = 36
MAX_TRACKS = 6  # bar rows per lane before overlapping bars share a row
ALL_EVENTS = present_words().chart["all_events"]
# Above this many marks the figure switches to WebGL traces, which draw 100,000 marks where
# SVG bogs down past a few thousand, and adds an overview strip of events per period: the
# range slider cannot draw WebGL traces, and a strip of counts reads better zoomed out.
LARGE_MARKS = 5000
OVERVIEW_BINS = 600  # bins of the overview strip at most: months over 50 years


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
class ChartData:
    traces: tuple[Trace, ...]
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    x_range: tuple[float, float]
    event_count: int
    group_by: GroupBy = "source"
    overview: Histogram | None = None  # events per period, for a large chart only
    data_end: float = 1.0  # end of the last event's last day: zoom buttons count back from it
    first_view: tuple[float, float] = (0.0, 1.0)  # what the chart opens on (placement.py)
    # full citation of every event (hover.citation_table): the page's click panel, and the
    # source of a large chart's hover labels
    citations: Mapping[str, Mapping[str, list]] = field(default_factory=dict)

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


# the event chart's names of its periods and days (present.toml's [chart] traces)
TRACE_NAMES: dict[tuple[Kind, bool], str] = {
    ("bar", False): present_words().trace_names["bars"],
    ("bar", True): present_words().trace_names["bars~"],
    ("point", False): present_words().trace_names["points"],
    ("point", True): present_words().trace_names["points~"],
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
        labels = {k: year_label(int(k)) for k in order}
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


def _marks(rows: Sequence[Mapping], group_by: GroupBy) -> list[_Mark]:
    """Events sharing a lane, kind, bounds and certainty as one mark with a merged label:
    a dozen reports of the same day would otherwise hide each other under one marker."""
    marks: dict[tuple, _Mark] = {}
    first, last = finite_extent(rows)
    margin = max(366, (last - first) // 10)
    for event in rows:
        # an open side ("before 1200", "after 1945") reaches the end of the calendar: draw it
        # to the edge of the other events, not to 9999 BC (its hover keeps the true bounds)
        side, bound = open_side(event), open_bound(event)
        if side is not None and bound is None:
            continue  # open on both sides: nothing to place
        if side == "before":
            lower, upper = max(MIN_DAY, min(first, bound) - margin), bound
        elif side == "after":
            lower, upper = bound, min(MAX_DAY, max(last, bound) + margin)
        else:
            lower, upper = int(event["lower"]), int(event["upper"])
        kind: Kind = "point" if lower == upper else "bar"
        key = (lane_key(event, group_by), kind, is_approximate(event), lower, upper)
        if key not in marks:
            marks[key] = _Mark(key[0], kind, key[2], lower, upper, [])
        marks[key].events.append(event)
    return list(marks.values())


def _traces(marks: list[_Mark], large: bool, citations: Mapping) -> list[Trace]:
    """One trace per kind and certainty, marks in time order."""
    traces = []
    for kind, approximate in TRACE_NAMES:
        chosen = [m for m in marks if m.kind == kind and m.approximate == approximate]
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
                hover=()
                if large
                else tuple(
                    merged_hover(
                        [citations["events"][str(e["id"])] for e in m.events],
                        citations["articles"],
                    )
                    for m in chosen
                ),
                ids=tuple(tuple(int(e["id"]) for e in m.events) for m in chosen),
            )
        )
    return traces


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
    marks = _marks(rows, group_by)
    if not marks:  # only dates open on both sides: nothing to place
        return ChartData((), tuple(lanes), (), (0.0, 1.0), len(rows), group_by)
    lower = min(m.lower for m in marks)
    upper = max(m.upper for m in marks)
    by_lane: dict[str, list[_Mark]] = {}
    for mark in marks:
        by_lane.setdefault(mark.lane, []).append(mark)
    for lane in lanes:
        _place(by_lane.get(lane.key, []), lane.y, upper - lower + 1)

    large = len(marks) > LARGE_MARKS
    citations = citation_table(rows)
    x_range = padded_range(decimal_year(lower, 0.0), decimal_year(upper, 1.0))
    # the chart opens on where most marks are; open-ended dates do not count
    middles = [
        (decimal_year(m.lower, 0.0) + decimal_year(m.upper, 1.0)) / 2
        for m in marks
        if all(open_side(e) is None for e in m.events)
    ]
    return ChartData(
        traces=tuple(_traces(marks, large, citations)),
        lanes=tuple(lanes),
        ticks=ticks(*x_range, max_ticks=max_ticks),
        x_range=x_range,
        event_count=len(rows),
        group_by=group_by,
        overview=histogram_data(rows, max_bins=OVERVIEW_BINS) if large else None,
        data_end=decimal_year(upper, 1.0),
        first_view=densest_span(middles) if middles else x_range,
        citations=citations,
    )
