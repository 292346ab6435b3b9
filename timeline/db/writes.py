"""Writing articles, their expressions and their mentions; changing and deleting articles.

Each batch is one transaction with a few multi-row INSERTs; articles another ingest stored
meanwhile (same content hash) are skipped by ``ON CONFLICT DO NOTHING``; a batch that meets a
lock timeout or a deadlock is rolled back and tried again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from timeline.dates import check_day
from timeline.db.models import Article, Event, Expression, Mention, MentionExpression, span_class
from timeline.errors import NotFound
from timeline.mentions import Analysis, analyze
from timeline.records import GIVEN_FIELDS, ORIGIN_CONFIDENCE, ArticleRecord

ARTICLES = Article.__table__
EXPRESSIONS = Expression.__table__
MENTIONS = Mention.__table__
LINKS = MentionExpression.__table__
EVENTS = Event.__table__
RETRIES = 5  # attempts at a batch that met a lock or a deadlock


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article ready to store: its record, content hash and analysis."""

    record: ArticleRecord
    digest: str
    analysis: Analysis


@dataclass(frozen=True, slots=True)
class Written:
    """What a batch stored: new articles and their expressions, mentions and unresolved ones."""

    new: int = 0
    expressions: int = 0
    mentions: int = 0
    unresolved: int = 0


def _insert(conn: Connection, table):
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(conn.dialect.name)
    return dialect.insert(table) if dialect else insert(table)


def _reserve_ids(conn: Connection, table, count: int) -> list[int] | None:
    """``count`` new ids for ``table``, taken before the rows are written (so the rows can go
    in by executemany or COPY instead of one RETURNING per row); None where we cannot.

    SQLite: the ids after the largest, safe because the caller's transaction already holds
    the database's write lock (it has written the articles). PostgreSQL: ``nextval`` of the
    table's sequence, which no other transaction will be given.
    """
    name = conn.dialect.name
    if name == "sqlite":
        top = conn.execute(select(func.max(table.c.id))).scalar() or 0
        return list(range(top + 1, top + 1 + count))
    if name == "postgresql":
        reserve = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return list(conn.execute(reserve, {"table": table.name, "n": count}).scalars())
    return None


def _insert_rows(conn: Connection, table, rows: list[dict]) -> None:
    """Many rows into ``table`` in one go: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    if conn.dialect.name == "postgresql":
        import psycopg

        raw = conn.connection.driver_connection
        statement = f'COPY "{table.name}" ({names}) FROM STDIN'
        try:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(tuple(row.values()))
        except psycopg.Error as exc:  # past SQLAlchemy: wrapped as it wraps its own
            raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
        return
    if conn.dialect.name == "sqlite":  # executemany straight to the driver: no per-row work
        marks = ", ".join("?" * len(columns))
        statement = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
        trigger = _fts_trigger(conn, table) if len(rows) >= FTS_BULK_ROWS else None
        if trigger is None:
            conn.exec_driver_sql(statement, [tuple(row.values()) for row in rows])
            return
        # the full-text index by one executemany instead of its trigger row by row (4x
        # faster, bench/README.md "Ingest"): the trigger is dropped and created again in this
        # transaction, which holds the database's write lock; readers and an interrupted
        # batch (rolled back with it) only ever see it in place
        conn.exec_driver_sql(f'DROP TRIGGER "{table.name}_fts_insert"')
        conn.exec_driver_sql(statement, [tuple(row.values()) for row in rows])
        conn.exec_driver_sql(
            f'INSERT INTO "{table.name}_fts"(rowid, sentence) VALUES (?, ?)',
            [(row["id"], row["sentence"]) for row in rows],
        )
        conn.exec_driver_sql(trigger)
        return
    conn.execute(insert(table), rows)


FTS_BULK_ROWS = 64  # rows from which a batch fills the full-text index itself (SQLite)
# the trigger (alembic/versions/0005) that copies each new sentence to the full-text index
_FTS_TRIGGER_BODY = "INSERT INTO {table}_fts(rowid, sentence) VALUES (new.id, new.sentence);"


def _fts_trigger(conn: Connection, table) -> str | None:
    """The SQL of ``table``'s full-text insert trigger (SQLite), if it is the one the
    migrations create, which does nothing but copy the row's id and sentence."""
    if "sentence" not in table.c:
        return None
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        (f"{table.name}_fts_insert",),
    ).scalar()
    if sql is None:
        return None
    body = " ".join(sql.split()).partition(" BEGIN ")[2].removesuffix(" END")
    return sql if body == _FTS_TRIGGER_BODY.format(table=table.name) else None


def _insert_with_ids(conn: Connection, table, rows: list[dict]) -> list[int]:
    """Insert ``rows``; their new ids, in order."""
    if not rows:
        return []
    ids = _reserve_ids(conn, table, len(rows))
    if ids is None:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(conn.execute(statement, rows).scalars())
    _insert_rows(conn, table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
    return ids


def known_hashes(engine: Engine, digests: Iterable[str]) -> set[str]:
    """The content hashes among ``digests`` already stored."""
    wanted = list(digests)
    if not wanted:
        return set()
    with engine.connect() as conn:
        found = conn.execute(
            select(ARTICLES.c.content_hash).where(ARTICLES.c.content_hash.in_(wanted))
        )
        return set(found.scalars())


def insert_analyses(conn: Connection, items: Sequence[tuple[int, str, Analysis]]) -> Written:
    """Write the expressions, mentions and links of (article id, text, analysis) triples."""
    expression_rows = []
    for article_id, _, analysis in items:
        expression_rows += [
            {
                "article_id": article_id,
                "start_offset": t.start,
                "end_offset": t.end,
                "text": t.text,
                "type": t.type,
                "value": t.value,
                "mod": t.mod,
                "lower_day": t.lower,
                "upper_day": t.upper,
                "granularity": t.granularity,
                "anchor": t.anchor,
                "rule": t.rule,
                "resolved": t.resolved,
                "quant": t.quant,
                "freq": t.freq,
                "reason": t.reason,
                "open": t.open,
                "calendar": t.calendar,
            }
            for t in analysis.result.timexes
        ]
    expression_ids = iter(_insert_with_ids(conn, EXPRESSIONS, expression_rows))

    mention_rows, mention_links = [], []
    unresolved = 0
    for article_id, article_text, analysis in items:
        ids = [next(expression_ids) for _ in analysis.result.timexes]
        unresolved += sum(1 for t in analysis.result.timexes if not t.resolved)
        for draft in analysis.mentions:
            mention_rows.append(
                {
                    "article_id": article_id,
                    "sentence": article_text[draft.sentence_start : draft.sentence_end],
                    "sentence_start": draft.sentence_start,
                    "sentence_end": draft.sentence_end,
                    "lower_day": draft.lower,
                    "upper_day": draft.upper,
                    "span_class": span_class(draft.lower, draft.upper),
                    "start_date": draft.start_date,
                    "end_date": draft.end_date,
                    "granularity": draft.granularity,
                    "value": draft.value,
                    "mod": draft.mod,
                    "expression_text": draft.expression_text,
                    "open": draft.open,
                    "calendar": draft.calendar,
                }
            )
            mention_links.append([(ids[i], role) for i, role in draft.links])
    mention_ids = _insert_with_ids(conn, MENTIONS, mention_rows)
    link_rows = [
        {"mention_id": mention_id, "expression_id": expression_id, "role": role}
        for mention_id, links in zip(mention_ids, mention_links, strict=True)
        for expression_id, role in links
    ]
    _insert_rows(conn, LINKS, link_rows)
    return Written(len(items), len(expression_rows), len(mention_rows), unresolved)


def _article_row(record: ArticleRecord, digest: str, now: datetime) -> dict:
    return {
        "title": record.title,
        "source": record.source,
        "author": record.author,
        "url": record.url,
        "published": record.published,
        "published_origin": record.published_origin,
        "published_confidence": record.confidence,
        "published_doubt": record.published_doubt,
        "published_evidence": "\n".join(record.published_evidence) or None,
        "language": record.language,
        "doc_type": record.doc_type,
        "text": record.text,
        "content_hash": digest,
        "origin_path": record.origin_path,
        "position": record.position,
        "ingested_at": now,
    }


def _transient(exc: DBAPIError) -> bool:
    """A lock timeout or deadlock that a fresh attempt can get past."""
    code = getattr(exc.orig, "sqlstate", None)  # psycopg
    if code in ("40001", "40P01", "55P03"):  # serialization failure, deadlock, lock not available
        return True
    return "database is locked" in str(exc.orig) or "database is busy" in str(exc.orig)


def write_batch(engine: Engine, prepared: Sequence[Prepared]) -> Written:
    """Store a batch in one transaction; articles another ingest stored meanwhile are skipped.

    Articles keep their input order (ids follow the files). Two ingests of overlapping corpora
    may take row locks in different orders; a batch that meets a lock timeout or a deadlock is
    rolled back and tried again.
    """
    if not prepared:
        return Written()
    for attempt in range(1, RETRIES + 1):
        try:
            return _write(engine, prepared)
        except DBAPIError as exc:
            if attempt == RETRIES or not _transient(exc):
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _write(engine: Engine, prepared: Sequence[Prepared]) -> Written:
    now = datetime.now(UTC)
    with engine.begin() as conn:
        statement = (
            _insert(conn, ARTICLES)
            .on_conflict_do_nothing(index_elements=["content_hash"])
            .returning(ARTICLES.c.id, ARTICLES.c.content_hash)
        )
        rows = [_article_row(p.record, p.digest, now) for p in prepared]
        stored = dict((digest, i) for i, digest in conn.execute(statement, rows).all())
        items = [
            (stored[p.digest], p.record.text, p.analysis) for p in prepared if p.digest in stored
        ]
        return insert_analyses(conn, items)


def stored_fields(engine: Engine, digests: Iterable[str]) -> dict[str, dict]:
    """The stored articles among ``digests`` (content hashes): their id, the fields people
    give (GIVEN_FIELDS) and where their date came from, by hash."""
    wanted = list(digests)
    if not wanted:
        return {}
    columns = [ARTICLES.c.id, ARTICLES.c.content_hash, ARTICLES.c.published_origin]
    columns += [ARTICLES.c[f] for f in GIVEN_FIELDS]
    with engine.connect() as conn:
        rows = conn.execute(select(*columns).where(ARTICLES.c.content_hash.in_(wanted)))
        return {row.content_hash: dict(row._mapping) for row in rows}


# what, changed, calls for the article's expressions and events to be resolved again
_REANALYZE = frozenset({"published", "doc_type"})


def _forget_events(conn: Connection, article_id: int) -> None:
    """Delete the events an article's mentions report: they are derived data, and merged
    again from their remaining mentions (timeline.events.merge) the next time events are
    read or articles ingested."""
    reported = select(MENTIONS.c.event_id).where(
        MENTIONS.c.article_id == article_id, MENTIONS.c.event_id.is_not(None)
    )
    conn.execute(delete(EVENTS).where(EVENTS.c.id.in_(reported)))


def update_article(engine: Engine, article_id: int, values: dict) -> Written:
    """Change an article's fields in one transaction; when its publication date or type
    changes, its expressions and mentions are resolved again (in that transaction too) and
    the events they reported are merged again later. Returns what it now has (nothing new
    when only a title or source changed)."""
    with engine.begin() as conn:
        row = conn.execute(
            select(ARTICLES.c.text, ARTICLES.c.published, ARTICLES.c.doc_type).where(
                ARTICLES.c.id == article_id
            )
        ).first()
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        conn.execute(update(ARTICLES).where(ARTICLES.c.id == article_id).values(**values))
        if not _REANALYZE & values.keys():
            if "source" in values:  # an event counts its sources
                _forget_events(conn, article_id)
            return Written()
        published = values.get("published", row.published)
        analysis = analyze(row.text, published, values.get("doc_type", row.doc_type))
        _forget_events(conn, article_id)
        conn.execute(delete(MENTIONS).where(MENTIONS.c.article_id == article_id))
        conn.execute(delete(EXPRESSIONS).where(EXPRESSIONS.c.article_id == article_id))
        return insert_analyses(conn, [(article_id, row.text, analysis)])


def set_article_date(engine: Engine, article_id: int, published: str) -> Written:
    """Give an article a new publication date, as the user's (origin ``given``): it is news,
    and its expressions and mentions are resolved again, all in one transaction."""
    values = {
        "published": check_day(published),
        "published_origin": "given",
        "published_confidence": ORIGIN_CONFIDENCE["given"],
        "published_doubt": None,
        "published_evidence": None,
        "doc_type": "news",
    }
    return update_article(engine, article_id, values)


def infer_article_date(
    engine: Engine, article_id: int, published: str, confidence: float, evidence: Sequence[str]
) -> Written:
    """Give an article the publication date inferred from its text (origin ``inferred``),
    with its confidence and evidence: it is news, resolved again, in one transaction."""
    values = {
        "published": check_day(published),
        "published_origin": "inferred",
        "published_confidence": confidence,
        "published_doubt": None,
        "published_evidence": "\n".join(evidence) or None,
        "doc_type": "news",
    }
    return update_article(engine, article_id, values)


def delete_article(engine: Engine, article_id: int) -> None:
    """Delete an article with its expressions and mentions, and the events they reported
    (merged again from their other mentions), in one transaction."""
    with engine.begin() as conn:
        _forget_events(conn, article_id)
        deleted = conn.execute(delete(ARTICLES).where(ARTICLES.c.id == article_id))
        if deleted.rowcount == 0:
            raise NotFound(f"no article with id {article_id}")
