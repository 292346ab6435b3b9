"""Batches written in bulk: the SQLite full-text index filled without its trigger, events by
COPY on PostgreSQL; a batch that fails midway leaves nothing behind, the trigger included."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from timeline.db import writes
from timeline.db.engine import open_database
from timeline.db.models import Article, Event, Mention
from timeline.ingest.pipeline import ingest


def corpus(path, count: int):
    with path.open("w") as out:
        for i in range(count):
            name = "".join(chr(97 + int(d)) for d in str(i))  # a unique word per article
            body = (
                f"Talks in {name} ended on Monday, officials said. "
                f"The truce in {name} lasted from {1950 + i} to {1960 + i}."
            )
            out.write(json.dumps({"text": body, "published": "2020-07-21", "source": "S"}) + "\n")
    return path


def counts(engine) -> dict:
    with engine.connect() as conn:
        found = {
            "articles": conn.execute(select(func.count()).select_from(Article)).scalar(),
            "mentions": conn.execute(select(func.count()).select_from(Mention)).scalar(),
            "events": conn.execute(select(func.count()).select_from(Event)).scalar(),
        }
        if engine.dialect.name == "sqlite":
            triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
            found["triggers"] = list(conn.execute(text(triggers)).scalars())
            # raises if the index and the table disagree
            conn.execute(text("INSERT INTO mentions_fts(mentions_fts) VALUES ('integrity-check')"))
            match = "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'talks'"
            found["indexed"] = conn.execute(text(match)).scalar()
    return found


def test_a_large_batch_is_indexed_and_keeps_its_trigger(db_url, tmp_path):
    engine = open_database(db_url)
    report = ingest(engine, [corpus(tmp_path / "a.jsonl", 60)])
    assert report.new == 60 and report.mentions == 120  # over FTS_BULK_ROWS in one batch
    assert report.mentions >= writes.FTS_BULK_ROWS
    found = counts(engine)
    assert (found["articles"], found["mentions"]) == (60, 120)
    assert found["events"] == 61  # one Monday, reported 60 times; 60 truces
    if engine.dialect.name == "sqlite":
        assert found["triggers"] == [
            "mentions_fts_delete",
            "mentions_fts_insert",
            "mentions_fts_update",
        ]
        assert found["indexed"] == 60  # one "Talks …" sentence per article
        # a small write (one article) goes through the trigger, which is still there
        ingest(engine, [corpus(tmp_path / "b.jsonl", 61)])
        assert counts(engine)["indexed"] == 61
    engine.dispose()


def test_a_batch_failing_midway_leaves_nothing(db_url, tmp_path, monkeypatch):
    engine = open_database(db_url)
    real = writes._insert_rows

    def failing(conn, table, rows):
        real(conn, table, rows)
        if table is writes.LINKS:  # after the mentions and their full-text index
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(writes, "_insert_rows", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        ingest(engine, [corpus(tmp_path / "a.jsonl", 60)])
    found = counts(engine)
    assert (found["articles"], found["mentions"], found["events"]) == (0, 0, 0)
    if engine.dialect.name == "sqlite":
        assert "mentions_fts_insert" in found["triggers"]
        assert found["indexed"] == 0
    monkeypatch.setattr(writes, "_insert_rows", real)
    report = ingest(engine, [corpus(tmp_path / "a.jsonl", 60)])
    assert report.new == 60
    found = counts(engine)
    assert (found["articles"], found["mentions"]) == (60, 120)
    if engine.dialect.name == "sqlite":
        assert found["indexed"] == 60
    engine.dispose()
