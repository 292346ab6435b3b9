"""Chronology exports: event rows in, text out (no database, no plotly).

- ``md``: the Markdown chronology of :mod:`timeline.present.markdown`, ready to paste;
- ``csv``, ``json``, ``nl-json``: every field of the event, plus how it was dated (anchor,
  rule, expression ids; JSON also lists each expression in full) and a citation line;
- ``timelinejs``: the JSON of Knight Lab's TimelineJS3 viewer, to publish a timeline;
- ``ics``: an iCalendar (RFC 5545) file of the events dated to a day.

Article text that reaches HTML (TimelineJS renders its ``text`` and ``headline`` as HTML) is
escaped; so is everything written into Markdown and iCalendar text values.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from timeline.calendar import MAX_YEAR, iso, to_ymd
from timeline.db.queries import MENTION_FIELDS
from timeline.present.events import bounds, is_approximate
from timeline.present.labels import UNKNOWN_SOURCE, date_label, dated_by, published_label
from timeline.present.markdown import DEFAULT_TITLE, WORDS, citation, markdown_chronology
from timeline.present.rows import format_rows
from timeline.present.text import plain_text, trim_text
from timeline.present.words import present_words

EXPORT_FORMATS = ("md", "csv", "json", "nl-json", "timelinejs", "ics")
# after the query's fields (timeline.db.queries.MENTION_FIELDS): how the mention was dated
DETAIL_FIELDS = ("anchor", "rule", "expression_ids", "citation")
EXPORT_FIELDS = MENTION_FIELDS + DETAIL_FIELDS
HEADLINE_CHARS = 100
SUMMARY_CHARS = 120
ICS_PRODID = "-//timeline//chronology export//EN"
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+")


def _web_address(url: object) -> str | None:
    """The URL if it is an http(s) address: only those become links or URL properties."""
    text = plain_text(url)
    return text if _WEB_ADDRESS.fullmatch(text) else None


# every field ---------------------------------------------------------------------------


def _expression(expression: Mapping) -> dict:
    lower, upper = expression.get("lower"), expression.get("upper")
    return {
        "id": expression["id"],
        "role": expression.get("role"),
        "text": expression.get("text"),
        "type": expression.get("type"),
        "value": expression.get("value"),
        "mod": expression.get("mod"),
        "granularity": expression.get("granularity"),
        "start": iso(lower) if lower is not None else None,
        "end": iso(upper) if upper is not None else None,
        "lower": lower,
        "upper": upper,
        "anchor": expression.get("anchor"),
        "rule": expression.get("rule"),
        "char_start": expression.get("char_start"),
        "char_end": expression.get("char_end"),
    }


def with_details(
    rows: Sequence[Mapping], expressions: Mapping[int, Sequence[Mapping]] | None = None
) -> list[dict]:
    """Rows with how each was dated, from :func:`timeline.db.queries.mention_expressions`: the
    anchor(s) and rule(s) (a range has a start and an end expression; `` / `` between
    them), the expression ids, the expressions in full, and a one-line citation."""
    out = []
    for row in rows:
        found = list((expressions or {}).get(row["id"], ()))
        anchors = dict.fromkeys(plain_text(x.get("anchor")) for x in found if x.get("anchor"))
        out.append(
            {
                **{field: row.get(field) for field in MENTION_FIELDS},
                "anchor": " / ".join(anchors) or None,
                "rule": " / ".join(plain_text(x.get("rule")) for x in found) or None,
                "expression_ids": " ".join(str(x["id"]) for x in found) or None,
                "citation": citation(row, markdown=False),
                "expressions": [_expression(x) for x in found],
            }
        )
    return out


def to_csv(rows: Sequence[Mapping]) -> str:
    return format_rows(rows, "csv", columns=EXPORT_FIELDS)


def to_json(rows: Sequence[Mapping]) -> str:
    return format_rows(rows, "json", columns=(*EXPORT_FIELDS, "expressions"))


def to_nl_json(rows: Sequence[Mapping]) -> str:
    """One JSON object per line: a reader can stream a chronology of any size."""
    return format_rows(rows, "nl-json", columns=(*EXPORT_FIELDS, "expressions"))


# TimelineJS3 ---------------------------------------------------------------------------


def timelinejs_date(day: int) -> dict[str, int]:
    """A TimelineJS date object. TimelineJS counts years historically, as it displays them
    (a negative year is that many years BCE, and there is no year 0), so the astronomical
    year -43 is 44 BC: ``{"year": -44, ...}``."""
    y, m, d = to_ymd(day)
    return {"year": y if y > 0 else y - 1, "month": m, "day": d}


def _html_citation(row: Mapping) -> str:
    parts = [f"<em>{html.escape(plain_text(row.get('source')) or UNKNOWN_SOURCE)}</em>"]
    if row.get("title"):
        parts.append(f"“{html.escape(plain_text(row['title']))}”")
    parts.append(html.escape(published_label(row.get("published"))))
    url = _web_address(row.get("url"))
    if url:
        parts.append(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
    elif row.get("url"):
        parts.append(html.escape(plain_text(row["url"])))
    return ", ".join(parts)


def _dated_by(how: str) -> str:
    """``Dated by “late 2018” → 2018 LATE = …`` (present.toml [citations] dated_by_export)."""
    return present_words().citations["dated_by_export"].format(how=how)


def timelinejs(rows: Sequence[Mapping], *, title: str = DEFAULT_TITLE) -> dict:
    """The TimelineJS3 JSON of ``rows``: a title slide and one slide per event, grouped by
    source, each with its display date, the sentence and its citation (escaped HTML)."""
    events = []
    for row in rows:
        lower, upper = bounds(row)
        sentence = plain_text(row.get("sentence"))
        slide: dict = {"unique_id": f"event-{row['id']}", "start_date": timelinejs_date(lower)}
        if upper != lower:
            slide["end_date"] = timelinejs_date(upper)
        slide |= {
            "display_date": date_label(row),
            "text": {
                "headline": html.escape(trim_text(sentence, HEADLINE_CHARS)),
                "text": (
                    f"<p>{html.escape(sentence)}</p>"
                    f"<p>{_html_citation(row)}</p>"
                    f"<p><small>{_dated_by(html.escape(dated_by(row)))}</small></p>"
                ),
            },
            "group": plain_text(row.get("source")) or UNKNOWN_SOURCE,
        }
        events.append(slide)
    articles = len({row.get("article_id") for row in rows})
    count = WORDS["count"].format(
        events=WORDS["events"](len(rows)), articles=WORDS["articles"](articles)
    )
    return {
        "title": {"text": {"headline": html.escape(title), "text": f"<p>{count}</p>"}},
        "events": events,
    }


def to_timelinejs(rows: Sequence[Mapping], *, title: str = DEFAULT_TITLE) -> str:
    return json.dumps(timelinejs(rows, title=title), indent=2, ensure_ascii=False)


# iCalendar -----------------------------------------------------------------------------


def day_precise(row: Mapping) -> bool:
    """Dated to one day, for sure, in a year a calendar can hold (AD 1 to 9999)."""
    lower, upper = bounds(row)
    year = to_ymd(lower)[0]
    return lower == upper and not is_approximate(row) and 1 <= year <= MAX_YEAR


def ics_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(ch for ch in text if ch >= " " or ch == "\t")  # no other control chars


def fold(line: str) -> str:
    """RFC 5545 line folding: at most 75 octets a line, continuation lines start with a
    space, and a UTF-8 character is never split."""
    lines, current, size = [], "", 0
    for ch in line:
        octets = len(ch.encode("utf-8"))
        if size + octets > 75:
            lines.append(current)
            current, size = " ", 1
        current += ch
        size += octets
    lines.append(current)
    return "\r\n".join(lines)


def _ics_day(day: int) -> str:
    y, m, d = to_ymd(day)
    return f"{y:04d}{m:02d}{d:02d}"


def icalendar(
    rows: Sequence[Mapping], *, title: str = DEFAULT_TITLE, stamp: datetime | None = None
) -> str:
    """An iCalendar file of the day-precise events (:func:`day_precise`): all-day events
    with the sentence as summary and description, the citation and how it was dated.
    ``stamp`` (default: now) is every event's DTSTAMP, the time the file was made."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ICS_PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(title)}",
    ]
    for row in rows:
        if not day_precise(row):
            continue
        day = bounds(row)[0]
        sentence = plain_text(row.get("sentence"))
        description = "\n".join(
            [sentence, "", citation(row, markdown=False), _dated_by(dated_by(row))]
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:timeline-event-{row['id']}@timeline",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{_ics_day(day)}",
            f"DTEND;VALUE=DATE:{_ics_day(day + 1)}",  # exclusive: the next day
            f"SUMMARY:{ics_text(trim_text(sentence, SUMMARY_CHARS))}",
            f"DESCRIPTION:{ics_text(description)}",
            f"CATEGORIES:{ics_text(plain_text(row.get('source')) or UNKNOWN_SOURCE)}",
        ]
        url = _web_address(row.get("url"))
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# one entry point -----------------------------------------------------------------------


def export(
    rows: Sequence[Mapping],
    fmt: str,
    *,
    title: str = DEFAULT_TITLE,
    expressions: Mapping[int, Sequence[Mapping]] | None = None,
    stamp: datetime | None = None,
) -> str:
    """``rows`` (query rows, in chronological order) in one of :data:`EXPORT_FORMATS`;
    ``expressions`` (by event id) fill in anchor and rule in CSV and JSON."""
    if fmt == "md":
        return markdown_chronology(rows, title=title)
    if fmt in ("csv", "json", "nl-json"):
        detailed = with_details(rows, expressions)
        return {"csv": to_csv, "json": to_json, "nl-json": to_nl_json}[fmt](detailed)
    if fmt == "timelinejs":
        return to_timelinejs(rows, title=title)
    if fmt == "ics":
        return icalendar(rows, title=title, stamp=stamp)
    raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
