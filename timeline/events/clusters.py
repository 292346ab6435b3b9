"""The clustering of a merge (:mod:`timeline.events.merge`): events being built from
mentions, indexed by date; each mention joins the most similar event its date may meet, or
starts one; disagreements between sources are found among the events built."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from timeline.db.events import EventRow, MentionRow
from timeline.events.vectors import CALENDAR_WORDS

if TYPE_CHECKING:  # numpy, SciPy and scikit-learn load only when merging (~1 s)
    import numpy as np
    from scipy.sparse import csr_matrix

# the cosine, calendar words aside, at which two day events of other sources a few days
# apart tell of one happening (with figures that agree): a disagreement between sources
CONFLICT_THRESHOLD = 0.5
# the cosine a mention needs to join an event its article gave another sentence to
SAME_ARTICLE_THRESHOLD = 0.35
CONFLICT_DAYS = 3  # how far apart the dates of a disagreement may be ("2 or 3 January")
LONGEST_BLOCK = 366  # days: a year; longer periods merge only with the same span
# a mention with this many candidates (a year's events) is compared through a snapshot of
# the events' sums; dates of more days than WIDE_DAYS find their day events in it
WIDE_EVENTS = 64
WIDE_DAYS = 31
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d\b")  # 6:23, 18.30: times of day, not figures


@dataclass
class DraftEvent:
    """An event being built: its date and its mentions (rows of the vector matrix)."""

    lower: int
    upper: int
    members: list[int] = field(default_factory=list)
    id: int | None = None  # stored already
    changed: bool = False
    conflicts: set[int] = field(default_factory=set)  # indexes of events it disagrees with
    open: str | None = None  # "before" | "after": open-ended from lower == upper

    @property
    def span(self) -> int:
        return self.upper - self.lower + 1


class Clusters:
    """Events being built, indexed by date, with the mentions' vectors.

    An event's centroid is never built: its cosine with a mention is the sum of the
    mention's dot products with the event's members over the norm of their sum, and that
    norm is kept up to date as members join (|s + v|² = |s|² + 2 s·v + |v|²). A mention's
    comparisons cost the stored numbers of its candidates' members, gathered in a few vector
    operations. A coarse mention (a year) has every event of its days as candidates: for
    those the sums of the events' members are taken once (a snapshot, a sparse matrix) and
    only what joined since is gathered member by member, so that merging stays linear."""

    def __init__(
        self,
        rows: Sequence[MentionRow],
        vectors: csr_matrix,
        terms: np.ndarray,
        templates: np.ndarray,
    ) -> None:
        import numpy as np

        self.rows = rows
        self.vectors = vectors
        self.templates = templates
        # the columns that are no calendar word: what two reports of different days share
        self.undated = np.array([t not in CALENDAR_WORDS for t in terms.tolist()], dtype=float)
        self._indptr = vectors.indptr.astype(np.int64)
        self._indices = vectors.indices
        self._data = vectors.data
        self._dense = np.zeros(vectors.shape[1])  # one mention's vector, scattered
        self.events: list[DraftEvent] = []
        # per event, as arrays (an event has a mention at least: len(rows) bounds them)
        self.norm2 = np.zeros(len(rows) + 1)  # the squared norm of its members' sum
        self.is_template = np.zeros(len(rows) + 1, dtype=bool)  # joined by its sentence only
        self._closed = np.zeros(len(rows) + 1, dtype=bool)
        self.of_mention: dict[int, int] = {}  # row → event index
        # one article's sentences never merge with each other: within a page, sentences of
        # a day share its topic and furniture (a comment thread's "At 10:52 on 3 June, X
        # wrote:"), and merging them made blobs of whole pages; across articles is the point
        self.article_events: dict[int, dict[int, set[str]]] = defaultdict(dict)
        self.sentence_events: dict[str, set[int]] = defaultdict(set)
        self.by_day: dict[int, list[int]] = {}
        self.days: list[int] = []  # the keys of by_day, sorted
        # events of 2..LONGEST_BLOCK days by length, each as (sorted starts, event indexes):
        # the events nesting with a date are then a range of each list, none scanned in vain
        self.coarse: dict[int, tuple[list[int], list[int]]] = {}
        self.by_span: dict[tuple[int, int], list[int]] = defaultdict(list)
        # open-ended events by (side, bound): kept apart from the day and period indexes
        self.by_open: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.snapshot: _Snapshot | None = None
        self.stored_groups: dict[int, int] = {}  # event → its stored conflict group

    # indexes --------------------------------------------------------------------------------

    def _index(self, e: int) -> None:
        event = self.events[e]
        if event.open:
            self.by_open[(event.open, event.lower)].append(e)
        elif event.span == 1:
            if event.lower not in self.by_day:
                self.by_day[event.lower] = []
                bisect.insort(self.days, event.lower)
            self.by_day[event.lower].append(e)
            if self.snapshot is not None:
                self.snapshot.new_days.append(e)
        elif event.span <= LONGEST_BLOCK:
            lowers, events = self.coarse.setdefault(event.span, ([], []))
            at = bisect.bisect_right(lowers, event.lower)
            lowers.insert(at, event.lower)
            events.insert(at, e)
        else:
            self.by_span[(event.lower, event.upper)].append(e)

    def _unindex(self, e: int) -> None:
        event = self.events[e]
        if event.open:  # only its own kind joins it: its bound never changes
            raise AssertionError("an open-ended event keeps its bound")
        if event.span == 1:  # a day event's day never changes: only coarse ones move
            raise AssertionError("a day event keeps its day")
        if event.span <= LONGEST_BLOCK:
            lowers, events = self.coarse[event.span]
            at = events.index(e, bisect.bisect_left(lowers, event.lower))
            del lowers[at], events[at]
        else:
            self.by_span[(event.lower, event.upper)].remove(e)

    def candidates(self, lower: int, upper: int, open: str | None = None) -> np.ndarray:
        """Events whose date nests with [lower, upper], or for an open-ended date (``open``)
        those open the same way from the same bound (see :mod:`timeline.events.merge`)."""
        import numpy as np

        if open:
            return np.array(self.by_open.get((open, lower), ()), dtype=np.int64)
        span = upper - lower + 1
        if span > LONGEST_BLOCK:
            return np.array(self.by_span.get((lower, upper), ()), dtype=np.int64)
        found: list[int] = []
        if span > WIDE_DAYS and self.snapshot is not None:
            # the day events of a wide date: a slice of the snapshot's, and those since
            snap = self.snapshot
            first, last = np.searchsorted(snap.days, [lower, upper + 1])
            parts = [snap.day_events[first:last]]
            found += [e for e in snap.new_days if lower <= self.events[e].lower <= upper]
        else:
            first = bisect.bisect_left(self.days, lower)
            last = bisect.bisect_right(self.days, upper)
            parts = []
            for day in self.days[first:last]:
                found += self.by_day[day]
        for length, (lowers, events) in self.coarse.items():
            # longer: contains it if it starts in [upper - length + 1, lower]; shorter: inside
            # it if it starts in [lower, upper - length + 1]
            start, stop = sorted((upper - length + 1, lower))
            found += events[bisect.bisect_left(lowers, start) : bisect.bisect_right(lowers, stop)]
        return np.concatenate([*parts, np.array(found, dtype=np.int64)])

    def open_to(
        self, i: int, candidates: np.ndarray, threshold: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """The candidates mention ``i`` may join, and the cosine each needs: boilerplate
        joins, or is joined by, nothing but its very same sentence; an event its article gave
        another sentence to needs :data:`SAME_ARTICLE_THRESHOLD` (an article names one
        happening twice in like words, but most of its sentences of one day tell of others)."""
        import numpy as np

        row = self.rows[i]
        if self.templates[i]:
            same = self.sentence_events.get(row.sentence, set())
            keep = np.array([e in same for e in candidates.tolist()], dtype=bool)
        else:
            keep = ~self.is_template[candidates]
        candidates = candidates[keep]
        needed = np.full(len(candidates), threshold)
        given = self.article_events.get(row.article_id)
        if given:
            closed = [e for e, sentences in given.items() if sentences - {row.sentence}]
            if closed:
                self._closed[closed] = True  # a scratch mark: np.isin costs more
                needed[self._closed[candidates]] = max(threshold, SAME_ARTICLE_THRESHOLD)
                self._closed[closed] = False
        return candidates, needed

    # building ---------------------------------------------------------------------------

    def _joined(self, e: int, i: int) -> None:
        row = self.rows[i]
        self.of_mention[i] = e
        self.article_events[row.article_id].setdefault(e, set()).add(row.sentence)
        self.sentence_events[row.sentence].add(e)
        if self.snapshot is not None:
            self.snapshot.joined(e, i)

    def add_existing(self, row: EventRow, members: range) -> None:
        self.events.append(
            DraftEvent(row.lower, row.upper, list(members), id=row.id, open=row.open)
        )
        e = len(self.events) - 1
        for i in members:
            self._joined(e, i)
        self.is_template[e] = bool(self.templates[list(members)].any())
        if row.conflict_id is not None:
            self.stored_groups[e] = row.conflict_id
        self._index(e)

    def measure_existing(self) -> None:
        """The norms of the stored events' sums, all at once."""
        import numpy as np

        sums = self.sums(range(len(self.events)))
        self.norm2[: len(self.events)] = np.asarray(sums.multiply(sums).sum(axis=1)).ravel()

    def sums(self, events: Sequence[int]) -> csr_matrix:
        """The sums of the events' member vectors, one row each."""
        import numpy as np
        from scipy.sparse import csr_matrix

        counts = [len(self.events[e].members) for e in events]
        members = [i for e in events for i in self.events[e].members]
        owners = np.repeat(np.arange(len(counts)), counts)
        indicator = csr_matrix(
            (np.ones(len(members)), (owners, members)), shape=(len(counts), len(self.rows))
        )
        return (indicator @ self.vectors).tocsr()

    def dots(self, i: int, events: np.ndarray) -> np.ndarray:
        """Mention ``i``'s dot product with the sum of each event's members."""
        import numpy as np

        indptr, indices, data = self._indptr, self._indices, self._data
        own = slice(indptr[i], indptr[i + 1])
        self._dense[indices[own]] = data[own]
        if len(events) >= WIDE_EVENTS:
            snap = self._fresh_snapshot()
            old = events < snap.count
            positions = np.flatnonzero(old)
            found = snap.dots(self._dense, events[positions], positions, len(events))
            # the members that joined since the snapshot, and the events made since
            since = positions[snap.changed[events[positions]]].tolist()
            since += np.flatnonzero(~old).tolist()
            rows, owners = [], []
            for k in since:
                e = int(events[k])
                added = snap.recent.get(e, ()) if e < snap.count else self.events[e].members
                rows += added
                owners += [k] * len(added)
        else:
            found = np.zeros(len(events))
            rows = [m for e in events.tolist() for m in self.events[e].members]
            owners = np.repeat(
                np.arange(len(events)), [len(self.events[e].members) for e in events.tolist()]
            ).tolist()
        found += _gather_dots(
            self._dense,
            indptr,
            indices,
            data,
            np.array(rows, dtype=np.int64),
            np.array(owners, dtype=np.int64),
            len(events),
        )
        self._dense[indices[own]] = 0.0
        return found

    def _fresh_snapshot(self) -> _Snapshot:
        """The snapshot of the events' sums, taken again once much has changed since."""
        snap = self.snapshot
        placed = len(self.of_mention)
        if snap is None or snap.churn > max(1000, placed // 4):
            day_events = [e for day in self.days for e in self.by_day[day]]
            self.snapshot = snap = _Snapshot(
                sums=self.sums(range(len(self.events))),
                count=len(self.events),
                days=[self.events[e].lower for e in day_events],
                day_events=day_events,
                capacity=len(self.norm2),
            )
        return snap

    def place(self, i: int, threshold: float) -> None:
        """Join mention ``i`` to the most similar compatible event, or start one."""
        import numpy as np

        row = self.rows[i]
        own = slice(self._indptr[i], self._indptr[i + 1])
        own_norm2 = float(self._data[own] @ self._data[own])  # 1, or 0 for no words
        candidates, needed = self.open_to(
            i, self.candidates(row.lower, row.upper, row.open), threshold
        )
        best, dot = None, 0.0
        if len(candidates):
            dots = self.dots(i, candidates)
            norms = np.sqrt(self.norm2[candidates])
            scores = np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)
            scores[scores < needed] = 0.0  # below what it needs: not a candidate
            k = first_best(scores)
            if scores[k] > 0 and scores[k] >= threshold:
                best, dot = int(candidates[k]), float(dots[k])
        if best is None:
            best = len(self.events)
            self.events.append(DraftEvent(row.lower, row.upper, [i], changed=True, open=row.open))
            self.norm2[best] = own_norm2
            self.is_template[best] = bool(self.templates[i])
            self._index(best)
        else:
            event = self.events[best]
            event.members.append(i)
            self.norm2[best] += 2 * dot + own_norm2
            event.changed = True
            if row.upper - row.lower < event.upper - event.lower:  # a finer date: it wins
                self._unindex(best)
                event.lower, event.upper = row.lower, row.upper
                self._index(best)
        self._joined(best, i)

    def sources(self, e: int) -> set[str | None]:
        return {self.rows[i].source for i in self.events[e].members}

    def find_conflicts(self, first_pending: int) -> None:
        """New day events very like an event of a nearby day that other sources report, and
        whose figures agree: one happening given two dates (a series of like happenings on
        nearby days, such as daily case counts, gives other figures each day)."""
        import numpy as np
        from sklearn.preprocessing import normalize

        stored = {e for e, event in enumerate(self.events) if event.id is not None}
        new = {self.of_mention[i] for i in range(first_pending, len(self.rows))} - stored
        pairs: list[tuple[int, int]] = []
        for e in sorted(new):
            event = self.events[e]
            if event.span != 1 or event.open or self.is_template[e]:
                continue
            sources = self.sources(e)
            first = bisect.bisect_left(self.days, event.lower - CONFLICT_DAYS)
            last = bisect.bisect_right(self.days, event.lower + CONFLICT_DAYS)
            for day in self.days[first:last]:
                if day != event.lower:
                    pairs += [
                        (e, o)
                        for o in self.by_day[day]
                        if not self.is_template[o] and not sources & self.sources(o)
                    ]
        if not pairs:
            return
        # the events' cosine without calendar words, which tell nothing across two days
        # ("this morning" and "six in the morning")
        involved = sorted({e for pair in pairs for e in pair})
        row_of = {e: k for k, e in enumerate(involved)}
        sums = normalize(self.sums(involved).multiply(self.undated[None, :]).tocsr())
        left = sums[[row_of[e] for e, _ in pairs]]
        right = sums[[row_of[o] for _, o in pairs]]
        scores = np.asarray(left.multiply(right).sum(axis=1)).ravel()
        for (e, other), score in zip(pairs, scores, strict=True):
            if score >= CONFLICT_THRESHOLD and self.figures_agree(e, other):
                self.events[e].conflicts.add(other)
                self.events[other].conflicts.add(e)
                self.events[other].changed = True
                self.events[e].changed = True

    def figures(self, e: int) -> set[str]:
        """The numbers the event's sentences give, but those of their dates and times."""
        found: set[str] = set()
        for i in self.events[e].members:
            row = self.rows[i]
            text = _TIME.sub(" ", row.sentence.replace(row.expression, " "))
            found |= {n.replace(",", "") for n in _NUMBER.findall(text)}
        return found

    def figures_agree(self, e: int, other: int) -> bool:
        """Whether two events share a figure, or one of them gives none."""
        mine, theirs = self.figures(e), self.figures(other)
        return not mine or not theirs or bool(mine & theirs)


def first_best(scores: np.ndarray) -> int:
    """The first of the highest scores: equal ones (a sentence twice, two members of a pair
    with their sum) differ by rounding only, and the first (oldest) should win everywhere."""
    return int((scores >= scores.max() - 1e-9).argmax())


def _gather_dots(
    dense: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    rows: np.ndarray,
    owners: np.ndarray,
    size: int,
) -> np.ndarray:
    """Per owner (0..size-1), the sum of its rows' dot products with ``dense``: the rows'
    stored numbers gathered into one flat array, multiplied, and added up by owner."""
    import numpy as np

    if not len(rows):
        return np.zeros(size)
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    ends = np.cumsum(lengths)
    at = np.arange(int(ends[-1])) + np.repeat(starts - ends + lengths, lengths)
    products = dense[indices[at]] * data[at]
    return np.bincount(np.repeat(owners, lengths), weights=products, minlength=size)


class _Snapshot:
    """The sums of the events' members at one moment, as a sparse matrix, and the day
    events by day as arrays; what changes after is kept beside it (``recent``, ``new_days``)."""

    def __init__(
        self, sums: csr_matrix, count: int, days: list[int], day_events: list[int], capacity: int
    ) -> None:
        import numpy as np

        self.indptr = sums.indptr.astype(np.int64)
        self.indices = sums.indices
        self.data = sums.data
        self.count = count  # events 0..count-1 are in it
        self.days = np.array(days, dtype=np.int64)
        self.day_events = np.array(day_events, dtype=np.int64)
        self.new_days: list[int] = []  # day events indexed since
        self.recent: dict[int, list[int]] = {}  # members that joined its events since
        self.changed = np.zeros(capacity, dtype=bool)  # events with such members
        self.churn = 0

    def joined(self, e: int, i: int) -> None:
        self.churn += 1
        if e < self.count:
            self.recent.setdefault(e, []).append(i)
            self.changed[e] = True

    def dots(
        self, dense: np.ndarray, events: np.ndarray, owners: np.ndarray, size: int
    ) -> np.ndarray:
        return _gather_dots(dense, self.indptr, self.indices, self.data, events, owners, size)
