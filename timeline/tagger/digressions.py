"""Dates a story mentions in passing, which should not move its anchor.

A history runs along its own years; now and then it names a date outside them: a book
"(2003)", "documents found in 2004", "the largest cavalry battle since 1813", "the
Estates-General had last met in 1614", a law "(1790)". Read as the last date told of,
such a date would carry the following "on 6 September" or "the next month" off to 1813.

:func:`passing_dates` finds them before phase 2 runs, from the absolute dates of the text
(their values are known after phase 1), with three general signs:

- **an excursion the story returns from**: a run of at most ``MAX_RUN`` absolute dates,
  each more than ``FAR_YEARS`` years from the story's year, followed by a date within
  ``FAR_YEARS`` of it again (the story had not moved: it had looked away);
- **a far year in mid-sentence**: a bare year more than ``FAR_YEARS`` from the story's,
  inside a sentence rather than opening it ("documents found in 2004 proved ...", "the
  largest battle since 1813"), while the story is at a month or a day: a sentence that
  moves a story to another time says so first ("In 1870, ...");
- **a year in brackets** two years or more from the story's, as a label of what it
  follows ("the Civil Constitution of the Clergy (1790)" in a story of 1793): ``(1790)``
  alone, no day or month (a heading's "Battle of Kursk (1943)" in a story of 1942 moves
  it on).

The story's year starts at the first absolute date and follows every date that is not in
passing. Only narratives use this (:class:`timeline.tagger.anchoring.NarrativeAnchoring`);
news is anchored on its publication date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from timeline.calendar import CalendarError, written_ymd
from timeline.tagger.bounds import OPEN_SIDE, value_bounds
from timeline.tagger.candidates import Piece
from timeline.tagger.values import REF, RELATIVE

# a date further than this from the story's years is an excursion if the story comes back
FAR_YEARS = 10
# at most this many absolute dates in a row make an excursion (more: the story moved on)
MAX_RUN = 3
_BRACKETED_YEAR = re.compile(r"\(\s*\Z")
_CLOSING = re.compile(r"\s*\)")
_BARE_YEAR = re.compile(r"-?\d{4}")
# a year in brackets this far from the story's labels what it follows
LABEL_YEARS = 2
# a date opens its sentence when at most this many words come before it ("In", "By early")
_OPENING_WORDS = 2
_SENTENCE_END = re.compile(r"[.!?:;\n]")


def _years(piece: Piece) -> tuple[int, int] | None:
    """The first and last year of an absolute date (None: relative, or not a date)."""
    if piece.type not in ("DATE", "TIME") or piece.mod in OPEN_SIDE:
        return None
    if REF.match(piece.value) or RELATIVE.match(piece.value):
        return None
    try:
        found = value_bounds(piece.value)
    except (CalendarError, ValueError, OverflowError):
        return None
    if found is None:
        return None
    return written_ymd(found[0])[0], written_ymd(found[1])[0]


def _distance(years: tuple[int, int], story: tuple[int, int]) -> int:
    """Years between two spans of years (0 when they overlap)."""
    return max(years[0] - story[1], story[0] - years[1], 0)


def _bracketed(text: str, piece: Piece) -> bool:
    """A bare year alone in brackets: "(1790)"."""
    return (
        _BRACKETED_YEAR.search(text, max(0, piece.start - 3), piece.start) is not None
        and _CLOSING.match(text, piece.end) is not None
        and _BARE_YEAR.fullmatch(piece.value) is not None
    )


def _mid_sentence(text: str, piece: Piece) -> bool:
    """Whether more than a word or two of its sentence come before the expression."""
    window = text[max(0, piece.start - 120) : piece.start]
    ends = list(_SENTENCE_END.finditer(window))
    lead = window[ends[-1].end() :] if ends else window
    return len(lead.split()) > _OPENING_WORDS


def passing_dates(text: str, pieces: Sequence[Piece]) -> frozenset[int]:
    """The indices of the pieces that name a date in passing (see the module docstring)."""
    dated = [(i, years) for i, p in enumerate(pieces) if (years := _years(p)) is not None]
    passing: set[int] = set()
    story: tuple[int, int] | None = None
    precise = False  # whether the story's last date was a month or finer
    k = 0
    while k < len(dated):
        i, years = dated[k]
        if i in passing:
            k += 1
            continue
        piece = pieces[i]
        if story is not None and _distance(years, story) >= LABEL_YEARS and _bracketed(text, piece):
            passing.add(i)
            k += 1
            continue
        far = story is not None and _distance(years, story) > FAR_YEARS
        if far and precise and _BARE_YEAR.fullmatch(piece.value) and _mid_sentence(text, piece):
            passing.add(i)
            k += 1
            continue
        if story is not None and far:
            # a run of far dates that the story comes back from within MAX_RUN dates
            back = next(
                (
                    n
                    for n, (_, later) in enumerate(dated[k + 1 : k + MAX_RUN + 1], start=1)
                    if _distance(later, story) <= FAR_YEARS
                ),
                None,
            )
            if back is not None:
                passing.update(j for j, _ in dated[k : k + back])
                k += back
                continue
        story = years
        precise = not _BARE_YEAR.fullmatch(piece.value) and len(piece.value) >= 7
        k += 1
    return frozenset(passing)
