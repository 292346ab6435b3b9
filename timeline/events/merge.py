"""Merging mentions into events: the reports of one happening, across articles.

Two mentions report the same happening when their dates are compatible — the same day, or a
day inside a coarser date ("in January" and "on 3 January") — and their sentences say the
same thing. Dates come first: they block the comparisons, so that the cost grows with the
corpus near-linearly (each mention is compared with the events of its own day, or the days
inside its month or year, never with the whole corpus). Sentences are compared as TF-IDF
vectors (scikit-learn; words and numbers, without function words and the abbreviations of
datelines), cosine against an event's centroid; :data:`THRESHOLD` is the similarity a
mention needs to join, chosen against hand-labelled pairs of real news (bench/README.md,
"Events (merging mentions)", and bench/events_bench.py).

- Day mentions are merged day by day; a mention joins the event of its day (or of a coarser
  date containing it, which then takes the day: the most precise date) most like it.
- Coarser mentions, up to a year, join a compatible event (a day inside them, or a period
  containing them) or start one; longer periods merge only with events of the very same
  span ("from 1980 to 1988" twice), and open-ended dates (stored as their one real bound,
  ``open`` saying which side is open) only with events open on the same side from the same
  bound ("more than a week ago" in two articles of one day): never with the day of their
  bound, which they do not name.
- Reports are merged across articles: an event takes one sentence of an article (with the
  several dates that sentence may give), and another of its sentences only when that one is
  very like the event (:data:`SAME_ARTICLE_THRESHOLD`): an article may tell one happening
  twice, but its other sentences of the same day mostly tell of others.
- Boilerplate — a sentence that recurs, but for a name and its numbers, in three sentences
  on three days (a comment page's notices that a reader's comment was taken down) — joins
  nothing but its very same sentence, and is never a disagreement.
- A day event very like (:data:`CONFLICT_THRESHOLD`, calendar words aside) an event of a day
  at most ``CONFLICT_DAYS`` away that only other sources report, and whose figures agree
  with it, is a **disagreement between sources**: the same happening given two dates. Both
  events keep their date and share a ``conflict_group``. Figures that differ (120 cases on
  Monday, 135 on Tuesday) make a series of like happenings, not a disagreement.

The merge is incremental: only mentions without an event are merged, against the events
around them; deleting an event (a changed or deleted article) sends its mentions back to
the pending ones. :func:`merge_pending` runs after every ingest and before events are read.
An incremental merge decides as a rebuild would, but for the vectors' weights, which it
fits on the sentences it merges (the pending ones and the events around them).

The pending mentions are merged by blocks of dates (of :data:`MERGE_BLOCK` mentions, or more
where no cut fits), one after the other, each stored before the next is read, so that memory
follows the block rather than the corpus. Blocks are cut only between days that no pending
mention of up to a year spans, nor any stored event of 2 days to a year
(:func:`timeline.events.blocks.date_blocks`); each reads the stored events its dates can
reach (nesting, or ``CONFLICT_DAYS`` away). The vectors' weights, and which words are
common, are fitted in a first pass over all that the blocks read, so that a blocked merge
decides as one merge would, but for boilerplate: its three sentences on three days are
counted within a block and the events it reads, so that a template whose days a cut
separates may go unseen. Disagreements across a cut are found by the later block, against
the stored events; conflict groups already stored keep their id when a later block adds to
them. (Where a few mentions span every possible cut, such as weeks across each new year, the
blocks stay large: bench/README.md, "Ingest".)

The merge's parts, each a module of this package: :mod:`timeline.events.blocks` (the blocks
of dates, and what each reads from the database), :mod:`timeline.events.vectors` (sentences
as vectors, their weights, boilerplate), :mod:`timeline.events.clusters` (mentions joining
events, and disagreements: the thresholds and spans of both) and
:mod:`timeline.events.result` (the events to store). This module is their entry:
:func:`merge_pending`, :func:`rebuild`, :func:`plan_merge` (the merge of one block, as
data), and the constants of all of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from timeline.db.events import (
    EventRow,
    MentionRow,
    forget_all_events,
    merge_lock,
    pending_mentions,
    pending_span,
    store_events,
)
from timeline.events.blocks import block_sentences, date_blocks, events_reached
from timeline.events.clusters import (
    CONFLICT_DAYS,
    CONFLICT_THRESHOLD,
    LONGEST_BLOCK,
    SAME_ARTICLE_THRESHOLD,
    WIDE_DAYS,
    WIDE_EVENTS,
    Clusters,
)
from timeline.events.result import MergePlan, MergeReport, plan_of
from timeline.events.vectors import TEMPLATE_DAYS, Weights, boilerplate, fit_weights, vectorize

__all__ = [
    "CONFLICT_DAYS",
    "CONFLICT_THRESHOLD",
    "LONGEST_BLOCK",
    "MERGE_BLOCK",
    "SAME_ARTICLE_THRESHOLD",
    "TEMPLATE_DAYS",
    "THRESHOLD",
    "WIDE_DAYS",
    "WIDE_EVENTS",
    "MergePlan",
    "MergeReport",
    "date_blocks",
    "merge_pending",
    "plan_merge",
    "rebuild",
]

# the cosine a mention needs with an event's centroid to join it: on 227 hand-labelled pairs
# of real news, F1 is 0.72 at 0.20 and at 0.25, and the estimate over every pair the merge
# compares (each pair weighted by its stratum) is best at 0.20 (bench/README.md, "Events")
THRESHOLD = 0.2
# the pending mentions a merge takes at once: a block of dates that no decision crosses
# (memory grows with the block, not with the corpus; bench/README.md, "Events")
MERGE_BLOCK = 50_000


def merge_pending(
    engine: Engine, threshold: float = THRESHOLD, block: int | None = None
) -> MergeReport:
    """Merge the mentions that have no event yet into events (see the module docstring),
    by blocks of dates of about ``block`` mentions (default :data:`MERGE_BLOCK`)."""
    if pending_span(engine) is None:  # nothing pending: no vectorizer to load, one query spent
        return MergeReport(0, 0, 0, 0)
    merged = new = changed = conflicts = 0
    with merge_lock(engine):  # another merge may have done it meanwhile: blocks read again
        blocks = date_blocks(engine, MERGE_BLOCK if block is None else block)
        # several blocks share weights fitted on all they read, as one merge would fit them
        weights = fit_weights(block_sentences(engine, blocks)) if len(blocks) > 1 else None
        for first, last in blocks:
            pending = pending_mentions(engine, first, last)
            if not pending:
                continue
            plan = plan_merge(pending, events_reached(engine, pending), threshold, weights)
            store_events(engine, plan.events, plan.assignments, plan.regroup)
            merged += plan.report.merged
            new += plan.report.new_events
            changed += plan.report.changed_events
            conflicts += plan.report.conflicts
    return MergeReport(merged, new, changed, conflicts)


def rebuild(engine: Engine, threshold: float = THRESHOLD, block: int | None = None) -> MergeReport:
    """Forget every event and merge all mentions again (e.g. with another threshold)."""
    forget_all_events(engine)
    return merge_pending(engine, threshold, block)


def plan_merge(
    pending: Sequence[MentionRow],
    existing: Sequence[tuple[EventRow, Sequence[MentionRow]]],
    threshold: float = THRESHOLD,
    weights: Weights | None = None,
) -> MergePlan:
    """The merge as data (pure): ``pending`` mentions against ``existing`` events with their
    mentions. Returns new and changed events and the event of each pending mention. The
    vectors' weights are fitted on these sentences, or given (a block of a larger merge)."""
    rows: list[MentionRow] = [m for _, members in existing for m in members] + list(pending)
    if not pending:
        return MergePlan([], {}, MergeReport(0, 0, 0, 0))
    vectors, terms = vectorize([m.sentence for m in rows], weights)
    frequency = None if weights is None else weights.frequency
    clusters = Clusters(rows, vectors, terms, boilerplate(rows, vectors, terms, frequency))
    position = 0
    for event, members in existing:
        clusters.add_existing(event, range(position, position + len(members)))
        position += len(members)
    clusters.measure_existing()
    first_pending = position
    order = sorted(
        range(first_pending, len(rows)),
        key=lambda i: (rows[i].upper - rows[i].lower, rows[i].lower, rows[i].id),
    )
    for i in order:
        clusters.place(i, threshold)
    clusters.find_conflicts(first_pending)
    return plan_of(clusters, first_pending)
