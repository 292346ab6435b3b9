"""Publication dates from the text (timeline.ingest.published) and the document type of an
undated article (timeline.ingest.doctype): each cue, each failure mode, the seed files.

The examples are written for these tests, not taken from a licensed corpus.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from timeline.ingest.doctype import classify_doc_type
from timeline.ingest.published import (
    CONFIDENCE,
    DateFinding,
    doubts,
    find_dateline,
    infer_published,
)
from timeline.stamps.words import load_published_words, published_words
from timeline.tagger import ResourceError, tag

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
AL_MONITOR = (SEEDS / "000_cc5981bae35e539d.txt").read_text(encoding="utf-8")
AFP = (SEEDS / "004_c246c84bb0f736ac.txt").read_text(encoding="utf-8")
HISTORY = (ROOT / "tests" / "data" / "narrative_war_history.txt").read_text(encoding="utf-8")
RESOURCE = ROOT / "timeline" / "resources" / "en" / "published.toml"

LEAD = "Health ministers agreed to share vaccine stocks, officials said on Wednesday."


def _afp_articles() -> list[str]:
    """The three articles of the AFP seed, split where the site header repeats."""
    return [part for part in AFP.split("News AFP News AFP") if part.strip()]


def _check(finding: DateFinding | None, date: str, origin: str) -> DateFinding:
    assert finding is not None
    assert (finding.date, finding.origin) == (date, origin)
    assert 0 < finding.confidence <= 1
    assert finding.evidence
    return finding


# find_dateline: stamps at the head --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # a wire dateline: place, weekday, date, clock
        (f"LONDON | Wed Apr 29, 2009 11:17 am BST LONDON (Reuters) - {LEAD}", "2009-04-29"),
        # a page stamp: stamp words and a clock before the date
        (f"Page last updated at 08:03 GMT, Tuesday, 26 July 2011 {LEAD}", "2011-07-26"),
        # stamp words after the date
        (f"12 October 2011 Last updated at 20:01 GMT Help {LEAD}", "2011-10-12"),
        ("Published 3 March 2021\n\nThe council approved the budget.", "2021-03-03"),
        ("Updated: March 4, 2021\n\nThe council approved the budget.", "2021-03-04"),
        # a blog stamp: clock, zone words, weekday
        (f"Jane Doe | 18:00 UK time, Saturday, 25 April 2009 {LEAD}", "2009-04-25"),
        # an agency dateline: place, date, agency and dash
        ("BEIJING, Aug. 8, 2005 (Xinhua) -- China opened a new rail line.", "2005-08-08"),
        # after a headline and a standfirst: still the head
        (
            "Ministers meet over vaccine stocks A deal is expected within days "
            f"Tuesday 5 July 2005 00.34 BST {LEAD}",
            "2005-07-05",
        ),
        # a wire stamp in figures, year first
        (f"2009 04 25 08:50 JST MEXICO CITY (Reuters) - {LEAD}", "2009-04-25"),
        # a blog stamp the tagger reads as one date-time: clock, comma, weekday and date
        (f"Jane Doe | 09:53 AM, Thursday, 21 May 2009 {LEAD}", "2009-05-21"),
    ],
)
def test_find_dateline_reads_stamps(text: str, date: str) -> None:
    finding = _check(find_dateline(text), date, "dateline")
    assert finding.confidence == CONFIDENCE["dateline"]
    assert finding.evidence[0].startswith('dateline "')


def test_find_dateline_evidence_quotes_the_stamp_and_its_weekday() -> None:
    text = f"LONDON | Wed Apr 29, 2009 11:17 am BST LONDON (Reuters) - {LEAD}"
    finding = _check(find_dateline(text), "2009-04-29", "dateline")
    assert finding.evidence == (
        'dateline "LONDON | Wed Apr 29, 2009 11:17 am BST"',
        'its weekday is written with it ("Wed Apr 29, 2009")',
    )


@pytest.mark.parametrize(
    "text",
    [
        # a bare date line (a scraped capture date) is no stamp
        "Tuesday , 7 May 2024\n\nMinisters met in Rome on Tuesday.",
        AL_MONITOR,
        # a date told in a sentence
        "On 28 April 2009 the agency raised its alert level, officials said.",
        # a clock in a sentence, then a date: "at 10.30 pm on August 4 1914"
        "The war began at 10.30 pm on August 4 1914, historians say.",
        # a clock the tagger joins to the date of the next sentence
        "Spin cannot hide it 02.38 GMT On September 4 1967 the paper ran a story.",
        # a stamp beyond the head
        "Ministers met again. " * 40 + "Published 3 March 2021",
        "",
    ],
)
def test_find_dateline_none(text: str) -> None:
    assert find_dateline(text) is None


def test_a_clock_belongs_to_one_stamp() -> None:
    # the clock after the stamp is not the words of a stamp for the date after it
    text = "Tuesday 1 February 2005 02.38 GMT On September 4 1967 the paper ran a story."
    finding = _check(find_dateline(text), "2005-02-01", "dateline")
    assert finding.confidence == CONFIDENCE["dateline"]
    assert len(finding.evidence) == 2  # the stamp and its weekday, no second stamp


def test_published_then_updated_is_one_article() -> None:
    text = "Published 3 March 2021 Updated 5 March 2021\n\nThe council approved the budget."
    finding = _check(find_dateline(text), "2021-03-03", "dateline")
    assert finding.confidence == CONFIDENCE["dateline"]


def test_stamps_of_earlier_days_after_the_first_dispute_it() -> None:
    # a page listing posts, newest first: the first stamp is not this article's
    text = (
        "More posts: Vaccines - 16:10 UK time, Wednesday, 8 July 2009 Policy shift - "
        "08:55 UK time, Thursday, 2 July 2009 Testing - 15:00 UK time, Friday, 22 May 2009"
    )
    finding = _check(find_dateline(text), "2009-07-08", "dateline")
    assert finding.confidence == CONFIDENCE["dateline_disputed"]
    assert any("2009-07-02" in line for line in finding.evidence)


# infer_published ------------------------------------------------------------------------


def test_infer_takes_the_dateline_first() -> None:
    text = f"LONDON | Wed Apr 29, 2009 11:17 am BST LONDON (Reuters) - {LEAD}"
    assert infer_published(text) == find_dateline(text)


def test_infer_reads_the_print_stamp() -> None:
    text = (
        f"{LEAD} The talks resume next month. This article appeared on p12 of the Main "
        "section of the Guardian on 00.01 BST on Monday 27 April 2009."
    )
    finding = _check(infer_published(text), "2009-04-27", "inferred")
    assert finding.confidence == CONFIDENCE["print"]
    assert finding.evidence[0].startswith('print stamp "appeared on p12')


def test_infer_reads_a_stamp_at_the_foot() -> None:
    text = (
        f"{LEAD} The talks resume next month. Letters for publication should be sent to the "
        "editor. Call the main switchboard: 00.50 BST on Sunday 12 June 2005 Find books"
    )
    finding = _check(infer_published(text), "2005-06-12", "inferred")
    assert (finding.kind, finding.confidence) == ("foot", CONFIDENCE["foot"])
    assert finding.evidence == (
        'stamp at the foot of the page "00.50 BST on Sunday 12 June 2005"',
        'its weekday is written with it ("Sunday 12 June 2005")',
    )


def test_a_foot_stamp_needs_its_weekday() -> None:
    # an invitation at the end of a press release is no stamp
    text = f"{LEAD} Join the call at 10:30 a.m. ET on May 8, 2009 by dialing the number."
    assert infer_published(text) is None


AGENCY = (
    "GENEVA, May 26 (Reuters) - The World Health Organization said on {day} that infections "
    "had risen in 40 countries. The first cases were reported in April 2009."
)


def test_infer_gives_a_yearless_dateline_the_texts_year() -> None:
    # May 26, 2009 was a Tuesday: the lead's weekday agrees
    finding = _check(infer_published(AGENCY.format(day="Tuesday")), "2009-05-26", "inferred")
    assert finding.confidence == CONFIDENCE["agency"]
    assert finding.evidence == (
        'dateline without its year "GENEVA, May 26 (Reuters) -", the year of "April 2009" '
        "(sentence 2)",
        'weekday "Tuesday" agrees',
    )


def test_infer_rejects_a_yearless_dateline_whose_weekday_disagrees() -> None:
    assert infer_published(AGENCY.format(day="Friday")) is None


def test_infer_rejects_a_yearless_dateline_without_a_year() -> None:
    text = "GENEVA, May 26 (Reuters) - The World Health Organization said on Tuesday it met."
    assert infer_published(text) is None


WIRE = "GENEVA, May 26 (Reuters) - The World Health Organization said on {day} it met."
SOURCE_2009 = ["2009-05-20", "2009-05-27", "2009-06-02"]  # the wire's other articles


def test_infer_gives_a_yearless_dateline_the_year_of_its_source() -> None:
    finding = _check(
        infer_published(WIRE.format(day="Tuesday"), around=SOURCE_2009), "2009-05-26", "inferred"
    )
    assert (finding.kind, finding.confidence) == ("agency_around", CONFIDENCE["agency_around"])
    assert finding.evidence == (
        'dateline without its year "GENEVA, May 26 (Reuters) -", the year of the 3 dated '
        "articles of its source around it (2009-05-20 to 2009-06-02)",
        'weekday "Tuesday" agrees',
    )


@pytest.mark.parametrize(
    ("text", "around", "date"),
    [
        # the lead names another weekday: not the dateline's day in 2009
        (WIRE.format(day="Friday"), SOURCE_2009, None),
        # the lead is the dateline's sentence and the next
        ("GENEVA, May 26 (Reuters) - The agency met. It said so on Friday.", SOURCE_2009, None),
        # no weekday in the lead: the source's one year
        ("GENEVA, May 26 (Reuters) - The agency met.", SOURCE_2009, "2009-05-26"),
        # the source's articles are months away
        (WIRE.format(day="Tuesday"), ["2009-01-05", "2009-01-09"], None),
        # two years near it and no weekday to choose: none
        ("GENEVA, May 26 (Reuters) - The agency met.", ["2008-05-20", "2009-05-20"], None),
        # ... the lead's weekday chooses (26 May 2008 was a Monday)
        (WIRE.format(day="Tuesday"), ["2008-05-20", "2009-05-20"], "2009-05-26"),
        # the text's own year fails the weekday; the source's year may not precede its dates
        (WIRE.format(day="Tuesday") + " Cases rose in April 2003.", SOURCE_2009, "2009-05-26"),
        (WIRE.format(day="Tuesday") + " Cases rose in April 2003.", ["2002-05-28"], None),
    ],
)
def test_the_year_of_the_source_needs_one_year_near_it(
    text: str, around: list[str], date: str | None
) -> None:
    found = infer_published(text, around=around)
    assert (found.date if found else None) == date


def test_infer_takes_the_latest_full_date_that_today_anchors() -> None:
    text = (
        "The health ministers first met on 20 April 2009. "
        "Today, 28 April 2009, they agreed to share vaccine stocks."
    )
    finding = _check(infer_published(text), "2009-04-28", "inferred")
    assert finding.confidence == CONFIDENCE["latest"]
    assert finding.evidence == (
        'latest full date "28 April 2009" (sentence 2)',
        '"Today" agrees',
    )


def test_infer_takes_the_latest_full_date_its_weekday_anchors() -> None:
    text = "Health ministers met in Rome on Tuesday, and on 28 April 2009 they signed the deal."
    finding = _check(infer_published(text), "2009-04-28", "inferred")
    assert 'weekday "Tuesday" agrees' in finding.evidence


@pytest.mark.parametrize(
    "text",
    [
        "The bank cut rates yesterday, June 14, 2020, analysts said.",
        "The bank cut its rates on June 14, 2020 (yesterday), analysts said.",
    ],
)
def test_infer_takes_the_day_after_a_full_date_called_yesterday(text: str) -> None:
    finding = _check(infer_published(text), "2020-06-15", "inferred")
    assert finding.evidence[-1] == '"yesterday" says it was the day before'


def test_a_yesterday_elsewhere_in_the_sentence_is_no_cue() -> None:
    # analysts spoke yesterday; the cut may be older
    assert infer_published("The bank cut rates on 14 June 2020, analysts said yesterday.") is None


def test_infer_skips_a_full_date_in_the_future_tense() -> None:
    text = (
        "Today, 28 April 2009, health ministers agreed to share vaccine stocks. "
        "The summit will be held on 5 May 2009 in Geneva."
    )
    finding = _check(infer_published(text), "2009-04-28", "inferred")
    assert finding.evidence[-1] == (
        'a later date "5 May 2009" is in a future-tense sentence (sentence 2)'
    )


@pytest.mark.parametrize(
    "text",
    [
        # a full date but no cue that anchors on it: a past event, not the day of writing
        "The health ministers first met on 20 April 2009 in Rome, officials said.",
        # the weekday agrees, but the text tells of a later year: written later
        "He was born on Friday, August 29, 1958, in Indiana. Today he lives in Paris. "
        "He moved there in 2005.",
        # a weekday written with the date that is not its weekday
        "Today, Monday 28 April 2009, ministers agreed.",
        # only relative dates
        "Ministers met on Tuesday and will meet again next week, officials said.",
        "",
    ],
)
def test_infer_none_without_good_evidence(text: str) -> None:
    assert infer_published(text) is None


def test_infer_does_not_take_a_capture_header() -> None:
    # Al-Monitor seed: a scraped capture date over an article that writes no full date
    assert infer_published(AL_MONITOR) is None


def test_infer_leaves_the_undated_afp_articles_undated() -> None:
    for article in _afp_articles():
        assert infer_published(article) is None


# doubts ---------------------------------------------------------------------------------


def test_doubts_the_al_monitor_capture_header() -> None:
    body = AL_MONITOR.split("\n", 1)[1]  # as the reader gives it: the header line apart
    line = 'the text\'s latest date is "2016"; 2024-05-07 is 7 years after it'
    assert doubts("2024-05-07", body) == line
    assert doubts("2024-05-07", AL_MONITOR) == line  # a date-only first line is no evidence


def test_no_doubt_about_the_al_monitor_true_date() -> None:
    assert doubts("2020-07-21", AL_MONITOR) is None


def test_doubts_a_weekday_that_cannot_fall_on_the_date() -> None:
    text = "Khamenei met Kadhimi on Tuesday, July 21 in Tehran."
    assert doubts("2024-05-07", text) == (
        '"Tuesday, July 21" with a 2024 candidate: 2024-07-21 is a Sunday'
    )
    assert doubts("2020-07-21", text) is None  # 2020-07-21 was a Tuesday
    assert doubts("2020-08-03", text) is None  # read from August, July 21 is still 2020's


def test_doubts_take_the_callers_analysis() -> None:
    text = "Khamenei met Kadhimi on Tuesday, July 21 in Tehran."
    result = tag(text, "2024-05-07")
    assert doubts("2024-05-07", text, result=result) == doubts("2024-05-07", text)
    assert doubts("2020-07-21", text, result=tag(text, "2020-07-21")) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Ministers met on Tuesday, officials said.",  # no absolute date
        # only old years and no month or day without its year: no sign of current events
        "The 1918 pandemic killed millions. Officials said on Tuesday they were ready.",
    ],
)
def test_no_doubt_without_evidence(text: str) -> None:
    assert doubts("2024-05-07", text) is None


def test_doubts_need_current_events_told_without_their_year() -> None:
    old = "The embassy was stormed in 2016. "
    current = "Talks began on July 21, resumed in January and ended in late February."
    assert doubts("2024-05-07", old + current) is not None
    assert doubts("2024-05-07", old + "Talks went on for weeks.") is None
    assert doubts("2018-05-07", old + current) is None  # within the threshold


# classify_doc_type ------------------------------------------------------------------------


@pytest.mark.parametrize("article", _afp_articles())
def test_undated_afp_articles_are_news(article: str) -> None:
    kind, why = classify_doc_type(article)
    assert kind == "news"
    assert why.startswith("news: ")


def test_the_whole_afp_seed_is_news() -> None:
    assert classify_doc_type(AFP)[0] == "news"


def test_classify_doc_type_is_offered_with_the_dates() -> None:
    from timeline.ingest import published

    assert published.classify_doc_type is classify_doc_type


def test_a_history_is_a_narrative() -> None:
    kind, why = classify_doc_type(HISTORY)
    assert kind == "narrative"
    assert why.startswith("19 absolute dates and ")


def test_a_short_made_up_history_is_a_narrative() -> None:
    text = (
        "The fortress was built in 1510 and besieged in 1565. The garrison held out until "
        "September 1565, when a relief fleet arrived. In 1571 the allied navies met off "
        "Lepanto; the battle of 7 October 1571 ended the eastern threat. The walls were "
        "rebuilt between 1600 and 1620."
    )
    assert classify_doc_type(text)[0] == "narrative"


def test_dates_with_news_cues_are_news() -> None:
    text = (
        "The fortress was built in 1510, officials said on Tuesday. It was besieged in 1565 "
        "and rebuilt in 1620, the ministry told reporters yesterday. Restoration begins "
        "next week, a spokesman said, and should end in 2030, according to the plan; "
        "tickets go on sale in 2029, the director said."
    )
    kind, why = classify_doc_type(text)
    assert kind == "news"
    assert "reporting words" in why


def test_a_dateline_makes_news() -> None:
    text = "Published 3 March 2021\n\n" + HISTORY
    kind, why = classify_doc_type(text)
    assert kind == "news"
    assert "dateline or page stamp" in why


def test_few_dates_stay_news() -> None:
    assert classify_doc_type("The war ended in 1918.")[0] == "news"
    assert classify_doc_type("")[0] == "news"


# the resource file ------------------------------------------------------------------------


def test_the_resource_loads_with_the_taggers_weekdays() -> None:
    words = published_words("en")
    assert words.weekdays["tuesday"] == 2  # tables.toml [weekday]
    assert words.weekdays["wed"] == 3  # published.toml [stamp] weekday_abbreviations
    assert len(words.weekday_names) == 7


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("head_chars = 600", "head_chars = 600\nhead_lines = 3", "unknown key"),
        ("clock = '''(?:", "clock = '''((?:", "does not compile"),
        ("'%clock',\n", "'(%clock',\n", "does not compile"),
        ("dateline = 'dateline \"{text}\"'", "dateline = 'dateline \"{texte}\"'", "texte"),
        ('"Saturday", "Sunday"]', '"Saturday"]', "seven days"),
        ("(?P<d>", "(?P<day>", "groups y, m and d"),
        ("tail_chars = 300", "tail_chars = 3", "tail_chars must be a number"),
        ("[foot]\n", "[feet]\n", "unknown key"),
    ],
)
def test_the_resource_is_checked(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = tmp_path / "published.toml"
    shutil.copy(RESOURCE, path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_published_words(path, {"tuesday": 2})
