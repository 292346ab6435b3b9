"""`timeline tag` and `timeline eval`: the tagger on a text or a corpus, and its scores."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from timeline.cli.options import DOC_TYPE, doc_type_option, output_format
from timeline.records import ReadProblem

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


@click.command()
@click.argument("text", required=False)
@click.option(
    "--published", metavar="DATE", help="Publication date (YYYY-MM-DD) to resolve against."
)
@doc_type_option("Document type (default: news with a publication date, else narrative).")
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
@output_format(("table", "json", "csv", "nl-json", "md"))
@click.pass_context
def tag(
    ctx: click.Context,
    text: str | None,
    published: str | None,
    doc_type: str | None,
    jsonl_in: Path | None,
    out: Path | None,
    fmt: str,
) -> None:
    """Find and resolve the temporal expressions in TEXT (or in a JSONL file)."""
    if jsonl_in is not None:
        if text is not None:
            raise click.UsageError("give TEXT or --jsonl, not both")
        tag_jsonl(ctx, jsonl_in, out, doc_type)
        return
    if text is None:
        raise click.UsageError("give the TEXT to tag, or --jsonl FILE")
    import json

    from timeline.calendar import iso
    from timeline.dates import check_day
    from timeline.edtf import to_edtf
    from timeline.present.rows import format_rows
    from timeline.records import auto_doc_type
    from timeline.tagger import tag as tag_text

    if published:
        check_day(published)
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
    """Tag a JSONL corpus as it is read, line by line; bad lines (and documents the tagger
    refuses) are reported with their number. Memory holds one document at a time, whatever
    the size of the file."""
    import json

    from timeline.evaluate.corpus import tag_lines

    problems: list[ReadProblem] = []
    tagged = 0
    stream = click.open_file(str(out) if out else "-", "w", encoding="utf-8")
    try:
        with click.progressbar(
            length=source.stat().st_size,
            label="Tagging",
            file=sys.stderr,
            hidden=not sys.stderr.isatty(),
        ) as bar:
            for item in tag_lines(source, doc_type=doc_type, progress=bar.update):
                if isinstance(item, ReadProblem):
                    problems.append(item)
                    continue
                stream.write(json.dumps(item[1], ensure_ascii=False) + "\n")
                tagged += 1
    finally:
        if out:
            stream.close()
    _report(problems)
    click.echo(
        f"tagged {tagged} document{'' if tagged == 1 else 's'}"
        + (f" to {out}" if out else "")
        + (f", {len(problems)} bad line{'' if len(problems) == 1 else 's'}" if problems else ""),
        err=True,
    )
    if problems:
        ctx.exit(1)


def _report(problems: list[ReadProblem]) -> None:
    """Each line that was rejected, on one line of standard error (file:line: why)."""
    for problem in problems:
        click.echo(str(problem), err=True)


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--system",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score this prediction file instead of tagging the gold texts.",
)
@click.option(
    "--type",
    "doc_type",
    type=DOC_TYPE,
    help="Tag every gold text as this document type (default: each document's own).",
)
@click.option(
    "--write-system",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="Save the tagger's output here (JSON Lines).",
)
@click.option(
    "--errors",
    type=click.IntRange(min=1),
    metavar="N",
    help="Also list the first N errors (missed, spurious, span, type, value).",
)
@output_format(("table", "json"))
@click.pass_context
def eval_command(
    ctx: click.Context,
    gold: Path,
    system: Path | None,
    doc_type: str | None,
    write_system: Path | None,
    errors: int | None,
    fmt: str,
) -> None:
    """Score the tagger (or a prediction file) against GOLD, TempEval-3 style.

    A line that cannot be used (bad JSON, a missing key, a dct that is not a real day) is
    reported with its number and left out of the scores; the exit status is then 1."""
    import json
    import time

    from timeline.evaluate.corpus import DOC_KEYS, read_documents, tag_lines, write_jsonl
    from timeline.evaluate.scoring import format_errors, format_scores_table, score_documents

    if system is not None and (doc_type or write_system):
        raise click.UsageError("--type and --write-system tag the gold texts: not with --system")
    if system is not None:
        gold_docs, gold_problems = read_documents(gold)
        system_docs, system_problems = read_documents(system)
        problems = gold_problems + system_problems
        _report(problems)
        _refuse_empty(gold, gold_docs)
        _refuse_empty(system, system_docs)
    else:
        gold_docs, system_docs = [], []
        problems = []
        started = time.perf_counter()
        for item in tag_lines(gold, required=DOC_KEYS, doc_type=doc_type):
            if isinstance(item, ReadProblem):
                problems.append(item)
            else:
                gold_docs.append(item[0])
                system_docs.append(item[1])
        elapsed = max(time.perf_counter() - started, 1e-9)
        _report(problems)
        _refuse_empty(gold, gold_docs)
        n = len(gold_docs)
        click.echo(
            f"tagged {n} document{'s' * (n != 1)} in {elapsed:.2f} s "
            f"({n / elapsed:.1f} documents/s)",
            err=True,
        )
        if write_system is not None:
            with write_system.open("w", encoding="utf-8") as stream:
                write_jsonl(system_docs, stream)
    scores = score_documents(gold_docs, system_docs)
    if fmt == "json":
        click.echo(json.dumps(scores.as_dict(), indent=2))
    else:
        click.echo(format_scores_table(scores))
    if errors:
        click.echo("")
        click.echo(format_errors(gold_docs, system_docs, limit=errors))
    if problems:
        ctx.exit(1)


def _refuse_empty(path: Path, docs: list) -> None:
    """A file without one usable document is an error, not a table of zeros (its rejected
    lines have been reported)."""
    if not docs:
        raise click.ClickException(f"{path}: no document to score")
