"""The one ingest path, for the command line, the library and a Dask cluster alike.

read (:mod:`timeline.ingest.read`) → batches of articles → drop those already stored (content
hash) before any tagging → analyze each (:func:`timeline.mentions.analyze`: tag, resolve,
dated statements) in ``workers`` processes or on a Dask cluster → write each batch in one
transaction (:func:`timeline.db.writes.write_batch`).

Memory is bounded: records stream in, and at most two batches are in memory at once (the one
being analyzed and the one being written). An interrupted ingest loses at most the batch in
flight; running it again skips what was stored and completes the rest.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import itertools
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine

from timeline.db.writes import Prepared, Written, known_hashes, write_batch
from timeline.ingest.discover import discover
from timeline.ingest.metadata import Metadata
from timeline.ingest.read import is_metadata_file, read_file, read_options
from timeline.mentions import Analysis, analyze
from timeline.records import ArticleRecord, DocType, ReadProblem, auto_doc_type, content_hash
from timeline.settings import BATCH_SIZE, DEFAULT_MAX_ARTICLE_MB

Item = tuple[str, ArticleRecord]  # (content hash, record): an article not stored yet


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to ingest: what to assume where the articles say nothing, and how to run."""

    published: str | None = None  # YYYY-MM-DD, for articles that give no date of their own
    source: str | None = None
    metadata: Metadata | None = None
    doc_type: DocType | None = None  # None: news with a publication date, else narrative
    max_article_mb: float = DEFAULT_MAX_ARTICLE_MB
    strict: bool = False  # stop at the first file or row that cannot be read
    workers: int | None = None  # processes (None: 1); on Dask, workers of a local cluster
    scheduler: str | None = None  # a Dask scheduler address, or "local"
    batch_size: int = BATCH_SIZE


class IngestProgress(Protocol):
    """What a progress display is told: files found, files done, each article read."""

    def files(self, total: int) -> None: ...

    def file_done(self) -> None: ...

    def article(self) -> None: ...


@dataclass
class IngestReport:
    """What an ingest did, and what it met on the way."""

    new: int = 0
    skipped: int = 0  # already stored (content hash), or twice in the input
    expressions: int = 0
    events: int = 0
    unresolved: int = 0
    problems: list[ReadProblem] = field(default_factory=list)  # files and rows not read
    stopped: ReadProblem | None = None  # with strict: the problem the run stopped at
    decoded: dict[str, str] = field(default_factory=dict)  # file → its encoding, if not UTF-8
    removed_nuls: dict[str, int] = field(default_factory=dict)  # file → NUL bytes dropped
    narrative_by_default: list[str] = field(default_factory=list)  # undated, no type given

    def add(self, written: Written, batch_size: int) -> None:
        """Count a written batch of ``batch_size`` articles (those not new were stored by
        another ingest meanwhile)."""
        self.new += written.new
        self.skipped += batch_size - written.new
        self.expressions += written.expressions
        self.events += written.events
        self.unresolved += written.unresolved

    def line(self) -> str:
        return (
            f"{self.new} new article{'s' * (self.new != 1)}, {self.skipped} already stored, "
            f"{self.expressions} expressions, {self.events} events, "
            f"{self.unresolved} unresolved"
            + (f", {len(self.problems)} problems" if self.problems else "")
        )


def ingest(
    engine: Engine,
    paths: Iterable[str | Path],
    options: IngestOptions = IngestOptions(),
    progress: IngestProgress | None = None,
) -> IngestReport:
    """Read, analyze and store the articles of ``paths`` (files and folders); articles
    already stored (same text) are skipped. Bad arguments raise BadInput at once; a file or
    row that cannot be read is reported in ``IngestReport.problems`` and the rest goes on."""
    read = read_options(
        published=options.published,
        source=options.source,
        metadata=options.metadata,
        doc_type=options.doc_type,
        max_article_mb=options.max_article_mb,
    )
    found = list(discover(paths))
    report = IngestReport()
    if progress is not None:
        progress.files(sum(1 for item in found if not isinstance(item, ReadProblem)))

    def records() -> Iterator[ArticleRecord | ReadProblem]:
        # in discovery order, so that strict stops at the first problem met
        for item in found:
            if isinstance(item, ReadProblem):
                if options.strict:
                    report.stopped = item
                    return
                continue  # reported with the others at the end
            if is_metadata_file(item, read):
                continue
            for record in read_file(item, read):
                if isinstance(record, ReadProblem):
                    if options.strict:
                        report.stopped = record
                        return  # ends the stream: nothing of this article is stored
                else:
                    record = _noted(record, report)
                yield record
            if progress is not None:
                progress.file_done()

    store_records(
        engine,
        records(),
        workers=options.workers,
        scheduler=options.scheduler,
        batch_size=options.batch_size,
        progress=progress,
        report=report,
    )
    if report.stopped is None:
        # problems met while discovering first, then those of files and rows, in reading order
        report.problems[:0] = [item for item in found if isinstance(item, ReadProblem)]
    return report


def store_records(
    engine: Engine,
    records: Iterable[ArticleRecord | ReadProblem],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: IngestProgress | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Analyze and store records (problems among them are reported, not stored); articles
    already stored, or twice in the input, are skipped. ``workers`` processes analyze here,
    or the Dask cluster at ``scheduler`` ("local": a LocalCluster of ``workers``)."""
    report = report if report is not None else IngestReport()
    batches = _unseen_batches(engine, records, report, batch_size, progress)
    if scheduler:
        from timeline.ingest.dask import store_on_dask  # Dask is optional and heavy

        store_on_dask(engine, batches, report, scheduler, workers)
    else:
        _store_here(engine, batches, report, workers or 1, batch_size)
    return report


def _noted(record: ArticleRecord, report: IngestReport) -> ArticleRecord:
    """Note how the record was read; give it a document type if none was given."""
    origin = record.origin_path
    if record.encoding != "utf-8":
        report.decoded.setdefault(origin, record.encoding)
    if record.removed_nuls:
        report.removed_nuls[origin] = report.removed_nuls.get(origin, 0) + record.removed_nuls
    if record.doc_type is None:  # none given: chosen, and said, here
        record = replace(record, doc_type=auto_doc_type(record.published))
        if record.doc_type == "narrative":
            report.narrative_by_default.append(origin)
    return record


def _unseen_batches(
    engine: Engine,
    records: Iterable[ArticleRecord | ReadProblem],
    report: IngestReport,
    size: int,
    progress: IngestProgress | None,
) -> Iterator[list[Item]]:
    """Batches of the records not stored yet (nor twice in the batch); problems reported."""
    iterator = iter(records)
    while batch := list(itertools.islice(iterator, size)):
        fresh: dict[str, ArticleRecord] = {}
        for item in batch:
            if progress is not None:
                progress.article()
            if isinstance(item, ReadProblem):
                report.problems.append(item)
                continue
            digest = content_hash(item)
            if digest in fresh:
                report.skipped += 1
            else:
                fresh[digest] = item
        known = known_hashes(engine, fresh)
        report.skipped += len(known)
        yield [(d, r) for d, r in fresh.items() if d not in known]


def analyze_item(item: Item) -> Analysis:
    """Analyze one (content hash, record) item (pure; runs in worker processes)."""
    _, record = item
    return analyze(record.text, record.published, record.doc_type)


def prepare(batch: Sequence[Item]) -> list[Prepared]:
    return [Prepared(record, digest, analyze_item((digest, record))) for digest, record in batch]


def _die_with_parent(parent: int) -> None:
    """Pool initializer: a worker killed orphan (kill -9 of the ingest) must not linger."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _store_here(
    engine: Engine,
    batches: Iterator[list[Item]],
    report: IngestReport,
    workers: int,
    batch_size: int,
) -> None:
    """Analyze on this machine and write. With several workers the analysis runs in that
    many processes while this one writes the previous batch."""
    first = next(batches, [])
    second = next(batches, None)
    if workers <= 1 or second is None:
        # one batch is not worth starting processes for
        for batch in itertools.chain([first], [second] if second else [], batches):
            report.add(write_batch(engine, prepare(batch)), len(batch))
        return

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
                _write_analyzed(engine, *pending, report)
            pending = running
        if pending is not None:
            _write_analyzed(engine, *pending, report)


def _write_analyzed(engine: Engine, batch: list[Item], results, report: IngestReport) -> None:
    prepared = [
        Prepared(record, digest, analysis)
        for (digest, record), analysis in zip(batch, results.get(), strict=True)
    ]
    report.add(write_batch(engine, prepared), len(batch))
