import pytest

from timeline.calendar import day_number, iso
from timeline.db.queries import EventQuery, parse_date_bound
from timeline.errors import BadDate


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2020", False, "2020-01-01"),
        ("2020", True, "2020-12-31"),
        ("2020-01", True, "2020-01-31"),
        ("2020-02", True, "2020-02-29"),
        ("2020-07-21", False, "2020-07-21"),
        ("2020-07-21", True, "2020-07-21"),
        ("-0043", False, "-0043-01-01"),
        ("-0100", True, "-0100-12-31"),
        ("0100", True, "0100-12-31"),
    ],
)
def test_parse_date_bound(text, end, expected):
    assert iso(parse_date_bound(text, end=end)) == expected


@pytest.mark.parametrize("text", ["", "July", "2020-13", "2020-02-30", "20200", "2020/01/01"])
def test_bad_dates_are_rejected(text):
    with pytest.raises(BadDate):
        parse_date_bound(text)


def test_from_after_to_is_an_error():
    with pytest.raises(BadDate, match="after"):
        EventQuery.from_strings("2021", "2020")


def test_query_from_strings_bounds():
    q = EventQuery.from_strings("2020-01", "2020-01", text="war")
    assert (q.lower, q.upper, q.text) == (day_number(2020, 1, 1), day_number(2020, 1, 31), "war")
