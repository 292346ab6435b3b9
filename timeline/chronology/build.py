"""A chronology: the K dates that matter most, in order, each with the sentences that say
what happened and where each sentence comes from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from timeline.calendar import iso
from timeline.chronology.evidence import DayEvidence, gather, is_day_mention
from timeline.chronology.model import Model, default_model, probability
from timeline.chronology.rank import default_dates, rank_days
from timeline.chronology.sentences import Weights, choose_sentences
from timeline.errors import BadInput


@dataclass(frozen=True, slots=True)
class Citation:
    """A sentence and where it comes from."""

    text: str
    article_id: object
    source: str | None
    title: str | None
    published: str | None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    date: str  # ISO: YYYY-MM-DD (only day-precision dates are ranked)
    day: int  # the day number (timeline.calendar)
    precision: str  # "day"
    rank: int  # 1 = the most important date
    score: float  # the model's probability-like score, 0..1; ranks follow it
    articles: int  # distinct articles that mention the date
    sentences: tuple[Citation, ...]
    evidence: DayEvidence  # the counts behind the score


@dataclass(frozen=True, slots=True)
class Chronology:
    entries: tuple[Entry, ...]  # in chronological order
    dates: int  # how many dates it has
    chosen_by_default: bool  # the number came from the default rule, not the caller
    reason: str  # why this many dates, for the output
    candidates: int  # days that some mention names exactly
    articles: int  # distinct articles in the input


def build_chronology(
    rows: Iterable[Mapping],
    *,
    dates: int | None = None,
    per_date: int = 1,
    model: Model | None = None,
) -> Chronology:
    """The ``dates`` most important days of the mentions in ``rows`` (default: the model's
    rule for the corpus's size), each with 1 to ``per_date`` sentences.

    ``rows`` are mention rows as plain dicts (see :func:`timeline.chronology.mention_rows`);
    a row's optional ``event_id`` marks mentions reporting the same happening, of which a
    date shows one sentence. Pure: no database, no I/O.
    """
    if dates is not None and dates < 1:
        raise BadInput(f"--dates must be at least 1, not {dates}")
    if per_date < 1:
        raise BadInput(f"--per-date must be at least 1, not {per_date}")
    model = model or default_model()
    rows = list(rows)
    evidence = gather(rows)
    if dates is None:
        k, reason = default_dates(evidence, model)
    else:
        k = min(dates, len(evidence.days))
        reason = f"{dates} asked"
        if k < dates:
            reason += f"; only {k} dates are mentioned"
    ranked = rank_days(evidence, model, limit=k)

    chosen = {r.day for r in ranked}
    mentions: dict[int, list[Mapping]] = defaultdict(list)
    for row in rows:
        if row["lower"] in chosen and is_day_mention(row):
            mentions[row["lower"]].append(row)
    weights = Weights({row["sentence"] for row in rows})
    entries = []
    for rank, r in enumerate(ranked, start=1):
        picked = choose_sentences(mentions[r.day], r.day, weights, per_date)
        entries.append(
            Entry(
                date=iso(r.day),
                day=r.day,
                precision="day",
                rank=rank,
                score=probability(r.log_odds),
                articles=r.evidence.articles,
                sentences=tuple(_citation(row) for row in picked),
                evidence=r.evidence,
            )
        )
    entries.sort(key=lambda e: e.day)
    return Chronology(
        entries=tuple(entries),
        dates=len(entries),
        chosen_by_default=dates is None,
        reason=reason,
        candidates=len(evidence.days),
        articles=evidence.articles,
    )


def _citation(row: Mapping) -> Citation:
    return Citation(
        text=" ".join(row["sentence"].split()),
        article_id=row["article_id"],
        source=row.get("source"),
        title=row.get("title"),
        published=row.get("published"),
        url=row.get("url"),
    )


def to_json_entries(chronology: Chronology) -> list[dict]:
    """The entries as JSON-ready dicts, in chronological order: ``date``, ``rank``, ``score``
    (rounded to 4 decimals), ``sentences`` (text, article_id, source, title, published) and
    ``articles`` (how many distinct articles mention the date)."""
    return [
        {
            "date": e.date,
            "rank": e.rank,
            "score": round(e.score, 4),
            "sentences": [
                {
                    "text": s.text,
                    "article_id": s.article_id,
                    "source": s.source,
                    "title": s.title,
                    "published": s.published,
                }
                for s in e.sentences
            ],
            "articles": e.articles,
        }
        for e in chronology.entries
    ]
