"""Which items the chart shows at a zoom level, where, and which carry their label. Pure.

**Level of detail.** The plot is a grid: each lane (its height growing with the square root
of its items: :func:`lane_edges`) is cut into rows :data:`ROW_PX` high, and
an item takes a stretch of a row in pixels: a point its marker (and its label to the right,
or to the left near the right edge), a bar its visible part (its label inside, from where it
enters the view), an open-ended date its fading arrow (and its label). Items are given room
in order of importance (:mod:`timeline.present.items`: reports, articles, sources): first
with their labels, each in the first row of its lane where it overlaps nothing already
placed (with :data:`GAP_PX` between); then, in a second pass, those left over as bare marks
where a marker still fits. What fits in neither is not drawn at this zoom; the density strip
counts it. Zooming in spreads the items over more pixels, so more of them fit, with labels.
The page runs the same code (``assets/lod.js``, a port kept in step and tested against this
one) on every zoom, pan and resize; Python runs it for the static image and the first draw.

**First view.** :func:`first_view` opens on the densest span holding most events: of the
shortest windows holding 30 %, 35 % … 95 % of the items' middles, the one with the best
``share² / width`` (share and density both count; a width under a 100th of the 95 % window
counts as that), widened to the largest share that scores within 80 % of that best. A long
period or a stray date decades away does not widen it; open-ended dates do not count at all.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import sub

from timeline.calendar import days_in_month
from timeline.present.axis import days_in_year, padded_range, tick_step
from timeline.present.items import Item

ROW_PX = 22  # a row: an 11 px label and room around it
GAP_PX = 8  # between two items of a row
LABEL_PAD = 4  # between a mark and its label
ARROW_PX = 56  # an open-ended date's fading arrow
BAR_MIN_PX = 3  # a period shorter than this still shows
# at most this many items in view are tried with a label, then as bare marks, and so many
# marks are drawn: the work per zoom stays bounded whatever the number of events
LABEL_TRIES = 3000
MARK_TRIES = 8000
MAX_MARKS = 2000
STRIP_BIN_PX = 6  # the density strip's bins: at least this wide
STRIP_MAX_BINS = 400
VIEW_SHARES = tuple(s / 100 for s in range(30, 100, 5))
VIEW_KEEP = 0.8  # a larger share wins while it scores within this of the best
VIEW_MIN_WIDTH = 7 / 365.2425  # a week: denser than that is not denser
VIEW_MIN_PART = 100
VIEW_MIN_EVENTS = 3


@dataclass(frozen=True, slots=True)
class Geometry:
    """The view and the plot's size in pixels."""

    x0: float
    x1: float
    width: float  # the plot area's width
    lanes_px: float  # the lanes' height, all together
    lane_edges: tuple[float, ...]  # where each lane starts and the last ends, in y units

    def lane_px(self, lane: int) -> float:
        """One lane's height in pixels: lanes take shares of the height (see lane_edges)."""
        e = self.lane_edges
        return self.lanes_px * (e[lane + 1] - e[lane]) / (e[-1] - e[0])

    def rows(self) -> tuple[int, ...]:
        """The rows of each lane."""
        return tuple(rows_per_lane(self.lane_px(k)) for k in range(len(self.lane_edges) - 1))


@dataclass(frozen=True, slots=True)
class Placement:
    """The items shown, in the order they were placed (parallel tuples)."""

    index: tuple[int, ...]  # into the item list
    row: tuple[int, ...]  # row within the item's lane, 0 on top
    side: tuple[int, ...]  # the label: 1 right of its anchor, -1 left of it, 0 none
    anchor: tuple[float, ...]  # where a bar's or arrow's label starts (or ends), px
    in_view: int  # items in view, shown or not
    rows: tuple[int, ...]  # rows of each lane


def rows_per_lane(lane_px: float) -> int:
    return max(1, math.floor(lane_px / ROW_PX + 1e-9))  # 88 px computed as 87.99… is 4 rows


def lane_edges(counts: Sequence[int]) -> tuple[float, ...]:
    """Where each lane starts, and the last ends, on a y axis from -0.5 to lanes - 0.5: a
    lane's share of the height grows with the square root of its items, so that a busy
    source gets more rows without squeezing a quiet one to a sliver (equal lanes left the
    quiet ones half empty and the busy ones crowded)."""
    weights = [math.sqrt(max(n, 1)) for n in counts] or [1.0]
    total = sum(weights)
    edges = [-0.5]
    for w in weights:
        edges.append(edges[-1] + len(weights) * w / total)
    edges[-1] = len(weights) - 0.5  # no rounding drift at the bottom
    return tuple(edges)


def in_view(item: Item, x0: float, x1: float) -> bool:
    if item.kind == "open":
        return x0 <= item.x0 <= x1  # only its bound is known: drawn where that is
    return item.x1 >= x0 and item.x0 <= x1


def candidates(item: Item, x0: float, scale: float, width: float, labelled: bool) -> list:
    """The stretches ``(a, b, side, anchor)`` in pixels the item may take, preferred first."""
    label = item.label_px
    if item.kind == "point":
        c = ((item.x0 + item.x1) / 2 - x0) * scale
        r = item.size / 2
        if not labelled:
            return [(c - r, c + r, 0, 0.0)]
        out = []
        if c + r + LABEL_PAD + label <= width:
            out.append((c - r, c + r + LABEL_PAD + label, 1, c + r + LABEL_PAD))
        if c - r - LABEL_PAD - label >= 0:
            out.append((c - r - LABEL_PAD - label, c + r, -1, c - r - LABEL_PAD))
        return out
    if item.kind == "bar":
        a = max((item.x0 - x0) * scale, 0.0)
        e = max(min((item.x1 - x0) * scale, width), a + BAR_MIN_PX)
        if not labelled:
            return [(a, e, 0, 0.0)]
        start = min(a + LABEL_PAD, width - label - LABEL_PAD)
        if start < 0:
            return []
        return [(min(a, start - LABEL_PAD), max(e, start + label + LABEL_PAD), 1, start)]
    c = (item.x0 - x0) * scale
    if item.open < 0:  # "before 1914": the arrow fades to the left of its bound
        if not labelled:
            return [(c - ARROW_PX, c + 2, 0, 0.0)]
        out = []
        if c + LABEL_PAD + label <= width:
            out.append((c - ARROW_PX, c + LABEL_PAD + label, 1, c + LABEL_PAD))
        if c - ARROW_PX - LABEL_PAD - label >= 0:
            left = c - ARROW_PX - LABEL_PAD
            out.append((left - label, c + 2, -1, left))
        return out
    if not labelled:  # "after 1945": to the right
        return [(c - 2, c + ARROW_PX, 0, 0.0)]
    out = []
    if c - LABEL_PAD - label >= 0:
        out.append((c - LABEL_PAD - label, c + ARROW_PX, -1, c - LABEL_PAD))
    if c + ARROW_PX + LABEL_PAD + label <= width:
        right = c + ARROW_PX + LABEL_PAD
        out.append((c - 2, right + label, 1, right))
    return out


class _Row:
    """A row's taken stretches, sorted; they never overlap, so neighbours suffice."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    def free(self, a: float, b: float) -> bool:
        j = bisect_left(self.starts, a)
        if j > 0 and self.ends[j - 1] + GAP_PX > a:
            return False
        return not (j < len(self.starts) and b + GAP_PX > self.starts[j])

    def take(self, a: float, b: float) -> None:
        j = bisect_left(self.starts, a)
        self.starts.insert(j, a)
        self.ends.insert(j, b)


def place(items: Sequence[Item], geometry: Geometry) -> Placement:
    """The items shown in ``geometry``'s view, most important first (see the module)."""
    g = geometry
    rows = g.rows()
    offsets = [sum(rows[:k]) for k in range(len(rows))]  # each lane's first row in the grid
    scale = g.width / (g.x1 - g.x0) if g.x1 > g.x0 else 1.0
    grid = [_Row() for _ in range(sum(rows))]
    placed: dict[int, tuple[int, int, float]] = {}
    order: list[int] = []
    visible = sum(1 for item in items if in_view(item, g.x0, g.x1))
    for labelled in (True, False):
        tries, limit = 0, LABEL_TRIES if labelled else MARK_TRIES
        for i, item in enumerate(items):
            if i in placed or not in_view(item, g.x0, g.x1):
                continue
            tries += 1
            if tries > limit or len(order) >= MAX_MARKS:
                break
            for a, b, side, anchor in candidates(item, g.x0, scale, g.width, labelled):
                first = offsets[item.lane]
                free = (r for r in range(rows[item.lane]) if grid[first + r].free(a, b))
                row = next(free, -1)
                if row >= 0:
                    grid[first + row].take(a, b)
                    placed[i] = (row, side, anchor)
                    order.append(i)
                    break
    return Placement(
        index=tuple(order),
        row=tuple(placed[i][0] for i in order),
        side=tuple(placed[i][1] for i in order),
        anchor=tuple(placed[i][2] for i in order),
        in_view=visible,
        rows=rows,
    )


# the first view -----------------------------------------------------------------------


def first_view(items: Sequence[Item]) -> tuple[float, float]:
    """The densest span holding most items (see the module), padded like the whole chart."""
    middles = [(item.x0 + item.x1) / 2 for item in items if item.kind != "open"]
    return densest_span(middles or [item.x0 for item in items])


def densest_span(positions: Sequence[float]) -> tuple[float, float]:
    """The span of ``positions`` a chart opens on: see the module."""
    middles = sorted(positions)
    if not middles:
        return (0.0, 1.0)
    n = len(middles)
    spans = []  # (share, count, first, last): the shortest window holding that share
    for share in VIEW_SHARES:
        # a window of one or two events is not "most events", however dense
        k = max(min(n, VIEW_MIN_EVENTS), math.ceil(share * n))
        widths = list(map(sub, middles[k - 1 :], middles[: n - k + 1]))
        i = widths.index(min(widths))
        spans.append((share, k, middles[i], middles[i + k - 1]))
    # narrower than a 100th of the widest window (or a week) is not denser: a handful of
    # events two days apart is not where "most" events are
    floor = max(VIEW_MIN_WIDTH, (spans[-1][3] - spans[-1][2]) / VIEW_MIN_PART)
    windows = [(q, max(q, k / n) ** 2 / max(b - a, floor), a, b) for q, k, a, b in spans]
    best = max(score for _, score, _, _ in windows)
    _, _, low, high = max(w for w in windows if w[1] >= VIEW_KEEP * best)
    return padded_range(low, high)


def full_range(items: Sequence[Item]) -> tuple[float, float]:
    """Everything: every period whole, every open-ended date's bound and arrow."""
    if not items:
        return (0.0, 1.0)
    low = min(item.x0 for item in items)
    high = max(item.x1 for item in items)
    return padded_range(low, high)


# the density strip --------------------------------------------------------------------


def _doy(year: int, month: int) -> int:
    """Days of ``year`` before the first of ``month``."""
    return sum(days_in_month(year, m) for m in range(1, month))


def strip_edges(x0: float, x1: float, max_bins: int) -> tuple[str, int, list[float]]:
    """Calendar bins over ``[x0, x1]`` (whole years, months or days, as the axis ticks
    step): ``(unit, n, edges)``, the first edge at or before x0, the last at or after x1."""
    unit, n = tick_step(x0, x1, max(max_bins, 1))
    edges: list[float] = []
    if unit == "year":
        edges = [float(k * n) for k in range(math.floor(x0 / n), math.ceil(x1 / n) + 1)]
    elif unit == "month":
        for y in range(math.floor(x0) - 1, math.floor(x1) + 2):
            size = days_in_year(y)
            edges += [y + _doy(y, m) / size for m in range(1, 13, n)]
    else:
        y = math.floor(x0)
        index = math.floor((x0 - y) * days_in_year(y))
        index -= index % n
        while True:
            size = days_in_year(y)
            edges.append(y + index / size)
            if edges[-1] >= x1:
                break
            index += n
            if index >= size:
                y, index = y + 1, 0
    low = max(0, bisect_right(edges, x0) - 1)
    high = min(len(edges) - 1, bisect_left(edges, x1))
    return unit, n, edges[low : high + 1]


def strip_counts(
    starts: Sequence[float], spans: Sequence[float], edges: Sequence[float]
) -> tuple[list[int], list[int]]:
    """Items per bin, by where they start (``starts`` sorted, ``spans`` alike): those shorter
    than a bin in ``within``, longer periods in ``longer``, so that a year reads as one
    period and not as a burst on its first day."""
    bins = len(edges) - 1
    within, longer = [0] * bins, [0] * bins
    i = bisect_left(starts, edges[0]) if bins > 0 else len(starts)
    for b in range(bins):
        width = edges[b + 1] - edges[b]
        while i < len(starts) and starts[i] < edges[b + 1]:
            if spans[i] <= width * 1.001:  # a day is a day bin's width, give or take rounding
                within[b] += 1
            else:
                longer[b] += 1
            i += 1
    return within, longer


def strip_bins(width_px: float) -> int:
    return max(1, min(STRIP_MAX_BINS, math.floor(width_px / STRIP_BIN_PX)))
