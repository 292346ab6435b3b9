"""Historians' dates: eras, centuries, millennia, approximate, bounded, other calendars."""

import pytest

from timeline.calendar import written_iso as iso  # bounds as the calendar of their time
from timeline.tagger import tag


def one(text: str, dct: str | None = None, doc_type: str = "narrative"):
    found = [t for t in tag(text, dct, doc_type=doc_type).timexes if t.type == "DATE"]
    assert len(found) == 1, found
    t = found[0]
    return t.text, t.value, t.mod, iso(t.lower), iso(t.upper)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # eras: astronomical years (1 BC is 0000, 44 BC is -0043)
        ("Caesar died in 44 BC.", ("44 BC", "-0043", None, "-0043-01-01", "-0043-12-31")),
        ("Caesar died in 44 BCE.", ("44 BCE", "-0043", None, "-0043-01-01", "-0043-12-31")),
        ("Pompeii was buried in AD 79.", ("AD 79", "0079", None, "0079-01-01", "0079-12-31")),
        ("Pompeii was buried in 79 CE.", ("79 CE", "0079", None, "0079-01-01", "0079-12-31")),
        (
            "Athens flourished in the 5th century BC.",
            ("the 5th century BC", "-04", None, "-0499-01-01", "-0400-12-31"),
        ),
        (
            "Egypt was unified in the third millennium BC.",
            ("the third millennium BC", "-2", None, "-2999-01-01", "-2000-12-31"),
        ),
        (
            "Rome held it through the 1st century AD.",
            ("the 1st century AD", "00", None, "0001-01-01", "0099-12-31"),
        ),
        # centuries, decades and their parts
        (
            "It grew in the 19th century.",
            ("the 19th century", "18", None, "1800-01-01", "1899-12-31"),
        ),
        (
            "It grew in the nineteenth century.",
            ("the nineteenth century", "18", None, "1800-01-01", "1899-12-31"),
        ),
        (
            "It began in the early 1800s.",
            ("the early 1800s", "18", "EARLY", "1800-01-01", "1833-12-31"),
        ),
        (
            "It peaked in the mid-1960s.",
            ("the mid-1960s", "196", "MID", "1964-01-01", "1966-12-31"),
        ),
        (
            "It ended in the late 1990s.",
            ("the late 1990s", "199", "LATE", "1997-01-01", "1999-12-31"),
        ),
        (
            "By the turn of the 20th century it was gone.",
            ("the turn of the 20th century", "19", "START", "1900-01-01", "1933-12-31"),
        ),
        ("It was built in the 1640s.", ("the 1640s", "164", None, "1640-01-01", "1649-12-31")),
        ("It was loud in the '60s.", ("the '60s", "196", None, "1960-01-01", "1969-12-31")),
        # seasons, quarters, halves
        ("They met in summer 1942.", ("summer 1942", "1942-SU", None, "1942-06-01", "1942-08-31")),
        (
            "Revolts spread in the spring of 1848.",
            ("the spring of 1848", "1848-SP", None, "1848-03-01", "1848-05-31"),
        ),
        ("Sales fell in Q3 2019.", ("Q3 2019", "2019-Q3", None, "2019-07-01", "2019-09-30")),
        (
            "Prices rose in the first half of 2020.",
            ("the first half of 2020", "2020-H1", None, "2020-01-01", "2020-06-30"),
        ),
        # approximate and uncertain: wider bounds than the exact date
        ("Built circa 1850.", ("circa 1850", "1850", "APPROX", "1849-01-01", "1851-12-31")),
        ("Built c. 1850.", ("c. 1850", "1850", "APPROX", "1849-01-01", "1851-12-31")),
        ("Built ca. 1850.", ("ca. 1850", "1850", "APPROX", "1849-01-01", "1851-12-31")),
        ("Founded around 1900.", ("around 1900", "1900", "APPROX", "1899-01-01", "1901-12-31")),
        (
            "Burned about 1200 BC.",
            ("about 1200 BC", "-1199", "APPROX", "-1200-01-01", "-1198-12-31"),
        ),
        ("Born 1850? in Lyon.", ("1850?", "1850", "APPROX", "1849-01-01", "1851-12-31")),
        # bounded: open on one side, the one real bound as both ends (Timex.open says which)
        ("Written before 1200.", ("before 1200", "1200", "BEFORE", "1199-12-31", "1199-12-31")),
        ("Rebuilt after 1945.", ("after 1945", "1945", "AFTER", "1946-01-01", "1946-01-01")),
        (
            "Finished no later than 1066.",
            ("no later than 1066", "1066", "ON_OR_BEFORE", "1066-12-31", "1066-12-31"),
        ),
        # other calendars: converted to Gregorian days, the wording kept
        (
            "The year began on 1 Muharram 1442.",
            ("1 Muharram 1442", "2020-08-20", None, "2020-08-20", "2020-08-20"),
        ),
        (
            "They fasted in Ramadan 1441 AH.",
            ("Ramadan 1441 AH", "2020-04-24/2020-05-23", None, "2020-04-24", "2020-05-23"),
        ),
        (
            "The decree is dated 1 Mordad 1399.",
            ("1 Mordad 1399", "2020-07-22", None, "2020-07-22", "2020-07-22"),
        ),
        (
            "It was signed in Mordad 1399.",
            ("Mordad 1399", "2020-07-22/2020-08-21", None, "2020-07-22", "2020-08-21"),
        ),
    ],
)
def test_historians_dates(sentence, expected):
    assert one(sentence) == expected


def test_the_same_dates_in_news():
    """Eras, approximations and calendars do not need narrative mode."""
    assert one("Caesar died in 44 BC.", "2020-07-21", "news")[1] == "-0043"
    assert one("Built c. 1850.", "2020-07-21", "news")[2] == "APPROX"
    assert one("They fasted in Ramadan 1441 AH.", "2020-07-21", "news")[1] == (
        "2020-04-24/2020-05-23"
    )


def test_decades_or_decades_span_both():
    result = tag("It was built in the 1850s or 1860s.", doc_type="narrative")
    assert [t.value for t in result.timexes] == ["185", "186"]
    assert len(result.ranges) == 1
    first, last = result.timexes
    assert (iso(first.lower), iso(last.upper)) == ("1850-01-01", "1869-12-31")


def test_bc_range():
    result = tag("The Greeks fought from 480 to 479 BC.", doc_type="narrative")
    assert [t.value for t in result.timexes] == ["-0479", "-0478"]
    assert len(result.ranges) == 1


def test_turn_of_the_century_takes_the_narrative_century():
    result = tag(
        "In 1943 the war raged. At the turn of the century it was quiet.", doc_type="narrative"
    )
    t = result.timexes[-1]
    # the century boundary nearest 1943, give or take a year
    assert (t.text, t.value, t.mod, iso(t.lower), iso(t.upper)) == (
        "the turn of the century",
        "1900",
        "APPROX",
        "1899-01-01",
        "1901-12-31",
    )


def test_hijri_month_names():
    from timeline.tagger import resources_for
    from timeline.tagger.historical import hijri_month, jalali_month

    calendars = resources_for("en").calendars
    names = ["Muharram", "Rabi' al-Awwal", "Rabi II", "Jumada al-Ula", "Jumada al-Akhirah",
             "Sha'ban", "Ramazan", "Dhu al-Qadah", "Dhul Hijjah"]  # fmt: skip
    assert [hijri_month(n, calendars) for n in names] == [1, 3, 4, 5, 6, 8, 9, 11, 12]
    assert jalali_month("Esfand", calendars) == 12


def test_a_question_is_not_an_uncertain_date():
    result = tag("Was it 1850? Nobody knows.", doc_type="narrative")
    assert [(t.text, t.mod) for t in result.timexes] == [("1850", None)]


def test_numbers_after_about_are_not_dates():
    assert tag("About 1500 soldiers died.", doc_type="narrative").timexes == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In the second half of the 15th century printing spread.",
            (
                "the second half of the 15th century",
                "1450-01-01/1499-12-31",
                None,
                "1450-01-01",
                "1499-12-31",
            ),
        ),
        (
            "In the first quarter of the 20th century cities grew.",
            (
                "the first quarter of the 20th century",
                "1900-01-01/1924-12-31",
                None,
                "1900-01-01",
                "1924-12-31",
            ),
        ),
        (
            "During the last decade of the 19th century, it boomed.",
            ("the last decade of the 19th century", "189", None, "1890-01-01", "1899-12-31"),
        ),
        (
            "Early in the 11th century the abbey was rebuilt.",
            ("Early in the 11th century", "10", "EARLY", "1000-01-01", "1033-12-31"),
        ),
        (
            "Early in 1920 she travelled to America.",
            ("Early in 1920", "1920", "EARLY", "1920-01-01", "1920-04-30"),
        ),
    ],
)
def test_parts_of_centuries_and_years(text, expected):
    (t,) = tag(text, doc_type="narrative").timexes
    assert (t.text, t.value, t.mod, iso(t.lower), iso(t.upper)) == expected


def test_a_range_of_centuries_named_once():
    result = tag("The dynasty ruled from the 8th to the 10th century.", doc_type="narrative")
    assert [(t.text, t.value) for t in result.timexes] == [
        ("the 8th", "07"),
        ("the 10th century", "09"),
    ]
    assert len(result.ranges) == 1
    # no fourth half: the words are left alone
    assert tag("the fourth half of the 15th century", doc_type="narrative").timexes[0].text == (
        "the 15th century"
    )


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        ("The Rising began at Easter 1916.", None, ("Easter 1916", "1916-04-23")),
        ("On Good Friday 1998 the agreement was signed.", None, ("Good Friday 1998", "1998-04-10")),
        # before 1583: the Julian computus, written as the Julian date it was (16 April 1066)
        ("Easter 1066 fell in April.", None, ("Easter 1066", "1066-04-16")),
        ("They will travel over Easter.", "2020-07-21", ("Easter", "2021-04-04")),
        ("Last Easter the church was full.", "2020-07-21", ("Last Easter", "2020-04-12")),
    ],
)
def test_days_counted_from_easter(text, dct, expected):
    result = tag(text, dct, doc_type="news" if dct else "narrative")
    assert [(t.text, t.value) for t in result.timexes][:1] == [expected]


def test_easter_in_a_story_is_that_years_easter():
    result = tag("In 1916 the rebels struck at Easter.", doc_type="narrative")
    assert [(t.text, t.value) for t in result.timexes] == [
        ("1916", "1916"),
        ("Easter", "1916-04-23"),
    ]


def test_easter_without_a_year_or_anchor_stays_unresolved_and_names_stay_names():
    (t,) = tag("We met at Easter.", doc_type="narrative").timexes
    assert (t.value, t.resolved) == ("XXXX-XX-XX", False)
    assert [x.text for x in tag("The Easter Rising was in 1916.").timexes] == ["1916"]
