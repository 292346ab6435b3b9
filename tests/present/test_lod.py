"""The event chart's data: items, headlines, the first view, the level of detail, and the
page's port of it (assets/lod.js) agreeing with Python through node."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from timeline.calendar import MAX_DAY, MIN_DAY, day_number
from timeline.present.axis import decimal_year
from timeline.present.headline import HEADLINE_CHARS, headline
from timeline.present.items import item_set, marker_px, text_px
from timeline.present.lod import event_chart, frame, geometry
from timeline.present.placement import (
    MAX_MARKS,
    ROW_PX,
    Geometry,
    densest_span,
    lane_edges,
    place,
    strip_counts,
    strip_edges,
)
from timeline.present.render import items_table, script_config

from helpers import event_row

D = day_number
NODE = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def event(id: int, lower: int, upper: int | None = None, **fields) -> dict:
    return event_row(id, lower, upper, **fields)


def reported(row: dict, *sources: str) -> dict:
    """``row`` as an event reported by one article per source."""
    row["reported"] = [
        {"article_id": 10 + i, "source": s, "title": f"T{i}", "published": "2020-07-22",
         "url": None, "sentence": row["sentence"], "expression": row["expression"]}
        for i, s in enumerate(sources)
    ]  # fmt: skip
    row["reports"] = row["articles"] = len(sources)
    return row


# headlines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expression", "expected"),
    [
        (
            "Washington on Sunday granted Iraq a 30-day extension to a waiver allowing it to "
            "import Iranian gas, an Iraqi official said.",
            "Sunday",
            "Washington granted Iraq 30-day extension to…",
        ),
        (
            "Relations between the two countries were not always close -- they fought a bloody "
            "war from 1980 to 1988.",
            "1980 to 1988",
            "They fought bloody war",
        ),
        ("Caesar was killed on the Ides of March.", "the Ides of March", "Caesar was killed"),
        ("", "late 2018", "late 2018"),
    ],
)
def test_headline_drops_the_date_and_keeps_what_happened(sentence, expression, expected):
    assert headline(sentence, expression) == expected


def test_headline_of_a_long_clause_keeps_the_words_before_a_late_date():
    sentence = (
        "The comments came within wider diplomacy, a policy Tehran has been intensifying after "
        "top commander Qasem Soleimani was killed in a US drone strike outside Baghdad's "
        "international airport in January."
    )
    text = headline(sentence, "January")
    assert text.startswith("…") and "airport" in text and len(text) <= HEADLINE_CHARS


# items -----------------------------------------------------------------------------------


def test_items_are_ranked_by_reports_and_sized_by_them():
    rows = [
        reported(event(1, D(2020, 1, 1), sentence="A quiet day."), "AP"),
        reported(event(2, D(2020, 1, 2), sentence="Missiles hit the base."), "AP", "AFP", "BBC"),
        reported(event(3, D(2020, 1, 1), D(2020, 12, 31), sentence="A year."), "AP", "AFP"),
    ]
    items = item_set(rows).items
    assert [i.id for i in items] == ["2", "3", "1"]
    assert [i.kind for i in items] == ["point", "bar", "point"]
    assert items[0].size == marker_px(3) > items[2].size == marker_px(1) == 8
    assert items[0].label == "Missiles hit base"
    assert items[0].label_px == text_px("Missiles hit base") > 60


def test_an_event_goes_to_the_lane_of_most_of_its_reports():
    row = reported(event(1, D(2020, 1, 1)), "AFP", "AP", "AP")
    assert [lane.label for lane in item_set([row]).lanes] == ["AP"]


@pytest.mark.parametrize("new_rows", [False, True])
def test_open_ended_dates_are_drawn_from_their_one_bound(new_rows):
    before = event(1, MIN_DAY, D(1913, 12, 31), mod="BEFORE", expression="before 1914")
    after = event(2, D(1946, 1, 1), MAX_DAY, mod="AFTER", expression="after 1945")
    if new_rows:  # the coming rows: open says which side, lower/upper the one real bound
        before.update(open="before", lower=D(1913, 12, 31), upper=D(1913, 12, 31))
        after.update(open="after", lower=D(1946, 1, 1), upper=None)
    rows = [before, after, event(3, D(1930, 5, 1)), event(4, D(1931, 5, 1))]
    chart = event_chart(rows)
    by_id = {i.id: i for i in chart.items.items}
    assert by_id["1"].kind == "open" and by_id["1"].open == -1
    assert by_id["1"].x0 == by_id["1"].x1 == pytest.approx(1914.0)
    assert by_id["2"].open == 1 and by_id["2"].x0 == pytest.approx(1946.0)
    # never to the edge of time, and the first view is where the dated events are
    assert chart.full_range[0] > 1900 and chart.full_range[1] < 1960
    assert chart.first_view[0] > 1929 and chart.first_view[1] < 1932.5


def test_an_open_ended_date_is_a_fading_arrow_from_its_bound():
    rows = [event(1, MIN_DAY, D(1913, 12, 31), mod="BEFORE", expression="before 1914")]
    chart = event_chart(rows)
    data = frame(chart, Geometry(1900.0, 1920.0, 1000, 400, (-0.5, 0.5)))
    tails = data["tails"]
    assert len(tails["base"]) == 5 and max(tails["base"]) < 1914.0
    assert tails["opacity"] == sorted(tails["opacity"], reverse=True)  # fading away
    assert data["ends"]["symbol"] == ["line-ns", "triangle-left"]
    assert not data["bars"]["base"]  # never a bar


# the first view --------------------------------------------------------------------------


def test_first_view_is_the_dense_span_not_the_long_tail():
    rng = random.Random(1)
    # a war year's corpus: 90 % in 2011, the rest scattered over three millennia
    middles = [2011 + rng.random() for _ in range(900)]
    middles += [rng.uniform(-3000, 2500) for _ in range(100)]
    low, high = densest_span(middles)
    assert 2010.9 < low < 2011.2 and 2011.8 < high < 2012.1


def test_first_view_of_a_spread_corpus_keeps_its_years():
    rng = random.Random(2)
    middles = [rng.uniform(2009.5, 2011.9) for _ in range(400)]
    middles += [rng.uniform(1800, 2009) for _ in range(600)]
    low, high = densest_span(middles)
    assert 2008 < low < 2009.6 and 2011.8 < high < 2012.1


# placement -------------------------------------------------------------------------------


def crowded(count: int, seed: int = 4) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        day = D(2011, 1, 1) + rng.randint(0, 364)
        kind = rng.random()
        if kind < 0.75:
            row = event(i + 1, day, sentence=f"Event {i} " + "word " * rng.randint(1, 9))
        elif kind < 0.95:
            row = event(i + 1, day, day + rng.randint(20, 400), sentence=f"Period {i}")
        else:
            row = event(i + 1, MIN_DAY, day, mod="BEFORE", sentence=f"Before {i}")
        row["reports"] = rng.choice([1, 1, 1, 2, 3, 8])
        row["source"] = rng.choice(["AP", "AFP", "BBC"])
        rows.append(row)
    return rows


def test_placement_never_overlaps_and_shows_more_when_zoomed_in():
    chart = event_chart(crowded(3000))
    whole = Geometry(2011.0, 2012.0, 1200, 260, chart.lane_edges)
    month = Geometry(2011.4, 2011.5, 1200, 260, chart.lane_edges)
    wide, narrow = place(chart.items.items, whole), place(chart.items.items, month)
    assert len(wide.index) < wide.in_view and narrow.in_view < wide.in_view
    assert sum(1 for s in narrow.side if s) > sum(1 for s in wide.side if s) / 4
    assert len(wide.index) <= MAX_MARKS and wide.rows == whole.rows()
    assert sum(wide.rows) in range(260 // ROW_PX - len(wide.rows), 260 // ROW_PX + 1)
    # the most important events come first and carry their labels
    assert wide.index[:20] == tuple(sorted(wide.index[:20]))
    assert all(wide.side[:10])


def test_frame_puts_points_over_rows_of_their_lane():
    chart = event_chart(crowded(300))
    g = geometry(chart, chart.first_view, 1300, 700)
    data = frame(chart, g)
    ys = data["points"]["y"] + data["bars"]["y"]
    assert all(chart.lane_edges[0] < y < chart.lane_edges[-1] for y in ys)
    assert len(data["labels"]["text"]) + sum(1 for t in data["points"]["text"] if t) > 20
    assert sum(data["strip"]["within"]) + sum(data["strip"]["longer"]) >= len(ys)


def test_lanes_share_the_height_by_the_square_root_of_their_items():
    assert lane_edges([5]) == (-0.5, 0.5)
    edges = lane_edges([16, 4, 0])  # weights 4, 2, 1 (an empty lane still gets a sliver)
    assert edges == pytest.approx((-0.5, -0.5 + 12 / 7, -0.5 + 18 / 7, 2.5))
    g = Geometry(2000.0, 2001.0, 800, 7 * 44, edges)
    assert g.rows() == (8, 4, 2)  # 176, 88 and 44 px: rows of 22 px


def test_strip_bins_are_calendar_months_and_count_every_item():
    unit, n, edges = strip_edges(2011.0, 2012.0, 12)
    assert (unit, n) == ("month", 1) and len(edges) == 13
    assert edges[0] == 2011.0 and edges[1] == pytest.approx(31 / 365 + 2011)
    starts = [decimal_year(D(2011, 3, 5), 0.0), decimal_year(D(2011, 3, 1), 0.0)]
    within, longer = strip_counts(sorted(starts), [1 / 365, 0.5], edges)
    assert within[2] == 1 and longer[2] == 1 and sum(within) + sum(longer) == 2


# the page's port agrees with Python -------------------------------------------------------


def port_script() -> str:
    config = script_config("tl-test")
    names = ("words.js", "ticks.js", "hover.js", "lod.js")
    from timeline.present.render import asset

    return f"const TL = {json.dumps(config)};\n" + "\n".join(asset(n) for n in names)


@NODE
def test_javascript_placement_and_strip_match_python():
    rows = crowded(2500) + [
        event(9000, MIN_DAY, D(2011, 6, 1), mod="BEFORE", sentence="Open before <b>x</b>"),
        event(9001, D(2011, 3, 1), MAX_DAY, mod="AFTER", sentence="Open after & so on"),
    ]
    chart = event_chart(rows)
    cases = [
        (2011.0, 2012.0, 1300, 240),
        (2011.3, 2011.35, 900, 600),
        (2010.0, 2013.0, 640, 90),
        (2011.49, 2011.51, 1500, 33),
        (1990.0, 2030.0, 1200, 400),
    ]
    geometries = [geometry(chart, (a, b), w, h) for a, b, w, h in cases]
    script = port_script() + (
        "\nconst input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "\nconst I = input.table.items, S = input.table.strip;"
        "\nconsole.log(JSON.stringify(input.geometries.map(function (g) {"
        "\n  const T = tlFrame(I, S, g), p = T.placement;"
        "\n  return {index: p.index, row: p.row, side: p.side, anchor: p.anchor,"
        "\n          inView: p.inView, within: T.strip.within, longer: T.strip.longer,"
        "\n          stripX: T.strip.x, labels: T.labels.text, points: T.points.x};"
        "\n})));"
    )
    table = items_table(chart)
    table["items"]["label"] = [item.label for item in chart.items.items]  # as page.js adds
    payload = {
        "table": table,
        "geometries": [
            {"x0": g.x0, "x1": g.x1, "width": g.width, "lanesPx": g.lanes_px, "edges": g.lane_edges}
            for g in geometries
        ],
    }
    result = subprocess.run(
        ["node", "-e", script],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    for g, js in zip(geometries, json.loads(result.stdout), strict=True):
        p = place(chart.items.items, g)
        data = frame(chart, g, p)
        assert js["index"] == list(p.index), g
        assert js["row"] == list(p.row) and js["side"] == list(p.side)
        assert js["anchor"] == pytest.approx(list(p.anchor), abs=1e-9)
        assert js["inView"] == p.in_view
        assert js["within"] == data["strip"]["within"] and js["longer"] == data["strip"]["longer"]
        assert js["stripX"] == pytest.approx(data["strip"]["x"], abs=1e-12)
        assert js["labels"] == data["labels"]["text"]
        assert js["points"] == pytest.approx(data["points"]["x"], abs=1e-12)
