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
