"""Storing and finding events on real databases (SQLite file and PostgreSQL schema)."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlalchemy import insert, select, text, update

from timeline.calendar import MAX_DAY, MIN_DAY, day_number
from timeline.db.models import Article, Event, span_class
from timeline.db.queries import EventQuery, query_events
from timeline.ingest.pipeline import ingest_records, set_article_date
from timeline.ingest.readers import ArticleRecord


def record(body: str, published: str | None = "2020-07-21", position: int = 1) -> ArticleRecord:
    return ArticleRecord(
        text=body,
        title="t",
        source="S",
        author=None,
        url=None,
        published=published,
        published_origin="cli" if published else "unknown",
        language="en",
        doc_type=None,
        origin_path="mem",
        position=position,
    )


def _article(conn) -> int:
    return conn.execute(
        insert(Article.__table__).returning(Article.__table__.c.id),
        {
            "text": "x",
            "content_hash": "h",
            "published_origin": "unknown",
            "language": "en",
            "ingested_at": datetime.now(UTC),
        },
    ).scalar_one()


def test_overlap_query_matches_the_naive_definition(engine):
    rng = random.Random(7)
    spans = [1, 1, 7, 30, 365, 3652, 36524, 365242]
    rows = []
    with engine.begin() as conn:
        article_id = _article(conn)
        for _ in range(600):
            lower = rng.randint(day_number(-3000), day_number(3000))
            upper = min(MAX_DAY, lower + rng.choice(spans) - 1)
            rows.append((lower, upper))
        conn.execute(
            insert(Event.__table__),
            [
                {
                    "article_id": article_id,
                    "sentence": "s",
                    "sentence_start": 0,
                    "sentence_end": 1,
                    "lower_day": lo,
                    "upper_day": up,
                    "span_class": span_class(lo, up),
                    "start_date": "",
                    "end_date": "",
                    "granularity": "day",
                    "value": "v",
                    "expression_text": "e",
                }
                for lo, up in rows
            ],
        )
    for _ in range(40):
        a = rng.randint(day_number(-3200), day_number(3200))
        b = a + rng.choice([0, 1, 30, 400, 5000, 200000])
        for lower, upper in [(a, b), (a, None), (None, b)]:
            found = sorted(
                (r["lower"], r["upper"])
                for r in query_events(engine, EventQuery(lower=lower, upper=upper))
            )
            lo = MIN_DAY if lower is None else lower
            hi = MAX_DAY if upper is None else upper
            assert found == sorted((x, y) for x, y in rows if x <= hi and y >= lo)


def test_full_text_search_follows_inserts_updates_and_deletes(engine):
    summary = ingest_records(engine, [record("The drone strike happened on Sunday.")])
    assert summary.events == 1
    assert [r["sentence"] for r in query_events(engine, EventQuery(text="drone"))] == [
        "The drone strike happened on Sunday."
    ]
    assert query_events(engine, EventQuery(text="strikes"))  # stemmed
    with engine.begin() as conn:
        conn.execute(update(Event.__table__).values(sentence="A missile attack on Sunday."))
    assert query_events(engine, EventQuery(text="drone")) == []
    assert len(query_events(engine, EventQuery(text="missile"))) == 1
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM articles"))
    assert query_events(engine, EventQuery(text="missile")) == []


def test_text_search_is_literal(engine):
    ingest_records(engine, [record('He said "NEAR" - not * on Sunday.')])
    for words in ['"', "*", "NEAR", "-", "a OR b", "'; DROP TABLE events; --", "NOT"]:
        query_events(engine, EventQuery(text=words))  # no syntax error
    assert len(query_events(engine, EventQuery(text="NEAR"))) == 1


def test_reingest_and_duplicates_within_a_batch_are_skipped(engine):
    records = [record("It began on Monday."), record("It began on Monday.", position=2)]
    first = ingest_records(engine, records)
    assert (first.new, first.skipped, first.events) == (1, 1, 1)
    again = ingest_records(engine, records)
    assert (again.new, again.skipped, again.events) == (0, 2, 0)


def test_workers_store_the_same_as_one_process(db_url, tmp_path):
    from timeline.db import engine as db

    records = [
        record(f"Report {i}: the talks ended on Monday, {i} days after 2019 began.", position=i)
        for i in range(40)
    ]
    results = []
    for url, workers in [(db_url, 2), (f"sqlite:///{tmp_path / 'one.db'}", 1)]:
        engine = db.open_database(url)
        summary = ingest_records(engine, records, workers=workers, batch_size=7)
        assert (summary.new, summary.skipped) == (40, 0)
        results.append(
            sorted(
                (r["sentence"], r["start"], r["end"]) for r in query_events(engine, EventQuery())
            )
        )
        engine.dispose()
    assert results[0] == results[1] and len(results[0]) == 80


def test_set_date_re_resolves_in_one_transaction(engine):
    ingest_records(engine, [record("The talks ended on Monday.")])
    article_id = query_events(engine, EventQuery())[0]["article_id"]
    assert set_article_date(engine, article_id, "2021-01-06") == (1, 1, 0)
    (row,) = query_events(engine, EventQuery())
    assert (row["start"], row["published"]) == ("2021-01-04", "2021-01-06")
    with engine.connect() as conn:
        origin = conn.execute(select(Article.published_origin)).scalar_one()
    assert origin == "set"
