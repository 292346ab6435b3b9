"""Reading and writing what the event merge needs: pending mentions, the events around them,
and the merged events stored in one transaction, one merge at a time."""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, bindparam, case, func, insert, select, text, update

from timeline.calendar import iso
from timeline.db.models import Article, Event, Mention, span_class

EVENTS = Event.__table__
MENTIONS = Mention.__table__
if TYPE_CHECKING:
    import numpy as np

MERGE_LOCK_KEY = 72_200_002  # PostgreSQL advisory lock held while merging


@dataclass(frozen=True, slots=True)
class MentionRow:
    """What the merge knows of a mention."""

    id: int
    article_id: int
    source: str | None
    lower: int
    upper: int
    granularity: str
    value: str
    mod: str | None
    expression: str
    sentence: str
    # last, with defaults: rows built from the ten columns above (bench/events_bench.py) work
    open: str | None = None  # "before" | "after": open on that side from lower == upper
    calendar: str | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event as stored (``id`` None: new)."""

    id: int | None
    lower: int
    upper: int
    granularity: str
    value: str
    mod: str | None
    expression: str
    mention_id: int
    sentence: str
    reports: int
    articles: int
    sources: int
    open: str | None = None  # as its mentions: open-ended ones make open-ended events
    calendar: str | None = None
    # the event whose id names this one's conflict group: an index into the events being
    # stored (-1: none among them), or the id of a stored event
    conflict_index: int = -1
    conflict_id: int | None = None

    def with_conflict(self, index: int, stored_id: int | None) -> EventRow:
        return replace(self, conflict_index=index, conflict_id=stored_id)


@dataclass(frozen=True, slots=True)
class Span:
    first: int
    last: int


_MENTION_COLUMNS = (
    Mention.id,
    Mention.article_id,
    Article.source,
    Mention.lower,
    Mention.upper,
    Mention.granularity,
    Mention.value,
    Mention.mod,
    Mention.expression_text,
    Mention.sentence,
    Mention.open,
    Mention.calendar,
)


def _mention(row) -> MentionRow:
    return MentionRow(*row)


def pending_span(engine: Engine) -> Span | None:
    """The first and last day of the mentions without an event; None when there are none."""
    with engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(Mention.lower), func.max(Mention.upper)).where(
                Mention.event_id.is_(None)
            )
        ).one()
    return None if first is None else Span(first, last)


def pending_mentions(
    engine: Engine, first: int | None = None, last: int | None = None
) -> list[MentionRow]:
    """The mentions without an event; with ``first`` and ``last``, those whose lower bound
    is in [first, last] (a block of the merge)."""
    statement = (
        select(*_MENTION_COLUMNS)
        .join(Article, Mention.article_id == Article.id)
        .where(Mention.event_id.is_(None))
        .order_by(Mention.id)
    )
    if first is not None and last is not None:
        statement = statement.where(Mention.lower.between(first, last))
    with engine.connect() as conn:
        return [_mention(row) for row in conn.execute(statement)]


def pending_bounds(engine: Engine) -> np.ndarray:
    """(lower, upper, open-ended: 0/1) of every mention without an event, one row each, as
    integers: what the merge cuts into blocks of dates (no sentence is read)."""
    import numpy as np

    statement = select(
        Mention.lower, Mention.upper, case((Mention.open.is_(None), 0), else_=1)
    ).where(Mention.event_id.is_(None))
    parts = [np.zeros((0, 3), dtype=np.int64)]
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=50_000).execute(statement)
        for part in result.partitions():
            parts.append(np.array(part, dtype=np.int64).reshape(-1, 3))
    return np.concatenate(parts)


def stored_periods(engine: Engine, lower: int, upper: int, longest: int) -> np.ndarray:
    """(lower, upper) of the stored events of 2..``longest`` days (not open-ended)
    overlapping [lower, upper]: periods that a merge's blocks must not cut."""
    import numpy as np

    statement = select(Event.lower, Event.upper).where(
        Event.lower <= upper,
        Event.upper >= lower,
        Event.upper > Event.lower,
        Event.upper - Event.lower < longest,
        Event.open.is_(None),
    )
    with engine.connect() as conn:
        rows = conn.execute(statement).all()
    return np.array(rows, dtype=np.int64).reshape(-1, 2)


def events_around(
    engine: Engine,
    lower: int,
    upper: int,
    keep: Callable[[int, int, str | None], bool] | None = None,
) -> list[tuple[EventRow, list[MentionRow]]]:
    """The stored events overlapping [lower, upper] (those ``keep(lower, upper, open)``
    accepts, if given), each with its mentions; ``conflict_id`` is its stored
    ``conflict_group``."""
    with engine.connect() as conn:
        events = conn.execute(
            select(
                Event.id,
                Event.lower,
                Event.upper,
                Event.granularity,
                Event.value,
                Event.mod,
                Event.expression_text,
                Event.mention_id,
                Event.sentence,
                Event.reports,
                Event.articles,
                Event.sources,
                Event.open,
                Event.calendar,
                Event.conflict_group,
            ).where(Event.lower <= upper, Event.upper >= lower)
        ).all()
        if keep is not None:
            events = [row for row in events if keep(row[1], row[2], row.open)]
        members: dict[int, list[MentionRow]] = {row.id: [] for row in events}
        ids = list(members)
        for start in range(0, len(ids), 500):  # well under SQLite's bound-parameter limit
            statement = (
                select(Mention.event_id, *_MENTION_COLUMNS)
                .join(Article, Mention.article_id == Article.id)
                .where(Mention.event_id.in_(ids[start : start + 500]))
                .order_by(Mention.id)
            )
            for row in conn.execute(statement):
                members[row[0]].append(_mention(row[1:]))
    return [
        (EventRow(*row[:-1], conflict_id=row[-1]), members[row.id])
        for row in events
        if members[row.id]
    ]


def forget_all_events(engine: Engine) -> None:
    """Every mention pending again, every event gone (``events rebuild``)."""
    with engine.begin() as conn:
        conn.execute(update(MENTIONS).values(event_id=None))
        conn.execute(EVENTS.delete())


@contextmanager
def merge_lock(engine: Engine) -> Iterator[None]:
    """One merge at a time on a database: two ingests finishing together must not both
    merge the same pending mentions."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MERGE_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MERGE_LOCK_KEY})
        return
    path = engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        yield
        return
    with open(path, "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _values(event: EventRow) -> dict:
    return {
        "lower_day": event.lower,
        "upper_day": event.upper,
        "span_class": span_class(event.lower, event.upper),
        "start_date": iso(event.lower),
        "end_date": iso(event.upper),
        "granularity": event.granularity,
        "value": event.value,
        "mod": event.mod,
        "open": event.open,
        "calendar": event.calendar,
        "mention_id": event.mention_id,
        "sentence": event.sentence,
        "expression_text": event.expression,
        "reports": event.reports,
        "articles": event.articles,
        "sources": event.sources,
    }


def store_events(
    engine: Engine,
    events: Sequence[EventRow],
    assignments: dict[int, int],
    regroup: dict[int, int] | None = None,
) -> None:
    """Insert the new events, update the changed ones and point each mention at its event
    (``assignments``: mention id → index into ``events``), in one transaction; stored
    conflict groups that a new disagreement joined take one id (``regroup``: old → new)."""
    if not events:
        return
    with engine.begin() as conn:
        if regroup:
            conn.execute(
                update(EVENTS)
                .where(EVENTS.c.conflict_group == bindparam("old"))
                .values(conflict_group=bindparam("new")),
                [{"old": old, "new": new} for old, new in regroup.items()],
            )
        ids = _write_events(conn, events)
        groups = [ids[e.conflict_index] if e.conflict_index >= 0 else e.conflict_id for e in events]
        grouped = [
            {"event": ids[i], "group": group} for i, group in enumerate(groups) if group is not None
        ]
        if grouped:
            conn.execute(
                update(EVENTS)
                .where(EVENTS.c.id == bindparam("event"))
                .values(conflict_group=bindparam("group")),
                grouped,
            )
        if assignments:
            conn.execute(
                update(MENTIONS)
                .where(MENTIONS.c.id == bindparam("mention"))
                .values(event_id=bindparam("event")),
                [{"mention": m, "event": ids[e]} for m, e in assignments.items()],
            )


def _write_events(conn: Connection, events: Sequence[EventRow]) -> list[int]:
    new = [e for e in events if e.id is None]
    if new and conn.dialect.name == "postgresql":
        # ids from the sequence, rows by COPY: a multi-row INSERT … RETURNING of thousands
        # of events costs psycopg seconds of query parsing (bench/README.md, "Ingest")
        from timeline.db.writes import _insert_with_ids  # (writes loads the tagger)

        new_ids = iter(_insert_with_ids(conn, EVENTS, [_values(e) for e in new]))
    else:
        new_ids = iter(
            conn.execute(
                insert(EVENTS).returning(EVENTS.c.id, sort_by_parameter_order=True),
                [_values(e) for e in new],
            ).scalars()
            if new
            else []
        )
    old = [e for e in events if e.id is not None]
    if old:
        conn.execute(
            update(EVENTS).where(EVENTS.c.id == bindparam("event")),
            [{"event": e.id} | _values(e) for e in old],
        )
    return [next(new_ids) if e.id is None else e.id for e in events]
