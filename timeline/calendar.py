"""Day numbers for any year from 9999 BCE to 9999 CE, and the calendar dates are written in.

Python's ``date`` stops at year 1 and pandas at 1677, so bounds are stored as integer
*day numbers*: the same numbering as ``date.toordinal()`` (0001-01-01 is day 1), extended
backwards. Years use astronomical numbering: 1 BC is year 0, 44 BC is year -43.

A day number counts true days, whatever calendar named them. :func:`day_number`,
:func:`to_ymd` and :func:`iso` read and write them in the proleptic Gregorian calendar.
The tagger writes dates **as a Western source writes them** (the calendar policy,
documented in ``timeline/resources/README.md``): in the Julian calendar before the
Gregorian reform (15 October 1582, :data:`GREGORIAN_START`), in the Gregorian calendar
from then on. The ``written_*`` functions read and write that calendar: ``15 March 44 BC``
is Julian ``-0043-03-15``, true day ``written_day_number(-43, 3, 15)``
(``day_number(-43, 3, 13)``); from 15 October 1582 they equal the Gregorian ones.
"""

from __future__ import annotations

import re

MIN_YEAR = -9999
MAX_YEAR = 9999

# days from 0000-03-01 to 1970-01-01 in Hinnant's algorithm, and 1970-01-01's ordinal
_UNIX_EPOCH_ORDINAL = 719163


class CalendarError(ValueError):
    """A date that does not exist or lies outside the supported range."""


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarError(f"year {year} is outside the supported range {MIN_YEAR}..{MAX_YEAR}")


def day_number(year: int, month: int = 1, day: int = 1) -> int:
    """Day number of a proleptic Gregorian date (0001-01-01 is 1)."""
    check_year(year)
    if not 1 <= month <= 12:
        raise CalendarError(f"month {month} does not exist")
    if not 1 <= day <= days_in_month(year, month):
        raise CalendarError(f"{year:04d}-{month:02d} has no day {day}")
    # Howard Hinnant's days_from_civil: exact for negative years too.
    y = year - (1 if month <= 2 else 0)
    era = y // 400  # floor division: Hinnant's C code emulates it
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468 + _UNIX_EPOCH_ORDINAL


def to_ymd(number: int) -> tuple[int, int, int]:
    """Inverse of :func:`day_number`."""
    z = number - _UNIX_EPOCH_ORDINAL + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (1 if m <= 2 else 0), m, d)


MIN_DAY = day_number(MIN_YEAR, 1, 1)
MAX_DAY = day_number(MAX_YEAR, 12, 31)


def format_year(year: int) -> str:
    """ISO 8601 year: four digits, a minus sign before BCE (astronomical) years."""
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def iso(number: int) -> str:
    """ISO text of a day number: ``2020-07-21``, ``-0043-03-15``."""
    y, m, d = to_ymd(number)
    return f"{format_year(y)}-{m:02d}-{d:02d}"


def weekday(number: int) -> int:
    """ISO weekday, Monday = 1 … Sunday = 7."""
    return (number - 1) % 7 + 1


def year_bounds(year: int) -> tuple[int, int]:
    return day_number(year, 1, 1), day_number(year, 12, 31)


def month_bounds(year: int, month: int) -> tuple[int, int]:
    return day_number(year, month, 1), day_number(year, month, days_in_month(year, month))


def iso_week_start(year: int, week: int) -> int:
    """Day number of the Monday of ISO week ``week`` of ``year``."""
    jan4 = day_number(year, 1, 4)
    return jan4 - (weekday(jan4) - 1) + (week - 1) * 7


def iso_week(number: int) -> tuple[int, int]:
    """(ISO week-numbering year, week) of a day number."""
    y, _, _ = to_ymd(number)
    thursday = number + 4 - weekday(number)
    ty, _, _ = to_ymd(thursday)
    return ty, (thursday - day_number(ty, 1, 1)) // 7 + 1


_ISO_DAY = re.compile(r"^(-?)(\d{4})-(\d{2})-(\d{2})$")


def parse_iso_day(text: str) -> int:
    """Day number of ``YYYY-MM-DD`` (a leading minus for BCE years)."""
    match = _ISO_DAY.match(text.strip())
    if not match:
        raise CalendarError(f"not an ISO date (YYYY-MM-DD): {text!r}")
    sign, y, m, d = match.groups()
    year = -int(y) if sign else int(y)
    return day_number(year, int(m), int(d))


# --------------------------------------------------------------------------- Julian

# the first day of the Gregorian calendar: Friday 15 October 1582, the day after Julian
# Thursday 4 October 1582 (5-14 October 1582 were never written in the Western calendar)
REFORM = (1582, 10, 15)
GREGORIAN_START = day_number(*REFORM)
_JULIAN_SHIFT = 2500  # whole 4-year cycles added so that the arithmetic runs on positive years


def is_julian_leap(year: int) -> bool:
    return year % 4 == 0  # astronomical years: 1 BC (year 0) and 5 BC (-4) are leap


def julian_days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_julian_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def julian_day_number(year: int, month: int = 1, day: int = 1) -> int:
    """The true day number of a date of the (proleptic) Julian calendar."""
    check_year(year)
    if not 1 <= month <= 12:
        raise CalendarError(f"month {month} does not exist")
    if not 1 <= day <= julian_days_in_month(year, month):
        raise CalendarError(f"{year:04d}-{month:02d} has no day {day} (Julian calendar)")
    y = year + 4 * _JULIAN_SHIFT - (1 if month <= 2 else 0)
    mp = (month + 9) % 12
    days = 365 * y + y // 4 + (153 * mp + 2) // 5 + day - 1  # days from Julian 0000-03-01
    # Julian 0001-01-01 is Gregorian 0000-12-30, day -1; 306 days from 0000-03-01 to 0001-01-01
    return days - 1461 * _JULIAN_SHIFT - 306 - 1


def julian_ymd(number: int) -> tuple[int, int, int]:
    """Inverse of :func:`julian_day_number`."""
    days = number + 1 + 306 + 1461 * _JULIAN_SHIFT
    y, rest = divmod(4 * days + 3, 1461)
    doy = rest // 4
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return y + (1 if m <= 2 else 0) - 4 * _JULIAN_SHIFT, m, d


# --------------------------------------------------------------------------- as written


def written_days_in_month(year: int, month: int) -> int:
    """The length of a month as the calendar of its time had it (Julian before the reform)."""
    if (year, month) < REFORM[:2]:
        return julian_days_in_month(year, month)
    return days_in_month(year, month)


def written_day_number(year: int, month: int = 1, day: int = 1) -> int:
    """The true day number of a date written in the calendar of its time: Julian before
    15 October 1582, Gregorian from then on (5-14 October 1582 did not exist)."""
    if (year, month, day) >= REFORM:
        return day_number(year, month, day)
    if (year, month) == REFORM[:2] and day > 4:
        raise CalendarError(f"{year:04d}-10-{day:02d} was skipped by the Gregorian reform")
    return julian_day_number(year, month, day)


def written_ymd(number: int) -> tuple[int, int, int]:
    """(year, month, day) of a true day number in the calendar of its time."""
    return to_ymd(number) if number >= GREGORIAN_START else julian_ymd(number)


def written_iso(number: int) -> str:
    """ISO-style text of a day in the calendar of its time: ``-0043-03-15`` (Julian)."""
    y, m, d = written_ymd(number)
    return f"{format_year(y)}-{m:02d}-{d:02d}"


def written_month_bounds(year: int, month: int) -> tuple[int, int]:
    last = written_days_in_month(year, month)
    return written_day_number(year, month, 1), written_day_number(year, month, last)


def written_year_bounds(year: int) -> tuple[int, int]:
    return written_day_number(year, 1, 1), written_day_number(year, 12, 31)


def parse_written_day(text: str) -> int:
    """Day number of ``YYYY-MM-DD`` written in the calendar of its time."""
    match = _ISO_DAY.match(text.strip())
    if not match:
        raise CalendarError(f"not an ISO date (YYYY-MM-DD): {text!r}")
    sign, y, m, d = match.groups()
    return written_day_number(-int(y) if sign else int(y), int(m), int(d))


def is_julian(number: int) -> bool:
    """Whether a true day falls before the Gregorian reform (written in the Julian calendar)."""
    return number < GREGORIAN_START


def easter_day(year: int) -> int:
    """The true day of Easter Sunday in ``year``: the Gregorian computus from 1583, before
    that the Julian one (the date the Church kept then; :func:`written_iso` writes it as the
    Julian date it was, e.g. 16 April 1066)."""
    from dateutil.easter import EASTER_JULIAN, EASTER_WESTERN, easter

    if year >= 1583:
        d = easter(year, EASTER_WESTERN)
        return day_number(d.year, d.month, d.day)
    if year < 326:
        raise CalendarError("Easter was not fixed before AD 326")
    d = easter(year, EASTER_JULIAN)  # a date of the Julian calendar
    return julian_day_number(d.year, d.month, d.day)


def week_of_month(year: int, month: int, which: str) -> str:
    """The ISO week ("2020-W10") of "the first week of March", "the last week of June": as ISO
    counts the first week of a year, the week holding the month's 4th day (then the 11th,
    18th, 25th), and for "L" the week holding its last day but three, so that most of the
    week lies in the month."""
    last = written_days_in_month(year, month)
    if which == "L":
        day = written_day_number(year, month, last - 3)
    else:
        day = written_day_number(year, month, min(7 * (int(which) - 1) + 4, last))
    week_year, week = iso_week(day)
    return f"{format_year(week_year)}-W{week:02d}"
