"""The database schema as SQLAlchemy 2 typed models.

The schema itself is created and changed only by the Alembic migrations in ``alembic/``;
``tests/test_migrations.py`` proves the two agree. Date bounds are integer day numbers
(:mod:`timeline.calendar`) so that BCE dates sort, compare and index like any other; the
ISO text beside them is for people.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# tables and indexes for full-text search differ per engine (FTS5 on SQLite, a GIN index on
# PostgreSQL); the migrations create them, the models do not describe them
FULL_TEXT_OBJECTS = frozenset(
    {
        "mentions_fts",
        "mentions_fts_data",
        "mentions_fts_idx",
        "mentions_fts_docsize",
        "mentions_fts_config",
        "mentions_fts_content",
        "ix_mentions_sentence_fts",
    }
)


def span_class(lower: int, upper: int) -> int:
    return (upper - lower + 1).bit_length()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    author: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(11))  # ISO date, the anchor (DCT)
    # how sure it is (0..1; None without a date), why the text may contradict it, and the
    # evidence an inferred date rests on (lines): timeline.records.Anchor
    published_confidence: Mapped[float | None] = mapped_column(Float)
    published_doubt: Mapped[str | None] = mapped_column(Text)
    published_evidence: Mapped[str | None] = mapped_column(Text)
    # where the date came from: timeline.records.PublishedOrigin
    published_origin: Mapped[str] = mapped_column(String(16), default="unknown")
    language: Mapped[str] = mapped_column(String(16), default="en")
    doc_type: Mapped[str | None] = mapped_column(String(16))  # news | narrative
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    origin_path: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int | None] = mapped_column(Integer)  # 1-based, within a multi-article file
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    expressions: Mapped[list[Expression]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    mentions: Mapped[list[Mention]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class Expression(Base):
    """A temporal expression (TIMEX3) found in an article: ``text[start:end]``."""

    __tablename__ = "expressions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column("start_offset", Integer)
    end: Mapped[int] = mapped_column("end_offset", Integer)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(10))  # DATE, TIME, DURATION, SET
    value: Mapped[str] = mapped_column(String(64))  # TIMEX3 value
    mod: Mapped[str | None] = mapped_column(String(20))
    lower: Mapped[int | None] = mapped_column("lower_day", Integer)
    upper: Mapped[int | None] = mapped_column("upper_day", Integer)
    granularity: Mapped[str | None] = mapped_column(String(12))
    anchor: Mapped[str | None] = mapped_column(String(11))  # ISO date resolved against
    rule: Mapped[str] = mapped_column(String(100))
    resolved: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was left unresolved
    quant: Mapped[str | None] = mapped_column(String(20))
    freq: Mapped[str | None] = mapped_column(String(20))
    open: Mapped[str | None] = mapped_column(String(6))  # see Mention.open
    calendar: Mapped[str | None] = mapped_column(String(10))  # see Mention.calendar

    article: Mapped[Article] = relationship(back_populates="expressions")


class Mention(Base):
    """A dated statement: a sentence of one article and the span of time one of its
    expressions gives it. Mentions of the same happening are merged into one event."""

    __tablename__ = "mentions"
    __table_args__ = (
        Index("ix_mentions_bounds", "lower_day", "upper_day"),
        # one B-tree range scan per span class finds overlaps fast: see timeline.db.queries
        Index("ix_mentions_span_bounds", "span_class", "lower_day", "upper_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    # the event it reports (None: not merged yet: timeline.events.merge)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    lower: Mapped[int] = mapped_column("lower_day", Integer)  # inclusive day numbers
    upper: Mapped[int] = mapped_column("upper_day", Integer)
    # bit length of the span in days: a day is 1, a year 9, a decade 12, a millennium 19
    span_class: Mapped[int] = mapped_column(SmallInteger)
    start_date: Mapped[str] = mapped_column(String(12))  # ISO text of lower, for people
    end_date: Mapped[str] = mapped_column(String(12))
    granularity: Mapped[str] = mapped_column(String(12))
    value: Mapped[str] = mapped_column(String(64))  # TIMEX3 value, "A/B" for a range
    mod: Mapped[str | None] = mapped_column(String(20))
    # "before" | "after": a date open on that side ("more than a week ago", "after 1945");
    # lower == upper is then its one real bound, and range queries leave it out unless asked
    open: Mapped[str | None] = mapped_column(String(6))
    # "julian" | "gregorian": the calendar the value is written in (bounds are always
    # proleptic Gregorian days); None when not recorded (rows stored before 0006) or when
    # the two ends of a range disagree
    calendar: Mapped[str | None] = mapped_column(String(10))
    expression_text: Mapped[str] = mapped_column(Text)  # the date as written

    article: Mapped[Article] = relationship(back_populates="mentions")
    links: Mapped[list[MentionExpression]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class MentionExpression(Base):
    """Which expression(s) dated a mention; a range has two (role start / end)."""

    __tablename__ = "mention_expressions"

    mention_id: Mapped[int] = mapped_column(
        ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True
    )
    expression_id: Mapped[int] = mapped_column(
        ForeignKey("expressions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(10))  # date | start | end

    expression: Mapped[Expression] = relationship()


class Event(Base):
    """A happening: the mentions of several articles (or one) that report it, merged.

    Its date is the most precise well-supported one of its mentions; its sentence the one
    that best says it; a disagreement between sources (the same happening reported with
    incompatible dates) is kept as separate events sharing a ``conflict_group``.
    """

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_span_bounds", "span_class", "lower_day", "upper_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lower: Mapped[int] = mapped_column("lower_day", Integer)
    upper: Mapped[int] = mapped_column("upper_day", Integer)
    span_class: Mapped[int] = mapped_column(SmallInteger)
    start_date: Mapped[str] = mapped_column(String(12))
    end_date: Mapped[str] = mapped_column(String(12))
    granularity: Mapped[str] = mapped_column(String(12))
    value: Mapped[str] = mapped_column(String(64))
    mod: Mapped[str | None] = mapped_column(String(20))
    # as Mention.open and .calendar, from the mention that dates the event: open-ended
    # mentions merge only with mentions open the same way from the same bound
    open: Mapped[str | None] = mapped_column(String(6))
    calendar: Mapped[str | None] = mapped_column(String(10))
    # the mention whose sentence and date as written stand for the event (no foreign key:
    # an event is derived data, deleted whenever one of its mentions goes)
    mention_id: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    expression_text: Mapped[str] = mapped_column(Text)
    reports: Mapped[int] = mapped_column(Integer)  # mentions
    articles: Mapped[int] = mapped_column(Integer)  # distinct articles
    sources: Mapped[int] = mapped_column(Integer)  # distinct sources
    # events that report one happening with incompatible dates share the smallest one's id
    conflict_group: Mapped[int | None] = mapped_column(Integer, index=True)
