"""Span classes for fast overlap queries; full-text search on event sentences.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite: an external-content FTS5 table over events.sentence, kept in sync by triggers
SQLITE_FTS = [
    """CREATE VIRTUAL TABLE events_fts USING fts5(
        sentence, content='events', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts(rowid, sentence) VALUES (new.id, new.sentence);
    END""",
    """CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, sentence)
        VALUES ('delete', old.id, old.sentence);
    END""",
    """CREATE TRIGGER events_fts_update AFTER UPDATE OF sentence ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, sentence)
        VALUES ('delete', old.id, old.sentence);
        INSERT INTO events_fts(rowid, sentence) VALUES (new.id, new.sentence);
    END""",
    "INSERT INTO events_fts(events_fts) VALUES ('rebuild')",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS events_fts_update",
    "DROP TRIGGER IF EXISTS events_fts_delete",
    "DROP TRIGGER IF EXISTS events_fts_insert",
    "DROP TABLE IF EXISTS events_fts",
]
# PostgreSQL: a GIN index on the sentence's tsvector; an expression index needs no syncing
POSTGRES_FTS = (
    "CREATE INDEX ix_events_sentence_fts ON events USING gin (to_tsvector('english', sentence))"
)


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("span_class", sa.SmallInteger(), nullable=True))
    _fill_span_class()
    with op.batch_alter_table("events") as batch:
        batch.alter_column("span_class", existing_type=sa.SmallInteger(), nullable=False)
        batch.create_index(
            "ix_events_span_bounds", ["span_class", "lower_day", "upper_day"], unique=False
        )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute(POSTGRES_FTS)


def _fill_span_class() -> None:
    events = sa.table(
        "events",
        sa.column("id", sa.Integer),
        sa.column("lower_day", sa.Integer),
        sa.column("upper_day", sa.Integer),
        sa.column("span_class", sa.SmallInteger),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(events.c.id, events.c.lower_day, events.c.upper_day)).all()
    if rows:
        # bit length has no portable SQL spelling: compute it here, write it in one executemany
        bind.execute(
            events.update().where(events.c.id == sa.bindparam("event_id")),
            [
                {"event_id": i, "span_class": (upper - lower + 1).bit_length()}
                for i, lower, upper in rows
            ],
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS_DROP:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_events_sentence_fts")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_span_bounds")
        batch.drop_column("span_class")
