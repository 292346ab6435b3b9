"""The ingest pipeline on real databases: skipping what is stored, several workers."""

from __future__ import annotations

from timeline.db.engine import open_database
from timeline.db.queries import query_mentions
from timeline.ingest.pipeline import store_records
from timeline.records import EventQuery

from helpers import article_record


def test_reingest_and_duplicates_within_a_batch_are_skipped(engine):
    records = [
        article_record("It began on Monday."),
        article_record("It began on Monday.", position=2),
    ]
    first = store_records(engine, records)
    assert (first.new, first.skipped, first.mentions) == (1, 1, 1)
    again = store_records(engine, records)
    assert (again.new, again.skipped, again.mentions) == (0, 2, 0)


def test_workers_store_the_same_as_one_process(db_url, tmp_path):
    records = [
        article_record(
            f"Report {i}: the talks ended on Monday, {i} days after 2019 began.", position=i
        )
        for i in range(40)
    ]
    results = []
    for url, workers in [(db_url, 2), (f"sqlite:///{tmp_path / 'one.db'}", 1)]:
        engine = open_database(url)
        summary = store_records(engine, records, workers=workers, batch_size=7)
        assert (summary.new, summary.skipped) == (40, 0)
        results.append(
            sorted(
                (r["sentence"], r["start"], r["end"]) for r in query_mentions(engine, EventQuery())
            )
        )
        engine.dispose()
    assert results[0] == results[1] and len(results[0]) == 80
