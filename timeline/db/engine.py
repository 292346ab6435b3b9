"""Opening a database: the engine, and a schema brought up to date by itself.

Every command opens the database through :func:`open_database`. An up-to-date database costs
one query (its revision against :data:`SCHEMA_REVISION`) and loads neither Alembic nor a
migration script; a new or older one is migrated (:mod:`timeline.db.migrate`), one process at
a time, so users never run migrations by hand.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from timeline.errors import DatabaseError
from timeline.settings import DATABASE_URL_ENV, DEFAULT_DATABASE_URL

# The newest migration (alembic/versions): what an up-to-date database is at.
# tests/db/test_migrations.py checks that it is the scripts' head.
SCHEMA_REVISION = "0006"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $TIMELINE_DB, else timeline.db here."""
    return url or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def _special_sqlite(path: str | None) -> bool:
    """In-memory databases and URI filenames (file:…?mode=ro) are not plain paths."""
    return not path or path == ":memory:" or path.startswith("file:")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # cascades rely on foreign keys; WAL + busy timeout let readers and a writer coexist
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url`` or a clear DatabaseError (bad URL, missing folder, no driver)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"bad database URL {url!r} (expected e.g. sqlite:///timeline.db or "
            "postgresql+psycopg://user@host/dbname)"
        ) from None
    if parsed.get_backend_name() == "sqlite" and not _special_sqlite(parsed.database):
        folder = Path(parsed.database).expanduser().resolve().parent
        if not folder.is_dir():
            raise DatabaseError(f"cannot create database {parsed.database!r}: no folder {folder}")
    try:
        engine = create_engine(parsed)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(f"unsupported database URL {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def schema_revision(engine: Engine) -> str | None:
    """The database's revision (None: no schema yet), in one query."""
    try:
        connection = engine.connect()
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {engine.url!r}: {exc.orig}") from None
    with connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no alembic_version table: a new database
            return None


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialize schema upgrades of one SQLite file across processes.

    SQLite runs DDL outside transactions, so two first runs at once could both try to create
    the tables; an flock on the database file (independent of SQLite's own fcntl locks)
    makes the second wait and then find the schema current. (PostgreSQL: an advisory lock,
    taken by the migration itself.)
    """
    path = engine.url.database
    if engine.dialect.name != "sqlite" or _special_sqlite(path):
        yield
        return
    with open(path, "ab") as handle:  # type: ignore[arg-type]
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_database(url: str | None = None, *, upgrade_schema: bool = True) -> Engine:
    """Open (creating if needed) the database and bring its schema up to date."""
    engine = create_db_engine(database_url(url))
    if upgrade_schema and schema_revision(engine) != SCHEMA_REVISION:
        with _migration_lock(engine):
            if schema_revision(engine) != SCHEMA_REVISION:  # another process may have done it
                from timeline.db.migrate import upgrade  # Alembic: only when a schema changes

                upgrade(engine)
    return engine
