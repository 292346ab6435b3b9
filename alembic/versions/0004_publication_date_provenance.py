"""Where each publication date came from, how sure it is, and why it may be wrong.

The origin names change to the ones the readers now give (given, metadata, html-meta,
dateline, header, inferred, unknown): ``cli`` and ``set`` were the user's (``given``),
``record`` a record's own field (``html-meta`` for a web page, else ``metadata``). Each
origin gets the confidence it carries by default; nothing was doubted before.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the confidence of a date by its origin, as timeline.records.ORIGIN_CONFIDENCE had it when
# this migration was written (a migration does not import the application's code)
CONFIDENCE = {"given": 1.0, "metadata": 1.0, "html-meta": 0.9, "dateline": 0.95, "header": 0.6}


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("published_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("published_doubt", sa.Text(), nullable=True))
        batch.add_column(sa.Column("published_evidence", sa.Text(), nullable=True))
    articles = sa.table(
        "articles",
        sa.column("published_origin", sa.String),
        sa.column("origin_path", sa.Text),
        sa.column("published_confidence", sa.Float),
    )
    origin = articles.c.published_origin
    op.execute(articles.update().where(origin.in_(["cli", "set"])).values(published_origin="given"))
    page = sa.or_(
        sa.func.lower(articles.c.origin_path).like("%.html"),
        sa.func.lower(articles.c.origin_path).like("%.htm"),
    )
    op.execute(
        articles.update().where(origin == "record", page).values(published_origin="html-meta")
    )
    op.execute(articles.update().where(origin == "record").values(published_origin="metadata"))
    for name, confidence in CONFIDENCE.items():
        op.execute(articles.update().where(origin == name).values(published_confidence=confidence))


def downgrade() -> None:
    articles = sa.table("articles", sa.column("published_origin", sa.String))
    origin = articles.c.published_origin
    op.execute(articles.update().where(origin == "given").values(published_origin="cli"))
    op.execute(
        articles.update()
        .where(origin.in_(["html-meta", "metadata"]))
        .values(published_origin="record")
    )
    op.execute(
        articles.update()
        .where(origin.in_(["dateline", "inferred"]))
        .values(published_origin="header")
    )
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("published_evidence")
        batch.drop_column("published_doubt")
        batch.drop_column("published_confidence")
