"""The self-contained HTML page of a chart: its figure, scripts, style and citation table.

The page embeds plotly.js (no CDN unless asked) so an exported chronology opens offline, years
later. The figure comes from :mod:`timeline.present.figure`; the page's scripts, style sheet
and template are files in ``assets/`` (shipped in the package, read once per process):

- ``lod.js`` redraws the event chart for the window's size and on every zoom: which events
  fit, with or without their labels, and the density strip (a port of
  :mod:`timeline.present.placement` and :mod:`timeline.present.lod`);
- ``webgl.js`` redraws a large chart of mentions in SVG where WebGL is missing;
- ``words.js`` fills in the words of present.toml the page's config carries (``TL.words``);
- ``ticks.js`` labels the decimal-year axis (a port of :func:`timeline.present.axis.ticks`:
  Plotly's own ticks would read "2020.5");
- ``hover.js`` builds hover labels from the citation table (a port of
  :mod:`timeline.present.hover`);
- ``panel.js`` shows every report of a clicked mark's events in a side panel, setting
  article text as ``textContent`` only, never as markup;
- ``toolbar.js``: the first view, the whole range, zoom windows, PNG and SVG downloads;
- ``page.js`` runs those jobs once the chart is drawn, then marks the page drawn;
- ``page.html``, ``tools.html`` and ``panel.html``, the page around the plot (a header with
  the title and the tools, the chart filling the rest of the window); ``page.css``, its
  style in a light and a dark theme.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from string import Template
from typing import Literal

import plotly.graph_objects as go
import plotly.io as pio

from timeline.present import placement
from timeline.present.axis import TICK_STEPS, YEAR_DAYS
from timeline.present.chart import ChartData, GroupBy, chart_data
from timeline.present.density import BinUnit, Histogram, histogram_data
from timeline.present.event_figure import PX_PER_TICK, Theme, build_event_figure
from timeline.present.figure import HOVER_META, build_figure, build_histogram
from timeline.present.hover import (
    MAX_CITED,
    MAX_MERGED,
    SENTENCE_CHARS,
    WRAP_CHARS,
    event_hover,
)
from timeline.present.items import chronology_rows
from timeline.present.labels import MONTH_ABBREVIATIONS, UNKNOWN_SOURCE
from timeline.present.lod import (
    BAR_THICKNESS,
    BARE_OPACITY,
    LANES_DOMAIN,
    POINT_OPACITY,
    TAIL_OPACITY,
    TRACES,
    EventChart,
    event_chart,
    geometry,
    margins,
)
from timeline.present.words import present_words

Kind = Literal["timeline", "histogram"]
KINDS: tuple[Kind, ...] = ("timeline", "histogram")
Mode = Literal["events", "mentions", "chronology"]
MODES: tuple[Mode, ...] = ("events", "mentions", "chronology")
DEFAULT_TITLE = "Timeline"
# what the status line counts: a plural of present.toml's [chart]
NOUNS = {"events": "events", "mentions": "mentions", "chronology": "dates"}
# the size the page's first draw is laid out for, before lod.js lays it out for the window
NOMINAL_SIZE = (1400, 840)
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,  # a page scroll should scroll the page, not zoom the chart
    "doubleClick": "reset",  # back to the first view
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toImage"],
}
ASSETS = resources.files("timeline.present") / "assets"


@functools.cache
def asset(name: str) -> str:
    """The text of the asset file ``name`` (``ticks.js``, ``page.css``…), read once."""
    return (ASSETS / name).read_text(encoding="utf-8")


@functools.cache
def _template() -> Template:
    # $title, $css, $panel, $tables and $plot; string.Template does not scan what it puts
    # in, so a "$" in the title or in plotly.js is left alone
    return Template(asset("page.html"))


def script_config(
    plot_id: str, *, title: str = DEFAULT_TITLE, views: Mapping | None = None
) -> dict[str, object]:
    """What the page's scripts share with Python: the plot's id and the constants of the
    JavaScript ports. The page carries it as one inert JSON object, like the citation table
    (``<script type="application/json" id="tl-config">``), which page.js parses into ``TL``.

    Data, not placeholders replaced in the code: the .js files ship exactly as written, so
    what ``node --check`` and a linter read is what runs, no value can break the syntax
    around it, and each constant keeps its one home in Python.
    """
    return {
        "plotId": plot_id,  # the plot's <div>, which every script acts on
        "title": title,  # toolbar.js: the images' title and file name
        "filename": filename(title),
        "views": dict(views or {}),  # toolbar.js: the first view and the whole range
        "months": MONTH_ABBREVIATIONS,  # ticks.js: the axis labels
        "tickSteps": TICK_STEPS,
        "yearDays": YEAR_DAYS,
        "pxPerTick": PX_PER_TICK,
        "sentenceChars": SENTENCE_CHARS,  # hover.js: the hover labels
        "wrapChars": WRAP_CHARS,
        "maxMerged": MAX_MERGED,
        "maxCited": MAX_CITED,
        "unknownSource": UNKNOWN_SOURCE,
        "words": present_words().script_words(),  # words.js: present.toml's formats
        "hoverMeta": HOVER_META,  # the traces whose labels the page builds
        "lod": {  # lod.js: placement.py's and lod.py's constants
            "rowPx": placement.ROW_PX,
            "gapPx": placement.GAP_PX,
            "labelPad": placement.LABEL_PAD,
            "arrowPx": placement.ARROW_PX,
            "barMinPx": placement.BAR_MIN_PX,
            "labelTries": placement.LABEL_TRIES,
            "markTries": placement.MARK_TRIES,
            "maxMarks": placement.MAX_MARKS,
            "stripBinPx": placement.STRIP_BIN_PX,
            "stripMaxBins": placement.STRIP_MAX_BINS,
            "tailOpacity": TAIL_OPACITY,
            "pointOpacity": POINT_OPACITY,
            "bareOpacity": BARE_OPACITY,
            "barThickness": BAR_THICKNESS,
            "lanesDomain": LANES_DOMAIN,
            "traces": [key for key, _ in TRACES],
            "laneEdges": [-0.5, 0.5],  # one lane; _page sets the chart's
        },
    }


def filename(title: str) -> str:
    """A file name for the chart's images: the title's words, or ``timeline``."""
    words = re.findall(r"[\w]+", title.casefold())
    return "-".join(words)[:60].strip("-") or "timeline"


def page_scripts(*, empty: bool, build_hover: bool, panel: bool, lod: bool = False) -> list[str]:
    """The script files a page carries, in order: page.js, which runs the others, last."""
    names = [] if empty else ["webgl.js", "ticks.js"]
    if lod and not empty:
        names.append("lod.js")
    if build_hover or not empty:  # the hover labels; toolbar.js escapes with it too
        names.append("hover.js")
    if panel:
        names.append("panel.js")
    if not empty:
        names.append("toolbar.js")
    # words.js first: the others' words (tlFormat, tlCount)
    return [*(["words.js"] if names else []), *names, "page.js"]


def _json_for_script(value: object) -> str:
    """JSON that cannot end its ``<script>`` element: ``<``, ``>`` and ``&`` as escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _data_block(element_id: str, value: object) -> str:
    """Inert JSON in the page (a script of type application/json never runs)."""
    return f'<script type="application/json" id="{element_id}">{_json_for_script(value)}</script>'


def _page(
    fig: go.Figure,
    *,
    title: str,
    include_plotlyjs: bool | str,
    empty: bool,
    citations: Mapping | None = None,
    build_hover: bool = False,
    items: Mapping | None = None,
    views: Mapping | None = None,
    lane_edges: Sequence[float] = (-0.5, 0.5),
    noun: str = "events",
    theme: Theme = "light",
    status: str = "",
) -> str:
    plot_id = str(uuid.uuid4())  # as plotly would choose it; the config needs it first
    scripts = page_scripts(
        empty=empty, build_hover=build_hover, panel=citations is not None, lod=items is not None
    )
    figure = fig.to_dict()
    layout = figure["layout"]
    # the page's chart fills the room the window leaves it, and follows it (autosize)
    layout.pop("width", None)
    layout.pop("height", None)
    layout["autosize"] = True
    if layout.get("yaxis2") and layout.get("xaxis", {}).get("rangeslider"):
        # the overview strip's counts, full height in the range slider too; plotly.js takes
        # one such setting per y axis, plotly.py's schema knows only the first
        layout["xaxis"]["rangeslider"]["yaxis2"] = {"rangemode": "auto"}
    plot = pio.to_html(
        figure,
        validate=False,
        include_plotlyjs=include_plotlyjs,
        full_html=False,
        # nothing to zoom on an empty chart: no tool bar
        config={**PLOTLY_CONFIG, "displayModeBar": False} if empty else PLOTLY_CONFIG,
        # one post_script, run once the chart is drawn: the files share one scope, where
        # page.js calls the functions the others define
        post_script="\n".join(asset(name) for name in scripts),
        div_id=plot_id,
        default_height="100%",
        default_width="100%",
    )
    config = script_config(plot_id, title=title, views=views)
    config["lod"].update(laneEdges=list(lane_edges), noun=noun)  # type: ignore[attr-defined]
    tables = [_data_block("tl-config", config)]
    if citations is not None:
        tables.append(_data_block("tl-citations", citations))
    if items is not None:
        tables.append(_data_block("tl-items", items))
    return _template().substitute(
        title=html.escape(title),  # the browser tab and bookmarks show the title too
        theme=theme,
        status=html.escape(status),
        css=asset("page.css"),
        tools="" if empty else asset("tools.html"),
        # before the chart (CSS puts it on the right): the chart's scripts run as soon as it
        # is drawn, which is while the rest of the page is still being read
        panel=asset("panel.html") if citations is not None else "",
        # before the plot: its scripts read them once the plot is drawn
        tables="".join(table + "\n" for table in tables),
        plot=plot,
    )


def items_table(chart: EventChart) -> dict[str, object]:
    """The items as the page's lod.js reads them: columns, most important first, and every
    item's start and length for the density strip."""
    items = chart.items.items
    kinds = {"point": 0, "bar": 1, "open": 2}
    return {
        "items": {
            "id": [i.id for i in items],
            "lane": [i.lane for i in items],
            "kind": [kinds[i.kind] for i in items],
            "approx": [int(i.approximate) for i in items],
            "x0": [i.x0 for i in items],
            "x1": [i.x1 for i in items],
            "open": [i.open for i in items],
            # no labels: page.js takes them from the citation table (they are its first field)
            "labelPx": [i.label_px for i in items],
            "size": [i.size for i in items],
        },
        "strip": {"starts": chart.strip_starts, "spans": chart.strip_spans},
    }


def placed_hover(chart: EventChart, width: int, height: int) -> dict[str, str]:
    """Hover labels of the marks a first draw of ``width`` × ``height`` shows."""
    margin = margins(chart, title=False)
    g = geometry(
        chart,
        chart.first_view,
        width - margin["l"] - margin["r"],
        height - margin["t"] - margin["b"],
    )
    citations = chart.items.citations
    shown = placement.place(chart.items.items, g)
    ids = [chart.items.items[i].id for i in shown.index]
    return {i: event_hover(citations["events"][i], citations["articles"]) for i in ids}


def event_html(
    chart: EventChart,
    *,
    title: str = DEFAULT_TITLE,
    include_plotlyjs: bool | str = True,
    theme: Theme = "light",
) -> str:
    """The event chart as a complete HTML page (plotly.js embedded unless asked otherwise):
    laid out for a nominal size first, then by the page for the window and every zoom."""
    width, height = NOMINAL_SIZE
    fig = build_event_figure(
        chart,
        width=width,
        height=height,
        theme=theme,
        hover=None if chart.empty else placed_hover(chart, width, height),
    )
    count = chart.items.event_count
    noun = NOUNS[chart.what]
    words = present_words().chart
    status = words[noun](count, count=f"{count:,}")
    if chart.items.undrawn:
        status += " " + words["undrawn"].format(count=chart.items.undrawn)
    return _page(
        fig,
        title=title,
        include_plotlyjs=include_plotlyjs,
        empty=chart.empty,
        citations=None if chart.empty else chart.items.citations,
        items=None if chart.empty else items_table(chart),
        views={"first": chart.first_view, "all": chart.full_range},
        lane_edges=chart.lane_edges,
        noun=noun,
        theme=theme,
        status=status,
    )


def to_html(
    chart: ChartData, *, title: str = DEFAULT_TITLE, include_plotlyjs: bool | str = True
) -> str:
    """The chart of every mention (``render --mentions``) as a complete HTML page; a click
    on a mark shows the full citation of its events in a side panel."""
    fig = build_figure(chart, title=None)
    return _page(
        fig,
        title=title,
        include_plotlyjs=include_plotlyjs,
        empty=chart.empty,
        citations=None if chart.empty else chart.citations,
        build_hover=any(not t.hover for t in chart.traces),
        views={"first": chart.first_view, "all": chart.x_range},
    )


def histogram_html(
    hist: Histogram, *, title: str = DEFAULT_TITLE, include_plotlyjs: bool | str = True
) -> str:
    fig = build_histogram(hist, title=None)
    return _page(
        fig,
        title=title,
        include_plotlyjs=include_plotlyjs,
        empty=hist.empty,
        views={"first": hist.first_view, "all": hist.x_range},
    )


def shaped_chart(
    rows: list[Mapping] | object, *, group_by: GroupBy = "source", mode: Mode = "events"
) -> EventChart:
    """The event chart of ``rows``: event rows, mention rows, or with ``mode="chronology"``
    a :class:`timeline.chronology.Chronology` (one lane: its dates)."""
    if mode == "chronology":
        return event_chart(chronology_rows(rows), group_by="none", what="chronology")
    return event_chart(rows, group_by=group_by, what=mode)  # type: ignore[arg-type]


def write_html(
    events: Iterable[Mapping] | object,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    group_by: GroupBy = "source",
    include_plotlyjs: bool | str = True,
    kind: Kind = "timeline",
    unit: BinUnit | Literal["auto"] = "auto",
    mode: Mode = "events",
    theme: Theme = "light",
) -> Path:
    """Write an interactive, self-contained HTML page: the events (one mark per event; with
    ``mode="mentions"`` every mention, the chart before events; with ``"chronology"`` the
    dates of a chronology), or with ``kind="histogram"`` the number of events per ``unit``
    (day, month, year, or auto)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    title = title or DEFAULT_TITLE
    if kind == "histogram":
        rows = list(events)  # type: ignore[call-overload]
        page = histogram_html(
            histogram_data(rows, unit=unit), title=title, include_plotlyjs=include_plotlyjs
        )
    elif kind == "timeline" and mode == "mentions":
        page = to_html(
            chart_data(list(events), group_by=group_by),  # type: ignore[call-overload]
            title=title,
            include_plotlyjs=include_plotlyjs,
        )
    elif kind == "timeline":
        rows = events if mode == "chronology" else list(events)  # type: ignore[call-overload]
        page = event_html(
            shaped_chart(rows, group_by=group_by, mode=mode),
            title=title,
            include_plotlyjs=include_plotlyjs,
            theme=theme,
        )
    else:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    target = Path(path)
    target.write_text(page, encoding="utf-8")
    return target
