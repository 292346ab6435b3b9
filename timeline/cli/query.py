"""`timeline query`, `export`, `render`, `chronology`, `stats` and `events`: reading the
database, presenting rows."""

from __future__ import annotations

from pathlib import Path

import click

from timeline.cli.options import engine_of, event_filters, output_format
from timeline.counts import counted
from timeline.errors import TimelineError
from timeline.records import EventQuery


def _check_folder(output: Path) -> None:
    if not output.parent.exists():
        raise TimelineError(f"cannot write {output}: no folder {output.parent}")


SENTENCE_WIDTH = 80  # the table's sentences when not on a terminal: tests' exact outputs


def sentence_width(asked: int | None, others: int) -> int:
    """Characters of a sentence in the table: as asked (0: all of it), else what the
    terminal leaves beside the other columns, else :data:`SENTENCE_WIDTH`."""
    import shutil
    import sys

    if asked is not None:
        return asked
    if not sys.stdout.isatty():
        return SENTENCE_WIDTH
    return max(30, shutil.get_terminal_size((others + SENTENCE_WIDTH, 24)).columns - others)


def merged_engine(ctx: click.Context):
    """The invocation's database with every mention merged into its event: what a database
    upgraded from before events, or changed since, still lacks is done here, once."""
    from timeline.events.merge import merge_pending

    engine = engine_of(ctx)
    merge_pending(engine)
    return engine


@click.command()
@event_filters
@click.option(
    "--events",
    "merged",
    is_flag=True,
    help="One row per event (the mentions of one happening, merged), with its reports.",
)
@output_format(("table", "json", "csv", "md", "nl-json"))
@click.option(
    "--width",
    type=click.IntRange(min=0),
    metavar="N",
    help="Table: cut sentences at N characters (0: never). Default: fit the terminal "
    f"({SENTENCE_WIDTH} when the output is not a terminal).",
)
@click.pass_context
def query(ctx: click.Context, query: EventQuery, merged: bool, fmt: str, width: int | None) -> None:
    """Mentions (dated statements) whose dates overlap a range, in chronological order; with
    --events, the events they report."""
    from timeline.db.queries import EVENT_FIELDS, MENTION_FIELDS, query_events, query_mentions
    from timeline.present.markdown import markdown_chronology
    from timeline.present.rows import format_rows

    if merged:
        rows = query_events(merged_engine(ctx), query)
        columns = EVENT_FIELDS if fmt in ("json", "nl-json") else EVENT_FIELDS[:-1]
        table = ("start", "end", "reports", "sentence", "source_names")
        widths = {"source_names": 24}
    else:
        rows = query_mentions(engine_of(ctx), query)
        columns, table = MENTION_FIELDS, ("start", "end", "expression", "sentence", "source")
        widths = {"expression": 24, "source": 16}
    # the other columns' widths at most (dates 10, reports 7) and two spaces between columns
    others = 10 + 10 + sum(widths.values()) + (7 if merged else 0) + 2 * (len(table) - 1)
    widths["sentence"] = sentence_width(width, others)
    if fmt == "md":
        click.echo(markdown_chronology(rows))
    elif fmt == "table" and not rows:
        click.echo("No events match." if merged else "No mentions match.", err=True)
    else:
        click.echo(format_rows(rows, fmt, columns=columns, table_columns=table, widths=widths))


@click.command()
@event_filters
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write: an HTML page, or a .png, .svg or .pdf image (needs Chromium).",
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
    "--mentions",
    is_flag=True,
    help="Timeline: every dated statement (mention) as its own mark, not one mark per event.",
)
@click.option(
    "--chronology",
    "as_chronology",
    is_flag=True,
    help="Timeline: only the dates that matter (as `timeline chronology` picks them).",
)
@click.option(
    "--dates",
    type=click.IntRange(min=1),
    metavar="K",
    help="With --chronology: how many dates (default: a number for the corpus's size).",
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
    "--theme",
    type=click.Choice(["light", "dark"]),
    default="light",
    show_default=True,
    help="Colours of the page or image (light prints well).",
)
@click.option(
    "--width",
    type=click.IntRange(min=200, max=10000),
    default=1400,
    show_default=True,
    help="An image's width in pixels (a page fills its window).",
)
@click.option(
    "--height",
    type=click.IntRange(min=200, max=10000),
    default=900,
    show_default=True,
    help="An image's height in pixels.",
)
@click.option(
    "--view",
    type=click.Choice(["first", "all"]),
    default="first",
    show_default=True,
    help="An image's time span: where most events are (as the page opens), or all of them.",
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
    mentions: bool,
    as_chronology: bool,
    dates: int | None,
    group_by: str,
    unit: str,
    theme: str,
    width: int,
    height: int,
    view: str,
    cdn: bool,
) -> None:
    """Draw the events: an interactive, self-contained HTML page (works offline), or a static
    PNG, SVG or PDF image when OUTPUT ends so. One mark per event, sized by its reports."""
    # plotly is heavy: load it only here
    from timeline.present.static import image_format

    if mentions and as_chronology:
        raise click.UsageError("--mentions and --chronology are two different charts: pick one")
    if dates is not None and not as_chronology:
        raise click.UsageError("--dates goes with --chronology")
    if as_chronology and kind == "histogram":
        raise click.UsageError("--chronology draws a timeline: drop --kind histogram")
    _check_folder(output)
    mode = "chronology" if as_chronology else "mentions" if mentions else "events"
    rows, what = _render_rows(ctx, query, mode, dates)
    if image_format(output) is not None:
        from timeline.present.density import histogram_data
        from timeline.present.render import shaped_chart
        from timeline.present.static import write_image

        if mode == "mentions" and kind == "timeline":
            mode = "events"  # an image draws each mention as its own one-report event
        shaped = (
            histogram_data(rows, unit=unit)  # type: ignore[arg-type]
            if kind == "histogram"
            else shaped_chart(rows, group_by=group_by, mode=mode)  # type: ignore[arg-type]
        )
        write_image(
            shaped,
            output,
            title=title,
            width=width,
            height=height,
            theme=theme,  # type: ignore[arg-type]
            whole=view == "all",
        )
    else:
        from timeline.present.render import write_html

        write_html(
            rows,
            output,
            title=title,
            group_by=group_by,  # type: ignore[arg-type]  (click.Choice of the same names)
            kind=kind,  # type: ignore[arg-type]
            unit=unit,  # type: ignore[arg-type]
            mode=mode,  # type: ignore[arg-type]
            theme=theme,  # type: ignore[arg-type]
            include_plotlyjs="cdn" if cdn else True,
        )
    click.echo(f"wrote {output} ({what})")


def _render_rows(ctx: click.Context, query: EventQuery, mode: str, dates: int | None):
    """What `render` draws, and how it says so: events, mentions, or a chronology."""
    if mode == "chronology":
        from timeline.chronology import chronology_from_db

        found = chronology_from_db(merged_engine(ctx), query, dates=dates)
        return found, f"{len(found.entries)} dates of {found.candidates}"
    from timeline.db.queries import query_events, query_mentions

    if mode == "mentions":
        rows = query_mentions(engine_of(ctx), query)
        return rows, f"{len(rows)} mentions"
    rows = query_events(merged_engine(ctx), query)
    return rows, f"{len(rows)} events"


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
    from timeline.db.queries import mention_expressions, query_events, query_mentions
    from timeline.present.exports import day_precise
    from timeline.present.exports import export as export_rows

    engine = engine_of(ctx)
    # the Markdown chronology tells events, each citing every report; the data formats carry
    # each mention with how it was dated
    rows = query_events(merged_engine(ctx), query) if fmt == "md" else query_mentions(engine, query)
    expressions = None
    if fmt in ("csv", "json", "nl-json"):
        expressions = mention_expressions(engine, [row["id"] for row in rows])
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
    """Counts of articles, expressions, mentions and events, by source and by year."""
    import json

    from timeline.db.queries import corpus_stats
    from timeline.present.rows import format_rows

    numbers = corpus_stats(merged_engine(ctx))
    if fmt == "json":
        click.echo(json.dumps(numbers, indent=2, ensure_ascii=False))
        return
    labels = {"open_ended": "open-ended"}  # mentions open on one side: counted apart by year
    keys = ("articles", "undated_articles", "expressions", "unresolved", "mentions", "open_ended")
    totals = [
        {"what": labels.get(k, k.replace("_", " ")), "count": numbers[k]} for k in (*keys, "events")
    ]
    click.echo(format_rows(totals, "table", columns=("what", "count")))
    click.echo("\nBy source")
    columns = ("source", "articles", "mentions")
    click.echo(format_rows(numbers["by_source"], "table", columns=columns))
    click.echo("\nBy year (mentions by the year they start; open-ended ones apart)")
    click.echo(format_rows(numbers["by_year"], "table", columns=("year", "mentions")))


@click.command()
@event_filters
@click.option(
    "--dates",
    type=click.IntRange(min=1),
    metavar="K",
    help="How many dates (default: a number for the corpus's size, said in the output).",
)
@click.option(
    "--per-date",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Sentences that say what happened on each date, at most.",
)
@output_format(("table", "md", "json", "html"))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (needed for html: the chart of the dates, as `render --chronology`).",
)
@click.option("--title", default="Chronology", show_default=True, help="The html page's title.")
@click.pass_context
def chronology(
    ctx: click.Context,
    query: EventQuery,
    dates: int | None,
    per_date: int,
    fmt: str,
    output: Path | None,
    title: str,
) -> None:
    """The dates that matter in the corpus, each with the sentences that say what happened
    and their sources, in chronological order."""
    import json

    from timeline.chronology import chronology_from_db, to_json_entries
    from timeline.present.chronology import chronology_markdown, chronology_table

    if fmt == "html" and output is None:
        raise click.UsageError("--format html writes a page: give its file with -o FILE")
    if output is not None:
        _check_folder(output)
    found = chronology_from_db(merged_engine(ctx), query, dates=dates, per_date=per_date)
    if fmt == "html":
        from timeline.present.render import write_html  # plotly is heavy: load it only here

        write_html(found, output, title=title, mode="chronology")  # type: ignore[arg-type]
        click.echo(f"wrote {output} ({len(found.entries)} dates)")
    elif output is not None:
        text = (
            json.dumps(to_json_entries(found), indent=2, ensure_ascii=False)
            if fmt == "json"
            else chronology_markdown(found)
            if fmt == "md"
            else chronology_table(found)
        )
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output} ({len(found.entries)} dates)")
    elif fmt == "json":
        click.echo(json.dumps(to_json_entries(found), indent=2, ensure_ascii=False))
    elif fmt == "md":
        click.echo(chronology_markdown(found))
    else:
        click.echo(chronology_table(found))
    chosen = "chosen for the corpus's size: " if found.chosen_by_default else ""
    click.echo(f"{found.dates} dates of {found.candidates} ({chosen}{found.reason})", err=True)
    if found.doubtful:
        n = found.doubtful
        click.echo(
            f"{n} mention{'s' * (n != 1)} left out: dated from publication dates their texts "
            "contradict (`timeline articles list --doubtful`)",
            err=True,
        )


@click.group("events")
def events_group() -> None:
    """Events: the mentions of one happening across articles, merged."""


@events_group.command("rebuild")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    metavar="X",
    help="How similar (TF-IDF cosine, 0..1) a mention must be to an event to join it.",
)
@click.pass_context
def events_rebuild(ctx: click.Context, threshold: float | None) -> None:
    """Merge every mention again (e.g. with another threshold)."""
    from timeline.events.merge import THRESHOLD, rebuild

    report = rebuild(engine_of(ctx), THRESHOLD if threshold is None else threshold)
    click.echo(
        f"{counted(report.merged, 'mention')} merged into {counted(report.new_events, 'event')}, "
        f"{report.conflicts} in disagreement"
    )
