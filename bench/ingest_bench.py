"""Ingest throughput and peak memory: `timeline ingest` on the corpora a user brings.

    python bench/ingest_bench.py                          # both corpora, SQLite, 1 and 2 workers
    python bench/ingest_bench.py --backend sqlite --backend postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/ingest_bench.py --against /work/base/.venv/bin/timeline   # an older checkout
    python bench/ingest_bench.py --corpus synthetic --articles 100000 --workers 2 --repeat 1
    python bench/ingest_bench.py --corpus t17 --dask --backend postgresql+psycopg://postgres@127.0.0.1:5432/test

Corpora (``--corpus``, comma-separated):
- ``dense``: 2,000 synthetic wire stories of ~600 words, dense with dates (bench/make_corpus.py,
  seeded; written once to bench/.cache/);
- ``t17``: the 891 real news articles of ../shared/corpora/t17-dev/ (five JSONL files,
  publication dates given), ingested as they are;
- ``synthetic``: make_corpus.py with ``--articles``/``--words`` (the 100,000-article memory run).

Each run is the installed ``timeline`` command (or ``--against`` another one) into a fresh
database: a new SQLite file, or a new database on a PostgreSQL server (created beside the one
the URL names, dropped afterwards). Settings are interleaved (1, 2, 1, 2, …, SQLite then
PostgreSQL) so that a noisy neighbour slows them alike. Reported: articles/s (median and best
of ``--repeat`` runs), the CPU seconds of the whole process tree (user + system, main process
and workers: steadier than the wall clock on a busy machine), the peak resident memory of the
tree (the sum of each process's RSS: pages the workers share with the main process count in
each; not the PostgreSQL server), the ratio of each setting to one worker on SQLite, and
``timeline tag --jsonl`` on the same corpus (the tagger alone, one process) for scale.

``--dask`` runs ``ingest --dask local --workers N`` instead: a ``LocalCluster`` of N worker
processes that tag and write each batch themselves (use a PostgreSQL ``--backend``: that is
the store a real cluster shares).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from procmem import run_measured

HERE = Path(__file__).resolve().parent
TIMELINE = Path(sys.executable).with_name("timeline")
T17 = HERE.parent.parent / "shared" / "corpora" / "t17-dev"


@dataclass
class Corpus:
    name: str
    paths: list[Path]
    articles: int
    size: int  # bytes of text


def _count(paths: list[Path]) -> tuple[int, int]:
    articles = chars = 0
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                articles += 1
                chars += len(json.loads(line)["text"])
    return articles, chars


def synthetic(articles: int, words: int, seed: int) -> Path:
    path = HERE / ".cache" / f"news-{articles}-{words}-{seed}.jsonl"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        command = [sys.executable, str(HERE / "make_corpus.py"), "--out", str(path)]
        command += ["--articles", str(articles), "--words", str(words), "--seed", str(seed)]
        subprocess.run(command, check=True)
    return path


def corpus(name: str, args: argparse.Namespace) -> Corpus:
    if name == "dense":
        paths = [synthetic(2000, 600, 1)]
    elif name == "synthetic":
        paths = [synthetic(args.articles, args.words, args.seed)]
    elif name == "t17":
        paths = sorted(T17.glob("*/articles.jsonl"))
        if not paths:
            sys.exit(f"no t17-dev corpus at {T17}")
    else:
        sys.exit(f"unknown corpus {name!r} (dense, t17, synthetic)")
    articles, chars = _count(paths)
    return Corpus(name, paths, articles, chars)


_RUNS = itertools.count()


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file, or a new database on that server."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(backend)
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


@dataclass
class Setting:
    program: str
    backend: str
    workers: int
    rates: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # seconds, user + system, whole tree
    summary: str = ""

    @property
    def label(self) -> str:
        backend = "SQLite" if self.backend == "sqlite" else "PostgreSQL"
        program = "" if self.program == str(TIMELINE) else f" ({self.program})"
        return f"{backend}{program}"


def tag_alone(program: str, source: Corpus, repeat: int) -> list[float]:
    """Documents/s of ``timeline tag --jsonl`` over the corpus (one process, no database)."""
    with tempfile.TemporaryDirectory() as tmp:
        # the batch tagger reads the publication date from "dct"
        jsonl = Path(tmp) / "corpus.jsonl"
        documents = 0
        with jsonl.open("w", encoding="utf-8") as out:
            for path in source.paths:
                with path.open(encoding="utf-8") as lines:
                    for line in lines:
                        doc = json.loads(line)
                        if not doc["text"].strip():
                            continue  # (ingest skips these too)
                        doc["dct"] = doc.get("dct") or doc.get("published")
                        doc["doc_id"] = f"{path.parent.name}/{doc['doc_id']}"  # unique
                        out.write(json.dumps(doc) + "\n")
                        documents += 1
        rates = []
        for _ in range(repeat):
            started = time.perf_counter()
            command = [program, "tag", "--jsonl", str(jsonl), "--out", os.devnull]
            subprocess.run(command, check=True, capture_output=True)
            rates.append(documents / (time.perf_counter() - started))
    return rates


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # descendants reaped so far
    return usage.ru_utime + usage.ru_stime


def run(settings: list[Setting], source: Corpus, repeat: int, dask: bool = False) -> None:
    for _ in range(repeat):
        for setting in settings:  # interleaved: a noisy neighbour slows every setting alike
            with fresh_database(setting.backend) as url:
                command = [setting.program, "--db", url, "ingest", *map(str, source.paths)]
                command += ["--workers", str(setting.workers)]
                command += ["--dask", "local"] if dask else []
                before = _children_cpu()
                elapsed, peak, done = run_measured(command)
                setting.cpu.append(_children_cpu() - before)
            # exit status 1 with a summary: some lines were skipped (empty texts), as reported
            if done.returncode not in (0, 1) or "new article" not in done.stdout:
                sys.exit(f"ingest failed: {done.stderr}")
            setting.rates.append(source.articles / elapsed)
            setting.peaks.append(peak)
            setting.summary = done.stdout.strip().splitlines()[-1]


def report(
    settings: list[Setting], source: Corpus, tag_rates: dict[str, list[float]], dask: bool = False
) -> None:
    names = [p.parent.name if source.name == "t17" else p.name for p in source.paths]
    average = source.size / source.articles
    print(f"\ncorpus {source.name}: {', '.join(names)}" + (" (Dask LocalCluster)" if dask else ""))
    print(f"{source.articles} articles, {average:,.0f} characters each on average")
    print("| database | workers | articles/s median | best | runs | CPU s median | peak RSS (MB) |")
    print("|---|---|---|---|---|---|---|")
    for s in settings:
        runs = ", ".join(f"{r:.0f}" for r in s.rates)
        print(
            f"| {s.label} | {s.workers} | "
            f"{statistics.median(s.rates):.0f} | {max(s.rates):.0f} | {runs} | "
            f"{statistics.median(s.cpu):.1f} | {max(s.peaks) / 1e6:.0f} |"
        )
    for program, rates in tag_rates.items():
        print(
            f"`{Path(program).name} tag --jsonl` alone ({program}): median "
            f"{statistics.median(rates):.0f} documents/s, best {max(rates):.0f}"
        )
    print(f"summary: {settings[-1].summary}")
    by_key = {(s.program, s.backend, s.workers): s for s in settings}
    for s in settings:
        one = by_key.get((s.program, s.backend, 1))
        if one is not None and s.workers != 1:
            ratios = sorted(a / b for a, b in zip(s.rates, one.rates, strict=True))
            print(
                f"{s.label} {s.workers} workers / 1 worker: median "
                f"{statistics.median(ratios):.2f}x, min {ratios[0]:.2f}x (run by run)"
            )
        sqlite = by_key.get((s.program, "sqlite", s.workers))
        if sqlite is not None and s.backend != "sqlite":
            ratio = statistics.median(sqlite.rates) / statistics.median(s.rates)
            print(f"SQLite / PostgreSQL, {s.workers} worker(s): {ratio:.2f}x the time")
        mine = by_key.get((str(TIMELINE), s.backend, s.workers))
        if mine is not None and s is not mine:
            ratio = statistics.median(mine.rates) / statistics.median(s.rates)
            print(f"this checkout / {s.program}, {s.workers} worker(s): {ratio:.2f}x as fast")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="dense,t17", help="dense, t17, synthetic")
    parser.add_argument("--articles", type=int, default=2000, help="synthetic corpus size")
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--backend",
        action="append",
        metavar="sqlite|URL",
        help="sqlite, or a PostgreSQL URL: each run ingests into a new database on that server "
        "(repeat the option for both; default sqlite)",
    )
    parser.add_argument(
        "--against",
        metavar="PROGRAM",
        action="append",
        default=[],
        help="another `timeline` executable (an older checkout's) run side by side",
    )
    parser.add_argument("--no-tag", action="store_true", help="skip the tagger-alone runs")
    parser.add_argument(
        "--dask", action="store_true", help="ingest on a LocalCluster of --workers processes"
    )
    args = parser.parse_args()
    programs = [str(TIMELINE), *args.against]
    backends = args.backend or ["sqlite"]
    counts = [int(w) for w in args.workers.split(",")]
    for name in args.corpus.split(","):
        source = corpus(name, args)
        settings = [
            Setting(program, backend, workers)
            for program in programs
            for backend in backends
            for workers in counts
        ]
        run(settings, source, args.repeat, args.dask)
        tag_rates = {} if args.no_tag else {p: tag_alone(p, source, args.repeat) for p in programs}
        report(settings, source, tag_rates, args.dask)


if __name__ == "__main__":
    main()
