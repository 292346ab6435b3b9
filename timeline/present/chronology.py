"""A chronology (:mod:`timeline.chronology`) as people read it: a table for the terminal, and
Markdown like a journalist's timeline, each date with what happened and numbered sources."""

from __future__ import annotations

from timeline.calendar import to_ymd
from timeline.chronology import Chronology
from timeline.present.labels import UNKNOWN_SOURCE, day_label, month_label
from timeline.present.markdown import DEFAULT_TITLE, WORDS, citation, escape_markdown
from timeline.present.rows import format_rows


def chronology_table(chronology: Chronology, width: int = 90) -> str:
    """One row per sentence: the date and its rank on the first, the source on each."""
    if not chronology.entries:
        return WORDS["no_dates"]
    rows = []
    for entry in chronology.entries:
        for i, sentence in enumerate(entry.sentences):
            reports = (sentence, *sentence.also)  # every article that reports it
            sources = dict.fromkeys(r.source or UNKNOWN_SOURCE for r in reports)
            rows.append(
                {
                    "date": entry.date if i == 0 else "",
                    "rank": entry.rank if i == 0 else "",
                    "articles": entry.articles if i == 0 else "",
                    "sentence": sentence.text,
                    "source": ", ".join(sources),
                }
            )
    columns = ("date", "rank", "articles", "sentence", "source")
    return format_rows(rows, "table", columns=columns, widths={"sentence": width, "source": 16})


def chronology_markdown(chronology: Chronology, *, title: str = DEFAULT_TITLE) -> str:
    """A heading per date, its sentences with numbered citations, the sources at the end."""
    lines = [f"# {escape_markdown(title)}", ""]
    if not chronology.entries:
        return "\n".join([*lines, WORDS["no_dates"]])
    numbers: dict[object, int] = {}  # article id → citation number, in reading order
    cited: dict[object, dict] = {}
    for entry in chronology.entries:
        if entry.precision == "month":
            heading = month_label(*to_ymd(entry.day)[:2])
        else:
            heading = day_label(entry.day)
        lines += [f"## {heading}", ""]
        for sentence in entry.sentences:
            marks = []
            for report in (sentence, *sentence.also):  # every article that reports it
                number = numbers.setdefault(report.article_id, len(numbers) + 1)
                cited.setdefault(
                    report.article_id,
                    {
                        "source": report.source,
                        "title": report.title,
                        "published": report.published,
                        "url": report.url,
                    },
                )
                marks.append(f"[{number}]")
            lines.append(f"- {escape_markdown(sentence.text)} {''.join(marks)}")
        lines.append("")
    lines += [f"## {WORDS['sources']}", ""]
    lines += [f"{n}. {citation(cited[article])}" for article, n in numbers.items()]
    return "\n".join(lines)
