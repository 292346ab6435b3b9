"""Draw shaped chart data (:mod:`timeline.present.chart`) as a Plotly figure and a page.

The page embeds plotly.js (no CDN unless asked) so an exported chronology opens offline, years
later. The x axis is numeric decimal years with tick labels from
:func:`timeline.present.chart.ticks`; a small script (:data:`TICKS_JS`, a port of that
function) relabels it on every zoom, since Plotly's own ticks on a numeric axis would read
"2020.5".

Up to :data:`timeline.present.chart.LARGE_MARKS` marks the chart is SVG: bars are ``go.Bar`` and
answer hover along their whole length. Beyond it every mark is WebGL (``go.Scattergl``):
points as markers, bars as thick line segments in one trace (``None`` between segments) with
a hover handle in the middle of each, and a strip of events per period under the lanes, which
is also what the range slider shows (it cannot draw WebGL traces).

Clicking a mark fills a side panel with the full citation of its events, from a JSON table in
the page; the panel sets article text as ``textContent`` only, never as markup.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

import plotly.graph_objects as go
import plotly.io as pio

from timeline.present.chart import (
    MAX_MERGED,
    SENTENCE_CHARS,
    TICK_STEPS,
    WRAP_CHARS,
    YEAR_DAYS,
    BinUnit,
    ChartData,
    GroupBy,
    Histogram,
    Trace,
    chart_data,
    histogram_data,
    histogram_hover,
    zoom_buttons,
)

Kind = Literal["timeline", "histogram"]
KINDS: tuple[Kind, ...] = ("timeline", "histogram")
DEFAULT_TITLE = "Timeline"
PX_PER_TICK = 110  # room for a "21 Jul 2020" label
NO_EVENTS = "No events to show: no event matches the selection."
X_DIGITS = 6  # 1e-6 of a year is half a minute: far finer than a day, and shorter JSON
Y_DIGITS = 4

BAR_COLOR = "#2f6db5"
POINT_COLOR = "#c2410c"
DENSITY_COLOR = "#64748b"
LANE_SHADE = "rgba(15, 23, 42, 0.04)"
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,  # a page scroll should scroll the page, not zoom the chart
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"filename": "timeline", "scale": 2},
}

# Port of timeline.present.chart.ticks: same steps, same arithmetic in the same order, so Python and
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


# A large chart's hover labels, built in the page from its citation table: a port of
# timeline.present.chart.hover_text and _merged_hover (tests/test_render.py runs both through node).
# Lengths count code points, as Python's do. Every piece of text is escaped like html.escape.
HOVER_JS = r"""
const TL_SENTENCE_CHARS = __SENTENCE_CHARS__, TL_WRAP = __WRAP__, TL_MAX_MERGED = __MAX_MERGED__;
const TL_SPECIAL = /[&<>"']/, TL_ASTRAL = /[\uD800-\uDFFF]/;
function tlEsc(s) {
  if (!TL_SPECIAL.test(s)) return s;
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}
// lengths and cuts in code points; plain string operations when there is no surrogate pair
function tlLen(s) { return TL_ASTRAL.test(s) ? Array.from(s).length : s.length; }
function tlSlice(s, a, b) {
  return TL_ASTRAL.test(s) ? Array.from(s).slice(a, b).join("") : s.slice(a, b);
}
function tlTrim(text, limit) {
  if (tlLen(text) <= limit) return text;
  let cut = tlSlice(text, 0, limit - 1);
  const space = cut.lastIndexOf(" ");
  if (space >= 0 && tlLen(cut.slice(0, space)) > Math.floor(limit / 2)) cut = cut.slice(0, space);
  return cut.replace(/[ ,;:]+$/, "") + "\u2026";
}
function tlWrap(text, width) {
  const lines = [];
  let line = "", size = 0;
  for (let word of text.split(" ")) {
    if (!word) continue;
    let n = tlLen(word);
    while (n > width) {
      if (size) { lines.push(line); line = ""; size = 0; }
      lines.push(tlSlice(word, 0, width));
      word = tlSlice(word, width);
      n -= width;
    }
    if (!n) continue;
    if (!size) { line = word; size = n; }
    else if (size + 1 + n <= width) { line += " " + word; size += 1 + n; }
    else { lines.push(line); line = word; size = n; }
  }
  if (size) lines.push(line);
  return lines;
}
function tlLines(text) {
  const lines = tlWrap(text, TL_WRAP);
  return (lines.length ? lines : [""]).map(tlEsc).join("<br>");
}
function tlHover(e, a) {
  const [written, date, sentence] = e;
  const [source, title, published] = a;
  let cite = "<i>" + tlEsc(source) + "</i>";
  if (title) cite += " \u00b7 " + tlLines(tlTrim(title, 120));
  if (published) cite += "<br>published " + tlEsc(published);
  return ["<b>" + tlEsc(tlTrim(written, 80)) + "</b>", tlEsc(date),
          tlLines(tlTrim(sentence, TL_SENTENCE_CHARS)), cite].join("<br>");
}
function tlMergedHover(ids, data) {
  const events = ids.map(id => data.events[id]).filter(Boolean);
  const shown = events.slice(0, TL_MAX_MERGED).map(e => tlHover(e, data.articles[e[3]]));
  const more = events.length - shown.length;
  if (more) shown.push("<i>\u2026 and " + more + " more event" + (more > 1 ? "s" : "") +
                       " here</i>");
  const header = events.length > 1 ? "<b>" + events.length + " events</b><br>" : "";
  return header + shown.join("<br>\u2500\u2500\u2500\u2500\u2500<br>");
}
"""
HOVER_JS = (
    HOVER_JS.replace("__SENTENCE_CHARS__", str(SENTENCE_CHARS))
    .replace("__WRAP__", str(WRAP_CHARS))
    .replace("__MAX_MERGED__", str(MAX_MERGED))
)

# Fill in the labels of the traces flagged with HOVER_META; the chart is ready once they are.
HOVER_META = "tl-hover"
BUILD_HOVER_JS = """
return (function () {
  const gd = document.getElementById("{plot_id}");
  const table = document.getElementById("tl-citations");
  if (!gd || !table) return;
  const data = window.tlCitations || (window.tlCitations = JSON.parse(table.textContent));
  const labels = [], indices = [];
  gd.data.forEach(function (trace, i) {
    if (trace.meta !== "__META__") return;
    indices.push(i);
    labels.push(trace.customdata.map(ids => tlMergedHover(String(ids).split(","), data)));
  });
  if (indices.length) return Plotly.restyle(gd, {hovertext: labels}, indices);
})();
""".replace("__META__", HOVER_META)

# Fill the side panel with the full citation of the clicked mark's events. Article text comes
# from the JSON table and goes in as textContent only: it can show "<script>", never run it.
PANEL_JS = """
(function () {
  const gd = document.getElementById("{plot_id}");
  const table = document.getElementById("tl-citations");
  const body = document.getElementById("tl-panel-body");
  if (!gd || !gd.on || !table || !body) return;
  const data = window.tlCitations || (window.tlCitations = JSON.parse(table.textContent));
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  gd.on("plotly_click", function (ev) {
    const point = ev && ev.points && ev.points[0];
    if (!point || point.customdata == null) return;
    const ids = String(point.customdata).split(",");
    const entries = [];
    for (const id of ids) {
      const e = data.events[id];
      if (!e) continue;
      const [written, date, sentence, articleId] = e;
      const [source, title, published, url] = data.articles[articleId] || ["", "", "", ""];
      const entry = el("article", "tl-entry");
      const when = el("p", "tl-date");
      when.append(el("strong", "", written), document.createTextNode(" · " + date));
      entry.append(when, el("p", "tl-sentence", sentence));
      const cite = el("p", "tl-cite");
      cite.append(el("em", "", source));
      if (title) cite.append(document.createTextNode(", \u201c" + title + "\u201d"));
      cite.append(document.createTextNode(published ? ", published " + published : ", undated"));
      if (url) {
        cite.append(document.createTextNode(", "));
        // only web addresses become links: a javascript: URL stays inert text
        if (/^https?:[/][/]/i.test(url)) {
          const link = el("a", "", url);
          link.href = url;
          link.rel = "noopener noreferrer";
          link.target = "_blank";
          cite.append(link);
        } else {
          cite.append(document.createTextNode(url));
        }
      }
      entry.append(cite);
      entries.push(entry);
    }
    if (!entries.length) return;
    const head = el("p", "tl-count", entries.length + (entries.length > 1 ? " events" : " event"));
    body.replaceChildren(head, ...entries);
  });
})();
"""

# Tells tests and the benchmark that Plotly.newPlot has resolved: the chart is drawn.
# Large charts draw their marks with WebGL. A browser without it (blocked by policy, an old
# GPU, a remote desktop) would show an empty chart: draw the same traces in SVG instead.
NO_WEBGL_JS = """
(function () {
  const gd = document.getElementById("{plot_id}");
  if (!gd || !gd.data || !gd.data.some(function (t) { return t.type === "scattergl"; })) return;
  let webgl = false;
  try {
    const canvas = document.createElement("canvas");
    webgl = !!(window.WebGLRenderingContext &&
               (canvas.getContext("webgl") || canvas.getContext("experimental-webgl")));
  } catch (e) {
    webgl = false;
  }
  if (webgl) return;
  const data = gd.data.map(function (t) {
    return t.type === "scattergl" ? Object.assign({}, t, {type: "scatter"}) : t;
  });
  window.tlRedrawn = Plotly.react(gd, data, gd.layout);
})();
"""

READY_JS = """
Promise.resolve(window.tlRedrawn).then(function () {
  document.body.setAttribute("data-tl-drawn", String(Math.round(performance.now())));
});
"""

PAGE_CSS = """
html, body { margin: 0; background: #fff; color: #1f2937;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
.tl-page { display: flex; flex-wrap: wrap; align-items: flex-start; }
.tl-chart { flex: 1 1 640px; min-width: 0; }
.tl-panel { order: 2; flex: 0 0 22rem; box-sizing: border-box; max-height: 100vh; overflow-y: auto;
  position: sticky; top: 0; padding: 1rem 1.25rem; border-left: 1px solid #e5e7eb;
  font-size: 14px; line-height: 1.45; }
.tl-panel h2 { font-size: 15px; margin: 0 0 0.5rem; }
.tl-hint, .tl-count { color: #6b7280; margin: 0 0 0.5rem; }
.tl-entry { border-top: 1px solid #e5e7eb; padding: 0.6rem 0; }
.tl-entry p { margin: 0 0 0.3rem; }
.tl-cite { color: #4b5563; font-size: 13px; overflow-wrap: anywhere; }
@media (max-width: 900px) {
  .tl-panel { flex-basis: 100%; max-height: none; position: static;
    border-left: 0; border-top: 1px solid #e5e7eb; }
}
"""

PANEL_HTML = """<aside class="tl-panel" aria-live="polite">
<h2>Citation</h2>
<div id="tl-panel-body"><p class="tl-hint">Click a point or a bar to see the full sentence
and its source here.</p></div>
</aside>"""


def _xs(values: Iterable[float]) -> list[float]:
    return [round(v, X_DIGITS) for v in values]


def _ys(values: Iterable[float]) -> list[float]:
    return [round(v, Y_DIGITS) for v in values]


def _customdata(trace: Trace) -> list[str]:
    return [",".join(map(str, ids)) for ids in trace.ids]


def _hover(trace: Trace) -> dict:
    """The labels, or for a large chart the flag that has the page build them (HOVER_JS)."""
    if trace.hover:
        return {"hovertext": list(trace.hover), "hoverinfo": "text"}
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
    or ``longer`` (see :class:`timeline.present.chart.Histogram`). Bins without events are
    left out."""
    counts = {"total": hist.totals, "within": hist.within, "longer": hist.longer}[series]
    names = {
        "total": f"Events per {hist.unit}",
        "within": f"Dated within the {hist.unit}",
        "longer": f"Longer periods, in the {hist.unit} they start",
    }
    shown = [i for i, count in enumerate(counts) if count]
    return go.Bar(
        name=names[series],
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
            "color": BAR_COLOR if series == "within" else DENSITY_COLOR,
            "opacity": 0.5 if series == "longer" else 0.85,
            "line": {"width": 0},
        },
    )


def figure_height(lane_count: int, large: bool = False) -> int:
    return max(440, min(220 + 56 * lane_count + (90 if large else 0), 6000))


def _x_axis(ticks_: Sequence, x_range: Sequence[float], slider_y: dict) -> dict:
    return {
        "type": "linear",
        "range": list(x_range),
        "tickmode": "array",
        "tickvals": [round(t.x, X_DIGITS) for t in ticks_],
        "ticktext": [t.label for t in ticks_],
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


def _zoom_menu(data_end: float, x_range: tuple[float, float]) -> dict:
    """Zoom buttons as a menu setting ``xaxis.range``: Plotly's range selector would need a
    date axis. The relayout they cause relabels the ticks like any other zoom."""
    buttons = [
        {"label": label, "method": "relayout", "args": [{"xaxis.range": _xs(window)}]}
        for label, window in zoom_buttons(data_end, x_range)
    ]
    return {
        "type": "buttons",
        "direction": "left",
        "showactive": True,
        "active": len(buttons) - 1,  # "all" is what the chart first shows
        "x": 0,
        "xanchor": "left",
        "y": 1.02,
        "yanchor": "bottom",
        "pad": {"l": 0, "r": 4, "t": 0, "b": 0},
        "font": {"size": 11},
        "bgcolor": "white",
        "bordercolor": "#d1d5db",
        "buttons": buttons,
    }


def _base_layout(fig: go.Figure, title: str) -> None:
    fig.update_layout(
        title={"text": html.escape(title), "x": 0.01, "xanchor": "left"},
        template="plotly_white",
        hovermode="closest",
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        margin={"l": 20, "r": 20, "t": 90, "b": 40},
        barmode="overlay",
    )


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


def build_figure(chart_data: ChartData, *, title: str) -> go.Figure:
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
        updatemenus=[_zoom_menu(chart_data.data_end, chart_data.x_range)],
        xaxis=_x_axis(chart_data.ticks, chart_data.x_range, slider_y),
        yaxis={
            "type": "linear",
            "domain": lane_domain,
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
                "title": {"text": f"per {chart_data.overview.unit}", "font": {"size": 11}},
            }
        )
    return fig


def build_histogram(hist: Histogram, *, title: str) -> go.Figure:
    """The density view: events per day, month or year, stacked by how precisely dated."""
    fig = go.Figure()
    _base_layout(fig, title)
    if hist.empty:
        return _empty_layout(fig)
    for series in ("within", "longer"):
        counts = hist.within if series == "within" else hist.longer
        if any(counts):
            fig.add_trace(_density_trace(hist, series=series))
    fig.update_layout(
        height=520,
        barmode="stack",
        bargap=0,
        showlegend=True,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        updatemenus=[_zoom_menu(hist.x1[-1], hist.x_range)],
        xaxis=_x_axis(hist.ticks, hist.x_range, {"yaxis": {"rangemode": "auto"}}),
        yaxis={
            "title": {"text": f"events per {hist.unit}"},
            "rangemode": "tozero",
            "fixedrange": True,
            "automargin": True,
        },
    )
    return fig


def _json_for_script(value: object) -> str:
    """JSON that cannot end its ``<script>`` element: ``<``, ``>`` and ``&`` as escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page(
    fig: go.Figure,
    *,
    title: str,
    include_plotlyjs: bool | str,
    empty: bool,
    citations: Mapping | None = None,
    build_hover: bool = False,
) -> str:
    scripts = [] if empty else [NO_WEBGL_JS, TICKS_JS + RELABEL_JS]
    if build_hover:
        scripts.append(HOVER_JS + BUILD_HOVER_JS)
    if citations is not None:
        scripts.append(PANEL_JS)
    scripts.append(READY_JS)
    figure = fig.to_dict()
    if figure["layout"].get("yaxis2"):
        # the overview strip's counts, full height in the range slider too; plotly.js takes
        # one such setting per y axis, plotly.py's schema knows only the first
        figure["layout"]["xaxis"]["rangeslider"]["yaxis2"] = {"rangemode": "auto"}
    plot = pio.to_html(
        figure,
        validate=False,
        include_plotlyjs=include_plotlyjs,
        full_html=False,
        # nothing to zoom on an empty chart: no tool bar
        config={**PLOTLY_CONFIG, "displayModeBar": False} if empty else PLOTLY_CONFIG,
        post_script=scripts,
        default_height=f"{fig.layout.height}px",
        default_width="100%",
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # the browser tab and bookmarks show the title too
        f"<title>{html.escape(title)}</title>",
        f"<style>{PAGE_CSS}</style>",
        "</head>",
        "<body>",
        '<div class="tl-page">',
    ]
    if citations is not None:
        # before the chart (CSS puts it on the right): the plot sizes itself to the room
        # that is left when it is drawn, which is while the page is still being parsed
        parts.append(PANEL_HTML)
    parts.append('<div class="tl-chart">')
    if citations is not None:
        # before the plot: its scripts read the table once the plot is drawn
        parts.append(
            f'<script type="application/json" id="tl-citations">'
            f"{_json_for_script(citations)}</script>"
        )
    parts += [plot, "</div>", "</div>", "</body>", "</html>", ""]
    return "\n".join(parts)


def to_html(
    chart: ChartData, *, title: str = DEFAULT_TITLE, include_plotlyjs: bool | str = True
) -> str:
    """A complete HTML page; ``include_plotlyjs=True`` embeds plotly.js so it works offline.
    A click on a mark shows the full citation of its events in a side panel."""
    fig = build_figure(chart, title=title)
    return _page(
        fig,
        title=title,
        include_plotlyjs=include_plotlyjs,
        empty=chart.empty,
        citations=None if chart.empty else chart.citations,
        build_hover=any(not t.hover for t in chart.traces),
    )


def histogram_html(
    hist: Histogram, *, title: str = DEFAULT_TITLE, include_plotlyjs: bool | str = True
) -> str:
    fig = build_histogram(hist, title=title)
    return _page(fig, title=title, include_plotlyjs=include_plotlyjs, empty=hist.empty)


def write_html(
    events: Iterable[Mapping],
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    group_by: GroupBy = "source",
    include_plotlyjs: bool | str = True,
    kind: Kind = "timeline",
    unit: BinUnit | Literal["auto"] = "auto",
) -> Path:
    """Write ``events`` (query rows) as an interactive, self-contained HTML timeline, or with
    ``kind="histogram"`` as the number of events per ``unit`` (day, month, year, or auto)."""
    rows = list(events)
    if kind == "histogram":
        page = histogram_html(
            histogram_data(rows, unit=unit),
            title=title or DEFAULT_TITLE,
            include_plotlyjs=include_plotlyjs,
        )
    elif kind == "timeline":
        page = to_html(
            chart_data(rows, group_by=group_by),
            title=title or DEFAULT_TITLE,
            include_plotlyjs=include_plotlyjs,
        )
    else:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    target = Path(path)
    target.write_text(page, encoding="utf-8")
    return target
