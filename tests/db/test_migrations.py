"""The Alembic migrations create exactly the schema the models describe, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from timeline.db.engine import SCHEMA_REVISION, open_database
from timeline.db.migrate import current_revision, downgrade, head_revision, upgrade
from timeline.db.models import FULL_TEXT_OBJECTS, Base

TABLES = {"alembic_version", "articles", "expressions", "mentions", "mention_expressions", "events"}


def test_models_and_migrations_agree(db_url):
    engine = open_database(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": lambda obj, name, *_: name not in FULL_TEXT_OBJECTS,
            },
        )
        assert compare_metadata(context, Base.metadata) == []
    assert set(inspect(engine).get_table_names()) - FULL_TEXT_OBJECTS == TABLES
    engine.dispose()


def test_new_database_is_upgraded_to_head(db_url):
    engine = open_database(db_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url):
    engine = open_database(db_url)
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) - FULL_TEXT_OBJECTS == TABLES
    engine.dispose()


def test_bounds_are_indexed(db_url):
    engine = open_database(db_url)
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("mentions")}
    assert indexes["ix_mentions_bounds"] == ["lower_day", "upper_day"]
    assert indexes["ix_mentions_span_bounds"] == ["span_class", "lower_day", "upper_day"]
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("events")}
    assert indexes["ix_events_span_bounds"] == ["span_class", "lower_day", "upper_day"]
    engine.dispose()


def test_the_schema_revision_an_open_checks_is_the_scripts_head():
    # open_database compares a database's revision with this constant, reading no script
    assert head_revision() == SCHEMA_REVISION


def test_an_up_to_date_database_opens_without_alembic(sqlite_url, tmp_path):
    import subprocess
    import sys

    open_database(sqlite_url).dispose()
    code = (
        "import sys; from timeline.db.engine import open_database; "
        "open_database(sys.argv[1]).dispose(); "
        "heavy = ('alembic', 'plotly', 'dateparser'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, sqlite_url], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_0004_names_the_origins_of_existing_dates(db_url):
    from sqlalchemy import text as sql

    engine = open_database(db_url, upgrade_schema=False)
    upgrade(engine, "0003")
    rows = [
        ("a", "cli", "x.txt"),
        ("b", "set", "x.txt"),
        ("c", "record", "page.HTML"),
        ("d", "record", "rows.jsonl"),
        ("e", "header", "x.txt"),
        ("f", "unknown", "x.txt"),
    ]
    with engine.begin() as conn:
        for digest, origin, path in rows:
            conn.execute(
                sql(
                    "INSERT INTO articles (text, content_hash, published, published_origin, "
                    "language, origin_path, ingested_at) VALUES ('t', :h, :p, :o, 'en', :path, "
                    "CURRENT_TIMESTAMP)"
                ),
                {"h": digest, "p": None if origin == "unknown" else "2020-01-01", "o": origin,
                 "path": path},
            )  # fmt: skip
    upgrade(engine)
    with engine.connect() as conn:
        got = conn.execute(
            sql(
                "SELECT content_hash, published_origin, published_confidence FROM articles "
                "ORDER BY content_hash"
            )
        ).all()
    assert [tuple(row) for row in got] == [
        ("a", "given", 1.0),
        ("b", "given", 1.0),
        ("c", "html-meta", 0.9),
        ("d", "metadata", 1.0),
        ("e", "header", 0.6),
        ("f", "unknown", None),
    ]
    downgrade(engine, "0003")
    with engine.connect() as conn:
        back = conn.execute(sql("SELECT published_origin FROM articles ORDER BY content_hash"))
        assert [row[0] for row in back] == ["cli", "cli", "record", "record", "header", "unknown"]
    engine.dispose()


def test_0006_reads_the_open_ended_dates_older_versions_stored(db_url):
    """Before 0006 "more than a week ago" (an article of 2011-03-27) was a span from 9999 BC
    to 19 March 2011, and "after 1945" one from 1 January 1946 to AD 9999: upgraded, each
    is its one real bound and the side it is open on."""
    from sqlalchemy import text as sql

    from timeline.calendar import MAX_DAY, MIN_DAY, day_number
    from timeline.db.queries import corpus_stats, query_mentions
    from timeline.records import EventQuery

    bound, after = day_number(2011, 3, 19), day_number(1946, 1, 1)
    engine = open_database(db_url, upgrade_schema=False)
    upgrade(engine, "0005")
    old = [  # id, lower, upper, span class, start, end, granularity, value, mod, words
        (1, MIN_DAY, bound, 23, "-9999-01-01", "2011-03-19", "day", "2011-03-20", "BEFORE",
         "more than a week ago"),
        (2, after, MAX_DAY, 22, "1946-01-01", "9999-12-31", "year", "1945", "AFTER",
         "after 1945"),
        (3, bound, bound, 1, "2011-03-19", "2011-03-19", "day", "2011-03-19", None, "March 19"),
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(
            sql(
                "INSERT INTO articles (id, text, content_hash, published, published_origin, "
                "language, ingested_at) VALUES (1, 't', 'h', '2011-03-27', 'given', 'en', "
                "CURRENT_TIMESTAMP)"
            )
        )
        for id_, lower, upper, cls, start, end, granularity, value, mod, words in old:
            values = {"id": id_, "lower": lower, "upper": upper, "cls": cls, "start": start,
                      "end": end, "g": granularity, "v": value, "mod": mod,
                      "words": words}  # fmt: skip
            conn.execute(
                sql(
                    "INSERT INTO expressions (id, article_id, start_offset, end_offset, text, "
                    "type, value, mod, lower_day, upper_day, granularity, rule, resolved) "
                    "VALUES (:id, 1, 0, 1, :words, 'DATE', :v, :mod, :lower, :upper, :g, 'r', "
                    "true)"
                ),
                values,
            )
            conn.execute(
                sql(
                    "INSERT INTO events (id, lower_day, upper_day, span_class, start_date, "
                    "end_date, granularity, value, mod, mention_id, sentence, expression_text, "
                    "reports, articles, sources) VALUES (:id, :lower, :upper, :cls, :start, "
                    ":end, :g, :v, :mod, :id, :words, :words, 1, 1, 1)"
                ),
                values,
            )
            conn.execute(
                sql(
                    "INSERT INTO mentions (id, article_id, event_id, sentence, sentence_start, "
                    "sentence_end, lower_day, upper_day, span_class, start_date, end_date, "
                    "granularity, value, mod, expression_text) VALUES (:id, 1, :id, :words, 0, "
                    "1, :lower, :upper, :cls, :start, :end, :g, :v, :mod, :words)"
                ),
                values,
            )
    upgrade(engine)
    assert current_revision(engine) == "0006"
    columns = "id, lower_day, upper_day, span_class, start_date, end_date, open, calendar"
    upgraded = [
        (1, bound, bound, 1, "2011-03-19", "2011-03-19", "before", None),
        (2, after, after, 1, "1946-01-01", "1946-01-01", "after", None),
        (3, bound, bound, 1, "2011-03-19", "2011-03-19", None, None),
    ]
    with engine.connect() as conn:
        for table in ("mentions", "events"):
            rows = conn.execute(sql(f"SELECT {columns} FROM {table} ORDER BY id")).all()
            assert [tuple(row) for row in rows] == upgraded, table
        rows = conn.execute(
            sql("SELECT id, lower_day, upper_day, open FROM expressions ORDER BY id")
        ).all()
        assert [tuple(row) for row in rows] == [
            (1, bound, bound, "before"),
            (2, after, after, "after"),
            (3, bound, bound, None),
        ]
    # a day's query meets the real date only, unless asked; stats has no year -9999
    day = EventQuery.from_strings("2011-03-19", "2011-03-19")
    assert [m["expression"] for m in query_mentions(engine, day)] == ["March 19"]
    asked = EventQuery.from_strings("2011-03-19", "2011-03-19", include_open=True)
    found = query_mentions(engine, asked)
    assert [(m["expression"], m["edtf"]) for m in found] == [
        ("more than a week ago", "../2011-03-19"),
        ("March 19", "2011-03-19"),
    ]
    assert corpus_stats(engine)["by_year"] == [{"year": "2011", "mentions": 1}]
    # full-text search still finds them (SQLite: the FTS5 triggers survived)
    words = EventQuery(text="week")
    assert [m["id"] for m in query_mentions(engine, words)] == [1]

    downgrade(engine, "0005")
    with engine.connect() as conn:
        rows = conn.execute(
            sql(
                "SELECT id, lower_day, upper_day, span_class, start_date, end_date "
                "FROM mentions ORDER BY id"
            )
        ).all()
    assert [tuple(row) for row in rows] == [tuple(row[:6]) for row in old]
    engine.dispose()
