"""Rendering benchmark: build time, file size and browser load time of large timelines,
and the time of a static image (PNG, SVG, PDF) through kaleido.

    .venv/bin/python bench/render_bench.py [--events 1000,10000,100000] [--seed 1]
                                           [--out DIR] [--no-browser] [--no-images]
                                           [--write-readme]

For each count it generates that many synthetic events (seeded: the same events every run)
and draws them twice: as the event chart `timeline render` draws by default (``event_chart``
and ``event_html``: the events that fit, with labels, and the density strip) and as the chart
of every mention (``chart_data`` and ``to_html``: ``render --mentions``, WebGL above 5,000
marks). Each page (plotly.js embedded) is opened in headless Chromium twice: ``--dump-dom``
reads the time, from navigation start, at which the page says it is drawn
(``data-tl-drawn``), and ``--screenshot`` gives the wall time of a whole browser run that
loads, draws and captures the page. Then each format of static image is written through
kaleido (``timeline.present.static.write_image``), Chromium's start included.
``--write-readme`` replaces the "Rendering" section of ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from timeline.calendar import day_number, days_in_month, iso, to_ymd
from timeline.present.chart import chart_data
from timeline.present.lod import event_chart
from timeline.present.render import event_html, to_html

HERE = Path(__file__).resolve().parent
SECTION_START = "<!-- rendering:start -->"
SECTION_END = "<!-- rendering:end -->"

SOURCES = (
    "AFP",
    "Reuters",
    "AP",
    "Al-Monitor",
    "BBC",
    "Al Jazeera",
    "The Guardian",
    "Le Monde",
    "Der Spiegel",
    "The New York Times",
)
WORDS = (
    "the",
    "minister",
    "said",
    "government",
    "officials",
    "talks",
    "border",
    "security",
    "forces",
    "agreement",
    "parliament",
    "vote",
    "protest",
    "sanctions",
    "oil",
    "exports",
    "militia",
    "attack",
    "base",
    "embassy",
    "troops",
    "withdrawal",
    "ceasefire",
    "election",
    "court",
    "ruling",
    "investigation",
    "report",
    "commission",
    "president",
    "prime",
    "after",
    "before",
    "during",
    "since",
    "announced",
    "rejected",
    "signed",
    "warned",
    "according",
    "to",
)
# Chromium as this bench and tests/test_browser.py start it (the one list for both);
# SwiftShader is the software WebGL of a GPU-less box
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-unsafe-swiftshader",
    "--hide-scrollbars",
)


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 40))
    return " ".join(words).capitalize() + "."


def synthetic_events(count: int, seed: int = 1, first_year: int = 1990) -> list[dict]:
    """``count`` query-like event rows over ``first_year``..2024, from ten sources.

    Articles carry about twenty events each, dated mostly in the two years before their
    publication: 70 % days, 15 % months, 8 % years, 4 % ranges of years, 3 % approximate
    days; sentences of 10 to 40 words, like news sentences.
    """
    rng = random.Random(seed)
    last = day_number(2024, 12, 31)
    first = day_number(first_year, 1, 1)
    rows: list[dict] = []
    article = 0
    while len(rows) < count:
        article += 1
        published = rng.randint(first + 730, last)
        source = rng.choice(SOURCES)
        title = _sentence(rng)[:70].rstrip(" .")
        for _ in range(min(rng.randint(5, 35), count - len(rows))):
            day = max(first, published - int(rng.expovariate(1 / 200)))
            y, m, _ = to_ymd(day)
            roll = rng.random()
            mod = None
            if roll < 0.70:
                lower = upper = day
                value, granularity, written = iso(day), "day", "on Tuesday"
            elif roll < 0.85:
                lower, upper = day_number(y, m, 1), day_number(y, m, days_in_month(y, m))
                value, granularity, written = iso(lower)[:7], "month", "in March"
            elif roll < 0.93:
                lower, upper = day_number(y, 1, 1), day_number(y, 12, 31)
                value, granularity, written = str(y), "year", str(y)
            elif roll < 0.97:
                y0 = max(first_year, y - rng.randint(1, 8))
                lower, upper = day_number(y0, 1, 1), day_number(y, 12, 31)
                value, granularity, written = f"{y0}/{y}", "year", f"from {y0} to {y}"
            else:
                lower = upper = day
                value, granularity, written = iso(day), "day", "around then"
                mod = "APPROX"
            rows.append(
                {
                    "id": len(rows) + 1,
                    "start": iso(lower),
                    "end": iso(upper),
                    "value": value,
                    "granularity": granularity,
                    "mod": mod,
                    "expression": written,
                    "sentence": _sentence(rng),
                    "article_id": article,
                    "title": title,
                    "source": source,
                    "published": iso(published),
                    "url": f"https://news.example/{article}",
                    "lower": lower,
                    "upper": upper,
                }
            )
    return rows


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(page: Path, *args: str, timeout: float = 300) -> tuple[float, str]:
    """(wall seconds, stdout) of one headless Chromium run on ``page``."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        started = time.perf_counter()
        done = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return time.perf_counter() - started, done.stdout


def drawn_ms(page: Path) -> tuple[int | None, int | None]:
    """Milliseconds from navigation start to the drawn chart, as the page itself reports,
    and how many marks an event chart drew at 1400 × 900."""
    _, dom = run_chromium(
        page, "--window-size=1400,900", "--virtual-time-budget=60000", "--dump-dom"
    )
    match = re.search(r'data-tl-drawn="(\d+)"', dom)
    shown = re.search(r'data-tl-shown="(\d+)"', dom)
    return (
        int(match.group(1)) if match else None,
        int(shown.group(1)) if shown else None,
    )


# Once drawn: zoom to the last year of the data, then back out to all of it, timing each
# redraw (the x axis is WebGL's and the range slider's too); scripts are dropped before the
# DOM is dumped, so that the dump is small.
ZOOM_JS = """<script>
(function poll() {
  if (!document.body.hasAttribute("data-tl-drawn")) return setTimeout(poll, 50);
  const gd = document.querySelector(".plotly-graph-div");
  const all = gd._fullLayout.xaxis.range.slice(), end = all[1];
  // the event chart lays itself out again after a zoom (lod.js, which counts its redraws
  // in data-tl-redrawn): the time is that of its last redraw, once none came for 200 ms
  function laidOut(t0, seen) {
    let last = performance.now();
    return new Promise(function (done) {
      (function check() {
        if (gd.dataset.tlRedrawn !== seen) {
          seen = gd.dataset.tlRedrawn;
          last = performance.now();
        }
        if (performance.now() - last > 200) return done(last - t0);
        setTimeout(check, 5);
      })();
    });
  }
  let zoomIn, seen = gd.dataset.tlRedrawn;
  const t0 = performance.now();
  const zoomed = Plotly.relayout(gd, {"xaxis.range": [end - 1, end]});
  zoomed.then(() => laidOut(t0, seen)).then(function (ms) {
    zoomIn = ms;
    seen = gd.dataset.tlRedrawn;
    const t1 = performance.now();
    const back = Plotly.relayout(gd, {"xaxis.range": all});
    return back.then(() => laidOut(t1, seen)).then(function (out) {
      document.querySelectorAll("script").forEach(function (s) { s.remove(); });
      document.body.setAttribute("data-tl-zoom", Math.round(zoomIn) + "," + Math.round(out));
    });
  });
})();
</script>"""


def zoom_ms(page: Path) -> tuple[int, int] | None:
    """Milliseconds to redraw zoomed in to a year, and back out to everything."""
    timed = page.with_name(page.stem + ".zoom.html")
    text = page.read_text(encoding="utf-8")
    timed.write_text(text.replace("</body>", ZOOM_JS + "</body>", 1), encoding="utf-8")
    _, dom = run_chromium(
        timed, "--window-size=1400,900", "--virtual-time-budget=60000", "--dump-dom"
    )
    timed.unlink()
    match = re.search(r'data-tl-zoom="(\d+),(\d+)"', dom)
    return (int(match.group(1)), int(match.group(2))) if match else None


def measure(count: int, seed: int, out: Path, browser: bool, view: str) -> dict:
    """One chart of ``count`` synthetic events: ``view`` is ``events`` (the default chart)
    or ``mentions`` (every mark drawn)."""
    events = synthetic_events(count, seed)
    started = time.perf_counter()
    if view == "events":
        shaped = event_chart(events, group_by="source")
        marks, webgl = None, False
    else:
        shaped = chart_data(events, group_by="source")
        marks, webgl = shaped.mark_count, shaped.large
    built_at = time.perf_counter()
    title = f"{count:,} synthetic events"
    page = event_html(shaped, title=title) if view == "events" else to_html(shaped, title=title)
    built = time.perf_counter()
    path = out / f"render-{view}-{count}.html"
    path.write_text(page, encoding="utf-8")
    result = {
        "events": count,
        "view": view,
        "marks": marks,
        "webgl": webgl,
        "shape_s": built_at - started,
        "html_s": built - built_at,
        "size_mb": path.stat().st_size / 1e6,
    }
    if browser and chromium():
        result["drawn_ms"], shown = drawn_ms(path)
        if view == "events":
            result["marks"] = shown
        result["zoom_ms"] = zoom_ms(path)
        shot = out / f"render-{view}-{count}.png"
        wall, _ = run_chromium(path, "--window-size=1400,900", f"--screenshot={shot}")
        result["screenshot_s"] = wall
    return result


def image_times(count: int, seed: int, out: Path) -> dict:
    """Seconds to write the event chart of ``count`` events as a PNG, an SVG and a PDF of
    1400 × 900 through kaleido, each with its own Chromium start (as the command does)."""
    from timeline.present.static import write_image

    chart = event_chart(synthetic_events(count, seed))
    times: dict[str, object] = {"events": count}
    for fmt in ("png", "svg", "pdf"):
        path = out / f"render-{count}.{fmt}"
        started = time.perf_counter()
        write_image(chart, path, title=f"{count:,} synthetic events")
        times[fmt] = time.perf_counter() - started
        times[f"{fmt}_kb"] = path.stat().st_size / 1e3
    return times


def table(results: list[dict]) -> str:
    lines = [
        "| chart | events | marks drawn | WebGL | shape (s) | figure + HTML (s) | file (MB) "
        "| drawn in page (s) | zoom to a year (ms) | browser run with screenshot (s) |",
        "|---|---:|---:|:-:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        drawn = f"{r['drawn_ms'] / 1000:.1f}" if r.get("drawn_ms") else "–"
        zoom = str(r["zoom_ms"][0]) if r.get("zoom_ms") else "–"
        shot = f"{r['screenshot_s']:.1f}" if "screenshot_s" in r else "–"
        marks = f"{r['marks']:,}" if r.get("marks") is not None else "–"
        view = "events (default)" if r["view"] == "events" else "`--mentions`"
        lines.append(
            f"| {view} | {r['events']:,} | {marks} | {'yes' if r['webgl'] else 'no'} "
            f"| {r['shape_s']:.1f} | {r['html_s']:.1f} | {r['size_mb']:.1f} | {drawn} "
            f"| {zoom} | {shot} |"
        )
    return "\n".join(lines)


def image_table(results: list[dict]) -> str:
    lines = [
        "| events | PNG (s) | SVG (s) | PDF (s) | PNG / SVG / PDF (KB) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        sizes = " / ".join(f"{r[f + '_kb']:.0f}" for f in ("png", "svg", "pdf"))
        lines.append(
            f"| {r['events']:,} | {r['png']:.1f} | {r['svg']:.1f} | {r['pdf']:.1f} | {sizes} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", default="1000,10000,100000", help="comma-separated counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-images", action="store_true", help="skip the kaleido images")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    counts = [int(c) for c in args.events.split(",")]
    results = []
    for count in counts:
        for view in ("events", "mentions"):
            result = measure(count, args.seed, args.out, browser=not args.no_browser, view=view)
            print(result, file=sys.stderr)
            results.append(result)
    print(table(results))
    images = []
    if not args.no_images:
        for count in (counts[0], counts[-1]) if len(counts) > 1 else counts:
            images.append(image_times(count, args.seed, args.out))
            print(images[-1], file=sys.stderr)
        print(image_table(images))
    if args.write_readme:
        # here, not at the top: tests load this file as a module, without bench/ on the path
        from readme_sections import replace_marked_section

        replace_marked_section(
            SECTION_START,
            SECTION_END,
            section(table(results), image_table(images) if images else "", args),
        )


def section(figures: str, images: str, args: argparse.Namespace) -> str:
    command = f".venv/bin/python bench/render_bench.py --events {args.events} --write-readme"
    measured = (
        f"Measured {date.today().isoformat()} on a shared machine with {os.cpu_count()} CPUs "
        f"and no GPU, Chromium {chromium_version()}, with:"
    )
    parts = [SECTION_START, "## Rendering", "", RENDERING_TEXT.strip(), "", measured, "",
             "```", command, "```", "", figures]  # fmt: skip
    if images:
        parts += ["", IMAGES_TEXT.strip(), "", images]
    return "\n".join([*parts, SECTION_END])


def chromium_version() -> str:
    browser = chromium()
    if browser is None:
        return "(none)"
    done = subprocess.run([browser, "--version"], capture_output=True, text=True, timeout=30)
    return done.stdout.split()[1] if len(done.stdout.split()) > 1 else done.stdout.strip()


RENDERING_TEXT = """
`bench/render_bench.py` generates N synthetic events (seeded; ten sources, articles of about
twenty events, 70 % days, 15 % months, 8 % years, 4 % ranges of years, 3 % approximate days,
sentences of 10 to 40 words) and draws them as the two charts of `timeline render`:

- **events** (the default): one mark per event, the events that fit at the zoom level with
  their labels, the rest counted in the density strip (`timeline/present/placement.py`). The
  page lays itself out again for the window and on every zoom (`assets/lod.js`), so however
  many events there are, it draws at most 2,000 marks (*marks drawn*: at 1400 × 900, first
  view). Each page carries every event (items and citations) for zooming in.
- **`--mentions`**: every mention drawn, marks sharing a lane and bounds merged (*marks*);
  above 5,000 marks (`timeline.present.chart.LARGE_MARKS`) every mark is WebGL (`Scattergl`):
  points as markers, bars as thick line segments in one trace with `None` between segments
  plus a hover handle in the middle of each bar; hover labels are built in the page from the
  citation table; a strip of events per period under the lanes and in the range slider.

*Shape* is `event_chart` / `chart_data`, *figure + HTML* is `event_html` / `to_html`; *drawn
in page* is the time from navigation start until the chart is drawn and laid out for the
window, as the page itself reports it (`data-tl-drawn`); *browser run* is the wall time of a
whole `chromium --screenshot` run (start, load, draw, capture, exit); *zoom* is the page's own
timing of a redraw zoomed to the last year of the data (for the event chart: until the new
layout of what fits, labels and strip included, is drawn). Every file embeds plotly.js
(4.8 MB) so that it opens offline; `timeline render --cdn` leaves it out.
"""

IMAGES_TEXT = """
Static images (`timeline render -o chart.png|.svg|.pdf`, 1400 × 900 by default) are drawn by
plotly.js in a headless Chromium through kaleido: each command starts the browser once, which
is most of the time; the image holds the first view of the event chart, with its title.
"""


if __name__ == "__main__":
    main()
