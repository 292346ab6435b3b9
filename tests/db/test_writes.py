"""Writes: re-dating an article re-resolves it in one transaction (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select

from timeline.db.models import Article
from timeline.db.queries import query_mentions
from timeline.db.writes import Written, set_article_date
from timeline.ingest.pipeline import store_records
from timeline.records import EventQuery

from helpers import article_record


def test_set_date_re_resolves_in_one_transaction(engine):
    store_records(engine, [article_record("The talks ended on Monday.")])
    article_id = query_mentions(engine, EventQuery())[0]["article_id"]
    assert set_article_date(engine, article_id, "2021-01-06") == Written(
        new=1, expressions=1, mentions=1, unresolved=0
    )
    (row,) = query_mentions(engine, EventQuery())
    assert (row["start"], row["published"]) == ("2021-01-04", "2021-01-06")
    with engine.connect() as conn:
        origin = conn.execute(select(Article.published_origin)).scalar_one()
    assert origin == "given"
