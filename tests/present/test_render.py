"""The Plotly figure and the self-contained HTML page."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess

import plotly.graph_objects as go
import pytest

from timeline.calendar import day_number, iso
from timeline.present.axis import ticks
from timeline.present.chart import LARGE_MARKS, chart_data
from timeline.present.density import histogram_data
from timeline.present.figure import NO_EVENTS, build_figure, build_histogram
from timeline.present.hover import citation_table, merged_hover
from timeline.present.render import ASSETS, asset, script_config, to_html, write_html

from helpers import event_row

D = day_number
XSS_SENTENCE = "Iran fired missiles on January 8. <script>alert('xss')</script>"
XSS_TITLE = "<img src=x onerror=alert(1)> Missiles"


def event(id: int, lower: int, upper: int | None = None, **fields) -> dict:
    return event_row(id, lower, upper, **{"expression": "January 8", **fields})


def seed_events() -> list[dict]:
    return [
        event(
            1,
            D(1980, 1, 1),
            D(1988, 12, 31),
            value="1980/1988",
            granularity="year",
            expression="from 1980 to 1988",
        ),  # fmt: skip
        event(
            2,
            D(2019, 10, 1),
            D(2019, 12, 31),
            value="2019",
            mod="LATE",
            granularity="year",
            expression="late 2019",
            source="AP",
            article_id=2,
        ),  # fmt: skip
        event(3, D(2020, 1, 3), expression="January 3"),
        event(
            4,
            D(2020, 1, 8),
            sentence=XSS_SENTENCE,
            title=XSS_TITLE,
            source="Al Jazeera",
            article_id=3,
        ),  # fmt: skip
        event(5, D(2020, 6, 1), mod="APPROX", source="AP", article_id=2, expression="about June"),
        event(
            6,
            D(2003, 1, 1),
            D(2003, 12, 31),
            mod="APPROX",
            value="2003",
            granularity="year",
            expression="around 2003",
            source="AP",
            article_id=2,
        ),  # fmt: skip
    ]


def bce_events() -> list[dict]:
    return [
        event(1, D(-43, 3, 15), expression="the Ides of March", source="Plutarch"),
        event(2, D(79, 8, 24), expression="24 August AD 79", source="Pliny"),
    ]


# the figure ------------------------------------------------------------------------------


def test_figure_has_bars_points_lanes_ticks_and_a_range_slider():
    fig = build_figure(chart_data(seed_events()), title="Iran & Iraq <2020>")
    assert isinstance(fig, go.Figure)
    kinds = {(type(t).__name__, t.name) for t in fig.data}
    assert kinds == {
        ("Bar", "Periods"),
        ("Bar", "Periods (approximate)"),
        ("Scatter", "Days"),
        ("Scatter", "Days (approximate)"),
    }
    bar = next(t for t in fig.data if t.name == "Periods")
    assert bar.orientation == "h"
    i = list(bar.customdata).index("1")
    assert bar.base[i] == 1980.0 and bar.x[i] == pytest.approx(9.0)
    approximate = next(t for t in fig.data if t.name == "Periods (approximate)")
    assert approximate.marker.opacity < bar.marker.opacity
    assert approximate.marker.pattern.shape == "/"
    assert next(t for t in fig.data if t.name == "Days (approximate)").marker.symbol == (
        "circle-open"
    )
    layout = fig.layout
    assert list(layout.yaxis.ticktext) == ["Al Jazeera", "AP", "Reuters"]
    assert list(layout.yaxis.range) == [2.5, -0.5]  # first lane on top
    assert layout.xaxis.type == "linear" and layout.xaxis.rangeslider.visible
    assert layout.xaxis.ticktext[0] == "1980" and layout.xaxis.ticktext[-1] == "2020"
    assert layout.title.text == "Iran &amp; Iraq &lt;2020&gt;"


def test_figure_uses_one_trace_per_kind_however_many_events():
    events = [event(i, D(2000, 1, 1) + i * 3, source=f"source {i % 40}") for i in range(3000)]
    events += [
        event(10_000 + i, D(2000, 1, 1) + i * 5, D(2000, 1, 1) + i * 5 + 40) for i in range(1000)
    ]
    fig = build_figure(chart_data(events, group_by="source"), title="Many")
    assert len(fig.data) == 2
    assert len(fig.layout.yaxis.tickvals) == 41  # and Reuters


def test_empty_figure_says_so():
    fig = build_figure(chart_data([]), title="Nothing")
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == NO_EVENTS


# the page --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("render") / "chart.html"
    write_html(seed_events(), path, title="Iran <b>& Iraq</b>")
    return path.read_text(encoding="utf-8")


def test_page_embeds_plotly_js_and_loads_nothing_from_the_network(page):
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert len(page) > 1_000_000  # the plotly.js bundle itself
    assert "Plotly.newPlot" in page
    assert re.search(r"<script[^>]*\bsrc=", page) is None
    assert re.search(r"<link[^>]*\bhref=", page) is None


def split_page(page: str) -> tuple[str, str]:
    """(the citation table's JSON, the rest of the page less its inert JSON data blocks)."""
    match = re.search(r'<script type="application/json" id="tl-citations">(.*?)</script>', page)
    assert match, "no citation table"
    rest = re.sub(r'<script type="application/json" id="tl-items">.*?</script>', "", page)
    return match.group(1), rest.replace(match.group(0), "")


def test_page_escapes_article_text(page):
    table, rest = split_page(page)
    # plotly's JSON writes "/" as \u002f
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;\\u002fscript&gt;" in rest
    assert "&lt;img src=x onerror=alert(1)&gt;" in rest
    # raw tags never reach the chart's data, neither as text nor JSON-escaped (which the
    # browser would decode back into markup for the hover label)
    for raw in ("<script>alert", "<img src=x", "\\u003cscript\\u003ealert", "\\u003cimg"):
        assert raw not in rest
    assert page.count("<script") == page.count("</script>")  # nothing broke out of a block


def test_citation_table_is_inert_json_of_the_plain_text(page):
    table, _ = split_page(page)
    # "<", ">" and "&" are JSON escapes, so the table cannot end its script element
    assert "<" not in table and ">" not in table and "&" not in table
    data = json.loads(table)
    # plain text (the panel sets it as textContent): the markup as the article wrote it
    assert data["events"]["4"][3] == [["3", XSS_SENTENCE, "January 8"]]
    assert data["articles"]["3"] == ["Al Jazeera", XSS_TITLE, "2020-07-22", ""]
    assert data["events"]["1"][1:3] == [
        "1980 – 1988",
        "1980/1988 · 1980-01-01 – 1988-12-31 · year",
    ]
    # the page's own scripts never turn text into markup
    for script in ASSETS.iterdir():
        if script.name.endswith(".js"):
            text = script.read_text(encoding="utf-8")
            assert "innerHTML" not in text and "insertAdjacentHTML" not in text, script.name


def test_page_has_the_citation_panel_and_the_tools(page):
    assert 'class="tl-panel"' in page and 'id="tl-panel-body"' in page and "plotly_click" in page
    for tool in ('data-tl-view="first"', 'data-tl-view="all"', 'data-tl-image="png"',
                 'data-tl-image="svg"', 'data-tl-window="1"'):  # fmt: skip
        assert tool in page
    assert "data-tl-drawn" in page  # the mark tests and the benchmark wait for


def test_page_title_is_escaped(page):
    assert "<title>Iran &lt;b&gt;&amp; Iraq&lt;/b&gt;</title>" in page


def test_page_relabels_ticks_on_zoom(page):
    assert "function tlTicks" in page and "plotly_relayout" in page


def test_page_config_is_inert_json_naming_the_plot(page):
    match = re.search(r'<script type="application/json" id="tl-config">(.*?)</script>', page)
    assert match, "no config"
    config = json.loads(match.group(1))
    assert f'id="{config["plotId"]}"' in page and 'class="plotly-graph-div"' in page
    expected = script_config(config["plotId"], title="Iran <b>& Iraq</b>", views=config["views"])
    edges = config["lod"]["laneEdges"]  # three lanes, their heights by their events
    assert len(edges) == 4 and edges[0] == -0.5 and edges[-1] == 2.5 and edges == sorted(edges)
    expected["lod"].update(laneEdges=edges, noun="events")
    assert config == json.loads(json.dumps(expected))
    assert config["filename"] == "iran-b-iraq-b"
    # the first view holds the 2020 events, "all" every event whole (1980 – 1988 too)
    first, whole = config["views"]["first"], config["views"]["all"]
    assert 2019 < first[0] < 2020.05 and 2020.4 < first[1] < 2021
    assert whole[0] < 1980 and whole[1] > 2020.4
    assert config["months"][0] == "Jan" and config["pxPerTick"] > 0


def test_empty_page_is_valid_and_says_no_events(tmp_path):
    path = write_html([], tmp_path / "empty.html")
    text = path.read_text(encoding="utf-8")
    assert NO_EVENTS in text and "Plotly.newPlot" in text
    assert "<title>Timeline</title>" in text


def test_group_by_and_cdn_options(tmp_path):
    for group_by in ("source", "article", "none"):
        path = write_html(seed_events(), tmp_path / f"{group_by}.html", group_by=group_by)
        assert path.stat().st_size > 1_000_000
    small = write_html(bce_events(), tmp_path / "cdn.html", include_plotlyjs="cdn")
    assert small.stat().st_size < 100_000
    with pytest.raises(ValueError, match="group_by"):
        write_html(seed_events(), tmp_path / "x.html", group_by="publisher")  # type: ignore[arg-type]


def test_to_html_without_plotly_js():
    text = to_html(chart_data(bce_events()), title="Rome", include_plotlyjs=False)
    assert len(text) < 100_000
    assert "40 BC" in text and "AD 80" in text


# the page's tick script agrees with Python ----------------------------------------------

RANGES = [
    (2020.55, 2020.553, 10),
    (2020.5, 2020.52, 10),
    (2020.0, 2020.16, 10),
    (2020.0, 2021.0, 12),
    (2019.45, 2020.7, 8),
    (1978.4, 2022.6, 10),
    (-106.1, 86.8, 10),
    (-43.2, -42.6, 7),
    (-3200, 2100, 12),
    (-9999.5, 10000.2, 10),
    (0.2, 1.3, 9),
    (-0.01, 0.02, 12),
]


def port(*names: str) -> str:
    """Asset scripts as node runs them: after the config the page would give them, and
    words.js, which fills in their words."""
    config = f"const TL = {json.dumps(script_config('tl-test'))};\n"
    return config + "\n".join(asset(name) for name in ("words.js", *names))


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_ticks_match_python():
    script = port("ticks.js") + f"\nconsole.log(JSON.stringify({json.dumps(RANGES)}.map("
    script += "([a, b, n]) => tlTicks(a, b, n))));"
    result = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, check=True, timeout=60
    )
    for (x0, x1, n), js in zip(RANGES, json.loads(result.stdout), strict=True):
        py = ticks(x0, x1, n)
        assert js["text"] == [t.label for t in py], (x0, x1)
        assert js["vals"] == pytest.approx([t.x for t in py], abs=1e-12)


# the page's hover labels of a large chart agree with Python -----------------------------

NASTY = ["a", "b", " ", "  ", "&", "<", ">", "'", '"', "😀", "é", "x" * 90, ",", ";", ":",
         "\u00a0", "\n", "ab" * 40, "日本", "<script>"]  # fmt: skip


def nasty_events(count: int, seed: int = 3) -> list[dict]:
    """Events whose text has entities, quotes, markup, astral characters and long words."""
    rng = random.Random(seed)

    def text(limit: int) -> str:
        return "".join(rng.choice(NASTY) for _ in range(rng.randint(0, limit)))

    events, articles = [], {}
    for i in range(count):
        lower = rng.randint(D(1990, 1, 1), D(2020, 1, 1))
        article = rng.randint(1, 30)
        # an article's fields are the same on each of its events, as the query gives them
        fields = articles.setdefault(
            article,
            {"title": text(60), "source": rng.choice([text(10), None, ""]),
             "published": rng.choice(["2020-01-01", None])},
        )  # fmt: skip
        events.append(
            event(
                i + 1,
                lower,
                lower + rng.choice([0, 0, 30, 365]),
                article_id=article,
                mod=rng.choice([None, "LATE", "APPROX"]),
                value=rng.choice([iso(lower), ""]),
                expression=text(30),
                sentence=text(120),
                **fields,
            )  # fmt: skip
        )
    return events


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_hover_labels_match_python():
    events = nasty_events(400)
    rng = random.Random(5)
    marks, i = [], 0
    while i < len(events):  # marks of one to six events, as merged marks are
        size = rng.randint(1, 6)
        marks.append(events[i : i + size])
        i += size
    table = citation_table(events)
    script = port("hover.js") + (
        "\nconst input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "\nconsole.log(JSON.stringify(input.marks.map(ids => tlMergedHover(ids, input.table))));"
    )
    result = subprocess.run(
        ["node", "-e", script],
        input=json.dumps({"table": table, "marks": [[str(e["id"]) for e in m] for m in marks]}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    expected = [
        merged_hover([table["events"][str(e["id"])] for e in m], table["articles"]) for m in marks
    ]
    assert json.loads(result.stdout) == expected


# a large chart --------------------------------------------------------------------------


def many_events(count: int) -> list[dict]:
    start = D(2000, 1, 1)
    points = [event(i + 1, start + i, source=f"source {i % 7}") for i in range(count)]
    bars = [
        event(count + i + 1, start + 3 * i, start + 3 * i + 40, granularity="month", mod=mod)
        for i, mod in zip(range(count // 4), [None, "APPROX"] * count, strict=False)
    ]
    return points + bars


def test_a_large_chart_is_webgl_with_an_overview_strip_and_labels_built_in_the_page():
    chart = chart_data(many_events(LARGE_MARKS + 100))
    assert chart.large and chart.overview is not None
    fig = build_figure(chart, title="Many")
    types = [(type(t).__name__, t.name, t.yaxis or "y") for t in fig.data]
    assert [(kind, axis) for kind, _, axis in types[:2]] == [("Bar", "y2"), ("Bar", "y2")]
    assert {t for t, _, _ in types[2:]} == {"Scattergl"}
    # bars: one trace of segments (None between them) and one of hover handles
    segments = next(t for t in fig.data if t.name == "Periods" and t.mode == "lines")
    assert segments.x[2] is None and segments.hoverinfo == "skip"
    handles = next(t for t in fig.data if t.name == "Periods" and t.mode == "markers")
    assert handles.showlegend is False and handles.meta == "tl-hover"
    approximate = next(
        t for t in fig.data if t.name == "Periods (approximate)" and t.mode == "lines"
    )
    assert approximate.line.dash == "dash" and approximate.opacity < segments.opacity
    # no hover text in the figure: the page builds it from the citation table
    assert all(t.hovertext is None for t in fig.data if t.type == "scattergl")
    assert fig.layout.yaxis2.domain == (0.0, 0.12) and fig.layout.barmode == "stack"
    page = to_html(chart, title="Many", include_plotlyjs=False)
    assert "tlMergedHover" in page and '"yaxis2":{"rangemode":"auto"}' in page.replace(" ", "")


def test_a_small_chart_is_svg_with_its_labels_in_the_figure():
    chart = chart_data(seed_events())
    assert not chart.large and chart.overview is None
    fig = build_figure(chart, title="Few")
    assert {type(t).__name__ for t in fig.data} == {"Bar", "Scatter"}
    assert all(t.hovertext for t in fig.data)
    # the labels are in the figure: the page does not build them
    assert '"meta":"tl-hover"' not in to_html(chart, include_plotlyjs=False).replace(" ", "")


def test_lanes_by_year():
    fig = build_figure(chart_data(seed_events(), group_by="year"), title="Years")
    assert list(fig.layout.yaxis.ticktext) == ["1980", "2003", "2019", "2020"]
    bce = build_figure(chart_data(bce_events(), group_by="year"), title="Rome")
    assert list(bce.layout.yaxis.ticktext) == ["44 BC", "AD 79"]


def test_histogram_figure_stacks_precise_and_longer_events():
    hist = histogram_data(seed_events(), unit="year")
    fig = build_histogram(hist, title="Density")
    assert [t.name for t in fig.data] == [
        "Events dated within the year",
        "Longer periods, counted in the year they start",
    ]
    assert fig.data[0].marker.color != fig.data[1].marker.color  # told apart by colour
    assert fig.layout.showlegend
    assert fig.layout.barmode == "stack" and fig.layout.yaxis.title.text == "events per year"
    within, longer = fig.data
    assert sum(within.y) + sum(longer.y) == len(seed_events())
    assert all(count > 0 for count in (*within.y, *longer.y))
    assert fig.layout.xaxis.rangeslider.visible
    empty = build_histogram(histogram_data([]), title="None")
    assert empty.layout.annotations[0].text == NO_EVENTS


def test_write_html_kinds(tmp_path):
    page = write_html(seed_events(), tmp_path / "h.html", kind="histogram", unit="month")
    text = page.read_text(encoding="utf-8")
    assert "events per month" in text and 'id="tl-citations"' not in text
    assert "data-tl-drawn" in text and "function tlPanel" not in text
    with pytest.raises(ValueError, match="kind"):
        write_html(seed_events(), tmp_path / "x.html", kind="pie")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unit"):
        write_html(seed_events(), tmp_path / "x.html", kind="histogram", unit="week")  # type: ignore[arg-type]
