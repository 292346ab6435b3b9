"""Converters for historians' dates: millennia and other calendars (Hijri, Solar Hijri).

Rules use them like the built-in converters (``{o:millennium}``, ``{d,m,y:hijri_day}``).
A date of another calendar is converted to Gregorian days with ``convertdate``: a day
gives a Gregorian day (``1 Muharram 1442`` → ``2020-08-20``); a month or a year, which
do not line up with Gregorian months, give an interval of days
(``Ramadan 1441 AH`` → ``2020-04-24/2020-05-23``). The Hijri calendar is the tabular
(arithmetical) one: an observed month may start a day earlier or later.
"""

from __future__ import annotations

import re
import unicodedata

from convertdate import islamic, persian

from timeline.calendar import CalendarError, easter_day, format_year, iso
from timeline.tagger.converters import (
    ConversionError,
    Converter,
    Tables,
    _century,
    _ordinal,
    lookup,
)

_HIJRI_MONTHS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), number)
    for pattern, number in (
        (r"^muharr[ae]m$", 1),
        (r"^safar$", 2),
        (r"^rabi(?:al|ul|el)?(?:awwal|awal|i|1)$", 3),
        (r"^rabi(?:al|ul|el)?(?:thani|thaani|akhir|akhar|aakhir|ii|2)$", 4),
        (r"^jumad[ai](?:al|ul|el)?(?:awwal|awal|ula|oola|ulaa|i|1)$", 5),
        (r"^jumad[ai](?:al|ul|el)?(?:thaniy?a?h?|akhira?h?|aakhirah|ii|2)$", 6),
        (r"^rajab$", 7),
        (r"^shaa?ban$", 8),
        (r"^rama[dz]h?an$", 9),
        (r"^shaww?al$", 10),
        (r"^(?:dhu|zu)(?:a?l)?qa(?:a)?d(?:a|ah)?$", 11),
        (r"^(?:dhu|zu)(?:a?l)?hijj?(?:a|ah)$", 12),
    )
)

_JALALI_MONTHS = {
    "farvardin": 1,
    "ordibehesht": 2,
    "khordad": 3,
    "tir": 4,
    "mordad": 5,
    "amordad": 5,
    "shahrivar": 6,
    "mehr": 7,
    "aban": 8,
    "azar": 9,
    "adhar": 9,
    "dey": 10,
    "dei": 10,
    "bahman": 11,
    "esfand": 12,
    "espand": 12,
}


_ERA = re.compile(r"\s*(?:SH|AP|HS|AH|A\.H\.|Solar\s+Hijri)\s*$")


def _letters(text: str) -> str:
    """Lower-case ASCII letters and digits only ("Dhu'l-Qa'dah" → "dhulqadah")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def hijri_month(text: str) -> int:
    key = _letters(text)
    for pattern, number in _HIJRI_MONTHS:
        if pattern.match(key):
            return number
    raise ConversionError(f"{text!r} is not a Hijri month")


def jalali_month(text: str) -> int:
    try:
        return _JALALI_MONTHS[_letters(text)]
    except KeyError:
        raise ConversionError(f"{text!r} is not a Solar Hijri month") from None


def _iso(ymd: tuple[int, int, int]) -> str:
    y, m, d = ymd
    return f"{format_year(y)}-{m:02d}-{d:02d}"


def _number(text: str | None, what: str, low: int, high: int) -> int:
    if text is None or not text.strip().isdigit() or not low <= int(text) <= high:
        raise ConversionError(f"{text!r} is not a {what}")
    return int(text)


def _convert(module, month_of, args: tuple[str | None, ...]) -> str:
    """(day, month, year) of another calendar → a Gregorian day or interval of days."""
    day_text, month_text, year_text = args
    year = _number(_ERA.sub("", year_text or ""), "year", 1, 9000)
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
    day = _number(day_text.rstrip("stndrh"), "day", 1, length)
    return _iso(module.to_gregorian(year, month, day))


def _calendar(module, month_of, names: int):
    """A converter taking the last ``names`` of (day, month, year)."""

    def convert(args: tuple[str | None, ...], tables: Tables) -> str:
        return _convert(module, month_of, (None,) * (3 - names) + tuple(args))

    return convert


def _millennium(args: tuple[str | None, ...], tables: Tables) -> str:
    """ "third" / "3rd" (millennium) → "2" (the TIMEX3-style value names the thousands)."""
    number = int(_ordinal(args, tables))
    if not 1 <= number <= 10:
        raise ConversionError(f"millennium {number} out of range")
    return str(number - 1)


# the parts a century is told in: (how many parts, which) → its years, counted from the
# century's first year as TIMEX3 counts them ("the 15th century" is 1400-1499)
_CENTURY_PART_COUNT = {"half": 2, "third": 3, "quarter": 4, "decade": 10}
_CENTURY_PART_WHICH = {
    "first": 1, "former": 1, "second": 2, "third": 3, "fourth": 4, "latter": -1, "last": -1,
    "final": -1,
}  # fmt: skip


def _century_part(args: tuple[str | None, ...], tables: Tables) -> str:
    """("15th", "second", "half") → "1450-01-01/1499-12-31"; a decade → its digits
    ("20th", "first", "decade") → "190"."""
    century = int(_century(args[:1], tables))
    which = (args[1] or "").lower()
    kind = (args[2] or "").lower()
    if kind not in _CENTURY_PART_COUNT or which not in _CENTURY_PART_WHICH:
        raise ConversionError(f"no {which} {kind} of a century")
    count = _CENTURY_PART_COUNT[kind]
    index = _CENTURY_PART_WHICH[which]
    index = count if index == -1 else index
    if index > count:
        raise ConversionError(f"a century has no {which} {kind}")
    start = century * 100 + round(100 * (index - 1) / count)
    end = century * 100 + round(100 * index / count) - 1
    if kind == "decade":
        return f"{start // 10:03d}"
    return f"{start:04d}-01-01/{end:04d}-12-31"


def _easter(args: tuple[str | None, ...], tables: Tables) -> str:
    """(year, "Good Friday") → "1998-04-10": a day counted from that year's Easter."""
    year = _number(args[0], "year", 326, 9999)
    offset = int(lookup(tables["holiday_easter"], args[1]))
    try:
        return iso(easter_day(year) + offset)
    except CalendarError as exc:
        raise ConversionError(str(exc)) from None


# {d,m,y:hijri_day}, {m,y:hijri_month}, {y:hijri_year}; the same for jalali_ (Solar Hijri)
CONVERTERS = {
    "hijri_day": Converter(_calendar(islamic, hijri_month, 3), 3, "2020-08-20"),
    "hijri_month": Converter(_calendar(islamic, hijri_month, 2), 2, "2020-04-24/2020-05-23"),
    "hijri_year": Converter(_calendar(islamic, hijri_month, 1), 1, "2019-08-31/2020-08-19"),
    "jalali_day": Converter(_calendar(persian, jalali_month, 3), 3, "2020-07-22"),
    "jalali_month": Converter(_calendar(persian, jalali_month, 2), 2, "2020-07-22/2020-08-21"),
    "jalali_year": Converter(_calendar(persian, jalali_month, 1), 1, "2020-03-20/2021-03-20"),
    "millennium": Converter(_millennium, 1, "2"),
    "century_part": Converter(_century_part, 3, "1450-01-01/1499-12-31"),
    "easter": Converter(_easter, 2, "1998-04-10"),
}
