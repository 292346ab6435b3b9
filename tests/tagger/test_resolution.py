"""Phase 2: values, bounds and mods; what stays unresolved, and why."""

from __future__ import annotations

import pytest

from timeline.calendar import MAX_DAY, MIN_DAY, parse_iso_day
from timeline.calendar import written_iso as iso  # bounds as the calendar of their time
from timeline.tagger import tag
from timeline.tagger.resolver import Anchor, resolve_against
from timeline.tagger.tense import Tense
from timeline.tagger.timex import Timex

DCT = "2020-07-21"  # a Tuesday


def only(text: str, dct: str | None = DCT) -> Timex:
    (t,) = tag(text, dct).timexes
    return t


def span(t: Timex) -> tuple[str, str] | None:
    return None if t.lower is None or t.upper is None else (iso(t.lower), iso(t.upper))


@pytest.mark.parametrize(
    ("value", "mod", "bounds", "granularity"),
    [
        ("2020-07-21", None, ("2020-07-21", "2020-07-21"), "day"),
        ("2020-07-21T14:30", None, ("2020-07-21", "2020-07-21"), "time"),
        ("2020-07-21TMO", None, ("2020-07-21", "2020-07-21"), "time"),
        ("2020-W30", None, ("2020-07-20", "2020-07-26"), "week"),
        ("2020-W53", None, ("2020-12-28", "2021-01-03"), "week"),
        ("2019-W53", None, None, None),  # 2019 has 52 ISO weeks
        ("2020-W30-WE", None, ("2020-07-25", "2020-07-26"), "week"),
        ("1988-08", None, ("1988-08-01", "1988-08-31"), "month"),
        ("2019-Q3", None, ("2019-07-01", "2019-09-30"), "quarter"),
        ("2020-H1", None, ("2020-01-01", "2020-06-30"), "half"),
        ("2019-SU", None, ("2019-06-01", "2019-08-31"), "season"),
        ("2019-WI", None, ("2019-12-01", "2020-02-29"), "season"),  # into the next year
        ("2021-WI", None, ("2021-12-01", "2022-02-28"), "season"),
        ("2003", None, ("2003-01-01", "2003-12-31"), "year"),
        ("198", None, ("1980-01-01", "1989-12-31"), "decade"),
        ("18", None, ("1800-01-01", "1899-12-31"), "century"),
        ("-0043", None, ("-0043-01-01", "-0043-12-31"), "year"),  # 44 BC
        ("-04", None, ("-0499-01-01", "-0400-12-31"), "century"),  # the 5th century BC
        ("2020-04-24/2020-05-23", None, ("2020-04-24", "2020-05-23"), "month"),
        # EARLY, MID, LATE: a third of the period in its natural sub-units
        ("2020", "EARLY", ("2020-01-01", "2020-04-30"), "year"),
        ("2020", "MID", ("2020-05-01", "2020-08-31"), "year"),
        ("2018", "LATE", ("2018-09-01", "2018-12-31"), "year"),
        ("2020", "END", ("2020-09-01", "2020-12-31"), "year"),
        ("2020-07", "MID", ("2020-07-12", "2020-07-21"), "month"),
        ("2020-02", "LATE", ("2020-02-21", "2020-02-29"), "month"),
        ("2020-H2", "LATE", ("2020-11-01", "2020-12-31"), "half"),
        ("199", "EARLY", ("1990-01-01", "1993-12-31"), "decade"),
        ("198", "MID", ("1984-01-01", "1986-12-31"), "decade"),
        ("197", "LATE", ("1977-01-01", "1979-12-31"), "decade"),
        ("19", "EARLY", ("1900-01-01", "1933-12-31"), "century"),
        # APPROX widens by a unit that fits the period
        ("2020-07-21", "APPROX", ("2020-07-18", "2020-07-24"), "day"),
        ("2020-W29", "APPROX", ("2020-07-06", "2020-07-26"), "week"),
        ("2020-07", "APPROX", ("2020-06-01", "2020-08-31"), "month"),
        ("2016", "APPROX", ("2015-01-01", "2017-12-31"), "year"),
        ("-9999", "APPROX", (iso(MIN_DAY), "-9998-12-31"), "year"),  # clamped
        # BEFORE / AFTER: open on one side, the one real bound as both ends
        ("2020", "BEFORE", ("2019-12-31", "2019-12-31"), "year"),
        ("2020", "ON_OR_BEFORE", ("2020-12-31", "2020-12-31"), "year"),
        ("2020", "ON_OR_AFTER", ("2020-01-01", "2020-01-01"), "year"),
        ("1959", "AFTER", ("1960-01-01", "1960-01-01"), "year"),
        ("2020-03", "BEFORE", ("2020-02-29", "2020-02-29"), "month"),
        ("9999-12-31", "AFTER", None, None),  # nothing after the calendar's last day
        ("2020-02-30", None, None, None),
    ],
)
def test_value_bounds_and_mods(
    value: str, mod: str | None, bounds: tuple[str, str] | None, granularity: str | None
) -> None:
    r = resolve_against(None, value, "DATE", mod)
    found = None if r.lower is None or r.upper is None else (iso(r.lower), iso(r.upper))
    assert (found, found and r.granularity) == (bounds, granularity)


def test_resolve_against_an_anchor() -> None:
    anchor = Anchor(parse_iso_day("2020-07-21"))
    assert resolve_against(anchor, "REF.year[-1]-Q3", "DATE").value == "2019-Q3"
    assert resolve_against(anchor, "REF.dayT14:30", "TIME").value == "2020-07-21T14:30"
    assert resolve_against(anchor, "TENSE.XXXX-QX", "DATE").value == "2020-Q2"
    past = resolve_against(anchor, "TENSE.XXXX-WXX-5", "DATE", tense=lambda: Tense.PAST)
    assert past.value == "2020-07-17" and past.anchor == "2020-07-21"
    assert resolve_against(None, "REF.week[-1]", "DATE").value == "XXXX-WXX"
    year_anchor = Anchor(parse_iso_day("1944-01-01"), "year")
    assert resolve_against(year_anchor, "REF.day[+1]", "DATE").resolved is False


def test_a_resolved_date_has_its_anchor_bounds_and_granularity() -> None:
    t = only("Iran's supreme leader told Iraq's visiting premier on Tuesday that the US must go.")
    assert (t.value, span(t), t.anchor, t.granularity, t.resolved) == (
        "2020-07-21",
        ("2020-07-21", "2020-07-21"),
        DCT,
        "day",
        True,
    )
    absolute = only("The plant opened in August 1988.")
    assert (absolute.anchor, absolute.granularity) == (None, "month")


def test_durations_and_refs_have_no_anchor_nor_bounds() -> None:
    extension = tag("Washington on Sunday granted Iraq a 30-day extension", "2020-04-26").timexes[1]
    assert (extension.value, extension.anchor, span(extension)) == ("P30D", None, None)
    assert extension.granularity == "day"
    for text in ("Prices now matter.", "It is different now."):
        for dct in (DCT, None):
            t = only(text, dct)
            assert (t.value, t.resolved, span(t)) == ("PRESENT_REF", True, None)


def test_earlier_this_month_and_later_this_year_are_clipped_at_the_anchor() -> None:
    result = tag("It rose earlier this month and will fall later this year.", DCT)
    assert [(t.value, span(t)) for t in result.timexes] == [
        ("2020-07", ("2020-07-01", "2020-07-20")),
        ("2020", ("2020-07-22", "2020-12-31")),
    ]


def test_without_dct_relatives_stay_unresolved_and_absolutes_resolve() -> None:
    text = "Last month, on Sunday and July 21 and yesterday; but July 21, 2020 and 2003, 1980-1988."
    result = tag(text, None)
    by_text = {t.text: t for t in result.timexes}
    for rel, value in [
        ("Last month", "XXXX-XX"),
        ("Sunday", "XXXX-WXX-7"),
        ("July 21", "XXXX-07-21"),
        ("yesterday", "XXXX-XX-XX"),
    ]:
        t = by_text[rel]
        assert (t.value, t.resolved, t.lower, t.upper, t.anchor) == (value, False, None, None, None)
        assert t.reason is not None
    assert span(by_text["July 21, 2020"]) == ("2020-07-21", "2020-07-21")
    assert by_text["2003"].resolved and span(by_text["2003"]) == ("2003-01-01", "2003-12-31")
    assert len(result.ranges) == 1


def test_moving_holiday_without_dct_keeps_its_month() -> None:
    t = only("Thanksgiving is near.", None)
    assert (t.value, t.resolved) == ("XXXX-11-XX", False)


def test_impossible_dates_are_unresolved() -> None:
    result = tag("On February 30, 2020 and on Feb. 29, 2019 nothing happened.", DCT)
    assert len(result.timexes) == 2
    for t in result.timexes:
        assert t.resolved is False and t.lower is None and t.upper is None


def test_extreme_years_stay_in_the_calendar() -> None:
    result = tag("In the year 9999, in 9999 BC and in the year 1 AD.", DCT)
    assert result.timexes
    for t in result.timexes:
        if t.lower is not None:
            assert MIN_DAY <= t.lower <= t.upper <= MAX_DAY


def test_relative_beyond_the_calendar_is_unresolved() -> None:
    t = only("next year", "9999-12-31")
    assert t.resolved is False and t.lower is None


def test_open_dates_keep_their_one_real_bound() -> None:
    t = only("It was built more than a century ago.")
    assert t.mod == "BEFORE" and t.open == "before"
    assert iso(t.lower) == iso(t.upper) == "1919-12-31"
    # "more than a week ago" is open before the day a week back, not before its week
    t = only("He was last seen more than a week ago.", "2011-03-20")
    assert (t.value, t.open, iso(t.lower), iso(t.upper)) == (
        "2011-03-13",
        "before",
        "2011-03-12",
        "2011-03-12",
    )
    t = only("Rebuilt after 1945.")
    assert (t.open, iso(t.lower), iso(t.upper)) == ("after", "1946-01-01", "1946-01-01")
    for text in ("in 1945", "c. 1850", "late 2018"):
        assert only(f"Rebuilt {text}.").open is None
