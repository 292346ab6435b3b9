"""Start-up time of the command line, side by side with the floor of any Click program.

Runs, alternately and REPEAT times each, in fresh processes:
- ``python -c "import click"``: what any Click command line costs at least;
- ``timeline --help``;
- ``timeline query`` on an up-to-date SQLite database of the seed articles (one version query,
  no Alembic, no Plotly, no dateparser);
and prints min and median wall time of each and the ratio to the Click floor, then the
largest cumulative imports of ``timeline --help`` (``python -X importtime``).

    python bench/startup.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TIMELINE = str(Path(PYTHON).with_name("timeline"))  # the console script a user runs


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def importtime_top(command: list[str], count: int = 8) -> list[tuple[int, str]]:
    done = subprocess.run(
        [PYTHON, "-X", "importtime", *command], capture_output=True, text=True, check=True
    )
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match and len(match[3]) <= 2:  # top-level imports of the command
            rows.append((int(match[2]), match[4]))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/seeds.db"
        subprocess.run(
            [PYTHON, "-m", "timeline", "--db", url, "ingest", str(ROOT / "seeds"), "--metadata",
             str(ROOT / "seeds" / "metadata.csv")],
            check=True,
            capture_output=True,
        )  # fmt: skip
        commands = {
            'python -c "import click"': [PYTHON, "-c", "import click"],
            "timeline --help": [TIMELINE, "--help"],
            "timeline query (seeds)": [TIMELINE, "--db", url, "query"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(timed(command))
    floor = min(times['python -c "import click"'])
    print(f"{'command':<28} {'min s':>7} {'median s':>9} {'min / click':>12}")
    for name, values in times.items():
        low, middle = min(values), statistics.median(values)
        print(f"{name:<28} {low:7.3f} {middle:9.3f} {low / floor:11.2f}x")
    print("\nlargest imports of `timeline --help` (cumulative µs):")
    for micros, module in importtime_top(["-m", "timeline", "--help"]):
        print(f"  {micros:>8}  {module}")


if __name__ == "__main__":
    main()
