"""What a mark says about its events: hover labels (HTML) and the page's citation table.

Every piece of article text in a hover label is HTML-escaped: Plotly renders hover text as
(a subset of) HTML, and an exported page must not run code that came from an article. The
citation table stays plain text: the page only ever sets it as ``textContent``.

A large chart's labels are built in the page from its citation table by ``assets/hover.js``
(``tlHover``, ``tlMergedHover``), a port of :func:`hover_text` and :func:`merged_hover`;
keep them in step (tests/present/test_render.py runs both through node).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence

from timeline.present.labels import date_line
from timeline.present.text import UNKNOWN_SOURCE, html_lines, plain_text, trim_text

SENTENCE_CHARS = 200
WRAP_CHARS = 72  # hover labels do not wrap by themselves
MAX_MERGED = 3  # events listed in one hover label when several share a mark

# field order of the page's citation table (kept short: a large chart lists 100,000 events)
CITATION_EVENT_FIELDS = ("written", "date", "sentence", "article")
CITATION_ARTICLE_FIELDS = ("source", "title", "published", "url")


def written(event: Mapping) -> str:
    """The date as written in the article, or its value when the text is missing."""
    return plain_text(event.get("expression")) or plain_text(event.get("value"))


def hover_text(event: Mapping) -> str:
    """Hover label of one event: HTML, with every piece of article text escaped."""
    source = plain_text(event.get("source")) or UNKNOWN_SOURCE
    title = plain_text(event.get("title"))
    cite = f"<i>{html.escape(source)}</i>"
    if title:
        cite += " · " + html_lines(trim_text(title, 120), WRAP_CHARS)
    published = plain_text(event.get("published"))
    if published:
        cite += f"<br>published {html.escape(published)}"
    return "<br>".join(
        [
            f"<b>{html.escape(trim_text(written(event), 80))}</b>",
            html.escape(date_line(event)),
            html_lines(trim_text(plain_text(event.get("sentence")), SENTENCE_CHARS), WRAP_CHARS),
            cite,
        ]
    )


def merged_hover(events: Sequence[Mapping]) -> str:
    """Hover label of a mark several events share: the first few, and how many more."""
    shown = [hover_text(e) for e in events[:MAX_MERGED]]
    more = len(events) - len(shown)
    if more:
        shown.append(f"<i>… and {more} more event{'s' if more > 1 else ''} here</i>")
    header = f"<b>{len(events)} events</b><br>" if len(events) > 1 else ""
    return header + "<br>─────<br>".join(shown)


def citation_data(events: Iterable[Mapping]) -> dict[str, dict[str, list[str]]]:
    """The full citation of every event, for the page's click panel: plain (unescaped) text,
    which the page only ever sets as ``textContent``. Articles are listed once."""
    articles: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for event in events:
        article = str(event.get("article_id"))
        if article not in articles:
            articles[article] = [
                plain_text(event.get("source")) or UNKNOWN_SOURCE,
                plain_text(event.get("title")),
                plain_text(event.get("published")),
                plain_text(event.get("url")),
            ]
        out[str(event["id"])] = [
            written(event),
            date_line(event),
            plain_text(event.get("sentence")),
            article,
        ]
    return {"events": out, "articles": articles}
