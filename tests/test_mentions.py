"""Building events from expressions (pure: TagResult in, drafts out)."""

import pytest

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


# an article's own stamps: stored as expressions, no mention ---------------------------------


def _mentioned(text: str, published: str | None) -> list[tuple[str, str]]:
    from timeline.mentions import analyze

    analysis = analyze(text, published)
    return [(d.expression_text, iso(d.lower)) for d in analysis.mentions]


STAMPED = [
    # a wire dateline: the day the story was filed, not the day of the talks
    (
        "BEIJING, Aug. 10, 2005 (Xinhua) -- The talks resumed on Monday, officials said.",
        "2005-08-10",
        "Aug. 10, 2005",
        [("Monday", "2005-08-08")],
    ),
    # a page stamp, with its clock an expression of its own
    (
        "Flu talks\nLONDON | Wed Apr 29, 2009 11:17 am BST LONDON (Reuters) - Health ministers "
        "met on Tuesday, they said.",
        "2009-04-29",
        "Wed Apr 29, 2009",
        [("Tuesday", "2009-04-28")],
    ),
    # undated, the text is read as a narrative: "Monday" still counts from the stamp
    (
        "Talks\n\nPublished 3 March 2021\n\nTalks resumed on Monday.",
        None,
        "3 March 2021",
        [("Monday", "2021-03-01")],
    ),
    (
        "Talks\n\nPublished 3 March 2021\n\nTalks resumed on Monday.",
        "2021-03-03",
        "3 March 2021",
        [("Monday", "2021-03-01")],
    ),
    # a dateline without its year, resolved against the publication date given
    (
        "Pig cull ROME, April 29 (Reuters) - Egypt ordered the cull on Wednesday.",
        "2009-04-29",
        "April 29",
        [("Wednesday", "2009-04-29")],
    ),
    # the print edition's stamp and a stamp at the foot, whatever day they name
    (
        "The inquiry opened on 2 March 2009. This article appeared on p28 of the Main section "
        "of the Guardian on Monday 27 April 2009.",
        "2009-04-26",
        "Monday 27 April 2009",
        [("2 March 2009", "2009-03-02")],
    ),
    (
        "The inquiry opened on 2 March 2009. Call the main Guardian and Observer switchboard: "
        "00.50 BST on Sunday 12 June 2005",
        "2005-06-12",
        "Sunday 12 June 2005",
        [("2 March 2009", "2009-03-02")],
    ),
    # a stamp in figures: its year is no mention of the year
    (
        "2009 04 25 08:50 JST MEXICO CITY (Reuters) - A new strain of flu spread on Friday.",
        "2009-04-25",
        "2009",
        [("Friday", "2009-04-24")],
    ),
]


@pytest.mark.parametrize(("text", "published", "stamp", "mentioned"), STAMPED)
def test_an_articles_own_stamp_is_an_expression_but_no_mention(
    text: str, published: str | None, stamp: str, mentioned: list
) -> None:
    from timeline.mentions import analyze

    analysis = analyze(text, published)
    assert stamp in [t.text for t in analysis.result.timexes]  # stored, as every expression
    assert analysis.stamps and all(text[a:b] for a, b in analysis.stamps)
    assert _mentioned(text, published) == mentioned


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        # a scraped capture date alone on its line is no stamp (the text's own business)
        ("Tuesday , 7 May 2024\n\nThe talks resumed.", [("7 May 2024", "2024-05-07")]),
        # a full date told at the head, without a stamp's words around it
        (
            "Flu\nOn 28 April 2009 the WHO met, officials said.",
            [("28 April 2009", "2009-04-28")],
        ),
        # a clock and a date told in the story ("at 10.30 pm on ..."), not a stamp
        (
            "Britain declared war at 11 pm on 4 August 1914, the paper recalled.",
            [("11 pm on 4 August 1914", "1914-08-04")],
        ),
    ],
)
def test_dates_the_text_tells_are_not_stamps(text: str, mentioned: list) -> None:
    from timeline.mentions import analyze

    assert analyze(text, "2009-04-29").stamps == ()
    assert set(mentioned) <= set(_mentioned(text, "2009-04-29"))


def test_a_stamp_does_not_join_a_range_and_its_spans_are_the_stamps() -> None:
    from timeline.mentions import analyze

    text = "BEIJING, Aug. 10, 2005 (Xinhua) -- Talks ran from 1980 to 1988, they said."
    analysis = analyze(text, "2005-08-10")
    (stamp,) = analysis.stamps
    assert text[slice(*stamp)] == "BEIJING, Aug. 10, 2005 (Xinhua) -"
    assert _mentioned(text, "2005-08-10") == [("1980 to 1988", "1980-01-01")]
