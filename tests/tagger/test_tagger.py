"""The temporal tagger: spans, TIMEX3 values, mods, bounds, ranges, false friends, resources."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from timeline.calendar import MAX_DAY, MIN_DAY, iso, parse_iso_day
from timeline.tagger import ResourceError, load_resources, tag
from timeline.tagger.engine import Tagger, find_candidates
from timeline.tagger.resources import RESOURCE_ROOT
from timeline.tagger.timex import TagResult, Timex

DCT = "2020-07-21"  # a Tuesday


def only(text: str, dct: str | None = DCT, **kwargs: str) -> Timex:
    result = tag(text, dct, **kwargs)
    assert len(result.timexes) == 1, result.timexes
    return result.timexes[0]


def find(result: TagResult, text: str) -> Timex:
    hits = [t for t in result.timexes if t.text == text]
    assert len(hits) == 1, (text, result.timexes)
    return hits[0]


def bounds(t: Timex) -> tuple[str, str] | None:
    if t.lower is None or t.upper is None:
        return None
    return iso(t.lower), iso(t.upper)


def check(
    t: Timex,
    text: str,
    type_: str,
    value: str,
    span: tuple[str, str] | None = None,
    mod: str | None = None,
) -> None:
    assert (t.text, t.type, t.value, t.mod) == (text, type_, value, mod)
    assert bounds(t) == span


# --- the brief's sentences -------------------------------------------------------------


def test_weekday_in_past_sentence_is_the_dct_itself():
    text = "Iran's supreme leader told Iraq's visiting premier on Tuesday that the US must go."
    t = only(text)
    check(t, "Tuesday", "DATE", "2020-07-21", ("2020-07-21", "2020-07-21"))
    assert text[t.start : t.end] == "Tuesday"
    assert t.anchor == DCT and t.granularity == "day" and t.resolved
    assert t.rule == "rel_weekday"


def test_sunday_and_thirty_day_extension():
    result = tag("Washington on Sunday granted Iraq a 30-day extension", "2020-04-26")
    sunday, extension = result.timexes
    check(sunday, "Sunday", "DATE", "2020-04-26", ("2020-04-26", "2020-04-26"))
    check(extension, "30-day", "DURATION", "P30D")
    assert extension.anchor is None and extension.granularity == "day"


def test_late_2018():
    t = only("The US blacklisted the Iranian energy sector in late 2018")
    check(t, "late 2018", "DATE", "2018", ("2018-09-01", "2018-12-31"), mod="LATE")
    assert t.anchor is None and t.granularity == "year"


def test_from_year_to_year_is_a_range():
    text = "they fought a bloody war from 1980 to 1988."
    result = tag(text, DCT)
    first, last = result.timexes
    check(first, "1980", "DATE", "1980", ("1980-01-01", "1980-12-31"))
    check(last, "1988", "DATE", "1988", ("1988-01-01", "1988-12-31"))
    assert (first.start, first.end) == (text.index("1980"), text.index("1980") + 4)
    assert len(result.ranges) == 1
    rng = result.ranges[0]
    assert bounds(result.timexes[rng.first])[0] == "1980-01-01"
    assert bounds(result.timexes[rng.last])[1] == "1988-12-31"


def test_month_day_without_year_takes_the_dct_year():
    t = only("a meeting between the two leaders in Tehran July 21")
    check(t, "July 21", "DATE", "2020-07-21", ("2020-07-21", "2020-07-21"))
    assert t.anchor == DCT


def test_last_month():
    t = only("Last month, Washington granted Iraq a waiver.", "2020-04-26")
    check(t, "Last month", "DATE", "2020-03", ("2020-03-01", "2020-03-31"))


def test_until_may_9_is_ahead():
    t = only("Iraq has until May 9 to submit it", "2020-04-26")
    check(t, "May 9", "DATE", "2020-05-09", ("2020-05-09", "2020-05-09"))


def test_in_january_past_tense():
    t = only("Soleimani was killed in a US drone strike in Baghdad in January")
    check(t, "January", "DATE", "2020-01", ("2020-01-01", "2020-01-31"))


def test_since_late_february_and_since_2016():
    result = tag("Prices have risen since late February, and exports since 2016.", DCT)
    check(
        find(result, "late February"),
        "late February",
        "DATE",
        "2020-02",
        ("2020-02-21", "2020-02-29"),
        mod="LATE",
    )
    check(find(result, "2016"), "2016", "DATE", "2016", ("2016-01-01", "2016-12-31"))


def test_nearly_four_years():
    t = only("He has ruled for nearly four years.")
    check(t, "nearly four years", "DURATION", "P4Y", mod="LESS_THAN")


# --- relative expressions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("yesterday", "2020-07-20", ("2020-07-20", "2020-07-20")),
        ("today", "2020-07-21", ("2020-07-21", "2020-07-21")),
        ("tomorrow", "2020-07-22", ("2020-07-22", "2020-07-22")),
        ("this week", "2020-W30", ("2020-07-20", "2020-07-26")),
        ("last week", "2020-W29", ("2020-07-13", "2020-07-19")),
        ("the previous week", "2020-W29", ("2020-07-13", "2020-07-19")),
        ("next month", "2020-08", ("2020-08-01", "2020-08-31")),
        ("last year", "2019", ("2019-01-01", "2019-12-31")),
        ("this year", "2020", ("2020-01-01", "2020-12-31")),
        ("two years ago", "2018", ("2018-01-01", "2018-12-31")),
        ("three days ago", "2020-07-18", ("2020-07-18", "2020-07-18")),
        ("this quarter", "2020-Q3", ("2020-07-01", "2020-09-30")),
        ("last April", "2020-04", ("2020-04-01", "2020-04-30")),
        ("last July", "2019-07", ("2019-07-01", "2019-07-31")),
        ("last Friday", "2020-07-17", ("2020-07-17", "2020-07-17")),
        ("next Tuesday", "2020-07-28", ("2020-07-28", "2020-07-28")),
        ("this summer", "2020-SU", ("2020-06-01", "2020-08-31")),
        ("last fall", "2019-FA", ("2019-09-01", "2019-11-30")),
        ("June last year", "2019-06", ("2019-06-01", "2019-06-30")),
        ("the third quarter of last year", "2019-Q3", ("2019-07-01", "2019-09-30")),
        ("the weekend", "2020-W29-WE", ("2020-07-18", "2020-07-19")),
    ],
)
def test_relative_expressions(text: str, value: str, span: tuple[str, str]):
    t = only(f"They spoke about it {text}.")
    check(t, text, "DATE", value, span)
    assert t.anchor == DCT and t.resolved


def test_earlier_this_month_and_later_this_year_are_clipped_at_the_anchor():
    result = tag("It rose earlier this month and will fall later this year.", DCT)
    check(
        find(result, "earlier this month"),
        "earlier this month",
        "DATE",
        "2020-07",
        ("2020-07-01", "2020-07-20"),
    )
    check(
        find(result, "later this year"),
        "later this year",
        "DATE",
        "2020",
        ("2020-07-22", "2020-12-31"),
    )


def test_the_past_three_years_is_a_duration_including_its_modifier():
    t = only("Exports fell over the past three years.")
    check(t, "the past three years", "DURATION", "P3Y")


def test_the_last_twenty_four_hours():
    t = only("Nothing moved in the last twenty four hours.")
    check(t, "the last twenty four hours", "DURATION", "PT24H")


def test_the_coming_weeks():
    t = only("Talks resume in the coming weeks.")
    check(t, "the coming weeks", "DATE", "FUTURE_REF")


def test_end_of_the_year():
    t = only("The plant opens by the end of the year.")
    check(t, "the end of the year", "DATE", "2020", ("2020-09-01", "2020-12-31"), mod="END")


# --- tense decides which side of the DCT ------------------------------------------------


def test_weekday_follows_the_tense():
    result = tag("He said on Monday that he will travel on Friday.", DCT)
    check(find(result, "Monday"), "Monday", "DATE", "2020-07-20", ("2020-07-20", "2020-07-20"))
    check(find(result, "Friday"), "Friday", "DATE", "2020-07-24", ("2020-07-24", "2020-07-24"))


def test_weekday_past_tense_goes_back_a_week():
    t = only("The minister resigned on Friday.")
    assert t.value == "2020-07-17"


def test_weekday_future_tense_goes_forward():
    t = only("The minister will resign on Monday.")
    assert t.value == "2020-07-27"


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
    ],
)
def test_words_around_a_weekday_or_month_fix_its_direction(
    text: str, expression: str, value: str
) -> None:
    assert find(tag(text, DCT), expression).value == value


def test_or_so_ago_is_an_approximate_date():
    t = only("It happened a week or so ago.")
    check(t, "a week or so ago", "DATE", "2020-W29", ("2020-07-06", "2020-07-26"), mod="APPROX")


def test_hour_in_the_morning_is_a_time():
    t = only("The troops left at 4 in the morning.")
    assert (t.text, t.type, t.value) == ("4 in the morning", "TIME", "2020-07-21T04:00")
    assert only("He called at 10 at night.").value == "2020-07-21T22:00"


def test_year_and_later_keeps_its_month_and_leaves_a_verb_alone():
    result = tag("She flew aboard Challenger in October 1984 and later served in Congress.", DCT)
    assert [(t.text, t.value, t.mod) for t in result.timexes] == [("October 1984", "1984-10", None)]
    assert only("Models from 1984 and later are affected.").mod == "ON_OR_AFTER"


def test_month_past_tense_after_the_dct_month_is_last_year():
    t = only("The deal was signed in November.")
    check(t, "November", "DATE", "2019-11", ("2019-11-01", "2019-11-30"))


def test_month_future_tense_before_the_dct_month_is_next_year():
    t = only("The election will be held in March.")
    check(t, "March", "DATE", "2021-03", ("2021-03-01", "2021-03-31"))


def test_month_without_tense_takes_the_dct_year():
    t = only("Key dates: December.")
    assert t.value == "2020-12"


# --- absolute dates, periods and mods ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "mod", "span", "granularity"),
    [
        ("July 21, 2020", "2020-07-21", None, ("2020-07-21", "2020-07-21"), "day"),
        ("21 July 2020", "2020-07-21", None, ("2020-07-21", "2020-07-21"), "day"),
        ("Sept. 30, 1989", "1989-09-30", None, ("1989-09-30", "1989-09-30"), "day"),
        ("2020-07-21", "2020-07-21", None, ("2020-07-21", "2020-07-21"), "day"),
        ("August 1988", "1988-08", None, ("1988-08-01", "1988-08-31"), "month"),
        ("2003", "2003", None, ("2003-01-01", "2003-12-31"), "year"),
        ("the 1980s", "198", None, ("1980-01-01", "1989-12-31"), "decade"),
        ("early 1990s", "199", "EARLY", ("1990-01-01", "1993-12-31"), "decade"),
        ("the late 1970s", "197", "LATE", ("1977-01-01", "1979-12-31"), "decade"),
        ("the 19th century", "18", None, ("1800-01-01", "1899-12-31"), "century"),
        ("2020-Q3", "2020-Q3", None, ("2020-07-01", "2020-09-30"), "quarter"),
        ("the third quarter of 2019", "2019-Q3", None, ("2019-07-01", "2019-09-30"), "quarter"),
        ("summer 2019", "2019-SU", None, ("2019-06-01", "2019-08-31"), "season"),
        ("winter 2019", "2019-WI", None, ("2019-12-01", "2020-02-29"), "season"),
        ("the first half of 2020", "2020-H1", None, ("2020-01-01", "2020-06-30"), "half"),
        ("early 2020", "2020", "EARLY", ("2020-01-01", "2020-04-30"), "year"),
        ("mid-2020", "2020", "MID", ("2020-05-01", "2020-08-31"), "year"),
        ("the end of 1990", "1990", "END", ("1990-09-01", "1990-12-31"), "year"),
        ("fiscal 1989", "1989", None, ("1989-01-01", "1989-12-31"), "year"),
        ("44 BC", "-0043", None, ("-0043-01-01", "-0043-12-31"), "year"),
    ],
)
def test_absolute_dates(
    text: str, value: str, mod: str | None, span: tuple[str, str], granularity: str
):
    t = only(f"It happened in {text}.")
    check(t, text, "DATE", value, span, mod=mod)
    assert t.granularity == granularity and t.anchor is None and t.resolved


def test_mid_july_takes_the_middle_third_of_the_month():
    t = only("Talks are set for mid-July.")
    check(t, "mid-July", "DATE", "2020-07", ("2020-07-12", "2020-07-21"), mod="MID")


def test_season_without_year():
    t = only("The offensive ended in the spring.")
    assert (t.text, t.value) == ("the spring", "2020-SP")


def test_approx_widens_the_period():
    t = only("They left nearly four years ago.")
    check(t, "nearly four years ago", "DATE", "2016", ("2015-01-01", "2017-12-31"), "APPROX")


# --- times -----------------------------------------------------------------------------


def test_times():
    result = tag("At 2:30 p.m. this morning's talks ended; Tuesday night they resumed.", DCT)
    check(
        find(result, "2:30 p.m."),
        "2:30 p.m.",
        "TIME",
        "2020-07-21T14:30",
        ("2020-07-21", "2020-07-21"),
    )
    check(
        find(result, "this morning"),
        "this morning",
        "TIME",
        "2020-07-21TMO",
        ("2020-07-21", "2020-07-21"),
    )
    check(  # a DATE in TimeBank and AQUAINT, with a TIMEX3 part-of-day value
        find(result, "Tuesday night"),
        "Tuesday night",
        "DATE",
        "2020-07-21TNI",
        ("2020-07-21", "2020-07-21"),
    )
    assert find(result, "2:30 p.m.").granularity == "time"


def test_time_with_weekday():
    t = only("The polls closed at 10 p.m. Wednesday.", "1998-03-05")
    check(t, "10 p.m. Wednesday", "TIME", "1998-03-04T22:00", ("1998-03-04", "1998-03-04"))


# --- durations, sets, refs -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "mod"),
    [
        ("30 days", "P30D", None),
        ("a decade", "P1E", None),
        ("24 hours", "PT24H", None),
        ("several years", "PXY", None),
        ("two and a half years", "P2Y6M", None),
        ("more than four hours", "PT4H", "MORE_THAN"),
        ("up to 180 days", "P180D", "EQUAL_OR_LESS"),
        ("at least 30 days", "P30D", "EQUAL_OR_MORE"),
        ("around two weeks", "P2W", "APPROX"),
        ("a couple of years", "P2Y", None),
        ("the first nine months", "P9M", None),
        ("half an hour", "PT30M", None),
    ],
)
def test_durations(text: str, value: str, mod: str | None):
    t = only(f"The talks lasted {text}.")
    check(t, text, "DURATION", value, mod=mod)
    assert t.anchor is None


def test_bare_plural_unit_after_for():
    t = only("The siege lasted for weeks.")
    check(t, "weeks", "DURATION", "PXW")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("every week", "P1W"),
        ("weekly", "P1W"),
        ("annually", "P1Y"),
        ("each year", "P1Y"),
        ("every Thursday", "XXXX-WXX-4"),
        ("each July", "XXXX-07"),
    ],
)
def test_sets(text: str, value: str):
    t = only(f"The council meets {text} in the hall.")
    check(t, text, "SET", value)


def test_set_per_unit_after_an_amount():
    t = only("It pumps 20 barrels a day.")
    check(t, "a day", "SET", "P1D")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("the future", "FUTURE_REF"),
    ],
)
def test_refs_have_no_bounds(text: str, value: str):
    t = only(f"Prices {text} matter.")
    check(t, text, "DATE", value)
    assert t.resolved


# --- ranges ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("the 1980–1988 war", ("1980", "1980-01-01"), ("1988", "1988-12-31")),
        ("the 1980-88 war", ("1980", "1980-01-01"), ("88", "1988-12-31")),
        ("between May and June", ("May", "2020-05-01"), ("June", "2020-06-30")),
        ("on May 5-7", ("May 5", "2020-05-05"), ("7", "2020-05-07")),
        ("from January to March 2020", ("January", "2020-01-01"), ("March 2020", "2020-03-31")),
        (
            "from July 21 to August 3, 2019",
            ("July 21", "2019-07-21"),
            ("August 3, 2019", "2019-08-03"),
        ),
    ],
)
def test_ranges(text: str, first: tuple[str, str], last: tuple[str, str]):
    result = tag(f"It ran {text}.", DCT)
    assert len(result.ranges) == 1, result
    rng = result.ranges[0]
    a, b = result.timexes[rng.first], result.timexes[rng.last]
    assert (a.text, iso(a.lower)) == first
    assert (b.text, iso(b.upper)) == last


def test_two_unrelated_dates_are_not_a_range():
    result = tag("He came in 1980 and left in 1988.", DCT)
    assert len(result.timexes) == 2 and result.ranges == ()


# --- false friends ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It may rain tomorrow.".replace(" tomorrow", ""),
        "May could be a good leader.",
        "Protesters march on the capital.",
        "The Sunday Times reported it.",
        "The deal is worth $20 billion.",
        "There were 1,800 cases, 14,600 lives lost and 97,000 cases.",
        "There were 87 deaths.",
        "A 4,000-strong force moved in.",
        "Read section 1980 of the code.",
        "A Boeing 747 landed.",
        "COVID-19 spread.",
        "Drive along Route 66.",
        "An F-16 crashed.",
        "Call 555-1234 now.".replace(" now", ""),
        "Turnout was 30 percent.",
        "It is the second-biggest producer.",
        "The 86-year-old ruler spoke.",
        "They sent 2000 troops.",
    ],
)
def test_false_friends(text: str):
    assert tag(text, DCT).timexes == ()


def test_number_list_with_a_unit_tags_only_the_last():
    t = only("Loans of 45, 90 or 120 days.")
    check(t, "120 days", "DURATION", "P120D")


def test_may_the_month_with_a_clue():
    result = tag("The vote was held in May, and again on May 5.", DCT)
    assert [t.value for t in result.timexes] == ["2020-05", "2020-05-05"]


def test_mondays_possessive_is_a_date():
    t = only("Monday's meeting ended early.")
    assert (t.text, t.value) == ("Monday", "2020-07-20")


# --- missing or narrative anchors ------------------------------------------------------


def test_without_dct_relatives_stay_unresolved_and_absolutes_resolve():
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
    assert bounds(by_text["July 21, 2020"]) == ("2020-07-21", "2020-07-21")
    assert by_text["2003"].resolved and bounds(by_text["2003"]) == ("2003-01-01", "2003-12-31")
    assert len(result.ranges) == 1


def test_refs_without_dct():
    t = only("It is different now.", None)
    assert (t.value, t.resolved) == ("PRESENT_REF", True)


def test_narrative_anchors_on_the_last_absolute_date():
    text = "The army landed in June 1944. The next day it advanced, and the following year it won."
    result = tag(text, None, doc_type="narrative")
    next_day = find(result, "The next day")
    assert next_day.resolved is False  # a month is not precise enough for "next day"
    following = find(result, "the following year")
    assert (following.value, following.anchor) == ("1945", "1944-06-01")


def test_narrative_day_anchor():
    text = "On July 3, 1944 the town fell. The next day the army moved on."
    result = tag(text, None, doc_type="narrative")
    assert find(result, "The next day").value == "1944-07-04"


def test_bad_doc_type_and_dct():
    with pytest.raises(ValueError):
        tag("today", DCT, doc_type="poem")
    with pytest.raises(ValueError):
        tag("today", "21/07/2020")


# --- dates that do not exist -----------------------------------------------------------


def test_impossible_dates_are_unresolved():
    result = tag("On February 30, 2020 and on Feb. 29, 2019 nothing happened.", DCT)
    for t in result.timexes:
        assert t.resolved is False and t.lower is None and t.upper is None


def test_extreme_years_stay_in_the_calendar():
    result = tag("In the year 9999, in 9999 BC and in the year 1 AD.", DCT)
    assert result.timexes
    for t in result.timexes:
        if t.lower is not None:
            assert MIN_DAY <= t.lower <= t.upper <= MAX_DAY


def test_relative_beyond_the_calendar_is_unresolved():
    t = only("next year", "9999-12-31")
    assert t.resolved is False and t.lower is None


def test_before_and_after_mods_open_to_the_calendar_ends():
    t = only("It was built more than a century ago.")
    assert t.mod == "BEFORE" and t.lower == MIN_DAY and iso(t.upper) == "1919-12-31"


# --- output shape ----------------------------------------------------------------------


def test_offsets_sorted_non_overlapping_and_deterministic():
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


def test_empty_and_odd_input():
    assert tag("", DCT).timexes == ()
    assert tag("\u00a0\n\t", None).timexes == ()
    assert tag("𝟚𝟘𝟚𝟘 İstanbul ﬁscal 2020", DCT) is not None


# --- phase 1 scanning ------------------------------------------------------------------


def test_indexed_scan_equals_full_scan():
    tagger = Tagger(load_resources("en"))
    text = (
        "Sept. 30, 1989 and the 86-year-old's 30-day plan: $20 billion, a year earlier; "
        "the quarter, mid-1990s, F-16, No. 1990, 5 p.m. EST Nov. 9, twice a week, "
        "the first half of 2020, the year's end, three-quarters, '80s."
    )
    found = find_candidates(text, tagger.res, tagger.keys, tagger.required, tagger.wanted)
    indexed = [(c.start, c.end, c.rule.name) for c in found]
    full = [(c.start, c.end, c.rule.name) for c in find_candidates(text, tagger.res)]
    assert indexed == full


# --- resource validation ---------------------------------------------------------------


@pytest.fixture
def resource_copy(tmp_path: Path) -> Path:
    shutil.copytree(RESOURCE_ROOT / "en", tmp_path / "en")
    return tmp_path


def _add_rule(root: Path, body: str) -> None:
    with (root / "en" / "rules" / "99_test.toml").open("w", encoding="utf-8") as handle:
        handle.write("[[rule]]\n" + body)


def test_resources_load_and_rules_are_named():
    res = load_resources("en")
    assert len(res.rules) > 50
    assert len({r.name for r in res.rules}) == len(res.rules)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("name = 'bad_fragment'\npattern = '%nosuch'\nvalue = '2020'\n", "unknown fragment"),
        ("name = 'bad_table'\npattern = '@nosuch'\nvalue = '2020'\n", "unknown table"),
        (
            "name = 'bad_group'\npattern = '(?P<y>[0-9]{4})'\nvalue = '{z}'\n",
            "names group 'z'",
        ),
        (
            "name = 'bad_conv'\npattern = '(?P<y>[0-9]{4})'\nvalue = '{y:nosuch}'\n",
            "unknown converter or table 'nosuch'",
        ),
        (
            "name = 'bad_value'\npattern = '(?P<y>[0-9]{4})'\nvalue = 'UNDEF-{y}-year'\n",
            "not a TIMEX3 value",
        ),
        (
            "name = 'bad_ref'\npattern = 'x'\nvalue = 'REF.month-Q3'\n",
            "cannot follow REF.month",
        ),
        ("name = 'bad_type'\npattern = 'x'\ntype = 'EVENT'\nvalue = '2020'\n", "type 'EVENT'"),
        ("name = 'bad_mod'\npattern = 'x'\nvalue = '2020'\nmod = 'SOON'\n", "not one of"),
        ("name = 'bad_regex'\npattern = '(unclosed'\nvalue = '2020'\n", "does not compile"),
        ("name = 'bad_key'\npattern = 'x'\nvalue = '2020'\nmodd = 'END'\n", "unknown key"),
        ("name = 'no_value'\npattern = 'x'\n", "missing value"),
        (
            "name = 'dur_type'\npattern = 'x'\ntype = 'DURATION'\nvalue = '2020'\n",
            "type DURATION needs",
        ),
        ("name = 'date_year'\npattern = 'x'\nvalue = '2020'\n", "already defined"),
    ],
)
def test_invalid_rules_fail_loudly_naming_rule_and_file(
    resource_copy: Path, body: str, message: str
):
    _add_rule(resource_copy, body)
    with pytest.raises(ResourceError) as info:
        load_resources("en", root=resource_copy)
    text = str(info.value)
    assert message in text
    assert "99_test.toml" in text
    name = body.split("'")[1]
    assert name in text


def test_fragment_cycle_is_reported(resource_copy: Path):
    path = resource_copy / "en" / "fragments.toml"
    path.write_text(path.read_text() + "loop_a = '%loop_b'\nloop_b = '%loop_a'\n")
    with pytest.raises(ResourceError, match="cycle"):
        load_resources("en", root=resource_copy)


def test_invalid_toml_is_reported(resource_copy: Path):
    (resource_copy / "en" / "tables.toml").write_text("[month\n")
    with pytest.raises(ResourceError, match="tables.toml: invalid TOML"):
        load_resources("en", root=resource_copy)


def test_unknown_language():
    with pytest.raises(ResourceError, match="no resources"):
        load_resources("xx")


# --- conventions learned from TimeBank / AQUAINT ---------------------------------------


def test_year_earlier_in_quarterly_results_is_the_year_ago_quarter():
    text = (
        "Acme posted third-quarter net income of $5 million. "
        "Revenue rose to $90 million from $80 million a year earlier."
    )
    result = tag(text, "1989-11-02")
    check(
        find(result, "a year earlier"),
        "a year earlier",
        "DATE",
        "1988-Q3",
        ("1988-07-01", "1988-09-30"),
    )
    assert find(result, "third-quarter").value == "1989-Q3"


def test_year_ago_outside_financial_news_is_a_year():
    t = only("The village was flooded a year ago.")
    assert t.value == "2019"


def test_within_about_and_articles_stay_outside_durations():
    result = tag("It will end within a week, after about five hours of the 30-day plan.", DCT)
    assert [t.text for t in result.timexes] == ["a week", "five hours", "30-day"]


def test_article_before_a_number_word_is_not_one():
    t = only("They adopted a five year plan.")
    check(t, "five year", "DURATION", "P5Y")


def test_reporting_verb_right_before_a_weekday_dates_it():
    t = only("The company will cut jobs, the chairman said Friday.")
    assert t.value == "2020-07-17"


def test_future_passive_is_future():
    t = only("The vote will be held in March.")
    assert t.value == "2021-03"


def test_dividend_dates_just_after_the_dct_stay_in_its_year():
    result = tag(
        "Acme declared a dividend payable Dec. 7 to holders of record Nov. 22.", "1989-10-27"
    )
    assert [t.value for t in result.timexes] == ["1989-12-07", "1989-11-22"]


def test_holidays():
    result = tag("They will meet on Christmas and again on New Year's Day, 2021.", DCT)
    assert [(t.text, t.value) for t in result.timexes] == [
        ("Christmas", "2020-12-25"),
        ("New Year's Day, 2021", "2021-01-01"),
    ]


def test_two_days_of_one_month_are_two_dates():
    result = tag("The summit is on April 24 and 25.", DCT)
    assert [t.value for t in result.timexes] == ["2020-04-24", "2020-04-25"]
    assert result.ranges == ()


def test_pre_and_post_year():
    t = only("The post-1959 politics split families.")
    check(t, "post-1959", "DATE", "1959", ("1960-01-01", iso(MAX_DAY)), mod="AFTER")


@pytest.mark.parametrize(
    "text",
    ["one " * 4000, ",".join(["1"] * 6000), "twenty-four " * 2000, "1." * 6000],
)
def test_long_runs_of_numbers_stay_linear(text: str):
    start = time.perf_counter()
    tag(text, DCT)
    assert time.perf_counter() - start < 2.0


# --- phase 2 on its own ----------------------------------------------------------------


def _bounds_of(value: str, mod: str | None = None) -> tuple[str, str] | None:
    from timeline.tagger.resolver import resolve_against

    r = resolve_against(None, value, "DATE", mod)
    return None if r.lower is None or r.upper is None else (iso(r.lower), iso(r.upper))


@pytest.mark.parametrize(
    ("value", "mod", "span"),
    [
        ("2020-W53", None, ("2020-12-28", "2021-01-03")),
        ("2019-W53", None, None),  # 2019 has 52 ISO weeks
        ("2020-W30-WE", None, ("2020-07-25", "2020-07-26")),
        ("2021-WI", None, ("2021-12-01", "2022-02-28")),
        ("2020-H2", "LATE", ("2020-11-01", "2020-12-31")),
        ("19", "EARLY", ("1900-01-01", "1933-12-31")),
        ("198", "MID", ("1984-01-01", "1986-12-31")),
        ("2020-07", "APPROX", ("2020-06-01", "2020-08-31")),
        ("2020-07-21", "APPROX", ("2020-07-18", "2020-07-24")),
        ("2020", "BEFORE", (iso(MIN_DAY), "2019-12-31")),
        ("2020", "ON_OR_AFTER", ("2020-01-01", iso(MAX_DAY))),
        ("-9999", "APPROX", (iso(MIN_DAY), "-9998-12-31")),
        ("9999-12-31", "AFTER", None),  # nothing after the calendar's last day
        ("2020-02-30", None, None),
    ],
)
def test_value_bounds_and_mods(value: str, mod: str | None, span: tuple[str, str] | None):
    assert _bounds_of(value, mod) == span


def test_resolve_against_an_anchor():
    from timeline.tagger.anchors import Anchor
    from timeline.tagger.resolver import resolve_against
    from timeline.tagger.tense import Tense

    anchor = Anchor(parse_iso_day("2020-07-21"))
    assert resolve_against(anchor, "REF.year[-1]-Q3", "DATE").value == "2019-Q3"
    assert resolve_against(anchor, "REF.dayT14:30", "TIME").value == "2020-07-21T14:30"
    assert resolve_against(anchor, "TENSE.XXXX-QX", "DATE").value == "2020-Q2"
    past = resolve_against(anchor, "TENSE.XXXX-WXX-5", "DATE", tense=lambda: Tense.PAST)
    assert past.value == "2020-07-17" and past.anchor == "2020-07-21"
    assert resolve_against(None, "REF.week[-1]", "DATE").value == "XXXX-WXX"
    assert (
        resolve_against(Anchor(parse_iso_day("1944-01-01"), "year"), "REF.day[+1]", "DATE").resolved
        is False
    )


# --- accuracy classes: tense without a verb, deadlines, anaphora, moving holidays ---------


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
def test_month_without_tense_is_the_nearest(text: str, dct: str, value: str):
    result = tag(text, dct)
    assert [t.value for t in result.timexes if t.type == "DATE"][0] == value


def test_until_a_weekday_is_a_deadline_ahead():
    # Monday 2000-04-03: the present perfect would send "Tuesday" back a week
    t = find(
        tag("The agency has given the family until 9 a.m. Tuesday to sign.", "2000-04-03"),
        "9 a.m. Tuesday",
    )
    assert t.value == "2000-04-04T09:00"
    t = only("Officials postponed until Tuesday morning any action on the case.", "2000-03-30")
    assert t.value == "2000-04-04TMO"


def test_not_until_and_sentence_initial_until_keep_the_past():
    assert only("It was not until Tuesday that he spoke.", "2000-03-30").value == "2000-03-28"
    assert only("Until Thursday, they had not called him a suspect.", "1999-05-07").value == (
        "1999-05-06"
    )


def test_anaphora_count_from_the_last_mentioned_date():
    result = tag(
        "On May 22, 1995, he was made a general, and the following year he was sent abroad.",
        "1998-04-18",
    )
    assert find(result, "the following year").value == "1996"
    result = tag("She fled to Florida in June 1998 and returned later that year.", "2000-01-28")
    t = find(result, "later that year")
    # clipped after the anchor's first day, as "later this year" is after the DCT
    assert (t.value, bounds(t)) == ("1998", ("1998-06-02", "1998-12-31"))
    result = tag("He appeared in court on Tuesday. He looked well the next morning.", DCT)
    assert find(result, "the next morning").value == "2020-07-22TMO"
    assert find(result, "the next morning").type == "TIME"
    result = tag("Imports reached $1.5 billion in 1988. Sales fell that year.", "1989-11-02")
    assert find(result, "that year").value == "1988"


def test_anaphora_without_a_mention_use_the_dct_and_deixis_stays():
    assert only("Sales fell the previous year.").value == "2019"
    # "next year" is deictic: counted from the DCT whatever was mentioned before
    result = tag("Sales fell in 1988 and will rise next year.", DCT)
    assert find(result, "next year").value == "2021"


def test_anaphora_finer_than_the_mention_stay_unresolved():
    result = tag("They met in 1988. That day they agreed.", DCT)
    t = find(result, "That day")
    assert (t.value, t.resolved) == ("XXXX-XX-XX", False)


@pytest.mark.parametrize(
    ("text", "dct", "value"),
    [
        ("The boy was found on Thanksgiving Day at sea.", "2000-01-07", "1999-11-25"),
        ("He was found last Thanksgiving.", "2000-02-10", "1999-11-25"),
        ("This will be a theme of the campaign until Election Day.", "1998-10-26", "1998-11-03"),
        ("They will meet after Labor Day.", "2021-08-01", "2021-09-06"),
        ("The parade was held on Memorial Day.", "2020-06-10", "2020-05-25"),
        ("She will call on Mother's Day.", "2020-04-20", "2020-05-10"),
    ],
)
def test_moving_holidays(text: str, dct: str, value: str):
    assert only(text, dct).value == value


def test_moving_holiday_without_dct_keeps_its_month():
    t = only("Thanksgiving is near.", None)
    assert (t.value, t.resolved) == ("XXXX-11-XX", False)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Shipments will resume within two to three weeks.", "two to three weeks", "PXW"),
        ("Deals are due over the next 12 to 18 months.", "the next 12 to 18 months", "PXM"),
        ("He probably died within weeks or months of his capture.", "weeks or months", "PXW"),
    ],
)
def test_durations_of_uncertain_length(text: str, span: str, value: str):
    t = only(text)
    assert (t.text, t.type, t.value) == (span, "DURATION", value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was the summer of '69.", [("the summer of '69", "1969-SU")]),
        ("Q2 earnings beat estimates.", [("Q2", "2020-Q2")]),
        (
            "Results for H2 2020 and 2021 H1 were out.",
            [("H2 2020", "2020-H2"), ("2021 H1", "2021-H1")],
        ),
        # the weekend of those dates, not the current one
        ("The weekend of June 6-7 was busy.", [("June 6", "2020-06-06"), ("7", "2020-06-07")]),
        ("A fortnight ago he left.", [("A fortnight ago", "2020-W28")]),
        ("He stayed a fortnight.", [("a fortnight", "P2W")]),
        (
            "Celebrations began at midnight on Dec. 31.",
            [("midnight on Dec. 31", "2019-12-31T24:00")],
        ),
    ],
)
def test_more_news_and_history_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in tag(text, DCT).timexes] == expected


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


def test_the_morning_of_a_date_is_that_morning():
    result = tag("On the morning of 20 April 1934 she wrote to her sister.", DCT)
    assert [(t.text, t.type, t.value) for t in result.timexes] == [
        ("the morning", "TIME", "1934-04-20TMO"),
        ("20 April 1934", "DATE", "1934-04-20"),
    ]


@pytest.mark.parametrize(
    ("text", "value", "bounds_"),
    [
        # the century boundary nearest the anchor, give or take a year
        (
            "In 1895 she moved. Around the turn of the century she began.",
            "1900",
            ("1899-01-01", "1901-12-31"),
        ),
        (
            "In 1903 she won. At the turn of the century she had begun.",
            "1900",
            ("1899-01-01", "1901-12-31"),
        ),
    ],
)
def test_the_turn_of_the_century(text: str, value: str, bounds_: tuple[str, str]) -> None:
    turn = find(tag(text, None, doc_type="narrative"), "the turn of the century")
    assert (turn.value, turn.mod, bounds(turn)) == (value, "APPROX", bounds_)
    assert only("At the turn of the century it grew.").value == "2000"  # news of 2020


def test_earlier_or_later_in_the_day_is_the_day_just_told_of():
    result = tag("On Monday the vote failed. Later in the day the leader quit.", DCT)
    assert [(t.text, t.value) for t in result.timexes] == [
        ("Monday", "2020-07-20"),
        ("Later in the day", "2020-07-20"),
    ]
    assert only("Earlier in the day, protesters gathered.").value == DCT


def test_on_the_30th_is_that_day_of_the_month_just_told_of():
    text = "He died in January 1965 and was buried on the 30th."
    result = tag(text, None, doc_type="narrative")
    assert [(t.text, t.value) for t in result.timexes] == [
        ("January 1965", "1965-01"),
        ("the 30th", "1965-01-30"),
    ]
    assert tag("He lives on the 30th floor.", DCT).timexes == ()


def test_days_before_their_month_make_a_range():
    result = tag("On the night of 20–21 June 1791 the royal family fled.", DCT)
    assert [(t.text, t.value) for t in result.timexes] == [
        ("20", "1791-06-20"),
        ("21 June 1791", "1791-06-21"),
    ]
    assert len(result.ranges) == 1


def test_back_is_ago_only_when_it_is_not_a_place():
    assert only("He left two years back.").value == "2018"
    t = only("After a hundred days back in power, he was exiled.")
    assert (t.text, t.type, t.value) == ("a hundred days", "DURATION", "P100D")


def test_onwards_and_a_second_decade_and_a_historians_today():
    assert (only("From 1939 onwards it made parts.").mod) == "ON_OR_AFTER"
    result = tag("During the 1960s and 70s it grew.", DCT)
    assert [(t.text, t.value) for t in result.timexes] == [("the 1960s", "196"), ("70s", "197")]
    # in a history "today" is the writer's present, not the day the story has reached
    story = tag(
        "It was sold on March 3, 2005. Today it employs 9,000 people.", None, doc_type="narrative"
    )
    assert [(t.text, t.value) for t in story.timexes][-1] == ("Today", "PRESENT_REF")
    assert only("Today it employs 9,000 people.").value == DCT  # news: the publication day


def test_a_past_clause_reaches_one_month_ahead_at_most():
    result = tag("Unemployment fell to 3.5% in September from 3.7% in August.", DCT)
    assert [t.value for t in result.timexes] == ["2019-09", "2020-08"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the ISO week holding most of the month's first (or last) seven days
        ("Sales in the first week of March fell.", ("the first week of March", "2020-W10")),
        ("The last week of June was hot.", ("The last week of June", "2020-W26")),
        (
            "The second week of January 2021 is booked.",
            ("The second week of January 2021", "2021-W02"),
        ),
        ("The vote is the week after next.", ("the week after next", "2020-W32")),
    ],
)
def test_weeks_of_months(text: str, expected: tuple[str, str]) -> None:
    assert [(t.text, t.value) for t in tag(text, DCT).timexes] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met at half past three.", ("half past three", "2020-07-21T03:30")),
        (
            "The train left at a quarter to five in the afternoon.",
            ("a quarter to five in the afternoon", "2020-07-21T16:45"),
        ),
        ("He called at 8 o'clock.", ("8 o'clock", "2020-07-21T08:00")),
        ("It was nine o'clock at night.", ("nine o'clock at night", "2020-07-21T21:00")),
        ("Logged at 2001-09-11T08:46.", ("2001-09-11T08:46", "2001-09-11T08:46")),
        ("Logged at 2001-09-11 08:46:10Z.", ("2001-09-11 08:46:10Z", "2001-09-11T08:46")),
    ],
)
def test_clock_phrases_and_iso_times(text: str, expected: tuple[str, str]) -> None:
    (t,) = tag(text, DCT).timexes
    assert (t.text, t.value, t.type) == (*expected, "TIME")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It happened in the nineteen-sixties.", [("the nineteen-sixties", "196")]),
        ("The 2019/20 season was cut short.", [("2019", "2019"), ("20", "2020")]),
        (
            "In the spring and summer of 1945 the war ended.",
            [("the spring", "1945-SP"), ("summer of 1945", "1945-SU")],
        ),
        ("The vote is at noon today.", [("noon today", "2020-07-21T12:00")]),
    ],
)
def test_decades_in_words_season_pairs_split_years_and_noon_today(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t.text, t.value) for t in tag(text, DCT).timexes] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names of wars and periods are not durations
        ("The Hundred Years' War (1337–1453) ended.", [("1337", "1337"), ("1453", "1453")]),
        ("The Six-Day War broke out in June 1967.", [("June 1967", "1967-06")]),
        ("After the Hundred Days, Napoleon was exiled.", []),
        ("It lasted a hundred days.", [("a hundred days", "P100D")]),
        # an approximate start keeps its circa inside a range
        ("Geoffrey Chaucer (c. 1343 – 1400) was a poet.", [("c. 1343", "1343"), ("1400", "1400")]),
    ],
)
def test_names_of_periods_and_approximate_ranges(
    text: str, expected: list[tuple[str, str]]
) -> None:
    result = tag(text, None, doc_type="narrative")
    assert [(t.text, t.value) for t in result.timexes] == expected
    if expected and expected[0][0].startswith("c."):
        assert result.timexes[0].mod == "APPROX" and len(result.ranges) == 1


def test_street_numbers_are_not_years():
    assert tag("She lives at 1600 Pennsylvania Avenue.", DCT).timexes == ()
    assert only("In 1918 Main Street was paved.").value == "1918"
