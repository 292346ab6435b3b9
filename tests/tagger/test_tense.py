"""News mode: the tense of the clause places a weekday, a month or a day on one side of the
publication date (``tense.toml``, ``timeline/tagger/tense.py``)."""

from __future__ import annotations

import pytest

from timeline.tagger import tag
from timeline.tagger.timex import Timex

DCT = "2020-07-21"  # a Tuesday


def only(text: str, dct: str | None = DCT) -> Timex:
    (t,) = tag(text, dct).timexes
    return t


def value_of(text: str, expression: str, dct: str = DCT) -> str:
    (t,) = [t for t in tag(text, dct).timexes if t.text == expression]
    return t.value


def test_weekday_follows_the_tense() -> None:
    text = "He said on Monday that he will travel on Friday."
    assert [t.value for t in tag(text, DCT).timexes] == ["2020-07-20", "2020-07-24"]
    assert only("The minister resigned on Friday.").value == "2020-07-17"
    assert only("The minister will resign on Monday.").value == "2020-07-27"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # a possessive names a day already known, whatever the verb says
        ("They will look for ways around Wednesday's ruling.", "Wednesday", "2020-07-15"),
        ("The stock traded above Tuesday's close.", "Tuesday", "2020-07-21"),
        ("Officials met ahead of Sunday's vote.", "Sunday", "2020-07-26"),
        # a deadline looks ahead, unless it was one in the past
        (
            "The airline will double its flights by August in markets untouched by the slump.",
            "August",
            "2020-08",
        ),
        ("Only two members had filed reports by Monday.", "Monday", "2020-07-20"),
        # a starting point lies behind
        (
            "The carrier has been on patrol since March and is scheduled to return.",
            "March",
            "2020-03",
        ),
        # a plan after a past auxiliary looks ahead; a pluperfect plan was carried out
        ("Protesters were planning to march on Friday.", "Friday", "2020-07-24"),
        ("Officials did not plan to act on Thursday.", "Thursday", "2020-07-23"),
        ("The offer had been scheduled to expire Friday.", "Friday", "2020-07-17"),
        # a schedule in the present looks ahead
        ("The 90-day truce expires March 1.", "March 1", "2021-03-01"),
        ("The tournament runs through Sunday.", "Sunday", "2020-07-26"),
        # "takes effect" looks ahead; "took effect" is past
        ("The law takes effect Jan. 1.", "Jan. 1", "2021-01-01"),
        ("The ban, which took effect Jan. 1, was lifted.", "Jan. 1", "2020-01-01"),
        (
            "The offensive began as previously planned Saturday night.",
            "Saturday night",
            "2020-07-18TNI",
        ),
        # a verb right before the expression dates it, a reporting verb too
        ("The company will cut jobs, the chairman said Friday.", "Friday", "2020-07-17"),
        # a participle after an auxiliary belongs to it: "will be held" is future
        ("The vote will be held in March.", "March", "2021-03"),
    ],
)
def test_words_around_a_weekday_or_month_fix_its_direction(
    text: str, expression: str, value: str
) -> None:
    assert value_of(text, expression) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # past tense and a month after the DCT's: last year's
        ("The deal was signed in November.", "2019-11"),
        # future tense and a month before the DCT's: next year's
        ("The election will be held in March.", "2021-03"),
        ("Key dates: December.", "2020-12"),  # no tense: the nearest (within six months)
    ],
)
def test_month_by_tense(text: str, value: str) -> None:
    assert only(text).value == value


@pytest.mark.parametrize(
    ("text", "dct", "value"),
    [
        # no past or future tense: the nearest occurrence of the month
        (
            "Her houses, worth $9 million in October, are worth half that now.",
            "1998-01-08",
            "1997-10",
        ),
        ("The bank is part of a program to repay the loan by February.", "1989-10-30", "1990-02"),
        ("The summit in April is the main topic.", "1998-12-05", "1999-04"),
        ("The plant is busy in June.", "1989-10-27", "1989-06"),
        # a tie (six months either way) stays in the anchor's year
        ("The fair in April is the main topic.", "1998-10-05", "1998-04"),
    ],
)
def test_month_without_tense_is_the_nearest(text: str, dct: str, value: str) -> None:
    result = tag(text, dct)
    assert [t.value for t in result.timexes if t.type == "DATE"][0] == value


def test_dividend_dates_just_after_the_dct_stay_in_its_year() -> None:
    result = tag(
        "Acme declared a dividend payable Dec. 7 to holders of record Nov. 22.", "1989-10-27"
    )
    assert [t.value for t in result.timexes] == ["1989-12-07", "1989-11-22"]


def test_a_past_clause_reaches_one_month_ahead_at_most() -> None:
    result = tag("Unemployment fell to 3.5% in September from 3.7% in August.", DCT)
    assert [t.value for t in result.timexes] == ["2019-09", "2020-08"]


def test_until_a_weekday_is_a_deadline_ahead() -> None:
    # Monday 2000-04-03: the present perfect would send "Tuesday" back a week
    text = "The agency has given the family until 9 a.m. Tuesday to sign."
    assert value_of(text, "9 a.m. Tuesday", "2000-04-03") == "2000-04-04T09:00"
    text = "Officials postponed until Tuesday morning any action on the case."
    assert only(text, "2000-03-30").value == "2000-04-04TMO"


def test_not_until_and_sentence_initial_until_keep_the_past() -> None:
    assert only("It was not until Tuesday that he spoke.", "2000-03-30").value == "2000-03-28"
    text = "Until Thursday, they had not called him a suspect."
    assert only(text, "1999-05-07").value == "1999-05-06"
