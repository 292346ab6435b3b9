"""Dates in words: one family of labels, long for readers and short for axes and hovers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline.calendar import day_number
from timeline.present.labels import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    bounds_label,
    date_label,
    date_line,
    dated_by,
    day_label,
    iso_span,
    month_label,
    published_label,
    span_label,
    value_label,
    year_label,
    ymd_label,
)

D = day_number
PRESENT = Path(__file__).resolve().parents[2] / "timeline" / "present"


# days, months and years ------------------------------------------------------------------


def test_year_labels():
    assert year_label(-499) == "500 BC"
    assert year_label(0) == "1 BC"
    assert year_label(1, ad=False) == "1"
    assert year_label(79, ad=True) == "AD 79"
    assert year_label(2020) == "2020"
    # by default "AD" where a bare number could be misread: before 1000
    assert year_label(79) == "AD 79" and year_label(999) == "AD 999"
    assert year_label(1000) == "1000" and year_label(2020, ad=True) == "AD 2020"


def test_long_and_short_forms_of_one_day():
    assert day_label(D(2020, 7, 21)) == "21 July 2020"
    assert day_label(D(2020, 7, 21), "short") == "21 Jul 2020"
    assert day_label(D(-43, 3, 15)) == "15 March 44 BC"
    assert day_label(D(-43, 3, 15), "short") == "15 Mar 44 BC"
    assert day_label(D(79, 8, 24), "short") == "24 Aug AD 79"
    assert month_label(-43, 3, "short") == "Mar 44 BC"
    assert month_label(2020, 9) == "September 2020"
    # beyond the calendar's years, from the parts (an axis may reach past them)
    assert ymd_label(10000, 1, 1, "short") == "1 Jan 10000"
    assert ymd_label(500, 1, 1, "short", ad=False) == "1 Jan 500"
    assert tuple(name[:3] for name in MONTH_NAMES) == MONTH_ABBREVIATIONS
    assert MONTH_ABBREVIATIONS[8] == "Sep"


def test_spans():
    assert iso_span(D(2020, 7, 21), D(2020, 7, 21)) == "2020-07-21"
    assert iso_span(D(2019, 10, 1), D(2019, 12, 31)) == "2019-10-01 – 2019-12-31"
    assert span_label(D(1980, 1, 1), D(1988, 12, 31)) == "1980 – 1988"
    assert span_label(D(2020, 1, 3), D(2020, 2, 8)) == "3 January 2020 – 8 February 2020"
    assert value_label("2020-13") is None and value_label("later") is None


# periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"lower": D(2020, 7, 21), "value": "2020-07-21"}, "21 July 2020"),
        ({"lower": D(-43, 3, 15), "value": "-0043-03-15"}, "15 March 44 BC"),
        ({"lower": D(79, 8, 24), "value": "0079-08-24"}, "24 August AD 79"),
        ({"lower": D(2020, 2, 21), "upper": D(2020, 2, 29), "value": "2020-02", "mod": "LATE"},
         "late February 2020"),
        ({"lower": D(1980, 1, 1), "upper": D(1989, 12, 31), "value": "198"}, "the 1980s"),
        ({"lower": D(1900, 1, 1), "upper": D(1999, 12, 31), "value": "19"}, "the 1900s"),
        ({"lower": D(2020, 4, 1), "upper": D(2020, 6, 30), "value": "2020-Q2"}, "Q2 2020"),
        ({"lower": D(2020, 6, 1), "upper": D(2020, 8, 31), "value": "2020-SU"}, "summer 2020"),
        ({"lower": D(2020, 1, 1), "upper": D(2020, 6, 30), "value": "2020-H1"},
         "first half of 2020"),
        ({"lower": D(2002, 7, 1), "upper": D(2004, 6, 30), "value": "2003", "mod": "APPROX"},
         "circa 2003"),
        ({"lower": D(2020, 1, 3), "upper": D(2020, 1, 8), "value": "2020-01-03/2020-01-08"},
         "3 – 8 January 2020"),
        ({"lower": D(2020, 1, 1), "upper": D(2020, 3, 31), "value": "2020-01/2020-03"},
         "January – March 2020"),
        ({"lower": D(2019, 11, 1), "upper": D(2020, 2, 29), "value": "2019-11/2020-02"},
         "November 2019 – February 2020"),
        ({"lower": D(-26, 1, 16), "upper": D(14, 8, 19), "value": "-0026-01-16/0014-08-19"},
         "16 January 27 BC – 19 August AD 14"),
    ],
)  # fmt: skip
def test_date_labels_read_like_prose(fields, label):
    lower = fields["lower"]
    upper = fields.get("upper", lower)
    row = {"lower": lower, "upper": upper, "value": fields["value"], "mod": fields.get("mod")}
    assert date_label(row) == label


def test_date_labels_from_iso_bounds():
    def row(start: str, end: str, value: str, mod: str | None = None) -> dict:
        return {"start": start, "end": end, "value": value, "mod": mod}

    assert date_label(row("2020-07-21", "2020-07-21", "2020-07-21")) == "21 July 2020"
    assert date_label(row("1980-01-01", "1988-12-31", "1980/1988")) == "1980 – 1988"
    assert date_label(row("2018-09-01", "2018-12-31", "2018", "LATE")) == "late 2018"


def test_published_labels():
    assert published_label("2020-07-21") == "21 July 2020"
    assert published_label("July 2020") == "July 2020"  # not ISO: as it is
    assert published_label(None) == "undated" and published_label("") == "undated"


# a value with its bounds -----------------------------------------------------------------


def test_date_line_does_not_repeat_bc_bounds():
    day = D(-43, 3, 15)
    event = {"lower": day, "upper": day, "value": "-0043-03-15", "granularity": "day"}
    assert date_line(event) == "-0043-03-15 (15 Mar 44 BC) · day"


def test_date_line_and_bounds_of_a_period():
    event = {"lower": D(2019, 10, 1), "upper": D(2019, 12, 31), "value": "2019", "mod": "LATE",
             "granularity": "year"}  # fmt: skip
    assert date_line(event) == "2019 (LATE) · 2019-10-01 – 2019-12-31 · year"
    bc = {"lower": D(-26, 1, 16), "upper": D(14, 8, 19)}
    assert bounds_label(bc) == "-0026-01-16 – 0014-08-19 (16 Jan 27 BC – 19 Aug AD 14)"


def test_dated_by_shows_the_words_the_value_and_the_bounds():
    row = {"lower": D(2018, 9, 1), "upper": D(2018, 12, 31), "value": "2018", "mod": "LATE",
           "granularity": "year", "expression": "late 2018"}  # fmt: skip
    assert dated_by(row) == "“late 2018” → 2018 LATE = 2018-09-01 – 2018-12-31 (year)"
    day = {"lower": D(2020, 4, 26), "upper": D(2020, 4, 26), "value": "2020-04-26",
           "granularity": "day", "expression": "Sunday"}  # fmt: skip
    assert dated_by(day) == "“Sunday” → 2020-04-26 (day)"


def test_month_names_are_spelled_only_here():
    # every other module, and the page's scripts (which get them as data), use labels.py
    spelled = re.compile(r"[\"'](Jan|January|Mar|March|Sep|September)[\"']")
    found = [
        path.name
        for path in [*PRESENT.glob("*.py"), *PRESENT.glob("assets/*.js")]
        if path.name != "labels.py" and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
