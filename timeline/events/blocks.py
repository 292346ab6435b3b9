"""The blocks of a merge (:mod:`timeline.events.merge`), read from the database: the pending
mentions cut into blocks of dates that no merge decision crosses, the stored events each
block can reach, and the sentences the blocks read (to fit the vectors' weights on all)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Engine

from timeline.db.events import (
    EventRow,
    MentionRow,
    events_around,
    pending_bounds,
    pending_mentions,
    stored_periods,
)
from timeline.events.clusters import CONFLICT_DAYS, LONGEST_BLOCK


def date_blocks(engine: Engine, size: int) -> list[tuple[int, int]]:
    """The pending mentions cut into blocks of dates, as ranges [first, last] of their
    lower bounds, in date order: of ``size`` mentions at most, unless no cut fits.

    A cut falls between two days that no pending mention of up to a year
    (:data:`LONGEST_BLOCK`) spans, nor any stored event of 2 days to a year: a mention only
    meets events whose dates nest with its own, so that no merge decision crosses it.
    Longer periods and open-ended dates meet only their very same span or bound: they count
    as the day they start."""
    import numpy as np

    bounds = pending_bounds(engine)
    if not len(bounds):
        return []
    lower, upper, open_ = bounds[:, 0], bounds[:, 1], bounds[:, 2].astype(bool)
    reach = np.where((upper - lower < LONGEST_BLOCK) & ~open_, upper, lower)
    stored = stored_periods(engine, int(lower.min()), int(reach.max()), LONGEST_BLOCK)
    starts = np.concatenate([lower, stored[:, 0]])
    ends = np.concatenate([reach, stored[:, 1]])
    weight = np.concatenate([np.ones(len(lower), dtype=np.int64), np.zeros(len(stored), np.int64)])
    del bounds, lower, upper, open_, reach, stored
    order = np.argsort(starts, kind="stable")
    starts, ends, weight = starts[order], ends[order], weight[order]
    # a cut before item k: every item before it ends before item k starts
    reached = np.maximum.accumulate(ends)
    cuts = np.flatnonzero(reached[:-1] < starts[1:]) + 1
    edges = np.concatenate([[0], cuts, [len(starts)]])
    counts = np.add.reduceat(weight, edges[:-1])  # mentions between two cuts: one atom
    blocks: list[tuple[int, int]] = []
    begin, total = 0, 0
    for k, count in enumerate(counts.tolist()):
        if total and total + count > size:
            blocks.append((int(starts[edges[begin]]), int(starts[edges[k] - 1])))
            begin, total = k, 0
        total += count
    blocks.append((int(starts[edges[begin]]), int(starts[-1])))
    return blocks


def events_reached(
    engine: Engine, pending: Sequence[MentionRow]
) -> list[tuple[EventRow, list[MentionRow]]]:
    """The stored events that pending mentions can meet: those whose dates nest with
    theirs, or lie CONFLICT_DAYS from them; periods longer than a year and open-ended
    events only when a mention has the very same span or bound."""
    spans = {
        (m.lower, m.upper) for m in pending if not m.open and m.upper - m.lower >= LONGEST_BLOCK
    }
    bounds = {(m.open, m.lower) for m in pending if m.open}
    first = min(m.lower for m in pending)
    last = max(
        m.upper if not m.open and m.upper - m.lower < LONGEST_BLOCK else m.lower for m in pending
    )

    def keep(lower: int, upper: int, open: str | None) -> bool:
        if open:
            return (open, lower) in bounds
        return upper - lower < LONGEST_BLOCK or (lower, upper) in spans

    return events_around(engine, first - CONFLICT_DAYS, last + CONFLICT_DAYS, keep)


def block_sentences(engine: Engine, blocks: Sequence[tuple[int, int]]) -> Iterator[list[str]]:
    """The sentences that the blocks will read, block by block, each sentence once (in the
    first block that reads it): the pending mentions and the stored events' that they reach.
    A first pass, reading what the merge reads again: the price of memory that follows the
    block, for the weights one merge would give (:func:`timeline.events.vectors.fit_weights`)."""
    seen: set[int] = set()
    for first, last in blocks:
        pending = pending_mentions(engine, first, last)
        if not pending:
            continue
        rows = [m for _, members in events_reached(engine, pending) for m in members] + pending
        sentences = [m.sentence for m in rows if m.id not in seen]
        seen.update(m.id for m in rows)
        del rows, pending
        yield sentences
