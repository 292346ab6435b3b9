"""The event chart as plain data: its items, views and, for one view and plot size, the
arrays of every trace (a *frame*). Pure: :mod:`timeline.present.event_figure` wraps a frame
in Plotly traces; the page's ``assets/lod.js`` builds the same frame on every zoom, pan and
resize (tests/present/test_lod.py checks that the two agree).

The plot has two parts, one above the other: the lanes (one per source, article or year, or
one for all), cut into rows where :mod:`timeline.present.placement` puts the items that
fit; and under them the density strip, every item counted per day, month or year of the
view, so that what is not drawn at this zoom still shows as a quantity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from timeline.present.items import GroupBy, Item, ItemSet, item_set, text_px
from timeline.present.placement import (
    ARROW_PX,
    Geometry,
    Placement,
    first_view,
    full_range,
    lane_edges,
    place,
    strip_bins,
    strip_counts,
    strip_edges,
)
from timeline.present.words import TRACE_KEYS, present_words

What = Literal["events", "mentions", "chronology"]
STRIP_DOMAIN = (0.0, 0.085)  # the density strip, in fractions of the plot's height
LANES_DOMAIN = (0.115, 1.0)
BAR_THICKNESS = 0.62  # of a row
POINT_OPACITY = 0.95
BARE_OPACITY = 0.45
TAIL_OPACITY = (0.55, 0.4, 0.27, 0.16, 0.08)  # an open-ended date's arrow, from its bound out
LEGEND_PX = 30  # the legend's row above the plot
TITLE_PX = 44
AXIS_PX = 36  # the x axis's labels under the plot
LANE_FONT_PX = 12
KIND_CODES = {"point": 0, "bar": 1, "open": 2}
# each trace's name in the legend (present.toml's [chart] traces), in drawing order (later
# on top: points over periods)
TRACES: tuple[tuple[str, str], ...] = tuple(
    (key, present_words().trace_names[key]) for key in TRACE_KEYS
)


@dataclass(frozen=True, slots=True)
class EventChart:
    items: ItemSet
    first_view: tuple[float, float]
    full_range: tuple[float, float]
    strip_starts: tuple[float, ...]  # every item's start (an open one: its bound), sorted
    strip_spans: tuple[float, ...]  # its length in years, in the same order
    group_by: GroupBy
    what: What
    lane_edges: tuple[float, ...]  # y units: each lane's start, and the last one's end

    @property
    def empty(self) -> bool:
        return not self.items.items

    def kinds(self) -> set[str]:
        """The traces this chart ever fills (their legend entries)."""
        out = {"strip", "labels"}
        for item in self.items.items:
            if item.kind == "open":
                out |= {"tails", "ends"}
            else:
                base = "points" if item.kind == "point" else "bars"
                out.add(base + ("~" if item.approximate else ""))
        return out


def event_chart(
    rows: Iterable[Mapping], *, group_by: GroupBy = "source", what: What = "events"
) -> EventChart:
    """Shape event rows (or mention rows, or :func:`items.chronology_rows`) for the chart."""
    items = item_set(rows, group_by=group_by)
    starts = sorted((item.x0, item.x1 - item.x0) for item in items.items)
    counts = [0] * max(len(items.lanes), 1)
    for item in items.items:
        counts[item.lane] += 1
    return EventChart(
        items=items,
        first_view=first_view(items.items),
        full_range=full_range(items.items),
        strip_starts=tuple(s for s, _ in starts),
        strip_spans=tuple(w for _, w in starts),
        group_by=group_by,
        what=what,
        lane_edges=lane_edges(counts),
    )


# the plot's size ----------------------------------------------------------------------


def lane_margin(chart: EventChart) -> int:
    """The left margin: room for the lane names, or a sliver when there is one lane."""
    if len(chart.items.lanes) <= 1:
        return 12
    return 16 + max(text_px(lane.label, LANE_FONT_PX) for lane in chart.items.lanes)


def margins(chart: EventChart, *, title: bool) -> dict[str, int]:
    return {
        "l": lane_margin(chart),
        "r": 16,
        "t": LEGEND_PX + (TITLE_PX if title else 0),
        "b": AXIS_PX,
        "pad": 0,
    }


def geometry(
    chart: EventChart, view: tuple[float, float], plot_width: float, plot_height: float
) -> Geometry:
    """The placement's geometry for a plot area of ``plot_width`` × ``plot_height`` px."""
    share = LANES_DOMAIN[1] - LANES_DOMAIN[0]
    return Geometry(
        x0=view[0],
        x1=view[1],
        width=plot_width,
        lanes_px=plot_height * share,
        lane_edges=chart.lane_edges,
    )


# a frame: every trace's arrays for one geometry ---------------------------------------


def _row_y(edges: tuple[float, ...], item: Item, row: int, rows: int) -> float:
    """Lane ``L`` spans ``edges[L]..edges[L + 1]`` (the y axis is reversed: row 0 on top)."""
    top, bottom = edges[item.lane], edges[item.lane + 1]
    return top + (row + 0.5) / rows * (bottom - top)


def frame(chart: EventChart, g: Geometry, placement: Placement | None = None) -> dict:
    """The arrays of every trace (keys of :data:`TRACES`) for geometry ``g``."""
    p = placement or place(chart.items.items, g)
    scale = g.width / (g.x1 - g.x0) if g.x1 > g.x0 else 1.0
    edges = g.lane_edges
    # a bar's thickness: a share of its lane's row, in y units
    thick = [BAR_THICKNESS * (edges[k + 1] - edges[k]) / n for k, n in enumerate(p.rows)]
    out: dict[str, dict[str, list]] = {
        "bars": _new("base", "x", "y", "width", "customdata"),
        "bars~": _new("base", "x", "y", "width", "customdata"),
        "tails": _new("base", "x", "y", "width", "opacity", "customdata"),
        "ends": _new("x", "y", "symbol", "opacity", "customdata"),
        "points": _new("x", "y", "size", "opacity", "text", "textposition", "customdata"),
        "points~": _new("x", "y", "size", "opacity", "text", "textposition", "customdata"),
        "labels": _new("x", "y", "text", "textposition"),
    }
    for i, row, side, anchor in zip(p.index, p.row, p.side, p.anchor, strict=True):
        item = chart.items.items[i]
        y = _row_y(edges, item, row, p.rows[item.lane])
        thickness = thick[item.lane]
        position = "middle right" if side >= 0 else "middle left"
        if item.kind == "point":
            t = out["points~" if item.approximate else "points"]
            _add(t, x=(item.x0 + item.x1) / 2, y=y, size=item.size, customdata=item.id)
            # a mark without its label is lighter: the labelled ones read first
            opacity = (POINT_OPACITY if side else BARE_OPACITY) * (0.65 if item.approximate else 1)
            _add(t, text=item.label if side else "", textposition=position, opacity=opacity)
            continue
        if item.kind == "bar":
            t = out["bars~" if item.approximate else "bars"]
            _add(t, base=item.x0, x=item.x1 - item.x0, y=y, width=thickness, customdata=item.id)
        else:
            step = ARROW_PX / len(TAIL_OPACITY) / scale
            for k, opacity in enumerate(TAIL_OPACITY):
                base = item.x0 + k * step if item.open > 0 else item.x0 - (k + 1) * step
                _add(out["tails"], base=base, x=step, y=y, width=thickness, opacity=opacity)
                _add(out["tails"], customdata=item.id)
            tip = item.x0 + item.open * ARROW_PX / scale
            head = "triangle-right" if item.open > 0 else "triangle-left"
            _add(out["ends"], x=item.x0, y=y, symbol="line-ns", opacity=1.0, customdata=item.id)
            _add(out["ends"], x=tip, y=y, symbol=head, opacity=0.3, customdata=item.id)
        if side:
            _add(out["labels"], x=g.x0 + anchor / scale, y=y, text=item.label)
            _add(out["labels"], textposition=position)
    out["strip"] = strip_frame(chart, g)
    return out


def _new(*keys: str) -> dict[str, list]:
    return {key: [] for key in keys}


def _add(trace: dict[str, list], **values: object) -> None:
    for key, value in values.items():
        trace[key].append(value)


def strip_frame(chart: EventChart, g: Geometry) -> dict[str, list]:
    """The density strip of the view: bins' middles and widths, and the counts of each."""
    unit, n, edges = strip_edges(g.x0, g.x1, strip_bins(g.width))
    within, longer = strip_counts(chart.strip_starts, chart.strip_spans, edges)
    return {
        "x": [(a + b) / 2 for a, b in zip(edges, edges[1:], strict=False)],
        "width": [b - a for a, b in zip(edges, edges[1:], strict=False)],
        "within": within,
        "longer": longer,
        "unit": [unit],
        "n": [n],
    }
