"""The exported pages in a real browser: headless Chromium loads, draws, hovers and clicks.

Each test writes a page, adds two scripts of its own (one at the top that records uncaught
errors, rejected promises and console errors or warnings; one at the end that waits for the
page's ``data-tl-drawn`` mark, acts like a reader, and writes what it saw into the DOM), and
runs Chromium once with ``--screenshot`` and ``--dump-dom``. Chromium's own console log on
stderr is scanned too. ``TIMELINE_SCREENSHOTS=DIR`` keeps the screenshots to look at.

Without Chromium these tests skip (``make test`` installs it); with ``CI`` set they fail.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.calendar import day_number
from timeline.cli import cli
from timeline.db.engine import open_database
from timeline.db.queries import query_mentions
from timeline.present.chart import chart_data
from timeline.present.figure import BAR_COLOR, POINT_COLOR
from timeline.present.render import to_html, write_html
from timeline.records import EventQuery

from helpers import event_row

try:
    from PIL import Image
except ImportError:  # a test extra: `make test` installs it
    if os.environ.get("CI"):
        raise
    pytest.skip("Pillow reads the screenshots: pip install -e '.[test]'", allow_module_level=True)

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
WINDOW = (1400, 900)


@functools.cache
def load_bench():
    """bench/render_bench.py (a script): the Chromium flags and the synthetic events."""
    spec = importlib.util.spec_from_file_location(
        "render_bench", REPO / "bench" / "render_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# the benchmark's flags (one list for both), and the page's console on stderr
FLAGS = (*load_bench().CHROMIUM_FLAGS, "--enable-logging=stderr", "--v=0")
# Chromium's own notes on stderr that are not the page's doing
BROWSER_NOISE = ("GL Driver Message",)

CAPTURE_JS = """<script>
window.tlTestErrors = [];
window.addEventListener("error", function (e) {
  tlTestErrors.push("uncaught: " + e.message);
});
window.addEventListener("unhandledrejection", function (e) {
  tlTestErrors.push("unhandled rejection: " + e.reason);
});
["error", "warn"].forEach(function (level) {
  const original = console[level];
  console[level] = function () {
    tlTestErrors.push(level + ": " + Array.from(arguments).join(" "));
    return original.apply(console, arguments);
  };
});
</script>"""

# Runs ACTION once the chart is drawn, with `gd` the plot; ACTION may return a value (or a
# promise of one) that ends up in the result. Helpers for acting like a reader:
# point(name, id) finds a mark, mouse(target, x, y) moves, presses and releases the mouse.
ACTION_JS = """<script>
(function () {
  function finish(value) {
    const out = document.createElement("pre");
    out.id = "tl-test-result";
    out.textContent = JSON.stringify({errors: window.tlTestErrors, value: value});
    // the embedded scripts have run: dropped, the DOM dump is the chart and not 30 MB
    document.querySelectorAll("script").forEach(function (s) { s.remove(); });
    document.body.appendChild(out);
  }
  function point(gd, name, id) {
    const curve = gd._fullData.findIndex(function (t) {
      return t.name === name && t.customdata && t.customdata.indexOf(id) >= 0;
    });
    const trace = gd._fullData[curve];
    const index = trace.customdata.indexOf(id);
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    const x = trace.type === "bar" ? trace.base[index] + trace.x[index] / 2 : trace.x[index];
    const rect = gd.getBoundingClientRect();
    return {curve: curve, index: index,
            x: rect.left + xa._offset + xa.c2p(x),
            y: rect.top + ya._offset + ya.c2p(trace.y[index])};
  }
  function mouse(x, y) {
    const target = document.elementFromPoint(x, y);
    const options = {bubbles: true, cancelable: true, clientX: x, clientY: y, view: window};
    target.dispatchEvent(new MouseEvent("mousemove", options));
    return new Promise(function (done) {
      setTimeout(function () {
        target.dispatchEvent(new MouseEvent("mousedown", Object.assign({buttons: 1}, options)));
        target.dispatchEvent(new MouseEvent("mouseup", options));
        target.dispatchEvent(new MouseEvent("click", options));
        setTimeout(done, 200);
      }, 100);
    });
  }
  function text(selector) {
    return Array.from(document.querySelectorAll(selector)).map(function (n) {
      return n.textContent;
    });
  }
  let waited = 0;
  (function poll() {
    if (!document.body.hasAttribute("data-tl-drawn")) {
      waited += 50;
      return waited > 60000 ? finish("never drawn") : setTimeout(poll, 50);
    }
    const gd = document.querySelector(".plotly-graph-div");
    Promise.resolve()
      .then(function () { __ACTION__ })
      .then(function (value) {
        setTimeout(function () { finish(value === undefined ? null : value); }, 300);
      }, function (error) {
        tlTestErrors.push("test action failed: " + error);
        finish(null);
      });
  })();
})();
</script>"""


@dataclass
class BrowserRun:
    dom: str
    errors: list[str]  # the page's, and Chromium's console lines
    value: object  # what the action returned
    screenshot: Path
    seconds: float


@pytest.fixture(scope="session")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = (
            "chromium is not installed, so the pages were not tested in a browser: "
            "`make test` installs it (apt-get install chromium)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture
def browse(chromium, tmp_path):
    """Open a page in headless Chromium, run an action once drawn, screenshot, dump the DOM."""

    def run(
        page: Path,
        action: str = "return null;",
        budget_ms: int = 10_000,
        flags: Sequence[str] = FLAGS,
    ) -> BrowserRun:
        text = page.read_text(encoding="utf-8")
        text = text.replace("<head>", "<head>\n" + CAPTURE_JS, 1)
        text = text.replace("</body>", ACTION_JS.replace("__ACTION__", action) + "</body>", 1)
        tested = page.with_name(page.stem + ".tested.html")
        tested.write_text(text, encoding="utf-8")
        shot = tmp_path / f"{page.stem}.png"
        with tempfile.TemporaryDirectory() as profile:
            started = time.perf_counter()
            done = subprocess.run(
                [
                    chromium,
                    *flags,
                    f"--user-data-dir={profile}",
                    f"--window-size={WINDOW[0]},{WINDOW[1]}",
                    f"--virtual-time-budget={budget_ms}",
                    f"--screenshot={shot}",
                    "--dump-dom",
                    tested.as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=180,
            )
            seconds = time.perf_counter() - started
        keep = os.environ.get("TIMELINE_SCREENSHOTS")
        if keep and shot.exists():
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(keep) / shot.name)
        match = re.search(r'<pre id="tl-test-result">(.*?)</pre>', done.stdout, re.S)
        assert match, f"the page never finished: {done.stderr[-2000:]}"
        result = json.loads(html.unescape(match.group(1)))
        console = [
            line
            for line in done.stderr.splitlines()
            if ":CONSOLE" in line and not any(noise in line for noise in BROWSER_NOISE)
        ]
        return BrowserRun(done.stdout, result["errors"] + console, result["value"], shot, seconds)

    return run


def rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def pixels_near(image, color: str, tolerance: int = 40) -> int:
    """Pixels within ``tolerance`` (per channel) of ``color``."""
    target = rgb(color)
    counts = image.convert("RGB").getcolors(maxcolors=WINDOW[0] * WINDOW[1])
    return sum(
        n for n, c in counts if all(abs(a - b) <= tolerance for a, b in zip(c, target, strict=True))
    )


def check_screenshot(run: BrowserRun, *colors: str) -> None:
    """A screenshot of the window's size, not blank, with every one of ``colors`` drawn."""
    with Image.open(run.screenshot) as image:
        assert image.size == WINDOW
        distinct = image.convert("RGB").getcolors(maxcolors=WINDOW[0] * WINDOW[1])
        assert len(distinct) > 100, "the screenshot is (nearly) blank"
        for color in colors:
            assert pixels_near(image, color) > 30, f"nothing drawn in {color}"


# pages -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_rows(tmp_path_factory) -> list[dict]:
    """The seed articles, ingested as `make demo` does."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}"
    result = CliRunner().invoke(
        cli, ["--db", url, "ingest", str(SEEDS), "--metadata", str(SEEDS / "metadata.csv")]
    )
    assert result.exit_code == 0, result.output
    engine = open_database(url)
    try:
        return query_mentions(engine, EventQuery())
    finally:
        engine.dispose()


row = event_row


D = day_number
PWN = "document.body.dataset.pwned"
XSS_ROWS = [
    row(
        1,
        D(2020, 1, 8),
        sentence=f"Missiles hit <script>{PWN} = 'script'</script> the base on January 8.",
        title=f"<img src=x onerror=\"{PWN} = 'img'\"> Strikes",
        expression="<b onmouseover=alert(1)>January 8",
        source="<svg onload=alert(2)>",
        url=f"javascript:{PWN} = 'url'",
    ),
    row(2, D(2019, 10, 1), D(2019, 12, 31), value="2019", mod="LATE", granularity="year",
        expression="late 2019", source="AP", url="https://example.org/a?b=1&c=<2>"),
    row(3, D(2020, 3, 1), D(2020, 3, 31), mod="APPROX", granularity="month",
        expression="around March", source="AP"),
]  # fmt: skip

BCE_ROWS = [
    row(1, D(-43, 3, 15), expression="the Ides of March, 44 BC", source="Plutarch",
        sentence="Caesar was killed in the theatre of Pompey."),
    row(2, D(-26, 1, 16), D(14, 8, 19), value="-0026/0014", granularity="day",
        expression="27 BC to AD 14", source="Suetonius", sentence="Augustus ruled."),
    row(3, D(79, 8, 24), expression="24 August AD 79", source="Pliny",
        sentence="Vesuvius erupted."),
    row(4, D(-499, 1, 1), D(-499, 12, 31), value="-0499", granularity="year", mod="APPROX",
        expression="around 500 BC", source="Herodotus", sentence="The Ionian revolt began."),
    row(5, D(-31, 9, 2), expression="2 September 31 BC", source="Plutarch",
        sentence="Actium."),
]  # fmt: skip


# tests -----------------------------------------------------------------------------------

HOVER_SEED = """
const i = gd._fullData.findIndex(t => t.name === "Days");
Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: 0}]);
return {hover: text("g.hovertext").join(" | "), x: text("g.xtick"), y: text("g.ytick")};
"""


def test_seed_chart_loads_draws_and_hovers(browse, seed_rows, tmp_path):
    page = write_html(seed_rows, tmp_path / "seeds.html", title="Iran, Iraq and the US, 2020")
    run = browse(page, HOVER_SEED)
    assert run.errors == []
    check_screenshot(run, POINT_COLOR, BAR_COLOR)
    assert run.value["y"] == ["AFP", "Al-Monitor"]
    assert "1980" in run.value["x"] and "2020" in run.value["x"]
    # the hover label: date as written, normalized date, sentence, source and title
    assert "1980 to 1988" not in run.value["hover"]  # a day, not the war
    assert re.search(r"\d{4}-\d{2}-\d{2} · day", run.value["hover"]), run.value["hover"]
    assert "published 2020-" in run.value["hover"]
    assert run.seconds < 60


def test_clicking_a_mark_shows_its_full_citation_and_article_markup_never_runs(browse, tmp_path):
    page = write_html(XSS_ROWS, tmp_path / "xss.html", title="<script>alert(3)</script>")
    action = """
    const p = point(gd, "Days", "1");
    return mouse(p.x, p.y).then(function () {
      return {
        panel: document.getElementById("tl-panel-body").innerText,
        links: Array.from(document.querySelectorAll(".tl-panel a")).map(a => a.href),
        hover: text("g.hovertext").join(" | "),
        pwned: document.body.dataset.pwned || null,
        injected: document.querySelectorAll(".tl-page img, .tl-page svg script").length,
      };
    });
    """
    run = browse(page, action)
    assert run.errors == []
    value = run.value
    assert value["pwned"] is None and value["injected"] == 0
    # the panel shows the article's markup as text: whole sentence, source, title, address
    assert (
        f"Missiles hit <script>{PWN} = 'script'</script> the base on January 8." in (value["panel"])
    )
    assert "<svg onload=alert(2)>" in value["panel"]
    assert f"<img src=x onerror=\"{PWN} = 'img'\"> Strikes" in value["panel"]
    assert f"javascript:{PWN} = 'url'" in value["panel"]
    assert value["links"] == []  # a javascript: address is not made a link
    assert "<script>" in value["hover"] and "<b onmouseover=alert(1)>January 8" in value["hover"]
    assert "<title>&lt;script&gt;alert(3)&lt;/script&gt;</title>" in page.read_text()


def test_zoom_buttons_zoom_from_the_end_and_relabel_the_axis(browse, seed_rows, tmp_path):
    page = write_html(seed_rows, tmp_path / "zoom.html", title="Zoom")
    action = """
    const before = text("g.xtick");
    const button = Array.from(document.querySelectorAll("g.updatemenu-button"))
      .find(b => b.textContent === "1 year");
    button.dispatchEvent(new MouseEvent("click", {bubbles: true}));
    return new Promise(done => setTimeout(done, 300)).then(() => ({
      before: before, after: text("g.xtick"), range: gd._fullLayout.xaxis.range,
      buttons: text("g.updatemenu-button"),
    }));
    """
    run = browse(page, action)
    assert run.errors == []
    value = run.value
    assert value["buttons"] == ["1 month", "1 year", "10 years", "all"]
    low, high = value["range"]
    # the last year of the data: the seeds end on 21 July 2020 (2020.554)
    assert high - low == pytest.approx(1.0) and 2020.55 < high < 2020.6
    assert "1980" in value["before"]
    # months now, relabelled by the page's tick script: "Sep 2019", "Jan 2020"…
    assert value["after"] and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t) for t in value["after"])


def test_bce_chart_is_labelled_in_bc_and_ad(browse, tmp_path):
    page = write_html(BCE_ROWS, tmp_path / "bce.html", title="Rome", group_by="none")
    action = """
    const p = point(gd, "Days", "1");
    Plotly.Fx.hover(gd, [{curveNumber: p.curve, pointNumber: p.index}]);
    const seen = {hover: text("g.hovertext").join(" "), x: text("g.xtick")};
    return Plotly.relayout(gd, {"xaxis.range": [-43.3, -42.6]}).then(function () {
      seen.zoomed = text("g.xtick");
      return seen;
    });
    """
    run = browse(page, action)
    assert run.errors == []
    check_screenshot(run, POINT_COLOR, BAR_COLOR)
    assert "500 BC" in run.value["x"] and "AD 1" in run.value["x"]
    assert "-0043-03-15 (15 Mar 44 BC) · day" in run.value["hover"]
    # zoomed into 44 BC, the page's tick script labels months of a BC year
    assert "Mar 44 BC" in run.value["zoomed"] or "Apr 44 BC" in run.value["zoomed"]


def test_histogram_page(browse, seed_rows, tmp_path):
    page = write_html(seed_rows, tmp_path / "histogram.html", kind="histogram", unit="year")
    action = """
    Plotly.Fx.hover(gd, [{curveNumber: 0, pointNumber: 0}]);
    return {hover: text("g.hovertext").join(" "), names: gd._fullData.map(t => t.name)};
    """
    run = browse(page, action)
    assert run.errors == []
    check_screenshot(run, BAR_COLOR)
    assert run.value["names"][0] == "Dated within the year"
    assert re.search(r"\d+ events? dated within the year", run.value["hover"])


def test_a_chart_of_100000_events_draws_with_webgl_hovers_and_zooms(browse, tmp_path):
    events = load_bench().synthetic_events(100_000, seed=1)
    chart = chart_data(events)
    assert chart.large and chart.overview is not None
    page = tmp_path / "large.html"
    page.write_text(to_html(chart, title="100,000 events"), encoding="utf-8")
    assert page.stat().st_size < 40_000_000
    # WebGL traces hover by position only: move the mouse onto a day of 2020 once zoomed in
    action = """
    const types = gd._fullData.map(t => t.type);
    return Plotly.relayout(gd, {"xaxis.range": [2020.0, 2021.0]}).then(function () {
      const days = gd._fullData.find(t => t.name === "Days" && t.type === "scattergl");
      const index = days.x.findIndex(x => x > 2020.4 && x < 2020.6);
      const p = point(gd, "Days", days.customdata[index]);
      document.elementFromPoint(p.x, p.y).dispatchEvent(new MouseEvent("mousemove",
        {bubbles: true, cancelable: true, clientX: p.x, clientY: p.y, view: window}));
      return new Promise(done => setTimeout(done, 300));
    }).then(() => ({types: types, hover: text("g.hovertext").join(" "), x: text("g.xtick")}));
    """
    run = browse(page, action, budget_ms=30_000)
    assert run.errors == []
    check_screenshot(run, POINT_COLOR, BAR_COLOR)
    assert "scattergl" in run.value["types"]
    # the label the page built from its citation table: date as written, source, sentence
    assert "on Tuesday" in run.value["hover"] or "around then" in run.value["hover"]
    assert "published " in run.value["hover"]
    assert "Jan 2020" in run.value["x"]
    assert run.seconds < 120, run.seconds


# no WebGL at all: an old machine, a locked-down browser, a remote desktop
NO_WEBGL_FLAGS = tuple(f for f in FLAGS if f != "--enable-unsafe-swiftshader") + (
    "--disable-webgl",
    "--disable-3d-apis",
)


def test_a_large_chart_without_webgl_falls_back_to_svg(browse, tmp_path):
    events = load_bench().synthetic_events(8_000, seed=2)
    chart = chart_data(events)
    assert chart.large
    page = tmp_path / "large-no-webgl.html"
    page.write_text(to_html(chart, title="8,000 events"), encoding="utf-8")
    action = """
    const canvas = document.createElement("canvas");
    return {webgl: !!(canvas.getContext("webgl") || canvas.getContext("experimental-webgl")),
            types: gd._fullData.map(t => t.type),
            points: document.querySelectorAll(".scatterlayer .point").length,
            message: document.body.innerText.indexOf("WebGL is not supported") >= 0};
    """
    run = browse(page, action, budget_ms=30_000, flags=NO_WEBGL_FLAGS)
    assert run.value["webgl"] is False
    assert run.errors == []
    assert "scattergl" not in run.value["types"]
    assert run.value["points"] > 1_000
    assert run.value["message"] is False
    check_screenshot(run, POINT_COLOR, BAR_COLOR)
