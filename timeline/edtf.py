"""Resolved dates as EDTF (Extended Date/Time Format, ISO 8601-2).

:func:`to_edtf` writes a TIMEX3 value with its mod (and its bounds, for what TIMEX3 and
EDTF say differently) as EDTF: ``1850`` → ``1850``; ``1850`` APPROX → ``1850~``; ``1850?``
as written → ``1850?``; ``-0043`` (44 BC, astronomical year numbering in both) →
``-0043``; ``198`` (the 1980s) → ``198X``; ``18`` (the 19th century) → ``18XX``;
``2020-Q3`` → ``2020-35`` and ``2020-SU`` → ``2020-22`` (ISO 8601-2 sub-year groupings);
``1980/1988`` → ``1980/1988``; ``late 2018`` → ``2018-09/2018-12``; ``before 1200`` →
``[..1199-12-31]`` (one date, on or before that day); weeks → their days as an interval.
Durations, sets and ``PRESENT_REF``-like values have no EDTF form (None).
"""

from __future__ import annotations

import re

from timeline.calendar import days_in_month, format_year, iso, to_ymd

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
    y, m, _ = to_ymd(day)
    return f"{format_year(y)}-{m:02d}"


def span(lower: int, upper: int) -> str:
    """Inclusive day bounds as the shortest EDTF: a year, a month, a day or an interval."""
    ly, lm, ld = to_ymd(lower)
    uy, um, ud = to_ymd(upper)
    if ld == 1 and ud == days_in_month(uy, um):
        if lm == 1 and um == 12:
            first, last = format_year(ly), format_year(uy)
        else:
            first, last = _month(lower), _month(upper)
    else:
        first, last = iso(lower), iso(upper)
    return first if first == last else f"{first}/{last}"


def to_edtf(
    value: str | None,
    mod: str | None = None,
    lower: int | None = None,
    upper: int | None = None,
    text: str | None = None,
) -> str | None:
    """EDTF of a resolved value; ``text`` (the expression as written) tells an uncertain
    date ("1850?") from an approximate one ("c. 1850"). None when EDTF cannot say it."""
    if not value:
        return None
    if "/" in value and not _DAY_INTERVAL.match(value):  # a range event: "1980/1988"
        ends = [to_edtf(v) for v in value.split("/", 1)]
        return None if None in ends else f"{ends[0]}/{ends[1]}"
    bounded = lower is not None and upper is not None
    if mod in ("BEFORE", "ON_OR_BEFORE") and upper is not None:
        return f"[..{span(upper, upper) if mod == 'BEFORE' else _plain(value) or iso(upper)}]"
    if mod in ("AFTER", "ON_OR_AFTER") and lower is not None:
        return f"[{span(lower, lower) if mod == 'AFTER' else _plain(value) or iso(lower)}..]"
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
