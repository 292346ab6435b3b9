"""A chronology: the K dates that matter most, in order, each with the sentences that say
what happened and where each sentence comes from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from timeline.calendar import iso
from timeline.chronology.evidence import DayEvidence, gather, is_day_mention
from timeline.chronology.model import Model, default_model, probability
from timeline.chronology.periods import RankedMonth, month_events
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
    # the other articles that report the same happening (the sentence's event), each once
    also: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    date: str  # ISO: YYYY-MM-DD, or YYYY-MM for a month
    day: int  # the day number (timeline.calendar): the month's first for a month
    precision: str  # "day" or "month"
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
    doubtful: int = 0  # mentions left out: dated from a publication date their text contradicts


def build_chronology(
    rows: Iterable[Mapping],
    *,
    dates: int | None = None,
    per_date: int = 1,
    model: Model | None = None,
    months: bool = True,
) -> Chronology:
    """The ``dates`` most important days of the mentions in ``rows`` (default: the model's
    rule for the corpus's size), each with 1 to ``per_date`` sentences.

    ``rows`` are mention rows as plain dicts (see :func:`timeline.chronology.mention_rows`);
    a row's optional ``event_id`` marks mentions reporting the same happening, of which a
    date shows one sentence; a row whose ``anchor_doubtful`` is true is left out (counted in
    ``doubtful``). With ``months``, a happening several articles date only to a
    month competes with the days (:mod:`timeline.chronology.periods`); without, only days are
    ranked (the Timeline17 measure counts days). Pure: no database, no I/O.
    """
    if dates is not None and dates < 1:
        raise BadInput(f"--dates must be at least 1, not {dates}")
    if per_date < 1:
        raise BadInput(f"--per-date must be at least 1, not {per_date}")
    model = model or default_model()
    every = list(rows)
    # a date counted from a publication date the text contradicts (a scraped header years
    # after the article) is no evidence of anything: it would put "July 21" in the wrong year
    rows = [row for row in every if not row.get("anchor_doubtful")]
    evidence = gather(rows)
    monthly = month_events(rows, evidence, model) if months else []
    candidates = len(evidence.days) + len(monthly)
    if dates is None:
        k, reason = default_dates(evidence, model, extra=len(monthly))
    else:
        k = min(dates, candidates)
        reason = f"{dates} asked"
        if k < dates:
            reason += f"; only {k} dates are mentioned"
    ranked = rank_days(evidence, model, limit=k)
    # the months that score above the days they would displace take those days' places
    chosen_months: list[RankedMonth] = []
    for month in monthly:
        if len(ranked) + len(chosen_months) < k:
            chosen_months.append(month)
        elif ranked and month.log_odds > ranked[-1].log_odds:
            ranked.pop()
            chosen_months.append(month)

    chosen = {r.day for r in ranked}
    mentions: dict[int, list[Mapping]] = defaultdict(list)
    for row in rows:
        if row["lower"] in chosen and is_day_mention(row):
            mentions[row["lower"]].append(row)
    weights = Weights({row["sentence"] for row in rows})
    reports = _reports_by_event(rows)
    scored: list[tuple[float, Entry]] = []
    for r in ranked:
        picked = choose_sentences(mentions[r.day], r.day, weights, per_date)
        entry = _entry(iso(r.day), r.day, "day", r.log_odds, r.evidence, picked, reports)
        scored.append((r.log_odds, entry))
    for m in chosen_months:
        picked = choose_sentences(list(m.rows), m.first, weights, per_date)
        label = iso(m.first)[:-3]  # YYYY-MM: the month, as precise as the reports are
        entry = _entry(label, m.first, "month", m.log_odds, m.evidence, picked, reports)
        scored.append((m.log_odds, entry))
    scored.sort(key=lambda pair: (-pair[0], pair[1].day))
    entries = [replace(entry, rank=rank) for rank, (_, entry) in enumerate(scored, start=1)]
    entries.sort(key=lambda e: e.day)
    return Chronology(
        entries=tuple(entries),
        dates=len(entries),
        chosen_by_default=dates is None,
        reason=reason,
        candidates=candidates,
        articles=evidence.articles,
        doubtful=len(every) - len(rows),
    )


def _reports_by_event(rows: Iterable[Mapping]) -> dict[object, dict[object, Mapping]]:
    """Each event's reports: the first mention of each article, by event id."""
    reports: dict[object, dict[object, Mapping]] = defaultdict(dict)
    for row in rows:
        if row.get("event_id") is not None:
            reports[row["event_id"]].setdefault(row["article_id"], row)
    return reports


def _entry(
    date: str,
    day: int,
    precision: str,
    log_odds: float,
    evidence: DayEvidence,
    picked: Iterable[Mapping],
    reports: Mapping[object, Mapping[object, Mapping]],
) -> Entry:
    return Entry(
        date=date,
        day=day,
        precision=precision,
        rank=0,  # set once days and months are ranked together
        score=probability(log_odds),
        articles=evidence.articles,
        sentences=tuple(_reported(row, reports) for row in picked),
        evidence=evidence,
    )


def _reported(row: Mapping, reports: Mapping[object, Mapping[object, Mapping]]) -> Citation:
    """The citation of ``row``, with the other articles that report its event."""
    others = reports.get(row.get("event_id"), {})
    also = tuple(_citation(r) for article, r in others.items() if article != row["article_id"])
    return replace(_citation(row), also=also)


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
