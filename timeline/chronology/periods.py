"""Happenings a corpus dates only to a month: candidates for a chronology beside the days.

A story's key happening is often told without its day ("Soleimani was killed in a US drone
strike in January"). When several articles report one such happening (their mentions merged
into one event: :mod:`timeline.events.merge`) and no report gives its day, the chronology may
list the month. Such a month is scored by the same model as a day, on the same evidence
counted for the whole month (articles reporting the event, those published after the month,
publications around its middle, its distance from the publication window), so that a month
competes with the days on equal terms. Only months reported by at least
:data:`MIN_ARTICLES` articles qualify: a month named once is context, not a date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from timeline.chronology.evidence import (
    DayEvidence,
    Evidence,
    is_day_mention,
    is_month_mention,
    period_evidence,
)
from timeline.chronology.model import Model

MIN_ARTICLES = 2


@dataclass(frozen=True, slots=True)
class RankedMonth:
    first: int  # the month's first and last days
    last: int
    log_odds: float
    evidence: DayEvidence
    rows: tuple[Mapping, ...]  # the event's mentions of the month


def month_events(rows: Iterable[Mapping], evidence: Evidence, model: Model) -> list[RankedMonth]:
    """Events dated only to a month, reported by several articles, scored (best first)."""
    by_event: dict[object, list[Mapping]] = defaultdict(list)
    for row in rows:
        if row.get("event_id") is not None:
            by_event[row["event_id"]].append(row)
    found = []
    for members in by_event.values():
        if any(is_day_mention(row) for row in members):
            continue  # its day is a candidate already
        months = [row for row in members if is_month_mention(row)]
        articles = {row["article_id"] for row in months}
        if not months or len(articles) < MIN_ARTICLES:
            continue
        first, last = months[0]["lower"], months[0]["upper"]
        facts = period_evidence(
            first, last, articles, evidence.published, evidence.per_day, evidence.window, articles
        )
        found.append(
            RankedMonth(first, last, model.log_odds(facts.features()), facts, tuple(months))
        )
    return sorted(found, key=lambda m: (-m.log_odds, -m.evidence.articles, m.first))
