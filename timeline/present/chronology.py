"""A Markdown chronology: events under date headings, each with a numbered citation.

Headings follow each event's granularity: a year heading per year, and under it one heading
per date as precise as the text gave it ("21 July 2020", "July 2020", "late 2018",
"1980 – 1988"); events dated only to the year sit right under the year heading. Dates are
spelled out for readers, BC years included ("15 March 44 BC"), and article text is escaped
so that a sentence cannot turn into markup where the Markdown is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from timeline.calendar import CalendarError, days_in_month, parse_iso_day, to_ymd

MOD_WORDS = {
    "EARLY": "early",
    "MID": "mid",
    "LATE": "late",
    "APPROX": "circa",
    "BEFORE": "before",
    "AFTER": "after",
    "START": "start of",
    "END": "end of",
}
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
HALVES = {"H1": "first half of", "H2": "second half of"}
_PERIOD_VALUE = re.compile(r"^(-?\d{4})-(Q[1-4]|H[12]|SP|SU|FA|AU|WI|W\d{2})$")
# CommonMark's backslash escapes for what could start markup, links, code or emphasis
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def year_text(year: int) -> str:
    """``2020``, ``AD 79``, ``44 BC`` (astronomical year -43)."""
    if year <= 0:
        return f"{1 - year} BC"
    return f"AD {year}" if year < 1000 else str(year)


def day_text(day: int) -> str:
    y, m, d = to_ymd(day)
    return f"{d} {MONTH_NAMES[m - 1]} {year_text(y)}"


def month_text(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month - 1]} {year_text(year)}"


def bounds(row: Mapping) -> tuple[int, int]:
    """Day numbers of the row's bounds: ``lower``/``upper``, else its ISO ``start``/``end``."""
    if row.get("lower") is not None and row.get("upper") is not None:
        return int(row["lower"]), int(row["upper"])
    return parse_iso_day(row["start"]), parse_iso_day(row["end"])


def _whole_months(lower: int, upper: int) -> bool:
    y, m, d = to_ymd(upper)
    return to_ymd(lower)[2] == 1 and d == days_in_month(y, m)


def _whole_years(lower: int, upper: int) -> bool:
    return to_ymd(lower)[1:] == (1, 1) and to_ymd(upper)[1:] == (12, 31)


def _span_text(lower: int, upper: int) -> str:
    """``1980 – 1988``, ``January – March 2020``, ``3 – 8 January 2020``, or full days."""
    (y0, m0, d0), (y1, m1, d1) = to_ymd(lower), to_ymd(upper)
    if _whole_years(lower, upper):
        return year_text(y0) if y0 == y1 else f"{year_text(y0)} – {year_text(y1)}"
    if _whole_months(lower, upper):
        if (y0, m0) == (y1, m1):
            return month_text(y0, m0)
        if y0 == y1:
            return f"{MONTH_NAMES[m0 - 1]} – {month_text(y1, m1)}"
        return f"{month_text(y0, m0)} – {month_text(y1, m1)}"
    if (y0, m0) == (y1, m1):
        return f"{d0} – {d1} {month_text(y1, m1)}"
    return f"{day_text(lower)} – {day_text(upper)}"


def _value_text(value: str) -> str | None:
    """The day, month, year or period a TIMEX3 value names: 21 July 2020, July 2020, 2020,
    the 1980s, the 1900s, Q2 2020, summer 2020, week 17 of 2020; None for anything else."""
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    if re.fullmatch(r"\d{2}", value):
        return f"the {value}00s"
    if re.fullmatch(r"-?\d{4}", value):
        return year_text(int(value))
    if re.fullmatch(r"-?\d{4}-\d{2}-\d{2}", value):
        try:
            return day_text(parse_iso_day(value))
        except CalendarError:
            return None
    month = re.fullmatch(r"(-?\d{4})-(\d{2})", value)
    if month and 1 <= int(month.group(2)) <= 12:
        return month_text(int(month.group(1)), int(month.group(2)))
    period = _PERIOD_VALUE.match(value)
    if period:
        year, part = year_text(int(period.group(1))), period.group(2)
        if part.startswith("Q"):
            return f"{part} {year}"
        if part.startswith("W"):
            return f"week {int(part[1:])} of {year}"
        if part in HALVES:
            return f"{HALVES[part]} {year}"
        return f"{SEASONS[part]} {year}"
    return None


def date_label(row: Mapping) -> str:
    """How an event's date reads in a heading: ``21 July 2020``, ``late 2018``,
    ``1980 – 1988``, ``15 March 44 BC``, ``summer 2020``.

    A single period is named by its value ("late 2018" covers only the last third of 2018,
    "circa 2003" a widened span: the value is what the text said); a range by its bounds.
    """
    lower, upper = bounds(row)
    value = row.get("value") or ""
    word = MOD_WORDS.get((row.get("mod") or "").upper())
    named = None if "/" in value else _value_text(value)
    if named:
        label = named
    elif lower == upper:
        label = day_text(lower)
    else:
        label = _span_text(lower, upper)
    return f"{word} {label}" if word else label


def heading_year(row: Mapping) -> str:
    return year_text(to_ymd(bounds(row)[0])[0])


def published_text(published: str | None) -> str:
    """``21 July 2020`` for an ISO date, the text as it is otherwise, ``undated`` if none."""
    if not published:
        return "undated"
    try:
        return day_text(parse_iso_day(published))
    except CalendarError:
        return published


def citation(row: Mapping, *, markdown: bool = True) -> str:
    """``AFP, “Title”, 21 July 2020, <https://…>`` (plain text with ``markdown=False``)."""
    escape = escape_markdown if markdown else (lambda text: " ".join(text.split()))
    parts = [escape(row.get("source") or "unknown source")]
    if row.get("title"):
        parts.append(f"“{escape(row['title'])}”")
    parts.append(published_text(row.get("published")))
    url = " ".join((row.get("url") or "").split())
    if url:
        if not markdown:
            parts.append(url)
        elif re.fullmatch(r"https?://[^\s<>]+", url):
            parts.append(f"<{url}>")  # an autolink
        else:
            parts.append(escape(url))
    return ", ".join(parts)


def markdown_chronology(rows: Sequence[Mapping], *, title: str = "Chronology") -> str:
    """Rows in chronological order (as the query gives them) as a Markdown chronology."""
    lines = [f"# {escape_markdown(title)}", ""]
    if not rows:
        return "\n".join(lines + ["No events."])
    # year → date label → rows, both in order of first appearance
    years: dict[str, dict[str, list[Mapping]]] = {}
    for row in rows:
        years.setdefault(heading_year(row), {}).setdefault(date_label(row), []).append(row)
    sources: dict[object, int] = {}  # article id → citation number, in reading order
    cited: dict[object, Mapping] = {}
    for year, groups in years.items():
        lines += [f"## {year}", ""]
        # events dated only to the year first, right under its heading
        ordered = sorted(groups.items(), key=lambda item: item[0] != year)
        for label, group in ordered:
            if label != year:
                lines += [f"### {label}", ""]
            for row in group:
                number = sources.setdefault(row["article_id"], len(sources) + 1)
                cited.setdefault(row["article_id"], row)
                lines.append(f"- {escape_markdown(row['sentence'])} [{number}]")
            lines.append("")
    lines += ["## Sources", ""]
    for article_id, number in sources.items():
        lines.append(f"{number}. {citation(cited[article_id])}")
    return "\n".join(lines)
