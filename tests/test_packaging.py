"""A wheel built from the checkout carries the migrations and the tagger's rules, and works
installed away from the checkout (no alembic/ folder next to it)."""

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
