"""Options shared by several commands, as decorators, and the database of the invocation.

Light on purpose: imported at start-up, so nothing here loads SQLAlchemy or the tagger.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from timeline.records import DOC_TYPES, PRECISIONS, EventQuery
from timeline.settings import DATABASE_URL_ENV, DEFAULT_DATABASE_URL

if TYPE_CHECKING:
    from sqlalchemy import Engine

DOC_TYPE = click.Choice(DOC_TYPES)
# an article id as the databases store it (a 32-bit integer on PostgreSQL): a larger number
# is a usage error, not a database one
ARTICLE_ID = click.IntRange(1, 2**31 - 1)
DATE_HELP = 'YYYY, YYYY-MM or YYYY-MM-DD; BCE as -0099 (astronomical) or "100 BC"; "AD 100"'


def database_option(f: Callable) -> Callable:
    return click.option(
        "--db",
        "url",
        envvar=DATABASE_URL_ENV,
        default=DEFAULT_DATABASE_URL,
        show_default=True,
        metavar="URL",
        help=f"Database URL (env {DATABASE_URL_ENV}), e.g. postgresql+psycopg://user@host/dbname.",
    )(f)


def engine_of(ctx: click.Context) -> Engine:
    """The invocation's database, opened (and brought up to date) on first use."""
    state = ctx.find_root().obj
    if state.get("engine") is None:
        from timeline.db.engine import open_database

        state["engine"] = open_database(state["url"])
    return state["engine"]


def database_url_of(ctx: click.Context) -> str:
    from timeline.db.engine import database_url

    return database_url(ctx.find_root().obj["url"])


def output_format(formats: tuple[str, ...]) -> Callable[[Callable], Callable]:
    """``--format`` among ``formats``, the first being the default."""

    def decorator(f: Callable) -> Callable:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=formats[0],
            show_default=True,
            help="Output format.",
        )(f)

    return decorator


def doc_type_option(help_text: str) -> Callable[[Callable], Callable]:
    return click.option("--type", "doc_type", type=DOC_TYPE, help=help_text)


def include_open_option(f: Callable) -> Callable:
    """``--include-open``: a date range also matches open-ended dates, by their one bound."""
    return click.option(
        "--include-open",
        is_flag=True,
        help='With --from/--to: also open-ended dates ("more than a week ago", "after 1945") '
        "whose one real bound is in the range.",
    )(f)


def precision_option(f: Callable) -> Callable:
    """``--precision day|month|year``: only dates of that granularity or a finer one."""
    return click.option(
        "--precision",
        type=click.Choice(PRECISIONS),
        help="Only dates at least this precise: day (and times); month (and weeks, days); "
        "year (and seasons, quarters, months, days). Decades and centuries never.",
    )(f)


def event_filters(f: Callable) -> Callable:
    """The event filters shared by `query`, `render`, `export` and `chronology`: the command
    receives them as one ``query`` (:class:`timeline.records.EventQuery`)."""
    options = [
        click.option(
            "--from",
            "date_from",
            metavar="DATE",
            help=f"Events ending on or after DATE ({DATE_HELP}).",
        ),
        click.option(
            "--to",
            "date_to",
            metavar="DATE",
            help=f"Events starting on or before DATE ({DATE_HELP}).",
        ),
        include_open_option,
        precision_option,
        click.option("--text", metavar="WORDS", help="Only sentences containing all WORDS."),
        click.option("--source", metavar="NAME", help="Only articles from this source."),
        click.option(
            "--article",
            "article_id",
            type=ARTICLE_ID,
            metavar="ID",
            help="Only this article's events.",
        ),
        click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N events."),
    ]
    for option in reversed(options):
        f = option(f)

    @functools.wraps(f)
    def wrapper(
        date_from: str | None,
        date_to: str | None,
        include_open: bool,
        precision: str | None,
        text: str | None,
        source: str | None,
        article_id: int | None,
        limit: int | None,
        **kwargs: Any,
    ) -> Any:
        query = EventQuery.from_strings(
            date_from,
            date_to,
            include_open=include_open,
            precision=precision,
            text=text,
            source=source,
            article_id=article_id,
            limit=limit,
        )
        return f(query=query, **kwargs)

    return wrapper
