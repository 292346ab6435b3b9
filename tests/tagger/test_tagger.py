"""The tagger as a whole: its entry point, the shape of its output, what phase 1 leaves alone.

What each rule finds is shown by the rules' own examples (test_rule_examples.py); the
resolver, tense, ranges, anchoring, the loader and the scan have files of their own.
"""

from __future__ import annotations

import time

import pytest

from timeline.tagger import tag

DCT = "2020-07-21"  # a Tuesday


def found(text: str, dct: str | None = DCT, doc_type: str = "news") -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct, doc_type=doc_type).timexes]


@pytest.mark.parametrize(
    "text",
    [
        # words that are dates elsewhere, and no negative rule needed
        "It may rain.",
        "May could be a good leader.",
        "Protesters march on the capital.",
        "It is the second-biggest producer.",
        "He lives on the 30th floor.",
        # false friends that negative rules claim
        "The Sunday Times reported it.",
        "The deal is worth $20 billion.",
        "There were 1,800 cases, 14,600 lives lost and 97,000 cases.",
        "Call 555-1234.",
        "She lives at 1600 Pennsylvania Avenue.",
        "After the Hundred Days, Napoleon was exiled.",
    ],
)
def test_false_friends_are_not_tagged(text: str) -> None:
    assert tag(text, DCT).timexes == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "90 or 120 days" is a list: only its last item has the unit
        ("Loans of 45, 90 or 120 days.", [("120 days", "P120D")]),
        # the weekend of those dates, not the current one
        ("The weekend of June 6-7 was busy.", [("June 6", "2020-06-06"), ("7", "2020-06-07")]),
        # "and later" is the next verb's adverb, not "1984 or later"
        (
            "She flew aboard Challenger in October 1984 and later served in Congress.",
            [("October 1984", "1984-10")],
        ),
        # "within", "about" and an adjective's article stay outside a duration
        (
            "It will end within a week, after about five hours of the 30-day plan.",
            [("a week", "P1W"), ("five hours", "PT5H"), ("30-day", "P30D")],
        ),
        # "back" is "ago" only when it is not a place
        ("After a hundred days back in power, he was exiled.", [("a hundred days", "P100D")]),
        # without a part of the day, a clock time stays as written
        ("They met at half past three.", [("half past three", "2020-07-21T03:30")]),
        ("He called at 8 o'clock.", [("8 o'clock", "2020-07-21T08:00")]),
    ],
)
def test_what_phase_1_takes_and_leaves(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_bad_doc_type_and_dct() -> None:
    with pytest.raises(ValueError):
        tag("today", DCT, doc_type="poem")
    with pytest.raises(ValueError):
        tag("today", "21/07/2020")


def test_offsets_sorted_non_overlapping_and_deterministic() -> None:
    text = (
        "On Tuesday, July 21, 2020, officials said that last year, in 2019, prices rose 30 "
        "percent for three years, and that next month they will meet every week.\n\n"
        "The 1990s\u00a0were different; early 1990s growth lasted nearly four years."
    )
    first = tag(text, DCT)
    assert first == tag(text, DCT)
    previous_end = -1
    for t in first.timexes:
        assert text[t.start : t.end] == t.text
        assert t.start >= previous_end
        previous_end = t.end
    assert "The 1990s" in [t.text for t in first.timexes]


def test_empty_and_odd_input() -> None:
    assert tag("", DCT).timexes == ()
    assert tag("\u00a0\n\t", None).timexes == ()
    assert tag("𝟚𝟘𝟚𝟘 İstanbul ﬁscal 2020", DCT) is not None


@pytest.mark.parametrize(
    "text",
    ["one " * 4000, ",".join(["1"] * 6000), "twenty-four " * 2000, "1." * 6000],
)
def test_long_runs_of_numbers_stay_linear(text: str) -> None:
    start = time.perf_counter()
    tag(text, DCT)
    assert time.perf_counter() - start < 2.0
