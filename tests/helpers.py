"""Small builders shared by tests of several rooms (importable as ``helpers``: pytest puts
this folder on the path for its conftest.py)."""

from __future__ import annotations

from typing import Any

from timeline.calendar import iso
from timeline.records import ArticleRecord


def article_record(
    body: str, published: str | None = "2020-07-21", position: int = 1
) -> ArticleRecord:
    """An article as a reader would give it: source S, title t, from "mem"."""
    return ArticleRecord(
        text=body,
        title="t",
        source="S",
        author=None,
        url=None,
        published=published,
        published_origin="given" if published else "unknown",
        language="en",
        doc_type=None,
        origin_path="mem",
        position=position,
    )


# documents to score (timeline.evaluate) -------------------------------------------------


def tx(text: str, piece: str, type_: str, value: str) -> dict[str, Any]:
    """A timex dict for the first occurrence of ``piece`` in ``text``."""
    start = text.index(piece)
    return {
        "start": start,
        "end": start + len(piece),
        "text": piece,
        "type": type_,
        "value": value,
        "mod": None,
    }


def span(start: int, end: int, type_: str = "DATE", value: str = "X") -> dict[str, Any]:
    return {"start": start, "end": end, "type": type_, "value": value}


TEXT = "He left on Monday morning and came back the next week in 1998."
GOLD = {
    "doc_id": "d1",
    "dct": "1998-01-08",
    "text": TEXT,
    "timexes": [
        tx(TEXT, "Monday morning", "TIME", "1998-01-05TMO"),
        tx(TEXT, "the next week", "DATE", "1998-W03"),
        tx(TEXT, "1998", "DATE", "1998"),
    ],
}
SYSTEM = {
    **GOLD,
    "timexes": [
        tx(TEXT, "Monday", "DATE", "1998-01-05"),  # relaxed only; type and value wrong
        tx(TEXT, "next week", "DATE", "1998-W03"),  # relaxed only; type and value right
        tx(TEXT, "1998", "DATE", "1998"),  # strict
        tx(TEXT, "came", "DURATION", "PXD"),  # spurious
    ],
}


# event rows, as the query layer gives them (timeline.present) --------------------------------


def event_row(id: int, lower: int, upper: int | None = None, **fields: Any) -> dict:
    """An event row as :func:`timeline.db.queries.query_mentions` returns it; ``fields``
    override the defaults (a day, source Reuters, article 1)."""
    upper = lower if upper is None else upper
    return {
        "id": id,
        "start": iso(lower),
        "end": iso(upper),
        "lower": lower,
        "upper": upper,
        "value": fields.pop("value", None) or iso(lower),
        "mod": fields.pop("mod", None),
        "granularity": fields.pop("granularity", "day"),
        "expression": fields.pop("expression", "that day"),
        "sentence": fields.pop("sentence", "Something happened."),
        "article_id": fields.pop("article_id", 1),
        "title": fields.pop("title", "An article"),
        "source": fields.pop("source", "Reuters"),
        "published": fields.pop("published", "2020-07-22"),
        "url": fields.pop("url", None),
        **fields,
    }
