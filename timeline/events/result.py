"""What a merge decided (:mod:`timeline.events.merge`), as data to store: the events built
or changed, in their stored form (a date, the sentence most like the whole, the conflict
group), and which event each pending mention reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from timeline.db.events import EventRow
from timeline.events.clusters import Clusters, DraftEvent, first_best

if TYPE_CHECKING:  # numpy loads only when merging
    import numpy as np


@dataclass(frozen=True, slots=True)
class MergeReport:
    merged: int  # mentions given an event
    new_events: int
    changed_events: int
    conflicts: int  # events flagged as disagreeing with another


@dataclass
class MergePlan:
    """What a merge decided: the events to store and which event each mention reports."""

    events: list[EventRow]
    assignments: dict[int, int]  # mention id → index into ``events``
    report: MergeReport
    # stored conflict groups a new disagreement joined to another: old id → the group's id
    regroup: dict[int, int] = field(default_factory=dict)


def plan_of(clusters: Clusters, first_pending: int) -> MergePlan:
    """What the clusters decided: the events that changed (new ones, and stored ones that
    mentions joined or disagreements linked) in their stored form, with their conflict
    groups, and the event of each pending mention (the rows from ``first_pending`` on)."""
    changed = [e for e, event in enumerate(clusters.events) if event.changed]
    index_of = {e: k for k, e in enumerate(changed)}
    stored = [
        _row(clusters, e, scores)
        for e, scores in zip(changed, _member_scores(clusters, changed), strict=True)
    ]
    # a conflict group names its events by their index in ``stored``; store_events
    # turns it into the smallest event id once the ids are known
    heads = _conflict_heads(clusters.events)
    # a group holding events of stored groups (an earlier merge's, or an earlier
    # block's) keeps the first of their ids, and the others join it
    kept: dict[int, int] = {}
    for e, head in heads.items():
        if (old := clusters.stored_groups.get(e)) is not None:
            kept[head] = min(old, kept.get(head, old))
    regroup = {
        old: kept[heads[e]]
        for e, old in clusters.stored_groups.items()
        if e in heads and old != kept[heads[e]]
    }
    for e in changed:
        if e in heads:
            group = heads[e]
            stored[index_of[e]] = (
                stored[index_of[e]].with_conflict(-1, kept[group])
                if group in kept
                else stored[index_of[e]].with_conflict(
                    index_of.get(group, -1), clusters.events[group].id
                )
            )
    assignments = {
        clusters.rows[i].id: index_of[clusters.of_mention[i]]
        for i in range(first_pending, len(clusters.rows))
    }
    # mentions of an existing event that changed keep it: store_events updates it
    new = sum(1 for e in changed if clusters.events[e].id is None)
    conflicts = sum(1 for e in changed if clusters.events[e].conflicts)
    report = MergeReport(len(assignments), new, len(changed) - new, conflicts)
    return MergePlan(stored, assignments, report, regroup)


def _conflict_heads(events: Sequence[DraftEvent]) -> dict[int, int]:
    """Each disagreeing event's group: the first event of those it is linked to, through
    any chain of disagreements (A with B and B with C are one group)."""
    parent: dict[int, int] = {}

    def root(e: int) -> int:
        while parent.setdefault(e, e) != e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    for e, event in enumerate(events):
        for other in event.conflicts:
            first, second = sorted((root(e), root(other)))
            parent[second] = first
    return {e: root(e) for e in parent}


def _member_scores(clusters: Clusters, events: Sequence[int]) -> list[np.ndarray]:
    """For each event, its members' dot products with the sum of its members."""
    import numpy as np

    if not events:
        return []
    counts = [len(clusters.events[e].members) for e in events]
    members = [i for e in events for i in clusters.events[e].members]
    owners = np.repeat(np.arange(len(events)), counts)
    sums = clusters.sums(events)
    dots = np.asarray(clusters.vectors[members].multiply(sums[owners]).sum(axis=1)).ravel()
    return np.split(dots, np.cumsum(counts)[:-1])


def _row(clusters: Clusters, e: int, scores: np.ndarray) -> EventRow:
    """The event's stored form: its date from the mention that gave the finest one, its
    sentence from the mention most like the whole (the centroid)."""
    event = clusters.events[e]
    members = event.members
    central = members[first_best(scores)]
    dated = [
        k
        for k, i in enumerate(members)
        if (clusters.rows[i].lower, clusters.rows[i].upper) == (event.lower, event.upper)
    ]
    # the date as the central mention writes it when it has the event's date
    dating = (
        central
        if central in {members[k] for k in dated}
        else members[dated[first_best(scores[dated])]]
    )
    rows = [clusters.rows[i] for i in members]
    return EventRow(
        id=event.id,
        lower=event.lower,
        upper=event.upper,
        granularity=clusters.rows[dating].granularity,
        value=clusters.rows[dating].value,
        mod=clusters.rows[dating].mod,
        open=event.open,
        calendar=clusters.rows[dating].calendar,
        expression=clusters.rows[dating].expression,
        mention_id=clusters.rows[central].id,
        sentence=clusters.rows[central].sentence,
        reports=len(rows),
        articles=len({r.article_id for r in rows}),
        sources=len({r.source for r in rows}),
    )
