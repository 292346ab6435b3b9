"""Schema migrations with Alembic: upgrade, downgrade, the revision of a database.

The migration scripts (``alembic/`` in a checkout, ``timeline/migrations`` in a wheel) are read
once per process and kept: a process that has migrated one database migrates the next without
reading the package's files again (a server that dropped its privileges, a worker in a
sandbox). They run through Alembic's runtime objects (``EnvironmentContext``, ``RevisionStep``)
with the configuration that ``alembic/env.py`` uses too (:func:`configure`), so the ``alembic``
command line and the application migrate alike. Imported only when a schema must change:
opening an up-to-date database never loads Alembic (:mod:`timeline.db.engine`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext, RevisionStep
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from timeline.db.models import FULL_TEXT_OBJECTS, Base
from timeline.errors import DatabaseError

MIGRATION_LOCK_KEY = 72_200_001  # PostgreSQL advisory lock held while migrating


def migrations_dir() -> Path:
    """alembic/ of the source checkout, else the copy a wheel ships as timeline/migrations."""
    checkout = Path(__file__).resolve().parents[2] / "alembic"
    if (checkout / "env.py").is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "migrations"


@lru_cache(maxsize=1)
def _scripts() -> tuple[Config, ScriptDirectory]:
    folder = migrations_dir()
    if not (folder / "versions").is_dir():
        raise DatabaseError(f"migrations not found in {folder}: reinstall timeline (pip install .)")
    config = Config()
    config.set_main_option("script_location", str(folder))
    scripts = ScriptDirectory.from_config(config)
    # walking the history loads every revision script now: later migrations need no file
    list(scripts.walk_revisions())
    return config, scripts


def _include_object(obj, name, type_, reflected, compare_to) -> bool:
    # full-text tables and indexes differ per engine: the migrations own them, not the models
    return name not in FULL_TEXT_OBJECTS


def configure(context: EnvironmentContext, connection: Connection) -> None:
    """The migration settings, for the application and for ``alembic/env.py``."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include_object,
    )


def head_revision() -> str | None:
    return _scripts()[1].get_current_head()


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {engine.url!r}: {exc.orig}") from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    _migrate(engine, revision, upgrading=True)


def downgrade(engine: Engine, revision: str) -> None:
    _migrate(engine, revision, upgrading=False)


def _migrate(engine: Engine, target: str, *, upgrading: bool) -> None:
    config, scripts = _scripts()

    def steps(heads: tuple[str, ...], _context: MigrationContext) -> list[RevisionStep]:
        current = heads[0] if heads else None  # the history is linear: one head at most
        if upgrading:
            revisions = reversed(list(scripts.iterate_revisions(target, current)))
        elif current is None:
            revisions = iter(())
        else:
            revisions = scripts.iterate_revisions(current, target)
        return [RevisionStep(scripts.revision_map, r, upgrading) for r in revisions]

    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # a second process upgrading at the same time waits here, then finds it done
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            with EnvironmentContext(config, scripts, fn=steps) as context:
                configure(context, connection)
                with context.begin_transaction():
                    context.run_migrations()
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {engine.url!r}: {exc.orig}") from None
