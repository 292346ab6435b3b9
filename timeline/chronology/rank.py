"""Ranking the candidate days, and how many to keep when the user does not say."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from timeline.chronology.evidence import DayEvidence, Evidence
from timeline.chronology.model import Model


@dataclass(frozen=True, slots=True)
class RankedDay:
    day: int
    log_odds: float  # the model's score, less any neighbour penalty met when it was chosen
    evidence: DayEvidence


def _tie_key(log_odds: float, evidence: DayEvidence) -> tuple[float, int, int]:
    # equal scores: the day more articles mention first, then the earlier day (deterministic)
    return (-log_odds, -evidence.articles, evidence.day)


def rank_days(evidence: Evidence, model: Model, limit: int | None = None) -> list[RankedDay]:
    """Candidate days best first (at most ``limit``).

    With a neighbour penalty, the choice is greedy: each day already chosen lowers the score
    of the days next to it, so that a cluster of neighbouring days, which share the same
    reports, does not crowd out other happenings (soft diversity, not a ban).
    """
    scores = {day: model.log_odds(ev.features()) for day, ev in evidence.days.items()}
    days = evidence.days
    if model.neighbour_penalty <= 0:
        order = sorted(days, key=lambda d: _tie_key(scores[d], days[d]))
        if limit is not None:
            order = order[:limit]
        return [RankedDay(d, scores[d], days[d]) for d in order]

    chosen: set[int] = set()
    ranked: list[RankedDay] = []
    heap = [(_tie_key(s, days[d]), s, d) for d, s in scores.items()]
    heapq.heapify(heap)
    while heap and (limit is None or len(ranked) < limit):
        key, stale, day = heapq.heappop(heap)
        current = scores[day] - model.neighbour_penalty * (
            (day - 1 in chosen) + (day + 1 in chosen)
        )
        if current < stale - 1e-12:  # a neighbour was chosen since: queue it again, lower
            heapq.heappush(heap, (_tie_key(current, days[day]), current, day))
            continue
        chosen.add(day)
        ranked.append(RankedDay(day, current, days[day]))
    return ranked


def default_dates(evidence: Evidence, model: Model, extra: int = 0) -> tuple[int, str]:
    """How many dates to show when not told, and why (a sentence for the output).

    Journalists' news timelines list about 0.4 dates per day of coverage (Timeline17), so the
    number grows with the days on which the corpus has publications, not with its articles
    (a hundred articles on one day are one day's news).
    """
    candidates = len(evidence.days) + extra  # extra: months that compete with the days
    if not candidates:
        return 0, "no mention names a day"
    days = evidence.publication_days
    rate = model.dates_per_publication_day
    wanted = round(rate * days)
    k = min(max(wanted, model.min_dates), model.max_dates, candidates)
    why = f"{rate:g} per publication day × {days} days = {wanted}"
    if k < wanted:
        why += f", capped at {k}"
        why += " (the dates mentioned)" if k == candidates else " (the most a chronology shows)"
    elif k > wanted and k == candidates and k < model.min_dates:
        why += f"; at least {model.min_dates} are worth showing, and {k} dates are mentioned"
    elif k > wanted:
        why += f", raised to {k}"
        why += " (the dates mentioned)" if k == candidates else " (the fewest worth showing)"
    return k, why
