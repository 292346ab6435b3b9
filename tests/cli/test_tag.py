"""`timeline tag --jsonl` and `timeline eval`: batch tagging and TempEval-3 scoring."""

from __future__ import annotations

import json

from click.testing import CliRunner

from timeline.cli import cli

DOCS = [
    {
        "doc_id": "a",
        "dct": "2020-07-21",
        "text": "They met on Tuesday and fought from 1980 to 1988.",
        "extra": 1,
    },
    {"doc_id": "b", "dct": None, "text": "The talks ended last month."},
]


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines))
    return path


def test_tag_jsonl_writes_timexes_and_reports_bad_lines(tmp_path):
    source = write_lines(
        tmp_path / "in.jsonl",
        [
            json.dumps(DOCS[0]),
            "",
            "{not json",
            json.dumps(DOCS[1]),
            json.dumps({"doc_id": "c", "dct": "2020-13-45", "text": "On Monday."}),
        ],
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["tag", "--jsonl", str(source), "--out", str(out)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [d["doc_id"] for d in lines] == ["a", "b"]
    assert lines[0]["extra"] == 1
    assert [(t["text"], t["type"], t["value"]) for t in lines[0]["timexes"]] == [
        ("Tuesday", "DATE", "2020-07-21"),
        ("1980", "DATE", "1980"),
        ("1988", "DATE", "1988"),
    ]
    first = lines[0]["timexes"][0]
    assert DOCS[0]["text"][first["start"] : first["end"]] == "Tuesday"
    assert lines[1]["timexes"][0]["text"] == "last month"
    assert lines[1]["timexes"][0]["value"].startswith("XXXX")  # no DCT: never today's date
    # the blank line 2 is passed over, as ingest does (one JSON Lines reader)
    assert result.stderr.splitlines() == [
        f"{source}:3: bad JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{source}:5: document 'c': dct must be an ISO date YYYY-MM-DD: month 13 does not exist",
        f"tagged 2 documents to {out}, 2 bad lines",
    ]


def test_tag_jsonl_reports_a_damaged_line_and_reads_a_bom(tmp_path):
    source = tmp_path / "in.jsonl"
    first = (
        b"\xef\xbb\xbf"
        + json.dumps(DOCS[0] | {"text": "Café crème à Noël."}, ensure_ascii=False).encode()
    )
    damaged = b'\n{"doc_id": "x", "dct": null, "text": "caf\xe9 on Monday"}\n'
    good = json.dumps({"doc_id": "b", "dct": "2020-07-21", "text": "We met on Monday."})
    source.write_bytes(first + damaged + good.encode() + b"\n")
    result = CliRunner().invoke(cli, ["tag", "--jsonl", str(source)])
    assert result.exit_code == 1
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["a", "b"]
    offset = len(first) + damaged.index(b"\xe9")
    assert result.stderr.splitlines() == [
        f"{source}:2: not UTF-8 text (byte 0xe9 at offset {offset})",
        "tagged 2 documents, 1 bad line",
    ]


def test_eval_scores_a_system_file_exactly(tmp_path):
    gold = {
        "doc_id": "a",
        "dct": "2020-07-21",
        "text": "They met on Tuesday in 2019.",
        "timexes": [
            {
                "start": 12,
                "end": 19,
                "text": "Tuesday",
                "type": "DATE",
                "value": "2020-07-21",
                "mod": None,
            },
            {"start": 23, "end": 27, "text": "2019", "type": "DATE", "value": "2019", "mod": None},
        ],
    }
    system = dict(
        gold,
        timexes=[
            {
                "start": 12,
                "end": 19,
                "text": "Tuesday",
                "type": "DATE",
                "value": "2020-07-14",
                "mod": None,
            },
            {
                "start": 20,
                "end": 27,
                "text": "in 2019",
                "type": "DATE",
                "value": "2019",
                "mod": None,
            },
        ],
    )
    gold_path = write_lines(tmp_path / "gold.jsonl", [json.dumps(gold)])
    system_path = write_lines(tmp_path / "system.jsonl", [json.dumps(system)])
    result = CliRunner().invoke(
        cli, ["eval", str(gold_path), "--system", str(system_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    # one exact match, one overlapping; one value right out of two
    assert (scores["gold"], scores["predicted"], scores["strict"], scores["relaxed"]) == (
        2,
        2,
        1,
        2,
    )
    assert (scores["strict_f1"], scores["relaxed_f1"]) == (0.5, 1.0)
    assert (scores["type_accuracy"], scores["value_accuracy"], scores["value_f1"]) == (
        1.0,
        0.5,
        0.5,
    )
    table = CliRunner().invoke(cli, ["eval", str(gold_path), "--system", str(system_path)])
    assert table.exit_code == 0
    assert table.output.splitlines()[:4] == [
        "                P      R     F1",
        "strict       50.0   50.0   50.0",
        "relaxed     100.0  100.0  100.0",
        "value        50.0   50.0   50.0",
    ]


GOLD_1980 = {
    "doc_id": "a",
    "dct": "2020-07-21",
    "text": "They fought from 1980 to 1988.",
    "timexes": [
        {"start": 17, "end": 21, "text": "1980", "type": "DATE", "value": "1980", "mod": None},
        {"start": 25, "end": 29, "text": "1988", "type": "DATE", "value": "1988", "mod": None},
    ],
}


def test_eval_tags_the_gold_texts_itself(tmp_path):
    gold_path = write_lines(tmp_path / "gold.jsonl", [json.dumps(GOLD_1980)])
    result = CliRunner().invoke(cli, ["eval", str(gold_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert (scores["strict_f1"], scores["value_f1"]) == (1.0, 1.0)


BAD_DCT = {"doc_id": "b", "dct": "2020-99-99", "text": "On Monday.", "timexes": []}
DCT_MESSAGE = "document 'b': dct must be an ISO date YYYY-MM-DD: month 99 does not exist"


def test_eval_reports_a_bad_document_and_scores_the_others(tmp_path):
    """As `tag --jsonl` does: one line per rejected line, the rest scored, exit status 1."""
    bad_type = {"doc_id": "c", "type": "poem", "text": "In 1999.", "timexes": []}
    gold_path = write_lines(
        tmp_path / "gold.jsonl",
        [json.dumps(GOLD_1980), json.dumps(BAD_DCT), "{oops", json.dumps(bad_type)],
    )
    saved = tmp_path / "system.jsonl"
    args = ["eval", str(gold_path), "--format", "json", "--write-system", str(saved)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    *rejected, summary = result.stderr.splitlines()
    assert rejected == [
        f"{gold_path}:2: {DCT_MESSAGE}",
        f"{gold_path}:3: bad JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{gold_path}:4: document 'c': doc_type must be one of ('news', 'narrative'), not 'poem'",
    ]
    assert summary.startswith("tagged 1 document in ")
    scores = json.loads(result.stdout)
    # the rejected documents are left out of the scores, not counted as missed
    assert (scores["documents"], scores["gold"], scores["strict_f1"], scores["value_f1"]) == (
        1,
        2,
        1.0,
        1.0,
    )
    assert [json.loads(line)["doc_id"] for line in saved.read_text().splitlines()] == ["a"]
    # `tag --jsonl` rejects the same lines with the same words
    tagged = CliRunner().invoke(cli, ["tag", "--jsonl", str(gold_path)])
    assert tagged.exit_code == 1
    assert tagged.stderr.splitlines() == [*rejected, "tagged 1 document, 3 bad lines"]


def test_eval_with_every_line_rejected_is_an_error_not_a_table_of_zeros(tmp_path):
    gold_path = write_lines(tmp_path / "gold.jsonl", [json.dumps(BAD_DCT)])
    result = CliRunner().invoke(cli, ["eval", str(gold_path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{gold_path}:1: {DCT_MESSAGE}",
        f"Error: {gold_path}: no document to score",
    ]
    empty = write_lines(tmp_path / "empty.jsonl", [])
    result = CliRunner().invoke(cli, ["eval", str(gold_path), "--system", str(empty)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{empty}: empty file",
        f"Error: {empty}: no document to score",
    ]


def test_eval_with_a_bad_system_line_scores_the_rest_and_exits_1(tmp_path):
    gold_path = write_lines(tmp_path / "gold.jsonl", [json.dumps(GOLD_1980)])
    system_path = write_lines(tmp_path / "system.jsonl", [json.dumps(GOLD_1980), "[1]"])
    args = ["eval", str(gold_path), "--system", str(system_path), "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{system_path}:2: expected a JSON object, not an array"]
    assert json.loads(result.stdout)["strict_f1"] == 1.0
