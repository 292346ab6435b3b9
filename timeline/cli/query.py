"""`timeline query`, `export`, `render` and `stats`: reading the database, presenting rows."""

from __future__ import annotations

from pathlib import Path

import click

from timeline.cli.options import engine_of, event_filters, output_format
from timeline.errors import TimelineError
from timeline.records import EventQuery


def _check_folder(output: Path) -> None:
    if not output.parent.exists():
        raise TimelineError(f"cannot write {output}: no folder {output.parent}")


@click.command()
@event_filters
@output_format(("table", "json", "csv", "md", "nl-json"))
@click.pass_context
def query(ctx: click.Context, query: EventQuery, fmt: str) -> None:
    """Events whose dates overlap a range, in chronological order."""
    from timeline.db.queries import EVENT_FIELDS, query_events
    from timeline.present.markdown import markdown_chronology
    from timeline.present.rows import format_rows

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


@click.command()
@event_filters
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
def render(
    ctx: click.Context,
    query: EventQuery,
    output: Path,
    title: str,
    kind: str,
    group_by: str,
    unit: str,
    cdn: bool,
) -> None:
    """Write an interactive timeline as a self-contained HTML file (works offline)."""
    from timeline.db.queries import query_events
    from timeline.present.render import write_html  # plotly is heavy: load it only here

    rows = query_events(engine_of(ctx), query)
    _check_folder(output)
    write_html(
        rows,
        output,
        title=title,
        group_by=group_by,  # type: ignore[arg-type]  (click.Choice of the same names)
        kind=kind,  # type: ignore[arg-type]
        unit=unit,  # type: ignore[arg-type]
        include_plotlyjs="cdn" if cdn else True,
    )
    click.echo(f"wrote {output} ({len(rows)} events)")


@click.command("export")
@event_filters
@output_format(("md", "csv", "json", "nl-json", "timelinejs", "ics"))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: standard output).",
)
@click.option("--title", default="Chronology", show_default=True, help="Title of the export.")
@click.pass_context
def export(
    ctx: click.Context, query: EventQuery, fmt: str, output: Path | None, title: str
) -> None:
    """Export a chronology: Markdown with citations, CSV, JSON, TimelineJS or iCalendar.

    CSV and JSON carry every field of each event and how it was dated (anchor, rule, the
    expressions); an iCalendar file holds the events dated to a day.
    """
    from timeline.db.queries import event_expressions, query_events
    from timeline.present.exports import day_precise
    from timeline.present.exports import export as export_rows

    engine = engine_of(ctx)
    rows = query_events(engine, query)
    expressions = None
    if fmt in ("csv", "json", "nl-json"):
        expressions = event_expressions(engine, [row["id"] for row in rows])
    text = export_rows(rows, fmt, title=title, expressions=expressions)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    _check_folder(output)
    # newline="" keeps iCalendar's CRLF line ends as they are
    with output.open("w", encoding="utf-8", newline="") as stream:
        stream.write(text if text.endswith("\n") else text + "\n")
    count = len(rows)
    if fmt == "ics":
        days = sum(1 for row in rows if day_precise(row))
        click.echo(f"wrote {output} ({days} of {count} events: those dated to a day)")
    else:
        click.echo(f"wrote {output} ({count} events)")


@click.command()
@output_format(("table", "json"))
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts of articles, expressions and events, by source and by year."""
    import json

    from timeline.db.queries import corpus_stats
    from timeline.present.rows import format_rows

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
