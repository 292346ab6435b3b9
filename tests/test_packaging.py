"""A wheel built from the checkout carries the migrations, the tagger's rules and the chart
page's assets, and works installed away from the checkout (no alembic/ folder next to it)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("timeline-*.whl")
    return built


def test_wheel_ships_migrations_and_rules(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    versions = sorted(p.name for p in (REPO / "alembic" / "versions").glob("*.py"))
    assert "timeline/migrations/env.py" in names
    assert "timeline/migrations/script.py.mako" in names
    assert {f"timeline/migrations/versions/{v}" for v in versions} <= names
    rules = sorted(p.name for p in (REPO / "timeline" / "resources" / "en" / "rules").iterdir())
    assert {f"timeline/resources/en/rules/{r}" for r in rules} <= names
    assert "timeline/resources/en/tense.toml" in names
    # the chart page's scripts, style sheet and templates, read at render time
    assets = sorted(p.name for p in (REPO / "timeline" / "present" / "assets").iterdir())
    assert {"page.js", "page.css", "page.html"} <= set(assets)
    assert {f"timeline/present/assets/{a}" for a in assets} <= names


def test_installed_wheel_migrates_and_ingests(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    work = tmp_path / "work"
    work.mkdir()
    (work / "note.txt").write_text("The ceasefire was signed on July 21, 2020.\n")
    # the installed copy comes first on the path; the checkout is not importable from here
    code = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); import timeline; "
        "assert timeline.__file__.startswith(sys.argv[1]), timeline.__file__; "
        "sys.argv.pop(1); from timeline.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(site), str(site), "--db", "sqlite:///t.db",
         "ingest", "note.txt", "--published", "2020-07-22"],
        cwd=work,
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(work / "t.db") as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        (dated,) = connection.execute("SELECT count(*) FROM events").fetchone()
    head = sorted((REPO / "alembic" / "versions").glob("*.py"))[-1].name.split("_")[0]
    assert revision == head
    assert dated == 1


def test_installed_wheel_renders_a_page_from_its_assets(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    # the installed copy comes first on the path: the page's scripts come from its assets
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import timeline; "
        "assert timeline.__file__.startswith(sys.argv[1]), timeline.__file__; "
        "from timeline.present.chart import chart_data; "
        "from timeline.present.render import to_html; "
        "row = {'id': 1, 'lower': 737627, 'upper': 737627, 'value': '2020-07-21', "
        "'article_id': 1, 'source': 'AFP', 'sentence': 'Talks.'}; "
        "print(to_html(chart_data([row]), include_plotlyjs=False))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(site)], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "function tlTicks" in result.stdout and 'id="tl-config"' in result.stdout
    assert ".tl-panel" in result.stdout and 'id="tl-panel-body"' in result.stdout
