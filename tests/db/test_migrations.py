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
