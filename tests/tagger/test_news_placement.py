"""Where news dates land: days of the month by tense, dates that name an event, "ago this
week", and dates open on one side."""

from __future__ import annotations

import pytest

from timeline.calendar import written_iso
from timeline.edtf import to_edtf
from timeline.tagger import tag

DCT = "2020-07-21"  # a Tuesday


def values(text: str, dct: str = DCT) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct).timexes]


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        # a day of the month is placed like a weekday: the tense of its clause decides
        ("The board will meet again on the 5th.", DCT, [("the 5th", "2020-08-05")]),
        ("The board met on the 5th.", DCT, [("the 5th", "2020-07-05")]),
        ("The committee will vote on the 12th.", DCT, [("the 12th", "2020-08-12")]),
        ("The committee voted on the 12th, he said.", DCT, [("the 12th", "2020-07-12")]),
        ("The talks resume on the 25th.", DCT, [("the 25th", "2020-07-25")]),
        # every way of saying it is to come, and the pluperfect looking back
        ("The board is to meet on the 5th.", DCT, [("the 5th", "2020-08-05")]),
        ("The board is going to meet on the 5th.", DCT, [("the 5th", "2020-08-05")]),
        ("The board plans to meet on the 5th.", DCT, [("the 5th", "2020-08-05")]),
        ("Talks are expected to resume on the 5th.", DCT, [("the 5th", "2020-08-05")]),
        ("Payment is due on the 5th.", DCT, [("the 5th", "2020-08-05")]),
        ("The board had met on the 5th.", DCT, [("the 5th", "2020-07-05")]),
        (
            "The miners walked out on the 25th, and talks will resume on the 12th.",
            DCT,
            [("the 25th", "2020-06-25"), ("the 12th", "2020-08-12")],
        ),
        # a month without the day: passed over ("the 31st" after a DCT in June: 31 July)
        ("The deal will close on the 31st.", "2020-06-10", [("the 31st", "2020-07-31")]),
        # after a year, not a month: still the DCT's months
        (
            "The firm was sold in 1998. Its board will meet on the 12th.",
            DCT,
            [("1998", "1998"), ("the 12th", "2020-08-12")],
        ),
    ],
)
def test_a_day_of_the_month_by_tense(text, dct, expected) -> None:
    assert values(text, dct) == expected


@pytest.mark.parametrize(
    ("text", "dct", "value"),
    [
        # a date naming an event ("the June talks") is not pushed ahead by a future verb
        ("Negotiators will build on the June talks.", "2020-07-10", "2020-06"),
        ("Negotiators will build on the June talks.", "2020-08-21", "2020-06"),
        # in an article of July 2020, whatever the tense: this June's
        ("The June talks failed.", "2020-07-10", "2020-06"),
        ("Officials said the June talks would resume.", "2020-07-10", "2020-06"),
        ("The June talks will be hard to follow up.", "2020-07-10", "2020-06"),
        ("The committee will review the June 5 agreement.", "2020-08-21", "2020-06-05"),
        ("The June elections will decide it.", "2020-03-10", "2020-06"),
        ("Since the Oct. 23 shooting, agents have searched for him.", "1999-05-06", "1998-10-23"),
        # a reporting verb of another clause does not push it back: the nearest June
        (
            "Even the June talks could lead to more polarisation, said an analyst.",
            "2020-04-21",
            "2020-06",
        ),
        ("The June talks are important, analysts said.", "2020-04-21", "2020-06"),
        # a past verb of its own does
        ("The June talks failed, he said.", "2020-04-21", "2019-06"),
        ("The June talks, he said, failed.", "2020-04-21", "2019-06"),
        # looked forward to, it is still ahead
        ("Ahead of the June talks, both sides will meet.", "2020-03-21", "2020-06"),
        # a month alone still follows the verb
        ("The two sides will meet again in June.", "2020-08-21", "2021-06"),
    ],
)
def test_a_date_that_names_an_event(text, dct, value) -> None:
    (t,) = tag(text, dct).timexes
    assert t.value == value


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        ("The massacre happened 20 years ago this week.", "2011-03-20", "1991-W12"),
        ("The band first played 50 years ago this month.", "2009-06-26", "1959-06"),
        ("The war began a year ago this week.", "2005-03-20", "2004-W12"),
        ("The estate opened 60 years ago this spring.", "2009-04-12", "1949-SP"),
    ],
)
def test_ago_this_week_is_one_date(text, dct, expected) -> None:
    """Not "20 years ago" beside a spurious "this week"."""
    (t,) = tag(text, dct).timexes
    assert t.value == expected


@pytest.mark.parametrize(
    ("text", "value", "mod", "open_", "bound", "edtf"),
    [
        ("He was last seen more than a week ago.", "2011-03-13", "BEFORE", "before",
         "2011-03-12", "../2011-03-12"),
        ("He was last seen over a week ago.", "2011-03-13", "BEFORE", "before",
         "2011-03-12", "../2011-03-12"),
        ("She moved less than two years ago.", "2009-03-20", "AFTER", "after",
         "2009-03-21", "2009-03-21/.."),
        ("It was built at least a month ago.", "2011-02-20", "ON_OR_BEFORE", "before",
         "2011-02-20", "../2011-02-20"),
        ("The church was built before 1200.", "1200", "BEFORE", "before",
         "1199-12-31", "../1199-12-31"),
        ("The bridge was rebuilt after 1945.", "1945", "AFTER", "after",
         "1946-01-01", "1946-01-01/.."),
        ("Cars built in 1975 or earlier are exempt.", "1975", "ON_OR_BEFORE", "before",
         "1975-12-31", "../1975-12-31"),
        ("Models from 1984 and later are affected.", "1984", "ON_OR_AFTER", "after",
         "1984-01-01", "1984-01-01/.."),
    ],
)  # fmt: skip
def test_open_dates_keep_one_real_bound(text, value, mod, open_, bound, edtf) -> None:
    """An open-ended date is not a span to the calendar's edge: its one real bound, and the
    side it is open on (TIMEX3 mod, EDTF open interval)."""
    (t,) = tag(text, "2011-03-20").timexes
    assert (t.value, t.mod, t.open) == (value, mod, open_)
    assert written_iso(t.lower) == written_iso(t.upper) == bound
    assert to_edtf(t.value, t.mod, t.lower, t.upper, t.text, t.open) == edtf


def test_more_than_later_is_after_in_a_story() -> None:
    """Counting forward, "more than" lies after the point: AFTER, not BEFORE."""
    first, later = tag("The fort fell in 1690. More than two years later, it was retaken.",
                       doc_type="narrative").timexes  # fmt: skip
    assert (later.value, later.mod, later.open) == ("1692", "AFTER", "after")
