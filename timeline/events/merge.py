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

The pending mentions are merged by blocks of dates (of :data:`MERGE_BLOCK` mentions, or
more where no cut fits), one after the other, each stored before the next is read, so that
memory follows the block rather than the corpus. Blocks are cut only between days that no
pending mention of up to a year spans, nor any stored event of 2 days to a year
(:func:`date_blocks`); each reads the stored events its dates can reach (nesting, or
``CONFLICT_DAYS`` away). The vectors' weights, and which words are common, are fitted in a
first pass over all that the blocks read, so that a blocked merge decides as one merge
would, but for boilerplate: its three sentences on three days are counted within a block
and the events it reads, so that a template whose days a cut separates may go unseen.
Disagreements across a cut are found by the later block, against the stored events; conflict
groups already stored keep their id when a later block adds to them. (Where a few mentions
span every possible cut, such as weeks across each new year, the blocks stay large:
bench/README.md, "Ingest".)
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from timeline.db.events import (
    EventRow,
    MentionRow,
    events_around,
    forget_all_events,
    merge_lock,
    pending_bounds,
    pending_mentions,
    pending_span,
    store_events,
    stored_periods,
)

if TYPE_CHECKING:  # numpy, SciPy and scikit-learn load only when merging (~1 s)
    import numpy as np
    from scipy.sparse import csr_matrix

# the cosine a mention needs with an event's centroid to join it: on 227 hand-labelled pairs
# of real news, F1 is 0.72 at 0.20 and at 0.25, and the estimate over every pair the merge
# compares (each pair weighted by its stratum) is best at 0.20 (bench/README.md, "Events")
THRESHOLD = 0.2
# the cosine, calendar words aside, at which two day events of other sources a few days
# apart tell of one happening (with figures that agree): a disagreement between sources
CONFLICT_THRESHOLD = 0.5
# the cosine a mention needs to join an event its article gave another sentence to
SAME_ARTICLE_THRESHOLD = 0.35
CONFLICT_DAYS = 3  # how far apart the dates of a disagreement may be ("2 or 3 January")
TEMPLATE_DAYS = 3  # days (and sentences) on which a template recurs: furniture, not news
LONGEST_BLOCK = 366  # days: a year; longer periods merge only with the same span
# the pending mentions a merge takes at once: a block of dates that no decision crosses
# (memory grows with the block, not with the corpus; bench/README.md, "Events")
MERGE_BLOCK = 50_000
# a mention with this many candidates (a year's events) is compared through a snapshot of
# the events' sums; dates of more days than WIDE_DAYS find their day events in it
WIDE_EVENTS = 64
WIDE_DAYS = 31
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d\b")  # 6:23, 18.30: times of day, not figures
# abbreviated months and weekdays, a.m./p.m. and time zones: what datelines are made of
_STAMP_WORDS = frozenset(
    {
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "am", "pm"),
        *("gmt", "bst", "edt", "est", "cdt", "cst", "mdt", "mst", "pdt", "pst", "cet", "cest"),
        *("utc", "jst", "hkt", "ist"),
    }
)
# the words of dates, which two reports of one happening on different days need not share
_CALENDAR_WORDS = _STAMP_WORDS | frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "monday", "tuesday", "wednesday"),
        *("thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow"),
        *("tonight", "morning", "afternoon", "evening", "night", "overnight", "day", "days"),
        *("week", "weeks", "weekend", "month", "months", "year", "years", "ago", "earlier"),
        *("later", "spring", "summer", "autumn", "fall", "winter"),
    }
)


@dataclass
class _Event:
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


@dataclass(frozen=True, slots=True)
class MergeReport:
    merged: int  # mentions given an event
    new_events: int
    changed_events: int
    conflicts: int  # events flagged as disagreeing with another


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
        weights = _fit_weights(engine, blocks) if len(blocks) > 1 else None
        for first, last in blocks:
            pending = pending_mentions(engine, first, last)
            if not pending:
                continue
            plan = plan_merge(pending, _reached(engine, pending), threshold, weights)
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


@dataclass(frozen=True)
class _Weights:
    """The vectors' weights of a blocked merge: every term of the sentences it reads, and
    its inverse document frequency over them."""

    terms: np.ndarray
    idf: np.ndarray
    frequency: np.ndarray  # sentences with the term: what makes a word common (boilerplate)


def _fit_weights(engine: Engine, blocks: Sequence[tuple[int, int]]) -> _Weights | None:
    """Document frequencies over the sentences that the blocks will read, block by block
    (each sentence once): the pending mentions and the stored events' that they reach. A
    first pass, reading what the merge reads again: the price of memory that follows the
    block, for the weights one merge would give (scikit-learn's smoothed IDF)."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    frequency: dict[str, int] = defaultdict(int)
    seen: set[int] = set()
    documents = 0
    for first, last in blocks:
        pending = pending_mentions(engine, first, last)
        if not pending:
            continue
        rows = [m for _, members in _reached(engine, pending) for m in members] + pending
        sentences = [m.sentence for m in rows if m.id not in seen]
        seen.update(m.id for m in rows)
        del rows, pending
        if not sentences:
            continue
        documents += len(sentences)
        counter = CountVectorizer(binary=True, **_tokens())
        try:
            counts = counter.fit_transform(sentences).tocsc()
        except ValueError:  # only stop words
            continue
        for term, count in zip(
            counter.get_feature_names_out().tolist(), np.diff(counts.indptr).tolist(), strict=True
        ):
            frequency[term] += count
    if not frequency:  # only stop words: each block fits its own (nothing merges)
        return None
    terms = np.array(sorted(frequency), dtype=object)
    counts = np.array([frequency.get(t, 0) for t in terms.tolist()], dtype=np.float64)
    return _Weights(terms, np.log((1 + documents) / (1 + counts)) + 1, counts)


def _reached(
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


@dataclass
class MergePlan:
    """What a merge decided: the events to store and which event each mention reports."""

    events: list[EventRow]
    assignments: dict[int, int]  # mention id → index into ``events``
    report: MergeReport
    # stored conflict groups a new disagreement joined to another: old id → the group's id
    regroup: dict[int, int] = field(default_factory=dict)


def plan_merge(
    pending: Sequence[MentionRow],
    existing: Sequence[tuple[EventRow, Sequence[MentionRow]]],
    threshold: float = THRESHOLD,
    weights: _Weights | None = None,
) -> MergePlan:
    """The merge as data (pure): ``pending`` mentions against ``existing`` events with their
    mentions. Returns new and changed events and the event of each pending mention. The
    vectors' weights are fitted on these sentences, or given (a block of a larger merge)."""
    rows: list[MentionRow] = [m for _, members in existing for m in members] + list(pending)
    if not pending:
        return MergePlan([], {}, MergeReport(0, 0, 0, 0))
    vectors, terms = _vectorize([m.sentence for m in rows], weights)
    frequency = None if weights is None else weights.frequency
    state = _State(rows, vectors, terms, _templates(rows, vectors, terms, frequency))
    position = 0
    for event, members in existing:
        state.add_existing(event, range(position, position + len(members)))
        position += len(members)
    state.measure_existing()
    first_pending = position
    order = sorted(
        range(first_pending, len(rows)),
        key=lambda i: (rows[i].upper - rows[i].lower, rows[i].lower, rows[i].id),
    )
    for i in order:
        state.place(i, threshold)
    state.find_conflicts(first_pending)
    return state.plan(first_pending)


def _stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # ~1 s: only when merging

    # scikit-learn's English list (function words weigh nothing), and the abbreviations of
    # datelines and page stamps ("Wed Apr 29, 2009 6:57 pm BST"): page furniture shared by
    # the leads of one day's stories, not a sign of one happening
    return sorted(ENGLISH_STOP_WORDS | _STAMP_WORDS)


# words and numbers: the figures a report gives (149 dead, phase 5, 300,000 pigs) tell its
# happening apart from others of the same day (labelled pairs: ROC AUC 0.73 → 0.78)
_TOKEN_PATTERN = r"(?u)\b\w\w+\b|\b\d\b"


def _tokens() -> dict:
    """The tokenizer's options, shared by the vectorizer and the weights of a blocked merge."""
    return {"stop_words": _stop_words(), "token_pattern": _TOKEN_PATTERN}


def _vectorize(
    sentences: list[str], weights: _Weights | None = None
) -> tuple[csr_matrix, np.ndarray]:
    """TF-IDF rows, L2-normalized (the dot product of two rows is their cosine), and the
    terms of the columns; with ``weights``, its terms and IDF instead of fitted ones."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer  # ~1 s: only when merging

    if weights is not None:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        terms = weights.terms.tolist()
        counter = CountVectorizer(
            vocabulary=dict(zip(terms, range(len(terms)), strict=True)),
            dtype=np.float64,
            **_tokens(),
        )
        counts = counter.transform(sentences).tocsr()
        counts.data = np.log(counts.data) + 1  # sublinear tf, as TfidfVectorizer's
        return normalize(counts.multiply(weights.idf[None, :]).tocsr()), weights.terms
    vectorizer = TfidfVectorizer(sublinear_tf=True, dtype=np.float64, **_tokens())
    try:
        vectors = vectorizer.fit_transform(sentences).tocsr()
    except ValueError:  # only stop words: nothing to compare, nothing merges
        from scipy.sparse import csr_matrix

        return csr_matrix((len(sentences), 1)), np.array([""])
    return vectors, vectorizer.get_feature_names_out()


def _templates(
    rows: Sequence[MentionRow],
    vectors: csr_matrix,
    terms: np.ndarray,
    frequency: np.ndarray | None = None,
) -> np.ndarray:
    """Which mentions are boilerplate: a sentence whose words are all common but for one
    name at most (and numbers), and whose common words recur as the same set in three
    sentences or more, dated to three different days or more (a comment page's "At <time>
    on <day>, <reader> wrote: <the comment was taken down>"). A fact repeated across
    articles keeps its date; reports of one happening vary in wording."""
    import numpy as np

    # words of three sentences or fewer are names and handles, and terms with digits are
    # figures, times and ordinals ("1st", "ynda20"): a template's blanks
    words = np.array([not any(c.isdigit() for c in t) for t in terms.tolist()], dtype=bool)
    if frequency is None:  # else: counted over all a blocked merge reads (_fit_weights)
        frequency = np.bincount(vectors.indices, minlength=len(words))
    common = words & (frequency > 3)
    n = len(rows)
    owner = np.repeat(np.arange(n), np.diff(vectors.indptr))
    at_common = common[vectors.indices]
    names = np.bincount(owner, weights=words[vectors.indices] & ~at_common, minlength=n)
    size = np.bincount(owner, weights=at_common, minlength=n)
    # each sentence's set of common words as one number: a sum of random 64-bit codes
    codes = np.random.default_rng(0).integers(0, 2**63, size=len(terms), dtype=np.uint64)
    per_entry = np.append(np.where(at_common, codes[vectors.indices], np.uint64(0)), np.uint64(0))
    skeleton = np.add.reduceat(per_entry, vectors.indptr[:-1]).view(np.int64)
    skeleton[np.diff(vectors.indptr) == 0] = 0
    eligible = (size >= 3) & (names <= 1)  # a few common words are not yet a template
    texts = np.array([hash(row.sentence) for row in rows], dtype=np.int64)
    # an open-ended date names no day, though its one bound is stored as one
    days = np.array([row.lower if row.lower == row.upper and not row.open else -1 for row in rows])

    def distinct(values: np.ndarray, among: np.ndarray) -> dict[int, int]:
        """Per skeleton, how many distinct values its eligible sentences have."""
        pairs = np.unique(np.stack([skeleton[among], values[among]], axis=1), axis=0)
        keys, counts = np.unique(pairs[:, 0], return_counts=True)
        return dict(zip(keys.tolist(), counts.tolist(), strict=True))

    # one sentence giving many dates (a list of years) is not a template: distinct texts
    many_texts = distinct(texts, eligible)
    many_days = distinct(days, eligible & (days >= 0))  # days: day-precise instances only
    return np.array(
        [
            bool(ok)
            and many_texts.get(k, 0) >= TEMPLATE_DAYS
            and many_days.get(k, 0) >= TEMPLATE_DAYS
            for ok, k in zip(eligible.tolist(), skeleton.tolist(), strict=True)
        ],
        dtype=bool,
    )


class _State:
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
        self.undated = np.array([t not in _CALENDAR_WORDS for t in terms.tolist()], dtype=float)
        self._indptr = vectors.indptr.astype(np.int64)
        self._indices = vectors.indices
        self._data = vectors.data
        self._dense = np.zeros(vectors.shape[1])  # one mention's vector, scattered
        self.events: list[_Event] = []
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
        those open the same way from the same bound (see the module docstring)."""
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
        self.events.append(_Event(row.lower, row.upper, list(members), id=row.id, open=row.open))
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
            k = _first_best(scores)
            if scores[k] > 0 and scores[k] >= threshold:
                best, dot = int(candidates[k]), float(dots[k])
        if best is None:
            best = len(self.events)
            self.events.append(_Event(row.lower, row.upper, [i], changed=True, open=row.open))
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

    # the result -------------------------------------------------------------------------

    def plan(self, first_pending: int) -> MergePlan:
        changed = [e for e, event in enumerate(self.events) if event.changed]
        index_of = {e: k for k, e in enumerate(changed)}
        stored = [
            self._row(e, scores)
            for e, scores in zip(changed, self.member_scores(changed), strict=True)
        ]
        # a conflict group names its events by their index in ``stored``; store_events
        # turns it into the smallest event id once the ids are known
        heads = self.conflict_heads()
        # a group holding events of stored groups (an earlier merge's, or an earlier
        # block's) keeps the first of their ids, and the others join it
        kept: dict[int, int] = {}
        for e, head in heads.items():
            if (old := self.stored_groups.get(e)) is not None:
                kept[head] = min(old, kept.get(head, old))
        regroup = {
            old: kept[heads[e]]
            for e, old in self.stored_groups.items()
            if e in heads and old != kept[heads[e]]
        }
        for e in changed:
            if e in heads:
                group = heads[e]
                stored[index_of[e]] = (
                    stored[index_of[e]].with_conflict(-1, kept[group])
                    if group in kept
                    else stored[index_of[e]].with_conflict(
                        index_of.get(group, -1), self.events[group].id
                    )
                )
        assignments = {
            self.rows[i].id: index_of[self.of_mention[i]]
            for i in range(first_pending, len(self.rows))
        }
        # mentions of an existing event that changed keep it: store_events updates it
        new = sum(1 for e in changed if self.events[e].id is None)
        conflicts = sum(1 for e in changed if self.events[e].conflicts)
        report = MergeReport(len(assignments), new, len(changed) - new, conflicts)
        return MergePlan(stored, assignments, report, regroup)

    def conflict_heads(self) -> dict[int, int]:
        """Each disagreeing event's group: the first event of those it is linked to, through
        any chain of disagreements (A with B and B with C are one group)."""
        parent: dict[int, int] = {}

        def root(e: int) -> int:
            while parent.setdefault(e, e) != e:
                parent[e] = parent[parent[e]]
                e = parent[e]
            return e

        for e, event in enumerate(self.events):
            for other in event.conflicts:
                first, second = sorted((root(e), root(other)))
                parent[second] = first
        return {e: root(e) for e in parent}

    def member_scores(self, events: Sequence[int]) -> list[np.ndarray]:
        """For each event, its members' dot products with the sum of its members."""
        import numpy as np

        if not events:
            return []
        counts = [len(self.events[e].members) for e in events]
        members = [i for e in events for i in self.events[e].members]
        owners = np.repeat(np.arange(len(events)), counts)
        sums = self.sums(events)
        dots = np.asarray(self.vectors[members].multiply(sums[owners]).sum(axis=1)).ravel()
        return np.split(dots, np.cumsum(counts)[:-1])

    def _row(self, e: int, scores: np.ndarray) -> EventRow:
        """The event's stored form: its date from the mention that gave the finest one, its
        sentence from the mention most like the whole (the centroid)."""
        event = self.events[e]
        members = event.members
        central = members[_first_best(scores)]
        dated = [
            k
            for k, i in enumerate(members)
            if (self.rows[i].lower, self.rows[i].upper) == (event.lower, event.upper)
        ]
        # the date as the central mention writes it when it has the event's date
        dating = (
            central
            if central in {members[k] for k in dated}
            else members[dated[_first_best(scores[dated])]]
        )
        rows = [self.rows[i] for i in members]
        return EventRow(
            id=event.id,
            lower=event.lower,
            upper=event.upper,
            granularity=self.rows[dating].granularity,
            value=self.rows[dating].value,
            mod=self.rows[dating].mod,
            open=event.open,
            calendar=self.rows[dating].calendar,
            expression=self.rows[dating].expression,
            mention_id=self.rows[central].id,
            sentence=self.rows[central].sentence,
            reports=len(rows),
            articles=len({r.article_id for r in rows}),
            sources=len({r.source for r in rows}),
        )


def _first_best(scores: np.ndarray) -> int:
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
