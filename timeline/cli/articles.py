"""`timeline articles`: list, show and re-date stored articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import click

from timeline.cli.options import engine_of, output_format


@click.group()
def articles() -> None:
    """List, show and re-date stored articles."""


@articles.command("list")
@output_format(("table", "json", "csv", "nl-json", "md"))
@click.pass_context
def articles_list(ctx: click.Context, fmt: str) -> None:
    """List stored articles."""
    from timeline.db.queries import ARTICLE_FIELDS, list_articles
    from timeline.present.rows import format_rows

    click.echo(
        format_rows(
            list_articles(engine_of(ctx)),
            fmt,
            columns=ARTICLE_FIELDS,
            table_columns=("id", "published", "source", "events", "title"),
            widths={"title": 60},
        )
    )


@articles.command("show")
@click.argument("article_id", type=int)
@click.pass_context
def articles_show(ctx: click.Context, article_id: int) -> None:
    """Show an article's text with its expressions marked and resolved."""
    from timeline.db.queries import article_detail

    article, expressions = article_detail(engine_of(ctx), article_id)
    click.echo(f"# {article['title'] or '(untitled)'}")
    click.echo(f"source: {article['source'] or '-'}   author: {article['author'] or '-'}")
    click.echo(f"published: {article['published'] or 'unknown'} ({article['published_origin']})")
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


@articles.command("set-date")
@click.argument("article_id", type=int)
@click.argument("date")
@click.pass_context
def articles_set_date(ctx: click.Context, article_id: int, date: str) -> None:
    """Set an article's publication date and re-resolve its dates."""
    from timeline.db.writes import set_article_date

    written = set_article_date(engine_of(ctx), article_id, date)
    click.echo(
        f"article {article_id} published {date}: {written.expressions} expressions, "
        f"{written.events} events, {written.unresolved} unresolved"
    )
