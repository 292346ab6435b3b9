"""Events as the chart's *items*: one per event, in order of importance, with its lane, its
place in decimal years, its label and how wide that label is. Pure: no Plotly.

An item is a *point* (a day), a *bar* (a longer period or a range) or *open* (an open-ended
date, "before 1914", "more than a week ago": only its one real bound is known, drawn as a
fading arrow from it). Importance is the order in which the chart gives items room
(:mod:`timeline.present.placement`): more reports first, then more articles, more sources,
the more precise date, the lower id.

Three kinds of rows become items: event rows (``query_events``: ``reports``, ``reported``),
mention rows (``query_mentions``: one report each, for ``render --mentions``), and the
entries of a chronology (:func:`chronology_rows`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from timeline.calendar import to_ymd
from timeline.present.axis import decimal_year
from timeline.present.events import is_approximate, known_bounds, open_side
from timeline.present.hover import citation_table, reports_of
from timeline.present.labels import UNKNOWN_SOURCE, year_label
from timeline.present.text import plain_text, trim_text
from timeline.present.words import present_words

GroupBy = Literal["source", "article", "year", "none"]
GROUP_BY: tuple[GroupBy, ...] = ("source", "article", "year", "none")
ItemKind = Literal["point", "bar", "open"]
ALL_EVENTS = present_words().chart["all_events"]
LANE_LABEL_CHARS = 36
FONT_PX = 11  # the labels' size on the chart
# advance widths of Arial / Liberation Sans (metric-compatible), 1/1000 em, for " " … "~":
# a label's width is known without a browser, the same in Python, the page and kaleido
_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584,
)  # fmt: skip
_OTHER_WIDTH = 620  # accented letters, curly quotes, "…": a little wide, never too narrow
_WIDTH_OF: defaultdict[str, int] = defaultdict(
    lambda: _OTHER_WIDTH, {chr(32 + i): w for i, w in enumerate(_WIDTHS)}
)


def text_px(text: str, font_px: float = FONT_PX) -> int:
    """The width of ``text`` in pixels at ``font_px``, from Arial's advance widths."""
    return math.ceil(sum(map(_WIDTH_OF.__getitem__, text)) * font_px / 1000)


def marker_px(reports: int) -> int:
    """A point's diameter: 8 px for one report, growing with the log of their number."""
    return min(20, 8 + round(3 * math.log2(max(reports, 1))))


@dataclass(frozen=True, slots=True)
class Item:
    id: str  # the event's id (a key of the citation table)
    lane: int
    kind: ItemKind
    approximate: bool
    x0: float  # start of the first day (an open item: its bound, x0 == x1)
    x1: float  # end of the last day
    open: int  # -1 open before ("before 1914"), 1 open after, 0 closed
    label: str  # plain text: the page sets it as text, Plotly escapes it (figure.py)
    label_px: int
    size: int  # a point's diameter in pixels
    reports: int


@dataclass(frozen=True, slots=True)
class Lane:
    key: str
    label: str  # plain text
    count: int


@dataclass(frozen=True, slots=True)
class ItemSet:
    items: tuple[Item, ...]  # most important first
    lanes: tuple[Lane, ...]
    citations: Mapping[str, Mapping[str, list]]  # see :func:`citation_table`
    event_count: int
    undrawn: int  # open on both sides, or with no real bound: nothing to place


def _source(reports: Sequence[Mapping]) -> str:
    """The source most of the reports come from (the first to report it on a tie)."""
    if len(reports) == 1:
        return plain_text(reports[0].get("source")) or UNKNOWN_SOURCE
    names = [plain_text(r.get("source")) or UNKNOWN_SOURCE for r in reports]
    counts = Counter(names)
    return max(names, key=lambda n: (counts[n], -names.index(n)))


def lane_key(row: Mapping, group_by: GroupBy) -> str:
    if group_by == "source":
        return _source(reports_of(row))
    if group_by == "article":
        return str(reports_of(row)[0].get("article_id"))
    if group_by == "year":
        days = known_bounds(row)
        return str(to_ymd(days[0])[0]) if days else "?"
    if group_by == "none":
        return ALL_EVENTS
    raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}, not {group_by!r}")


def _lanes(rows: Sequence[Mapping], keys: Sequence[str], group_by: GroupBy) -> list[Lane]:
    counts = Counter(keys)
    if group_by == "article":
        order = list(dict.fromkeys(keys))  # articles in the order of their first event
        titles = {}
        for row, key in zip(rows, keys, strict=True):
            title = plain_text(reports_of(row)[0].get("title")) or f"article {key}"
            titles.setdefault(key, trim_text(title, LANE_LABEL_CHARS))
        seen = Counter(titles.values())
        labels = {k: (f"{v} #{k}" if seen[v] > 1 else v) for k, v in titles.items()}
    elif group_by == "year":
        order = sorted(counts, key=lambda k: int(k) if k.lstrip("-").isdigit() else 10**6)
        labels = {k: year_label(int(k)) if k != "?" else k for k in order}
    else:
        order = sorted(counts, key=lambda k: (k.casefold(), k))
        labels = {k: trim_text(k, LANE_LABEL_CHARS) for k in order}
    return [Lane(k, labels[k], counts[k]) for k in order]


def _importance(row: Mapping, reports: int, span: int) -> tuple:
    """Sort key, most important first: reports, articles, sources, precision, id."""
    score = row.get("score")  # a chronology's entries carry the model's score
    return (
        -(score if score is not None else 0.0),
        -reports,
        -int(row.get("articles") or 1),
        -int(row.get("sources") or 1),
        span,
        str(row["id"]),
    )


def item_set(rows: Iterable[Mapping], *, group_by: GroupBy = "source") -> ItemSet:
    """Shape event (or mention) rows into items, most important first, and their lanes."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}, not {group_by!r}")
    rows = list(rows)
    keys = [lane_key(row, group_by) for row in rows]
    lanes = _lanes(rows, keys, group_by)
    lane_index = {lane.key: i for i, lane in enumerate(lanes)}
    ranked: list[tuple[tuple, Item]] = []
    undrawn = 0
    citations = citation_table(rows)
    for row, key in zip(rows, keys, strict=True):
        days = known_bounds(row)
        if days is None:
            undrawn += 1
            continue
        lower, upper = days
        side = open_side(row)
        reports = int(row.get("reports") or len(row.get("reported") or ()) or 1)
        if side == "before":
            x0 = x1 = decimal_year(upper, 1.0)  # "before 1914": up to the end of 1913
        elif side == "after":
            x0 = x1 = decimal_year(lower, 0.0)
        else:
            x0, x1 = decimal_year(lower, 0.0), decimal_year(upper, 1.0)
        label = citations["events"][str(row["id"])][0]
        item = Item(
            id=str(row["id"]),
            lane=lane_index[key],
            kind="open" if side else ("point" if lower == upper else "bar"),
            approximate=is_approximate(row),
            x0=x0,
            x1=x1,
            open=-1 if side == "before" else 1 if side == "after" else 0,
            label=label,
            label_px=text_px(label),
            size=marker_px(reports),
            reports=reports,
        )
        span = 10**7 if side else upper - lower
        ranked.append((_importance(row, reports, span), item))
    ranked.sort(key=lambda pair: pair[0])
    return ItemSet(
        items=tuple(item for _, item in ranked),
        lanes=tuple(lanes),
        citations=citations,
        event_count=len(rows),
        undrawn=undrawn,
    )


def chronology_rows(chronology: object) -> list[dict]:
    """A chronology's entries (:class:`timeline.chronology.Chronology`) as event rows: one
    day each, its first sentence as the label, each sentence a report, ranked by score."""
    rows = []
    for entry in chronology.entries:  # type: ignore[attr-defined]
        sentences = list(entry.sentences)
        first = sentences[0].text if sentences else ""
        rows.append(
            {
                "id": f"d{entry.rank}",
                "lower": entry.day,
                "upper": entry.day,
                "value": entry.date,
                "granularity": "day",
                "mod": None,
                "expression": entry.date,
                "sentence": first,
                "label": trim_text(plain_text(first), 64),
                "score": entry.score,
                "reports": max(int(entry.articles), 1),  # its size: the articles naming it
                "articles": entry.articles,
                "reported": [
                    {
                        "article_id": s.article_id,
                        "source": s.source,
                        "title": s.title,
                        "published": s.published,
                        "url": s.url,
                        "sentence": s.text,
                        "expression": f"#{entry.rank} of the chronology",
                    }
                    for s in sentences
                ],
            }
        )
    return rows
