"""Open-ended dates and the calendar a date is written in.

Expressions, mentions and events get two nullable columns: ``open`` ("before" | "after": a
date open on that side, "more than a week ago", "after 1945") and ``calendar`` ("julian" |
"gregorian": the calendar its value is written in).

Before this revision an open-ended date was stored as a span to the edge of the calendar: a
BEFORE or ON_OR_BEFORE date from 1 January 9999 BC (day ``MIN_DAY``) to its one real bound,
an AFTER or ON_OR_AFTER date from its bound to 31 December 9999 (``MAX_DAY``). Those rows
are rewritten as the tagger now gives them: ``lower == upper ==`` the one real bound, with
``open`` set (and, for mentions and events, ``span_class`` 1 and the ISO text of the bound
on both sides), so that a range query no longer meets them everywhere and ``stats`` no
longer counts them in the year -9999. A row with such a mod whose bounds do not reach the
edge (a span a clip made narrower) keeps its bounds and ``open`` stays NULL; ``calendar``
stays NULL on every existing row (which calendar the older tagger used was not recorded).
Re-dating an article (``timeline articles set-date``) resolves its dates again in full.

Downgrading writes open-ended rows back as spans to the edge of the calendar.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the edges of the calendar the older versions stored open sides as (timeline.calendar:
# 9999-01-01 BC and AD 9999-12-31 as proleptic Gregorian day numbers, ISO text); literal
# here, since they describe the data of that time
MIN_DAY = -3652424
MAX_DAY = 3652059
MIN_ISO = "-9999-01-01"
MAX_ISO = "9999-12-31"
BEFORE_MODS = "('BEFORE', 'ON_OR_BEFORE')"
AFTER_MODS = "('AFTER', 'ON_OR_AFTER')"
TABLES = ("expressions", "mentions", "events")
DATED_TABLES = ("mentions", "events")  # those with a span class and ISO text of their bounds


def _span_class(lower: int, upper: int) -> int:
    """timeline.db.models.span_class, as of this revision."""
    return (upper - lower + 1).bit_length()


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("open", sa.String(length=6), nullable=True))
        op.add_column(table, sa.Column("calendar", sa.String(length=10), nullable=True))
    for table in TABLES:
        # in an UPDATE every right-hand side reads the row as it was: both engines agree
        dated = table in DATED_TABLES
        op.execute(
            f"UPDATE {table} SET open = 'before', lower_day = upper_day"
            + (", start_date = end_date, span_class = 1" if dated else "")
            + f" WHERE mod IN {BEFORE_MODS} AND lower_day <= {MIN_DAY}"
            f" AND upper_day IS NOT NULL AND upper_day < {MAX_DAY}"
        )
        op.execute(
            f"UPDATE {table} SET open = 'after', upper_day = lower_day"
            + (", end_date = start_date, span_class = 1" if dated else "")
            + f" WHERE mod IN {AFTER_MODS} AND upper_day >= {MAX_DAY}"
            f" AND lower_day IS NOT NULL AND lower_day > {MIN_DAY}"
        )


def _widen_open_rows(table: str) -> None:
    """Open-ended rows back to spans reaching the edge of the calendar on their open side."""
    conn = op.get_bind()
    dated = table in DATED_TABLES
    for side, edge, iso in (("before", MIN_DAY, MIN_ISO), ("after", MAX_DAY, MAX_ISO)):
        bound, text = ("lower_day", "start_date") if side == "before" else ("upper_day", "end_date")
        rows = conn.execute(
            sa.text(f"SELECT id, lower_day, upper_day FROM {table} WHERE open = :side"),
            {"side": side},
        ).all()
        if not rows:
            continue
        changes = []
        for id_, lower, upper in rows:
            lower, upper = (edge, upper) if side == "before" else (lower, edge)
            changes.append({"id": id_, "edge": edge, "iso": iso, "cls": _span_class(lower, upper)})
        extra = f", {text} = :iso, span_class = :cls" if dated else ""
        conn.execute(sa.text(f"UPDATE {table} SET {bound} = :edge{extra} WHERE id = :id"), changes)


def downgrade() -> None:
    for table in TABLES:
        _widen_open_rows(table)
    for table in TABLES:
        # SQLite drops a column in place (3.35+): no table copy, so the full-text triggers
        # on mentions stay as they are
        op.drop_column(table, "calendar")
        op.drop_column(table, "open")
