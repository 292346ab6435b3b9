"""Resolved dates as EDTF (Extended Date/Time Format, ISO 8601-2).

:func:`to_edtf` writes a TIMEX3 value with its mod (and its bounds, for what TIMEX3 and
EDTF say differently) as EDTF: ``1850`` → ``1850``; ``1850`` APPROX → ``1850~``; ``1850?``
as written → ``1850?``; ``-0043`` (44 BC, astronomical year numbering in both) →
``-0043``; ``198`` (the 1980s) → ``198X``; ``18`` (the 19th century) → ``18XX``;
``2020-Q3`` → ``2020-35`` and ``2020-SU`` → ``2020-22`` (ISO 8601-2 sub-year groupings);
``1980/1988`` → ``1980/1988``; ``late 2018`` → ``2018-09/2018-12``; weeks → their days
as an interval. A date open on one side is an interval with an open end and its one real
bound as a day: ``before 1200`` → ``../1199-12-31``, ``more than a week ago`` (written on
2011-03-20) → ``../2011-03-12``, ``after 1945`` → ``1946-01-01/..``.
Durations, sets and ``PRESENT_REF``-like values have no EDTF form (None).

Dates are written as the value writes them: in the calendar of their time (Julian before
15 October 1582, :mod:`timeline.calendar`), which EDTF has no mark for; the expression's
``calendar`` says which.
"""

from __future__ import annotations

import re

from timeline.calendar import format_year, written_days_in_month, written_iso, written_ymd

_TIME = re.compile(r"^(.*?)T(\d\d)(?::(\d\d)(?::(\d\d))?)?$")
_PART_OF_DAY = re.compile(r"^(.*?)T(?:MO|AF|EV|NI|DT|MI)$")
_DATE = re.compile(r"^-?(?:\d{4}|X{4})(?:-(?:\d\d|XX)(?:-(?:\d\d|XX))?)?$")
_DAY_INTERVAL = re.compile(r"^-?\d{4}-\d\d-\d\d/-?\d{4}-\d\d-\d\d$")
_DIGITS = re.compile(r"^(-?)(\d{1,3})$")  # decade, century, millennium
_SUBYEAR = re.compile(r"^(-?\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_WEEK = re.compile(r"^-?\d{4}-W\d\d")
# ISO 8601-2 sub-year groupings: seasons 21-24, quarters 33-36, semesters 40-41
_SUBYEAR_CODE = {
    "SP": "21",
    "SU": "22",
    "FA": "23",
    "WI": "24",
    "Q1": "33",
    "Q2": "34",
    "Q3": "35",
    "Q4": "36",
    "H1": "40",
    "H2": "41",
}
_PARTS = frozenset({"EARLY", "MID", "LATE", "START", "END"})
# the side a mod leaves a date open on
_OPEN = {"BEFORE": "before", "ON_OR_BEFORE": "before", "AFTER": "after", "ON_OR_AFTER": "after"}


def _plain(value: str) -> str | None:
    """The EDTF of a value without its mod, or None."""
    if _DATE.match(value) or _DAY_INTERVAL.match(value):
        return value
    if (m := _TIME.match(value)) and _DATE.match(m.group(1)):
        h, mi, s = m.group(2), m.group(3) or "00", m.group(4) or "00"
        return f"{m.group(1)}T{h}:{mi}:{s}"
    if (m := _PART_OF_DAY.match(value)) and _DATE.match(m.group(1)):
        return m.group(1)  # EDTF has no "morning": the day
    if m := _DIGITS.match(value):
        sign, digits = m.groups()
        return sign + digits + "X" * (4 - len(digits))
    if m := _SUBYEAR.match(value):
        return f"{m.group(1)}-{_SUBYEAR_CODE[m.group(2)]}"
    return None


def _month(day: int) -> str:
    y, m, _ = written_ymd(day)
    return f"{format_year(y)}-{m:02d}"


def span(lower: int, upper: int) -> str:
    """Inclusive day bounds as the shortest EDTF: a year, a month, a day or an interval."""
    ly, lm, ld = written_ymd(lower)
    uy, um, ud = written_ymd(upper)
    if ld == 1 and ud == written_days_in_month(uy, um):
        if lm == 1 and um == 12:
            first, last = format_year(ly), format_year(uy)
        else:
            first, last = _month(lower), _month(upper)
    else:
        first, last = written_iso(lower), written_iso(upper)
    return first if first == last else f"{first}/{last}"


def to_edtf(
    value: str | None,
    mod: str | None = None,
    lower: int | None = None,
    upper: int | None = None,
    text: str | None = None,
    open: str | None = None,
) -> str | None:
    """EDTF of a resolved value; ``text`` (the expression as written) tells an uncertain
    date ("1850?") from an approximate one ("c. 1850"). None when EDTF cannot say it.

    ``open`` (``"before"`` / ``"after"``, the expression's ``open``; by default the side its
    mod leaves open) writes an open interval ending or starting at the one real bound:
    ``upper`` for a date open before, ``lower`` for one open after (the two are equal for
    what the tagger gives; a stored span to the calendar's edge gives the same answer)."""
    if not value:
        return None
    if "/" in value and not _DAY_INTERVAL.match(value):  # a range event: "1980/1988"
        ends = [to_edtf(v) for v in value.split("/", 1)]
        return None if None in ends else f"{ends[0]}/{ends[1]}"
    bounded = lower is not None and upper is not None
    side = open or _OPEN.get(mod or "")
    if side == "before" and upper is not None:
        return f"../{written_iso(upper)}"
    if side == "after" and lower is not None:
        return f"{written_iso(lower)}/.."
    if mod in _PARTS and bounded:
        return span(lower, upper)  # type: ignore[arg-type]
    if _WEEK.match(value):
        return span(lower, upper) if bounded else None  # type: ignore[arg-type]
    plain = _plain(value)
    if plain is None:
        return None
    if mod == "APPROX":
        return plain + ("?" if text and text.rstrip().endswith("?") else "~")
    return plain
