"""Publication dates proposed for stored articles: from each text, then from its source.

`timeline articles infer-dates` and `timeline ingest --infer-published` ask the same thing
of the articles a database holds without a date (or with a doubtful one): what date does
the text support (:func:`timeline.ingest.published.infer_published`)? A wire dateline
without its year ("GENEVA, May 26 (Reuters) -") in a text that states none is then asked
again with the dates of the other articles of its source: those stored with a date no text
contradicts, and those this run proposes from their text. Nothing is written here;
:func:`apply` sets one proposal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from timeline.db.queries import articles_to_date, dates_by_source
from timeline.db.writes import Written, infer_article_date
from timeline.ingest.published import DateFinding, infer_from
from timeline.stamps.dated import DatedText


@dataclass(frozen=True, slots=True)
class Proposal:
    """An article asked for its date (as :func:`articles_to_date` reads it) and the answer."""

    article: dict
    finding: DateFinding | None

    @property
    def changes(self) -> bool:
        """Whether applying it would change the article's date."""
        return self.finding is not None and self.finding.date != self.article["published"]


def propose_dates(
    engine: Engine, ids: Sequence[int] = (), *, undated_after: int | None = None
) -> list[Proposal]:
    """A proposal for each article :func:`articles_to_date` selects (``ids``, else those
    without a date or with a doubtful one; ``undated_after``: those an ingest just stored)."""
    articles = articles_to_date(engine, ids, undated_after=undated_after)
    readings = [DatedText(a["text"], a["language"]) for a in articles]  # each tagged once
    findings = [infer_from(reading) for reading in readings]
    around = dates_by_source(engine, {a["source"] for a in articles if a["source"]})
    for article, found in zip(articles, findings, strict=True):
        if found is not None and article["source"]:
            around.setdefault(article["source"].lower(), []).append(found.date)
    proposals = []
    for article, reading, found in zip(articles, readings, findings, strict=True):
        source = (article["source"] or "").lower()
        if found is None and around.get(source):
            dates = list(around[source])
            own = article["published"] if article["published_doubt"] is None else None
            if own in dates:  # a dated article asked by its id: not its own evidence
                dates.remove(own)
            found = infer_from(reading, around=dates)
        proposals.append(Proposal(article, found))
    return proposals


def apply(engine: Engine, proposal: Proposal) -> Written:
    """Give the article its proposed date (origin ``inferred``), resolved again."""
    found = proposal.finding
    if found is None:
        raise ValueError("nothing to apply: the proposal has no date")
    return infer_article_date(
        engine, proposal.article["id"], found.date, found.confidence, found.evidence
    )
