"""The `timeline` command line: a thin layer over the library."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import click
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from timeline import __version__
from timeline.calendar import iso
from timeline.cli.progress import Progress
from timeline.db import engine as db
from timeline.db.models import Article, Event, Expression
from timeline.db.queries import EVENT_FIELDS, EventQuery, query_events
from timeline.edtf import to_edtf
from timeline.errors import NotFound, TimelineError
from timeline.ingest.pipeline import check_date, default_workers, ingest_records, set_article_date
from timeline.ingest.readers import (
    DEFAULT_MAX_ARTICLE_MB,
    ReaderError,
    ReadProblem,
    discover,
    load_metadata,
    read_articles,
)
from timeline.mentions import auto_doc_type
from timeline.present.chronology import markdown_chronology
from timeline.present.rows import format_rows

DOC_TYPES = click.Choice(["news", "narrative"])


class TimelineGroup(click.Group):
    """Turns library errors into one clear line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (TimelineError, ReaderError) as exc:
            raise click.ClickException(str(exc)) from None
        except OperationalError as exc:
            raise click.ClickException(f"database error: {exc.orig}") from None
        except SQLAlchemyError as exc:
            raise click.ClickException(f"database error: {exc}") from None


def engine_of(ctx: click.Context) -> Engine:
    state = ctx.find_root().obj
    if state.get("engine") is None:
        state["engine"] = db.open_database(state["url"])
    return state["engine"]


def output_options(formats: tuple[str, ...]) -> Callable:
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


def filter_options(f: Callable) -> Callable:
    """The event filters shared by `query` and `render`."""
    options = [
        click.option(
            "--from",
            "date_from",
            metavar="DATE",
            help="Events ending on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD; BCE as "
            '-0099 (astronomical) or "100 BC"; "AD 100").',
        ),
        click.option(
            "--to",
            "date_to",
            metavar="DATE",
            help="Events starting on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD; BCE as "
            '-0099 (astronomical) or "100 BC"; "AD 100").',
        ),
        click.option("--text", metavar="WORDS", help="Only sentences containing all WORDS."),
        click.option("--source", metavar="NAME", help="Only articles from this source."),
        click.option(
            "--article", "article_id", type=int, metavar="ID", help="Only this article's events."
        ),
        click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N events."),
    ]
    for option in reversed(options):
        f = option(f)

    @functools.wraps(f)
    def wrapper(date_from, date_to, text, source, article_id, limit, **kwargs):
        query = EventQuery.from_strings(
            date_from, date_to, text=text, source=source, article_id=article_id, limit=limit
        )
        return f(query=query, **kwargs)

    return wrapper


@click.group(cls=TimelineGroup)
@click.version_option(__version__, prog_name="timeline")
@click.option(
    "--db",
    "url",
    envvar="TIMELINE_DB",
    default=db.DEFAULT_URL,
    show_default=True,
    metavar="URL",
    help="Database URL (env TIMELINE_DB), e.g. postgresql+psycopg://user@host/dbname.",
)
@click.pass_context
def cli(ctx: click.Context, url: str) -> None:
    """Build dated, sourced chronologies from news articles.

    Ingest articles, find and resolve every date they mention, then query the event
    table and export chronologies and interactive timelines.
    """
    ctx.obj = {"url": url, "engine": None}


# ingest ---------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--published",
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) for articles that give none of their own.",
)
@click.option("--source", metavar="NAME", help="Source for articles that name none.")
@click.option(
    "--metadata",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of per-file publication dates, sources and titles (see README).",
)
@click.option(
    "--type",
    "doc_type",
    type=DOC_TYPES,
    help="Document type: news (anchored to the publication date) or narrative (anchored "
    "on the last date the text mentioned). Default: news if the article has a publication "
    "date, else narrative.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=default_workers,
    show_default="all cores",
    help="Processes that tag articles in parallel.",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    help='Tag on a Dask cluster: a scheduler address (tcp://host:8786) or "local".',
)
@click.option(
    "--strict",
    is_flag=True,
    help="Stop at the first file or row that cannot be read (what came before is kept).",
)
@click.option(
    "--max-article-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_MAX_ARTICLE_MB,
    show_default=True,
    metavar="N",
    help="Skip articles whose text is over N MB (tagging takes seconds per MB).",
)
@click.pass_context
def ingest(
    ctx, paths, published, source, metadata, doc_type, workers, dask, strict, max_article_mb
) -> None:
    """Ingest articles from files or folders (text, JSONL, CSV, HTML).

    A file or row that cannot be read is reported on stderr (skipped PATH[:LINE]: reason),
    the others are ingested and the exit status is 1; with --strict the run stops there.
    Files not in UTF-8 are decoded all the same and named on stderr (decoded PATH as
    windows-1252).
    """
    workers_given = ctx.get_parameter_source("workers") != click.core.ParameterSource.DEFAULT
    if published:
        check_date(published)
    meta = load_metadata(metadata) if metadata else None
    engine = engine_of(ctx)
    found = list(discover(paths))
    files = [f for f in found if not isinstance(f, ReadProblem)]
    problems = [p for p in found if isinstance(p, ReadProblem)]

    progress = Progress("Ingesting", len(files))
    decoded: dict[str, str] = {}  # file → its encoding, when not UTF-8
    nuls: dict[str, int] = {}  # file → NUL bytes dropped from it
    stopped: list[ReadProblem] = []  # with --strict: the problem the run stopped at
    undated: list[str] = []  # articles read as narrative: no type given, no date known

    def records() -> Iterator:
        # in discovery order, so that --strict stops at the first problem met
        for item in found:
            if isinstance(item, ReadProblem):
                if strict:
                    stopped.append(item)
                    return
                continue  # reported with the others at the end
            for record in read_articles(
                [item],
                published=published,
                source=source,
                metadata=meta,
                doc_type=doc_type,
                max_article_mb=max_article_mb,
            ):
                if isinstance(record, ReadProblem):
                    if strict:
                        stopped.append(record)
                        return  # ends the stream: nothing of this article is stored
                else:
                    origin = record.origin_path
                    if record.encoding != "utf-8":
                        decoded.setdefault(origin, record.encoding)
                    if record.removed_nuls:
                        nuls[origin] = nuls.get(origin, 0) + record.removed_nuls
                    if record.doc_type is None:  # none given: chosen, and said, here
                        record = replace(record, doc_type=auto_doc_type(record.published))
                        if record.doc_type == "narrative":
                            undated.append(record.origin_path)
                yield record
            progress.file_done()

    try:
        if dask:
            from timeline.ingest.dask import ingest_on_dask

            summary = ingest_on_dask(
                engine,
                db.database_url(ctx.find_root().obj["url"]),
                records(),
                scheduler=dask,
                workers=workers if workers_given else None,
                progress=progress.article,
            )
        else:
            summary = ingest_records(engine, records(), workers=workers, progress=progress.article)
    finally:
        progress.close()
    for origin, encoding in decoded.items():
        click.echo(f"decoded {origin} as {encoding}", err=True)
    for origin, count in nuls.items():
        click.echo(f"removed {count} NUL byte{'s' * (count != 1)} from {origin}", err=True)
    if undated:
        n = len(undated)
        click.echo(
            f"{n} article{'s' * (n != 1)} without a publication date read as narrative "
            "(anchored on the dates in the text; --type news to change)",
            err=True,
        )
    if stopped:
        click.echo(summary.line())  # what was stored before the problem
        raise click.ClickException(f"{stopped[0]} (--strict: stopped at the first problem)")
    summary.problems[:0] = problems
    for problem in summary.problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        click.echo(f"skipped {where}: {problem.message}", err=True)
    click.echo(summary.line())
    if summary.problems:
        ctx.exit(1)


# articles -------------------------------------------------------------------------------

ARTICLE_FIELDS = (
    "id",
    "title",
    "source",
    "published",
    "published_origin",
    "author",
    "url",
    "doc_type",
    "language",
    "origin_path",
    "position",
    "expressions",
    "events",
)


@cli.group()
def articles() -> None:
    """List, show and re-date stored articles."""


@articles.command("list")
@output_options(("table", "json", "csv", "nl-json", "md"))
@click.pass_context
def articles_list(ctx, fmt) -> None:
    """List stored articles."""
    engine = engine_of(ctx)
    expressions = (
        select(func.count())
        .where(Expression.article_id == Article.id)
        .correlate(Article)
        .scalar_subquery()
    )
    events = (
        select(func.count())
        .where(Event.article_id == Article.id)
        .correlate(Article)
        .scalar_subquery()
    )
    with Session(engine) as session:
        rows = [
            {**{f: getattr(a, f) for f in ARTICLE_FIELDS[:-2]}, "expressions": x, "events": e}
            for a, x, e in session.execute(
                select(Article, expressions, events).order_by(Article.id)
            )
        ]
    click.echo(
        format_rows(
            rows,
            fmt,
            columns=ARTICLE_FIELDS,
            table_columns=("id", "published", "source", "events", "title"),
            widths={"title": 60},
        )
    )


@articles.command("show")
@click.argument("article_id", type=int)
@click.pass_context
def articles_show(ctx, article_id) -> None:
    """Show an article's text with its expressions marked and resolved."""
    with Session(engine_of(ctx)) as session:
        article = session.get(Article, article_id)
        if article is None:
            raise NotFound(f"no article with id {article_id}")
        click.echo(f"# {article.title or '(untitled)'}")
        click.echo(f"source: {article.source or '-'}   author: {article.author or '-'}")
        click.echo(f"published: {article.published or 'unknown'} ({article.published_origin})")
        click.echo(
            f"from: {article.origin_path or '-'}"
            + (f" (article {article.position})" if article.position else "")
        )
        click.echo("")
        click.echo(
            mark_expressions(article.text, sorted(article.expressions, key=lambda x: x.start))
        )


def mark_expressions(text: str, expressions: list[Expression]) -> str:
    """``… in Tehran [July 21 → 2020-07-21] …``: each expression with its value."""
    parts, position = [], 0
    for x in expressions:
        parts.append(text[position : x.start])
        value = x.value + (f" {x.mod}" if x.mod else "")
        if x.lower is not None and x.upper is not None and x.type in ("DATE", "TIME"):
            span = iso(x.lower) if x.lower == x.upper else f"{iso(x.lower)}..{iso(x.upper)}"
            value += f" = {span}"
        if not x.resolved:
            value += f" unresolved: {x.reason}" if x.reason else " unresolved"
        parts.append(click.style(f"[{x.text} → {value}]", fg="cyan" if x.resolved else "red"))
        position = x.end
    parts.append(text[position:])
    return "".join(parts)


@articles.command("set-date")
@click.argument("article_id", type=int)
@click.argument("date")
@click.pass_context
def articles_set_date(ctx, article_id, date) -> None:
    """Set an article's publication date and re-resolve its dates."""
    expressions, events, unresolved = set_article_date(engine_of(ctx), article_id, date)
    click.echo(
        f"article {article_id} published {date}: {expressions} expressions, "
        f"{events} events, {unresolved} unresolved"
    )


# query and render -----------------------------------------------------------------------


@cli.command()
@filter_options
@output_options(("table", "json", "csv", "md", "nl-json"))
@click.pass_context
def query(ctx, query: EventQuery, fmt) -> None:
    """Events whose dates overlap a range, in chronological order."""
    rows = query_events(engine_of(ctx), query)
    if fmt == "md":
        click.echo(markdown_chronology(rows))
    elif fmt == "table" and not rows:
        click.echo("No events match.", err=True)
    else:
        click.echo(
            format_rows(
                rows,
                fmt,
                columns=EVENT_FIELDS,
                table_columns=("start", "end", "expression", "sentence", "source"),
                widths={"sentence": 80, "expression": 24, "source": 16},
            )
        )


@cli.command()
@filter_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The HTML file to write.",
)
@click.option("--title", default="Timeline", show_default=True, help="Chart title.")
@click.option(
    "--kind",
    type=click.Choice(["timeline", "histogram"]),
    default="timeline",
    show_default=True,
    help="The events in lanes, or the number of events per day, month or year.",
)
@click.option(
    "--group-by",
    type=click.Choice(["source", "article", "year", "none"]),
    default="source",
    show_default=True,
    help="Timeline: one lane per source, article or year, or a single lane.",
)
@click.option(
    "--bin",
    "unit",
    type=click.Choice(["auto", "day", "month", "year"]),
    default="auto",
    show_default=True,
    help="Histogram: count per day, month or year (auto: the finest that fits).",
)
@click.option(
    "--cdn",
    is_flag=True,
    help="Load plotly.js from its CDN: a small file that needs the network to open.",
)
@click.pass_context
def render(ctx, query: EventQuery, output, title, kind, group_by, unit, cdn) -> None:
    """Write an interactive timeline as a self-contained HTML file (works offline)."""
    from timeline.present.render import write_html  # plotly is heavy: load it only here

    rows = query_events(engine_of(ctx), query)
    if not output.parent.exists():
        raise TimelineError(f"cannot write {output}: no folder {output.parent}")
    write_html(
        rows,
        output,
        title=title,
        group_by=group_by,
        kind=kind,
        unit=unit,
        include_plotlyjs="cdn" if cdn else True,
    )
    click.echo(f"wrote {output} ({len(rows)} events)")


@cli.command("export")
@filter_options
@output_options(("md", "csv", "json", "nl-json", "timelinejs", "ics"))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: standard output).",
)
@click.option("--title", default="Chronology", show_default=True, help="Title of the export.")
@click.pass_context
def export_command(ctx, query: EventQuery, fmt, output, title) -> None:
    """Export a chronology: Markdown with citations, CSV, JSON, TimelineJS or iCalendar.

    CSV and JSON carry every field of each event and how it was dated (anchor, rule, the
    expressions); an iCalendar file holds the events dated to a day.
    """
    from timeline.db.queries import event_expressions
    from timeline.present.exports import day_precise, export

    engine = engine_of(ctx)
    rows = query_events(engine, query)
    expressions = None
    if fmt in ("csv", "json", "nl-json"):
        expressions = event_expressions(engine, [row["id"] for row in rows])
    text = export(rows, fmt, title=title, expressions=expressions)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    if not output.parent.exists():
        raise TimelineError(f"cannot write {output}: no folder {output.parent}")
    # newline="" keeps iCalendar's CRLF line ends as they are
    with output.open("w", encoding="utf-8", newline="") as stream:
        stream.write(text if text.endswith("\n") else text + "\n")
    count = len(rows)
    if fmt == "ics":
        days = sum(1 for row in rows if day_precise(row))
        click.echo(f"wrote {output} ({days} of {count} events: those dated to a day)")
    else:
        click.echo(f"wrote {output} ({count} events)")


# tag ------------------------------------------------------------------------------------

TAG_FIELDS = (
    "start",
    "end",
    "text",
    "type",
    "value",
    "mod",
    "lower",
    "upper",
    "granularity",
    "anchor",
    "rule",
    "resolved",
    "reason",
)


@cli.command()
@click.argument("text", required=False)
@click.option(
    "--published", metavar="DATE", help="Publication date (YYYY-MM-DD) to resolve against."
)
@click.option(
    "--type",
    "doc_type",
    type=DOC_TYPES,
    help="Document type (default: news with a publication date, else narrative).",
)
@click.option(
    "--jsonl",
    "jsonl_in",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Batch mode: tag each {"doc_id", "dct", "text"} line of this JSONL file.',
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --jsonl: write the tagged documents here (default: standard output).",
)
@output_options(("table", "json", "csv", "nl-json", "md"))
@click.pass_context
def tag(ctx, text, published, doc_type, jsonl_in, out, fmt) -> None:
    """Find and resolve the temporal expressions in TEXT (or in a JSONL file)."""
    if jsonl_in is not None:
        if text is not None:
            raise click.UsageError("give TEXT or --jsonl, not both")
        tag_jsonl(ctx, jsonl_in, out, doc_type)
        return
    if text is None:
        raise click.UsageError("give the TEXT to tag, or --jsonl FILE")
    from timeline.tagger import tag as tag_text

    if published:
        check_date(published)
    result = tag_text(text, published, doc_type=doc_type or auto_doc_type(published))
    rows = [
        {f: getattr(t, f) for f in TAG_FIELDS}
        | {
            "lower": iso(t.lower) if t.lower is not None else None,
            "upper": iso(t.upper) if t.upper is not None else None,
            "edtf": to_edtf(t.value, t.mod, t.lower, t.upper, t.text) if t.resolved else None,
        }
        for t in result.timexes
    ]
    if fmt == "json":
        ranges = [{"first": r.first, "last": r.last} for r in result.ranges]
        click.echo(json.dumps({"timexes": rows, "ranges": ranges}, indent=2, ensure_ascii=False))
    else:
        click.echo(
            format_rows(
                rows,
                fmt,
                columns=TAG_FIELDS,
                table_columns=("text", "type", "value", "mod", "lower", "upper", "rule"),
            )
        )


def tag_jsonl(ctx: click.Context, source: Path, out: Path | None, doc_type: str | None) -> None:
    """Tag a JSONL corpus as it is read, line by line; bad lines are reported with their
    number. Memory holds one document at a time, whatever the size of the file."""
    from timeline.evaluate.scoring import JsonlProblem, iter_jsonl, tag_document

    problems: list[JsonlProblem] = []
    failed: list[str] = []
    tagged = 0
    stream = click.open_file(str(out) if out else "-", "w", encoding="utf-8")
    try:
        with (
            source.open("rb") as handle,
            click.progressbar(
                length=source.stat().st_size,
                label="Tagging",
                file=sys.stderr,
                hidden=not sys.stderr.isatty(),
            ) as bar,
        ):

            def lines() -> Iterator[bytes]:
                for line in handle:
                    bar.update(len(line))
                    yield line

            for item in iter_jsonl(lines(), required=("doc_id", "text")):
                if isinstance(item, JsonlProblem):
                    problems.append(item)
                    continue
                try:
                    result = tag_document(item, doc_type=doc_type)
                except ValueError as exc:  # a bad dct or type: report it, go on
                    failed.append(f"{source}: document {item['doc_id']!r}: {exc}")
                    continue
                stream.write(json.dumps(result, ensure_ascii=False) + "\n")
                tagged += 1
    finally:
        if out:
            stream.close()
    for message in failed:
        click.echo(message, err=True)
    for problem in problems:
        click.echo(f"{source}:{problem.line}: {problem.message}", err=True)
    click.echo(
        f"tagged {tagged} document{'' if tagged == 1 else 's'}"
        + (f" to {out}" if out else "")
        + (f", {len(problems)} bad lines" if problems else ""),
        err=True,
    )
    if problems or failed:
        ctx.exit(1)


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--system",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score this prediction file instead of tagging the gold texts.",
)
@output_options(("table", "json"))
def eval_command(gold, system, fmt) -> None:
    """Score the tagger (or a prediction file) against GOLD, TempEval-3 style."""
    from timeline.evaluate.scoring import (
        format_scores_table,
        read_jsonl,
        score_documents,
        tag_documents,
    )

    gold_docs, problems = read_jsonl(gold)
    if system is not None:
        system_docs, system_problems = read_jsonl(system)
        problems += system_problems
    else:
        system_docs = list(tag_documents(gold_docs))
    for problem in problems:
        click.echo(f"line {problem.line}: {problem.message}", err=True)
    scores = score_documents(gold_docs, system_docs)
    if fmt == "json":
        click.echo(json.dumps(scores.as_dict(), indent=2))
    else:
        click.echo(format_scores_table(scores))


@cli.command()
@output_options(("table", "json"))
@click.pass_context
def stats(ctx, fmt) -> None:
    """Counts of articles, expressions and events, by source and by year."""
    from timeline.db.stats import corpus_stats

    numbers = corpus_stats(engine_of(ctx))
    if fmt == "json":
        click.echo(json.dumps(numbers, indent=2, ensure_ascii=False))
        return
    totals = [
        {"what": k.replace("_", " "), "count": numbers[k]}
        for k in ("articles", "undated_articles", "expressions", "unresolved", "events")
    ]
    click.echo(format_rows(totals, "table", columns=("what", "count")))
    click.echo("\nBy source")
    click.echo(format_rows(numbers["by_source"], "table", columns=("source", "articles", "events")))
    click.echo("\nBy year (events by the year they start)")
    click.echo(format_rows(numbers["by_year"], "table", columns=("year", "events")))


# db -------------------------------------------------------------------------------------


@cli.group("db")
def db_group() -> None:
    """Inspect and migrate the database schema."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@click.pass_context
def db_upgrade(ctx, revision) -> None:
    """Upgrade the schema to REVISION (default: the latest)."""
    engine = db.create_db_engine(db.database_url(ctx.find_root().obj["url"]))
    db.upgrade(engine, revision)
    click.echo(f"database at revision {db.current_revision(engine)}")


@db_group.command("downgrade")
@click.argument("revision")
@click.pass_context
def db_downgrade(ctx, revision) -> None:
    """Downgrade the schema to REVISION ("base" removes every table)."""
    engine = db.create_db_engine(db.database_url(ctx.find_root().obj["url"]))
    db.downgrade(engine, revision)
    click.echo(f"database at revision {db.current_revision(engine) or 'base'}")


@db_group.command("current")
@click.pass_context
def db_current(ctx) -> None:
    """Show the schema revision of the database."""
    engine = db.create_db_engine(db.database_url(ctx.find_root().obj["url"]))
    current = db.current_revision(engine)
    head = db.head_revision()
    state = "latest" if current == head else f"latest is {head}"
    click.echo(f"{current or 'base'} ({state})")


def main() -> None:
    cli(prog_name="timeline")
