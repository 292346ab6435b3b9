"""The Alembic migrations create exactly the schema the models describe, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from timeline.db import engine as db
from timeline.db.models import FULL_TEXT_OBJECTS, Base

TABLES = {"alembic_version", "articles", "expressions", "events", "event_expressions"}


def test_models_and_migrations_agree(db_url):
    engine = db.open_database(db_url)
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
    engine = db.open_database(db_url)
    assert db.current_revision(engine) == db.head_revision()
    engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url):
    engine = db.open_database(db_url)
    db.downgrade(engine, "base")
    assert db.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    assert set(inspect(engine).get_table_names()) - FULL_TEXT_OBJECTS == TABLES
    engine.dispose()


def test_bounds_are_indexed(db_url):
    engine = db.open_database(db_url)
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("events")}
    assert indexes["ix_events_bounds"] == ["lower_day", "upper_day"]
    engine.dispose()
