"""The words that the presenters, the merge of events and `timeline.dates` read from a
language's resource files (present.toml, events.toml, dates.toml), reusing the tagger's names
(tables.toml): what they give, and the mistakes their loaders reject."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import timeline.resource_files
from timeline import dates
from timeline.errors import BadDate
from timeline.events.vectors import CALENDAR_WORDS, date_words, load_date_words
from timeline.present.words import load_present_words, present_words
from timeline.tagger import ResourceError
from timeline.tagger.resources import tables_for

EN = Path(timeline.resource_files.RESOURCE_ROOT) / "en"


def edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of resources/en/<name> with ``old`` replaced by ``new``."""
    path = tmp_path / name
    text = (EN / name).read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_month_names_are_the_taggers():
    words = present_words().dates
    assert words.months[0] == "January" and words.months[8] == "September"
    assert words.months_short[8] == "Sep"  # the shortest of "sept", "sep"
    assert words.months_short[4] == "May"  # no other name: the full one
    assert [name.lower() for name in words.months] == sorted(
        tables_for()["month_full"], key=tables_for()["month_full"].get
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('LATE = "late"', 'LATER = "late"', r"\[dates\] mods: unknown key\(s\) \['LATER'\]"),
        ('WI = "winter"', 'XX = "winter"', r"\[dates\] seasons: unknown key\(s\) \['XX'\]"),
        (', WI = "winter"', "", r"\[dates\] seasons lacks \['WI'\]"),
        ("capital_months = true", 'capital_months = "yes"', "must be true or false"),
        ('articles = ["the", "a", "an"]', "articles = []", "articles must be a non-empty list"),
        ("'told [\\w.]+'", "'told ['", "attribution 'told \\[': regex does not compile"),
        ("[headline]", "[headlines]", r"unknown key\(s\) \['headlines'\]"),
        ('bc = "{year} BC"', 'bc = "{yr} BC"', r"\[dates\] bc: unknown field\(s\) \['yr'\]"),
        ('ad = "AD {year}"', 'ad = "AD"', r"\[dates\] ad: lacks field\(s\) \['year'\]"),
        ("{week} of", "{week:02} of", r"\[dates\] week: bad field \{week\}"),
        ("{week} of", "{week!r} of", r"\[dates\] week: bad field \{week\}"),
        ("{week} of", "{week of", r"\[dates\] week: .* is not a format string"),
        ('labels = "Labels"', 'label = "Labels"', r"\[chart\] traces: unknown key\(s\)"),
        (', year = "year"', "", r"\[chart\] units lacks \['year'\]"),
        ('"per {unit}"', '"per unit"', r"\[chart\] per_unit: lacks field\(s\) \['unit'\]"),
        ("{labelled} with", "{labeled} with", r"\[chart\] in_view: unknown field\(s\)"),
        (
            'sources = "Sources"',
            'source = "Sources"',
            r"\[chronology\]: unknown key\(s\) \['source'\]",
        ),
        ('no_dates = "No dates."\n', "", r"\[chronology\] lacks \['no_dates'\]"),
        (
            'reports = { one = "{count} report", ',
            "reports = { ",
            r"\[hover\] reports lacks \['one'\]",
        ),
        (
            '"{count} reports" }',
            '"reports" }',
            r"\[hover\] reports.other: lacks field\(s\) \['count'\]",
        ),
        (
            'reports_in = "{reports} in {articles}"',
            "reports_in = 3",
            r"\[hover\] reports_in must be a string",
        ),
        ("[citations]", "[citation]", r"unknown key\(s\) \['citation'\]"),
    ],
)
def test_present_words_reject_mistakes(tmp_path, old, new, message):
    path = edited(tmp_path, "present.toml", old, new)
    with pytest.raises(ResourceError, match=message):
        load_present_words(path, tables_for())


def test_present_words_format_labels_and_counts():
    words = present_words()
    assert words.dates.formats["bc"].format(year=44) == "44 BC"
    assert words.hover["reports"](1) == "1 report" and words.hover["reports"](0) == "0 reports"
    assert words.chronology["events"](2, count="2,000") == "2,000 events"
    # the page's scripts get every format, a plural as {one, other}
    script = words.script_words()
    assert script["dates"]["ad"] == "AD {year}"
    assert script["hover"]["events"] == {"one": "{count} event", "other": "{count} events"}


def test_present_words_need_a_name_for_every_month(tmp_path):
    tables = dict(tables_for())
    tables["month_full"] = {k: v for k, v in tables["month_full"].items() if k != "june"}
    with pytest.raises(ResourceError, match="table 'month_full' must name month 06 once"):
        load_present_words(EN / "present.toml", tables)


def test_calendar_words_join_the_taggers_names_to_events_toml():
    words = date_words()
    assert words.calendar is CALENDAR_WORDS
    # tables.toml: abbreviated and full months, weekdays, seasons, days named from today
    assert {"sept", "jan", "september", "tuesday", "autumn", "yesterday"} <= CALENDAR_WORDS
    assert {"sept", "jan", "tues", "pm", "bst"} <= words.stamp  # events.toml [stamp]
    assert "september" not in words.stamp and "ago" in CALENDAR_WORDS - words.stamp


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"gmt"', '"GMT"', "'GMT' must be lower case"),
        ('"overnight"', '"over night"', "'over night' is not one word"),
        ("[calendar]", "[calender]", r"unknown key\(s\) \['calender'\]"),
        ("meridiem =", "meridian =", r"\[stamp\]: unknown key\(s\) \['meridian'\]"),
    ],
)
def test_event_words_reject_mistakes(tmp_path, old, new, message):
    path = edited(tmp_path, "events.toml", old, new)
    with pytest.raises(ResourceError, match=message):
        load_date_words(path, tables_for())


@pytest.fixture
def dates_toml(tmp_path, monkeypatch):
    """resources/en/dates.toml read from a copy the test may edit."""
    (tmp_path / "en").mkdir()
    shutil.copy(EN / "dates.toml", tmp_path / "en" / "dates.toml")
    monkeypatch.setattr(timeline.resource_files, "RESOURCE_ROOT", tmp_path)
    dates._era_year.cache_clear()
    yield tmp_path / "en" / "dates.toml"
    dates._era_year.cache_clear()


def test_era_words_come_from_dates_toml(dates_toml):
    assert dates.date_bound("44 BC") == dates.date_bound("-0043")
    text = dates_toml.read_text(encoding="utf-8")
    dates_toml.write_text(text.replace('"BCE",', '"BCE", "av. J.-C.",'), encoding="utf-8")
    dates._era_year.cache_clear()
    assert dates.date_bound("44 av. J.-C.") == dates.date_bound("44 bc")
    with pytest.raises(BadDate, match="use YYYY"):
        dates.date_bound("44 BX")


def test_era_words_reject_mistakes(dates_toml):
    text = dates_toml.read_text(encoding="utf-8")
    dates_toml.write_text(text.replace("ad_before", "ad_befor"), encoding="utf-8")
    with pytest.raises(ResourceError, match=r"\[era\]: unknown key\(s\) \['ad_befor'\]"):
        dates.date_bound("AD 79")
