"""Where relative expressions get their reference point: the anchoring policy.

The engine resolves the expressions of a text in order. For each it asks the document
type's policy which anchor the expression gets (:meth:`Anchoring.anchor_for`), resolves
it, and tells the policy how it resolved (:meth:`Anchoring.resolved`), which may move the
anchor for what follows. Whether the tense of the sentence places a date is the policy's
choice too (:attr:`Anchoring.uses_tense`).

- :class:`NewsAnchoring`: everything is counted from the publication date (DCT), placed by
  its tense; only anaphora (``anchor = "mentioned"``: "the following year", "that day")
  count from the last date mentioned.
- :class:`NarrativeAnchoring`: a story moves on. Everything is counted from the last date
  the text told of (the DCT before any), tense is not used ("in November" after "June
  1944" is November 1944), and a date of a year without its own ("in July") falls in the
  anchor's year. A date named in passing ("documents found in 2004", a book "(2003)":
  :mod:`timeline.tagger.digressions`) or looked back to ("the previous year", "two years
  earlier") is resolved but does not move the anchor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from timeline.calendar import CalendarError, written_day_number, written_ymd
from timeline.records import DOC_TYPES
from timeline.tagger.bounds import value_bounds
from timeline.tagger.candidates import Piece
from timeline.tagger.digressions import passing_dates
from timeline.tagger.resolver import Anchor, Resolution, anchor_of

# mods after which a date no longer says when the story is ("before 1200")
_OPEN_MODS = frozenset({"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"})
# counted backwards from the anchor: "the previous year", "two years earlier", "the
# preceding winter"; a story looks back and goes on from where it was
_LOOKS_BACK = re.compile(r"^(?:REF\.\w+\[-|PREV\.)")
# a month, day of a month, quarter, half or season without its year (not a weekday)
_YEARLESS_DATE = re.compile(r"^TENSE\.XXXX-(?!W|XX)")
_MONTH_OF = re.compile(r"^TENSE\.XXXX-(\d\d)")
# how far before the story's month a month without its year may lie and still be that
# year's (a look back); further back, it is the next year's
_LOOK_BACK_MONTHS = 6


class Anchoring(Protocol):
    """How a document type anchors its expressions (one instance per text)."""

    @property
    def uses_tense(self) -> bool:
        """Whether the tense of its sentence places a date ("Sunday": past or coming)."""
        ...

    def anchor_for(self, piece: Piece) -> Anchor | None:
        """The anchor of an expression, in text order (None: nothing to count from)."""
        ...

    def fit(self, anchor: Anchor | None, piece: Piece) -> Anchor | None:
        """The anchor as ``piece`` counts from it (also for the end of a range counted from
        its start)."""
        ...

    def resolved(self, piece: Piece, result: Resolution) -> None:
        """Told, in text order, how each expression resolved."""
        ...

    @property
    def no_anchor(self) -> str:
        """Why an expression that needs an anchor stayed unresolved without one."""
        ...


def _anchor_day(piece: Piece, result: Resolution) -> int | None:
    """The day a resolved date leaves the text at: the start of its own period (not of its
    widened or narrowed bounds: "c. 1850" leaves it in 1850); None if it leaves none."""
    if (
        piece.type not in ("DATE", "TIME")
        or piece.mod in _OPEN_MODS
        or not result.resolved
        or result.granularity is None
        or result.lower is None
    ):
        return None
    try:
        found = value_bounds(result.value)
    except (CalendarError, ValueError, OverflowError):
        return None
    return found[0] if found is not None else result.lower


class NewsAnchoring:
    """News: the publication date, tense-aware; anaphora count from the last date
    mentioned ("On May 22, 1995 ... the following year": 1996)."""

    uses_tense = True
    no_anchor = "needs the publication date"

    def __init__(self, dct: Anchor | None):
        self.dct = dct
        self.mentioned: Anchor | None = None  # the last date resolved so far

    def anchor_for(self, piece: Piece) -> Anchor | None:
        if piece.rule.anchor == "mentioned" and self.mentioned is not None:
            return self.mentioned
        return self.dct

    def fit(self, anchor: Anchor | None, piece: Piece) -> Anchor | None:
        return anchor

    def resolved(self, piece: Piece, result: Resolution) -> None:
        day = _anchor_day(piece, result)
        if day is not None and result.granularity is not None:
            self.mentioned = anchor_of(day, result.granularity)


class NarrativeAnchoring:
    """A story: the last date it told of (the DCT before any), without tense."""

    uses_tense = False
    no_anchor = "needs a date told earlier in the text (or the publication date)"

    def __init__(self, fallback: Anchor | None, passing: frozenset[int] = frozenset()):
        self.fallback = fallback
        self.last: Anchor | None = None
        self.passing = passing  # indices of the pieces that name a date in passing
        self.seen = 0  # pieces told so far (the next one's index)

    def anchor_for(self, piece: Piece) -> Anchor | None:
        return self.last or self.fallback

    def fit(self, anchor: Anchor | None, piece: Piece) -> Anchor | None:
        if anchor is not None and _YEARLESS_DATE.match(piece.value) and anchor.knows("year"):
            # "in November" after "June 1944": 1944's; but a month more than half a year
            # before the story's ("14 January" after "December 1916") is the next year's:
            # the story has moved on
            month = _MONTH_OF.match(piece.value)
            y, m, _ = written_ymd(anchor.day)
            if month and anchor.knows("month") and m - int(month.group(1)) > _LOOK_BACK_MONTHS:
                try:
                    return Anchor(written_day_number(y + 1, 1, 1), "year")
                except CalendarError:
                    pass  # no next year in the calendar
            return Anchor(anchor.day, "year")
        return anchor

    def resolved(self, piece: Piece, result: Resolution) -> None:
        index, self.seen = self.seen, self.seen + 1
        if index in self.passing or _LOOKS_BACK.match(piece.value):
            return  # named in passing, or a look back ("the previous year", "a year earlier")
        day = _anchor_day(piece, result)
        if day is None or result.granularity is None or self._keeps(result):
            return
        self.last = anchor_of(day, result.granularity)

    def _keeps(self, result: Resolution) -> bool:
        """Whether a coarser date that contains the story's finer anchor leaves it in place:
        after "12 March 1943 ... by the end of the decade", "the next day" is 13 March."""
        last = self.last
        if last is None or result.granularity is None or last.knows(result.granularity) is False:
            return False
        if Anchor(0, result.granularity).knows(last.granularity):
            return False  # not coarser
        try:
            found = value_bounds(result.value)
        except (CalendarError, ValueError, OverflowError):
            return False
        return found is not None and found[0] <= last.day <= found[1]


def anchoring_for(
    doc_type: str, dct: Anchor | None, text: str = "", pieces: Sequence[Piece] = ()
) -> Anchoring:
    """The policy of a document type (``news`` or ``narrative``) for the pieces of a text,
    which the policy is then told of in text order."""
    if doc_type == "news":
        return NewsAnchoring(dct)
    if doc_type == "narrative":
        return NarrativeAnchoring(dct, passing_dates(text, pieces))
    raise ValueError(f"doc_type must be one of {DOC_TYPES}, not {doc_type!r}")
