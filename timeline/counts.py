"""A number said with its noun ("1 event", "21 events"): one place for the summaries' plurals."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, the noun in the plural (``plural``, else with an s) unless n is 1."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
