"""Alembic environment, for developers running `alembic` (the application migrates through
timeline.db.migrate with the same settings): metadata and database URL come from the app."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from timeline.db.engine import database_url
from timeline.db.migrate import configure

config = context.config


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("db") or database_url()


def run_migrations_offline() -> None:
    from timeline.db.models import Base

    context.configure(url=_url(), target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        configure(context, connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
