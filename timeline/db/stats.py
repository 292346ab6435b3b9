"""Corpus statistics: counts, and events by source and by year."""

from __future__ import annotations

from sqlalchemy import Engine, case, func, select

from timeline.db.models import Article, Event, Expression


def corpus_stats(engine: Engine) -> dict:
    year = case(
        (Event.start_date.like("-%"), func.substr(Event.start_date, 1, 5)),
        else_=func.substr(Event.start_date, 1, 4),
    )
    with engine.connect() as conn:
        count = lambda statement: conn.execute(statement).scalar_one()  # noqa: E731
        events_per_article = (
            select(Event.article_id, func.count().label("events"))
            .group_by(Event.article_id)
            .subquery()
        )
        by_source = conn.execute(
            select(
                Article.source,
                func.count(Article.id),
                func.coalesce(func.sum(events_per_article.c.events), 0),
            )
            .outerjoin(events_per_article, events_per_article.c.article_id == Article.id)
            .group_by(Article.source)
            .order_by(Article.source)
        ).all()
        by_year = conn.execute(
            select(year.label("year"), func.count()).group_by(year).order_by(func.min(Event.lower))
        ).all()
        return {
            "articles": count(select(func.count()).select_from(Article)),
            "undated_articles": count(
                select(func.count()).select_from(Article).where(Article.published.is_(None))
            ),
            "expressions": count(select(func.count()).select_from(Expression)),
            "unresolved": count(
                select(func.count()).select_from(Expression).where(Expression.resolved.is_(False))
            ),
            "events": count(select(func.count()).select_from(Event)),
            "by_source": [
                {"source": source, "articles": articles, "events": int(events)}
                for source, articles, events in by_source
            ],
            "by_year": [{"year": y, "events": n} for y, n in by_year],
        }
