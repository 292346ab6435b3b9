"""A story's anchor: dates named in passing or looked back to do not move it; what a
coarse anchor still tells is kept; "soon" is no date in a history."""

from __future__ import annotations

from timeline.tagger import tag
from timeline.tagger.candidates import find_candidates
from timeline.tagger.digressions import passing_dates
from timeline.tagger.resources import resources_for


def story(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, doc_type="narrative").timexes]


def test_a_far_year_in_mid_sentence_is_named_in_passing() -> None:
    text = (
        "The Poles reached the rear of the Soviet armies by August 18, 1920. Documents found "
        "in 2004 showed that Polish cryptographers had broken the Red Army's ciphers. The "
        "cavalry was halted on August 17 near Zamosc, the largest cavalry battle since 1813. "
        "The army retreated on 6 September."
    )
    assert story(text) == [
        ("August 18, 1920", "1920-08-18"),
        ("2004", "2004"),
        ("August 17", "1920-08-17"),
        ("1813", "1813"),
        ("6 September", "1920-09-06"),
    ]


def test_an_excursion_the_story_returns_from() -> None:
    text = (
        "In May 1789 the Estates-General met at Versailles. They had last met in 1614, and in "
        "1614 each estate had one vote. In June 1789 the third estate walked out. On 20 June "
        "it swore the Tennis Court Oath."
    )
    assert story(text)[-1] == ("20 June", "1789-06-20")


def test_a_year_in_brackets_labels_what_it_follows() -> None:
    text = (
        "In 1793 peasants in the Vendee revolted against conscription. They resented the Civil "
        "Constitution of the Clergy (1790). On 17 August the Convention voted for the levee."
    )
    assert story(text)[-1] == ("17 August", "1793-08-17")


def test_a_story_that_moves_on_is_followed() -> None:
    """No return: the story really went on to another time."""
    text = "The war ended in 1871. In 1914 a new war began. On 28 June the archduke was shot."
    assert story(text)[-1] == ("28 June", "1914-06-28")
    text = "The mill opened on 3 May 1850. In 1870, a fire broke out. On 4 June it burned."
    assert story(text)[-1] == ("4 June", "1870-06-04")


def test_passing_dates_are_found_from_the_phase_one_values() -> None:
    text = "On 8 May 1945 the war ended. A book (2003) tells of it. On 9 May they danced."
    pieces = [p for c in find_candidates(text, resources_for("en"), doc_type="narrative")
              for p in c.pieces]  # fmt: skip
    assert [pieces[i].value for i in passing_dates(text, pieces)] == ["2003"]


def test_a_look_back_does_not_move_the_story() -> None:
    text = (
        "Polish forces crossed the Niemen in September 1920, repeating their successes of the "
        "previous year. In early October they reached the Szczara."
    )
    assert story(text) == [
        ("September 1920", "1920-09"),
        ("the previous year", "1919"),
        ("early October", "1920-10"),
    ]


def test_a_month_long_before_the_storys_is_the_next_years() -> None:
    text = "The line held through December 1916. On 14 January the offensive began."
    assert story(text)[-1] == ("14 January", "1917-01-14")
    text = "The line broke in October 1918. In August the first attacks had failed."
    assert story(text)[-1] == ("August", "1918-08")


def test_a_coarse_anchor_still_tells_the_year() -> None:
    result = tag("The attack began in October 1915; four days later Bulgaria joined.",
                 doc_type="narrative").timexes  # fmt: skip
    later = result[-1]
    assert (later.value, later.resolved) == ("1915-XX-XX", False)
    # a day after "1980" may be in 1981: nothing is known
    assert (
        tag("In 1980 it began. The next day it ended.", doc_type="narrative").timexes[-1].value
        == "XXXX-XX-XX"
    )


def test_soon_orders_a_story_and_is_no_date() -> None:
    assert story("The town fell in 1918 and the army soon withdrew.") == [("1918", "1918")]
    news = tag("The leaders will meet soon. The boy was soon released.", "2020-07-21")
    assert [t.text for t in news.timexes] == ["soon"]


def test_vague_later_and_earlier_in_a_story() -> None:
    assert story("Rome won in 241 BC. A few years later it took Sardinia.")[-1] == (
        "A few years later",
        "FUTURE_REF",
    )
    assert story("He had been deposed many years earlier.") == [("many years earlier", "PAST_REF")]


def test_a_winter_is_named_by_its_december() -> None:
    """December 1914 to February 1915 is the winter of 1914 (``1914-WI``), as TIMEX3 and
    EDTF name it (WikiWars' TIMEX2 annotators write ``1915-WI``)."""
    assert story("The front froze in December 1914. All winter the armies dug in.")[-1] == (
        "winter",
        "1914-WI",
    )
    assert story("In 1812 the army reached Moscow. That winter it froze.")[-1] == (
        "That winter",
        "1812-WI",
    )


def test_month_and_day_of_the_year_or_month_told_of() -> None:
    assert story("The war ended in 1918, and in October of that year the fleet mutinied.")[-1] == (
        "October of that year",
        "1918-10",
    )
    assert story("They crossed in August 1919 and took the town on the 28th of that month.")[
        -1
    ] == ("the 28th of that month", "1919-08-28")
    assert story("The French returned in 1946. Late in the year, fighting began.")[-1] == (
        "Late in the year",
        "1946",
    )


def test_time_of_day_of_a_date_in_a_story() -> None:
    assert story("On the night of 20 June 1791 the royal family fled.") == [
        ("the night of 20 June 1791", "1791-06-20TNI")
    ]
    assert story("The airlift was complete by the morning of December 28, 1979.") == [
        ("the morning of December 28, 1979", "1979-12-28TMO")
    ]


def test_days_written_together() -> None:
    assert story("From 15 to 22 February 1984 the Iranians attacked.") == [
        ("15", "1984-02-15"),
        ("22 February 1984", "1984-02-22"),
    ]
    assert story("The battle of the Frontiers (14 August-24 August 1914) was lost.") == [
        ("14 August", "1914-08-14"),
        ("24 August 1914", "1914-08-24"),
    ]
