"""Scoring, JSON Lines reading and batch tagging (timeline.evaluate), on hand-made documents."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from timeline.evaluate import scoring as evaluate
from timeline.evaluate.scoring import (
    JsonlProblem,
    align,
    format_errors,
    format_scores_table,
    parse_jsonl,
    read_jsonl,
    score_documents,
    tag_document,
    tag_documents,
)
from timeline.tagger.timex import TagResult, Timex


def tx(text: str, piece: str, type_: str, value: str) -> dict[str, Any]:
    """A timex dict for the first occurrence of ``piece`` in ``text``."""
    start = text.index(piece)
    return {
        "start": start,
        "end": start + len(piece),
        "text": piece,
        "type": type_,
        "value": value,
        "mod": None,
    }


def span(start: int, end: int, type_: str = "DATE", value: str = "X") -> dict[str, Any]:
    return {"start": start, "end": end, "type": type_, "value": value}


TEXT = "He left on Monday morning and came back the next week in 1998."
GOLD = {
    "doc_id": "d1",
    "dct": "1998-01-08",
    "text": TEXT,
    "timexes": [
        tx(TEXT, "Monday morning", "TIME", "1998-01-05TMO"),
        tx(TEXT, "the next week", "DATE", "1998-W03"),
        tx(TEXT, "1998", "DATE", "1998"),
    ],
}
SYSTEM = {
    **GOLD,
    "timexes": [
        tx(TEXT, "Monday", "DATE", "1998-01-05"),  # relaxed only; type and value wrong
        tx(TEXT, "next week", "DATE", "1998-W03"),  # relaxed only; type and value right
        tx(TEXT, "1998", "DATE", "1998"),  # strict
        tx(TEXT, "came", "DURATION", "PXD"),  # spurious
    ],
}


def approx(x: Fraction) -> Any:
    return pytest.approx(float(x))


class TestScores:
    def test_counts_and_measures(self) -> None:
        s = score_documents([GOLD], [SYSTEM])
        assert (s.gold, s.predicted, s.strict, s.relaxed) == (3, 4, 1, 3)
        assert (s.type_correct, s.value_correct) == (2, 2)
        assert (s.documents, s.missing_documents, s.extra_documents) == (1, 0, 0)
        assert s.strict_precision == approx(Fraction(1, 4))
        assert s.strict_recall == approx(Fraction(1, 3))
        assert s.strict_f1 == approx(Fraction(2, 7))
        assert s.relaxed_precision == approx(Fraction(3, 4))
        assert s.relaxed_recall == 1.0
        assert s.relaxed_f1 == approx(Fraction(6, 7))
        assert s.type_accuracy == approx(Fraction(2, 3))
        assert s.value_accuracy == approx(Fraction(2, 3))
        assert s.value_precision == approx(Fraction(1, 2))
        assert s.value_recall == approx(Fraction(2, 3))
        assert s.value_f1 == approx(Fraction(4, 7))

    def test_value_f1_is_value_accuracy_times_relaxed_f1(self) -> None:
        s = score_documents([GOLD], [SYSTEM])
        assert s.value_f1 == pytest.approx(s.value_accuracy * s.relaxed_f1)

    def test_per_type(self) -> None:
        by_type = {t.type: t for t in score_documents([GOLD], [SYSTEM]).by_type}
        assert list(by_type) == ["DATE", "TIME", "DURATION"]
        time, date, duration = by_type["TIME"], by_type["DATE"], by_type["DURATION"]
        assert (time.gold, time.predicted, time.matched_gold, time.matched_predicted) == (
            1,
            0,
            1,
            0,
        )
        assert (time.type_correct, time.value_correct) == (0, 0)
        assert (date.gold, date.predicted, date.matched_gold, date.matched_predicted) == (
            2,
            3,
            2,
            3,
        )
        assert (date.type_correct, date.value_correct) == (2, 2)
        assert date.relaxed_recall == 1.0 and date.value_accuracy == 1.0
        assert (duration.gold, duration.predicted, duration.matched_predicted) == (0, 1, 0)
        assert duration.relaxed_precision == 0.0

    def test_perfect_system(self) -> None:
        s = score_documents([GOLD], [GOLD])
        for name in evaluate.METRICS:
            assert getattr(s, name) == 1.0, name

    def test_no_timexes_anywhere_gives_zeros_not_errors(self) -> None:
        doc = {"doc_id": "x", "text": "nothing", "timexes": []}
        s = score_documents([doc], [doc])
        assert s.relaxed_f1 == 0.0 and s.value_accuracy == 0.0 and s.by_type == ()

    def test_value_compare_is_exact_string(self) -> None:
        gold = {"doc_id": "v", "text": "in January", "timexes": [span(3, 10, value="1998-01")]}
        system = {**gold, "timexes": [span(3, 10, value="1998-01-XX")]}
        s = score_documents([gold], [system])
        assert (s.strict, s.value_correct) == (1, 0)

    def test_missing_system_doc_counts_as_all_missed(self) -> None:
        other = {"doc_id": "d2", "dct": None, "text": "1999", "timexes": [span(0, 4)]}
        s = score_documents([GOLD, other], [SYSTEM])
        assert (s.documents, s.missing_documents) == (2, 1)
        assert (s.gold, s.predicted, s.relaxed) == (4, 4, 3)
        assert s.relaxed_recall == approx(Fraction(3, 4))

    def test_system_only_doc_is_ignored(self) -> None:
        extra = {"doc_id": "zz", "text": "1999", "timexes": [span(0, 4)]}
        s = score_documents([GOLD], [extra, SYSTEM])
        assert s.extra_documents == 1
        assert s.predicted == 4

    def test_documents_matched_by_id_not_position(self) -> None:
        other = {"doc_id": "d2", "text": "1999", "timexes": [span(0, 4)]}
        assert score_documents([GOLD, other], [other, SYSTEM]).relaxed == 4

    def test_duplicate_doc_id_is_an_error(self) -> None:
        with pytest.raises(ValueError, match="duplicate doc_id 'd1' in system"):
            score_documents([GOLD], [SYSTEM, SYSTEM])

    def test_as_dict_is_json_ready(self) -> None:
        d = score_documents([GOLD], [SYSTEM]).as_dict()
        assert d["strict"] == 1 and d["relaxed_f1"] == pytest.approx(6 / 7)
        assert d["by_type"]["TIME"]["matched_gold"] == 1
        json.dumps(d)

    def test_table(self) -> None:
        table = format_scores_table(score_documents([GOLD], [SYSTEM]))
        lines = table.splitlines()
        assert lines[1].split() == ["strict", "25.0", "33.3", "28.6"]
        assert lines[2].split() == ["relaxed", "75.0", "100.0", "85.7"]
        assert lines[3].split() == ["value", "50.0", "66.7", "57.1"]
        assert "type accuracy    66.7" in table
        assert "gold 3, predicted 4, strict 1, relaxed 3" in table
        assert any(line.split()[:3] == ["TIME", "1", "0"] for line in lines)


class TestAlign:
    def test_one_system_span_covering_two_gold_matches_one(self) -> None:
        a = align([span(0, 5), span(6, 10)], [span(0, 10)])
        assert a.relaxed == ((0, 0),) and a.missed == (1,) and a.spurious == ()
        assert a.strict == ()

    def test_two_system_spans_inside_one_gold_match_one(self) -> None:
        a = align([span(0, 13)], [span(0, 8), span(9, 13)])
        assert a.relaxed == ((0, 0),) and a.spurious == (1,)

    def test_touching_spans_do_not_overlap(self) -> None:
        a = align([span(0, 5)], [span(5, 9)])
        assert a.relaxed == () and a.missed == (0,) and a.spurious == (0,)

    def test_exact_span_preferred(self) -> None:
        a = align([span(2, 8)], [span(0, 7), span(2, 8)])
        assert a.strict == ((0, 1),) and a.relaxed == ((0, 1),) and a.spurious == (0,)

    def test_larger_overlap_preferred(self) -> None:
        a = align([span(0, 10)], [span(0, 3), span(2, 9)])
        assert a.relaxed == ((0, 1),)

    def test_matching_is_maximal_not_greedy(self) -> None:
        # greedy by overlap would pair gold 0 with system 0 (overlap 10) and match nothing else
        a = align([span(0, 10), span(10, 12)], [span(0, 11), span(1, 5)])
        assert a.relaxed == ((0, 1), (1, 0))
        assert a.missed == () and a.spurious == ()

    def test_strict_pairs_are_one_to_one(self) -> None:
        a = align([span(0, 4)], [span(0, 4), span(0, 4)])
        assert a.strict == ((0, 0),) and len(a.relaxed) == 1


class TestJsonl:
    def test_bad_lines_reported_with_line_numbers(self) -> None:
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
        ]
        docs, problems = parse_jsonl(lines)
        assert [d["doc_id"] for d in docs] == ["a", "e"]
        assert [p.line for p in problems] == [2, 3, 4, 5, 6, 7, 8, 9, 11]
        messages = {p.line: p.message for p in problems}
        assert messages[2] == "empty line"
        assert messages[3].startswith("invalid JSON")
        assert messages[4] == "missing key(s): timexes"
        assert messages[5] == "expected a JSON object, got list"
        assert messages[6] == "duplicate doc_id 'a' (first on line 1)"
        assert messages[7] == "timex 0: missing key(s): type, value"
        assert messages[8] == "timex 0: bad span 3..1"
        assert messages[9] == "doc_id must be a string"
        assert messages[11] == "timex 0: span 0..5 beyond the text (4 chars)"
        assert str(problems[0]) == "line 2: empty line"

    def test_read_file(self, tmp_path) -> None:
        path = tmp_path / "gold.jsonl"
        path.write_text(
            json.dumps(GOLD) + "\n\n" + "oops\n" + json.dumps(SYSTEM | {"doc_id": "d2"}) + "\n",
            encoding="utf-8",
        )
        docs, problems = read_jsonl(path)
        assert [d["doc_id"] for d in docs] == ["d1", "d2"]
        assert [p.line for p in problems] == [2, 3]
        assert isinstance(problems[0], JsonlProblem)

    def test_documents_to_tag_need_no_timexes(self) -> None:
        docs, problems = parse_jsonl(['{"doc_id": "a", "text": "x"}'], required=("doc_id", "text"))
        assert len(docs) == 1 and problems == []

    def test_write_round_trip(self, tmp_path) -> None:
        path = tmp_path / "out.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            assert evaluate.write_jsonl([GOLD, {**GOLD, "doc_id": "é"}], f) == 2
        docs, problems = read_jsonl(path)
        assert problems == [] and docs[1]["doc_id"] == "é" and docs[0] == GOLD


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


class TestMain:
    def write(self, path, docs) -> str:
        path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        return str(path)

    def test_with_system_file(self, tmp_path, capsys) -> None:
        gold = self.write(tmp_path / "g.jsonl", [GOLD])
        system = self.write(tmp_path / "s.jsonl", [SYSTEM])
        assert evaluate.main([gold, "--system", system]) == 0
        out = capsys.readouterr().out
        assert "relaxed      75.0  100.0   85.7" in out

    def test_tags_gold_when_no_system(self, tmp_path, capsys, monkeypatch) -> None:
        monkeypatch.setattr(evaluate, "_default_tagger", StandIn)
        gold = self.write(tmp_path / "g.jsonl", [GOLD])
        saved = tmp_path / "out.jsonl"
        assert evaluate.main([gold, "--json", "--write-system", str(saved)]) == 0
        scores = json.loads(capsys.readouterr().out)
        assert (scores["gold"], scores["predicted"], scores["relaxed"]) == (3, 1, 0)
        assert read_jsonl(saved)[0][0]["timexes"][0]["text"] == "He l"

    def test_bad_lines_go_to_stderr(self, tmp_path, capsys) -> None:
        gold = tmp_path / "g.jsonl"
        gold.write_text(json.dumps(GOLD) + "\n{oops\n", encoding="utf-8")
        system = self.write(tmp_path / "s.jsonl", [SYSTEM])
        assert evaluate.main([str(gold), "--system", system, "--errors"]) == 0
        captured = capsys.readouterr()
        assert f"{gold}: line 2: invalid JSON" in captured.err
        assert "missed" not in captured.out and "spurious  'came'" in captured.out

    def test_unreadable_file(self, tmp_path, capsys) -> None:
        assert evaluate.main([str(tmp_path / "nope.jsonl")]) == 1
        assert "cannot read" in capsys.readouterr().err


def test_format_errors_lists_each_kind() -> None:
    report = format_errors([GOLD], [SYSTEM]).splitlines()
    assert report[0] == "d1 (dct 1998-01-08)"
    kinds = [line.split()[0] for line in report[1:]]
    assert kinds == ["spurious", "span+type+value", "span"]
    assert format_errors([GOLD], [SYSTEM], limit=1).splitlines()[-1].startswith("... (stopped")


@functools.cache
def load_bench(name: str = "peers") -> ModuleType:
    """bench/*.py are scripts, not package modules: load one from its path."""
    path = Path(__file__).resolve().parents[2] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve annotations through sys.modules, so register before executing
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class TestPeerHelpers:
    """The bench's conversions of peer outputs to timexes (HeidelTime TimeML, dateparser)."""

    HEAD = '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'

    def test_timeml_offsets_with_unescaped_text_and_leading_newlines(self) -> None:
        peers = load_bench()
        text = "\n\nAT&T <x> said Tuesday & next year.\n"
        timeml = (
            self.HEAD + '\n\nAT&T <x> said <TIMEX3 tid="t1" type="DATE" value="1998-02-10">'
            'Tuesday</TIMEX3> & <TIMEX3 tid="t2" type="DATE" value="1999" mod="START">next '
            "year</TIMEX3>.\n\n</TimeML>\n"
        )
        parsed = peers.timeml_to_timexes(timeml, text)
        assert not parsed.text_differs and parsed.mismatches == 0
        assert [(t["text"], t["value"], t["mod"]) for t in parsed.timexes] == [
            ("Tuesday", "1998-02-10", None),
            ("next year", "1999", "START"),
        ]
        for t in parsed.timexes:
            assert text[t["start"] : t["end"]] == t["text"]

    def test_timeml_text_that_differs_is_aligned(self) -> None:
        peers = load_bench()
        text = "\n\nOn Tuesday it fell."
        timeml = self.HEAD + 'On <TIMEX3 type="DATE" value="X">Tuesday</TIMEX3> it fell.\n</TimeML>'
        parsed = peers.timeml_to_timexes(timeml, text)
        assert parsed.text_differs and parsed.mismatches == 0
        assert text[parsed.timexes[0]["start"] : parsed.timexes[0]["end"]] == "Tuesday"

    def test_dateparser_strings_located_in_order(self) -> None:
        peers = load_bench()
        text = "Tuesday, then Tuesday again, and never."
        timexes, unlocated = peers.locate_in_order(
            text, [("Tuesday", "A"), ("Tuesday", "B"), ("Friday", "C")]
        )
        assert [(t["start"], t["value"]) for t in timexes] == [(0, "A"), (14, "B")]
        assert unlocated == 1

    def test_period_values(self) -> None:
        peers = load_bench()
        when = dt.datetime(1998, 8, 7, 10, 35)
        assert [peers.period_value(when, p) for p in ("year", "month", "week", "time", "day")] == [
            "1998",
            "1998-08",
            "1998-W32",
            "1998-08-07T10:35",
            "1998-08-07",
        ]


def _timex(text: str, doc_text: str, value: str) -> dict:
    start = doc_text.index(text)
    return {"start": start, "end": start + len(text), "text": text, "type": "DATE", "value": value}


class TestAnnotationConsistency:
    """bench/annotation_consistency.py: DCT-relative readings, span conventions, artifacts."""

    def test_values_relative_to_the_dct(self) -> None:
        relative = load_bench("annotation_consistency").relative
        dct = date(1989, 11, 2)  # a Thursday in 1989-Q4, ISO week 44
        assert relative("1989-11-01", dct) == "D-1"
        assert relative("1989-W43", dct) == "W-1"
        assert relative("1989-WXX", dct) == "Y+0-WXX"
        assert relative("1988-Q3", dct) == "Q-5"
        assert relative("1988", dct) == "Y-1"
        assert relative("1989-10", dct) == "M-1"
        assert relative("PRESENT_REF", dct) == "PRESENT_REF"

    def test_span_conventions_and_artifacts(self) -> None:
        bench = load_bench("annotation_consistency")
        text = "In the past three years and early 1990, then next week. At 10 p.m. it ended."
        doc = {
            "doc_id": "d",
            "text": text,
            "timexes": [
                _timex("past three years", text, "P3Y"),  # "the" left outside
                _timex("early 1990", text, "1990"),  # "early" inside
                _timex("next week.", text, "1990-W02"),  # the full stop inside
                _timex("10 p.m", text, "1990-01-01T22:00"),  # the last dot cut off
            ],
        }
        assert bench.span_conventions([doc]) == {"the": (0, 1), "early": (1, 0)}
        assert list(bench.span_artifacts(doc)) == ["next week.", "10 p.m"]

    def test_contradictions_between_words_and_values(self) -> None:
        bench = load_bench("annotation_consistency")
        text = "On Tuesday, and on Sept. 27, 1989, and in 1988."
        doc = {
            "doc_id": "d",
            "text": text,
            "timexes": [
                _timex("Tuesday", text, "1999-02-08"),  # a Monday
                _timex("Sept. 27, 1989", text, "1989-11-27"),
                _timex("1988", text, "1998"),
            ],
        }
        kinds = [kind for kind, _, _ in bench.contradictions(doc)]
        assert kinds == ["weekday", "month", "year"]
