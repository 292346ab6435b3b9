"""Reading and tagging corpora (timeline.evaluate.corpus), and the `timeline eval` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import cli
from timeline.evaluate.corpus import read_documents, tag_document, tag_documents, write_jsonl
from timeline.tagger.timex import TagResult, Timex

from helpers import GOLD, SYSTEM, span


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


class TestReading:
    def test_bad_lines_reported_with_line_numbers(self, tmp_path) -> None:
        good = json.dumps({"doc_id": "a", "text": "x", "timexes": []})
        lines = [
            good,
            "",
            "{not json",
            json.dumps({"doc_id": "b", "text": "x"}),
            json.dumps([1, 2]),
            good,
            json.dumps({"doc_id": "c", "text": "1999", "timexes": [{"start": 0, "end": 4}]}),
            json.dumps({"doc_id": "d", "text": "1999", "timexes": [span(3, 1)]}),
            json.dumps({"doc_id": 5, "text": "x", "timexes": []}),
            json.dumps({"doc_id": "e", "text": "1999", "timexes": [span(0, 4)]}),
            json.dumps({"doc_id": "f", "text": "1999", "timexes": [span(0, 5)]}),
            "[" * 100_000,  # nested too deeply for the JSON parser's recursion
        ]
        path = write(tmp_path / "gold.jsonl", lines)
        docs, problems = read_documents(path)
        assert [d["doc_id"] for d in docs] == ["a", "e"]
        # a blank line is passed over, as ingest does: one reader, one behaviour
        assert [p.line for p in problems] == [3, 4, 5, 6, 7, 8, 9, 11, 12]
        messages = {p.line: p.message for p in problems}
        assert messages[3].startswith("bad JSON: Expecting property name")
        assert messages[4] == "missing key(s): timexes"
        assert messages[5] == "expected a JSON object, not an array"
        assert messages[6] == "duplicate doc_id 'a' (first on line 1)"
        assert messages[7] == "timex 0: missing key(s): type, value"
        assert messages[8] == "timex 0: bad span 3..1"
        assert messages[9] == "doc_id must be a string"
        assert messages[11] == "timex 0: span 0..5 beyond the text (4 chars)"
        assert messages[12] == "bad JSON: nested too deeply"
        assert str(problems[0]) == f"{path}:3: {messages[3]}"

    def test_damaged_utf8_line_is_reported_and_the_others_kept(self, tmp_path) -> None:
        path = tmp_path / "gold.jsonl"
        good = json.dumps(
            {"doc_id": "a", "text": "café crème à Noël", "timexes": []}, ensure_ascii=False
        )
        first = good.encode() + b"\n"
        bad = b'{"doc_id": "b", "text": "caf\xe9", "timexes": []}\n'
        path.write_bytes(first + bad)
        docs, problems = read_documents(path)
        assert [d["doc_id"] for d in docs] == ["a"]
        offset = len(first) + bad.index(b"\xe9")
        assert [(p.line, p.message) for p in problems] == [
            (2, f"not UTF-8 text (byte 0xe9 at offset {offset})")
        ]

    def test_documents_to_tag_need_no_timexes(self, tmp_path) -> None:
        path = write(tmp_path / "in.jsonl", ['{"doc_id": "a", "text": "x"}'])
        docs, problems = read_documents(path, required=("doc_id", "text"))
        assert len(docs) == 1 and problems == []

    def test_write_round_trip(self, tmp_path) -> None:
        path = tmp_path / "out.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            assert write_jsonl([GOLD, {**GOLD, "doc_id": "é"}], f) == 2
        docs, problems = read_documents(path)
        assert problems == [] and docs[1]["doc_id"] == "é" and docs[0] == GOLD
        assert isinstance(read_documents(tmp_path / "out.jsonl")[1], list)


class StandIn:
    """Records its calls and returns one DATE timex on the first four characters."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, str]] = []

    def __call__(self, text: str, dct: str | None = None, *, doc_type: str = "news") -> TagResult:
        self.calls.append((text, dct, doc_type))
        timex = Timex(0, 4, text[:4], "DATE", "1999", quant="EVERY")
        return TagResult(timexes=(timex,))


class TestTagging:
    def test_replaces_timexes_and_keeps_other_keys(self) -> None:
        tagger = StandIn()
        doc = {"doc_id": "a", "dct": "2000-01-01", "text": "1999 was", "source": "x", "timexes": []}
        out = tag_document(doc, tagger=tagger)
        assert out["timexes"] == [
            {
                "start": 0,
                "end": 4,
                "text": "1999",
                "type": "DATE",
                "value": "1999",
                "mod": None,
                "quant": "EVERY",
            }
        ]
        assert out["source"] == "x" and doc["timexes"] == []
        assert tagger.calls == [("1999 was", "2000-01-01", "news")]

    def test_document_type_choice(self) -> None:
        tagger = StandIn()
        docs = [
            {"doc_id": "a", "dct": "2000-01-01", "text": "t"},
            {"doc_id": "b", "dct": None, "text": "t"},
            {"doc_id": "c", "text": "t"},
            {"doc_id": "d", "dct": "2000-01-01", "type": "narrative", "text": "t"},
        ]
        out = list(tag_documents(docs, tagger=tagger))
        assert [d["doc_id"] for d in out] == ["a", "b", "c", "d"]
        assert [c[2] for c in tagger.calls] == ["news", "narrative", "narrative", "narrative"]
        tag_document(docs[0], doc_type="narrative", tagger=tagger)
        assert tagger.calls[-1][2] == "narrative"

    def test_tag_documents_streams(self) -> None:
        def endless():
            n = 0
            while True:
                n += 1
                yield {"doc_id": str(n), "text": "abcd"}

        stream = tag_documents(endless(), tagger=StandIn())
        assert next(stream)["doc_id"] == "1" and next(stream)["doc_id"] == "2"

    def test_real_tagger(self) -> None:
        tagger = pytest.importorskip("timeline.tagger")
        if not hasattr(tagger, "tag"):
            pytest.skip("timeline.tagger does not expose tag yet")
        doc = {"doc_id": "r", "dct": "1998-01-08", "text": "It rose on Tuesday.", "timexes": []}
        out = tag_document(doc)
        for timex in out["timexes"]:
            assert doc["text"][timex["start"] : timex["end"]] == timex["text"]


class TestEvalCommand:
    def test_with_system_file(self, tmp_path) -> None:
        gold = write(tmp_path / "g.jsonl", [json.dumps(GOLD)])
        system = write(tmp_path / "s.jsonl", [json.dumps(SYSTEM)])
        result = CliRunner().invoke(cli, ["eval", str(gold), "--system", str(system)])
        assert result.exit_code == 0, result.output
        assert "relaxed      75.0  100.0   85.7" in result.stdout

    def test_tags_gold_when_no_system(self, tmp_path, monkeypatch) -> None:
        monkeypatch.setattr("timeline.evaluate.corpus._default_tagger", StandIn)
        gold = write(tmp_path / "g.jsonl", [json.dumps(GOLD)])
        saved = tmp_path / "out.jsonl"
        args = ["eval", str(gold), "--format", "json", "--write-system", str(saved)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        scores = json.loads(result.stdout)
        assert (scores["gold"], scores["predicted"], scores["relaxed"]) == (3, 1, 0)
        assert read_documents(saved)[0][0]["timexes"][0]["text"] == "He l"
        assert result.stderr.startswith("tagged 1 document in ")

    def test_bad_lines_go_to_stderr(self, tmp_path) -> None:
        gold = write(tmp_path / "g.jsonl", [json.dumps(GOLD), "{oops", "[" * 100_000])
        system = write(tmp_path / "s.jsonl", [json.dumps(SYSTEM)])
        args = ["eval", str(gold), "--system", str(system), "--errors", "50"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output  # the others are scored all the same
        assert result.stderr.splitlines() == [
            f"{gold}:2: bad JSON: Expecting property name enclosed in double quotes (column 2)",
            f"{gold}:3: bad JSON: nested too deeply",
        ]
        assert "missed" not in result.stdout and "spurious  'came'" in result.stdout

    def test_system_options_that_need_tagging_are_refused(self, tmp_path) -> None:
        gold = write(tmp_path / "g.jsonl", [json.dumps(GOLD)])
        args = ["eval", str(gold), "--system", str(gold), "--type", "news"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and "not with --system" in result.output


def test_tag_jsonl_and_ingest_read_jsonl_alike(tmp_path) -> None:
    """The same bad line gets the same one-line answer from `tag --jsonl` and `ingest`."""
    lines = ['{"doc_id": "a", "text": "It rose in 1999."}', "[" * 100_000, "{oops"]
    corpus = write(tmp_path / "c.jsonl", lines)
    tagged = CliRunner().invoke(cli, ["tag", "--jsonl", str(corpus)])
    url = f"sqlite:///{tmp_path / 't.db'}"
    ingested = CliRunner().invoke(cli, ["--db", url, "ingest", str(corpus), "--workers", "1"])
    assert tagged.exit_code == ingested.exit_code == 1
    bad = [
        f"{corpus}:2: bad JSON: nested too deeply",
        f"{corpus}:3: bad JSON: Expecting property name enclosed in double quotes (column 2)",
    ]
    assert tagged.stderr.splitlines()[:2] == bad
    assert ingested.stderr.splitlines()[-2:] == [f"skipped {line}" for line in bad]
