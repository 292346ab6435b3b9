"""What a mark says about its event: the page's citation table, and hover labels (HTML).

The citation table is plain text, which the page only ever sets as ``textContent`` (the
click panel) or escapes (hover labels). In a hover label every piece of article text is
HTML-escaped: Plotly renders hover text as (a subset of) HTML, and an exported page must not
run code that came from an article.

The page builds its hover labels from the citation table with ``assets/hover.js``
(``tlEventHover``, ``tlMergedHover``), a port of :func:`event_hover` and
:func:`merged_hover`; keep them in step (tests/present/test_render.py runs both through node).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence

from timeline.present.headline import headline
from timeline.present.labels import UNKNOWN_SOURCE, date_label, date_line
from timeline.present.text import html_lines, plain_text, trim_text
from timeline.present.words import present_words

SENTENCE_CHARS = 200
WRAP_CHARS = 72  # hover labels do not wrap by themselves
MAX_MERGED = 3  # events listed in one hover label when several share a mark
MAX_CITED = 3  # reports of one event cited in its hover label (the panel lists them all)
# the words: resources/en/present.toml [hover] and [citations]
_WORDS = present_words().hover
_CITATIONS = present_words().citations

# field order of the page's citation table (kept short: a large chart lists 100,000 events)
CITATION_EVENT_FIELDS = ("label", "date", "date_line", "reports")
CITATION_REPORT_FIELDS = ("article", "sentence", "written")
CITATION_ARTICLE_FIELDS = ("source", "title", "published", "url")


def written(event: Mapping) -> str:
    """The date as written in the article, or its value when the text is missing."""
    return plain_text(event.get("expression")) or plain_text(event.get("value"))


def reports_of(row: Mapping) -> list[Mapping]:
    """An event's reports (``reported``), or a mention row as its own one report."""
    reported = row.get("reported")
    if reported:
        return list(reported)
    fields = ("article_id", "source", "title", "published", "url", "sentence", "expression")
    return [{name: row.get(name) for name in fields}]


def citation_table(rows: Iterable[Mapping]) -> dict[str, dict[str, list]]:
    """What the page's hover labels and click panel say of each event, as plain text:

    - ``events[id] = [label, date, date line, reports]``, each report ``[article, sentence,
      date as written]``, in the order they were published;
    - ``articles[id] = [source, title, published, url]``, each article once.
    """
    events: dict[str, list] = {}
    articles: dict[str, list[str]] = {}
    dates: dict[tuple, tuple[str, str]] = {}  # many events share a date: spelled once
    for row in rows:
        reports = []
        for report in reports_of(row):
            article = str(report.get("article_id"))
            if article not in articles:
                articles[article] = [
                    plain_text(report.get("source")) or UNKNOWN_SOURCE,
                    plain_text(report.get("title")),
                    plain_text(report.get("published")),
                    plain_text(report.get("url")),
                ]
            reports.append(
                [article, plain_text(report.get("sentence")), written(report) or written(row)]
            )
        key = tuple(row.get(k) for k in ("lower", "upper", "value", "mod", "granularity"))
        if key not in dates:
            dated = key[0] is not None and key[1] is not None
            dates[key] = (
                date_label(row) if dated else plain_text(row.get("value")),
                date_line(row) if dated else "",
            )
        events[str(row["id"])] = [
            plain_text(row.get("label")) or headline(row.get("sentence"), row.get("expression")),
            *dates[key],
            reports,
        ]
    return {"events": events, "articles": articles}


def no_tex(markup: str) -> str:
    """Escaped text as Plotly draws it: ``$`` as an entity, since Plotly reads text with two
    dollar signs as LaTeX ("$5 bn … $2 bn"), which it cannot draw without MathJax; ``&quot;``
    as ``&#34;``, since Plotly decodes numeric entities but not that one. ``tlNoTex`` in
    hover.js does the same."""
    return markup.replace("$", "&#36;").replace("&quot;", "&#34;")


def event_hover(entry: Sequence, articles: Mapping[str, Sequence[str]]) -> str:
    """Hover label of one event (a citation-table entry): HTML, article text escaped."""
    label, date, line, reports = entry
    cited = {report[0] for report in reports}
    lines = [f"<b>{html_lines(label, WRAP_CHARS)}</b>"]
    when = html.escape(date)
    if len(reports) > 1:
        counts = _WORDS["reports_in"].format(
            reports=_WORDS["reports"](len(reports)), articles=_WORDS["articles"](len(cited))
        )
        when += f" · {counts}"
    lines.append(when)
    if line:
        lines.append(f"<span style='font-size:11px'>{html.escape(line)}</span>")
    for article, sentence, as_written in reports[:MAX_CITED]:
        source, title, published = (list(articles.get(article, [])) + ["", "", ""])[:3]
        lines.append("─────")
        lines.append(f"“{html.escape(trim_text(as_written, 80))}”")
        lines.append(html_lines(trim_text(sentence, SENTENCE_CHARS), WRAP_CHARS))
        cite = f"<i>{html.escape(source or UNKNOWN_SOURCE)}</i>"
        if title:
            cite += " · " + html_lines(trim_text(title, 120), WRAP_CHARS)
        if published:
            cite += "<br>" + _CITATIONS["published"].format(date=html.escape(published))
        lines.append(cite)
    more = len(reports) - MAX_CITED
    if more > 0:
        lines.append(f"<i>{_WORDS['more_reports'](more)}</i>")
    return "<br>".join(lines)


def merged_hover(entries: Sequence[Sequence], articles: Mapping[str, Sequence[str]]) -> str:
    """Hover label of a mark several events share: the first few, and how many more."""
    shown = [event_hover(e, articles) for e in entries[:MAX_MERGED]]
    more = len(entries) - len(shown)
    if more:
        shown.append(f"<i>{_WORDS['more_events'](more)}</i>")
    header = f"<b>{_WORDS['events'](len(entries))}</b><br>" if len(entries) > 1 else ""
    return header + "<br>═════<br>".join(shown)
