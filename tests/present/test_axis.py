"""The time axis: decimal-year coordinates, ticks, the shown range and zoom windows."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.calendar import MAX_DAY, MIN_DAY, day_number, to_ymd
from timeline.present.axis import decimal_year, padded_range, tick_step, ticks

D = day_number


# coordinates -----------------------------------------------------------------------------


def test_decimal_year_places_a_day_by_its_share_of_the_year():
    # 2020-07-21 is day 203 of a leap year: its middle is 202.5 / 366 into 2020
    assert decimal_year(D(2020, 7, 21)) == pytest.approx(2020 + 202.5 / 366)
    assert decimal_year(D(2020, 1, 1), 0.0) == 2020.0
    assert decimal_year(D(2019, 12, 31), 1.0) == pytest.approx(2020.0)


def test_decimal_year_bce_uses_astronomical_years():
    # 44 BC is year -43 and covers [-43, -42): the Ides of March are day 74 of 365
    assert decimal_year(D(-43, 3, 15)) == pytest.approx(-43 + 73.5 / 365)
    assert decimal_year(D(0, 1, 1), 0.0) == 0.0  # 1 BC starts at 0
    assert decimal_year(D(0, 12, 31), 1.0) == pytest.approx(1.0)  # and ends where AD 1 starts
    assert decimal_year(D(1, 1, 1), 0.0) == 1.0


@given(st.integers(MIN_DAY, MAX_DAY - 1))
def test_decimal_years_tile_the_axis(number):
    start, middle, end = (decimal_year(number, f) for f in (0.0, 0.5, 1.0))
    assert start < middle < end
    assert end == pytest.approx(decimal_year(number + 1, 0.0), abs=1e-9)
    assert math.floor(middle) == to_ymd(number)[0]


# ticks -----------------------------------------------------------------------------------


def labels(x0: float, x1: float, max_ticks: int = 10) -> list[str]:
    return [t.label for t in ticks(x0, x1, max_ticks)]


def test_ticks_for_a_week_are_days_under_the_middle_of_each_day():
    x0, x1 = decimal_year(D(2020, 7, 18), 0.0), decimal_year(D(2020, 7, 24), 1.0)
    found = ticks(x0, x1)
    assert [t.label for t in found] == [f"{d} Jul 2020" for d in range(18, 25)]
    assert found[3].x == pytest.approx(decimal_year(D(2020, 7, 21)))


def test_ticks_for_a_couple_of_months_are_weekly_days():
    x0, x1 = decimal_year(D(2020, 1, 1), 0.0), decimal_year(D(2020, 2, 28), 1.0)
    assert labels(x0, x1) == ["1 Jan 2020", "8 Jan 2020", "15 Jan 2020", "22 Jan 2020",
                              "1 Feb 2020", "8 Feb 2020", "15 Feb 2020", "22 Feb 2020"]  # fmt: skip


def test_ticks_for_a_year_are_months():
    assert labels(2020.0, 2021.0, 12) == [f"{m} 2020" for m in (
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    )] + ["Jan 2021"]  # fmt: skip
    assert labels(2019.45, 2020.7, 8) == [
        "Jul 2019", "Sep 2019", "Nov 2019", "Jan 2020", "Mar 2020", "May 2020", "Jul 2020",
        "Sep 2020",
    ]  # fmt: skip


def test_ticks_for_decades_and_centuries_are_round_years():
    assert labels(1978.4, 2022.6) == ["1980", "1985", "1990", "1995", "2000", "2005", "2010",
                                      "2015", "2020"]  # fmt: skip
    assert labels(1500, 2000, 6) == ["1500", "1600", "1700", "1800", "1900", "2000"]


def test_ticks_across_the_era_count_bc_years_backwards_and_skip_year_zero():
    # 44 BC to AD 79: BC ticks at round BC years, then AD 1 (there is no year 0)
    assert labels(-106.1, 86.8) == ["100 BC", "80 BC", "60 BC", "40 BC", "20 BC", "AD 1",
                                    "AD 20", "AD 40", "AD 60", "AD 80"]  # fmt: skip
    found = ticks(-106.1, 86.8)
    assert [t.x for t in found][:6] == [-99, -79, -59, -39, -19, 1]
    assert labels(-3200, 2100, 12) == ["3000 BC", "2500 BC", "2000 BC", "1500 BC", "1000 BC",
                                   "500 BC", "AD 1", "AD 500", "AD 1000", "AD 1500",
                                   "AD 2000"]  # fmt: skip


def test_ticks_within_bce_months():
    x0, x1 = decimal_year(D(-43, 1, 1), 0.0), decimal_year(D(-43, 12, 31), 1.0)
    assert labels(x0, x1, 6)[:3] == ["Jan 44 BC", "Mar 44 BC", "May 44 BC"]


@pytest.mark.parametrize(
    ("x0", "x1"),
    [
        (2020.55, 2020.553),  # under a day
        (2020.5, 2020.52),
        (2020.0, 2020.3),
        (1980, 2021),
        (1, 2),
        (-0.5, 0.5),
        (-9999, 10000),
        (-500.3, -480.9),
        (1066.2, 1066.9),
    ],
)
@pytest.mark.parametrize("max_ticks", [2, 5, 10, 14])
def test_ticks_stay_in_range_in_order_and_within_the_count(x0, x1, max_ticks):
    found = ticks(x0, x1, max_ticks)
    xs = [t.x for t in found]
    assert xs == sorted(set(xs))
    assert all(x0 <= x <= x1 for x in xs)
    # the step keeps the count near the limit; era boundaries and short months add one or two
    assert len(found) <= max_ticks + 2
    assert all(t.label for t in found)


def test_tick_steps_grow_with_the_span():
    assert tick_step(2020.0, 2020.01) == ("day", 1)
    assert tick_step(2020.0, 2020.5) == ("month", 1)
    assert tick_step(1980, 2020) == ("year", 5)
    assert tick_step(-3000, 2000) == ("year", 500)
    assert ticks(2021, 2020) == ()
    assert ticks(float("nan"), 2020) == ()


def test_padded_range_widens_a_single_day_to_a_week():
    x0, x1 = decimal_year(D(2020, 7, 21), 0.0), decimal_year(D(2020, 7, 21), 1.0)
    lo, hi = padded_range(x0, x1)
    assert hi - lo == pytest.approx(7 / 365.2425)
    assert lo < x0 < x1 < hi
    lo, hi = padded_range(1980.0, 2021.0)
    assert lo < 1980 and hi > 2021


# zoom buttons ----------------------------------------------------------------------------
