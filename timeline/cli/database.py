"""`timeline db`: inspect and migrate the database schema (:mod:`timeline.db.migrate`)."""

from __future__ import annotations

import click

from timeline.cli.options import database_url_of


@click.group("db")
def database() -> None:
    """Inspect and migrate the database schema."""


@database.command("upgrade")
@click.argument("revision", default="head")
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Upgrade the schema to REVISION (default: the latest)."""
    from timeline.db.engine import create_db_engine
    from timeline.db.migrate import current_revision, upgrade

    engine = create_db_engine(database_url_of(ctx))
    upgrade(engine, revision)
    click.echo(f"database at revision {current_revision(engine)}")


@database.command("downgrade")
@click.argument("revision")
@click.pass_context
def db_downgrade(ctx: click.Context, revision: str) -> None:
    """Downgrade the schema to REVISION ("base" removes every table)."""
    from timeline.db.engine import create_db_engine
    from timeline.db.migrate import current_revision, downgrade

    engine = create_db_engine(database_url_of(ctx))
    downgrade(engine, revision)
    click.echo(f"database at revision {current_revision(engine) or 'base'}")


@database.command("current")
@click.pass_context
def db_current(ctx: click.Context) -> None:
    """Show the schema revision of the database."""
    from timeline.db.engine import create_db_engine
    from timeline.db.migrate import current_revision, head_revision

    engine = create_db_engine(database_url_of(ctx))
    current = current_revision(engine)
    head = head_revision()
    state = "latest" if current == head else f"latest is {head}"
    click.echo(f"{current or 'base'} ({state})")
