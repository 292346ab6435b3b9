"""Building events from expressions (pure: TagResult in, drafts out)."""

from timeline.calendar import day_number, iso
from timeline.mentions import build_mentions
from timeline.tagger.timex import TagResult, Timex, TimexRange


def _timex(
    text: str,
    source: str,
    value: str,
    lower,
    upper,
    *,
    type_="DATE",
    granularity="year",
    resolved=True,
) -> Timex:
    start = source.index(text)
    return Timex(
        start=start,
        end=start + len(text),
        text=text,
        type=type_,
        value=value,
        lower=lower,
        upper=upper,
        granularity=granularity,
        rule="test",
        resolved=resolved,
    )


TEXT = "The war ran from 1980 to 1988. Talks began on Tuesday. It lasted 30 days."


def test_range_is_one_event_and_durations_are_not_events():
    y1980 = _timex("1980", TEXT, "1980", day_number(1980), day_number(1980, 12, 31))
    y1988 = _timex("1988", TEXT, "1988", day_number(1988), day_number(1988, 12, 31))
    tuesday = _timex(
        "Tuesday",
        TEXT,
        "2020-07-21",
        day_number(2020, 7, 21),
        day_number(2020, 7, 21),
        granularity="day",
    )
    days = _timex("30 days", TEXT, "P30D", None, None, type_="DURATION", granularity=None)
    result = TagResult((y1980, y1988, tuesday, days), (TimexRange(0, 1),))
    sentences = [(0, 30), (31, 54), (55, len(TEXT))]
    events = build_mentions(TEXT, result, sentences)
    assert [
        (
            TEXT[e.sentence_start : e.sentence_end],
            iso(e.lower),
            iso(e.upper),
            e.value,
            e.expression_text,
            e.links,
        )
        for e in events
    ] == [
        (
            "The war ran from 1980 to 1988.",
            "1980-01-01",
            "1988-12-31",
            "1980/1988",
            "1980 to 1988",
            ((0, "start"), (1, "end")),
        ),
        (
            "Talks began on Tuesday.",
            "2020-07-21",
            "2020-07-21",
            "2020-07-21",
            "Tuesday",
            ((2, "date"),),
        ),
    ]
    assert events[0].granularity == "year"


def test_unresolved_expressions_make_no_event():
    text = "He resigned last month."
    last_month = _timex(
        "last month", text, "XXXX-XX", None, None, resolved=False, granularity="month"
    )
    assert build_mentions(text, TagResult((last_month,)), [(0, len(text))]) == []


def test_same_span_twice_in_a_sentence_is_one_event_with_both_expressions():
    text = "On Tuesday, Tuesday's talks ended."
    first = Timex(
        3,
        10,
        "Tuesday",
        "DATE",
        "2020-07-21",
        lower=737627,
        upper=737627,
        granularity="day",
        rule="t",
    )
    second = Timex(
        12,
        19,
        "Tuesday",
        "DATE",
        "2020-07-21",
        lower=737627,
        upper=737627,
        granularity="day",
        rule="t",
    )
    events = build_mentions(text, TagResult((first, second)), [(0, len(text))])
    assert len(events) == 1 and events[0].links == ((0, "date"), (1, "date"))


def test_expression_outside_any_sentence_takes_its_line():
    text = "Heading 2019\nBody."
    year = _timex("2019", text, "2019", day_number(2019), day_number(2019, 12, 31))
    (event,) = build_mentions(text, TagResult((year,)), [(13, 18)])
    assert text[event.sentence_start : event.sentence_end] == "Heading 2019"


def test_an_open_ended_date_is_its_own_mention_beside_the_day_of_its_bound():
    """Open-ended "more than a week ago" (before 20 March: bound 19 March) and "March 19"
    in one sentence are two statements; the open one keeps its side and calendar."""
    from timeline.mentions import analyze

    text = "Rebels left on March 19, more than a week ago, a spokesman said."
    drafts = analyze(text, "2011-03-27").mentions
    day = day_number(2011, 3, 19)
    assert [(d.expression_text, d.lower, d.upper, d.mod, d.open, d.calendar) for d in drafts] == [
        ("March 19", day, day, None, None, "gregorian"),
        ("more than a week ago", day, day, "BEFORE", "before", "gregorian"),
    ]


def test_a_range_with_an_open_end_is_two_dates():
    """A range "from before 1200 to 1300": an open end makes no span; each end is its own date."""
    import dataclasses

    text = "They ruled from before 1200 to 1300."
    before = _timex("before 1200", text, "1200", day_number(1199, 12, 31), day_number(1199, 12, 31))
    before = dataclasses.replace(before, mod="BEFORE", open="before", calendar="julian")
    y1300 = _timex("1300", text, "1300", day_number(1300), day_number(1300, 12, 31))
    y1300 = dataclasses.replace(y1300, calendar="julian")
    result = TagResult((before, y1300), (TimexRange(0, 1),))
    drafts = build_mentions(text, result, [(0, len(text))])
    assert [(d.expression_text, d.open, d.calendar, d.links) for d in drafts] == [
        ("before 1200", "before", "julian", ((0, "date"),)),
        ("1300", None, "julian", ((1, "date"),)),
    ]
