"""Chronology exports: Markdown, CSV, JSON, NL-JSON, TimelineJS3 and iCalendar.

Each format is compared with an expected file in ``tests/expected/exports/``; after a
deliberate change, ``UPDATE_EXPECTED=1 pytest tests/present/test_exports.py`` rewrites them (then
read the diff). The rows cover a day, a month, a week, late 2018, a range of years, an
approximate day, a BC day and an article whose text, title and address are markup.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from timeline.calendar import day_number, days_in_month, iso
from timeline.db.queries import MENTION_FIELDS
from timeline.present.exports import (
    DETAIL_FIELDS,
    EXPORT_FIELDS,
    EXPORT_FORMATS,
    export,
    fold,
    ics_text,
    timelinejs,
    timelinejs_date,
    with_details,
)
from timeline.present.markdown import markdown_chronology

EXPECTED = Path(__file__).resolve().parents[1] / "expected" / "exports"
STAMP = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
D = day_number
FILES = {
    "md": "chronology.md",
    "csv": "chronology.csv",
    "json": "chronology.json",
    "nl-json": "chronology.ndjson",
    "timelinejs": "chronology.timeline.json",
    "ics": "chronology.ics",
}


def row(id: int, lower: int, upper: int | None = None, **fields) -> dict:
    upper = lower if upper is None else upper
    base = {
        "id": id,
        "start": iso(lower),
        "end": iso(upper),
        "value": iso(lower),
        "granularity": "day",
        "mod": None,
        "expression": "on Tuesday",
        "sentence": "Something happened.",
        "article_id": 1,
        "title": "Iran’s Khamenei pushes Iraq on ousting US forces",
        "source": "Al-Monitor",
        "published": "2020-07-21",
        "url": "https://www.al-monitor.com/originals/2020/07/iran-iraq.html",
        "lower": lower,
        "upper": upper,
    }
    return base | fields


AFP = {"article_id": 2, "source": "AFP", "title": "US Grants Iraq Brief 30-Day Waiver",
       "published": "2020-04-26", "url": None}  # fmt: skip
XSS = {
    "article_id": 3,
    "source": "<svg onload=alert(1)>",
    "title": "<img src=x onerror=alert(2)> Missiles, rockets; and *stars*",
    "published": None,
    "url": "javascript:alert(3)",
}

# in chronological order, as the query gives them
ROWS = [
    row(1, D(-43, 3, 15), expression="the Ides of March", sentence="Caesar was killed.",
        article_id=4, source="Plutarch", title="Life of Caesar", published=None, url=None),
    row(2, D(1980, 1, 1), D(1988, 12, 31), value="1980/1988", granularity="year",
        expression="from 1980 to 1988", sentence="They fought a war from 1980 to 1988.",
        **AFP),
    row(3, D(2018, 9, 1), D(2018, 12, 31), value="2018", mod="LATE", granularity="year",
        expression="late 2018", sentence="The US blacklisted the sector in late 2018.", **AFP),
    row(4, D(2020, 1, 1), D(2020, 1, 31), value="2020-01", granularity="month",
        expression="in January", sentence="Soleimani was killed in January."),
    row(5, D(2020, 1, 8), expression="January 8",
        sentence="Missiles hit <script>alert('x')</script> the base, [they said] on January 8.",
        **XSS),
    row(6, D(2020, 4, 20), D(2020, 4, 26), value="2020-W17", granularity="week",
        expression="this week", sentence="A lawmaker cast doubt this week.", **AFP),
    row(7, D(2020, 4, 26), expression="Sunday",
        sentence="Washington on Sunday granted Iraq a 30-day extension, an official said; "
                 "it is the \\ shortest yet.", **AFP),
    row(8, D(2020, 6, 1), value="2020-06-01", mod="APPROX", expression="around June 1",
        sentence="Talks began around June 1."),
    row(9, D(2020, 7, 21), expression="July 21",
        sentence="The contentious topic of the US military presence in Iraq was at the heart "
                 "of a meeting in Tehran on July 21 between Iran's supreme leader Ayatollah "
                 "Ali Khamenei and Iraqi Prime Minister Mustafa al-Kadhimi."),
]  # fmt: skip


def expression(id, role, text, value, lower, upper, rule, mod=None, granularity="day"):
    return {
        "id": id,
        "role": role,
        "text": text,
        "type": "DATE",
        "value": value,
        "mod": mod,
        "granularity": granularity,
        "lower": lower,
        "upper": upper,
        "anchor": "2020-04-26",
        "rule": rule,
        "char_start": 10 * id,
        "char_end": 10 * id + len(text),
    }


EXPRESSIONS = {
    2: [
        expression(21, "start", "1980", "1980", D(1980, 1, 1), D(1980, 12, 31), "range_years",
                   granularity="year"),
        expression(22, "end", "1988", "1988", D(1988, 1, 1), D(1988, 12, 31), "range_years",
                   granularity="year"),
    ],
    3: [expression(3, "date", "late 2018", "2018", D(2018, 9, 1), D(2018, 12, 31),
                   "date_part_of_year", mod="LATE", granularity="year")],
    7: [expression(7, "date", "Sunday", "2020-04-26", D(2020, 4, 26), D(2020, 4, 26),
                   "rel_weekday")],
}  # fmt: skip


def exported(fmt: str) -> str:
    return export(ROWS, fmt, title="Iraq <2020>", expressions=EXPRESSIONS, stamp=STAMP)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_exports_match_the_expected_files(fmt):
    text = exported(fmt)
    path = EXPECTED / FILES[fmt]
    if os.environ.get("UPDATE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8"), f"{path} differs (UPDATE_EXPECTED=1)"


def test_every_format_is_covered():
    assert set(FILES) == set(EXPORT_FORMATS)
    with pytest.raises(ValueError, match="format"):
        export(ROWS, "pdf")


# Markdown --------------------------------------------------------------------------------


def test_markdown_headings_follow_each_event_granularity_under_year_headings():
    lines = exported("md").splitlines()
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Iraq \\<2020\\>",
        "## 44 BC",
        "### 15 March 44 BC",
        "## 1980",
        "### 1980 – 1988",
        "## 2018",
        "### late 2018",
        "## 2020",
        "### January 2020",
        "### 8 January 2020",
        "### week 17 of 2020",
        "### 26 April 2020",
        "### circa 1 June 2020",
        "### 21 July 2020",
        "## Sources",
    ]


def test_markdown_entries_cite_numbered_sources_in_reading_order():
    md = exported("md")
    assert "- They fought a war from 1980 to 1988. [2]" in md
    assert md.endswith(
        "## Sources\n\n"
        "1. Plutarch, “Life of Caesar”, undated\n"
        "2. AFP, “US Grants Iraq Brief 30-Day Waiver”, 26 April 2020\n"
        "3. Al-Monitor, “Iran’s Khamenei pushes Iraq on ousting US forces”, 21 July 2020, "
        "<https://www.al-monitor.com/originals/2020/07/iran-iraq.html>\n"
        "4. \\<svg onload=alert(1)\\>, “\\<img src=x onerror=alert(2)\\> Missiles, rockets; "
        "and \\*stars\\*”, undated, javascript:alert(3)"
    )


def test_markdown_escapes_article_text():
    md = exported("md")
    # every "<" is escaped, but for the one autolink of a web address
    unescaped = re.findall(r"(?<!\\)<[^>]*>?", md)
    assert unescaped == ["<https://www.al-monitor.com/originals/2020/07/iran-iraq.html>"]
    assert "Missiles hit \\<script\\>alert('x')\\</script\\> the base, \\[they said\\]" in md


def test_a_year_event_sits_right_under_its_year_heading():
    rows = [
        row(1, D(2003, 1, 1), D(2003, 12, 31), value="2003", granularity="year",
            sentence="The invasion."),
        row(2, D(2003, 3, 20), sentence="The war began."),
    ]  # fmt: skip
    assert markdown_chronology(rows, title="T").splitlines()[:8] == [
        "# T",
        "",
        "## 2003",
        "",
        "- The invasion. [1]",
        "",
        "### 20 March 2003",
        "",
    ]
    assert markdown_chronology([], title="T") == "# T\n\nNo events."


# CSV, JSON, NL-JSON ----------------------------------------------------------------------


def test_csv_has_every_field_and_how_each_event_was_dated():
    records = list(csv.DictReader(io.StringIO(exported("csv"))))
    assert tuple(records[0]) == EXPORT_FIELDS == MENTION_FIELDS + DETAIL_FIELDS
    war = records[1]
    assert (war["anchor"], war["rule"], war["expression_ids"]) == (
        "2020-04-26",
        "range_years / range_years",
        "21 22",
    )
    assert war["citation"] == "AFP, “US Grants Iraq Brief 30-Day Waiver”, 26 April 2020"
    assert (war["lower"], war["upper"]) == (str(D(1980, 1, 1)), str(D(1988, 12, 31)))
    assert records[0]["anchor"] == ""  # no expression given for it: empty, not made up


def test_json_lists_each_expression_in_full_and_nl_json_streams_the_same():
    data = json.loads(exported("json"))
    assert [r["id"] for r in data] == [r["id"] for r in ROWS]
    war = data[1]
    assert [x["role"] for x in war["expressions"]] == ["start", "end"]
    assert war["expressions"][0] | {} == {
        "id": 21, "role": "start", "text": "1980", "type": "DATE", "value": "1980",
        "mod": None, "granularity": "year", "start": "1980-01-01", "end": "1980-12-31",
        "lower": D(1980, 1, 1), "upper": D(1980, 12, 31), "anchor": "2020-04-26",
        "rule": "range_years", "char_start": 210, "char_end": 214,
    }  # fmt: skip
    streamed = [json.loads(line) for line in exported("nl-json").splitlines()]
    assert streamed == data


def test_with_details_without_expressions_still_cites():
    (detailed,) = with_details(ROWS[:1])
    assert detailed["expressions"] == [] and detailed["rule"] is None
    assert detailed["citation"] == "Plutarch, “Life of Caesar”, undated"


# TimelineJS3 -----------------------------------------------------------------------------

# TimelineJS3's documented JSON format (timeline.knightlab.com/docs/json-format.html)
TL_TOP = {"events", "title", "eras", "scale"}
TL_SLIDE = {"start_date", "end_date", "text", "media", "group", "display_date", "background",
            "autolink", "unique_id"}  # fmt: skip
TL_DATE = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date",
           "format"}  # fmt: skip


def check_timelinejs_date(date: dict) -> tuple[int, int, int]:
    assert set(date) <= TL_DATE
    year = date["year"]  # required; a number, negative for BCE, and there is no year 0
    assert isinstance(year, int) and year != 0
    month, day = date.get("month", 1), date.get("day", 1)
    assert isinstance(month, int) and 1 <= month <= 12
    astronomical = year if year > 0 else year + 1
    assert isinstance(day, int) and 1 <= day <= days_in_month(astronomical, month)
    return year, month, day


def check_timelinejs(data: dict) -> None:
    """Validate against the documented format: fails with the first deviation."""
    assert set(data) <= TL_TOP and isinstance(data["events"], list)
    assert data.get("scale", "human") in ("human", "cosmological")
    slides = data["events"] + ([data["title"]] if "title" in data else [])
    ids = [s["unique_id"] for s in slides if "unique_id" in s]
    assert len(ids) == len(set(ids)) and all(isinstance(i, str) and i for i in ids)
    for slide in slides:
        assert set(slide) <= TL_SLIDE
        if "text" in slide:
            assert set(slide["text"]) <= {"headline", "text"}
            assert all(isinstance(v, str) for v in slide["text"].values())
        for key in ("group", "display_date"):
            assert isinstance(slide.get(key, ""), str)
    for event in data["events"]:
        start = check_timelinejs_date(event["start_date"])  # required for an event
        if "end_date" in event:
            assert check_timelinejs_date(event["end_date"]) >= start


def test_timelinejs_follows_the_documented_format():
    data = json.loads(exported("timelinejs"))
    check_timelinejs(data)
    assert len(data["events"]) == len(ROWS)
    assert data["title"]["text"]["headline"] == "Iraq &lt;2020&gt;"
    war = data["events"][1]
    assert war["start_date"] == {"year": 1980, "month": 1, "day": 1}
    assert war["end_date"] == {"year": 1988, "month": 12, "day": 31}
    assert war["display_date"] == "1980 – 1988" and war["group"] == "AFP"
    assert "end_date" not in data["events"][-1]  # a day is a point


def test_timelinejs_bce_years_are_negative_without_a_year_zero():
    caesar = json.loads(exported("timelinejs"))["events"][0]
    assert caesar["start_date"] == {"year": -44, "month": 3, "day": 15}
    assert caesar["display_date"] == "15 March 44 BC"
    assert timelinejs_date(D(0, 6, 1))["year"] == -1  # astronomical 0 is 1 BC
    assert timelinejs_date(D(1, 1, 1))["year"] == 1


def test_timelinejs_escapes_article_text_it_renders_as_html():
    slide = timelinejs(ROWS)["events"][4]
    text = slide["text"]["text"] + slide["text"]["headline"]
    assert "<script" not in text and "<img" not in text and "<svg" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "<a " not in text  # a javascript: address is not made a link
    assert slide["group"] == "<svg onload=alert(1)>"  # a group name is shown as text
    links = re.findall(r'<a href="([^"]+)">', timelinejs(ROWS)["events"][3]["text"]["text"])
    assert links == ["https://www.al-monitor.com/originals/2020/07/iran-iraq.html"]


# iCalendar -------------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_icalendar_holds_the_events_dated_to_a_day():
    text = exported("ics")
    lines = unfold(text)
    assert lines[:3] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//timeline//chronology export//EN",
    ]
    assert lines[-1] == "END:VCALENDAR"
    starts = [line for line in lines if line.startswith("DTSTART")]
    # days only: no month, week, year or range; no approximate day; no BC day (RFC 5545
    # years run from 0000 to 9999, and calendars do not go before AD 1)
    assert starts == [
        "DTSTART;VALUE=DATE:20200108",
        "DTSTART;VALUE=DATE:20200426",
        "DTSTART;VALUE=DATE:20200721",
    ]
    assert "DTEND;VALUE=DATE:20200722" in lines  # all-day: the end is the next day
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 3
    assert "UID:timeline-event-9@timeline" in lines and "DTSTAMP:20240501T120000Z" in lines
    assert "URL:https://www.al-monitor.com/originals/2020/07/iran-iraq.html" in lines
    assert not any(line.startswith("URL:javascript") for line in lines)


def test_icalendar_lines_are_folded_at_75_octets_without_splitting_characters():
    text = exported("ics")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)  # long descriptions were folded
    text.encode("utf-8").decode("utf-8")  # every folded piece is whole UTF-8
    folded = fold("DESCRIPTION:" + "é" * 100)
    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "é" * 100


def test_icalendar_text_is_escaped():
    assert ics_text("a,b;c\\d\ne\r\nf\x07") == "a\\,b\\;c\\\\d\\ne\\nf"
    description = next(
        line
        for line in unfold(exported("ics"))
        if line.startswith("DESCRIPTION:Washington on Sunday")
    )
    assert "extension\\, an official said\\; it is the \\\\ shortest yet." in description
    assert "Dated by “Sunday” → 2020-04-26 (day)" in description


def test_exports_do_not_import_plotly():
    code = "import sys, timeline.present.exports; assert 'plotly' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
