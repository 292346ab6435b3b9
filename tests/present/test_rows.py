import json

from timeline.present.chronology import date_label, markdown_chronology
from timeline.present.rows import format_rows

ROWS = [
    {"id": 1, "name": "a|b", "note": "x " * 50},
    {"id": 2, "name": None, "note": "line\nbreak"},
]


def test_table_aligns_and_cuts_long_cells():
    out = format_rows(ROWS, "table", columns=("id", "name", "note"), widths={"note": 10})
    assert out.splitlines() == [
        "id  name  note",
        "--  ----  ----------",
        "1   a|b   x x x x x…",
        "2         line break",
    ]


def test_json_csv_nljson_md():
    cols = ("id", "name")
    assert json.loads(format_rows(ROWS, "json", columns=cols)) == [
        {"id": 1, "name": "a|b"},
        {"id": 2, "name": None},
    ]
    assert format_rows(ROWS, "csv", columns=cols) == "id,name\n1,a|b\n2,"
    assert format_rows(ROWS, "nl-json", columns=cols).splitlines() == [
        '{"id": 1, "name": "a|b"}',
        '{"id": 2, "name": null}',
    ]
    assert format_rows(ROWS, "md", columns=cols).splitlines() == [
        "| id | name |",
        "|---|---|",
        "| 1 | a\\|b |",
        "| 2 |  |",
    ]


def _event(**kw):
    base = {
        "start": "2020-07-21",
        "end": "2020-07-21",
        "value": "2020-07-21",
        "granularity": "day",
        "mod": None,
        "sentence": "Khamenei met Kadhimi.",
        "article_id": 1,
        "title": "T",
        "source": "AFP",
        "published": "2020-07-21",
        "url": None,
    }
    return base | kw


def test_date_labels():
    assert date_label(_event()) == "21 July 2020"
    assert date_label(_event(start="1980-01-01", end="1988-12-31", value="1980/1988")) == (
        "1980 – 1988"
    )
    late = _event(
        start="2018-09-01", end="2018-12-31", value="2018", mod="LATE", granularity="year"
    )
    assert date_label(late) == "late 2018"


def test_markdown_chronology_groups_and_cites():
    rows = [_event(), _event(article_id=2, source="Al-Monitor", title="U", url="http://x")]
    assert markdown_chronology(rows).splitlines() == [
        "# Chronology",
        "",
        "## 2020",
        "",
        "### 21 July 2020",
        "",
        "- Khamenei met Kadhimi. [1]",
        "- Khamenei met Kadhimi. [2]",
        "",
        "## Sources",
        "",
        "1. AFP, “T”, 21 July 2020",
        "2. Al-Monitor, “U”, 21 July 2020, <http://x>",
    ]
