"""Opening a database and keeping its schema current with Alembic.

Every command opens the database through :func:`open_database`, which upgrades a new or
old database to the latest migration, so users never run migrations by hand.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from timeline.errors import DatabaseError

DEFAULT_URL = "sqlite:///timeline.db"


def _migrations_dir() -> Path:
    """alembic/ of the source checkout, else the copy a wheel ships as timeline/migrations."""
    checkout = Path(__file__).resolve().parents[2] / "alembic"
    if (checkout / "env.py").is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "migrations"


MIGRATIONS_DIR = _migrations_dir()


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $TIMELINE_DB, else timeline.db here."""
    return url or os.environ.get("TIMELINE_DB") or DEFAULT_URL


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


def alembic_config() -> Config:
    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise DatabaseError(
            f"migrations not found in {MIGRATIONS_DIR}: reinstall timeline (pip install .)"
        )
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


MIGRATION_LOCK_KEY = 72_200_001  # PostgreSQL advisory lock held while migrating


def _run(engine: Engine, action, *args) -> None:
    config = alembic_config()
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # a second process upgrading at the same time waits here, then finds it done
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            config.attributes["connection"] = connection
            action(config, *args)
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {engine.url!r}: {exc.orig}") from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {engine.url!r}: {exc.orig}") from None


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialize schema upgrades of one SQLite file across processes.

    SQLite runs DDL outside transactions, so two first runs at once could both try to create
    the tables; an flock on the database file (independent of SQLite's own fcntl locks)
    makes the second wait and then find the schema current.
    """
    path = engine.url.database
    if (
        engine.dialect.name != "sqlite"
        or not path
        or path == ":memory:"
        or path.startswith("file:")
    ):
        yield
        return
    with open(path, "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_database(url: str | None = None, *, upgrade_schema: bool = True) -> Engine:
    """Open (creating if needed) the database and bring its schema up to date."""
    engine = create_db_engine(database_url(url))
    if upgrade_schema:
        head = head_revision()  # reads the migration scripts: once per open
        if current_revision(engine) != head:
            with _migration_lock(engine):
                if current_revision(engine) != head:  # another process may have done it
                    upgrade(engine)
    return engine
