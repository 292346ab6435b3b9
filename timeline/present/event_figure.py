"""The event chart (:mod:`timeline.present.lod`) drawn as a Plotly figure, for one view and
plot size: the page's first draw (which ``assets/lod.js`` then redoes at the window's size
and on every zoom) and the static image (``timeline render -o chart.png``).

Every trace is there from the start, empty if need be, in a fixed order and tagged with
``meta`` (``tl-bars``, ``tl-points``…) so that the page can fill it again; the legend lists
the kinds of mark the chart has at any zoom, not only those of the first view.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

import plotly.graph_objects as go

from timeline.present.axis import ticks
from timeline.present.hover import no_tex
from timeline.present.items import FONT_PX
from timeline.present.lod import (
    LANE_FONT_PX,
    LANES_DOMAIN,
    STRIP_DOMAIN,
    TRACES,
    EventChart,
    frame,
    geometry,
    margins,
)
from timeline.present.words import present_words

Theme = Literal["light", "dark"]
THEMES: tuple[Theme, ...] = ("light", "dark")
FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"  # items.text_px's metrics
PX_PER_TICK = 110  # room for a "21 Jul 2020" label
X_DIGITS = 6


@dataclass(frozen=True, slots=True)
class Palette:
    paper: str
    text: str
    muted: str
    grid: str
    axis: str
    shade: str
    bar: str
    point: str
    open: str
    strip: str
    strip_longer: str
    hover: str


PALETTES: dict[Theme, Palette] = {
    "light": Palette(
        paper="#ffffff",
        text="#1f2937",
        muted="#6b7280",
        grid="#e5e7eb",
        axis="#9ca3af",
        shade="rgba(15, 23, 42, 0.035)",
        bar="#2f6db5",
        point="#c2410c",
        open="#7c3aed",
        strip="#64748b",
        strip_longer="#cbd5e1",
        hover="#ffffff",
    ),
    "dark": Palette(
        paper="#111827",
        text="#e5e7eb",
        muted="#9ca3af",
        grid="#1f2937",
        axis="#4b5563",
        shade="rgba(255, 255, 255, 0.04)",
        bar="#60a5fa",
        point="#fb923c",
        open="#c4b5fd",
        strip="#94a3b8",
        strip_longer="#475569",
        hover="#1f2937",
    ),
}


def palette(theme: Theme) -> Palette:
    if theme not in PALETTES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    return PALETTES[theme]


def _xs(values: list) -> list:
    return [round(v, X_DIGITS) for v in values]


def _traces(chart: EventChart, data: dict, colors: Palette) -> list:
    """Every trace of :data:`lod.TRACES`, in order, filled from a frame."""
    shown = chart.kinds()
    strip = data["strip"]
    counted = present_words().hover["events"]  # "1 event", "3 events"; lod.js's tlStripHover then
    out: list = []
    for key, name in TRACES:
        t = data.get(key, {})
        common = {"name": name, "meta": f"tl-{key}", "showlegend": False}
        legend = {"showlegend": key in shown, "legendgroup": key}
        if key in ("strip", "strip~"):
            counts = strip["within"] if key == "strip" else strip["longer"]
            out.append(
                go.Bar(
                    **common,
                    x=_xs(strip["x"]),
                    width=strip["width"],
                    y=counts,
                    base=None if key == "strip" else strip["within"],
                    yaxis="y2",
                    hoverinfo="text",
                    hovertext=[counted(c) for c in counts],
                    marker={
                        "color": colors.strip if key == "strip" else colors.strip_longer,
                        "line": {"width": 0},
                    },
                )
            )
        elif key in ("bars", "bars~"):
            approximate = key == "bars~"
            out.append(
                go.Bar(
                    **{**common, **legend},
                    orientation="h",
                    base=_xs(t["base"]),
                    x=_xs(t["x"]),
                    y=t["y"],
                    width=t["width"],
                    customdata=t["customdata"],
                    hoverinfo="text",
                    marker={
                        "color": colors.bar,
                        "opacity": 0.3 if approximate else 0.42,
                        # the outline keeps a one-day bar visible on a century-wide axis
                        "line": {"color": colors.bar, "width": 1},
                        "pattern": {"shape": "/", "fgcolor": colors.bar, "solidity": 0.35}
                        if approximate
                        else {"shape": ""},
                    },
                )
            )
        elif key == "tails":
            out.append(
                go.Bar(
                    **{**common, **legend},
                    orientation="h",
                    base=_xs(t["base"]),
                    x=_xs(t["x"]),
                    y=t["y"],
                    width=t["width"],
                    customdata=t["customdata"],
                    hoverinfo="text",
                    marker={"color": colors.open, "opacity": t["opacity"], "line": {"width": 0}},
                )
            )
        elif key == "ends":
            out.append(
                go.Scatter(
                    **common,
                    mode="markers",
                    x=_xs(t["x"]),
                    y=t["y"],
                    customdata=t["customdata"],
                    hoverinfo="text",
                    marker={
                        "color": colors.open,
                        "symbol": t["symbol"],
                        "opacity": t["opacity"],
                        "size": 12,
                        "line": {"color": colors.open, "width": 2},
                    },
                )
            )
        elif key in ("points", "points~"):
            approximate = key == "points~"
            out.append(
                go.Scatter(
                    **{**common, **legend},
                    mode="markers+text",
                    x=_xs(t["x"]),
                    y=t["y"],
                    customdata=t["customdata"],
                    # article text: Plotly reads text as (a subset of) HTML
                    text=[no_tex(html.escape(text)) for text in t["text"]],
                    textposition=t["textposition"],
                    textfont={"size": FONT_PX, "color": colors.text, "family": FONT_FAMILY},
                    hoverinfo="text",
                    marker={
                        "color": colors.point,
                        "size": t["size"],
                        "symbol": "circle-open" if approximate else "circle",
                        "opacity": t["opacity"],
                        # a rim sets apart markers that touch
                        "line": {
                            "color": colors.point if approximate else colors.paper,
                            "width": 1.5 if approximate else 1,
                        },
                    },
                )
            )
        else:  # labels of periods and open-ended dates
            out.append(
                go.Scatter(
                    **common,
                    mode="text",
                    x=_xs(t["x"]),
                    y=t["y"],
                    text=[no_tex(html.escape(text)) for text in t["text"]],
                    textposition=t["textposition"],
                    textfont={"size": FONT_PX, "color": colors.text, "family": FONT_FAMILY},
                    hoverinfo="skip",
                )
            )
    return out


def build_event_figure(
    chart: EventChart,
    *,
    title: str | None = None,
    width: int = 1400,
    height: int = 860,
    view: tuple[float, float] | None = None,
    theme: Theme = "light",
    hover: dict[str, str] | None = None,
) -> go.Figure:
    """The chart for a ``width`` × ``height`` figure showing ``view`` (default: the first
    view). ``title`` goes in the figure (a static image); the page shows it above instead.
    ``hover`` maps event ids to hover labels, for the marks that have them."""
    colors = palette(theme)
    margin = margins(chart, title=bool(title))
    fig = go.Figure()
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 12, "color": colors.text},
        paper_bgcolor=colors.paper,
        plot_bgcolor=colors.paper,
        margin=margin,
        hovermode="closest",
        hoverlabel={"align": "left", "bgcolor": colors.hover, "font": {"size": 12}},
        barmode="overlay",
        dragmode="zoom",
    )
    if title:
        fig.update_layout(
            title={
                "text": no_tex(html.escape(title)),
                "x": 0,
                "xref": "paper",
                "y": 1,
                "yref": "container",
                "yanchor": "top",
                "pad": {"t": 14},
                "font": {"size": 18},
            }
        )
    if chart.empty:
        return _empty(fig, width, height)
    shown = view or chart.first_view
    plot_width = width - margin["l"] - margin["r"]
    plot_height = height - margin["t"] - margin["b"]
    g = geometry(chart, shown, plot_width, plot_height)
    data = frame(chart, g)
    fig.add_traces(_traces(chart, data, colors))
    if hover:
        for trace in fig.data:
            if trace.customdata is not None and trace.hoverinfo == "text":
                trace.hovertext = [no_tex(hover.get(str(i), "")) for i in trace.customdata]
    lanes = chart.items.lanes
    edges = chart.lane_edges
    axis_ticks = ticks(*shown, max_ticks=max(2, int(plot_width // PX_PER_TICK)))
    fig.update_layout(
        width=width,
        height=height,
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "bottom",
            "font": {"size": 11},
            "itemclick": False,  # every kind stays drawn: a hidden kind would read as none
            "itemdoubleclick": False,
        },
        xaxis={
            "type": "linear",
            "range": list(shown),
            "tickmode": "array",
            "tickvals": [round(t.x, X_DIGITS) for t in axis_ticks],
            "ticktext": [t.label for t in axis_ticks],
            "ticks": "outside",
            "showgrid": True,
            "gridcolor": colors.grid,
            "zeroline": False,
            "showline": True,
            "linecolor": colors.axis,
            "anchor": "y2",
        },
        yaxis={
            "domain": list(LANES_DOMAIN),
            "range": [edges[-1], edges[0]],  # reversed: the first lane on top
            "tickmode": "array",
            "tickvals": [(a + b) / 2 for a, b in zip(edges, edges[1:], strict=False)],
            "ticktext": [no_tex(html.escape(lane.label)) for lane in lanes],
            "showticklabels": len(lanes) > 1,
            "tickfont": {"size": LANE_FONT_PX},
            "fixedrange": True,  # zoom in time only; the lanes stay put
            "showgrid": False,
            "zeroline": False,
        },
        yaxis2={
            "domain": list(STRIP_DOMAIN),
            "anchor": "x",
            "fixedrange": True,
            "rangemode": "tozero",
            "nticks": 3,
            "showgrid": False,
            "zeroline": False,
            "showticklabels": False,
        },
        shapes=[
            {
                "type": "rect",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": edges[i],
                "y1": edges[i + 1],
                "fillcolor": colors.shade,
                "line": {"width": 0},
                "layer": "below",
            }
            for i in range(1, len(lanes), 2)  # every other lane shaded, to follow a lane
        ],
    )
    return fig


def _empty(fig: go.Figure, width: int, height: int) -> go.Figure:
    fig.update_layout(
        width=width,
        height=height,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": present_words().chart["no_events"],
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 18},
            }
        ],
    )
    return fig
