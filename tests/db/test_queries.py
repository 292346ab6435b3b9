"""Reading the database: range overlap, full-text search, query arguments (SQLite and
PostgreSQL)."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, text, update

from timeline.calendar import MAX_DAY, MIN_DAY, day_number, iso
from timeline.dates import date_bound
from timeline.db.models import Article, Mention, span_class
from timeline.db.queries import query_mentions
from timeline.errors import BadDate
from timeline.ingest.pipeline import store_records
from timeline.records import EventQuery

from helpers import article_record


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2020", False, "2020-01-01"),
        ("2020", True, "2020-12-31"),
        ("2020-01", True, "2020-01-31"),
        ("2020-02", True, "2020-02-29"),
        ("2020-07-21", False, "2020-07-21"),
        ("2020-07-21", True, "2020-07-21"),
        ("-0043", False, "-0043-01-01"),
        ("-0100", True, "-0100-12-31"),
        ("0100", True, "0100-12-31"),
    ],
)
def test_date_bound(text, end, expected):
    assert iso(date_bound(text, end=end)) == expected


@pytest.mark.parametrize("text", ["", "July", "2020-13", "2020-02-30", "20200", "2020/01/01"])
def test_bad_dates_are_rejected(text):
    with pytest.raises(BadDate):
        date_bound(text)


def test_from_after_to_is_an_error():
    with pytest.raises(BadDate, match="after"):
        EventQuery.from_strings("2021", "2020")


def test_query_from_strings_bounds():
    q = EventQuery.from_strings("2020-01", "2020-01", text="war")
    assert (q.lower, q.upper, q.text) == (day_number(2020, 1, 1), day_number(2020, 1, 31), "war")


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
            insert(Mention.__table__),
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
                for r in query_mentions(engine, EventQuery(lower=lower, upper=upper))
            )
            lo = MIN_DAY if lower is None else lower
            hi = MAX_DAY if upper is None else upper
            assert found == sorted((x, y) for x, y in rows if x <= hi and y >= lo)


def test_full_text_search_follows_inserts_updates_and_deletes(engine):
    summary = store_records(engine, [article_record("The drone strike happened on Sunday.")])
    assert summary.mentions == 1
    assert [r["sentence"] for r in query_mentions(engine, EventQuery(text="drone"))] == [
        "The drone strike happened on Sunday."
    ]
    assert query_mentions(engine, EventQuery(text="strikes"))  # stemmed
    with engine.begin() as conn:
        conn.execute(update(Mention.__table__).values(sentence="A missile attack on Sunday."))
    assert query_mentions(engine, EventQuery(text="drone")) == []
    assert len(query_mentions(engine, EventQuery(text="missile"))) == 1
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM articles"))
    assert query_mentions(engine, EventQuery(text="missile")) == []


def test_text_search_is_literal(engine):
    store_records(engine, [article_record('He said "NEAR" - not * on Sunday.')])
    for words in ['"', "*", "NEAR", "-", "a OR b", "'; DROP TABLE events; --", "NOT"]:
        query_mentions(engine, EventQuery(text=words))  # no syntax error
    assert len(query_mentions(engine, EventQuery(text="NEAR"))) == 1
