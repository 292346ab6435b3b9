"""Rendering benchmark: build time, file size and browser load time of large timelines.

    .venv/bin/python bench/render_bench.py [--events 1000,10000,100000] [--seed 1]
                                           [--out DIR] [--no-browser] [--write-readme]

For each count it generates that many synthetic events (seeded: the same events every run),
shapes them (``chart_data``), writes the self-contained page (``to_html``, plotly.js embedded)
and opens it in headless Chromium twice: ``--dump-dom`` reads the time, from navigation start,
at which the page says ``Plotly.newPlot`` resolved (``data-tl-drawn``), and ``--screenshot``
gives the wall time of a whole browser run that loads, draws and captures the page.
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
from timeline.present.render import to_html

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
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


def drawn_ms(page: Path) -> int | None:
    """Milliseconds from navigation start to the drawn chart, as the page itself reports."""
    _, dom = run_chromium(
        page, "--window-size=1400,900", "--virtual-time-budget=60000", "--dump-dom"
    )
    match = re.search(r'data-tl-drawn="(\d+)"', dom)
    return int(match.group(1)) if match else None


# Once drawn: zoom to the last year of the data, then back out to all of it, timing each
# redraw (the x axis is WebGL's and the range slider's too); scripts are dropped before the
# DOM is dumped, so that the dump is small.
ZOOM_JS = """<script>
(function poll() {
  if (!document.body.hasAttribute("data-tl-drawn")) return setTimeout(poll, 50);
  const gd = document.querySelector(".plotly-graph-div");
  const all = gd._fullLayout.xaxis.range.slice(), end = all[1];
  const t0 = performance.now();
  Plotly.relayout(gd, {"xaxis.range": [end - 1, end]}).then(function () {
    const t1 = performance.now();
    return Plotly.relayout(gd, {"xaxis.range": all}).then(function () {
      const t2 = performance.now();
      document.querySelectorAll("script").forEach(function (s) { s.remove(); });
      document.body.setAttribute("data-tl-zoom", Math.round(t1 - t0) + "," + Math.round(t2 - t1));
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


def measure(count: int, seed: int, out: Path, browser: bool) -> dict:
    events = synthetic_events(count, seed)
    started = time.perf_counter()
    chart = chart_data(events, group_by="source")
    shaped = time.perf_counter()
    page = to_html(chart, title=f"{count:,} synthetic events")
    built = time.perf_counter()
    path = out / f"render-{count}.html"
    path.write_text(page, encoding="utf-8")
    result = {
        "events": count,
        "marks": chart.mark_count,
        "webgl": chart.large,
        "shape_s": shaped - started,
        "html_s": built - shaped,
        "size_mb": path.stat().st_size / 1e6,
    }
    if browser and chromium():
        result["drawn_ms"] = drawn_ms(path)
        result["zoom_ms"] = zoom_ms(path)
        shot = out / f"render-{count}.png"
        wall, _ = run_chromium(path, "--window-size=1400,900", f"--screenshot={shot}")
        result["screenshot_s"] = wall
    return result


def table(results: list[dict]) -> str:
    lines = [
        "| events | marks | WebGL | shape (s) | figure + HTML (s) | file (MB) "
        "| drawn in page (s) | zoom to a year / back (ms) | browser run with screenshot (s) |",
        "|---:|---:|:-:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        drawn = f"{r['drawn_ms'] / 1000:.1f}" if r.get("drawn_ms") else "–"
        zoom = "{} / {}".format(*r["zoom_ms"]) if r.get("zoom_ms") else "–"
        shot = f"{r['screenshot_s']:.1f}" if "screenshot_s" in r else "–"
        lines.append(
            f"| {r['events']:,} | {r['marks']:,} | {'yes' if r['webgl'] else 'no'} "
            f"| {r['shape_s']:.1f} | {r['html_s']:.1f} | {r['size_mb']:.1f} | {drawn} "
            f"| {zoom} | {shot} |"
        )
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    if SECTION_START in readme:
        start = readme.index(SECTION_START)
        end = readme.index(SECTION_END) + len(SECTION_END)
        readme = readme[:start] + text + readme[end:]
    else:
        readme = readme.rstrip("\n") + "\n\n" + text + "\n"
    README.write_text(readme, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", default="1000,10000,100000", help="comma-separated counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for count in (int(c) for c in args.events.split(",")):
        result = measure(count, args.seed, args.out, browser=not args.no_browser)
        print(result, file=sys.stderr)
        results.append(result)
    print(table(results))
    if args.write_readme:
        write_readme(section(table(results), args))


def section(figures: str, args: argparse.Namespace) -> str:
    command = f".venv/bin/python bench/render_bench.py --events {args.events} --write-readme"
    measured = (
        f"Measured {date.today().isoformat()} on a shared machine with {os.cpu_count()} CPUs "
        f"and no GPU, Chromium {chromium_version()}, with:"
    )
    return "\n".join([SECTION_START, "## Rendering", "", RENDERING_TEXT.strip(), "", measured,
                      "", "```", command, "```", "", figures, SECTION_END])  # fmt: skip


def chromium_version() -> str:
    browser = chromium()
    if browser is None:
        return "(none)"
    done = subprocess.run([browser, "--version"], capture_output=True, text=True, timeout=30)
    return done.stdout.split()[1] if len(done.stdout.split()) > 1 else done.stdout.strip()


RENDERING_TEXT = """
`bench/render_bench.py` generates N synthetic events (seeded; ten sources, articles of about
twenty events, 70 % days, 15 % months, 8 % years, 4 % ranges of years, 3 % approximate days,
sentences of 10 to 40 words), shapes them (`chart_data`), writes the page (`to_html`,
plotly.js embedded) and opens it in headless Chromium with software WebGL (SwiftShader; no
GPU here). *Marks* are the points and bars left once events sharing a lane and bounds are
merged; *shape* is `chart_data`, *figure + HTML* is `to_html`; *drawn in page* is the time
from navigation start until `Plotly.newPlot` has resolved and the hover labels are built, as
the page itself reports it (`data-tl-drawn`); *browser run* is the wall time of a whole
`chromium --screenshot` run (start, load, draw, capture, exit); *zoom* is the page's own
timing of a redraw zoomed to the last year of the data, then back out to all of it.

How 100,000 events stay usable: above 5,000 marks (`timeline.present.chart.LARGE_MARKS`) every mark
is WebGL (`Scattergl`): points as markers, bars as thick line segments in one trace with
`None` between segments plus a hover handle in the middle of each bar. Hover labels are then
built in the page from the citation table the click panel needs anyway
(`timeline/present/assets/hover.js`, a port of `timeline.present.hover.hover_text` tested
against it), so article text is written once, not twice.
Zoomed out, a strip under the lanes and the range slider (which cannot draw WebGL) show the
events aggregated per month or year, the longer periods apart from the precisely dated.
Every file embeds plotly.js (4.8 MB) so that it opens offline; `timeline render --cdn` leaves
it out.
"""


if __name__ == "__main__":
    main()
