"""Start-up stays light: `--help` loads no database library, and a query on an up-to-date
database loads neither Alembic nor Plotly nor dateparser (bench/startup.py times it)."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from timeline.cli import cli

HEAVY = ("sqlalchemy", "alembic", "plotly", "dateparser", "psycopg", "charset_normalizer")
PROBE = """
import sys
from timeline.cli import cli
try:
    cli(sys.argv[1:], prog_name="timeline")
except SystemExit:
    pass
heavy = {heavy!r}
print("loaded:", *sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy)), file=sys.stderr)
"""


def loaded_by(*args: str) -> set[str]:
    """The heavy top-level packages a fresh interpreter has loaded after running the CLI."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("loaded:")]
    return set(line.split()[1:])


def test_help_loads_no_heavy_library():
    assert loaded_by("--help") == set()
    assert loaded_by("query", "--help") == set()


def test_query_on_an_up_to_date_database_loads_no_alembic_plotly_or_dateparser(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    assert CliRunner().invoke(cli, ["--db", url, "stats"]).exit_code == 0  # created, migrated
    assert loaded_by("--db", url, "query") == {"sqlalchemy"}
