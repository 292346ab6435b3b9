"""Dates as a historian writes them: BC and AD dates with a day, month or season, and one
calendar policy on every path (dates as written, Julian before the Gregorian reform)."""

from __future__ import annotations

import pytest

from timeline.calendar import (
    GREGORIAN_START,
    day_number,
    julian_day_number,
    written_day_number,
    written_iso,
)
from timeline.tagger import tag
from timeline.tagger.timex import Timex


def dates(text: str, dct: str | None = None, **options: str) -> list[Timex]:
    return list(tag(text, dct, doc_type="news" if dct else "narrative", **options).timexes)


def one(text: str, dct: str | None = None, **options: str) -> Timex:
    (t,) = dates(text, dct, **options)
    return t


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        # a BC year joins its day and month like an AD one: one date, not "March" + "44 BC"
        ("Caesar was killed on 15 March 44 BC.", "15 March 44 BC", "-0043-03-15"),
        ("Philip won at Chaeronea on 2 August 338 BC.", "2 August 338 BC", "-0337-08-02"),
        ("The fleet sailed on August 2, 249 BC.", "August 2, 249 BC", "-0248-08-02"),
        ("The senate fled in January 49 BC.", "January 49 BC", "-0048-01"),
        ("Hannibal marched out in the spring of 216 BC.", "the spring of 216 BC", "-0215-SP"),
        ("He fell on the Ides of March, 44 BC.", "the Ides of March, 44 BC", "-0043-03-15"),
        ("They met on the Nones of July, 60 BC.", "the Nones of July, 60 BC", "-0059-07-07"),
        ("The Kalends of March, 45 BC, passed.", "The Kalends of March, 45 BC", "-0044-03-01"),
        ("Varus lost three legions in AD 9 September.", "AD 9 September", "0009-09"),
        ("Varus lost three legions in September AD 9.", "September AD 9", "0009-09"),
        ("Augustus died on 19 August AD 14.", "19 August AD 14", "0014-08-19"),
        ("Vesuvius erupted on 24 August 79 CE.", "24 August 79 CE", "0079-08-24"),
        ("The revolt began in the summer of AD 66.", "the summer of AD 66", "0066-SU"),
        ("Charlemagne was crowned on 25 December 800.", "25 December 800", "0800-12-25"),
        ("The war ran (149 B.C to 146 B.C) in Africa.", "149 B.C", "-0148"),
    ],
)
def test_era_dates_join_their_day_month_and_season(text: str, found: str, value: str) -> None:
    t = dates(text)[0]
    assert (t.text, t.value, t.resolved) == (found, value, True)


def test_a_roman_day_without_a_year_takes_the_storys() -> None:
    result = dates("In 44 BC the conspirators chose the Ides of March.")
    assert [(t.text, t.value) for t in result] == [
        ("44 BC", "-0043"),
        ("the Ides of March", "-0043-03-15"),
    ]


def test_counts_are_not_three_digit_years() -> None:
    assert dates("On 5 May 300 soldiers died.") == []


def test_julian_dates_are_written_as_the_source_writes_them() -> None:
    """Before 15 October 1582 a date is the Julian date the source gives; its bounds are the
    true days, so that it sorts with every other date."""
    written = one("Harold died on 14 October 1066.")
    assert (written.value, written.calendar) == ("1066-10-14", "julian")
    assert written.lower == written.upper == julian_day_number(1066, 10, 14)
    assert written.lower == day_number(1066, 10, 20)  # the proleptic Gregorian 20 October
    assert written_iso(written.lower) == "1066-10-14"
    ides = one("Caesar was killed on 15 March 44 BC.")
    assert ides.lower == day_number(-43, 3, 13) and ides.calendar == "julian"
    modern = one("The treaty was signed on 28 June 1919.")
    assert modern.calendar == "gregorian" and modern.lower == day_number(1919, 6, 28)


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        # every computed date follows the same policy: Easter, the feasts counted from it,
        # fixed feasts, and the conversions from other calendars
        ("William was crowned at Easter 1066.", "Easter 1066", "1066-04-16"),
        ("The comet was seen on 16 April 1066.", "16 April 1066", "1066-04-16"),
        ("The bishop died on Good Friday 1066.", "Good Friday 1066", "1066-04-14"),
        ("The king was crowned on Christmas Day, 1066.", "Christmas Day, 1066", "1066-12-25"),
        ("The Hijra fell on 1 Muharram 1 AH.", "1 Muharram 1 AH", "0622-07-16"),
        ("The mosque was finished in Ramadan 500 AH.", "Ramadan 500 AH", "1107-04-26/1107-05-25"),
        ("The reign began on 1 Farvardin 400 SH.", "1 Farvardin 400 SH", "1021-03-15"),
        # from the reform on, the Gregorian calendar
        ("The Rising began at Easter 1916.", "Easter 1916", "1916-04-23"),
        ("The decree is dated 1 Muharram 1442.", "1 Muharram 1442", "2020-08-20"),
    ],
)
def test_every_path_follows_one_calendar(text: str, found: str, value: str) -> None:
    t = one(text)
    assert (t.text, t.value) == (found, value)
    assert t.calendar == ("julian" if t.lower < GREGORIAN_START else "gregorian")


def test_easter_and_its_date_written_out_are_the_same_day() -> None:
    easter, written = dates("Easter 1066 fell on 16 April 1066.")
    assert (easter.lower, easter.value) == (written.lower, written.value)


def test_the_opt_in_conversion_writes_proleptic_gregorian_days() -> None:
    t = one("Harold died on 14 October 1066.", calendar="gregorian")
    assert (t.value, t.calendar, t.lower) == ("1066-10-20", "gregorian", day_number(1066, 10, 20))
    # a month or a year keeps its name; its bounds are the true days either way
    month = one("The fleet sailed in September 1066.", calendar="gregorian")
    assert (month.value, month.calendar) == ("1066-09", "julian")
    assert month.lower == written_day_number(1066, 9, 1)
    # an interval of days from another calendar is converted too
    hijri = one("The Hijra fell on 1 Muharram 1 AH.", calendar="gregorian")
    assert hijri.value == "0622-07-19"
    # after the reform nothing changes
    assert one("It happened on 28 June 1919.", calendar="gregorian").value == "1919-06-28"


def test_the_reform_itself() -> None:
    """Julian 4 October 1582 was followed by Gregorian 15 October; the days between were
    never written, and October 1582 had 21 days."""
    last, first = dates("Teresa died on 4 October 1582 and was buried on 15 October 1582.")
    assert first.lower - last.lower == 1
    assert dates("Nothing happened on 10 October 1582.")[0].resolved is False
    october = one("The calendar changed in October 1582.")
    assert october.upper - october.lower + 1 == 21


def test_julian_leap_days_exist_before_the_reform() -> None:
    t = one("The town burned on 29 February 1100.")  # 1100: Julian leap year, not Gregorian
    assert t.resolved and t.value == "1100-02-29"


def test_relative_dates_count_in_the_julian_calendar_before_the_reform() -> None:
    first, after = dates("The fleet landed on 28 February 1100. The next day it sailed.")
    assert after.value == "1100-02-29" and after.lower == first.lower + 1


@pytest.mark.parametrize(
    ("text", "found", "value", "mod", "first", "last"),
    [
        # the other ways a BC date is written: dots, BCE, month first, a weekday, a season
        ("Caesar was killed on 15 March 44 B.C.", "15 March 44 B.C.", "-0043-03-15", None,
         (-43, 3, 15), (-43, 3, 15)),
        ("Caesar was killed on 15 March 44 BCE.", "15 March 44 BCE", "-0043-03-15", None,
         (-43, 3, 15), (-43, 3, 15)),
        ("Caesar was killed on March 15, 44 B.C.E., in the senate.", "March 15, 44 B.C.E.",
         "-0043-03-15", None, (-43, 3, 15), (-43, 3, 15)),
        ("Caesar was killed on Friday, 15 March 44 BC.", "Friday, 15 March 44 BC",
         "-0043-03-15", None, (-43, 3, 15), (-43, 3, 15)),
        ("Caesar was killed on the 15th of March, 44 BC.", "the 15th of March, 44 BC",
         "-0043-03-15", None, (-43, 3, 15), (-43, 3, 15)),
        ("Caesar was killed in March 44 B.C.", "March 44 B.C.", "-0043-03", None,
         (-43, 3, 1), (-43, 3, 31)),
        ("Caesar was killed in the spring of 44 BC.", "the spring of 44 BC", "-0043-SP", None,
         (-43, 3, 1), (-43, 5, 31)),
        ("Caesar was killed in spring 44 BCE.", "spring 44 BCE", "-0043-SP", None,
         (-43, 3, 1), (-43, 5, 31)),
        ("The winter of 44 BC was mild.", "The winter of 44 BC", "-0043-WI", None,
         (-43, 12, 1), (-42, 2, 28)),
        # parts of months, days and years, as an AD date has them
        ("Caesar was killed in early March 44 BC.", "early March 44 BC", "-0043-03", "EARLY",
         (-43, 3, 1), (-43, 3, 11)),
        ("Caesar was killed in mid-March 44 BC.", "mid-March 44 BC", "-0043-03", "MID",
         (-43, 3, 12), (-43, 3, 21)),
        ("Antony fled at the end of March 44 BC.", "the end of March 44 BC", "-0043-03", "END",
         (-43, 3, 22), (-43, 3, 31)),
        ("Calpurnia dreamt on the night of 14 March 44 BC.", "the night of 14 March 44 BC",
         "-0043-03-14TNI", None, (-43, 3, 14), (-43, 3, 14)),
        ("The triumvirs met in the second half of 41 BC.", "the second half of 41 BC",
         "-0040-H2", None, (-40, 7, 1), (-40, 12, 31)),
    ],
)  # fmt: skip
def test_every_bc_form_is_one_date_with_julian_bounds(text, found, value, mod, first, last):
    """One expression, not a month or a season beside a separate "44 BC"; its bounds are the
    true days of the Julian dates it names."""
    (t,) = dates(text)
    assert (t.text, t.value, t.mod, t.calendar) == (found, value, mod, "julian")
    assert (t.lower, t.upper) == (julian_day_number(*first), julian_day_number(*last))


@pytest.mark.parametrize(
    "text",
    [
        "The games ran on 15–17 March 44 BC.",
        "The games ran from 15 to 17 March 44 BC.",
    ],
)
def test_two_days_of_a_bc_month(text: str) -> None:
    assert [(t.text, t.value) for t in dates(text)] == [
        ("15", "-0043-03-15"),
        ("17 March 44 BC", "-0043-03-17"),
    ]


def test_two_seasons_of_a_bc_year() -> None:
    result = dates("Brutus raised his legions in the summer and autumn of 43 BC.")
    assert [(t.text, t.value) for t in result] == [
        ("the summer", "-0042-SU"),
        ("autumn of 43 BC", "-0042-FA"),
    ]


def test_a_story_counts_on_from_a_bc_day() -> None:
    killed, later = dates("Caesar was killed on 15 March 44 BC. Two days later the senate met.")
    assert (later.value, later.lower) == ("-0043-03-17", killed.lower + 2)


def test_the_opt_in_conversion_converts_easter_and_the_day_written_out_alike() -> None:
    """Easter 1066 and 16 April 1066 are one day on every path, in either calendar."""
    easter, written = dates("Easter 1066 fell on 16 April 1066.", calendar="gregorian")
    assert (easter.value, written.value) == ("1066-04-22", "1066-04-22")
    assert easter.lower == written.lower == julian_day_number(1066, 4, 16)
    assert easter.calendar == written.calendar == "gregorian"
    # a BC day, and a day counted from another, are converted too
    assert one("Caesar was killed on 15 March 44 BC.", calendar="gregorian").value == (
        "-0043-03-13"
    )
    text = "Harold died on 14 October 1066. The next day William buried the dead."
    assert [t.value for t in dates(text)] == ["1066-10-14", "1066-10-15"]
    assert [t.value for t in dates(text, calendar="gregorian")] == ["1066-10-20", "1066-10-21"]


def test_a_winter_before_the_reform_is_written_in_the_julian_calendar() -> None:
    """A season's value ("1066-WI") is not an ISO week: its calendar is the Julian one."""
    winter = one("The winter of 1066 was hard.")
    assert (winter.value, winter.calendar) == ("1066-WI", "julian")
    assert winter.lower == julian_day_number(1066, 12, 1)
    assert one("The winter of 1916 was hard.").calendar == "gregorian"
    _, week = dates("On 1 April 1066 the fleet gathered. The next week it sailed.")
    assert (week.value, week.calendar) == ("1066-W15", "gregorian")  # ISO weeks: Gregorian
