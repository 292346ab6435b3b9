"""What the database says about each day: the evidence a chronology ranks days by.

Input is mention rows as plain dicts (one dated statement each: ``article_id``,
``published``, ``lower``, ``upper``, ``granularity``, ``mod``, ``open``, …). Only
day-precision mentions make a day a candidate: a month or a year never becomes its first day.
Month-level mentions count as context instead (how much the corpus talks about the day's
month). An open-ended date ("more than a week ago": ``open``, stored as its one real bound)
is evidence for no day and no month: it says when something was not.

Every feature is a number per candidate day, computed from counts of distinct articles, so
that an article repeating a date ten times counts once. :data:`FEATURES` says what each means;
the model (``model.toml``) gives each a weight.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from timeline.calendar import CalendarError, day_number, parse_iso_day, to_ymd

# granularities of a value that names one day ("time" is a moment of one day)
DAY_GRANULARITIES = frozenset({"day", "time"})

# the publication density's kernel: articles published around a day, weighted exp(-|Δ|/scale)
DENSITY_SCALE = 7.0  # days: news of a happening spreads over about a week
DENSITY_REACH = 25  # days each side; exp(-25/7) < 3%: farther days add nothing visible
DENSITY_UNIT = 6.0  # about a week's weight (Σ exp(-i/7), i = 0..6): a rate per week-ish

# name → what it measures; every count is of distinct articles, each feature is log(1 + x)
FEATURES: dict[str, str] = {
    "articles": "articles with a day-precision mention of the day",
    "later_articles": "articles published after the day that mention it (looking back)",
    "month_articles": "articles naming the day's month as a whole (the story's months)",
    "publication_density": (
        "articles published around the day, weighted exp(-|days apart| / 7), per 6 days"
    ),
    "outside_publication": (
        "distance of the day outside the first..last publication date, in lengths of that window"
    ),
}


@dataclass(frozen=True, slots=True)
class DayEvidence:
    """The raw counts behind one candidate day's features (kept to explain a rank)."""

    day: int
    articles: int  # distinct articles with a day-precision mention of the day
    later_articles: int  # … of them published after the day
    earlier_articles: int  # … published before it (announcements, schedules)
    published_on: int  # articles published on the day (mentioning anything)
    month_articles: int  # distinct articles naming the day's month as a whole
    density: float  # kernel-weighted publications around the day (DENSITY_*)
    outside: float  # days outside the publication window / its length (0 inside)

    def features(self) -> dict[str, float]:
        """The model's inputs, by the names of :data:`FEATURES`."""
        return {
            "articles": math.log1p(self.articles),
            "later_articles": math.log1p(self.later_articles),
            "month_articles": math.log1p(self.month_articles),
            "publication_density": math.log1p(self.density / DENSITY_UNIT),
            "outside_publication": math.log1p(self.outside),
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """Every candidate day's evidence, and the corpus facts the default size needs."""

    days: dict[int, DayEvidence]
    articles: int  # distinct articles among the rows
    publication_days: int  # distinct publication dates among those articles
    window: tuple[int, int] | None  # first and last publication day, if any is dated
    published: Mapping[object, int | None] = field(default_factory=dict)  # article → its day
    per_day: Mapping[int, int] = field(default_factory=dict)  # day → articles published on it


def is_day_mention(row: Mapping) -> bool:
    """A mention that names exactly one day (not a month, a range or an open bound); "late on
    Tuesday" still names Tuesday."""
    lower = row.get("lower")
    return (
        lower is not None
        and lower == row.get("upper")
        and row.get("granularity") in DAY_GRANULARITIES
        and not row.get("open")  # its bound is stored as one day, but it names none
    )


def is_month_mention(row: Mapping) -> bool:
    """A mention of a whole calendar month ("in April", "April 2009"), not a part of one."""
    return (
        row.get("granularity") == "month"
        and not row.get("mod")
        and not row.get("open")
        and row.get("lower") is not None
    )


def publication_day(text: object) -> int | None:
    """A row's ``published`` as a day number; None when absent or not a plain day."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return parse_iso_day(text[:10] if len(text) > 10 and text[10] == "T" else text)
    except CalendarError:
        return None


def month_start(day: int) -> int:
    year, month, _ = to_ymd(day)
    return day_number(year, month, 1)


def gather(rows: Iterable[Mapping]) -> Evidence:
    """Count, for every day that some mention names exactly, the distinct articles behind it."""
    published: dict[object, int | None] = {}
    mentioning: dict[int, set] = defaultdict(set)
    month_naming: dict[int, set] = defaultdict(set)
    for row in rows:
        article = row["article_id"]
        if article not in published:
            published[article] = publication_day(row.get("published"))
        if is_day_mention(row):
            mentioning[row["lower"]].add(article)
        elif is_month_mention(row):
            month_naming[row["lower"]].add(article)

    per_day: dict[int, int] = defaultdict(int)
    for day in published.values():
        if day is not None:
            per_day[day] += 1
    window = (min(per_day), max(per_day)) if per_day else None
    days = {
        day: period_evidence(
            day, day, articles, published, per_day, window, month_naming.get(month_start(day), ())
        )
        for day, articles in mentioning.items()
    }
    return Evidence(
        days=days,
        articles=len(published),
        publication_days=len(per_day),
        window=window,
        published=published,
        per_day=dict(per_day),
    )


_KERNEL = [math.exp(-abs(i) / DENSITY_SCALE) for i in range(-DENSITY_REACH, DENSITY_REACH + 1)]


def period_evidence(
    first: int,
    last: int,
    articles: set,
    published: Mapping[object, int | None],
    per_day: Mapping[int, int],
    window: tuple[int, int] | None,
    month_naming: Iterable = (),
) -> DayEvidence:
    """The evidence for the days ``first``..``last`` (one day, or a month: then counted
    from its end for "later" and from its middle for the density and the distance)."""
    later = earlier = 0
    for article in articles:
        when = published[article]
        if when is not None and when > last:
            later += 1
        elif when is not None and when < first:
            earlier += 1
    middle = (first + last) // 2
    density = sum(
        per_day.get(middle + offset, 0) * weight
        for offset, weight in zip(range(-DENSITY_REACH, DENSITY_REACH + 1), _KERNEL, strict=True)
    )
    outside = 0.0
    if window is not None:
        start, end = window
        outside = max(0, start - middle, middle - end) / (end - start + 1)
    return DayEvidence(
        day=first,
        articles=len(articles),
        later_articles=later,
        earlier_articles=earlier,
        published_on=per_day.get(first, 0) if first == last else 0,
        month_articles=len(set(month_naming)),
        density=density,
        outside=outside,
    )
