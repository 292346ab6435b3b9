"""Where dates become words: the one place every presenter spells a date.

Two forms of the same labels: *long* for readers ("21 July 2020", "15 March 44 BC",
"AD 79"), in chronologies and exports; *short* for axes and hovers ("21 Jul 2020",
"Mar 44 BC"). Years are astronomical underneath (1 BC is year 0, 44 BC is year -43) and BC
in words. "AD" is written where a bare number could be misread: by default before 1000,
and on an axis for every tick once one of them is (:func:`timeline.present.axis.ticks`).

Period labels name what the text said: "late 2018", "summer 2020", "1980 – 1988". The
lines that pair a value with its ISO bounds ("2019 (LATE) · 2019-10-01 – 2019-12-31 ·
year") are here too, as hovers, citations and exports show them.

Every word and the order of the parts are ``resources/<lang>/present.toml``'s (``[dates]``:
"{year} BC", "{day} {month}", "the {year}s" ...). ``assets/ticks.js`` spells the short labels
of the axis in the page with the same formats (``TL.words.dates``); keep it in step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Literal

from timeline.calendar import CalendarError, days_in_month, iso, parse_iso_day, to_ymd
from timeline.present.events import bounds
from timeline.present.text import plain_text
from timeline.present.words import present_words

Form = Literal["long", "short"]

# the words of dates: resources/en/present.toml [dates], and the tagger's month names
_WORDS = present_words().dates
MONTH_NAMES = _WORDS.months  # "January" … "December"
MONTH_ABBREVIATIONS = _WORDS.months_short  # "Jan" … "Dec"
MOD_WORDS = _WORDS.mods  # LATE → "late"
SEASONS = _WORDS.seasons  # SU → "summer"
HALVES = _WORDS.halves  # H1 → "first half of"
FORMATS = _WORDS.formats  # "bc" → "{year} BC", "month" → "{month} {year}" ...
# what a citation says when the article names no source (present.toml [citations])
UNKNOWN_SOURCE = present_words().citations["unknown_source"]
_PERIOD_VALUE = re.compile(r"^(-?\d{4})-(Q[1-4]|H[12]|SP|SU|FA|AU|WI|W\d{2})$")


# days, months and years ---------------------------------------------------------------


def year_label(year: int, *, ad: bool | None = None) -> str:
    """``2020``; ``44 BC`` for astronomical year -43; ``AD 79``: with "AD" as ``ad`` says,
    by default before 1000."""
    if year <= 0:
        return FORMATS["bc"].format(year=1 - year)
    if ad is None:
        ad = year < 1000
    return FORMATS["ad"].format(year=year) if ad else str(year)


def month_label(year: int, month: int, form: Form = "long", *, ad: bool | None = None) -> str:
    """``July 2020``, or ``Jul 2020`` in the short form."""
    names = MONTH_NAMES if form == "long" else MONTH_ABBREVIATIONS
    return FORMATS["month"].format(month=names[month - 1], year=year_label(year, ad=ad))


def ymd_label(
    year: int, month: int, day: int, form: Form = "long", *, ad: bool | None = None
) -> str:
    """``21 July 2020``, or ``21 Jul 2020``; from the parts, for years beyond the calendar's."""
    return FORMATS["day"].format(day=day, month=month_label(year, month, form, ad=ad))


def day_label(day: int, form: Form = "long") -> str:
    """``15 March 44 BC``, or ``15 Mar 44 BC``: a day number (ISO ``-0043-03-15``) in words."""
    return ymd_label(*to_ymd(day), form)


def _span(lower: int, upper: int, spell: Callable[[int], str]) -> str:
    """One day as ``spell`` writes it, or two of them with a dash between."""
    return spell(lower) if lower == upper else _dash(spell(lower), spell(upper))


def _dash(first: str, last: str) -> str:
    """``1980 – 1988``: two labels as a span."""
    return FORMATS["span"].format(first=first, last=last)


def iso_span(lower: int, upper: int) -> str:
    """``2020-07-21``, or ``2019-10-01 – 2019-12-31``."""
    return _span(lower, upper, iso)


# periods ------------------------------------------------------------------------------


def _whole_months(lower: int, upper: int) -> bool:
    y, m, d = to_ymd(upper)
    return to_ymd(lower)[2] == 1 and d == days_in_month(y, m)


def _whole_years(lower: int, upper: int) -> bool:
    return to_ymd(lower)[1:] == (1, 1) and to_ymd(upper)[1:] == (12, 31)


def span_label(lower: int, upper: int) -> str:
    """``1980 – 1988``, ``January – March 2020``, ``3 – 8 January 2020``, or full days."""
    (y0, m0, d0), (y1, m1, d1) = to_ymd(lower), to_ymd(upper)
    if _whole_years(lower, upper):
        return year_label(y0) if y0 == y1 else _dash(year_label(y0), year_label(y1))
    if _whole_months(lower, upper):
        if (y0, m0) == (y1, m1):
            return month_label(y0, m0)
        if y0 == y1:
            return _dash(MONTH_NAMES[m0 - 1], month_label(y1, m1))
        return _dash(month_label(y0, m0), month_label(y1, m1))
    if (y0, m0) == (y1, m1):
        return _dash(str(d0), ymd_label(y1, m1, d1))
    return _span(lower, upper, day_label)


def value_label(value: str) -> str | None:
    """The day, month, year or period a TIMEX3 value names: 21 July 2020, July 2020, 2020,
    the 1980s, the 1900s, Q2 2020, summer 2020, week 17 of 2020; None for anything else."""
    if re.fullmatch(r"\d{3}", value):
        return FORMATS["decade"].format(year=f"{value}0")
    if re.fullmatch(r"\d{2}", value):
        return FORMATS["century"].format(year=f"{value}00")
    if re.fullmatch(r"-?\d{4}", value):
        return year_label(int(value))
    if re.fullmatch(r"-?\d{4}-\d{2}-\d{2}", value):
        try:
            return day_label(parse_iso_day(value))
        except CalendarError:
            return None
    month = re.fullmatch(r"(-?\d{4})-(\d{2})", value)
    if month and 1 <= int(month.group(2)) <= 12:
        return month_label(int(month.group(1)), int(month.group(2)))
    period = _PERIOD_VALUE.match(value)
    if period:
        year, part = year_label(int(period.group(1))), period.group(2)
        if part.startswith("Q"):
            return FORMATS["quarter"].format(quarter=int(part[1:]), year=year)
        if part.startswith("W") and part != "WI":  # WI is winter
            return FORMATS["week"].format(week=int(part[1:]), year=year)
        if part in HALVES:
            return FORMATS["part"].format(part=HALVES[part], year=year)
        return FORMATS["part"].format(part=SEASONS[part], year=year)
    return None


def date_label(row: Mapping) -> str:
    """How an event's date reads for a reader: ``21 July 2020``, ``late 2018``,
    ``1980 – 1988``, ``15 March 44 BC``, ``summer 2020``.

    A single period is named by its value ("late 2018" covers only the last third of 2018,
    "circa 2003" a widened span: the value is what the text said); a range by its bounds.
    """
    lower, upper = bounds(row)
    value = row.get("value") or ""
    word = MOD_WORDS.get((row.get("mod") or "").upper())
    named = None if "/" in value else value_label(value)
    if named:
        label = named
    elif lower == upper:
        label = day_label(lower)
    else:
        label = span_label(lower, upper)
    return FORMATS["mod"].format(mod=word, date=label) if word else label


def published_label(published: str | None) -> str:
    """``21 July 2020`` for an ISO date, the text as it is otherwise, ``undated`` if none."""
    if not published:
        return FORMATS["undated"]
    try:
        return day_label(parse_iso_day(published))
    except CalendarError:
        return published


# a value with its bounds --------------------------------------------------------------


def bounds_label(event: Mapping) -> str:
    """ISO bounds; before AD 1 also spelled out, since astronomical years are off by one:
    ``-0043-03-15 (15 Mar 44 BC)``."""
    lower, upper = event["lower"], event["upper"]
    text = iso_span(lower, upper)
    if to_ymd(lower)[0] <= 0:
        text += f" ({_span(lower, upper, lambda day: day_label(day, 'short'))})"
    return text


def date_line(event: Mapping) -> str:
    """The normalized date: ``2019 (LATE) · 2019-10-01 – 2019-12-31 · year`` (plain text)."""
    normalized = plain_text(event.get("value"))
    mod = plain_text(event.get("mod"))
    if mod:
        normalized = f"{normalized} ({mod})"
    # "2020-07-21 · day", "2019 (LATE) · 2019-10-01 – 2019-12-31 · year"; a value that only
    # repeats the bounds is left out, also when BC bounds are spelled out after them
    iso_bounds = iso_span(event["lower"], event["upper"])
    date_parts = [normalized] if normalized and normalized != iso_bounds else []
    date_parts.append(bounds_label(event))
    granularity = plain_text(event.get("granularity"))
    if granularity:
        date_parts.append(granularity)
    return " · ".join(date_parts)


def dated_by(row: Mapping) -> str:
    """``“late 2018” → 2018 LATE = 2018-09-01 – 2018-12-31 (year)``: the words as written,
    the value they were resolved to and its bounds, as ``timeline articles show`` marks them."""
    span = iso_span(*bounds(row))
    value, mod = plain_text(row.get("value")), plain_text(row.get("mod"))
    text = f"“{plain_text(row.get('expression'))}” → {value or span}" + (f" {mod}" if mod else "")
    if value and value != span:
        text += f" = {span}"
    granularity = plain_text(row.get("granularity"))
    return text + (f" ({granularity})" if granularity else "")
