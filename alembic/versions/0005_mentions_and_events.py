"""Mentions and events: each dated statement is a mention; mentions of one happening across
articles are merged into an event.

The rows of ``events`` and ``event_expressions`` move to ``mentions`` and
``mention_expressions`` (same ids, full-text search with them), and a new ``events`` table
holds the merged happenings. Existing databases get their events computed the first time
they are read or ingested into (timeline.events.merge): every mention starts unmerged.

Tables are created anew and the rows copied, rather than renamed, so that every name (keys,
indexes, constraints) is the one the naming convention gives, on SQLite and PostgreSQL alike.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATEMENT_COLUMNS = (
    "id, article_id, sentence, sentence_start, sentence_end, lower_day, upper_day, span_class, "
    "start_date, end_date, granularity, value, mod, expression_text"
)


def _fts(table: str) -> list[str]:
    """SQLite: an external-content FTS5 table over ``table``.sentence, synced by triggers."""
    return [
        f"""CREATE VIRTUAL TABLE {table}_fts USING fts5(
            sentence, content='{table}', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN
            INSERT INTO {table}_fts(rowid, sentence) VALUES (new.id, new.sentence);
        END""",
        f"""CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN
            INSERT INTO {table}_fts({table}_fts, rowid, sentence)
            VALUES ('delete', old.id, old.sentence);
        END""",
        f"""CREATE TRIGGER {table}_fts_update AFTER UPDATE OF sentence ON {table} BEGIN
            INSERT INTO {table}_fts({table}_fts, rowid, sentence)
            VALUES ('delete', old.id, old.sentence);
            INSERT INTO {table}_fts(rowid, sentence) VALUES (new.id, new.sentence);
        END""",
        f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')",
    ]


def _drop_fts(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in (
            f"DROP TRIGGER IF EXISTS {table}_fts_update",
            f"DROP TRIGGER IF EXISTS {table}_fts_delete",
            f"DROP TRIGGER IF EXISTS {table}_fts_insert",
            f"DROP TABLE IF EXISTS {table}_fts",
        ):
            op.execute(statement)
    else:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_sentence_fts")


def _create_fts(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _fts(table):
            op.execute(statement)
    else:
        op.execute(
            f"CREATE INDEX ix_{table}_sentence_fts ON {table} "
            "USING gin (to_tsvector('english', sentence))"
        )


def _statement_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("lower_day", sa.Integer(), nullable=False),
        sa.Column("upper_day", sa.Integer(), nullable=False),
        sa.Column("span_class", sa.SmallInteger(), nullable=False),
        sa.Column("start_date", sa.String(length=12), nullable=False),
        sa.Column("end_date", sa.String(length=12), nullable=False),
        sa.Column("granularity", sa.String(length=12), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("mod", sa.String(length=20), nullable=True),
        sa.Column("expression_text", sa.Text(), nullable=False),
    ]


def _reset_sequence(table: str) -> None:
    """PostgreSQL: the id sequence past the ids copied in."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )


def _rename_primary_key(table: str, old: str, new: str) -> None:
    """PostgreSQL names a primary key's index, unique in the schema: free ``old`` for the
    table that takes the name next. (SQLite keeps no such name.)"""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {old} TO {new}")


def upgrade() -> None:
    _drop_fts("events")
    _rename_primary_key("events", "pk_events", "pk_legacy_events")
    op.rename_table("events", "legacy_events")
    op.rename_table("event_expressions", "legacy_event_expressions")
    for index in ("ix_events_bounds", "ix_events_span_bounds", "ix_events_article_id"):
        op.drop_index(index, table_name="legacy_events")
    op.drop_index("ix_event_expressions_expression_id", table_name="legacy_event_expressions")

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lower_day", sa.Integer(), nullable=False),
        sa.Column("upper_day", sa.Integer(), nullable=False),
        sa.Column("span_class", sa.SmallInteger(), nullable=False),
        sa.Column("start_date", sa.String(length=12), nullable=False),
        sa.Column("end_date", sa.String(length=12), nullable=False),
        sa.Column("granularity", sa.String(length=12), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("mod", sa.String(length=20), nullable=True),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("expression_text", sa.Text(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("conflict_group", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_span_bounds", "events", ["span_class", "lower_day", "upper_day"])
    op.create_index(op.f("ix_events_conflict_group"), "events", ["conflict_group"])

    op.create_table(
        "mentions",
        *_statement_columns(),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_mentions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_mentions_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    op.create_index("ix_mentions_bounds", "mentions", ["lower_day", "upper_day"])
    op.create_index("ix_mentions_span_bounds", "mentions", ["span_class", "lower_day", "upper_day"])
    op.create_index(op.f("ix_mentions_article_id"), "mentions", ["article_id"])
    op.create_index(op.f("ix_mentions_event_id"), "mentions", ["event_id"])
    op.execute(
        f"INSERT INTO mentions ({STATEMENT_COLUMNS}) SELECT {STATEMENT_COLUMNS} FROM legacy_events"
    )
    _reset_sequence("mentions")

    op.create_table(
        "mention_expressions",
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("expression_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["expression_id"],
            ["expressions.id"],
            name=op.f("fk_mention_expressions_expression_id_expressions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["mentions.id"],
            name=op.f("fk_mention_expressions_mention_id_mentions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mention_id", "expression_id", name=op.f("pk_mention_expressions")),
    )
    op.create_index(
        op.f("ix_mention_expressions_expression_id"), "mention_expressions", ["expression_id"]
    )
    op.execute(
        "INSERT INTO mention_expressions (mention_id, expression_id, role) "
        "SELECT event_id, expression_id, role FROM legacy_event_expressions"
    )
    op.drop_table("legacy_event_expressions")
    op.drop_table("legacy_events")
    _create_fts("mentions")


def downgrade() -> None:
    _drop_fts("mentions")
    _rename_primary_key("events", "pk_events", "pk_merged_events")
    op.create_table(
        "legacy_events",
        *_statement_columns(),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_events_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.execute(
        f"INSERT INTO legacy_events ({STATEMENT_COLUMNS}) SELECT {STATEMENT_COLUMNS} FROM mentions"
    )
    op.create_table(
        "event_expressions",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("expression_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["legacy_events.id"],
            name="fk_event_expressions_event_id_events",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["expression_id"],
            ["expressions.id"],
            name="fk_event_expressions_expression_id_expressions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "expression_id", name="pk_event_expressions"),
    )
    op.execute(
        "INSERT INTO event_expressions (event_id, expression_id, role) "
        "SELECT mention_id, expression_id, role FROM mention_expressions"
    )
    op.drop_table("mention_expressions")
    op.drop_table("mentions")
    op.drop_table("events")
    op.rename_table("legacy_events", "events")
    op.create_index("ix_events_bounds", "events", ["lower_day", "upper_day"])
    op.create_index("ix_events_span_bounds", "events", ["span_class", "lower_day", "upper_day"])
    op.create_index("ix_events_article_id", "events", ["article_id"])
    op.create_index("ix_event_expressions_expression_id", "event_expressions", ["expression_id"])
    _reset_sequence("events")
    if op.get_bind().dialect.name == "sqlite":
        for statement in _fts("events"):
            op.execute(statement)
    else:
        op.execute(
            "CREATE INDEX ix_events_sentence_fts ON events "
            "USING gin (to_tsvector('english', sentence))"
        )
