"""The one ingest path, for the command line, the library and a Dask cluster alike.

read (:mod:`timeline.ingest.read`) → batches of articles → drop those already stored (content
hash) before any tagging, updating the stored ones whose given fields changed → settle each
article's anchor and analyze it (:mod:`timeline.ingest.anchor`,
:func:`timeline.mentions.analyze`: tag, resolve, dated statements) in ``workers`` processes or
on a Dask cluster → write each batch in one transaction (:func:`timeline.db.writes.write_batch`).

Memory is bounded: records stream in, and at most two batches are in memory at once (the one
being analyzed and the one being written). An interrupted ingest loses at most the batch in
flight; running it again skips what was stored and completes the rest.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine

from timeline.counts import counted
from timeline.db.queries import analysis_counts, last_article_id
from timeline.db.writes import Prepared, Written, stored_fields, update_article, write_batch
from timeline.events.merge import merge_pending
from timeline.ingest.anchor import Anchor, check, infer_instead, settle
from timeline.ingest.discover import discover
from timeline.ingest.metadata import Metadata, MetadataEntry
from timeline.ingest.proposals import apply, propose_dates
from timeline.ingest.read import is_metadata_file, read_file, read_options
from timeline.mentions import Analysis, analyze
from timeline.records import ArticleRecord, DocType, ReadProblem, content_hash
from timeline.settings import BATCH_SIZE, DEFAULT_MAX_ARTICLE_MB
from timeline.tagger import tagger_for
from timeline.tagger.anchoring import NewsAnchoring

Item = tuple[str, ArticleRecord]  # (content hash, record): an article not stored yet


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to ingest: what to assume where the articles say nothing, and how to run."""

    published: str | None = None  # YYYY-MM-DD, for articles that give no date of their own
    source: str | None = None
    metadata: Metadata | None = None
    doc_type: DocType | None = None  # None: news, unless an undated text is clearly a story
    max_article_mb: float = DEFAULT_MAX_ARTICLE_MB
    dayfirst: bool = False  # numeric dates in records are day first (20/06/2022)
    infer_published: bool = False  # date undated and doubtful articles from their text
    strict: bool = False  # stop at the first file or row that cannot be read
    workers: int | None = None  # processes (None: 1); on Dask, workers of a local cluster
    scheduler: str | None = None  # a Dask scheduler address, or "local"
    batch_size: int = BATCH_SIZE


class IngestProgress(Protocol):
    """What a progress display is told: files found, files done, each article read."""

    def files(self, total: int) -> None: ...

    def file_done(self) -> None: ...

    def article(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Noted:
    """An article worth a line after the ingest: where it is, and what to say of it."""

    where: str  # PATH, or PATH (article N) in a file of several
    message: str


@dataclass
class IngestReport:
    """What an ingest did, and what it met on the way."""

    new: int = 0
    skipped: int = 0  # already stored (content hash) and unchanged, or twice in the input
    updated: int = 0  # already stored, with given fields (metadata) that changed
    expressions: int = 0
    mentions: int = 0
    events: int = 0  # new events: the happenings the new mentions report, merged
    unresolved: int = 0
    problems: list[ReadProblem] = field(default_factory=list)  # files and rows not read
    stopped: ReadProblem | None = None  # with strict: the problem the run stopped at
    decoded: dict[str, str] = field(default_factory=dict)  # file → its encoding, if not UTF-8
    removed_nuls: dict[str, int] = field(default_factory=dict)  # file → NUL bytes dropped
    warnings: list[Noted] = field(default_factory=list)  # records kept with a warning
    narrative: list[Noted] = field(default_factory=list)  # undated texts read as stories
    doubtful: list[Noted] = field(default_factory=list)  # dates the text contradicts
    inferred: list[Noted] = field(default_factory=list)  # dates inferred on request
    undated: int = 0  # new articles stored without a publication date
    waiting: int = 0  # their expressions that need one
    unmatched: list[MetadataEntry] = field(default_factory=list)  # metadata rows never used

    def add(self, written: Written, batch_size: int) -> None:
        """Count a written batch of ``batch_size`` articles (those not new were stored by
        another ingest meanwhile)."""
        self.new += written.new
        self.skipped += batch_size - written.new
        self.expressions += written.expressions
        self.mentions += written.mentions
        self.unresolved += written.unresolved

    def take(self, notes: AnchorNotes) -> None:
        self.doubtful += notes.doubtful
        self.inferred += notes.inferred
        self.narrative += notes.narrative
        self.undated += notes.undated
        self.waiting += notes.waiting

    def line(self) -> str:
        return (
            f"{counted(self.new, 'new article')}, {self.skipped} already stored, "
            + (f"{self.updated} updated, " if self.updated else "")
            + f"{counted(self.expressions, 'expression')}, {counted(self.mentions, 'mention')}, "
            f"{counted(self.events, 'event')}, {self.unresolved} unresolved"
            + (f", {counted(len(self.problems), 'problem')}" if self.problems else "")
        )


def where(record: ArticleRecord) -> str:
    """``PATH:LINE`` for a row, ``PATH (article N)`` in a file of several, else ``PATH``."""
    if record.origin_path.lower().endswith((".jsonl", ".ndjson", ".csv")):
        return f"{record.origin_path}:{record.position}"
    if record.articles_in_file > 1:
        return f"{record.origin_path} (article {record.position})"
    return record.origin_path


def ingest(
    engine: Engine,
    paths: Iterable[str | Path],
    options: IngestOptions = IngestOptions(),
    progress: IngestProgress | None = None,
) -> IngestReport:
    """Read, analyze and store the articles of ``paths`` (files and folders); articles
    already stored (same text) are skipped, or updated when their given fields changed. Bad
    arguments raise BadInput at once; a file or row that cannot be read is reported in
    ``IngestReport.problems`` and the rest goes on."""
    read = read_options(
        published=options.published,
        source=options.source,
        metadata=options.metadata,
        doc_type=options.doc_type,
        max_article_mb=options.max_article_mb,
        dayfirst=options.dayfirst,
    )
    found = list(discover(paths))
    report = IngestReport()
    if progress is not None:
        progress.files(sum(1 for item in found if not isinstance(item, ReadProblem)))
    used: set[tuple[Path, int | None]] = set()  # (file, part) the metadata could apply to

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
            resolved = item.resolve()
            used.add((resolved, None))
            for record in read_file(item, read):
                if isinstance(record, ReadProblem):
                    if options.strict:
                        report.stopped = record
                        return  # ends the stream: nothing of this article is stored
                else:
                    used.add((resolved, record.position))
                    _note_reading(record, report)
                yield record
            if progress is not None:
                progress.file_done()

    store_records(
        engine,
        records(),
        workers=options.workers,
        scheduler=options.scheduler,
        batch_size=options.batch_size,
        infer_published=options.infer_published,
        progress=progress,
        report=report,
    )
    if report.stopped is None:
        # problems met while discovering first, then those of files and rows, in reading order
        report.problems[:0] = [item for item in found if isinstance(item, ReadProblem)]
        if options.metadata is not None:
            report.unmatched = [e for e in options.metadata.entries if (e.file, e.part) not in used]
    return report


def _note_reading(record: ArticleRecord, report: IngestReport) -> None:
    origin = record.origin_path
    if record.encoding != "utf-8":
        report.decoded.setdefault(origin, record.encoding)
    if record.removed_nuls:
        report.removed_nuls[origin] = report.removed_nuls.get(origin, 0) + record.removed_nuls
    report.warnings += [Noted(where(record), note) for note in record.notes]


def store_records(
    engine: Engine,
    records: Iterable[ArticleRecord | ReadProblem],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int = BATCH_SIZE,
    infer_published: bool = False,
    progress: IngestProgress | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Analyze and store records (problems among them are reported, not stored); articles
    already stored, or twice in the input, are skipped. ``workers`` processes analyze here,
    or the Dask cluster at ``scheduler`` ("local": a LocalCluster of ``workers``)."""
    report = report if report is not None else IngestReport()
    before = last_article_id(engine) if infer_published else 0
    batches = _unseen_batches(engine, records, report, batch_size, progress, infer_published)
    analyze_one = functools.partial(analyze_item, infer=infer_published)
    if scheduler:
        from timeline.ingest.dask import store_on_dask  # Dask is optional and heavy

        store_on_dask(engine, batches, report, scheduler, workers, infer_published)
    else:
        _store_here(engine, batches, report, workers or 1, batch_size, analyze_one)
    if infer_published and report.undated:
        _date_from_sources(engine, report, before)
    # the new mentions join the events they report (or start their own): one merge for the
    # whole ingest, by blocks of dates, which compares each only with the events of its dates
    report.events = merge_pending(engine).new_events
    return report


def _date_from_sources(engine: Engine, report: IngestReport, before: int) -> None:
    """The new undated articles whose text gave no date, asked again with the dates of their
    source (a wire dateline without its year), now that the whole ingest is stored."""
    found = [p for p in propose_dates(engine, undated_after=before) if p.finding is not None]
    was = analysis_counts(engine, [p.article["id"] for p in found], _WAITING)
    report.undated -= len(found)
    report.waiting -= was["waiting"]
    report.expressions -= was["expressions"]
    report.mentions -= was["mentions"]
    report.unresolved -= was["unresolved"]
    for proposal in found:
        written = apply(engine, proposal)
        report.expressions += written.expressions
        report.mentions += written.mentions
        report.unresolved += written.unresolved
        article, finding = proposal.article, proposal.finding
        assert finding is not None
        place = f"article {article['id']} ({article['origin_path']})"
        evidence = "; ".join(finding.evidence)
        message = f"{finding.date} (confidence {finding.confidence:.2f}): {evidence}"
        report.inferred.append(Noted(place, message))


def _unseen_batches(
    engine: Engine,
    records: Iterable[ArticleRecord | ReadProblem],
    report: IngestReport,
    size: int,
    progress: IngestProgress | None,
    infer: bool,
) -> Iterator[list[Item]]:
    """Batches of the records not stored yet (nor twice in the batch); problems reported;
    stored articles whose given fields changed are updated here."""
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
        stored = stored_fields(engine, fresh)
        for digest, values in stored.items():
            record = fresh[digest]
            if (
                values["published_origin"] == "given"
                and record.published not in (None, values["published"])
                and record.published_origin != "given"
            ):  # the date set by hand (articles set-date) gives way: say so
                note = (
                    f"published {record.published} ({record.published_origin}) replaces "
                    f"{values['published']}, the date set by hand"
                )
                report.warnings.append(Noted(where(record), note))
            written = _update(engine, record, values, infer)
            if written is None:
                report.skipped += 1
                continue
            report.updated += 1  # what it now holds is written again: counted as written
            report.expressions += written.expressions
            report.mentions += written.mentions
            report.unresolved += written.unresolved
        yield [(d, r) for d, r in fresh.items() if d not in stored]


def _update(engine: Engine, record: ArticleRecord, stored: dict, infer: bool) -> Written | None:
    """Update a stored article with the fields its new reading gives (a metadata file, the
    command line) where they differ; re-resolve it when its date or type changed. None when
    nothing differs; else what was written again (nothing when only a title changed)."""
    changes = {
        name: getattr(record, name)
        for name in record.given
        if getattr(record, name) is not None and getattr(record, name) != stored[name]
    }
    if not changes:
        return None
    if "published" in changes:
        changes |= {"published_origin": record.published_origin, "published_doubt": None}
        changes |= {"published_confidence": record.confidence, "published_evidence": None}
        if "doc_type" not in record.given:
            changes["doc_type"] = "news"  # a dated article is news unless told otherwise
    return update_article(engine, stored["id"], changes)


def analyze_item(item: Item, infer: bool = False) -> tuple[Anchor, Analysis]:
    """Settle one article's anchor and analyze it (pure; runs in worker processes)."""
    _, record = item
    anchor = settle(record, infer=infer)
    analysis = analyze(record.text, anchor.published, anchor.doc_type)
    anchor = check(anchor, record.text, analysis.result, record.language)
    if anchor.doubt and infer and (better := infer_instead(anchor, record.text, record.language)):
        anchor = better
        analysis = analyze(record.text, anchor.published, anchor.doc_type)
    return anchor, analysis


def prepared_item(item: Item, anchor: Anchor, analysis: Analysis) -> Prepared:
    """The article to write: its record with the anchor settled, and its analysis."""
    digest, record = item
    return Prepared(anchor.apply(record), digest, analysis)


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
    analyze_one,
) -> None:
    """Analyze on this machine and write. With several workers the analysis runs in that
    many processes while this one writes the previous batch."""
    first = next(batches, [])
    second = next(batches, None)
    if workers <= 1 or second is None:
        # one batch is not worth starting processes for
        for batch in itertools.chain([first], [second] if second else [], batches):
            _write_analyzed(engine, batch, [analyze_one(item) for item in batch], report)
        return

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunksize = max(1, batch_size // (workers * 4))
    if context.get_start_method() == "fork":
        tagger_for()  # loaded once, before the fork: the workers share it (copy on write)
    with context.Pool(workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        # while the workers tag, this process mostly waits: it loads what the merge at the
        # end needs meanwhile (after the fork: a fork must not copy a half-done import)
        threading.Thread(target=_load_merge, daemon=True).start()
        pending = None
        for batch in itertools.chain([first, second], batches):
            # analyze this batch in the workers while the previous one is written; only the
            # records go out and only the analyses come back (the text is not sent twice)
            running = (batch, pool.map_async(analyze_one, batch, chunksize))
            if pending is not None:
                _write_analyzed(engine, pending[0], pending[1].get(), report)
            pending = running
        if pending is not None:
            _write_analyzed(engine, pending[0], pending[1].get(), report)


def _load_merge() -> None:
    """Import the merge's vectorizer (scikit-learn: most of a second), in a thread."""
    with contextlib.suppress(ImportError):
        import sklearn.feature_extraction.text  # noqa: F401


def _write_analyzed(
    engine: Engine,
    batch: list[Item],
    results: Sequence[tuple[Anchor, Analysis]],
    report: IngestReport,
) -> None:
    prepared = [prepared_item(item, *result) for item, result in zip(batch, results, strict=True)]
    report.add(write_batch(engine, prepared), len(batch))
    report.take(anchor_notes(prepared, [anchor for anchor, _ in results]))


@dataclass
class AnchorNotes:
    """What an ingest says of the anchors of a batch: dates the text contradicts, dates
    inferred, undated articles (and their expressions waiting for a date), stories."""

    doubtful: list[Noted] = field(default_factory=list)
    inferred: list[Noted] = field(default_factory=list)
    narrative: list[Noted] = field(default_factory=list)
    undated: int = 0
    waiting: int = 0


# the reason the tagger gives an expression that needs the publication date
_WAITING = NewsAnchoring.no_anchor


def anchor_notes(prepared: Sequence[Prepared], anchors: Sequence[Anchor]) -> AnchorNotes:
    notes = AnchorNotes()
    for p, anchor in zip(prepared, anchors, strict=True):
        place = where(p.record)
        if anchor.doubt:
            notes.doubtful.append(
                Noted(place, f"{anchor.published} ({anchor.origin}): {anchor.doubt}")
            )
        if anchor.origin == "inferred":
            evidence = "; ".join(anchor.evidence)
            confidence = f"confidence {anchor.confidence:.2f}" if anchor.confidence else ""
            notes.inferred.append(Noted(place, f"{anchor.published} ({confidence}): {evidence}"))
        if anchor.published is None and anchor.doc_type == "news":  # a story needs none
            notes.undated += 1
            notes.waiting += sum(1 for t in p.analysis.result.timexes if t.reason == _WAITING)
        if anchor.doc_type_reason and anchor.doc_type == "narrative":
            notes.narrative.append(Noted(place, anchor.doc_type_reason))
    return notes
