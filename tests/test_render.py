"""The Plotly figure and the self-contained HTML page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import plotly.graph_objects as go
import pytest

from timeline.calendar import day_number, iso
from timeline.chart import chart_data, ticks
from timeline.render import NO_EVENTS, TICKS_JS, build_figure, to_html, write_html

D = day_number
XSS_SENTENCE = "Iran fired missiles on January 8. <script>alert('xss')</script>"
XSS_TITLE = "<img src=x onerror=alert(1)> Missiles"


def event(id, lower, upper=None, *, mod=None, source="Reuters", article_id=1, **extra) -> dict:
    upper = lower if upper is None else upper
    return {
        "id": id,
        "start": iso(lower),
        "end": iso(upper),
        "lower": lower,
        "upper": upper,
        "value": extra.get("value", iso(lower)),
        "mod": mod,
        "granularity": extra.get("granularity", "day"),
        "expression": extra.get("expression", "January 8"),
        "sentence": extra.get("sentence", "Something happened."),
        "article_id": article_id,
        "title": extra.get("title", "An article"),
        "source": source,
        "published": "2020-07-22",
        "url": None,
    }


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


def test_page_escapes_article_text(page):
    # plotly's JSON writes "/" as \u002f
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;\\u002fscript&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # raw tags never reach the page, neither as text nor JSON-escaped (which the browser
    # would decode back into markup for the hover label)
    for raw in ("<script>alert", "<img src=x", "\\u003cscript\\u003ealert", "\\u003cimg"):
        assert raw not in page
    assert page.count("<script") == page.count("</script>")  # nothing broke out of a block


def test_page_title_is_escaped(page):
    assert "<title>Iran &lt;b&gt;&amp; Iraq&lt;/b&gt;</title>" in page


def test_page_relabels_ticks_on_zoom(page):
    assert "function tlTicks" in page and "plotly_relayout" in page


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


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_ticks_match_python():
    script = TICKS_JS + f"\nconsole.log(JSON.stringify({json.dumps(RANGES)}.map("
    script += "([a, b, n]) => tlTicks(a, b, n))));"
    result = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, check=True, timeout=60
    )
    for (x0, x1, n), js in zip(RANGES, json.loads(result.stdout), strict=True):
        py = ticks(x0, x1, n)
        assert js["text"] == [t.label for t in py], (x0, x1)
        assert js["vals"] == pytest.approx([t.x for t in py], abs=1e-12)


# in a real browser -----------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(page: Path, script: str) -> str:
    """The page's DOM after ``script`` ran in headless Chromium."""
    html = page.read_text(encoding="utf-8").replace(
        "</body>",
        "<script>setTimeout(function () { const gd = "
        "document.querySelector('.plotly-graph-div'); " + script + " }, 300);</script></body>",
    )
    page.write_text(html, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--window-size=1400,800",
                "--virtual-time-budget=5000",
                "--dump-dom",
                page.as_uri(),
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=120,
        )
    return result.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_in_a_browser_ticks_lanes_and_hover_show_text_not_markup(tmp_path):
    path = write_html(seed_events(), tmp_path / "chart.html", title="Seeds")
    hover = (
        "const i = gd.data.findIndex(t => t.name === 'Days');"
        "const j = gd.data[i].customdata.indexOf('4');"
        "Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: j}]);"
    )
    dom = dump_dom(path, hover)
    assert 'class="plotly-graph-div' in dom
    x_ticks = re.findall(r'class="xtick"[^>]*>(?:<[^>]*>)*?([^<]+)<', dom)
    y_ticks = re.findall(r'class="ytick"[^>]*>(?:<[^>]*>)*?([^<]+)<', dom)
    assert "1980" in x_ticks and "2020" in x_ticks
    assert y_ticks == ["Al Jazeera", "AP", "Reuters"]
    label = re.search(r'<g class="hovertext".*?</g>', dom, re.S)
    assert label, "no hover label"
    # the article's markup is shown as text: serialized back with its brackets escaped
    assert "&lt;script&gt;alert('xss')&lt;/script&gt;" in label.group(0)
    assert "&lt;img src=x onerror=alert(1)&gt;" in label.group(0)
    assert "<img" not in dom and "<script>alert" not in dom


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_in_a_browser_zooming_relabels_the_axis(tmp_path):
    path = write_html(bce_events(), tmp_path / "bce.html", title="Rome")
    dom = dump_dom(path, "Plotly.relayout(gd, {'xaxis.range': [-43.3, -42.6]});")
    x_ticks = re.findall(r'class="xtick"[^>]*>(?:<[^>]*>)*?([^<]+)<', dom)
    assert "Mar 44 BC" in x_ticks or "Apr 44 BC" in x_ticks, x_ticks
