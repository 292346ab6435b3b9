"""The grammar of values: TIMEX3 values and the underspecified forms that phase 1 produces.

Phase 1 (rules) writes a value that may still need an anchor; phase 2 (the resolver)
turns it into a TIMEX3 value. The underspecified forms (documented in
``timeline/resources/README.md``):

- ``REF.<unit>[<offset>]<suffix>`` — the anchor's day/week/month/quarter/half/season/year/
  decade/century, shifted by ``offset`` units, with an optional TIMEX3 suffix
  (``REF.day[-1]`` yesterday, ``REF.year[-1]-Q3`` last year's third quarter,
  ``REF.dayTMO`` this morning). An offset may name its own unit (``Y``, ``M``, ``W``,
  ``D``): the anchor's day is moved by it first, then the unit taken: ``REF.day[-1W]`` is
  the day a week before the anchor (the point "more than a week ago" is open from),
  ``REF.week[-20Y]`` the week twenty years before ("20 years ago this week").
- ``TENSE.<partial>`` — a partial date (``XXXX-07-21``, ``XXXX-07``, ``XXXX-WXX-2``,
  ``XXXX-SU``, ``XXXX-Q3``, ``XXXX-QX``, ``XXXX-XX-05``: the 5th of some month, ``XX99``:
  a year of some century, "'99") placed before or after the anchor according to the tense
  of its sentence.
- ``XXXX-MM-DD~d`` (in the above): the first weekday ``d`` (1 Monday .. 7 Sunday) on or after
  that day, for holidays that move ("Thanksgiving" → ``TENSE.XXXX-11-22~4``).
- ``PREV.<partial>`` / ``NEXT.<partial>`` / ``THIS.<partial>`` — the occurrence strictly
  before the anchor, strictly after it, or within the anchor's own year (week for weekdays).

Everything else is a plain TIMEX3 value (``2020-07-21``, ``198``, ``P3Y``, ``PAST_REF``).
"""

from __future__ import annotations

import re

# "turn": the century boundary nearest the anchor ("the turn of the century" → 1900)
REF_UNITS = (
    "day", "week", "month", "quarter", "half", "season", "year", "decade", "century", "turn",
)  # fmt: skip
RELATIVE_KINDS = ("TENSE", "PREV", "NEXT", "THIS")
SPECIAL_REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")

_TIME = r"(?:T(?:\d\d(?::\d\d(?::\d\d)?)?|MO|AF|EV|NI|DT|MI))"
# -dd / -d: a BCE century / millennium in astronomical digits ("-04": years -400..-499)
_YEAR = r"(?:-?\d{4}|-?\d{1,3}|\d{2,3}X{1,2}|X{1,4})"
_REST = (
    r"(?:-(?:\d\d|XX)(?:-(?:\d\d|XX))?"
    r"|-Q(?:[1-4]|X)|-H(?:[12]|X)|-(?:SP|SU|FA|WI)"
    r"|-W(?:\d\d|XX)(?:-(?:[1-7]|WE))?)"
)
ABSOLUTE = re.compile(rf"^{_YEAR}{_REST}?{_TIME}?$")
# an interval of days: what another calendar's month or year is in Gregorian days
# ("Ramadan 1441 AH" → 2020-04-24/2020-05-23)
INTERVAL = re.compile(r"^(-?\d{4}-\d\d-\d\d)/(-?\d{4}-\d\d-\d\d)$")
DURATION = re.compile(
    r"^P(?:(?:(?:\d+(?:\.\d+)?|X)[YMWDQECL])+(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?"
    r"|T(?:(?:\d+(?:\.\d+)?|X)[HMS])+|XX)$"  # PXX: a stretch of unknown unit ("a while")
)
REF = re.compile(r"^REF\.(" + "|".join(REF_UNITS) + r")(?:\[([+-]\d+[YMWD]?)\])?(.*)$")
RELATIVE = re.compile(
    r"^(TENSE|PREV|NEXT|THIS)\.(XXXX(?:-\d\d(?:-\d\d(?:~[1-7])?|-W[1-5L])?|-XX-\d\d|-Q(?:[1-4]|X)|-H[12]"
    r"|-EA[+-]\d{1,2}"
    r"|-(?:SP|SU|FA|WI)|-WXX-(?:[1-7]|WE))"
    rf"{_TIME}?|XX\d\d)$"
)

# which TIMEX3 suffixes may follow a REF base of each unit
_REF_SUFFIX = {
    "day": re.compile(rf"^{_TIME}?$"),
    "week": re.compile(rf"^(?:-WE|-[1-7]{_TIME}?)?$"),
    "month": re.compile(rf"^(?:-\d\d{_TIME}?)?$"),
    "quarter": re.compile(r"^$"),
    "half": re.compile(r"^$"),
    "season": re.compile(r"^$"),
    "year": re.compile(r"^(?:-\d\d(?:-\d\d)?|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI)|-W\d\d)?$"),
    "decade": re.compile(r"^$"),
    "century": re.compile(r"^$"),
    "turn": re.compile(r"^$"),
}


def value_shape_error(value: str, timex_type: str) -> str | None:
    """Why ``value`` is not a well-formed (possibly underspecified) value, or None."""
    if value in SPECIAL_REFS:
        return None if timex_type in ("DATE", "TIME") else "a *_REF value must be a DATE or TIME"
    if DURATION.match(value):
        if timex_type in ("DURATION", "SET"):
            return None
        return "a duration value needs type DURATION or SET"
    if timex_type == "DURATION":
        return "type DURATION needs a P... value"
    ref = REF.match(value)
    if ref:
        unit, _, suffix = ref.groups()
        if not _REF_SUFFIX[unit].match(suffix):
            return f"suffix {suffix!r} cannot follow REF.{unit}"
        return None
    if RELATIVE.match(value) or ABSOLUTE.match(value) or INTERVAL.match(value):
        return None
    return "not a TIMEX3 value nor one of the REF./TENSE./PREV./NEXT./THIS. forms"
