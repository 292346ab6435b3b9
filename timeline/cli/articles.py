"""`timeline articles`: list, show, re-date, infer dates for, edit and delete stored articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import click

from timeline.cli.options import ARTICLE_ID, DOC_TYPE, engine_of, output_format
from timeline.counts import counted


@click.group()
def articles() -> None:
    """List, show, date, edit and delete stored articles."""


@articles.command("list")
@click.option(
    "--doubtful", is_flag=True, help="Only articles whose publication date the text contradicts."
)
@output_format(("table", "json", "csv", "nl-json", "md"))
@click.pass_context
def articles_list(ctx: click.Context, doubtful: bool, fmt: str) -> None:
    """List stored articles, with where each publication date came from."""
    from timeline.db.queries import ARTICLE_FIELDS, list_articles
    from timeline.present.rows import format_rows

    rows = list_articles(engine_of(ctx), doubtful=doubtful)
    for row in rows:  # the table's "dated" column: origin, confidence, "?" when doubtful
        row["dated"] = dated_label(row)
    if fmt == "table" and not rows:
        click.echo("No doubtful dates." if doubtful else "No articles.", err=True)
        return
    click.echo(
        format_rows(
            rows,
            fmt,
            columns=ARTICLE_FIELDS,
            table_columns=("id", "published", "dated", "source", "mentions", "title"),
            widths={"title": 60},
        )
    )


def dated_label(row: Mapping) -> str:
    """``metadata``, ``inferred 0.96``, ``header 0.60 doubtful``: how a date was settled."""
    origin = row["published_origin"]
    confidence = row.get("published_confidence")
    label = origin if confidence in (None, 1.0) else f"{origin} {confidence:.2f}"
    return label + (" doubtful" if row.get("published_doubt") else "")


@articles.command("show")
@click.argument("article_id", type=ARTICLE_ID)
@click.pass_context
def articles_show(ctx: click.Context, article_id: int) -> None:
    """Show an article's text with its expressions marked and resolved."""
    from timeline.db.queries import article_detail

    article, expressions = article_detail(engine_of(ctx), article_id)
    click.echo(f"# {article['title'] or '(untitled)'}")
    click.echo(f"source: {article['source'] or '-'}   author: {article['author'] or '-'}")
    dated = f"{article['published']} ({dated_label(article)})" if article["published"] else None
    click.echo(f"published: {dated or 'unknown'}   type: {article['doc_type']}")
    if article["published_doubt"]:
        click.echo(f"doubt: {article['published_doubt']}")
    for line in (article["published_evidence"] or "").splitlines():
        click.echo(f"evidence: {line}")
    position = f" (article {article['position']})" if article["position"] else ""
    click.echo(f"from: {article['origin_path'] or '-'}{position}")
    click.echo("")
    click.echo(mark_expressions(article["text"], expressions))


def mark_expressions(text: str, expressions: Sequence[Mapping]) -> str:
    """``… in Tehran [July 21 → 2020-07-21] …``: each expression with its value."""
    from timeline.calendar import iso

    parts, position = [], 0
    for x in expressions:
        parts.append(text[position : x["start"]])
        value = x["value"] + (f" {x['mod']}" if x["mod"] else "")
        if x["lower"] is not None and x["upper"] is not None and x["type"] in ("DATE", "TIME"):
            lower, upper = iso(x["lower"]), iso(x["upper"])
            value += f" = {lower}" if lower == upper else f" = {lower}..{upper}"
        if not x["resolved"]:
            value += f" unresolved: {x['reason']}" if x["reason"] else " unresolved"
        color = "cyan" if x["resolved"] else "red"
        parts.append(click.style(f"[{x['text']} → {value}]", fg=color))
        position = x["end"]
    parts.append(text[position:])
    return "".join(parts)


def _resolved_line(article_id: int, what: str, written) -> str:
    return (
        f"article {article_id} {what}: {counted(written.expressions, 'expression')}, "
        f"{counted(written.mentions, 'mention')}, {written.unresolved} unresolved"
    )


@articles.command("set-date", context_settings={"ignore_unknown_options": True})
@click.argument("article_id", type=ARTICLE_ID)
@click.argument("date")
@click.pass_context
def articles_set_date(ctx: click.Context, article_id: int, date: str) -> None:
    """Set an article's publication date: it is news, and its dates are resolved again."""
    from timeline.db.writes import set_article_date

    written = set_article_date(engine_of(ctx), article_id, date)
    click.echo(_resolved_line(article_id, f"published {date}", written))


@articles.command("edit")
@click.argument("article_id", type=ARTICLE_ID)
@click.option("--title", help="The article's title.")
@click.option("--source", help="Its source (a newspaper, an agency, a book).")
@click.option("--author", help="Its author.")
@click.option("--url", help="Where it was published.")
@click.option(
    "--type",
    "doc_type",
    type=DOC_TYPE,
    help="news (anchored on the publication date) or narrative (on the dates it tells); "
    "its dates are resolved again.",
)
@click.pass_context
def articles_edit(ctx: click.Context, article_id: int, **values: str | None) -> None:
    """Change an article's title, source, author, URL or type (one transaction)."""
    from timeline.db.writes import update_article

    given = {name: value for name, value in values.items() if value is not None}
    if not given:
        raise click.UsageError("give at least one of --title, --source, --author, --url, --type")
    written = update_article(engine_of(ctx), article_id, given)
    changed = ", ".join(f"{name.removeprefix('doc_')} {value!r}" for name, value in given.items())
    if "doc_type" in given:
        click.echo(_resolved_line(article_id, changed, written))
    else:
        click.echo(f"article {article_id}: {changed}")


@articles.command("delete")
@click.argument("article_id", type=ARTICLE_ID)
@click.pass_context
def articles_delete(ctx: click.Context, article_id: int) -> None:
    """Delete an article with its expressions and events (one transaction)."""
    from timeline.db.writes import delete_article

    delete_article(engine_of(ctx), article_id)
    click.echo(f"deleted article {article_id}")


@articles.command("infer-dates")
@click.argument("article_ids", nargs=-1, type=ARTICLE_ID)
@click.option("--apply", is_flag=True, help="Set the proposed dates (origin inferred).")
@output_format(("table", "json", "csv", "nl-json", "md"))
@click.pass_context
def articles_infer_dates(
    ctx: click.Context, article_ids: tuple[int, ...], apply: bool, fmt: str
) -> None:
    """Propose a publication date, from the text, for undated and doubtful articles (or the
    IDS given), with its evidence and confidence; --apply sets them. A wire dateline without
    its year takes the year of the dated articles of its source around it."""
    from timeline.ingest import proposals
    from timeline.present.rows import format_rows

    engine = engine_of(ctx)
    rows = []
    for proposal in proposals.propose_dates(engine, article_ids):
        article, found = proposal.article, proposal.finding
        row = {
            "id": article["id"],
            "published": article["published"],
            "origin": article["published_origin"],
            "proposed": found.date if found else None,
            "confidence": round(found.confidence, 2) if found else None,
            "evidence": "; ".join(found.evidence) if found else "no date the text supports",
            "applied": False,
        }
        if apply and proposal.changes:
            proposals.apply(engine, proposal)
            row.update(published=row["proposed"], origin="inferred", applied=True)
        rows.append(row)
    if fmt == "table" and not rows:
        click.echo("No undated or doubtful articles.", err=True)
        return
    columns = ("id", "published", "origin", "proposed", "confidence", "evidence", "applied")
    click.echo(format_rows(rows, fmt, columns=columns, widths={"evidence": 70}))
    if fmt == "table" and not apply and any(row["proposed"] for row in rows):
        click.echo("(nothing changed: --apply sets the proposed dates)", err=True)
