"""The self-contained HTML page of a chart: its figure, scripts, style and citation table.

The page embeds plotly.js (no CDN unless asked) so an exported chronology opens offline, years
later. The figure comes from :mod:`timeline.present.figure`; the page's scripts, style sheet
and template are files in ``assets/`` (shipped in the package, read once per process):

- ``webgl.js`` redraws a large chart in SVG where WebGL is missing;
- ``ticks.js`` relabels the decimal-year axis on every zoom (a port of
  :func:`timeline.present.axis.ticks`: Plotly's own ticks would read "2020.5");
- ``hover.js`` builds a large chart's hover labels from the citation table (a port of
  :mod:`timeline.present.hover`);
- ``panel.js`` shows the full citation of a clicked mark's events in a side panel, setting
  article text as ``textContent`` only, never as markup;
- ``page.js`` runs those jobs once the chart is drawn, then marks the page drawn;
- ``page.html`` and ``panel.html``, the page around the plot; ``page.css``, its style.
"""

from __future__ import annotations

import functools
import html
import json
import os
import uuid
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from string import Template
from typing import Literal

import plotly.graph_objects as go
import plotly.io as pio

from timeline.present.axis import TICK_STEPS, YEAR_DAYS
from timeline.present.chart import ChartData, GroupBy, chart_data
from timeline.present.density import BinUnit, Histogram, histogram_data
from timeline.present.figure import HOVER_META, build_figure, build_histogram
from timeline.present.hover import MAX_MERGED, SENTENCE_CHARS, WRAP_CHARS
from timeline.present.labels import MONTH_ABBREVIATIONS

Kind = Literal["timeline", "histogram"]
KINDS: tuple[Kind, ...] = ("timeline", "histogram")
DEFAULT_TITLE = "Timeline"
PX_PER_TICK = 110  # room for a "21 Jul 2020" label
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,  # a page scroll should scroll the page, not zoom the chart
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"filename": "timeline", "scale": 2},
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


def script_config(plot_id: str) -> dict[str, object]:
    """What the page's scripts share with Python: the plot's id and the constants of the
    JavaScript ports. The page carries it as one inert JSON object, like the citation table
    (``<script type="application/json" id="tl-config">``), which page.js parses into ``TL``.

    Data, not placeholders replaced in the code: the .js files ship exactly as written, so
    what ``node --check`` and a linter read is what runs, no value can break the syntax
    around it, and each constant keeps its one home in Python.
    """
    return {
        "plotId": plot_id,  # the plot's <div>, which every script acts on
        "months": MONTH_ABBREVIATIONS,  # ticks.js: the axis labels
        "tickSteps": TICK_STEPS,
        "yearDays": YEAR_DAYS,
        "pxPerTick": PX_PER_TICK,
        "sentenceChars": SENTENCE_CHARS,  # hover.js: a large chart's hover labels
        "wrapChars": WRAP_CHARS,
        "maxMerged": MAX_MERGED,
        "hoverMeta": HOVER_META,  # the traces whose labels the page builds
    }


def page_scripts(*, empty: bool, build_hover: bool, panel: bool) -> list[str]:
    """The script files a page carries, in order: page.js, which runs the others, last."""
    names = [] if empty else ["webgl.js", "ticks.js"]
    if build_hover:
        names.append("hover.js")
    if panel:
        names.append("panel.js")
    return [*names, "page.js"]


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
) -> str:
    plot_id = str(uuid.uuid4())  # as plotly would choose it; the config needs it first
    scripts = page_scripts(empty=empty, build_hover=build_hover, panel=citations is not None)
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
        # one post_script, run once the chart is drawn: the files share one scope, where
        # page.js calls the functions the others define
        post_script="\n".join(asset(name) for name in scripts),
        div_id=plot_id,
        default_height=f"{fig.layout.height}px",
        default_width="100%",
    )
    tables = [_data_block("tl-config", script_config(plot_id))]
    if citations is not None:
        tables.append(_data_block("tl-citations", citations))
    return _template().substitute(
        title=html.escape(title),  # the browser tab and bookmarks show the title too
        css=asset("page.css"),
        # before the chart (CSS puts it on the right): the plot sizes itself to the room
        # that is left when it is drawn, which is while the page is still being parsed
        panel=asset("panel.html") if citations is not None else "",
        # before the plot: its scripts read them once the plot is drawn
        tables="".join(table + "\n" for table in tables),
        plot=plot,
    )


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
