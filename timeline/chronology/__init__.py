"""Chronologies: the dates that matter in a corpus, each said once, with its sources.

Between the database (``db/``) and the outputs (``present/``): :func:`build_chronology` is
pure and takes mention rows as plain dicts; :func:`mention_rows` is the one place that reads
them from a database, and :func:`chronology_from_db` does both (what ``timeline chronology``
calls). How a date's importance is measured: ``evidence.py`` (the features), ``model.toml``
(their weights, fitted by ``bench/t17.py --fit``), ``rank.py`` (ranking, the default number of
dates); how its sentences are chosen: ``sentences.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.chronology.build import (
    Chronology,
    Citation,
    Entry,
    build_chronology,
    to_json_entries,
)
from timeline.chronology.evidence import FEATURES
from timeline.chronology.model import Model, default_model

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from timeline.records import EventQuery

__all__ = [
    "FEATURES",
    "Chronology",
    "Citation",
    "Entry",
    "Model",
    "build_chronology",
    "chronology_from_db",
    "default_model",
    "mention_rows",
    "to_json_entries",
]


def mention_rows(engine: Engine, query: EventQuery) -> list[dict]:
    """The mention rows the filters select, as plain dicts (the one read from the database).

    Each row: ``article_id, published, lower, upper, granularity, mod, sentence, source,
    title, url`` and, once mentions are merged into events, ``event_id``.
    """
    from timeline.db.queries import query_mentions  # the database only when reading from one

    return query_mentions(engine, query)


def chronology_from_db(
    engine: Engine, query: EventQuery, *, dates: int | None = None, per_date: int = 1
) -> Chronology:
    """The chronology of the mentions the filters select (``timeline chronology``)."""
    return build_chronology(mention_rows(engine, query), dates=dates, per_date=per_date)
