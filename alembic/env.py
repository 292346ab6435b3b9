"""Alembic environment: metadata and database URL come from the application."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine, pool

from timeline.db.engine import DEFAULT_URL
from timeline.db.models import FULL_TEXT_OBJECTS, Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("db") or os.environ.get(
        "TIMELINE_DB", DEFAULT_URL
    )


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return name not in FULL_TEXT_OBJECTS


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # timeline.db passes its own connection; the `alembic` command line makes one from the URL
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
