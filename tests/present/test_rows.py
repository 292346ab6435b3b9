import json

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
