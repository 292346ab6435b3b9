"""Chart shaping: points and bars, lanes, merged marks, escaped hover text, density."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from timeline.calendar import day_number
from timeline.present.axis import decimal_year
from timeline.present.chart import LARGE_MARKS, ChartData, chart_data
from timeline.present.density import bin_unit, histogram_data, histogram_hover
from timeline.present.events import is_approximate, is_point
from timeline.present.hover import SENTENCE_CHARS, citation_table, event_hover

from helpers import event_row


def event(id: int, lower: int, upper: int | None = None, **fields) -> dict:
    return event_row(id, lower, upper, **{"expression": "July 21", **fields})


D = day_number


# shaping ---------------------------------------------------------------------------------


def seed_events() -> list[dict]:
    return [
        event(
            1,
            D(1980, 1, 1),
            D(1988, 12, 31),
            value="1980/1988",
            granularity="year",
            expression="from 1980 to 1988",
            source="Reuters",
        ),  # fmt: skip
        event(
            2,
            D(2018, 10, 1),
            D(2018, 12, 31),
            value="2018",
            granularity="year",
            mod="LATE",
            expression="late 2018",
            source="AP",
            article_id=2,
        ),  # fmt: skip
        event(3, D(2020, 1, 3), source="Reuters", expression="January 3"),
        event(4, D(2020, 1, 3), source="Reuters", expression="Friday"),
        event(5, D(2020, 7, 21), source="Al Jazeera", article_id=3, expression="July 21"),
        event(
            6,
            D(2003, 1, 1),
            D(2003, 12, 31),
            value="2003",
            granularity="year",
            mod="APPROX",
            expression="around 2003",
            source="AP",
            article_id=2,
        ),  # fmt: skip
        event(7, D(2020, 6, 1), mod="APPROX", source="AP", article_id=2, expression="about June"),
    ]


def trace(data: ChartData, kind: str, approximate: bool = False):
    return next(t for t in data.traces if t.kind == kind and t.approximate == approximate)


def test_points_are_single_days_and_bars_are_ranges_and_periods():
    events = seed_events()
    assert is_point(events[2]) and not is_point(events[0]) and not is_point(events[1])
    data = chart_data(events)
    points, bars = trace(data, "point"), trace(data, "bar")
    assert sorted(i for ids in points.ids for i in ids) == [3, 4, 5]
    assert sorted(i for ids in bars.ids for i in ids) == [1, 2]
    # a bar spans its bounds: the first instant of 1980 to the last of 1988
    i = bars.ids.index((1,))
    assert (bars.x0[i], bars.x1[i]) == (1980.0, pytest.approx(1989.0))
    assert bars.widths[i] == pytest.approx(9.0)
    # a point sits in the middle of its day
    j = points.ids.index((5,))
    assert points.centers[j] == pytest.approx(decimal_year(D(2020, 7, 21)))


def test_approximate_events_get_their_own_traces():
    assert is_approximate({"mod": "APPROX"}) and is_approximate({"mod": "BEFORE"})
    assert not is_approximate({"mod": "LATE"}) and not is_approximate({"mod": None})
    data = chart_data(seed_events())
    assert trace(data, "bar", True).ids == ((6,),)
    assert trace(data, "point", True).ids == ((7,),)
    assert {t.name for t in data.traces} == {
        "Periods",
        "Periods (approximate)",
        "Days",
        "Days (approximate)",
    }


def test_events_on_the_same_day_in_a_lane_share_one_mark():
    points = trace(chart_data(seed_events()), "point")
    i = points.ids.index((3, 4))
    assert points.count[i] == 2
    assert points.hover[i].startswith("<b>2 events</b>")
    assert "January 3" in points.hover[i] and "Friday" in points.hover[i]


def test_lanes_by_source_article_or_none():
    data = chart_data(seed_events(), group_by="source")
    assert [lane.label for lane in data.lanes] == ["Al Jazeera", "AP", "Reuters"]
    assert [lane.y for lane in data.lanes] == [0.0, 1.0, 2.0]
    assert [lane.count for lane in data.lanes] == [1, 3, 3]
    by_article = chart_data(seed_events(), group_by="article")
    assert [lane.key for lane in by_article.lanes] == ["1", "2", "3"]  # order of first event
    assert chart_data(seed_events(), group_by="none").lanes[0].label == "All events"
    with pytest.raises(ValueError, match="group_by"):
        chart_data(seed_events(), group_by="publisher")  # type: ignore[arg-type]


def test_every_mark_stays_inside_its_lane():
    data = chart_data(seed_events())
    lanes = {lane.key: lane.y for lane in data.lanes}
    for t in data.traces:
        for y, thickness in zip(t.y, t.thickness, strict=True):
            assert any(abs(y - ly) + thickness / 2 < 0.5 for ly in lanes.values())


def test_overlapping_and_adjacent_periods_get_separate_rows():
    events = [
        event(1, D(2018, 1, 1), D(2018, 12, 31), granularity="year"),
        event(2, D(2019, 1, 1), D(2019, 12, 31), granularity="year"),  # touches 2018
        event(3, D(2018, 6, 1), D(2018, 6, 30), granularity="month"),  # inside 2018
        event(4, D(2030, 1, 1), D(2030, 12, 31), granularity="year"),  # far away
    ]
    bars = trace(chart_data(events), "bar")
    y = {ids[0]: y for ids, y in zip(bars.ids, bars.y, strict=True)}
    assert y[1] != y[2]  # "2018" and "2019" must not read as one bar
    assert y[1] != y[3]
    assert y[4] == y[1]  # a free row is reused


def test_x_range_covers_the_events_and_ticks_cover_the_range():
    data = chart_data(seed_events())
    lo, hi = data.x_range
    assert lo < 1980 and hi > 2020.6
    assert data.ticks[0].label == "1980" and data.ticks[-1].label == "2020"
    assert data.event_count == 7 and not data.empty


def test_bce_events_are_placed_and_labelled():
    events = [
        event(1, D(-43, 3, 15), expression="the Ides of March, 44 BC", source="Plutarch"),
        event(2, D(79, 8, 24), expression="24 August AD 79", source="Pliny"),
        event(3, D(-26, 1, 16), D(14, 8, 19), expression="27 BC to AD 14", source="Suetonius"),
    ]
    data = chart_data(events)
    points = trace(data, "point")
    assert sorted(points.centers) == [
        pytest.approx(-43 + 73.5 / 365),
        pytest.approx(79 + (235 + 0.5) / 365),
    ]
    bar = trace(data, "bar")
    assert bar.x0[0] == pytest.approx(-26 + 15 / 365)
    tick_labels = [t.label for t in data.ticks]
    assert "40 BC" in tick_labels and "AD 1" in tick_labels and "AD 80" in tick_labels
    hover = points.hover[points.ids.index((1,))]
    assert "-0043-03-15 (15 Mar 44 BC) · day" in hover
    assert "-0026-01-16 – 0014-08-19 (16 Jan 27 BC – 19 Aug AD 14)" in bar.hover[0]


def test_empty_input():
    data = chart_data([])
    assert data.empty and data.traces == () and data.lanes == () and data.ticks == ()


def test_chart_data_is_frozen():
    data = chart_data(seed_events())
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.ticks = ()  # type: ignore[misc]


# hover text ------------------------------------------------------------------------------

XSS_SENTENCE = "Officials said <script>alert('xss')</script> & more on January 8."


def hover_text(row: dict) -> str:
    """The hover label of one event row, as the chart builds it from its citation table."""
    table = citation_table([row])
    return event_hover(table["events"][str(row["id"])], table["articles"])


XSS_TITLE = "<img src=x onerror=alert(1)> Missiles"


def test_hover_text_shows_the_date_as_written_normalized_bounds_sentence_and_source():
    text = hover_text(
        event(
            1,
            D(2018, 10, 1),
            D(2018, 12, 31),
            value="2018",
            mod="LATE",
            granularity="year",
            expression="late 2018",
            sentence="Protests grew.",
            source="AP",
            title="Iraq",
        )  # fmt: skip
    )
    assert text.startswith("<b>Protests grew</b><br>late 2018<br>")  # headline, date
    assert "2018 (LATE) · 2018-10-01 – 2018-12-31 · year" in text
    assert "Protests grew." in text
    assert "<i>AP</i> · Iraq" in text
    assert "published 2020-07-22" in text


def test_hover_text_escapes_article_text():
    text = hover_text(
        event(
            1,
            D(2020, 1, 8),
            sentence=XSS_SENTENCE,
            title=XSS_TITLE,
            expression="<b onmouseover=x>January 8",
            source="<svg onload=alert(2)>",
        )  # fmt: skip
    )
    assert "<script" not in text and "<img" not in text and "<svg" not in text
    assert "<b onmouseover" not in text
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; &amp; more" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    # what is left is only the label's own markup
    for tag in text.replace("<br>", "").replace("<b>", "").replace("</b>", "").split("<")[1:]:
        assert tag.startswith(("i>", "/i>", "span style='font-size:11px'>", "/span>"))


def test_hover_text_trims_and_wraps_long_sentences():
    sentence = " ".join(["word"] * 200)
    text = hover_text(event(1, D(2020, 1, 8), sentence=sentence))
    body = text.split("<br>")
    sentence_lines = [line for line in body if line.startswith("word")]
    assert sum(len(line) + 1 for line in sentence_lines) <= SENTENCE_CHARS + 2
    assert sentence_lines[-1].endswith("…")
    assert all(len(line) <= 72 for line in sentence_lines)


def test_hover_text_never_cuts_an_entity():
    sentence = "&" * 300
    text = hover_text(event(1, D(2020, 1, 8), sentence=sentence))
    assert "&amp" not in text.replace("&amp;", "")


def test_shaping_modules_do_not_import_plotly():
    # the data is shaped without plotly; only figure.py and render.py draw
    modules = (
        "axis, chart, density, events, headline, hover, items, labels, lod, markdown, "
        "placement, text"
    )
    code = f"import sys; from timeline.present import {modules}; assert 'plotly' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# lanes by year, large charts -------------------------------------------------------------


def test_lanes_by_year_in_order_with_bc_years():
    events = [*seed_events(), event(9, D(-43, 3, 15)), event(10, D(79, 8, 24))]
    lanes = chart_data(events, group_by="year").lanes
    assert [lane.label for lane in lanes] == ["44 BC", "AD 79", "1980", "2003", "2018", "2020"]
    assert [lane.count for lane in lanes] == [1, 1, 1, 1, 1, 4]


def test_a_large_chart_has_an_overview_and_leaves_hover_labels_to_the_page():
    start = D(2000, 1, 1)
    events = [event(i + 1, start + i) for i in range(LARGE_MARKS + 1)]
    data = chart_data(events)
    assert data.large and data.mark_count == LARGE_MARKS + 1
    assert data.traces[0].hover == ()  # built in the page from data.citations
    assert len(data.citations["events"]) == LARGE_MARKS + 1
    assert data.overview is not None and sum(data.overview.totals) == LARGE_MARKS + 1
    assert data.overview.unit == "month"  # 5,000 days is over the strip's 600 bins
    assert data.data_end == pytest.approx(decimal_year(start + LARGE_MARKS, 1.0))
    small = chart_data(seed_events())
    assert not small.large and small.overview is None and all(t.hover for t in small.traces)


# density ---------------------------------------------------------------------------------


def test_histogram_counts_precise_events_in_their_bin_and_longer_ones_where_they_start():
    hist = histogram_data(seed_events(), unit="year")
    assert hist.unit == "year" and hist.event_count == 7
    by_label = dict(zip(hist.labels, zip(hist.within, hist.longer, strict=True), strict=True))
    # 1980-1988 is longer than a year: counted once, in 1980, apart from precise events
    assert by_label == {"1980": (0, 1), "2003": (1, 0), "2018": (1, 0), "2020": (4, 0)}
    i = hist.labels.index("2020")
    assert (hist.x0[i], hist.x1[i]) == (2020.0, pytest.approx(2021.0))
    monthly = histogram_data(seed_events(), unit="month")
    assert "Jan 2020" in monthly.labels and "Oct 2018" in monthly.labels
    late_2018 = monthly.labels.index("Oct 2018")
    assert (monthly.within[late_2018], monthly.longer[late_2018]) == (0, 1)
    assert sum(monthly.totals) == 7


def test_histogram_unit_is_the_finest_within_the_bin_limit():
    day, week = D(2020, 7, 21), D(2020, 7, 27)
    assert histogram_data([event(1, day), event(2, week)]).unit == "day"
    assert bin_unit(D(2000, 1, 1), D(2020, 1, 1), max_bins=300) == "month"
    assert bin_unit(D(1500, 1, 1), D(2020, 1, 1)) == "year"
    days = histogram_data([event(1, day), event(2, day), event(3, week)], unit="day")
    assert days.labels == ("21 Jul 2020", "27 Jul 2020") and days.within == (2, 1)
    assert histogram_data([]).empty
    with pytest.raises(ValueError, match="unit"):
        histogram_data(seed_events(), unit="week")  # type: ignore[arg-type]


def test_histogram_of_bc_years():
    hist = histogram_data([event(1, D(-43, 3, 15)), event(2, D(-43, 3, 16))], unit="year")
    assert hist.labels == ("44 BC",) and hist.within == (2,)
    assert hist.x0 == (-43.0,)


def test_histogram_hover_says_what_was_counted():
    assert histogram_hover("Jul 2020", "month", 3, 1) == (
        "<b>Jul 2020</b>: 4 events<br>3 events dated within the month<br>"
        "1 longer period or range starting in it"
    )
    assert histogram_hover("<x>", "day", 1, 0) == (
        "<b>&lt;x&gt;</b>: 1 event<br>1 event dated within the day"
    )


# citations -------------------------------------------------------------------------------


def test_citation_table_lists_each_article_once_in_plain_text():
    events = [
        event(1, D(2020, 1, 8), sentence="A <b>bold</b>  claim.", title="T & U", source="AP"),
        event(2, D(2020, 1, 9), sentence="Another.", title="T & U", source="AP"),
    ]
    data = citation_table(events)
    label, date, line, reports = data["events"]["1"]
    assert (date, line) == ("8 January 2020", "2020-01-08 · day")
    assert label == "<b>bold</b> claim"  # plain text (the page escapes it), no article
    assert reports == [["1", "A <b>bold</b> claim.", "July 21"]]
    assert data["articles"] == {"1": ["AP", "T & U", "2020-07-22", ""]}
    assert set(data["events"]) == {"1", "2"}


def test_citation_table_cites_every_report_of_an_event():
    row = event(7, D(2020, 1, 8), sentence="Missiles hit the base on Wednesday.",
                expression="Wednesday")  # fmt: skip
    row["reported"] = [
        {"article_id": 3, "source": "AFP", "title": "Strikes", "published": "2020-01-08",
         "url": "https://afp.example/1", "sentence": "Missiles hit the base.",
         "expression": "Wednesday"},
        {"article_id": 4, "source": "AP", "title": "Base hit", "published": "2020-01-09",
         "url": None, "sentence": "Iran fired missiles on January 8.", "expression": "January 8"},
    ]  # fmt: skip
    data = citation_table([row])
    label, _, _, reports = data["events"]["7"]
    assert label == "Missiles hit base"
    assert reports == [
        ["3", "Missiles hit the base.", "Wednesday"],
        ["4", "Iran fired missiles on January 8.", "January 8"],
    ]
    assert data["articles"]["4"] == ["AP", "Base hit", "2020-01-09", ""]
    hover = event_hover(data["events"]["7"], data["articles"])
    assert "2 reports in 2 articles" in hover and "<i>AFP</i>" in hover and "<i>AP</i>" in hover


def test_open_ended_dates_do_not_stretch_the_axis():
    from timeline.calendar import MAX_DAY, MIN_DAY, day_number

    def event(i, lower, upper, mod=None):
        return {
            "id": i,
            "lower": lower,
            "upper": upper,
            "start": "",
            "end": "",
            "value": "v",
            "mod": mod,
            "granularity": "year",
            "expression": "e",
            "sentence": "s",
            "article_id": 1,
            "title": "t",
            "source": "S",
            "published": None,
            "url": None,
        }

    rows = [
        event(1, day_number(-43, 3, 15), day_number(-43, 3, 15)),
        event(2, day_number(79, 8, 24), day_number(79, 8, 24)),
        event(3, MIN_DAY, day_number(70, 12, 31), "BEFORE"),
        event(4, day_number(50, 1, 1), MAX_DAY, "AFTER"),
    ]
    data = chart_data(rows)
    assert -200 < data.x_range[0] < -43 and 79 < data.x_range[1] < 300
    hist = histogram_data(rows)
    assert -200 < hist.x_range[0] < -43 and 79 < hist.x_range[1] < 300


def test_a_stored_open_side_is_read_first_and_old_spans_still_reach_the_edge():
    from timeline.calendar import MAX_DAY as EDGE_AFTER
    from timeline.present.events import open_bound, open_side

    day = day_number(2011, 3, 19)
    stored = {"lower": day, "upper": day, "mod": "BEFORE", "open": "before"}
    assert (open_side(stored), open_bound(stored)) == ("before", day)
    # a closed day stored with a mod: no arrow from it
    assert open_side({"lower": day, "upper": day, "mod": "APPROX", "open": None}) is None
    # a span to the edge of the calendar that no migration could read is open all the same
    edge = {"lower": day, "upper": EDGE_AFTER, "mod": None, "open": None}
    assert (open_side(edge), open_bound(edge)) == ("after", day)
