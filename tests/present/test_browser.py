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
from timeline.db.queries import query_events, query_mentions
from timeline.events.merge import merge_pending
from timeline.present.chart import chart_data
from timeline.present.figure import BAR_COLOR, POINT_COLOR, WITHIN_COLOR
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
CORPUS = REPO.parent / "shared" / "corpora" / "t17-dev" / "IraqWar_guardian" / "articles.jsonl"
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
        window: tuple[int, int] = WINDOW,
        downloads: Path | None = None,
    ) -> BrowserRun:
        text = page.read_text(encoding="utf-8")
        text = text.replace("<head>", "<head>\n" + CAPTURE_JS, 1)
        text = text.replace("</body>", ACTION_JS.replace("__ACTION__", action) + "</body>", 1)
        tested = page.with_name(page.stem + ".tested.html")
        tested.write_text(text, encoding="utf-8")
        shot = tmp_path / f"{page.stem}.png"
        with tempfile.TemporaryDirectory() as profile:
            if downloads is not None:
                # where the page's own download buttons save their files, without asking
                # (a second download without a real click needs "automatic downloads")
                prefs = {
                    "download": {"default_directory": str(downloads), "prompt_for_download": False},
                    "profile": {"default_content_setting_values": {"automatic_downloads": 1}},
                }
                (Path(profile) / "Default").mkdir()
                (Path(profile) / "Default" / "Preferences").write_text(json.dumps(prefs))
            started = time.perf_counter()
            done = subprocess.run(
                [
                    chromium,
                    *flags,
                    f"--user-data-dir={profile}",
                    f"--window-size={window[0]},{window[1]}",
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
    counts = image.convert("RGB").getcolors(maxcolors=image.size[0] * image.size[1])
    return sum(
        n for n, c in counts if all(abs(a - b) <= tolerance for a, b in zip(c, target, strict=True))
    )


def check_screenshot(run: BrowserRun, *colors: str, window: tuple[int, int] = WINDOW) -> None:
    """A screenshot of the window's size, not blank, with every one of ``colors`` drawn."""
    with Image.open(run.screenshot) as image:
        assert image.size == window
        distinct = image.convert("RGB").getcolors(maxcolors=window[0] * window[1])
        assert len(distinct) > 100, "the screenshot is (nearly) blank"
        for color in colors:
            assert pixels_near(image, color) > 30, f"nothing drawn in {color}"


# pages -----------------------------------------------------------------------------------


def ingest(url: str, *args: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "ingest", *args])
    assert result.exit_code in (0, 1), result.output  # 1: a file skipped, the rest kept


def read_rows(url: str, events: bool) -> list[dict]:
    engine = open_database(url)
    try:
        if not events:
            return query_mentions(engine, EventQuery())
        merge_pending(engine)
        return query_events(engine, EventQuery())
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> str:
    """The seed articles, ingested as `make demo` does."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}"
    ingest(url, str(SEEDS), "--metadata", str(SEEDS / "metadata.csv"))
    return url


@pytest.fixture(scope="module")
def seed_rows(seed_db) -> list[dict]:
    """The seeds' mentions (dated statements), one mark each in ``--mentions``."""
    return read_rows(seed_db, events=False)


@pytest.fixture(scope="module")
def seed_events(seed_db) -> list[dict]:
    """The seeds' events, as `timeline render` draws them."""
    return read_rows(seed_db, events=True)


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

# the marks drawn and labelled, the labels in the SVG, and how the chart fills the window
LAYOUT = """
const rect = gd.getBoundingClientRect(), head = document.querySelector(".tl-head");
const marks = gd._fullData.filter(t => /^tl-(points|bars|tails)/.test(t.meta || ""));
return {
  window: [innerWidth, innerHeight], plot: [rect.width, rect.height],
  below: innerHeight - head.getBoundingClientRect().bottom,
  area: [gd._fullLayout._size.w, gd._fullLayout._size.h],
  shown: Number(gd.dataset.tlShown), labelled: Number(gd.dataset.tlLabelled),
  svgLabels: text(".scatterlayer .textpoint text").filter(t => t.trim()),
  range: gd._fullLayout.xaxis.range, x: text("g.xtick"), y: text("g.ytick"),
  status: document.getElementById("tl-status").textContent,
  ids: [].concat(...marks.map(t => (t.customdata || []).map(String))),
};
"""


def check_layout(value: dict, window: tuple[int, int]) -> None:
    """The chart fills the window below its title, and every mark drawn has its label."""
    width, height = value["window"]
    assert value["plot"][0] >= width * 0.98, value
    assert value["plot"][1] >= 0.9 * value["below"], value
    assert value["below"] >= 0.9 * height, value  # the title and tools take one line
    assert value["labelled"] == value["shown"] > 0, value
    assert len(value["svgLabels"]) == value["labelled"], value


@pytest.mark.parametrize("window", [(1400, 900), (900, 1400)])
def test_seed_chart_fills_the_window_labels_its_marks_and_opens_on_2020(
    browse, seed_events, tmp_path, window
):
    page = write_html(seed_events, tmp_path / "seeds.html", title="Iran, Iraq and the US, 2020")
    run = browse(page, LAYOUT, window=window)
    assert run.errors == []
    check_screenshot(run, POINT_COLOR, BAR_COLOR, window=window)
    value = run.value
    check_layout(value, window)
    assert value["y"] == ["AFP", "Al-Monitor"]
    # the first view: the 2020 events (to 21 July), not the whole 1980 – 2020 span
    low, high = value["range"]
    assert 2019.5 < low < 2020.05 and 2020.56 < high < 2020.8, value["range"]
    assert all(re.fullmatch(r"[A-Z][a-z]{2} 2020", t) for t in value["x"]), value["x"]
    assert "Khamenei" in " ".join(value["svgLabels"]) or "Kadhimi" in " ".join(value["svgLabels"])
    assert re.match(r"\d+ of \d+ events in view drawn", value["status"])


HOVER = """
const i = gd._fullData.findIndex(t => t.name === "Days" && t.x.length);
Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: 0}]);
return {hover: text("g.hovertext").join(" | ")};
"""


def test_seed_chart_hovers_with_the_headline_date_and_sources(browse, seed_events, tmp_path):
    page = write_html(seed_events, tmp_path / "hover.html", title="Hover")
    run = browse(page, HOVER)
    assert run.errors == []
    hover = run.value["hover"]
    assert re.search(r"\d{4}-\d{2}-\d{2} · day", hover), hover
    assert "published 2020-" in hover and "“" in hover  # the date as written, the source


def test_clicking_a_mark_shows_its_full_citation_and_article_markup_never_runs(browse, tmp_path):
    page = write_html(XSS_ROWS, tmp_path / "xss.html", title="<script>alert(3)</script>")
    action = """
    const hidden = document.querySelector(".tl-panel").hidden;
    const p = point(gd, "Days", "1");
    Plotly.Fx.hover(gd, [{curveNumber: p.curve, pointNumber: p.index}]);
    const hover = text("g.hovertext").join(" | ");
    return mouse(p.x, p.y).then(function () {
      return {
        hidden: hidden, shown: !document.querySelector(".tl-panel").hidden,
        panel: document.getElementById("tl-panel-body").innerText,
        links: Array.from(document.querySelectorAll(".tl-panel a")).map(a => a.href),
        hover: hover,
        labels: text(".scatterlayer .textpoint text").join(" | "),
        pwned: document.body.dataset.pwned || null,
        injected: document.querySelectorAll(".tl-page img, .tl-page svg script").length,
      };
    });
    """
    run = browse(page, action)
    assert run.errors == []
    value = run.value
    assert value["pwned"] is None and value["injected"] == 0
    assert value["hidden"] and value["shown"], json.dumps(value)  # the panel opens on a click
    # the panel shows the article's markup as text: whole sentence, source, title, address
    assert (
        f"Missiles hit <script>{PWN} = 'script'</script> the base on January 8." in (value["panel"])
    )
    assert "<svg onload=alert(2)>" in value["panel"]
    assert f"<img src=x onerror=\"{PWN} = 'img'\"> Strikes" in value["panel"]
    assert f"javascript:{PWN} = 'url'" in value["panel"]
    assert value["links"] == []  # a javascript: address is not made a link
    assert "<script>" in value["hover"] and "<b onmouseover=alert(1)>January 8" in value["hover"]
    assert "<script>" in value["labels"]  # the label shows the markup as text too
    assert "<title>&lt;script&gt;alert(3)&lt;/script&gt;</title>" in page.read_text()


def test_tools_zoom_show_everything_and_come_back(browse, seed_events, tmp_path):
    page = write_html(seed_events, tmp_path / "zoom.html", title="Zoom")
    action = """
    const seen = {first: gd._fullLayout.xaxis.range.slice(), buttons: text(".tl-tools button")};
    function press(selector) {
      document.querySelector(selector).click();
      return new Promise(done => setTimeout(done, 400));
    }
    return press('[data-tl-window="1"]').then(function () {
      seen.year = gd._fullLayout.xaxis.range.slice(); seen.yearTicks = text("g.xtick");
      return press('[data-tl-view="all"]');
    }).then(function () {
      seen.all = gd._fullLayout.xaxis.range.slice(); seen.allTicks = text("g.xtick");
      seen.allShown = Number(gd.dataset.tlShown);
      return press('[data-tl-view="first"]');
    }).then(function () {
      seen.back = gd._fullLayout.xaxis.range.slice();
      return seen;
    });
    """
    run = browse(page, action)
    assert run.errors == []
    value = run.value
    assert value["buttons"] == ["First view", "All", "1 month", "1 year", "10 years", "PNG", "SVG"]
    low, high = value["year"]
    assert high - low == pytest.approx(1.0)
    assert value["yearTicks"] and all(
        re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t) for t in value["yearTicks"]
    )
    assert value["all"][0] < 1980 and "1980" in value["allTicks"]
    assert value["back"] == pytest.approx(value["first"])


def test_png_and_svg_buttons_download_the_chart(browse, seed_events, tmp_path):
    page = write_html(seed_events, tmp_path / "share.html", title="Iran & Iraq, 2020")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    action = """
    document.querySelector('[data-tl-image="png"]').click();
    return new Promise(done => setTimeout(done, 1500)).then(function () {
      document.querySelector('[data-tl-image="svg"]').click();
      return new Promise(done => setTimeout(done, 1500));
    });
    """
    run = browse(page, action, downloads=downloads)
    assert run.errors == []
    for _ in range(50):  # the browser writes the files as it exits
        if {p.name for p in downloads.iterdir()} >= {"iran-iraq-2020.png", "iran-iraq-2020.svg"}:
            break
        time.sleep(0.1)
    png, svg = downloads / "iran-iraq-2020.png", downloads / "iran-iraq-2020.svg"
    with Image.open(png) as image:
        assert image.size[0] >= 1000 and image.size[1] >= 600
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 22)) > 50
    drawing = svg.read_text(encoding="utf-8")
    assert drawing.startswith("<svg") and "Iran &amp; Iraq, 2020" in drawing  # with its title
    assert "Kadhimi" in drawing or "Khamenei" in drawing  # and its labels


def test_bce_chart_is_labelled_in_bc_and_ad(browse, tmp_path):
    page = write_html(BCE_ROWS, tmp_path / "bce.html", title="Rome", group_by="none")
    action = """
    const p = point(gd, "Days", "1");
    Plotly.Fx.hover(gd, [{curveNumber: p.curve, pointNumber: p.index}]);
    const seen = {hover: text("g.hovertext").join(" "), first: text("g.xtick")};
    document.querySelector('[data-tl-view="all"]').click();
    return new Promise(done => setTimeout(done, 400)).then(function () {
      seen.x = text("g.xtick");
      return Plotly.relayout(gd, {"xaxis.range": [-43.3, -42.6]});
    }).then(function () {
      return new Promise(done => setTimeout(done, 300));
    }).then(function () {
      seen.zoomed = text("g.xtick");
      seen.labels = text(".scatterlayer .textpoint text");
      return seen;
    });
    """
    run = browse(page, action)
    assert run.errors == []
    check_screenshot(run, POINT_COLOR)  # zoomed into 44 BC: its days
    assert "500 BC" in run.value["x"] and "AD 1" in run.value["x"]
    assert "-0043-03-15 (15 Mar 44 BC) · day" in run.value["hover"]
    # zoomed into 44 BC, the page's tick script labels months of a BC year
    assert "Mar 44 BC" in run.value["zoomed"] or "Apr 44 BC" in run.value["zoomed"]
    assert any("Caesar was killed" in label for label in run.value["labels"])


def test_histogram_page(browse, seed_events, tmp_path):
    page = write_html(seed_events, tmp_path / "histogram.html", kind="histogram", unit="year")
    action = """
    Plotly.Fx.hover(gd, [{curveNumber: 0, pointNumber: 0}]);
    return {hover: text("g.hovertext").join(" "), names: gd._fullData.map(t => t.name),
            legend: text(".legendtext")};
    """
    run = browse(page, action)
    assert run.errors == []
    check_screenshot(run, WITHIN_COLOR)
    assert run.value["names"][0] == "Events dated within the year"
    assert run.value["legend"] == run.value["names"]  # the legend names each series
    # the count per bin: its total, then each series' (the text nodes of the label, joined)
    assert re.search(r"\d{4}: \d+ events?\d+ events? dated within the year", run.value["hover"])


@pytest.fixture(scope="module")
def corpus_events(tmp_path_factory) -> list[dict]:
    """A real corpus: 344 Guardian articles of 2005 on the Iraq war (Timeline17, read-only
    development data in ../shared, never copied here)."""
    if not CORPUS.exists():
        pytest.skip(f"no development corpus at {CORPUS}")
    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'iraq.db'}"
    ingest(url, str(CORPUS))
    return read_rows(url, events=True)


def test_a_real_corpus_opens_on_its_year_with_its_marks_labelled(browse, corpus_events, tmp_path):
    page = write_html(corpus_events, tmp_path / "iraq.html", title="The Iraq war, 2005")
    run = browse(page, LAYOUT, budget_ms=30_000)
    assert run.errors == []
    value = run.value
    low, high = value["range"]
    assert 2004 <= low < 2005.1 and 2005.8 < high < 2006.5, value["range"]
    assert value["shown"] > 100 and value["labelled"] > 50
    assert len(value["svgLabels"]) == value["labelled"]
    assert value["plot"][1] >= 0.9 * value["below"]
    # far fewer marks than events: the rest are counted in the strip
    assert value["shown"] < len(corpus_events)
    check_screenshot(run, POINT_COLOR, BAR_COLOR)


def test_an_event_chart_of_100000_events_shows_what_fits_and_zooms(browse, tmp_path):
    events = load_bench().synthetic_events(100_000, seed=1)
    page = write_html(events, tmp_path / "events-100k.html", title="100,000 events")
    action = """
    const first = {shown: Number(gd.dataset.tlShown), labelled: Number(gd.dataset.tlLabelled)};
    const t0 = performance.now();
    return Plotly.relayout(gd, {"xaxis.range": [2020.0, 2020.1]}).then(function () {
      return new Promise(done => setTimeout(done, 300));
    }).then(() => ({first: first, zoomMs: performance.now() - t0,
                    zoomed: Number(gd.dataset.tlLabelled), x: text("g.xtick"),
                    strip: gd._fullData.find(t => t.meta === "tl-strip").y.length}));
    """
    run = browse(page, action, budget_ms=60_000)
    assert run.errors == []
    value = run.value
    assert 100 < value["first"]["shown"] <= 2000 and value["first"]["labelled"] > 50
    assert value["zoomed"] > 30 and value["strip"] > 10
    assert any("2020" in t for t in value["x"])
    assert run.seconds < 120, run.seconds


def test_the_old_chart_of_mentions_still_draws(browse, seed_rows, tmp_path):
    page = write_html(seed_rows, tmp_path / "mentions.html", title="Mentions", mode="mentions")
    run = browse(page, HOVER)
    assert run.errors == []
    check_screenshot(run, POINT_COLOR, BAR_COLOR)
    assert "published 2020-" in run.value["hover"]


def test_a_chart_of_100000_mentions_draws_with_webgl_hovers_and_zooms(browse, tmp_path):
    events = load_bench().synthetic_events(100_000, seed=1)
    chart = chart_data(events)
    assert chart.large and chart.overview is not None
    page = tmp_path / "large.html"
    page.write_text(to_html(chart, title="100,000 events"), encoding="utf-8")
    assert page.stat().st_size < 45_000_000
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
