"""Ingest throughput and peak memory: `timeline ingest` on a synthetic JSONL corpus.

    python bench/ingest_bench.py --articles 2000 --workers 1,2 --repeat 3
    python bench/ingest_bench.py --articles 100000 --workers 2 --repeat 1   # memory target
    python bench/ingest_bench.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test

Runs the installed `timeline` command into a fresh database for each run: a new SQLite
file, or with --db a new database on that PostgreSQL server (created beside the one the
URL names, dropped afterwards); worker counts side by side on the same corpus. Reports
articles/s (median of --repeat runs), the ratio of each worker count to one worker, and
the peak resident memory of the whole process tree (not the PostgreSQL server's).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from procmem import run_measured

HERE = Path(__file__).resolve().parent
TIMELINE = Path(sys.executable).with_name("timeline")


def corpus(articles: int, words: int, seed: int) -> Path:
    path = HERE / ".cache" / f"news-{articles}-{words}-{seed}.jsonl"
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_corpus.py"),
                "--articles",
                str(articles),
                "--words",
                str(words),
                "--seed",
                str(seed),
                "--out",
                str(path),
            ],
            check=True,
        )
    return path


_RUNS = itertools.count()


@contextmanager
def fresh_database(server: str | None) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file, or a new database on ``server``."""
    if server is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(server)
    name = f"timeline_bench_{os.getpid()}_{next(_RUNS)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--db",
        metavar="URL",
        help="a PostgreSQL database URL: each run ingests into a new database on that server "
        "(default: a new SQLite file)",
    )
    args = parser.parse_args()
    source = corpus(args.articles, args.words, args.seed)
    print(
        f"corpus: {source.name} ({source.stat().st_size / 1e6:.1f} MB), "
        f"{args.articles} articles of ~{args.words} words"
    )
    counts = [int(w) for w in args.workers.split(",")]
    runs: dict[int, list[float]] = {w: [] for w in counts}
    peaks: dict[int, list[int]] = {w: [] for w in counts}
    lines: dict[int, str] = {}
    # interleaved (1, 2, 1, 2, …): a noisy neighbour slows both settings alike
    for _ in range(args.repeat):
        for workers in counts:
            with fresh_database(args.db) as url:
                elapsed, peak, done = run_measured(
                    [str(TIMELINE), "--db", url, "ingest", str(source), "--workers", str(workers)]
                )
            if done.returncode != 0:
                sys.exit(f"ingest failed: {done.stderr}")
            runs[workers].append(args.articles / elapsed)
            peaks[workers].append(peak)
            lines[workers] = done.stdout.strip()
    rates = {w: statistics.median(r) for w, r in runs.items()}
    print("| workers | articles/s (median) | runs | peak RSS (MB) | summary |")
    print("|---|---|---|---|---|")
    for workers in counts:
        print(
            f"| {workers} | {rates[workers]:.0f} | {', '.join(f'{r:.0f}' for r in runs[workers])} "
            f"| {max(peaks[workers]) / 1e6:.0f} | {lines[workers]} |"
        )
    if 1 in rates:
        for workers, rate in rates.items():
            if workers != 1:
                print(f"\n{workers} workers / 1 worker: {rate / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
