"""Draw shaped data as Plotly figures: the timeline (:mod:`timeline.present.chart`) and the
density view (:mod:`timeline.present.density`). The data is shaped first, by pure functions;
this module only turns it into traces and a layout.

Up to :data:`timeline.present.chart.LARGE_MARKS` marks the chart is SVG: bars are ``go.Bar`` and
answer hover along their whole length. Beyond it every mark is WebGL (``go.Scattergl``):
points as markers, bars as thick line segments in one trace (``None`` between segments) with
a hover handle in the middle of each, and a strip of events per period under the lanes, which
is also what the range slider shows (it cannot draw WebGL traces).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

from timeline.present.axis import Tick
from timeline.present.chart import ChartData, Trace
from timeline.present.density import Histogram, histogram_hover
from timeline.present.hover import no_tex
from timeline.present.words import present_words

_CHART = present_words().chart  # the chart's words: present.toml's [chart]
NO_EVENTS = _CHART["no_events"]
X_DIGITS = 6  # 1e-6 of a year is half a minute: far finer than a day, and shorter JSON
Y_DIGITS = 4
# meta of the traces whose hover labels the page builds (assets/hover.js, tlBuildHover)
HOVER_META = "tl-hover"

BAR_COLOR = "#2f6db5"
POINT_COLOR = "#c2410c"
DENSITY_COLOR = "#64748b"
# the histogram's two series: colour-blind-safe blue and orange (Okabe & Ito), never one
# colour at two opacities
WITHIN_COLOR = "#0072b2"
LONGER_COLOR = "#e69f00"
LANE_SHADE = "rgba(15, 23, 42, 0.04)"


def _xs(values: Iterable[float]) -> list[float]:
    return [round(v, X_DIGITS) for v in values]


def _ys(values: Iterable[float]) -> list[float]:
    return [round(v, Y_DIGITS) for v in values]


def _customdata(trace: Trace) -> list[str]:
    return [",".join(map(str, ids)) for ids in trace.ids]


def _hover(trace: Trace) -> dict:
    """The labels, or for a large chart the flag that has the page build them."""
    if trace.hover:
        return {"hovertext": [no_tex(label) for label in trace.hover], "hoverinfo": "text"}
    return {"meta": HOVER_META, "hoverinfo": "text"}


def _bar_trace(trace: Trace) -> go.Bar:
    # go.Bar rather than line segments: a bar answers hover anywhere along its length,
    # where a line only answers near its vertices
    approximate = trace.approximate
    return go.Bar(
        name=trace.name,
        orientation="h",
        base=_xs(trace.x0),
        x=_xs(b - a for a, b in zip(trace.x0, trace.x1, strict=True)),
        y=_ys(trace.y),
        width=_ys(trace.thickness),
        customdata=_customdata(trace),
        **_hover(trace),
        marker={
            "color": BAR_COLOR,
            "opacity": 0.45 if approximate else 0.9,
            # the outline keeps a one-year bar visible on a millennia-wide axis
            "line": {"color": BAR_COLOR, "width": 1},
            "pattern": {"shape": "/", "fgcolor": BAR_COLOR, "bgcolor": "white", "solidity": 0.4}
            if approximate
            else {"shape": ""},
        },
    )


def _point_marker(trace: Trace, webgl: bool) -> dict:
    approximate = trace.approximate
    return {
        "color": POINT_COLOR,
        # several events on one day share a marker: a bigger one
        "size": [(7 if webgl else 9) + 2 * min(count - 1, 5) for count in trace.count],
        "symbol": "circle-open" if approximate else "circle",
        "opacity": 0.55 if approximate else 0.95,
        # a white rim sets apart overlapping SVG markers; in a dense WebGL chart it would
        # turn every filled marker into a ring, like the approximate ones
        "line": {
            "color": POINT_COLOR if approximate else "white",
            "width": 1.5 if approximate or not webgl else 0,
        },
    }


def _point_trace(trace: Trace, webgl: bool = False) -> go.Scatter | go.Scattergl:
    kind = go.Scattergl if webgl else go.Scatter
    return kind(
        name=trace.name,
        legendgroup=trace.name,
        mode="markers",
        x=_xs(trace.centers),
        y=_ys(trace.y),
        customdata=_customdata(trace),
        marker=_point_marker(trace, webgl),
        **_hover(trace),
    )


def _gl_bar_traces(trace: Trace, px_per_lane: float) -> list[go.Scattergl]:
    """A large chart's bars: one WebGL trace of thick segments (``None`` between them, so
    100,000 bars are one draw call) and one of hover handles in their middles, since WebGL
    lines answer hover only at their vertices."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for x0, x1, y in zip(_xs(trace.x0), _xs(trace.x1), _ys(trace.y), strict=True):
        xs += [x0, x1, None]
        ys += [y, y, None]
    # one width per trace in WebGL: the thinnest row's, in pixels
    width = max(2.0, min(14.0, min(trace.thickness) * px_per_lane))
    opacity = 0.45 if trace.approximate else 0.9
    segments = go.Scattergl(
        name=trace.name,
        legendgroup=trace.name,
        mode="lines",
        x=xs,
        y=ys,
        hoverinfo="skip",
        connectgaps=False,
        opacity=opacity,
        # approximate periods: lighter and dashed, as the SVG ones are lighter and hatched
        line={"color": BAR_COLOR, "width": width, "dash": "dash" if trace.approximate else "solid"},
    )
    handles = go.Scattergl(
        name=trace.name,
        legendgroup=trace.name,
        showlegend=False,
        mode="markers",
        x=_xs(trace.centers),
        y=_ys(trace.y),
        customdata=_customdata(trace),
        marker={"color": BAR_COLOR, "size": width, "symbol": "square", "opacity": opacity},
        **_hover(trace),
    )
    return [segments, handles]


def _density_trace(hist: Histogram, *, yaxis: str = "y", series: str = "total") -> go.Bar:
    """Events per bin as vertical bars spanning each bin; ``series`` is ``total``, ``within``
    or ``longer`` (see :class:`timeline.present.density.Histogram`). Bins without events are
    left out."""
    counts = {"total": hist.totals, "within": hist.within, "longer": hist.longer}[series]
    unit = present_words().units[hist.unit]
    shown = [i for i, count in enumerate(counts) if count]
    return go.Bar(
        name=_CHART[series].format(unit=unit),
        x=_xs((hist.x0[i] + hist.x1[i]) / 2 for i in shown),
        width=_xs(hist.x1[i] - hist.x0[i] for i in shown),
        y=[counts[i] for i in shown],
        yaxis=yaxis,
        hovertext=[
            histogram_hover(hist.labels[i], hist.unit, hist.within[i], hist.longer[i])
            for i in shown
        ],
        hoverinfo="text",
        marker={
            "color": {"within": WITHIN_COLOR, "longer": LONGER_COLOR}.get(series, DENSITY_COLOR),
            "opacity": 0.9,
            "line": {"width": 0},
        },
    )


def figure_height(lane_count: int, large: bool = False) -> int:
    return max(440, min(220 + 56 * lane_count + (90 if large else 0), 6000))


def _x_axis(
    ticks: Sequence[Tick], x_range: Sequence[float], slider_y: dict, shown: Sequence[float]
) -> dict:
    """The decimal-year axis showing ``shown``, with a range slider over ``x_range``."""
    return {
        "type": "linear",
        "range": list(shown),
        "tickmode": "array",
        "tickvals": [round(t.x, X_DIGITS) for t in ticks],
        "ticktext": [t.label for t in ticks],
        "ticks": "outside",
        "showgrid": True,
        "gridcolor": "#e5e7eb",
        "zeroline": False,
        "showline": True,
        "linecolor": "#9ca3af",
        "rangeslider": {
            "visible": True,
            "range": list(x_range),
            "thickness": 0.12,
            "bordercolor": "#d1d5db",
            "borderwidth": 1,
            **slider_y,
        },
    }


def _base_layout(fig: go.Figure, title: str | None) -> None:
    """Plain white; the title in the figure only when asked (a page shows it above)."""
    fig.update_layout(
        template="plotly_white",
        hovermode="closest",
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        margin={"l": 20, "r": 20, "t": 80 if title else 36, "b": 40},
        barmode="overlay",
    )
    if title:
        fig.update_layout(title={"text": no_tex(html.escape(title)), "x": 0.01, "xanchor": "left"})


def _empty_layout(fig: go.Figure) -> go.Figure:
    fig.update_layout(
        height=440,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": NO_EVENTS,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 18, "color": "#555"},
            }
        ],
    )
    return fig


def build_figure(chart_data: ChartData, *, title: str | None = None) -> go.Figure:
    """The timeline figure: one lane per group on the y axis, decimal years on the x axis."""
    fig = go.Figure()
    _base_layout(fig, title)
    if chart_data.empty:
        return _empty_layout(fig)

    lanes = chart_data.lanes
    large = chart_data.large and chart_data.overview is not None
    height = figure_height(len(lanes), large)
    lane_domain = [0.16, 1.0] if large else [0.0, 1.0]
    # plot area: the figure less margins, legend and range slider, shared by the lanes
    px_per_lane = (height - 230) * (lane_domain[1] - lane_domain[0]) / max(len(lanes), 1)
    if large and chart_data.overview is not None:
        # stacked like the density view: longer periods, counted where they start, must
        # not read as a burst of precisely dated events
        for series in ("within", "longer"):
            strip = _density_trace(chart_data.overview, yaxis="y2", series=series)
            fig.add_trace(strip.update(showlegend=False))
    # bars first so the day markers draw on top of the periods they fall in
    for trace in sorted(chart_data.traces, key=lambda t: t.kind != "bar"):
        if trace.kind == "point":
            fig.add_trace(_point_trace(trace, webgl=large))
        elif large:
            fig.add_traces(_gl_bar_traces(trace, px_per_lane))
        else:
            fig.add_trace(_bar_trace(trace))

    y_range = [len(lanes) - 0.5, -0.5]  # reversed: the first lane on top
    # the lanes keep their place in the range slider; the overview strip's counts (y2)
    # keep the slider's default, the range they have in the chart
    slider_y = {"yaxis": {"rangemode": "fixed", "range": y_range}}
    fig.update_layout(
        height=height,
        barmode="stack" if large else "overlay",
        showlegend=True,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        xaxis=_x_axis(chart_data.ticks, chart_data.x_range, slider_y, chart_data.first_view),
        yaxis={
            "type": "linear",
            "domain": lane_domain,
            "range": y_range,
            "tickmode": "array",
            "tickvals": [lane.y for lane in lanes],
            "ticktext": [no_tex(lane.label) for lane in lanes],
            "fixedrange": True,  # zoom in time only; the lanes stay put
            "showgrid": False,
            "zeroline": False,
            "automargin": True,
        },
        shapes=[
            {
                "type": "rect",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": lane.y - 0.5,
                "y1": lane.y + 0.5,
                "fillcolor": LANE_SHADE,
                "line": {"width": 0},
                "layer": "below",
            }
            for lane in lanes[1::2]  # every other lane shaded, to follow a lane across
        ],
    )
    if large and chart_data.overview is not None:
        fig.update_layout(
            yaxis2={
                "domain": [0.0, 0.12],
                "anchor": "x",
                "fixedrange": True,
                "rangemode": "tozero",
                "nticks": 3,
                "showgrid": False,
                "zeroline": False,
                "automargin": True,
                "title": {
                    "text": _CHART["per_unit"].format(
                        unit=present_words().units[chart_data.overview.unit]
                    ),
                    "font": {"size": 11},
                },
            }
        )
    return fig


def build_histogram(hist: Histogram, *, title: str | None = None) -> go.Figure:
    """The density view: events per day, month or year, stacked by how precisely dated."""
    fig = go.Figure()
    _base_layout(fig, title)
    if hist.empty:
        return _empty_layout(fig)
    for series in ("within", "longer"):
        fig.add_trace(_density_trace(hist, series=series))
    fig.update_layout(
        height=520,
        barmode="stack",
        bargap=0,
        showlegend=True,
        # the legend names each series, always, even when one of them is empty here
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.02,
            "yanchor": "bottom",
            "title": {"text": _CHART["counted"]},
            "traceorder": "normal",  # in the order of the hover label, not the stack
        },
        xaxis=_x_axis(hist.ticks, hist.x_range, {"yaxis": {"rangemode": "auto"}}, hist.first_view),
        yaxis={
            "title": {"text": _CHART["axis"].format(unit=present_words().units[hist.unit])},
            "rangemode": "tozero",
            "fixedrange": True,
            "automargin": True,
        },
    )
    return fig
