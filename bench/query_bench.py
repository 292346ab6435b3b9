"""Range queries on a large event table: latency, plan, and the span-class index vs a plain one.

    python bench/query_bench.py --events 1000000                                  # SQLite
    python bench/query_bench.py --events 1000000 --db postgresql+psycopg://postgres@127.0.0.1/test

Fills a database (once, cached for SQLite under bench/.cache/) with synthetic events whose
spans mix days, weeks, months, years, decades and centuries from 500 BC to 2024, then times
`query_mentions` — the function behind `timeline query --from X --to Y --limit 1000` — over
random windows of one day to one year, and the same windows with the naive overlap test
(lower_day <= Y AND upper_day >= X, which can only use the (lower_day, upper_day) index).
Prints medians, the ratio, and both engines' query plans.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, and_, func, insert, select, text

from timeline.calendar import day_number, iso
from timeline.db.engine import open_database
from timeline.db.models import Article, Mention, span_class
from timeline.db.queries import overlap_condition, query_mentions
from timeline.records import EventQuery

HERE = Path(__file__).resolve().parent
SPANS = [(1, 0.70), (7, 0.10), (30, 0.12), (365, 0.06), (3652, 0.015), (36524, 0.005)]
EVENTS_PER_ARTICLE = 100


def populate(engine: Engine, events: int, seed: int) -> None:
    rng = random.Random(seed)
    start, end = day_number(-500), day_number(2024, 12, 31)
    dense = day_number(1800)
    lengths, weights = zip(*SPANS, strict=True)
    articles = events // EVENTS_PER_ARTICLE
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(Article.__table__),
            [
                {
                    "text": f"article {i}",
                    "content_hash": f"bench-{i}",
                    "published_origin": "cli",
                    "language": "en",
                    "ingested_at": now,
                    "source": f"source {i % 20}",
                }
                for i in range(articles)
            ],
        )
        first_id = conn.execute(select(func.min(Article.id))).scalar_one()
    words = ["talks", "strike", "election", "treaty", "ceasefire", "summit", "protest", "vote"]
    batch = []
    for i in range(events):
        lower = rng.randint(dense, end) if rng.random() < 0.9 else rng.randint(start, dense)
        upper = lower + rng.choices(lengths, weights)[0] - 1
        batch.append(
            {
                "article_id": first_id + i // EVENTS_PER_ARTICLE,
                "sentence": f"The {rng.choice(words)} in city {rng.randrange(500)} was reported.",
                "sentence_start": 0,
                "sentence_end": 40,
                "lower_day": lower,
                "upper_day": upper,
                "span_class": span_class(lower, upper),
                "start_date": iso(lower),
                "end_date": iso(upper),
                "granularity": "day",
                "value": iso(lower),
                "expression_text": "x",
            }
        )
        if len(batch) == 20000:
            with engine.begin() as conn:
                conn.execute(insert(Mention.__table__), batch)
            batch.clear()
            print(f"\r  {i + 1:,} events", end="", flush=True)
    if batch:
        with engine.begin() as conn:
            conn.execute(insert(Mention.__table__), batch)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    print()


def ids(engine: Engine, condition, limit: int) -> int:
    """Only the index work: ids of the overlapping events, in order."""
    statement = (
        select(Mention.id)
        .where(condition)
        .order_by(Mention.lower, Mention.upper, Mention.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        return len(conn.execute(statement).all())


def plan(engine: Engine, lower: int, upper: int) -> str:
    statement = select(Mention.id).where(overlap_condition(lower, upper)).order_by(Mention.lower)
    sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        rows = conn.execute(text(prefix + sql)).all()
    return "\n".join(" ".join(str(c) for c in row[-1:]) for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--db", help="database URL (default: a cached SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{HERE / '.cache' / f'events-{args.events}.db'}"
    (HERE / ".cache").mkdir(exist_ok=True)
    engine = open_database(url)
    with engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(Mention)).scalar_one()
    if have != args.events:
        if have:
            raise SystemExit(f"{url} holds {have:,} events, not {args.events:,}: use a new one")
        print(f"filling {engine.dialect.name} with {args.events:,} events…")
        started = time.perf_counter()
        populate(engine, args.events, args.seed)
        print(f"  filled in {time.perf_counter() - started:.0f} s")

    rng = random.Random(args.seed + 1)
    windows = []
    for _ in range(args.queries):
        lower = rng.randint(day_number(1800), day_number(2024))
        windows.append((lower, lower + rng.choice([0, 0, 1, 6, 30, 364])))
    full, ours, naive, sizes = [], [], [], []
    for lower, upper in windows:  # warm-up pass, then timed passes
        query_mentions(engine, EventQuery(lower=lower, upper=upper, limit=args.limit))
    for lower, upper in windows:
        started = time.perf_counter()
        rows = query_mentions(engine, EventQuery(lower=lower, upper=upper, limit=args.limit))
        full.append(time.perf_counter() - started)
        sizes.append(len(rows))
        started = time.perf_counter()
        ids(engine, overlap_condition(lower, upper), args.limit)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        ids(engine, and_(Mention.lower <= upper, Mention.upper >= lower), args.limit)
        naive.append(time.perf_counter() - started)
    print(
        f"\n{engine.dialect.name}, {args.events:,} events, {args.queries} windows of 1 day to "
        f"1 year, --limit {args.limit}; rows returned: median {statistics.median(sizes):.0f}, "
        f"max {max(sizes)}"
    )
    print("| query | median ms | p90 ms |")
    print("|---|---|---|")
    for name, times in [
        ("timeline query (full rows with article fields)", full),
        ("event ids, span-class overlap", ours),
        ("event ids, naive overlap", naive),
    ]:
        times = sorted(times)
        print(
            f"| {name} | {statistics.median(times) * 1e3:.1f} | "
            f"{times[int(len(times) * 0.9)] * 1e3:.1f} |"
        )
    ratio = statistics.median(naive) / statistics.median(ours)
    print(f"\nnaive / span classes (ids only): {ratio:.1f}x")
    lower, upper = windows[0]
    print(f"\nplan ({engine.dialect.name}):\n{plan(engine, lower, upper)}")


if __name__ == "__main__":
    main()
