"""The chronology of what a real database holds (SQLite and PostgreSQL)."""

from __future__ import annotations

from timeline.chronology import chronology_from_db, mention_rows, to_json_entries
from timeline.ingest.pipeline import store_records
from timeline.records import EventQuery

from helpers import article_record


def test_chronology_from_a_database(engine) -> None:
    store_records(
        engine,
        [
            article_record("The summit opened in Geneva on Tuesday. Talks went on.", "2020-03-10"),
            article_record("Tuesday's summit in Geneva ended without a deal.", "2020-03-11"),
            article_record(
                "Since the Geneva summit on 10 March, talks have stalled.", "2020-03-20"
            ),
            article_record(
                "Tensions rose in March. A storm hit the coast on Saturday.", "2020-03-16"
            ),
        ],
        workers=1,
    )
    rows = mention_rows(engine, EventQuery())
    assert {"article_id", "published", "lower", "upper", "granularity", "sentence"} <= set(rows[0])
    chronology = chronology_from_db(engine, EventQuery(), dates=2)
    entries = to_json_entries(chronology)
    assert [e["date"] for e in entries] == ["2020-03-10", "2020-03-14"]
    assert entries[0]["rank"] == 1 and entries[0]["articles"] == 3
    assert entries[0]["sentences"][0]["source"] == "S"
    # the filters are the query's: only what mentions the storm
    (storm,) = to_json_entries(chronology_from_db(engine, EventQuery(text="storm")))
    assert storm["date"] == "2020-03-14"
