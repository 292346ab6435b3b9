"""Dates as people type them and files carry them, checked in one place.

- :func:`check_day`: a real day written ``YYYY-MM-DD`` (a leading minus for BCE years, in
  astronomical numbering): ``--published``, ``articles set-date``, metadata files;
- :func:`day_of_timestamp`: the day of an ISO date or date-time, as written (no time-zone
  shift): the published field of JSONL/CSV records and web pages;
- :func:`parse_published`: the published field of an export as it comes ("2022-06-20",
  "June 20, 2022", "20 June 2022", RFC 2822, ISO with a time and zone), with dateparser in
  strict mode;
- :func:`date_bound`: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or "100 BC", "AD 100",
  "100 CE", as the first or last day it can mean: the ``--from``/``--to`` of queries.

Each raises :class:`timeline.errors.BadDate` with a one-line message naming the value.
"""

from __future__ import annotations

import re
from functools import lru_cache

from timeline.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    CalendarError,
    day_number,
    days_in_month,
    parse_iso_day,
)
from timeline.errors import BadDate

_ISO_DAY = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")
_ISO_DATE_TIME = re.compile(r"^(-?\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}\S*)?$")
_PARTIAL_DATE = re.compile(r"^(-?)(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_ERA_KEYS = ("bc_after", "ad_before", "ad_after")


@lru_cache(maxsize=1)
def _era_year() -> re.Pattern[str]:
    """A year with its era ("100 BC", "AD 100", "100 CE"), from the words of
    ``resources/en/dates.toml``; read at the first such date, not at start-up."""
    from timeline.resource_files import (
        RESOURCE_ROOT,
        ResourceError,
        check_keys,
        compile_regex,
        read_toml,
        words_regex,
    )

    path = RESOURCE_ROOT / "en" / "dates.toml"
    data = read_toml(path)
    check_keys(data, {"era"}, str(path))
    era = data.get("era")
    if not isinstance(era, dict):
        raise ResourceError(f"{path}: missing section [era]")
    check_keys(era, set(_ERA_KEYS), f"{path}: [era]")
    words = {}
    for key in _ERA_KEYS:
        value = era.get(key)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(w, str) and w.strip() for w in value)
        ):
            raise ResourceError(f"{path}: [era] {key} must be a non-empty list of words")
        words[key] = words_regex(value)
    bc = rf"(?P<bc>\d{{1,4}})\s*(?:{words['bc_after']})"  # "100 BC"
    ad = rf"(?:{words['ad_before']})\s*(?P<y>\d{{1,4}})"  # "AD 100"
    ad_after = rf"(?P<y2>\d{{1,4}})\s*(?:{words['ad_after']})"  # "100 CE"
    pattern = rf"^(?:{bc}|{ad}|{ad_after})$"
    return compile_regex(pattern, re.IGNORECASE, f"{path}: [era]")


def _real_day(day: str, shown: str, what: str) -> str:
    try:
        parse_iso_day(day)
    except CalendarError as exc:
        raise BadDate(f"bad {what} {shown!r}: {exc}") from None
    return day


def check_day(value: str, what: str = "date") -> str:
    """``value`` (stripped) if it is a real day written YYYY-MM-DD, else BadDate."""
    value = value.strip()
    if not _ISO_DAY.match(value):
        raise BadDate(f"bad {what} {value!r} (expected YYYY-MM-DD)")
    return _real_day(value, value, what)


def day_of_timestamp(value: str, what: str = "published date") -> str:
    """The day (YYYY-MM-DD) of an ISO date or date-time, as written, else BadDate."""
    value = value.strip()
    match = _ISO_DATE_TIME.match(value)
    if not match:
        raise BadDate(f"bad {what} {value!r} (expected YYYY-MM-DD or an ISO date-time)")
    return _real_day(match[1], value, what)


# dateparser, strict: a full date (day, month and year) written out, never a relative one
# ("yesterday" would be read against today's date); numbers month first unless told
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}


@lru_cache(maxsize=4096)  # an export repeats its dates: each is parsed once
def parse_published(value: str, *, dayfirst: bool = False, language: str = "en") -> str:
    """The day (YYYY-MM-DD) of a publication date as exports write it, else BadDate.

    ISO dates and date-times keep the day as written (a late-evening US timestamp is that
    evening's day, not the next UTC one), and so do RFC 2822 dates; "03/04/2022" is March 4,
    or with ``dayfirst`` April 3.
    """
    value = value.strip()
    if _ISO_DATE_TIME.match(value):
        return day_of_timestamp(value)
    import dateparser  # slow to import: only for dates that are not ISO

    settings = {**_DATEPARSER_SETTINGS, "DATE_ORDER": "DMY" if dayfirst else "MDY"}
    try:
        parsed = dateparser.parse(value, languages=[language], settings=settings)
    except (ValueError, OverflowError):  # dateparser's own errors on strange input
        parsed = None
    if parsed is None:
        raise BadDate(f"bad published date {value!r} (not a full date: day, month and year)")
    return f"{parsed.year:04d}-{parsed.month:02d}-{parsed.day:02d}"


def date_bound(text: str, *, end: bool = False) -> int:
    """Day number of YYYY, YYYY-MM or YYYY-MM-DD (a leading minus for BCE years, in
    astronomical numbering: ``-0099`` is 100 BC), or of "100 BC", "AD 100", "100 CE".

    A partial date means its first day, or with ``end`` its last day: ``--to 2020-01`` is
    up to 2020-01-31.
    """
    era = _era_year().match(text.strip())
    if era:  # "100 BC" is astronomical -0099; "AD 100" / "100 CE" is 0100
        bc = era.group("bc")
        digits = era.group("y") or era.group("y2") or bc
        year = 1 - int(digits) if bc else int(digits)
        if (bc and int(bc) == 0) or not MIN_YEAR <= year <= MAX_YEAR:
            raise BadDate(f"bad date {text!r}: year out of range")
        return day_number(year, 12, 31) if end else day_number(year, 1, 1)
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        raise BadDate(
            f"bad date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD (-0099 or 100 BC for BCE)"
        )
    sign, y, m, d = match.groups()
    year = -int(y) if sign else int(y)
    try:
        if m is None:
            return day_number(year, 12, 31) if end else day_number(year, 1, 1)
        month = int(m)
        if d is None:
            if not 1 <= month <= 12:
                raise CalendarError(f"month {month} does not exist")
            return day_number(year, month, days_in_month(year, month) if end else 1)
        return day_number(year, month, int(d))
    except CalendarError as exc:
        raise BadDate(f"bad date {text!r}: {exc}") from None
