"""EDTF (ISO 8601-2) from resolved values."""

import pytest

from timeline.calendar import day_number
from timeline.edtf import span, to_edtf
from timeline.tagger import tag


def edtf_of(text: str, dct: str | None = None) -> list[str | None]:
    result = tag(text, dct, doc_type="news" if dct else "narrative")
    return [to_edtf(t.value, t.mod, t.lower, t.upper, t.text, t.open) for t in result.timexes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("circa 1850", "1850~"),
        ("born 1850? in Lyon", "1850?"),
        ("in 44 BC", "-0043"),
        ("the 1980s", "198X"),
        ("the 19th century", "18XX"),
        ("the 5th century BC", "-04XX"),
        ("Q3 2019", "2019-35"),
        ("summer 1942", "1942-22"),
        ("the first half of 2020", "2020-40"),
        # open on one side: an open interval to or from the one real bound
        ("before 1200", "../1199-12-31"),
        ("after 1945", "1946-01-01/.."),
        ("no later than 1066", "../1066-12-31"),
        ("1984 and later", "1984-01-01/.."),
        ("Ramadan 1441 AH", "2020-04-24/2020-05-23"),
        ("on 25 April 1915", "1915-04-25"),
    ],
)
def test_tagged_dates_as_edtf(text, expected):
    assert edtf_of(text) == [expected]


def test_news_values():
    assert edtf_of("late 2018", "2020-07-21") == ["2018-09/2018-12"]
    assert edtf_of("more than a week ago", "2011-03-20") == ["../2011-03-12"]
    assert edtf_of("over a week ago", "2011-03-20") == ["../2011-03-12"]
    assert edtf_of("last week", "2020-07-21") == ["2020-07-13/2020-07-19"]
    assert edtf_of("Tuesday night", "2020-07-21") == ["2020-07-21"]


def test_values_without_bounds():
    assert to_edtf("2020-02-XX") == "2020-02-XX"
    assert to_edtf("1980/1988") == "1980/1988"
    assert to_edtf("185/186") == "185X/186X"
    assert to_edtf("2020-07-21T14:30") == "2020-07-21T14:30:00"
    assert to_edtf("P3Y") is None
    assert to_edtf("PRESENT_REF") is None
    assert to_edtf(None) is None


def test_span_is_the_shortest_form():
    assert span(day_number(1850, 1, 1), day_number(1851, 12, 31)) == "1850/1851"
    assert span(day_number(2020, 3, 1), day_number(2020, 5, 31)) == "2020-03/2020-05"
    assert span(day_number(2020, 3, 2), day_number(2020, 3, 2)) == "2020-03-02"


def test_open_dates_from_stored_spans_and_from_open():
    """A span to the calendar's edge (stored before dates knew they were open) gives the
    same EDTF as the one real bound; ``open`` may be given without a mod."""
    from timeline.calendar import MAX_DAY, MIN_DAY, written_day_number

    before = written_day_number(1199, 12, 31)
    assert to_edtf("1200", "BEFORE", MIN_DAY, before) == "../1199-12-31"
    assert to_edtf("1200", "BEFORE", before, before) == "../1199-12-31"
    after = day_number(1946, 1, 1)
    assert to_edtf("1945", "AFTER", after, MAX_DAY) == "1946-01-01/.."
    assert to_edtf("2011-03-13", None, after, after, open="after") == "1946-01-01/.."


def test_julian_dates_are_written_as_their_value():
    """Before the Gregorian reform EDTF follows the value: the Julian date, as written."""
    assert edtf_of("on 15 March 44 BC") == ["-0043-03-15"]
    assert edtf_of("late 1066") == ["1066-09/1066-12"]
    # a BC month, season or part of a month is one date, as an AD one is
    assert edtf_of("on 15 March 44 BCE") == ["-0043-03-15"]
    assert edtf_of("in March 44 B.C.") == ["-0043-03"]
    assert edtf_of("in the spring of 44 BC") == ["-0043-21"]
    assert edtf_of("in early March 44 BC") == ["-0043-03-01/-0043-03-11"]
    assert edtf_of("in the winter of 1066") == ["1066-24"]
