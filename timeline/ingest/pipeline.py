"""Writing articles, their expressions and their events to the database.

Ingestion is a pipeline with bounded memory: records stream in, are cut into batches, known
articles (same content hash) are dropped before any tagging, the rest are analyzed — in worker
processes when there are several — and each batch is written in one transaction with a few
multi-row INSERTs. An interrupted ingest loses at most the batch in flight; running it again
skips what was stored and completes the rest.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import itertools
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from timeline.calendar import CalendarError, parse_iso_day
from timeline.db.models import Article, Event, EventExpression, Expression, span_class
from timeline.errors import BadDate, NotFound
from timeline.ingest.readers import ArticleRecord, ReadProblem, content_hash
from timeline.mentions import Analysis, analyze

BATCH_SIZE = 200  # articles per transaction: few commits, bounded memory
ARTICLES = Article.__table__
EXPRESSIONS = Expression.__table__
EVENTS = Event.__table__
LINKS = EventExpression.__table__


@dataclass
class IngestSummary:
    new: int = 0
    skipped: int = 0
    expressions: int = 0
    events: int = 0
    unresolved: int = 0
    problems: list[ReadProblem] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.new} new article{'s' * (self.new != 1)}, {self.skipped} already stored, "
            f"{self.expressions} expressions, {self.events} events, "
            f"{self.unresolved} unresolved"
            + (f", {len(self.problems)} problems" if self.problems else "")
        )


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article ready to store: what a worker sends back."""

    record: ArticleRecord
    digest: str
    analysis: Analysis


def check_date(text: str) -> str:
    """``text`` if it is a valid ISO day (YYYY-MM-DD), else BadDate."""
    try:
        parse_iso_day(text)
    except CalendarError as exc:
        raise BadDate(f"bad date {text!r}: {exc}") from None
    return text


def analyze_item(item: tuple[str, ArticleRecord]) -> Analysis:
    """Analyze one (content hash, record) item (pure; runs in worker processes)."""
    _, record = item
    return analyze(record.text, record.published, record.doc_type)


def prepare(item: tuple[str, ArticleRecord]) -> Prepared:
    digest, record = item
    return Prepared(record, digest, analyze_item(item))


def _prepared(batch: list[tuple[str, ArticleRecord]], results) -> list[Prepared]:
    return [
        Prepared(record, digest, analysis)
        for (digest, record), analysis in zip(batch, results.get(), strict=True)
    ]


def _die_with_parent(parent: int) -> None:
    """Pool initializer: a worker killed orphan (kill -9 of the ingest) must not linger."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# writing ------------------------------------------------------------------------------------


def _insert(conn: Connection, table):
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(conn.dialect.name)
    return dialect.insert(table) if dialect else insert(table)


def _returning_ids(conn: Connection, table, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(conn.execute(statement, rows).scalars())


def insert_analyses(
    conn: Connection, items: Sequence[tuple[int, str, Analysis]]
) -> tuple[int, int, int]:
    """Write the expressions, events and links of (article id, text, analysis) triples.

    Returns the counts (expressions, events, unresolved).
    """
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
            }
            for t in analysis.result.timexes
        ]
    expression_ids = iter(_returning_ids(conn, EXPRESSIONS, expression_rows))

    event_rows, event_links = [], []
    unresolved = 0
    for article_id, text, analysis in items:
        ids = [next(expression_ids) for _ in analysis.result.timexes]
        unresolved += sum(1 for t in analysis.result.timexes if not t.resolved)
        for draft in analysis.events:
            event_rows.append(
                {
                    "article_id": article_id,
                    "sentence": text[draft.sentence_start : draft.sentence_end],
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
                }
            )
            event_links.append([(ids[i], role) for i, role in draft.links])
    event_ids = _returning_ids(conn, EVENTS, event_rows)
    link_rows = [
        {"event_id": event_id, "expression_id": expression_id, "role": role}
        for event_id, links in zip(event_ids, event_links, strict=True)
        for expression_id, role in links
    ]
    if link_rows:
        conn.execute(insert(LINKS), link_rows)
    return len(expression_rows), len(event_rows), unresolved


def _article_row(record: ArticleRecord, digest: str, now: datetime) -> dict:
    return {
        "title": record.title,
        "source": record.source,
        "author": record.author,
        "url": record.url,
        "published": record.published,
        "published_origin": record.published_origin,
        "language": record.language,
        "doc_type": record.doc_type,
        "text": record.text,
        "content_hash": digest,
        "origin_path": record.origin_path,
        "position": record.position,
        "ingested_at": now,
    }


RETRIES = 5  # attempts at a batch that met a lock or a deadlock


def _transient(exc: DBAPIError) -> bool:
    """A lock timeout or deadlock that a fresh attempt can get past."""
    code = getattr(exc.orig, "sqlstate", None)  # psycopg
    if code in ("40001", "40P01", "55P03"):  # serialization failure, deadlock, lock not available
        return True
    return "database is locked" in str(exc.orig) or "database is busy" in str(exc.orig)


def write_batch(engine: Engine, prepared: Sequence[Prepared], summary: IngestSummary) -> None:
    """Store a batch in one transaction; articles another ingest stored meanwhile are skipped.

    Articles keep their input order (ids follow the files). Two ingests of overlapping corpora
    may take row locks in different orders; a batch that meets a lock timeout or a deadlock is
    rolled back and tried again.
    """
    if not prepared:
        return
    for attempt in range(1, RETRIES + 1):
        try:
            counts = _write(engine, prepared)
            break
        except DBAPIError as exc:
            if attempt == RETRIES or not _transient(exc):
                raise
            time.sleep(0.05 * 2**attempt)
    new, expressions, events, unresolved = counts
    summary.new += new
    summary.skipped += len(prepared) - new
    summary.expressions += expressions
    summary.events += events
    summary.unresolved += unresolved


def _write(engine: Engine, prepared: Sequence[Prepared]) -> tuple[int, int, int, int]:
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
        return (len(items), *insert_analyses(conn, items))


# the pipeline -------------------------------------------------------------------------------


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _unseen(
    engine: Engine, batch: list, summary: IngestSummary, progress
) -> list[tuple[str, ArticleRecord]]:
    """The batch's records not stored yet (and not twice in the batch); problems collected."""
    fresh: dict[str, ArticleRecord] = {}
    for item in batch:
        if progress:
            progress(item)
        if isinstance(item, ReadProblem):
            summary.problems.append(item)
            continue
        digest = content_hash(item)
        if digest in fresh:
            summary.skipped += 1
        else:
            fresh[digest] = item
    if not fresh:
        return []
    with engine.connect() as conn:
        known = set(
            conn.execute(
                select(ARTICLES.c.content_hash).where(ARTICLES.c.content_hash.in_(list(fresh)))
            ).scalars()
        )
    summary.skipped += len(known)
    return [(d, r) for d, r in fresh.items() if d not in known]


def batches_to_store(
    engine: Engine,
    records: Iterable[ArticleRecord | ReadProblem],
    summary: IngestSummary,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ArticleRecord | ReadProblem], None] | None = None,
) -> Iterator[list[tuple[str, ArticleRecord]]]:
    """Batches of (content hash, record) not stored yet; problems and skips go to ``summary``."""
    for batch in _batches(records, batch_size):
        yield _unseen(engine, batch, summary, progress)


def ingest_records(
    engine: Engine,
    records: Iterable[ArticleRecord | ReadProblem],
    *,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ArticleRecord | ReadProblem], None] | None = None,
) -> IngestSummary:
    """Store new articles with their expressions and events; known ones (same hash) are skipped.

    With ``workers`` > 1 the analysis runs in that many processes while the main process
    writes; at most two batches are in memory at once.
    """
    summary = IngestSummary()
    batches = batches_to_store(engine, records, summary, batch_size, progress)
    first = next(batches, [])
    second = next(batches, None)
    if workers <= 1 or second is None:
        # one batch is not worth starting processes for
        for batch in itertools.chain([first], [second] if second else [], batches):
            write_batch(engine, [prepare(item) for item in batch], summary)
        return summary

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunksize = max(1, batch_size // (workers * 4))
    with context.Pool(workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        pending = None
        for batch in itertools.chain([first, second], batches):
            # analyze this batch in the workers while the previous one is written; only the
            # records go out and only the analyses come back (the text is not sent twice)
            running = (batch, pool.map_async(analyze_item, batch, chunksize))
            if pending is not None:
                write_batch(engine, _prepared(*pending), summary)
            pending = running
        if pending is not None:
            write_batch(engine, _prepared(*pending), summary)
    return summary


# re-dating ----------------------------------------------------------------------------------


def set_article_date(engine: Engine, article_id: int, published: str) -> tuple[int, int, int]:
    """Give an article a new publication date and re-resolve it, all in one transaction."""
    check_date(published)
    with engine.begin() as conn:
        row = conn.execute(
            select(ARTICLES.c.text, ARTICLES.c.doc_type).where(ARTICLES.c.id == article_id)
        ).first()
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        analysis = analyze(row.text, published, row.doc_type)
        conn.execute(delete(EVENTS).where(EVENTS.c.article_id == article_id))
        conn.execute(delete(EXPRESSIONS).where(EXPRESSIONS.c.article_id == article_id))
        conn.execute(
            update(ARTICLES)
            .where(ARTICLES.c.id == article_id)
            .values(published=published, published_origin="set")
        )
        return insert_analyses(conn, [(article_id, row.text, analysis)])
