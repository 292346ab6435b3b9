"""Converters for historians' dates: millennia and other calendars (Hijri, Solar Hijri).

Rules use them like the built-in converters (``{o:millennium}``, ``{d,m,y:hijri_day}``);
the month names and era words come from the language's ``calendars.toml``, the parts of a
century from its tables.
A date of another calendar is converted with ``convertdate`` to the Western calendar of
its time (the calendar policy: Julian before 15 October 1582, Gregorian after): a day
gives a day (``1 Muharram 1442`` → ``2020-08-20``; ``1 Muharram 1 AH`` → ``0622-07-16``,
Julian, as historians date the Hijra); a month or a year, which do not line up with
Western months, give an interval of days (``Ramadan 1441 AH`` → ``2020-04-24/2020-05-23``).
The Hijri calendar is the tabular (arithmetical) one: an observed month may start a day
earlier or later.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Protocol

from convertdate import islamic, persian

from timeline.calendar import CalendarError, day_number, easter_day, written_iso
from timeline.tagger.converters import (
    ConversionError,
    Converter,
    ConverterFunc,
    Tables,
    century_digits,
    lookup,
    ordinal_number,
)
from timeline.tagger.lexicons import CalendarNames


def _letters(text: str) -> str:
    """Lower-case ASCII letters and digits only ("Dhu'l-Qa'dah" → "dhulqadah")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def hijri_month(text: str, names: CalendarNames) -> int:
    key = _letters(text)
    for pattern, number in names.hijri_months:
        if pattern.fullmatch(key):
            return number
    raise ConversionError(f"{text!r} is not a Hijri month")


def jalali_month(text: str, names: CalendarNames) -> int:
    try:
        return names.jalali_months[_letters(text)]
    except KeyError:
        raise ConversionError(f"{text!r} is not a Solar Hijri month") from None


def _iso(ymd: tuple[int, int, int]) -> str:
    """A Gregorian (year, month, day) from ``convertdate``, written as the calendar of its
    time writes it (the calendar policy: Julian before 15 October 1582)."""
    return written_iso(day_number(*ymd))


def _bounded_int(text: str | None, what: str, low: int, high: int) -> int:
    if text is None or not text.strip().isdigit() or not low <= int(text) <= high:
        raise ConversionError(f"{text!r} is not a {what}")
    return int(text)


class _CalendarModule(Protocol):
    """What ``convertdate`` offers for a calendar (``islamic``, ``persian``)."""

    def to_gregorian(self, year: int, month: int, day: int) -> tuple[int, int, int]: ...

    def month_length(self, year: int, month: int) -> int: ...


def _convert(
    module: _CalendarModule,
    month_of: Callable[[str], int],
    era: re.Pattern[str],
    args: tuple[str | None, ...],
    tables: Tables,
) -> str:
    """(day, month, year) of another calendar → a Gregorian day or interval of days."""
    day_text, month_text, year_text = args
    year = _bounded_int(era.sub("", year_text or ""), "year", 1, 9000)
    if month_text is None:  # a whole year
        first = module.to_gregorian(year, 1, 1)
        last = module.to_gregorian(year, 12, module.month_length(year, 12))
        return f"{_iso(first)}/{_iso(last)}"
    month = month_of(month_text)
    length = module.month_length(year, month)
    if day_text is None:  # a whole month
        first = module.to_gregorian(year, month, 1)
        last = module.to_gregorian(year, month, length)
        return f"{_iso(first)}/{_iso(last)}"
    day = _bounded_int(ordinal_number((day_text,), tables), "day", 1, length)  # "1", "1st"
    return _iso(module.to_gregorian(year, month, day))


def _calendar(
    module: _CalendarModule, month_of: Callable[[str], int], era: re.Pattern[str], names: int
) -> ConverterFunc:
    """A converter taking the last ``names`` of (day, month, year)."""

    def convert(args: tuple[str | None, ...], tables: Tables) -> str:
        return _convert(module, month_of, era, (None,) * (3 - names) + tuple(args), tables)

    return convert


def _millennium(args: tuple[str | None, ...], tables: Tables) -> str:
    """ "third" / "3rd" (millennium) → "2" (the TIMEX3-style value names the thousands)."""
    number = int(ordinal_number(args, tables))
    if not 1 <= number <= 10:
        raise ConversionError(f"millennium {number} out of range")
    return str(number - 1)


def _century_part(args: tuple[str | None, ...], tables: Tables) -> str:
    """("15th", "second", "half") → "1450-01-01/1499-12-31"; a decade → its digits
    ("20th", "first", "decade") → "190"."""
    century = int(century_digits(args[:1], tables))
    which = (args[1] or "").lower()
    kind = (args[2] or "").lower()
    counts, indexes = tables["century_part_count"], tables["century_part_which"]
    if kind not in counts or which not in indexes:
        raise ConversionError(f"no {which} {kind} of a century")
    # the years of the part, counted from the century's first year as TIMEX3 counts them
    # ("the 15th century" is 1400-1499)
    count = int(counts[kind])
    index = int(indexes[which])
    index = count if index == -1 else index  # -1: the last part
    if index > count:
        raise ConversionError(f"a century has no {which} {kind}")
    start = century * 100 + round(100 * (index - 1) / count)
    end = century * 100 + round(100 * index / count) - 1
    if count == 10:  # a decade has a TIMEX3 value of its own
        return f"{start // 10:03d}"
    return f"{start:04d}-01-01/{end:04d}-12-31"


def _easter(args: tuple[str | None, ...], tables: Tables) -> str:
    """(year, "Good Friday") → "1998-04-10": a day counted from that year's Easter."""
    year = _bounded_int(args[0], "year", 326, 9999)
    offset = int(lookup(tables["holiday_easter"], args[1]))
    try:
        return written_iso(easter_day(year) + offset)
    except CalendarError as exc:
        raise ConversionError(str(exc)) from None


# In March, May, July and October the Nones and Ides fall two days later (7th, 15th)
_ROMAN_LATE_MONTHS = frozenset({3, 5, 7, 10})


def _roman_day(args: tuple[str | None, ...], tables: Tables) -> str:
    """("Ides", "March") → "15": the day of the month a Roman reckoning names (the words
    from the ``roman_day_early`` and ``roman_day_late`` tables: Kalends the 1st, Nones the
    5th or 7th, Ides the 13th or 15th)."""
    month = int(lookup(tables["month"], args[1]))
    late = month in _ROMAN_LATE_MONTHS
    return f"{int(lookup(tables['roman_day_late' if late else 'roman_day_early'], args[0])):02d}"


# {o:millennium}, {o,h,k:century_part}, {y,h:easter}, {r,m:roman_day}
CONVERTERS: dict[str, Converter] = {
    "roman_day": Converter(_roman_day, 2, "15"),
    "millennium": Converter(_millennium, 1, "2"),
    "century_part": Converter(_century_part, 3, "1450-01-01/1499-12-31"),
    "easter": Converter(_easter, 2, "1998-04-10"),
}


def calendar_converters(names: CalendarNames) -> dict[str, Converter]:
    """{d,m,y:hijri_day}, {m,y:hijri_month}, {y:hijri_year} and the same for jalali_
    (Solar Hijri), reading month names and era words from the language's ``names``."""

    def hijri(text: str) -> int:
        return hijri_month(text, names)

    def jalali(text: str) -> int:
        return jalali_month(text, names)

    era = names.era
    return {
        "hijri_day": Converter(_calendar(islamic, hijri, era, 3), 3, "2020-08-20"),
        "hijri_month": Converter(_calendar(islamic, hijri, era, 2), 2, "2020-04-24/2020-05-23"),
        "hijri_year": Converter(_calendar(islamic, hijri, era, 1), 1, "2019-08-31/2020-08-19"),
        "jalali_day": Converter(_calendar(persian, jalali, era, 3), 3, "2020-07-22"),
        "jalali_month": Converter(_calendar(persian, jalali, era, 2), 2, "2020-07-22/2020-08-21"),
        "jalali_year": Converter(_calendar(persian, jalali, era, 1), 1, "2020-03-20/2021-03-20"),
    }
