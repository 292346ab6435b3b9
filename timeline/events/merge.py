"""Merging mentions into events: the reports of one happening, across articles.

Two mentions report the same happening when their dates are compatible — the same day, or a
day inside a coarser date ("in January" and "on 3 January") — and their sentences say the
same thing. Dates come first: they block the comparisons, so that the cost grows with the
corpus near-linearly (each mention is compared with the events of its own day, or the days
inside its month or year, never with the whole corpus). Sentences are compared as TF-IDF
vectors (scikit-learn), cosine against an event's centroid; :data:`THRESHOLD` is the
similarity a mention needs to join (see bench/README.md, "Events", for how it was chosen).

- Day mentions are merged day by day; a mention joins the event of its day (or of a coarser
  date containing it, which then takes the day: the most precise date) most like it.
- Coarser mentions, up to a year, join a compatible event (a day inside them, or a period
  containing them) or start one; longer periods and open-ended dates merge only with events
  of the very same span ("from 1980 to 1988" twice).
- A mention that starts an event of its own although it is very like an event of a nearby
  day from another source is a **disagreement between sources**: both events keep their
  date and share a ``conflict_group``.

The merge is incremental: only mentions without an event are merged, against the events
around them; deleting an event (a changed or deleted article) sends its mentions back to
the pending ones. :func:`merge_pending` runs after every ingest and before events are read.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine

from timeline.db.events import (
    EventRow,
    MentionRow,
    events_around,
    forget_all_events,
    merge_lock,
    pending_mentions,
    pending_span,
    store_events,
)

# the cosine a mention needs with an event's centroid to join it
THRESHOLD = 0.2
# the cosine at which two events of nearby days from other sources tell of one happening
CONFLICT_THRESHOLD = 0.6
CONFLICT_DAYS = 7  # how far apart the dates of a disagreement may be
LONGEST_BLOCK = 366  # days: a year; longer periods merge only with the same span


@dataclass
class _Event:
    """An event being built: its date and its mentions (rows of the vector matrix)."""

    lower: int
    upper: int
    members: list[int] = field(default_factory=list)
    id: int | None = None  # stored already
    changed: bool = False
    conflicts: set[int] = field(default_factory=set)  # indexes of events it disagrees with

    @property
    def span(self) -> int:
        return self.upper - self.lower + 1

    def nests(self, lower: int, upper: int) -> bool:
        """Whether [lower, upper] is inside this event's date or contains it."""
        inside = self.lower <= lower and upper <= self.upper
        return inside or (lower <= self.lower and self.upper <= upper)


@dataclass(frozen=True, slots=True)
class MergeReport:
    merged: int  # mentions given an event
    new_events: int
    changed_events: int
    conflicts: int  # events flagged as disagreeing with another


def merge_pending(engine: Engine, threshold: float = THRESHOLD) -> MergeReport:
    """Merge the mentions that have no event yet into events (see the module docstring)."""
    if pending_span(engine) is None:  # nothing pending: no vectorizer to load, one query spent
        return MergeReport(0, 0, 0, 0)
    with merge_lock(engine):
        span = pending_span(engine)  # another merge may have done it meanwhile
        if span is None:
            return MergeReport(0, 0, 0, 0)
        pending = pending_mentions(engine)
        around = events_around(engine, span.first - LONGEST_BLOCK, span.last + LONGEST_BLOCK)
        plan = plan_merge(pending, around, threshold)
        store_events(engine, plan.events, plan.assignments)
        return plan.report


def rebuild(engine: Engine, threshold: float = THRESHOLD) -> MergeReport:
    """Forget every event and merge all mentions again (e.g. with another threshold)."""
    forget_all_events(engine)
    return merge_pending(engine, threshold)


@dataclass
class MergePlan:
    """What a merge decided: the events to store and which event each mention reports."""

    events: list[EventRow]
    assignments: dict[int, int]  # mention id → index into ``events``
    report: MergeReport


def plan_merge(
    pending: Sequence[MentionRow],
    existing: Sequence[tuple[EventRow, Sequence[MentionRow]]],
    threshold: float = THRESHOLD,
) -> MergePlan:
    """The merge as data (pure): ``pending`` mentions against ``existing`` events with their
    mentions. Returns new and changed events and the event of each pending mention."""
    rows: list[MentionRow] = [m for _, members in existing for m in members] + list(pending)
    if not pending:
        return MergePlan([], {}, MergeReport(0, 0, 0, 0))
    vectors = _vectorize([m.sentence for m in rows])
    state = _State(rows, vectors)
    position = 0
    for event, members in existing:
        state.add_existing(event, range(position, position + len(members)))
        position += len(members)
    first_pending = position
    order = sorted(
        range(first_pending, len(rows)),
        key=lambda i: (rows[i].upper - rows[i].lower, rows[i].lower, rows[i].id),
    )
    for i in order:
        state.place(i, threshold)
    state.find_conflicts(first_pending)
    return state.plan(first_pending)


def _vectorize(sentences: list[str]):
    """TF-IDF rows, L2-normalized: the dot product of two rows is their cosine."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer  # ~1 s: only when merging

    vectorizer = TfidfVectorizer(
        stop_words="english",  # scikit-learn's English list: function words weigh nothing
        sublinear_tf=True,
        token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+\b",  # words, not numbers: dates differ anyway
        dtype=np.float64,
    )
    try:
        return vectorizer.fit_transform(sentences).tocsr()
    except ValueError:  # only stop words and numbers: nothing to compare, nothing merges
        from scipy.sparse import csr_matrix

        return csr_matrix((len(sentences), 1))


class _State:
    """Events being built, indexed by date, with the mentions' vectors."""

    def __init__(self, rows: Sequence[MentionRow], vectors) -> None:
        self.rows = rows
        self.vectors = vectors
        self.events: list[_Event] = []
        self.of_mention: dict[int, int] = {}  # row → event index
        self.by_day: dict[int, list[int]] = defaultdict(list)
        self.by_span: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.coarse_lowers: list[int] = []  # events of 2..LONGEST_BLOCK days, by start
        self.coarse: list[int] = []

    # indexes --------------------------------------------------------------------------------

    def _index(self, e: int) -> None:
        event = self.events[e]
        if event.span == 1:
            self.by_day[event.lower].append(e)
        elif event.span <= LONGEST_BLOCK:
            at = bisect.bisect_right(self.coarse_lowers, event.lower)
            self.coarse_lowers.insert(at, event.lower)
            self.coarse.insert(at, e)
        else:
            self.by_span[(event.lower, event.upper)].append(e)

    def _unindex(self, e: int) -> None:
        event = self.events[e]
        if event.span == 1:
            self.by_day[event.lower].remove(e)
        elif event.span <= LONGEST_BLOCK:
            at = self.coarse.index(e)
            del self.coarse[at], self.coarse_lowers[at]
        else:
            self.by_span[(event.lower, event.upper)].remove(e)

    def candidates(self, lower: int, upper: int) -> list[int]:
        """Events whose date nests with [lower, upper] (see the module docstring)."""
        if upper - lower + 1 > LONGEST_BLOCK:
            return list(self.by_span.get((lower, upper), ()))
        found: list[int] = []
        if lower == upper:
            found += self.by_day.get(lower, ())
        else:
            for day in range(lower, upper + 1):
                found += self.by_day.get(day, ())
        start = bisect.bisect_left(self.coarse_lowers, lower - LONGEST_BLOCK)
        stop = bisect.bisect_right(self.coarse_lowers, upper)
        found += [e for e in self.coarse[start:stop] if self.events[e].nests(lower, upper)]
        return found

    # building ---------------------------------------------------------------------------

    def add_existing(self, row: EventRow, members: range) -> None:
        self.events.append(_Event(row.lower, row.upper, list(members), id=row.id))
        e = len(self.events) - 1
        for i in members:
            self.of_mention[i] = e
        self._index(e)

    def centroids(self, events: Sequence[int]):
        """The events' centroids, L2-normalized, as rows of a sparse matrix."""
        from scipy.sparse import csr_matrix, vstack
        from sklearn.preprocessing import normalize

        sums = [csr_matrix(self.vectors[self.events[e].members].sum(axis=0)) for e in events]
        return normalize(vstack(sums))

    def place(self, i: int, threshold: float) -> None:
        """Join mention ``i`` to the most similar compatible event, or start one."""
        row = self.rows[i]
        candidates = self.candidates(row.lower, row.upper)
        best, best_score = None, threshold
        if candidates:
            scores = (self.centroids(candidates) @ self.vectors[i].T).toarray().ravel()
            for e, score in zip(candidates, scores, strict=True):
                if score >= best_score:
                    best, best_score = e, score
        if best is None:
            self.events.append(_Event(row.lower, row.upper, [i], changed=True))
            best = len(self.events) - 1
            self._index(best)
        else:
            event = self.events[best]
            event.members.append(i)
            event.changed = True
            if row.upper - row.lower < event.upper - event.lower:  # a finer date: it wins
                self._unindex(best)
                event.lower, event.upper = row.lower, row.upper
                self._index(best)
        self.of_mention[i] = best

    def find_conflicts(self, first_pending: int) -> None:
        """New day events very like an event of a nearby day reported by other sources."""
        new_days = sorted(
            {self.of_mention[i] for i in range(first_pending, len(self.rows))}
            - {e for e, event in enumerate(self.events) if event.id is not None},
        )
        for e in new_days:
            event = self.events[e]
            if event.span != 1:
                continue
            near = [
                other
                for day in range(event.lower - CONFLICT_DAYS, event.lower + CONFLICT_DAYS + 1)
                if day != event.lower
                for other in self.by_day.get(day, ())
            ]
            sources = {self.rows[i].source for i in event.members}
            near = [
                o
                for o in near
                if not sources & {self.rows[i].source for i in self.events[o].members}
            ]
            if not near:
                continue
            scores = (self.centroids(near) @ self.centroids([e]).T).toarray().ravel()
            for other, score in zip(near, scores, strict=True):
                if score >= CONFLICT_THRESHOLD:
                    event.conflicts.add(other)
                    self.events[other].conflicts.add(e)
                    self.events[other].changed = True
                    event.changed = True

    # the result -------------------------------------------------------------------------

    def plan(self, first_pending: int) -> MergePlan:
        stored: list[EventRow] = []
        index_of: dict[int, int] = {}
        for e, event in enumerate(self.events):
            if not event.changed:
                continue
            index_of[e] = len(stored)
            stored.append(self._row(e))
        # a conflict group names its events by their index in ``stored``; store_events
        # turns it into the smallest event id once the ids are known
        for e, event in enumerate(self.events):
            if event.changed and event.conflicts:
                group = min([e, *event.conflicts])
                stored[index_of[e]] = stored[index_of[e]].with_conflict(
                    index_of.get(group, -1), self.events[group].id
                )
        assignments = {
            self.rows[i].id: index_of[self.of_mention[i]]
            for i in range(first_pending, len(self.rows))
        }
        # mentions of an existing event that changed keep it: store_events updates it
        new = sum(1 for e in index_of if self.events[e].id is None)
        conflicts = sum(1 for e in index_of if self.events[e].conflicts)
        report = MergeReport(len(assignments), new, len(index_of) - new, conflicts)
        return MergePlan(stored, assignments, report)

    def _row(self, e: int) -> EventRow:
        """The event's stored form: its date from the mention that gave the finest one, its
        sentence from the mention most like the whole (the centroid)."""
        event = self.events[e]
        members = event.members
        scores = (self.vectors[members] @ self.centroids([e]).T).toarray().ravel()
        central = members[int(scores.argmax())]
        dated = [
            i
            for i in members
            if (self.rows[i].lower, self.rows[i].upper) == (event.lower, event.upper)
        ]
        # the date as the central mention writes it when it has the event's date
        dating = central if central in dated else max(dated, key=lambda i: scores[members.index(i)])
        rows = [self.rows[i] for i in members]
        return EventRow(
            id=event.id,
            lower=event.lower,
            upper=event.upper,
            granularity=self.rows[dating].granularity,
            value=self.rows[dating].value,
            mod=self.rows[dating].mod,
            expression=self.rows[dating].expression,
            mention_id=self.rows[central].id,
            sentence=self.rows[central].sentence,
            reports=len(rows),
            articles=len({r.article_id for r in rows}),
            sources=len({r.source for r in rows}),
        )
