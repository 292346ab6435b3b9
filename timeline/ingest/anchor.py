"""Settling an article's anchor before and after it is analyzed: its publication date (given,
found in the text, checked against the text, on request inferred) and its document type.

Before analysis (:func:`settle`), an article without a date takes one its head states (a
dateline or a page stamp: origin ``dateline``) or, only when asked, the one its text implies
(``inferred``); an article whose type nobody gave is news when it has a date, and without one
news too unless its text is clearly a narrative
(:func:`timeline.ingest.published.classify_doc_type`).
After analysis (:func:`check`), a date the text contradicts (a scraped 2024 header over a 2020
article) is marked doubtful, from the expressions already resolved: no second tagging.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from timeline.ingest.published import classify_doc_type, doubts, find_dateline, infer_published
from timeline.records import ArticleRecord, DocType, PublishedOrigin
from timeline.tagger.timex import TagResult


@dataclass(frozen=True, slots=True)
class Anchor:
    """An article's publication date as settled, and its document type."""

    published: str | None
    origin: PublishedOrigin
    confidence: float | None
    evidence: tuple[str, ...] = ()
    doubt: str | None = None  # why the text contradicts the date
    doc_type: DocType = "news"
    doc_type_reason: str | None = None  # why, when chosen here without a date

    def apply(self, record: ArticleRecord) -> ArticleRecord:
        """The record with this anchor (the text is shared, not copied)."""
        return replace(
            record,
            published=self.published,
            published_origin=self.origin,
            published_confidence=self.confidence,
            published_evidence=self.evidence,
            published_doubt=self.doubt,
            doc_type=self.doc_type,
        )


def settle(record: ArticleRecord, *, infer: bool = False) -> Anchor:
    """The anchor to analyze ``record`` against (see the module docstring)."""
    published, origin = record.published, record.published_origin
    confidence, evidence = record.confidence, record.published_evidence
    if published is None:
        found = find_dateline(record.text, record.language)
        if found is None and infer:
            found = infer_published(record.text, record.language)
        if found is not None:
            published, origin = found.date, found.origin  # type: ignore[assignment]
            confidence, evidence = found.confidence, found.evidence
    doc_type, why = record.doc_type, None
    if doc_type is None:
        if published is not None:
            doc_type = "news"
        else:
            doc_type, why = classify_doc_type(record.text, record.language)  # type: ignore[assignment]
    return Anchor(published, origin, confidence, evidence, None, doc_type, why)  # type: ignore[arg-type]


def check(anchor: Anchor, text: str, result: TagResult, language: str = "en") -> Anchor:
    """The anchor, marked doubtful when the text contradicts its date. A date the user gave is
    taken as given; ``result`` is the text's analysis against that date."""
    if anchor.published is None or anchor.origin == "given":
        return anchor
    reason = doubts(anchor.published, text, language, result=result)
    return replace(anchor, doubt=reason) if reason else anchor


def infer_instead(anchor: Anchor, text: str, language: str = "en") -> Anchor | None:
    """For a doubtful date when inference was asked for: the inferred date, if the text gives
    one it does not contradict."""
    found = infer_published(text, language)
    if found is None or found.date == anchor.published:
        return None
    return replace(
        anchor,
        published=found.date,
        origin=found.origin,  # type: ignore[arg-type]
        confidence=found.confidence,
        evidence=(
            f"replaces {anchor.published} ({anchor.origin}): {anchor.doubt}",
            *found.evidence,
        ),
        doubt=None,
    )
