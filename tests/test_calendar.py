import datetime

import pytest

from timeline.calendar import (
    MAX_DAY,
    MIN_DAY,
    CalendarError,
    day_number,
    iso,
    iso_week,
    iso_week_start,
    parse_iso_day,
    to_ymd,
    weekday,
)


@pytest.mark.parametrize(
    "d",
    [
        datetime.date(1, 1, 1),
        datetime.date(1600, 2, 29),
        datetime.date(2020, 7, 21),
        datetime.date(9999, 12, 31),
    ],
)
def test_day_numbers_match_python_ordinals(d):
    n = day_number(d.year, d.month, d.day)
    assert n == d.toordinal()
    assert to_ymd(n) == (d.year, d.month, d.day)
    assert weekday(n) == d.isoweekday()


def test_round_trip_across_the_whole_range_including_bce():
    for n in range(MIN_DAY, MAX_DAY + 1, 997):
        assert day_number(*to_ymd(n)) == n
    assert to_ymd(MIN_DAY) == (-9999, 1, 1)
    assert to_ymd(MAX_DAY) == (9999, 12, 31)


def test_bce_dates_use_astronomical_years():
    ides = day_number(-43, 3, 15)  # 15 March 44 BC
    assert iso(ides) == "-0043-03-15"
    assert parse_iso_day("-0043-03-15") == ides
    assert day_number(0, 12, 31) == 0 and day_number(1, 1, 1) == 1  # 1 BC is year 0
    assert day_number(-4, 2, 29)  # 5 BC is a leap year in the proleptic calendar


def test_iso_weeks():
    assert iso_week(day_number(2020, 7, 21)) == (2020, 30)
    assert iso(iso_week_start(2020, 30)) == "2020-07-20"
    assert iso_week(day_number(2021, 1, 1)) == (2020, 53)


@pytest.mark.parametrize("args", [(2020, 2, 30), (2021, 13, 1), (10000, 1, 1), (-10000, 1, 1)])
def test_impossible_dates_raise(args):
    with pytest.raises(CalendarError):
        day_number(*args)


def test_julian_day_numbers_match_convertdate():
    from convertdate import gregorian, julian

    from timeline.calendar import julian_day_number, julian_ymd

    for y, m, d in [(1582, 10, 4), (1066, 4, 16), (-43, 3, 15), (1, 1, 1), (0, 2, 29)]:
        n = julian_day_number(y, m, d)
        assert to_ymd(n) == gregorian.from_jd(julian.to_jd(y, m, d))
        assert julian_ymd(n) == (y, m, d)
    for n in range(MIN_DAY, MAX_DAY + 1, 991):
        assert julian_day_number(*julian_ymd(n)) == n


def test_dates_are_written_in_the_calendar_of_their_time():
    from timeline.calendar import (
        GREGORIAN_START,
        parse_written_day,
        written_day_number,
        written_days_in_month,
        written_iso,
        written_ymd,
    )

    assert written_iso(GREGORIAN_START - 1) == "1582-10-04"  # Julian Thursday 4 October
    assert written_iso(GREGORIAN_START) == "1582-10-15"  # Gregorian Friday 15 October
    assert weekday(GREGORIAN_START) == 5
    assert written_day_number(1582, 10, 15) == day_number(1582, 10, 15)
    assert written_day_number(1066, 10, 14) == day_number(1066, 10, 20)
    assert parse_written_day("-0043-03-15") == day_number(-43, 3, 13)
    assert written_days_in_month(1100, 2) == 29 and written_days_in_month(1700, 2) == 28
    for n in range(MIN_DAY, MAX_DAY + 1, 997):
        assert written_day_number(*written_ymd(n)) == n
    with pytest.raises(CalendarError):
        written_day_number(1582, 10, 10)  # skipped by the reform
