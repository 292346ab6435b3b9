"""A Markdown chronology: events (or mentions) under date headings, each with numbered
citations of every article that reports it.

Headings follow each event's granularity: a year heading per year, and under it one heading
per date as precise as the text gave it ("21 July 2020", "July 2020", "late 2018",
"1980 – 1988"); events dated only to the year sit right under the year heading. Dates are
spelled out for readers (:mod:`timeline.present.labels`), BC years included ("15 March
44 BC"), and article text is escaped so that a sentence cannot turn into markup where the
Markdown is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from timeline.calendar import to_ymd
from timeline.present.events import bounds
from timeline.present.labels import UNKNOWN_SOURCE, date_label, published_label, year_label
from timeline.present.text import plain_text
from timeline.present.words import present_words

# the words: resources/en/present.toml [chronology]
WORDS = present_words().chronology
DEFAULT_TITLE = WORDS["title"]  # "Chronology"

# CommonMark's backslash escapes for what could start markup, links, code or emphasis
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain_text(text))


def heading_year(row: Mapping) -> str:
    return year_label(to_ymd(bounds(row)[0])[0])


def citation(row: Mapping, *, markdown: bool = True) -> str:
    """``AFP, “Title”, 21 July 2020, <https://…>`` (plain text with ``markdown=False``)."""
    escape = escape_markdown if markdown else plain_text
    parts = [escape(row.get("source") or UNKNOWN_SOURCE)]
    if row.get("title"):
        parts.append(f"“{escape(row['title'])}”")
    parts.append(published_label(row.get("published")))
    url = plain_text(row.get("url") or "")
    if url:
        if not markdown:
            parts.append(url)
        elif re.fullmatch(r"https?://[^\s<>]+", url):
            parts.append(f"<{url}>")  # an autolink
        else:
            parts.append(escape(url))
    return ", ".join(parts)


def markdown_chronology(rows: Sequence[Mapping], *, title: str = DEFAULT_TITLE) -> str:
    """Rows in chronological order (as the query gives them) as a Markdown chronology."""
    lines = [f"# {escape_markdown(title)}", ""]
    if not rows:
        return "\n".join(lines + [WORDS["no_events"]])
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
                # an event cites every article that reports it; a mention, its own
                numbers: list[int] = []
                for report in row.get("reported") or (row,):
                    number = sources.setdefault(report["article_id"], len(sources) + 1)
                    cited.setdefault(report["article_id"], report)
                    numbers += [number] if number not in numbers else []
                marks = "".join(f"[{n}]" for n in numbers)
                lines.append(f"- {escape_markdown(row['sentence'])} {marks}")
            lines.append("")
    lines += [f"## {WORDS['sources']}", ""]
    for article_id, number in sources.items():
        lines.append(f"{number}. {citation(cited[article_id])}")
    return "\n".join(lines)
