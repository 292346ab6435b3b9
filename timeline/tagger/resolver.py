"""Phase 2: turn underspecified values into TIMEX3 values with calendar bounds.

:func:`resolve_against` takes the anchor and the value a rule produced
(``REF.month[-1]``, ``TENSE.XXXX-07-21``, ``2018``...), an :class:`Anchor` (or None) and a
tense, and returns the final value, its bounds and granularity. Dates that do not exist
or fall outside the calendar come back unresolved, never as an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from timeline.calendar import (
    MAX_DAY,
    MAX_YEAR,
    MIN_DAY,
    MIN_YEAR,
    CalendarError,
    easter_day,
    format_year,
    is_julian,
    iso_week,
    week_of_month,
    weekday,
    written_day_number,
    written_days_in_month,
    written_iso,
    written_month_bounds,
    written_year_bounds,
    written_ymd,
)
from timeline.tagger.bounds import OPEN_SIDE, apply_mod, clamp, value_bounds
from timeline.tagger.tense import Tense
from timeline.tagger.values import DURATION, REF, RELATIVE, SPECIAL_REFS

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
    """A reference point: a day and how precisely it is known (the publication date, or
    the last date a story told of; :mod:`timeline.tagger.anchoring` chooses it)."""

    day: int
    granularity: str = "day"

    @property
    def iso(self) -> str:
        return written_iso(self.day)

    def knows(self, granularity: str) -> bool:
        """Whether the anchor is precise enough to count in units of ``granularity``."""
        return _FINENESS.get(self.granularity, 0) <= _FINENESS.get(granularity, 0)


SEASONS = ("SP", "SU", "FA", "WI")


def _season_value(season_year: int, season: int) -> str:
    """A season of the year that starts in March (spring 0 .. winter 3), as TIMEX3 and
    EDTF name it: a winter by the year of its December (December 2019 to February 2020 is
    ``2019-WI``)."""
    return f"{format_year(_year_ok(season_year))}-{SEASONS[season]}"


# partials with no TIMEX3 form of their own, and what an unanchored one is written as
_PLACEHOLDER_PARTS = (
    (re.compile(r"-\d\d-W[1-5L]"), "-WXX"),  # "XXXX-03-W1" (first week of March) → "XXXX-WXX"
    (re.compile(r"-\d\d~[1-7]"), "-XX"),  # "XXXX-11-22~4" (Thanksgiving) → "XXXX-11-XX"
    (re.compile(r"-EA[+-]\d+"), "-XX-XX"),  # "XXXX-EA-2" (Good Friday) → "XXXX-XX-XX"
)
_SEASON_OF_MONTH = {3: 0, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 11: 2, 12: 3, 1: 3, 2: 3}

# what an unresolvable REF. value is written as: the TIMEX3 placeholder of its unit
_PLACEHOLDER = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "half": "XXXX-HX",
    "season": "XXXX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
    "turn": "XXXX",
}
_DURATION_UNIT = {
    "Y": "year",
    "M": "month",
    "W": "week",
    "D": "day",
    "Q": "quarter",
    "E": "decade",
    "C": "century",
    "L": "millennium",
}
_PARTIAL = re.compile(
    r"^XX(?P<yy>\d\d)$|^XXXX(?:-(?P<m>\d\d)(?:-(?P<d>\d\d)(?:~(?P<wd>[1-7]))?|-W(?P<mw>[1-5L]))?"
    r"|-XX-(?P<md>\d\d)"
    r"|-Q(?P<q>[1-4X])|-H(?P<h>[12])"
    r"|-EA(?P<ea>[+-]\d+)"
    r"|-(?P<s>SP|SU|FA|WI)|-WXX-(?P<w>[1-7]|WE))(?P<t>T.*)?$"
)


@dataclass(frozen=True, slots=True)
class Resolution:
    value: str
    lower: int | None = None
    upper: int | None = None
    granularity: str | None = None
    anchor: str | None = None
    resolved: bool = True
    reason: str | None = None  # why it was left unresolved
    open: str | None = None  # "before" / "after": a date open on that side (lower == upper)
    calendar: str | None = None  # "julian" / "gregorian": the calendar the value is written in


class _Unresolvable(Exception):
    """The value needs more than the anchor offers (or names a date that does not exist)."""


OUT_OF_RANGE = "outside the supported range (9999 BC to AD 9999)"


def _year_ok(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Unresolvable(OUT_OF_RANGE)
    return year


def _day_ok(day: int) -> int:
    if not MIN_DAY <= day <= MAX_DAY:
        raise _Unresolvable(OUT_OF_RANGE)
    return day


def _day_moved(day: int, offset: int, by: str) -> int:
    """The day ``offset`` weeks (W), months (M) or years (Y) from ``day``, in the calendar of
    its time; a day the month lacks becomes its last ("a month before 31 March": 28 or 29
    February)."""
    if by == "W":
        return day + 7 * offset
    y, m, d = written_ymd(day)
    months = y * 12 + (m - 1) + (offset * 12 if by == "Y" else offset)
    ny, nm = divmod(months, 12)
    _year_ok(ny)
    return written_day_number(ny, nm + 1, min(d, written_days_in_month(ny, nm + 1)))


def _ref_value(unit: str, offset_text: str, suffix: str, anchor: Anchor) -> str:
    """REF.<unit>[offset]<suffix> against a concrete anchor; an offset with its own unit
    ("-20Y") moves the anchor's day first, then names the unit around it."""
    if not anchor.knows(unit):
        raise _Unresolvable(f"the anchor is not precise to the {unit}")
    if offset_text[-1:].isalpha():
        by, count = offset_text[-1], int(offset_text[:-1])
        moved = anchor.day + count if by == "D" else _day_moved(anchor.day, count, by)
        return _ref_value(unit, "", suffix, Anchor(_day_ok(moved), anchor.granularity))
    offset = int(offset_text or 0)
    y, m, _ = written_ymd(anchor.day)
    if unit == "day":
        return written_iso(_day_ok(anchor.day + offset)) + suffix
    if unit == "week":
        wy, wn = iso_week(_day_ok(anchor.day + 7 * offset))
        if suffix.startswith("-") and suffix[1:2].isdigit():  # a weekday of that week
            week_start = anchor.day + 7 * offset - (weekday(anchor.day) - 1)
            return written_iso(week_start + int(suffix[1]) - 1) + suffix[2:]
        return f"{format_year(_year_ok(wy))}-W{wn:02d}{suffix}"
    if unit == "month":
        ny, nm = divmod(y * 12 + (m - 1) + offset, 12)
        return f"{format_year(_year_ok(ny))}-{nm + 1:02d}{suffix}"
    if unit == "quarter":
        ny, nq = divmod(y * 4 + (m - 1) // 3 + offset, 4)
        return f"{format_year(_year_ok(ny))}-Q{nq + 1}"
    if unit == "half":
        ny, nh = divmod(y * 2 + (m - 1) // 6 + offset, 2)
        return f"{format_year(_year_ok(ny))}-H{nh + 1}"
    if unit == "season":
        season_year = y - 1 if m <= 2 else y
        ny, ns = divmod(season_year * 4 + _SEASON_OF_MONTH[m] + offset, 4)
        return _season_value(ny, ns)
    if unit == "year":
        return format_year(_year_ok(y + offset)) + suffix
    if unit == "decade":
        decade = y // 10 + offset
        if not 0 <= decade <= 999:
            raise _Unresolvable(OUT_OF_RANGE)
        return f"{decade:03d}"
    if unit == "turn":  # the century boundary nearest the anchor: 1895 and 1903 → 1900
        return format_year(_year_ok((y + 50) // 100 * 100 + 100 * offset))
    century = y // 100 + offset  # "century"
    if not 0 <= century <= 99:
        raise _Unresolvable(OUT_OF_RANGE)
    return f"{century:02d}"


# how many units ahead of the anchor a date may lie in a past-tense clause and still be
# this year's ("closed Nov. 6" in news written on Oct. 30), and behind it in a future-tense
# one; per unit counted (month, quarter, half, season). A month of slack measured as well as
# two on TimeBank and AQUAINT, and two would put "fell in September", written in July, ahead.
PAST_SLACK = {"month": 1, "quarter": 0, "half": 0, "season": 0}
FUTURE_SLACK = {"month": 1, "quarter": 4, "half": 2, "season": 0}
# without a past or future tense, a month is the nearest occurrence: "worth $130 million in
# October" written in January is last October, "in January" written in November the coming
# one; further than this many units away, the year moves (a tie stays in the anchor's year)
NEAREST_REACH = {"month": 6}


def _pick_year(
    target: int, current: int, kind: str, tense: Tense | None, year: int, unit: str = "month"
) -> int:
    """Year of a month/quarter/season index ``target`` given the anchor's ``current`` one."""
    if kind == "PREV":
        return year if target < current else year - 1
    if kind == "NEXT":
        return year if target > current else year + 1
    if kind == "THIS":
        return year
    if tense is Tense.PAST and target > current + PAST_SLACK[unit]:
        return year - 1
    if tense is Tense.FUTURE and target < current - FUTURE_SLACK[unit]:
        return year + 1
    reach = NEAREST_REACH.get(unit)
    if tense not in (Tense.PAST, Tense.FUTURE) and reach is not None:
        if target > current + reach:
            return year - 1
        if target < current - reach:
            return year + 1
    return year


def _weekday_day(target: int, kind: str, tense: Tense | None, anchor_day: int) -> int:
    current = weekday(anchor_day)
    back = (current - target) % 7
    forward = (target - current) % 7
    if kind == "PREV":
        return anchor_day - (back or 7)
    if kind == "NEXT":
        return anchor_day + (forward or 7)
    if kind == "THIS":
        return anchor_day - (current - 1) + (target - 1)
    if tense is Tense.PAST:
        return anchor_day - back
    if tense is Tense.FUTURE:
        return anchor_day + forward
    # no tense: the nearest one, the past one on a tie (news reports what happened)
    return anchor_day - back if back <= forward else anchor_day + forward


def _month_day(target: int, kind: str, tense: Tense | None, anchor: Anchor) -> int:
    """The day ``target`` of a month ("on the 5th"): of the anchor's own month when the
    anchor knows no day (a story at "January 1965"); else, like a weekday, the one on or
    before the anchor in a past clause, on or after it in a future one, the nearest without
    a tense (the past one on a tie). Months too short for it are passed over."""
    y, m, _ = written_ymd(anchor.day)
    if not anchor.knows("month"):
        raise _Unresolvable("the anchor is not precise to the month")
    if not anchor.knows("day"):
        return written_day_number(y, m, target)

    def occurrence(step: int) -> int:  # the first one from the anchor's month, going by step
        index = y * 12 + m - 1
        for _ in range(3):
            ny, nm = divmod(index, 12)
            if target <= written_days_in_month(_year_ok(ny), nm + 1):
                day = written_day_number(ny, nm + 1, target)
                if (day - anchor.day) * step >= 0:
                    return day
            index += step
        raise _Unresolvable(f"no day {target} near the anchor")

    if kind == "PREV" or (kind == "TENSE" and tense is Tense.PAST):
        return occurrence(-1)
    if kind == "NEXT" or (kind == "TENSE" and tense is Tense.FUTURE):
        return occurrence(1)
    back, ahead = occurrence(-1), occurrence(1)
    return back if anchor.day - back <= ahead - anchor.day else ahead


def _weekend_value(kind: str, tense: Tense | None, anchor_day: int) -> str:
    current = weekday(anchor_day)
    if kind == "PREV":
        day = anchor_day - 7
    elif kind == "NEXT":
        day = anchor_day + 7
    elif kind == "THIS" or current >= 6 or tense is Tense.FUTURE:
        day = anchor_day
    else:
        day = anchor_day - 7  # the weekend just past
    wy, wn = iso_week(day)
    return f"{format_year(_year_ok(wy))}-W{wn:02d}-WE"


def _relative_value(kind: str, partial: str, anchor: Anchor, tense: Tense | None) -> str:
    """TENSE./PREV./NEXT./THIS.<partial> against a concrete anchor."""
    m = _PARTIAL.match(partial)
    if m is None:
        raise _Unresolvable
    time = m.group("t") or ""
    y, month, _ = written_ymd(anchor.day)
    if m.group("yy"):  # "'99": the year of that name nearest the anchor's (the past on a tie)
        if not anchor.knows("year"):
            raise _Unresolvable("the anchor is not precise to the year")
        back = y - (y - int(m.group("yy"))) % 100
        ahead = back if back == y else back + 100
        if kind == "PREV" or (kind == "TENSE" and tense is Tense.PAST):
            return format_year(_year_ok(back))
        return format_year(_year_ok(back if y - back <= ahead - y else ahead))
    if m.group("w"):
        if not anchor.knows("day"):
            raise _Unresolvable
        if m.group("w") == "WE":
            return _weekend_value(kind, tense, anchor.day)
        return written_iso(_weekday_day(int(m.group("w")), kind, tense, anchor.day)) + time
    if m.group("md"):  # "on the 5th": a day of the month, placed like a weekday
        return written_iso(_month_day(int(m.group("md")), kind, tense, anchor)) + time
    if m.group("ea"):  # a day counted from Easter: the year as for that day's month
        offset = int(m.group("ea"))
        year = y  # with a year anchor (narrative), "at Easter" is that year's Easter
        if anchor.knows("month"):
            target = written_ymd(easter_day(_year_ok(y)) + offset)[1]
            year = _pick_year(target, month, kind, tense, y)
        return written_iso(_day_ok(easter_day(_year_ok(year)) + offset)) + time
    if m.group("m"):
        target = int(m.group("m"))
        # with a year anchor (narrative), "in July" is that year's July
        year = _pick_year(target, month, kind, tense, y) if anchor.knows("month") else y
        if m.group("mw"):  # "the first week of March": the ISO week of that month's day
            return week_of_month(_year_ok(year), target, m.group("mw")) + time
        if m.group("wd"):  # a moving holiday: the first such weekday on or after the day
            first = written_day_number(_year_ok(year), target, int(m.group("d")))
            return written_iso(first + (int(m.group("wd")) - weekday(first)) % 7) + time
        day = f"-{m.group('d')}" if m.group("d") else ""
        return f"{format_year(_year_ok(year))}-{target:02d}{day}{time}"
    if m.group("q"):
        current = (month - 1) // 3 + 1
        if m.group("q") == "X":
            # "the quarter": news reports on the last completed one unless looking ahead
            if kind == "THIS" or tense is Tense.FUTURE:
                return _ref_value("quarter", "", "", anchor)
            return _ref_value("quarter", "-1", "", anchor)
        target = int(m.group("q"))
        known = anchor.knows("quarter")
        year = _pick_year(target, current, kind, tense, y, "quarter") if known else y
        return f"{format_year(_year_ok(year))}-Q{target}"
    if m.group("h"):
        target = int(m.group("h"))
        current = (month - 1) // 6 + 1
        year = _pick_year(target, current, kind, tense, y, "half") if anchor.knows("half") else y
        return f"{format_year(_year_ok(year))}-H{target}"
    season = SEASONS.index(m.group("s"))
    if not anchor.knows("season"):
        # a year anchor (a story at "1812"): that year's season (its winter starts in it)
        return _season_value(y, season)
    season_year = y - 1 if month <= 2 else y
    current = _SEASON_OF_MONTH[month]
    if kind == "THIS":
        # "this summer" said in January is the coming one
        year = y if season != 3 else season_year
    else:
        year = _pick_year(season, current, kind, tense, season_year, "season")
    return _season_value(year, season)


NO_ANCHOR = "relative, and no date to resolve it against (no publication date)"
_FIELD = re.compile(r"\d")


def _known_part(ref: tuple[str, ...], anchor: Anchor) -> str | None:
    """What a unit finer than its anchor still tells: "four days later" after "October 1915"
    lies between 5 October and 4 November 1915, so it is ``1915-XX-XX``; after "1980", "the
    next day" tells nothing (None). Only month and year anchors of AD years are read."""
    unit, offset, suffix = ref
    if anchor.granularity not in ("month", "year"):
        return None
    y, m, _ = written_ymd(anchor.day)
    if y < 1:
        return None
    try:
        last = (
            written_month_bounds(y, m)[1]
            if anchor.granularity == "month"
            else written_year_bounds(y)[1]
        )
        first_value = _ref_value(unit, offset or "", suffix, Anchor(anchor.day))
        last_value = _ref_value(unit, offset or "", suffix, Anchor(last))
    except (_Unresolvable, CalendarError, OverflowError):
        return None
    first, second = first_value.split("-"), last_value.split("-")
    if len(first) != len(second) or first[0] != second[0]:
        return None
    same = next(
        (k for k, (a, b) in enumerate(zip(first, second, strict=True)) if a != b), len(first)
    )
    return "-".join(first[:same] + [_FIELD.sub("X", f) for f in first[same:]])


def placeholder(value: str) -> str:
    """The TIMEX3 form of an underspecified value that could not be anchored."""
    ref = REF.match(value)
    if ref:
        unit, _, suffix = ref.groups()
        base = _PLACEHOLDER[unit]
        if unit == "year" and suffix:
            return base + suffix
        if unit in ("day", "week", "month") and suffix.startswith("T"):
            return base + suffix
        if unit == "week" and suffix == "-WE":
            return base + suffix
        return base
    rel = RELATIVE.match(value)
    if rel:
        partial = rel.group(2)
        for pattern, written in _PLACEHOLDER_PARTS:
            partial = pattern.sub(written, partial)
        return partial
    return value


def duration_granularity(value: str) -> str | None:
    if value.startswith("PT"):
        return "time"
    match = re.search(r"([YMWDQECL])(?:T|$)", value)
    return _DURATION_UNIT.get(match.group(1)) if match else None


def resolve_against(
    anchor: Anchor | None,
    value: str,
    timex_type: str,
    mod: str | None = None,
    tense: Callable[[], Tense | None] = lambda: None,
    clip: str | None = None,
) -> Resolution:
    """Resolve one phase-1 value against ``anchor`` (None: no anchor is known).

    ``tense`` is called only when the value depends on it (``TENSE.`` values).
    """
    if value in SPECIAL_REFS:
        return Resolution(value)
    if DURATION.match(value):
        return Resolution(value, granularity=duration_granularity(value))
    if timex_type == "SET":
        return Resolution(value)
    used_anchor: str | None = None
    ref = REF.match(value)
    rel = RELATIVE.match(value) if ref is None else None
    if ref or rel:
        if anchor is None:
            return Resolution(placeholder(value), resolved=False, reason=NO_ANCHOR)
        try:
            if ref:
                unit, offset, suffix = ref.groups()
                final = _ref_value(unit, offset or "", suffix, anchor)
            else:
                kind, partial = rel.groups()  # type: ignore[union-attr]
                needs_tense = kind == "TENSE"
                final = _relative_value(kind, partial, anchor, tense() if needs_tense else None)
        except (_Unresolvable, CalendarError, OverflowError) as exc:
            written = _known_part(ref.groups(), anchor) if ref else None
            return Resolution(
                written or placeholder(value),
                anchor=anchor.iso,
                resolved=False,
                reason=str(exc) or "the date it names does not exist in the supported range",
            )
        used_anchor = anchor.iso
    else:
        final = value
    try:
        found = value_bounds(final)
    except (CalendarError, ValueError, OverflowError) as exc:
        return Resolution(final, anchor=used_anchor, resolved=False, reason=str(exc))
    if found is None:
        # placeholders ("XXXX-07-21" written as such) or a year beyond the calendar
        reason = "underspecified" if "X" in final else f"no calendar extent for {final}"
        return Resolution(final, anchor=used_anchor, resolved=False, reason=reason)
    lower, upper, granularity = found
    try:
        lower, upper = apply_mod(lower, upper, granularity, mod)
        if clip is not None and anchor is not None:
            lower, upper = _clip(lower, upper, clip, anchor.day)
    except (CalendarError, OverflowError) as exc:
        return Resolution(final, anchor=used_anchor, resolved=False, reason=str(exc))
    if lower > upper or upper < MIN_DAY or lower > MAX_DAY:
        return Resolution(
            final,
            anchor=used_anchor,
            resolved=False,
            reason="outside the supported range (9999 BC to AD 9999)",
        )
    side = OPEN_SIDE.get(mod or "")
    return Resolution(
        final,
        clamp(lower),
        clamp(upper),
        granularity,
        used_anchor,
        open=side,
        calendar=value_calendar(final, found[0]),
    )


_ISO_WEEK = re.compile(r"^-?\d{4}-W\d")  # "1066-W15", not the winter "1066-WI"


def value_calendar(value: str, first_day: int) -> str:
    """The calendar a resolved value is written in: Julian when its period starts before the
    Gregorian reform (ISO weeks are Gregorian by definition)."""
    return "julian" if is_julian(first_day) and not _ISO_WEEK.match(value) else "gregorian"


def _clip(lower: int, upper: int, clip: str, anchor_day: int) -> tuple[int, int]:
    """ "earlier this month": the part before the anchor; "later this year": after it."""
    if clip == "before_anchor" and lower <= anchor_day - 1:
        return lower, min(upper, clamp(anchor_day - 1))
    if clip == "after_anchor" and upper >= anchor_day + 1:
        return max(lower, clamp(anchor_day + 1)), upper
    return lower, upper


def anchor_of(lower: int, granularity: str) -> Anchor:
    """An anchor standing for a resolved expression (its first day, at its granularity)."""
    return Anchor(lower, "day" if granularity == "time" else granularity)
