"""Where relative expressions get their reference point.

News resolves everything against the publication date; narrative text against the last
absolute date mentioned before the expression. The resolver only sees the
:class:`AnchorProvider` protocol, so other strategies (a chapter's date, an event's date)
can be added without touching it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from timeline.calendar import iso

# granularities at which an anchor can place a unit ("the next day" needs a day anchor)
_FINENESS = {
    "time": 0,
    "day": 0,
    "week": 1,
    "month": 2,
    "season": 3,
    "quarter": 3,
    "half": 4,
    "year": 5,
    "decade": 6,
    "century": 7,
    "turn": 5,  # the century boundary nearest the anchor's year: needs that year
    "millennium": 8,
}


@dataclass(frozen=True, slots=True)
class Anchor:
    """A reference point: a day and how precisely it is known."""

    day: int
    granularity: str = "day"

    @property
    def iso(self) -> str:
        return iso(self.day)

    def knows(self, granularity: str) -> bool:
        """Whether the anchor is precise enough to count in units of ``granularity``."""
        return _FINENESS.get(self.granularity, 0) <= _FINENESS.get(granularity, 0)


class AnchorProvider(Protocol):
    def anchor_for(self, position: int) -> Anchor | None:
        """The anchor for an expression starting at character ``position``."""
        ...

    def note(self, position: int, anchor: Anchor) -> None:
        """Told, in text order, about each absolute expression that was resolved."""
        ...


class FixedAnchor:
    """News: every expression is resolved against the document creation time."""

    def __init__(self, anchor: Anchor | None):
        self.anchor = anchor

    def anchor_for(self, position: int) -> Anchor | None:
        return self.anchor

    def note(self, position: int, anchor: Anchor) -> None:
        return None


class NarrativeAnchor:
    """Narrative: the last absolute date mentioned before the expression (else the DCT)."""

    def __init__(self, fallback: Anchor | None):
        self.fallback = fallback
        self.last: Anchor | None = None

    def anchor_for(self, position: int) -> Anchor | None:
        return self.last or self.fallback

    def note(self, position: int, anchor: Anchor) -> None:
        self.last = anchor
