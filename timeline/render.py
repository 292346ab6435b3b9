"""Draw shaped chart data (:mod:`timeline.chart`) as a Plotly figure and a self-contained page.

The page embeds plotly.js (no CDN) so an exported chronology opens offline, years later.
The x axis is numeric decimal years with tick labels from :func:`timeline.chart.ticks`;
a small script (:data:`TICKS_JS`, a port of that function) relabels it on every zoom,
since Plotly's own ticks on a numeric axis would read "2020.5".
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import plotly.graph_objects as go

from timeline.chart import TICK_STEPS, YEAR_DAYS, ChartData, GroupBy, Trace, chart_data

DEFAULT_TITLE = "Timeline"
PX_PER_TICK = 110  # room for a "21 Jul 2020" label
NO_EVENTS = "No events to show: no event matches the selection."

BAR_COLOR = "#2f6db5"
POINT_COLOR = "#c2410c"
LANE_SHADE = "rgba(15, 23, 42, 0.04)"
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,  # a page scroll should scroll the page, not zoom the chart
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"filename": "timeline", "scale": 2},
}

# Port of timeline.chart.ticks: same steps, same arithmetic in the same order, so Python and
# the page agree on every tick (tests/test_render.py runs both through node when it is there).
TICKS_JS = """
const TL_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const TL_STEPS = __STEPS__;
const TL_YEAR_DAYS = __YEAR_DAYS__;
function tlLeap(y) { return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0); }
function tlDim(y, m) {
  if (m === 2) return tlLeap(y) ? 29 : 28;
  return (m === 4 || m === 6 || m === 9 || m === 11) ? 30 : 31;
}
function tlDiy(y) { return tlLeap(y) ? 366 : 365; }
function tlDoy(y, m, d) { let s = 0; for (let i = 1; i < m; i++) s += tlDim(y, i); return s + d; }
function tlYear(y, ad) { return y <= 0 ? (1 - y) + " BC" : (ad ? "AD " + y : String(y)); }
function tlStepYears(unit, n) {
  return unit === "day" ? n / TL_YEAR_DAYS : unit === "month" ? n / 12 : n;
}
function tlTicks(x0, x1, maxTicks) {
  const vals = [], text = [];
  if (!isFinite(x0) || !isFinite(x1) || x1 < x0) return {vals, text};
  const span = Math.max(x1 - x0, 0), limit = Math.max(maxTicks, 1);
  let [unit, n] = TL_STEPS[TL_STEPS.length - 1];
  for (const [u, k] of TL_STEPS) {
    if (span / tlStepYears(u, k) <= limit) { unit = u; n = k; break; }
  }
  const ad = x0 < 1000;
  if (unit === "year") {
    const ys = new Set();
    for (let k = Math.max(1, Math.ceil((1 - x1) / n)); k <= Math.floor((1 - x0) / n); k++)
      ys.add(1 - k * n);
    for (let k = Math.max(1, Math.ceil(x0 / n)); k <= Math.floor(x1 / n); k++) ys.add(k * n);
    if (x0 <= 1 && 1 <= x1) ys.add(1);
    for (const y of [...ys].sort((a, b) => a - b)) { vals.push(y); text.push(tlYear(y, ad)); }
  } else if (unit === "month") {
    for (let y = Math.floor(x0); y <= Math.floor(x1); y++) {
      const size = tlDiy(y);
      for (let m = 1; m <= 12; m += n) {
        const x = y + (tlDoy(y, m, 1) - 1) / size;
        if (x0 <= x && x <= x1) { vals.push(x); text.push(TL_MONTHS[m - 1] + " " + tlYear(y, ad)); }
      }
    }
  } else {
    let y = Math.floor(x0), index = Math.floor((x0 - y) * tlDiy(y)), m = 1, rest = index;
    while (m < 12 && rest >= tlDim(y, m)) { rest -= tlDim(y, m); m++; }
    let d = rest + 1;
    for (;;) {
      const x = y + (index + 0.5) / tlDiy(y);
      if (x > x1) break;
      if (x >= x0 && (n === 1 || (d <= 28 && (d - 1) % n === 0))) {
        vals.push(x); text.push(d + " " + TL_MONTHS[m - 1] + " " + tlYear(y, ad));
      }
      index++; d++;
      if (d > tlDim(y, m)) { m++; d = 1; if (m > 12) { y++; m = 1; index = 0; } }
    }
  }
  return {vals, text};
}
""".replace("__STEPS__", json.dumps(TICK_STEPS)).replace("__YEAR_DAYS__", repr(YEAR_DAYS))

# Relabel the x axis after zooms, pans, range-slider drags and resizes. Plotly.relayout of
# the ticks fires plotly_relayout again, but only with tick keys, which are ignored here.
RELABEL_JS = """
(function () {
  const gd = document.getElementById("{plot_id}");
  if (!gd || !gd.on) return;
  function relabel() {
    const axis = gd._fullLayout && gd._fullLayout.xaxis;
    if (!axis || !axis.range) return;
    const [a, b] = axis.range.map(Number);
    const width = axis._length || gd.clientWidth;
    const count = Math.max(2, Math.floor(width / __PX_PER_TICK__));
    const t = tlTicks(Math.min(a, b), Math.max(a, b), count);
    Plotly.relayout(gd, {"xaxis.tickvals": t.vals, "xaxis.ticktext": t.text});
  }
  gd.on("plotly_relayout", function (ev) {
    for (const key in ev || {}) {
      if (key.startsWith("xaxis.range") || key === "xaxis.autorange" || key === "autosize"
          || key === "width") { relabel(); return; }
    }
  });
  relabel();
})();
""".replace("__PX_PER_TICK__", str(PX_PER_TICK))


def _customdata(trace: Trace) -> list[str]:
    return [",".join(map(str, ids)) for ids in trace.ids]


def _bar_trace(trace: Trace) -> go.Bar:
    # go.Bar rather than line segments: a bar answers hover anywhere along its length,
    # where a line only answers near its vertices
    approximate = trace.approximate
    return go.Bar(
        name=trace.name,
        orientation="h",
        base=list(trace.x0),
        x=list(trace.widths),
        y=list(trace.y),
        width=list(trace.thickness),
        hovertext=list(trace.hover),
        hoverinfo="text",
        customdata=_customdata(trace),
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


def _point_trace(trace: Trace) -> go.Scatter:
    approximate = trace.approximate
    return go.Scatter(
        name=trace.name,
        mode="markers",
        x=list(trace.centers),
        y=list(trace.y),
        hovertext=list(trace.hover),
        hoverinfo="text",
        customdata=_customdata(trace),
        marker={
            "color": POINT_COLOR,
            # several events on one day share a marker: a bigger one
            "size": [9 + 2 * min(count - 1, 5) for count in trace.count],
            "symbol": "circle-open" if approximate else "circle",
            "opacity": 0.55 if approximate else 0.95,
            "line": {"color": POINT_COLOR if approximate else "white", "width": 1.5},
        },
    )


def figure_height(lane_count: int) -> int:
    return max(440, min(220 + 56 * lane_count, 6000))


def build_figure(chart_data: ChartData, *, title: str) -> go.Figure:
    """The timeline figure: one lane per group on the y axis, decimal years on the x axis."""
    fig = go.Figure()
    fig.update_layout(
        title={"text": html.escape(title), "x": 0.01, "xanchor": "left"},
        template="plotly_white",
        hovermode="closest",
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        margin={"l": 20, "r": 20, "t": 70, "b": 40},
        barmode="overlay",
    )
    if chart_data.empty:
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

    # bars first so the day markers draw on top of the periods they fall in
    for trace in sorted(chart_data.traces, key=lambda t: t.kind != "bar"):
        fig.add_trace(_bar_trace(trace) if trace.kind == "bar" else _point_trace(trace))

    lanes = chart_data.lanes
    y_range = [len(lanes) - 0.5, -0.5]  # reversed: the first lane on top
    x_range = list(chart_data.x_range)
    fig.update_layout(
        height=figure_height(len(lanes)),
        showlegend=True,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        xaxis={
            "type": "linear",
            "range": x_range,
            "tickmode": "array",
            "tickvals": [t.x for t in chart_data.ticks],
            "ticktext": [t.label for t in chart_data.ticks],
            "ticks": "outside",
            "showgrid": True,
            "gridcolor": "#e5e7eb",
            "zeroline": False,
            "showline": True,
            "linecolor": "#9ca3af",
            "rangeslider": {
                "visible": True,
                "range": x_range,
                "thickness": 0.12,
                "bordercolor": "#d1d5db",
                "borderwidth": 1,
                "yaxis": {"rangemode": "fixed", "range": y_range},
            },
        },
        yaxis={
            "type": "linear",
            "range": y_range,
            "tickmode": "array",
            "tickvals": [lane.y for lane in lanes],
            "ticktext": [lane.label for lane in lanes],
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
    return fig


def to_html(
    chart: ChartData, *, title: str = DEFAULT_TITLE, include_plotlyjs: bool | str = True
) -> str:
    """A complete HTML page; ``include_plotlyjs=True`` embeds plotly.js so it works offline."""
    fig = build_figure(chart, title=title)
    page = fig.to_html(
        include_plotlyjs=include_plotlyjs,
        full_html=True,
        # nothing to zoom on an empty chart: no tool bar
        config={**PLOTLY_CONFIG, "displayModeBar": False} if chart.empty else PLOTLY_CONFIG,
        post_script=None if chart.empty else TICKS_JS + RELABEL_JS,
        default_height=f"{fig.layout.height}px",
    )
    # the browser tab and bookmarks show the title too
    return page.replace("<head>", f"<head>\n    <title>{html.escape(title)}</title>", 1)


def write_html(
    events: Iterable[Mapping],
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    group_by: GroupBy = "source",
    include_plotlyjs: bool | str = True,
) -> Path:
    """Write ``events`` (query rows) as an interactive, self-contained HTML timeline."""
    chart = chart_data(events, group_by=group_by)
    target = Path(path)
    target.write_text(
        to_html(chart, title=title or DEFAULT_TITLE, include_plotlyjs=include_plotlyjs),
        encoding="utf-8",
    )
    return target
