"""Finding events: by overlap of their bounds with a date range, text, source, article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, and_, select
from sqlalchemy.orm import Session

from timeline.calendar import CalendarError, day_number, days_in_month
from timeline.errors import BadDate
from timeline.models import Article, Event

_QUERY_DATE = re.compile(r"^(-?)(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

# the keys of every event row, in the order exports show them
EVENT_FIELDS = (
    "id",
    "start",
    "end",
    "value",
    "granularity",
    "mod",
    "expression",
    "sentence",
    "article_id",
    "title",
    "source",
    "published",
    "url",
    "lower",
    "upper",
)


def parse_date_bound(text: str, *, end: bool = False) -> int:
    """Day number of YYYY, YYYY-MM or YYYY-MM-DD (a leading minus for BCE years).

    A partial date means its first day, or with ``end`` its last day: ``--to 2020-01`` is
    up to 2020-01-31.
    """
    match = _QUERY_DATE.match(text.strip())
    if not match:
        raise BadDate(f"bad date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    sign, y, m, d = match.groups()
    year = -int(y) if sign else int(y)
    try:
        if m is None:
            return day_number(year, 12, 31) if end else day_number(year, 1, 1)
        month = int(m)
        if d is None:
            if not 1 <= month <= 12:
                raise CalendarError(f"month {month} does not exist")
            return day_number(year, month, days_in_month(year, month) if end else 1)
        return day_number(year, month, int(d))
    except CalendarError as exc:
        raise BadDate(f"bad date {text!r}: {exc}") from None


@dataclass(frozen=True)
class EventQuery:
    lower: int | None = None  # day numbers, inclusive
    upper: int | None = None
    text: str | None = None
    source: str | None = None
    article_id: int | None = None
    limit: int | None = None

    @classmethod
    def from_strings(
        cls,
        date_from: str | None = None,
        date_to: str | None = None,
        **filters,
    ) -> EventQuery:
        lower = parse_date_bound(date_from) if date_from else None
        upper = parse_date_bound(date_to, end=True) if date_to else None
        if lower is not None and upper is not None and lower > upper:
            raise BadDate(f"--from {date_from} is after --to {date_to}")
        return cls(lower=lower, upper=upper, **filters)


def query_events(engine: Engine, query: EventQuery) -> list[dict]:
    """Events whose span overlaps the range, in chronological order, as plain dicts."""
    conditions = []
    # overlap: the event starts before the range ends and ends after it starts
    if query.upper is not None:
        conditions.append(Event.lower <= query.upper)
    if query.lower is not None:
        conditions.append(Event.upper >= query.lower)
    if query.source:
        conditions.append(Article.source == query.source)
    if query.article_id is not None:
        conditions.append(Event.article_id == query.article_id)
    if query.text:
        for word in query.text.split():
            # a literal match: LIKE's own wildcards in the user's words are escaped
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(Event.sentence.ilike(f"%{escaped}%", escape="\\"))
    statement = (
        select(Event, Article)
        .join(Article, Event.article_id == Article.id)
        .where(and_(True, *conditions))
        .order_by(Event.lower, Event.upper, Event.article_id, Event.sentence_start, Event.id)
    )
    if query.limit is not None:
        statement = statement.limit(query.limit)
    with Session(engine) as session:
        return [event_row(event, article) for event, article in session.execute(statement)]


def event_row(event: Event, article: Article) -> dict:
    return {
        "id": event.id,
        "start": event.start_date,
        "end": event.end_date,
        "value": event.value,
        "granularity": event.granularity,
        "mod": event.mod,
        "expression": event.expression_text,
        "sentence": event.sentence,
        "article_id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "url": article.url,
        "lower": event.lower,
        "upper": event.upper,
    }
