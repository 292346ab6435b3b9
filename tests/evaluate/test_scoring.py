"""Scoring (timeline.evaluate.scoring) on hand-made documents, and the peers benchmark's
adapters."""

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

from timeline.evaluate.scoring import (
    METRICS,
    align,
    format_errors,
    format_scores_table,
    score_documents,
)

from helpers import GOLD, SYSTEM, span


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
        for name in METRICS:
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


class TestTimex2Notation:
    """TIMEX2 gold (WikiWars) scored fairly: the same value in the other notation agrees."""

    @pytest.mark.parametrize(
        ("value", "timex_type", "expected"),
        [
            ("BC0216", "DATE", "-0215"),  # 216 BC: astronomical year -215
            ("BC0001", "DATE", "0000"),  # 1 BC is year 0
            ("BC0044-03-15", "DATE", "-0043-03-15"),
            ("BC08", "DATE", "-08"),  # a BC century keeps its digits
            ("P2CE", "DURATION", "P2C"),
            ("P1DE", "DURATION", "P1E"),
            ("P3ML", "DURATION", "P3L"),
            ("XXXX-XX-XX", "SET", "P1D"),  # "daily"
            ("XXXX", "SET", "P1Y"),  # "annually"
            ("XXXX-XX-XX", "DATE", "XXXX-XX-XX"),  # only a set's placeholder is a period
            ("1918-08-XXTDT", "SET", "1918-08-XXTDT"),
            ("-0215", "DATE", "-0215"),
            ("P1D", "DURATION", "P1D"),
            ("PRESENT_REF", "DATE", "PRESENT_REF"),
        ],
    )
    def test_comparable_value(self, value: str, timex_type: str, expected: str) -> None:
        from timeline.evaluate.scoring import comparable_value

        assert comparable_value(value, timex_type) == expected

    def test_bc_values_written_either_way_score_equal(self) -> None:
        gold = {
            "doc_id": "w",
            "text": "in 216 BC",
            "timexes": [span(3, 9, "DATE", "BC0216")],
        }
        system = {"doc_id": "w", "timexes": [span(3, 9, "DATE", "-0215")]}
        scores = score_documents([gold], [system])
        assert scores.value_correct == 1
        assert format_errors([gold], [system]) == ""
