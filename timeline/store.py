"""Writing articles, their expressions and their events to the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from timeline.calendar import CalendarError, parse_iso_day
from timeline.errors import BadDate, NotFound
from timeline.events import Analysis, analyze
from timeline.models import Article, Event, EventExpression, Expression
from timeline.readers import ArticleRecord, ReadProblem, content_hash

BATCH_SIZE = 200  # articles per transaction: fewer commits, bounded memory


@dataclass
class IngestSummary:
    new: int = 0
    skipped: int = 0
    expressions: int = 0
    events: int = 0
    unresolved: int = 0
    problems: list[ReadProblem] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.new} new article{'s' * (self.new != 1)}, {self.skipped} already stored, "
            f"{self.expressions} expressions, {self.events} events, "
            f"{self.unresolved} unresolved"
            + (f", {len(self.problems)} problems" if self.problems else "")
        )


def check_date(text: str) -> str:
    """``text`` if it is a valid ISO day (YYYY-MM-DD), else BadDate."""
    try:
        parse_iso_day(text)
    except CalendarError as exc:
        raise BadDate(f"bad date {text!r}: {exc}") from None
    return text


def attach_analysis(article: Article, analysis: Analysis) -> tuple[int, int, int]:
    """Add an analysis' expressions and events to ``article``.

    Returns the counts (expressions, events, unresolved).
    """
    expressions = [
        Expression(
            start=t.start,
            end=t.end,
            text=t.text,
            type=t.type,
            value=t.value,
            mod=t.mod,
            lower=t.lower,
            upper=t.upper,
            granularity=t.granularity,
            anchor=t.anchor,
            rule=t.rule,
            resolved=t.resolved,
            quant=t.quant,
            freq=t.freq,
        )
        for t in analysis.result.timexes
    ]
    article.expressions.extend(expressions)
    text = article.text
    for draft in analysis.events:
        article.events.append(
            Event(
                sentence=text[draft.sentence_start : draft.sentence_end],
                sentence_start=draft.sentence_start,
                sentence_end=draft.sentence_end,
                lower=draft.lower,
                upper=draft.upper,
                start_date=draft.start_date,
                end_date=draft.end_date,
                granularity=draft.granularity,
                value=draft.value,
                mod=draft.mod,
                expression_text=draft.expression_text,
                links=[
                    EventExpression(expression=expressions[i], role=role) for i, role in draft.links
                ],
            )
        )
    unresolved = sum(1 for t in analysis.result.timexes if not t.resolved)
    return len(expressions), len(analysis.events), unresolved


def ingest_records(
    engine: Engine,
    records: Iterable[ArticleRecord | ReadProblem],
    *,
    progress: Callable[[ArticleRecord | ReadProblem], None] | None = None,
) -> IngestSummary:
    """Store new articles with their expressions and events; known ones (same hash) are skipped."""
    summary = IngestSummary()
    batch: list[tuple[str, ArticleRecord]] = []

    def flush() -> None:
        if not batch:
            return
        with Session(engine) as session, session.begin():
            known = set(
                session.scalars(
                    select(Article.content_hash).where(
                        Article.content_hash.in_([h for h, _ in batch])
                    )
                )
            )
            for digest, record in batch:
                if digest in known:
                    summary.skipped += 1
                    continue
                known.add(digest)
                article = _new_article(record, digest)
                counts = attach_analysis(
                    article, analyze(record.text, record.published, record.doc_type)
                )
                session.add(article)
                summary.new += 1
                summary.expressions += counts[0]
                summary.events += counts[1]
                summary.unresolved += counts[2]
        batch.clear()

    for item in records:
        if isinstance(item, ReadProblem):
            summary.problems.append(item)
        else:
            batch.append((content_hash(item), item))
            if len(batch) >= BATCH_SIZE:
                flush()
        if progress:
            progress(item)
    flush()
    return summary


def _new_article(record: ArticleRecord, digest: str) -> Article:
    return Article(
        title=record.title,
        source=record.source,
        author=record.author,
        url=record.url,
        published=record.published,
        published_origin=record.published_origin,
        language=record.language,
        doc_type=record.doc_type,
        text=record.text,
        content_hash=digest,
        origin_path=record.origin_path,
        position=record.position,
        ingested_at=datetime.now(UTC),
    )


def set_article_date(engine: Engine, article_id: int, published: str) -> tuple[int, int, int]:
    """Give an article a new publication date and re-resolve it, all in one transaction."""
    check_date(published)
    with Session(engine) as session, session.begin():
        article = session.get(Article, article_id)
        if article is None:
            raise NotFound(f"no article with id {article_id}")
        analysis = analyze(article.text, published, article.doc_type)
        session.execute(delete(Event).where(Event.article_id == article_id))
        session.execute(delete(Expression).where(Expression.article_id == article_id))
        session.expire(article, ["expressions", "events"])
        article.published = published
        article.published_origin = "set"
        return attach_analysis(article, analysis)
