"""`timeline ingest`: files and folders into the database (:mod:`timeline.ingest.pipeline`)."""

from __future__ import annotations

from pathlib import Path

import click

from timeline.cli.options import doc_type_option, engine_of
from timeline.cli.progress import Progress
from timeline.settings import DEFAULT_MAX_ARTICLE_MB, default_workers


@click.command()
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
@doc_type_option(
    "Document type: news (anchored to the publication date) or narrative (anchored "
    "on the last date the text mentioned). Default: news; an article without a publication "
    "date whose text is clearly a narrative (a history, no news cues) is read as one."
)
@click.option(
    "--dayfirst",
    is_flag=True,
    help="Numeric dates in JSONL/CSV records and the metadata file are day first "
    "(20/06/2022); default month first.",
)
@click.option(
    "--infer-published",
    is_flag=True,
    help="Date articles that have no publication date, or a doubtful one, from their text, "
    "and a wire dateline without its year from the dates of its source (each inferred date "
    "is reported with its evidence).",
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
    "--scheduler",
    "dask",
    metavar="ADDRESS",
    help='Tag on a Dask cluster: its scheduler\'s address (tcp://host:8786), or "local" '
    "for a LocalCluster of --workers processes here. The cluster's workers write to the "
    "database themselves: give a PostgreSQL URL they all reach.",
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
    ctx: click.Context,
    paths: tuple[Path, ...],
    published: str | None,
    source: str | None,
    metadata: Path | None,
    doc_type: str | None,
    dayfirst: bool,
    infer_published: bool,
    workers: int,
    dask: str | None,
    strict: bool,
    max_article_mb: float,
) -> None:
    """Ingest articles from files or folders (text, JSONL, CSV, HTML).

    A file or row that cannot be read is reported on stderr (skipped PATH[:LINE]: reason),
    the others are ingested and the exit status is 1; with --strict the run stops there.
    Files not in UTF-8 are decoded all the same and named on stderr (decoded PATH as
    windows-1252).
    """
    from timeline.dates import check_day
    from timeline.ingest.metadata import load_metadata
    from timeline.ingest.pipeline import IngestOptions
    from timeline.ingest.pipeline import ingest as run_ingest

    workers_given = ctx.get_parameter_source("workers") != click.core.ParameterSource.DEFAULT
    options = IngestOptions(
        published=check_day(published) if published else None,
        source=source,
        metadata=load_metadata(metadata, dayfirst=dayfirst) if metadata else None,
        doc_type=doc_type,  # type: ignore[arg-type]  (a click.Choice of DOC_TYPES)
        max_article_mb=max_article_mb,
        dayfirst=dayfirst,
        infer_published=infer_published,
        strict=strict,
        # on Dask, the workers of a local cluster when given; else Dask's own choice
        workers=workers if workers_given or not dask else None,
        scheduler=dask,
    )
    engine = engine_of(ctx)
    progress = Progress("Ingesting")
    try:
        report = run_ingest(engine, paths, options, progress)
    finally:
        progress.close()
    for origin, encoding in report.decoded.items():
        click.echo(f"decoded {origin} as {encoding}", err=True)
    for origin, count in report.removed_nuls.items():
        click.echo(f"removed {count} NUL byte{'s' * (count != 1)} from {origin}", err=True)
    for noted in report.warnings:
        click.echo(f"warning {noted.where}: {noted.message}", err=True)
    for entry in report.unmatched:
        part = f"part {entry.part}" if entry.part else "(whole file)"
        click.echo(
            f"metadata line {entry.line}: {entry.file.name} {part} matches no article read",
            err=True,
        )
    for noted in report.narrative:
        click.echo(
            f"{noted.where}: no publication date, read as a narrative ({noted.message}; "
            "--type news to read it as news)",
            err=True,
        )
    for noted in report.doubtful:
        click.echo(f"doubtful date {noted.where}: {noted.message}", err=True)
    for noted in report.inferred:
        click.echo(f"inferred date {noted.where}: {noted.message}", err=True)
    if report.waiting:  # undated articles whose dates wait for a publication date
        n, waiting = report.undated, report.waiting
        click.echo(
            f"{n} article{'s' * (n != 1)} without a publication date: {waiting} "
            f"expression{'s wait' if waiting != 1 else ' waits'} for one — set them with "
            "`timeline articles set-date` (or `timeline articles infer-dates`)",
            err=True,
        )
    if report.stopped:
        click.echo(report.line())  # what was stored before the problem
        raise click.ClickException(f"{report.stopped} (--strict: stopped at the first problem)")
    for problem in report.problems:
        click.echo(f"skipped {problem}", err=True)
    click.echo(report.line())
    if report.problems:
        ctx.exit(1)
