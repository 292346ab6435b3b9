"""Finding events: by overlap of their bounds with a date range, text, source, article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, Integer, and_, func, literal_column, or_, select, text, true

from timeline.calendar import (
    MAX_DAY,
    MAX_YEAR,
    MIN_DAY,
    MIN_YEAR,
    CalendarError,
    day_number,
    days_in_month,
)
from timeline.db.models import Article, Event, EventExpression, Expression, span_class
from timeline.edtf import to_edtf
from timeline.errors import BadDate

_QUERY_DATE = re.compile(r"^(-?)(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_ERA_YEAR = re.compile(
    r"^(?:(?P<bc>\d{1,4})\s*(?:BC|BCE|B\.C\.|B\.C\.E\.)"
    r"|(?:AD|A\.D\.)\s*(?P<y>\d{1,4})|(?P<y2>\d{1,4})\s*(?:AD|CE|A\.D\.|C\.E\.))$",
    re.IGNORECASE,
)

MAX_SPAN_CLASS = span_class(MIN_DAY, MAX_DAY)

# every event row: plain columns, no ORM objects (a thousand rows in a few milliseconds)
EVENT_COLUMNS = (
    Event.id.label("id"),
    Event.start_date.label("start"),
    Event.end_date.label("end"),
    Event.value.label("value"),
    Event.granularity.label("granularity"),
    Event.mod.label("mod"),
    Event.expression_text.label("expression"),
    Event.sentence.label("sentence"),
    Article.id.label("article_id"),
    Article.title.label("title"),
    Article.source.label("source"),
    Article.published.label("published"),
    Article.url.label("url"),
    Event.lower.label("lower"),
    Event.upper.label("upper"),
)

# the keys of every event row, in the order exports show them; "edtf" is computed
# (timeline.edtf) from the value, mod, bounds and the expression as written
EVENT_FIELDS = (*(column.key for column in EVENT_COLUMNS), "edtf")


def parse_date_bound(text: str, *, end: bool = False) -> int:
    """Day number of YYYY, YYYY-MM or YYYY-MM-DD (a leading minus for BCE years, in
    astronomical numbering: ``-0099`` is 100 BC), or of "100 BC", "AD 100", "100 CE".

    A partial date means its first day, or with ``end`` its last day: ``--to 2020-01`` is
    up to 2020-01-31.
    """
    era = _ERA_YEAR.match(text.strip())
    if era:  # "100 BC" is astronomical -0099; "AD 100" / "100 CE" is 0100
        bc = era.group("bc")
        digits = era.group("y") or era.group("y2") or bc
        year = 1 - int(digits) if bc else int(digits)
        if (bc and int(bc) == 0) or not MIN_YEAR <= year <= MAX_YEAR:
            raise BadDate(f"bad date {text!r}: year out of range")
        return day_number(year, 12, 31) if end else day_number(year, 1, 1)
    match = _QUERY_DATE.match(text.strip())
    if not match:
        raise BadDate(
            f"bad date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD (-0099 or 100 BC for BCE)"
        )
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


def overlap_condition(lower: int | None, upper: int | None):
    """Events overlapping [lower, upper], in a form both engines answer from indexes.

    An event overlaps when it starts before the range ends and ends after it starts. A plain
    B-tree on the start cannot bound the scan from below, since a long event may start long
    before the range; so events are classed by the bit length of their span (a day is class 1,
    a year 9, a millennium 19), and for class c only starts from ``lower - 2**c + 2`` on can
    overlap. One short range scan per class on (span_class, lower_day, upper_day) replaces a
    scan of everything before the range.
    """
    if lower is None and upper is None:
        return true()
    if lower is None:
        return Event.lower <= upper
    top = MAX_DAY if upper is None else upper
    per_class = [
        and_(Event.span_class == c, Event.lower.between(lower - 2**c + 2, top))
        for c in range(1, MAX_SPAN_CLASS + 1)
    ]
    return and_(or_(*per_class), Event.upper >= lower)


def text_condition(engine: Engine, words: str):
    """Sentences containing every word (full-text search, stemmed), searched literally."""
    words = words.replace("\x00", " ")  # stored text never holds NUL; both engines reject it
    if engine.dialect.name == "postgresql":
        vector = func.to_tsvector(literal_column("'english'"), Event.sentence)
        return vector.op("@@")(func.plainto_tsquery(literal_column("'english'"), words))
    # FTS5: each word as a quoted string, so that quotes, *, NEAR, AND, - are plain text
    query = " ".join('"' + word.replace('"', '""') + '"' for word in words.split())
    matches = text("SELECT rowid FROM events_fts WHERE events_fts MATCH :fts_query")
    return Event.id.in_(matches.bindparams(fts_query=query).columns(rowid=Integer))


def query_events(engine: Engine, query: EventQuery) -> list[dict]:
    """Events whose span overlaps the range, in chronological order, as plain dicts."""
    conditions = [overlap_condition(query.lower, query.upper)]
    if query.source:
        conditions.append(Article.source == query.source)
    if query.article_id is not None:
        conditions.append(Event.article_id == query.article_id)
    if query.text and query.text.replace("\x00", " ").split():
        conditions.append(text_condition(engine, query.text))
    statement = (
        select(*EVENT_COLUMNS)
        .join(Article, Event.article_id == Article.id)
        .where(*conditions)
        .order_by(Event.lower, Event.upper, Event.article_id, Event.sentence_start, Event.id)
    )
    if query.limit is not None:
        statement = statement.limit(query.limit)
    with engine.connect() as conn:
        return [_with_edtf(dict(row)) for row in conn.execute(statement).mappings()]


def _with_edtf(row: dict) -> dict:
    row["edtf"] = to_edtf(row["value"], row["mod"], row["lower"], row["upper"], row["expression"])
    return row


# the expressions that dated an event, for exports that carry every field
EXPRESSION_COLUMNS = (
    EventExpression.event_id.label("event_id"),
    EventExpression.role.label("role"),
    Expression.id.label("id"),
    Expression.text.label("text"),
    Expression.type.label("type"),
    Expression.value.label("value"),
    Expression.mod.label("mod"),
    Expression.granularity.label("granularity"),
    Expression.lower.label("lower"),
    Expression.upper.label("upper"),
    Expression.anchor.label("anchor"),
    Expression.rule.label("rule"),
    Expression.start.label("char_start"),
    Expression.end.label("char_end"),
)
ROLE_ORDER = {"date": 0, "start": 1, "end": 2}
ID_CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters


def event_expressions(engine: Engine, event_ids: list[int]) -> dict[int, list[dict]]:
    """Each event's expression(s), the start one before the end one of a range: text, type,
    value, mod, granularity, bounds, anchor, rule and offsets in the article."""
    found: dict[int, list[dict]] = {event_id: [] for event_id in event_ids}
    with engine.connect() as conn:
        for i in range(0, len(event_ids), ID_CHUNK):
            chunk = event_ids[i : i + ID_CHUNK]
            statement = (
                select(*EXPRESSION_COLUMNS)
                .join(Expression, EventExpression.expression_id == Expression.id)
                .where(EventExpression.event_id.in_(chunk))
            )
            for row in conn.execute(statement).mappings():
                found[row["event_id"]].append({k: v for k, v in row.items() if k != "event_id"})
    for expressions in found.values():
        expressions.sort(key=lambda x: (ROLE_ORDER.get(x["role"], 3), x["char_start"]))
    return found
