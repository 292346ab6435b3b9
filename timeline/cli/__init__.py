"""The `timeline` command line: a thin layer over the library, one module per command group.

Start-up stays light: this package imports only Click and the project's light modules, and
each command imports what it needs (SQLAlchemy, the tagger, Plotly…) when it runs, so that
``timeline --help`` answers at once. Library errors become one line on stderr.
"""

from __future__ import annotations

import sys

import click

from timeline import __version__
from timeline.cli.articles import articles
from timeline.cli.database import database
from timeline.cli.ingest import ingest
from timeline.cli.options import database_option
from timeline.cli.query import chronology, events_group, export, query, render, stats
from timeline.cli.tag import eval_command, tag
from timeline.errors import TimelineError


def database_error(exc: Exception) -> str | None:
    """The one line of a database error; None for any other exception (a bug keeps its
    traceback). SQLAlchemy is imported by then if it raised: no cost at start-up."""
    if "sqlalchemy.exc" not in sys.modules:
        return None
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    if not isinstance(exc, SQLAlchemyError):
        return None
    # the driver's own message, without the SQL statement SQLAlchemy appends
    reason = (str(exc.orig) if isinstance(exc, DBAPIError) else str(exc)).strip()
    return f"database error: {reason.splitlines()[0] if reason else type(exc).__name__}"


class TimelineGroup(click.Group):
    """Turns library errors into one clear line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TimelineError as exc:
            raise click.ClickException(str(exc)) from None
        except Exception as exc:
            message = database_error(exc)
            if message is None:
                raise
            raise click.ClickException(message) from None


@click.group(cls=TimelineGroup)
@click.version_option(__version__, prog_name="timeline")
@database_option
@click.pass_context
def cli(ctx: click.Context, url: str) -> None:
    """Build dated, sourced chronologies from news articles.

    Ingest articles, find and resolve every date they mention, then query the event
    table and export chronologies and interactive timelines.
    """
    ctx.obj = {"url": url, "engine": None}


for command in (
    ingest,
    articles,
    query,
    chronology,
    render,
    export,
    events_group,
    tag,
    eval_command,
    stats,
    database,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="timeline")
