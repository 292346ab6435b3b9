"""Ranges: two expressions of one ``parts`` rule, or neighbours that ``ranges.toml`` joins."""

from __future__ import annotations

import pytest

from timeline.calendar import iso
from timeline.tagger import tag

DCT = "2020-07-21"  # a Tuesday


def test_from_year_to_year_is_a_range() -> None:
    text = "they fought a bloody war from 1980 to 1988."
    result = tag(text, DCT)
    first, last = result.timexes
    assert (first.text, first.value, last.text, last.value) == ("1980", "1980", "1988", "1988")
    assert (first.start, first.end) == (text.index("1980"), text.index("1980") + 4)
    assert [(r.first, r.last) for r in result.ranges] == [(0, 1)]
    assert (iso(first.lower), iso(last.upper)) == ("1980-01-01", "1988-12-31")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("the 1980–1988 war", ("1980", "1980-01-01"), ("1988", "1988-12-31")),
        ("the 1980-88 war", ("1980", "1980-01-01"), ("88", "1988-12-31")),
        ("between May and June", ("May", "2020-05-01"), ("June", "2020-06-30")),
        ("on May 5-7", ("May 5", "2020-05-05"), ("7", "2020-05-07")),
        # an end with a year lends it to a start without one
        ("from January to March 2020", ("January", "2020-01-01"), ("March 2020", "2020-03-31")),
        (
            "from July 21 to August 3, 2019",
            ("July 21", "2019-07-21"),
            ("August 3, 2019", "2019-08-03"),
        ),
        # two neighbouring rules' expressions and a parts rule's
        ("in the 1850s or 1860s", ("1850s", "1850-01-01"), ("1860s", "1869-12-31")),
        ("on 20–21 June 1791", ("20", "1791-06-20"), ("21 June 1791", "1791-06-21")),
    ],
)
def test_ranges(text: str, first: tuple[str, str], last: tuple[str, str]) -> None:
    result = tag(f"It ran {text}.", DCT)
    assert len(result.ranges) == 1, result
    rng = result.ranges[0]
    a, b = result.timexes[rng.first], result.timexes[rng.last]
    assert (a.text, iso(a.lower)) == first
    assert (b.text, iso(b.upper)) == last


@pytest.mark.parametrize(
    "text",
    [
        "He came in 1980 and left in 1988.",
        "The summit is on April 24 and 25.",  # two dates, not a stretch
    ],
)
def test_dates_that_are_not_a_range(text: str) -> None:
    result = tag(text, DCT)
    assert len(result.timexes) == 2 and result.ranges == ()


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # past: the last such stretch; ahead: the next one; the end never before the start
        ("The strike lasted from Monday to Wednesday.", ["2020-07-13", "2020-07-15"]),
        ("The strike will last from Monday to Wednesday.", ["2020-07-27", "2020-07-29"]),
        ("The fair runs from Friday to Monday.", ["2020-07-24", "2020-07-27"]),
        ("Talks were held Tuesday through Thursday.", ["2020-07-14", "2020-07-16"]),
    ],
)
def test_a_range_of_weekdays_is_one_stretch(text: str, values: list[str]) -> None:
    result = tag(text, DCT)
    assert [t.value for t in result.timexes] == values
    assert len(result.ranges) == 1


def test_a_named_war_is_not_a_duration_but_its_years_are_a_range() -> None:
    result = tag("The Hundred Years' War (1337–1453) ended.", None, doc_type="narrative")
    assert [(t.text, t.value) for t in result.timexes] == [("1337", "1337"), ("1453", "1453")]
    assert len(result.ranges) == 1
