"""`timeline render` from the command line: the page, the chronology view, static images
through kaleido (PNG, SVG, PDF), and the width of `timeline query`'s table."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import cli

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('static') / 'seeds.db'}"
    result = CliRunner().invoke(
        cli, ["--db", url, "ingest", str(SEEDS), "--metadata", str(SEEDS / "metadata.csv")]
    )
    assert result.exit_code == 0, result.output
    return url


def run(url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_render_draws_events_by_default_and_mentions_on_request(seed_db, tmp_path):
    out = run(seed_db, "render", "-o", str(tmp_path / "e.html"), "--theme", "dark")
    assert out.startswith(f"wrote {tmp_path / 'e.html'} (") and "events)" in out
    page = (tmp_path / "e.html").read_text(encoding="utf-8")
    assert 'id="tl-items"' in page and 'class="tl-dark"' in page
    out = run(seed_db, "render", "--mentions", "-o", str(tmp_path / "m.html"))
    assert "25 mentions" in out
    assert 'id="tl-items"' not in (tmp_path / "m.html").read_text(encoding="utf-8")


def test_render_chronology_and_chronology_html(seed_db, tmp_path):
    out = run(seed_db, "render", "--chronology", "--dates", "3", "-o", str(tmp_path / "c.html"))
    assert "3 dates of" in out
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert '"noun":"dates"' in page
    out = run(seed_db, "chronology", "--format", "html", "-o", str(tmp_path / "d.html"))
    assert out.startswith(f"wrote {tmp_path / 'd.html'}")
    result = CliRunner().invoke(cli, ["--db", seed_db, "chronology", "--format", "html"])
    assert result.exit_code == 2 and "-o FILE" in result.output


def test_render_refuses_contradictory_options(seed_db, tmp_path):
    for args in (["--mentions", "--chronology"], ["--dates", "3"]):
        result = CliRunner().invoke(
            cli, ["--db", seed_db, "render", *args, "-o", str(tmp_path / "x.html")]
        )
        assert result.exit_code == 2, result.output


def test_query_table_width(seed_db):
    default = run(seed_db, "query", "--from", "1980", "--to", "1988")
    # not a terminal: sentences cut at 80 characters, as before
    assert "Relations between the two countries were not always close -- they fought a bloo…" in (
        default
    )
    whole = run(seed_db, "query", "--from", "1980", "--to", "1988", "--width", "0")
    assert "they fought a bloody war from 1980 to 1988." in whole
    short = run(seed_db, "query", "--from", "1980", "--to", "1988", "--width", "20")
    assert "Relations between t…" in short


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="static images need Chromium"
)
def test_render_writes_png_svg_and_pdf_images_of_the_size_asked(seed_db, tmp_path):
    pytest.importorskip("kaleido")
    from PIL import Image

    png = tmp_path / "seeds.png"
    out = run(seed_db, "render", "-o", str(png), "--width", "1200", "--height", "700",
              "--title", "Iran & Iraq, 2020")  # fmt: skip
    assert out.startswith(f"wrote {png}")
    with Image.open(png) as image:
        assert image.size == (1200, 700)
        colors = image.convert("RGB").getcolors(maxcolors=1200 * 700)
        assert len(colors) > 100  # not blank: marks, labels, axis
        # the point and bar colours are drawn
        assert any(abs(r - 0xC2) < 30 and abs(g - 0x41) < 30 and b < 60 for _, (r, g, b) in colors)
    svg = tmp_path / "seeds.svg"
    run(seed_db, "render", "-o", str(svg), "--kind", "histogram")
    drawing = svg.read_text(encoding="utf-8")
    assert drawing.startswith("<svg") and "Timeline" in drawing
    pdf = tmp_path / "seeds.pdf"
    run(seed_db, "render", "-o", str(pdf), "--chronology", "--dates", "5")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_an_image_shows_the_first_view_or_every_event():
    from test_chart import seed_events

    from timeline.present.lod import event_chart
    from timeline.present.static import image_figure

    chart = event_chart(seed_events())
    first = image_figure(chart, title="t").layout.xaxis.range
    whole = image_figure(chart, title="t", whole=True).layout.xaxis.range
    assert tuple(first) == pytest.approx(chart.first_view)
    assert tuple(whole) == pytest.approx(chart.full_range)
    assert whole[0] < first[0]  # the 1980 – 1988 war is in the whole range only
