"""Ranking days, the neighbour penalty, and the default number of dates."""

from __future__ import annotations

from dataclasses import replace

import pytest

from timeline.chronology.evidence import DayEvidence, Evidence, gather
from timeline.chronology.model import Model, default_model
from timeline.chronology.rank import default_dates, rank_days

from helpers import event_row


def day(n: int, articles: int, later: int = 0) -> DayEvidence:
    return DayEvidence(
        day=n,
        articles=articles,
        later_articles=later,
        earlier_articles=0,
        published_on=0,
        month_articles=0,
        density=0.0,
        outside=0.0,
    )


def evidence(days: list[DayEvidence], publication_days: int = 10) -> Evidence:
    return Evidence(
        {d.day: d for d in days}, articles=50, publication_days=publication_days, window=None
    )


COUNTING = Model(intercept=0.0, weights={"articles": 1.0})


def test_rank_by_score_then_articles_then_day() -> None:
    found = evidence([day(105, 3), day(101, 5), day(103, 3), day(102, 1)])
    assert [r.day for r in rank_days(found, COUNTING)] == [101, 103, 105, 102]
    assert [r.day for r in rank_days(found, COUNTING, limit=2)] == [101, 103]


def test_a_neighbour_penalty_lets_another_happening_through() -> None:
    # 10 and 11 are one story told on two days; 20 is another, a little less reported
    found = evidence([day(10, 9), day(11, 8), day(20, 7)])
    assert [r.day for r in rank_days(found, COUNTING, limit=2)] == [10, 11]
    soft = replace(COUNTING, neighbour_penalty=0.5)
    ranked = rank_days(found, soft)
    assert [r.day for r in ranked] == [10, 20, 11]  # pushed down, not banned
    assert ranked[2].log_odds == pytest.approx(rank_days(found, COUNTING)[1].log_odds - 0.5)


@pytest.mark.parametrize(
    ("publication_days", "candidates", "expected"),
    [
        (40, 100, 16),  # 0.4 × 40
        (3, 100, 10),  # at least 10
        (3, 2, 2),  # but never more than the days mentioned
        (1000, 2000, 150),  # at most 150
    ],
)
def test_default_number_of_dates(publication_days: int, candidates: int, expected: int) -> None:
    found = evidence([day(n, 1) for n in range(candidates)], publication_days)
    k, why = default_dates(found, default_model())
    assert k == expected
    assert why.startswith(f"0.4 per publication day × {publication_days} days = ")
    assert (str(expected) in why) or k == round(0.4 * publication_days)


def test_default_rule_is_explained() -> None:
    assert default_dates(evidence([day(n, 1) for n in range(100)], 40), default_model()) == (
        16,
        "0.4 per publication day × 40 days = 16",
    )
    assert default_dates(evidence([day(n, 1) for n in range(2000)], 1000), default_model()) == (
        150,
        "0.4 per publication day × 1000 days = 400, capped at 150 (the most a chronology shows)",
    )


def test_gather_counts_distinct_articles_and_publication_days() -> None:
    rows = [
        event_row(1, 737500, article_id=1, published="2020-03-10"),
        event_row(2, 737500, article_id=1, published="2020-03-10"),  # the same article again
        event_row(3, 737500, article_id=2, published="2020-03-10"),
        event_row(4, 737499, article_id=3, published="2020-03-11"),
    ]
    found = gather(rows)
    assert found.articles == 3
    assert found.publication_days == 2
    assert found.days[737500].articles == 2
    assert set(found.days) == {737499, 737500}
