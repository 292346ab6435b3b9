"""Impossible or hostile dates and query arguments: a clear answer, never a crash."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from timeline.calendar import MAX_DAY, MIN_DAY
from timeline.cli import cli
from timeline.tagger import tag


@pytest.mark.parametrize(
    ("text", "expression", "reason"),
    [
        ("It happened on February 30, 2020.", "February 30, 2020", "2020-02 has no day 30"),
        ("They met on 31 April 2019.", "31 April 2019", "2019-04 has no day 31"),
        (
            "It began 1000000000 days ago.",
            "1000000000 days ago",
            "outside the supported range (9999 BC to AD 9999)",
        ),
        (
            "It was 5000000 years ago.",
            "5000000 years ago",
            "outside the supported range (9999 BC to AD 9999)",
        ),
    ],
)
def test_impossible_dates_are_left_unresolved_with_a_reason(text, expression, reason):
    (timex,) = [t for t in tag(text, "2020-07-21").timexes if t.text == expression]
    assert (timex.resolved, timex.lower, timex.upper, timex.reason) == (False, None, None, reason)


@pytest.mark.parametrize(
    "text",
    [
        "In the year 99999 it ends.",
        "Back in 99999 BC and 10000 BC.",
        "It began 10^9 days ago.",
        "1" * 10_000,
        "In " + "9" * 10_000 + " BC.",
        "from 1980 to " + "1" * 5000,
        "May " * 3000,
        "the " * 5000 + "1980s",
    ],
)
def test_hostile_text_keeps_bounds_in_range_and_is_fast(text):
    started = time.perf_counter()
    result = tag(text, "2020-07-21")
    assert time.perf_counter() - started < 5
    for t in result.timexes:
        assert text[t.start : t.end] == t.text
        if t.lower is not None:
            assert MIN_DAY <= t.lower <= t.upper <= MAX_DAY
        else:
            assert t.resolved is False or t.type in ("DURATION", "SET") or t.value.endswith("REF")


def test_unresolved_reasons_are_stored_and_shown(tmp_path):
    url = f"sqlite:///{tmp_path / 'h.db'}"
    article = tmp_path / "a.txt"
    article.write_text("Odd\n\nThe treaty was signed on February 30, 2020. It ended last month.\n")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["--db", url, "ingest", str(article), "--type", "news"]).exit_code == 0
    )
    shown = runner.invoke(cli, ["--db", url, "articles", "show", "1"]).output
    assert "[February 30, 2020 → 2020-02-30 unresolved: 2020-02 has no day 30]" in shown
    assert "unresolved: needs the publication date" in shown
    tagged = json.loads(
        runner.invoke(cli, ["tag", "on February 30, 2020", "--format", "json"]).output
    )
    assert tagged["timexes"][0]["reason"] == "2020-02 has no day 30"


# (words, events found: syntax characters are plain text, so "drone*" is the word drone;
#  None: engine-dependent, as PostgreSQL drops English stop words such as "and", "not")
SEARCHES = [
    ("'; DROP TABLE events; --", 0),
    ('" OR 1=1 --', 0),
    ("Robert'); DELETE FROM articles; --", 0),
    ("%' OR '1'='1", 0),
    ("NEAR(drone strike)", 0),
    ('"unbalanced', 0),
    ("drone*", 1),
    ("-drone", 1),
    ('"drone" "strike"', 1),
    ("drone AND NOT strike", None),
    ("\\", 0),
    ("\x00", 1),  # no words left: no text filter
    ("drone\x00", 1),
]


@pytest.mark.parametrize(("words", "found"), SEARCHES)
def test_text_search_is_literal_and_parameterized(db_url, tmp_path, words, found):
    article = tmp_path / "a.txt"
    article.write_text("Strike\n\nA drone strike hit the base on Sunday.\n")
    runner = CliRunner()
    runner.invoke(cli, ["--db", db_url, "ingest", str(article), "--published", "2020-07-21"])
    result = runner.invoke(cli, ["--db", db_url, "query", "--text", words, "--format", "json"])
    assert result.exit_code == 0, result.output
    if found is not None:
        assert len(json.loads(result.output)) == found
    after = runner.invoke(cli, ["--db", db_url, "query", "--text", "drone", "--format", "json"])
    assert len(json.loads(after.output)) == 1  # nothing was dropped or deleted


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2020-02-30"], "Error: bad date '2020-02-30': 2020-02 has no day 30"),
        (["--from", "99999"], "Error: bad date '99999'"),
        (["--from", "2021", "--to", "2020"], "Error: --from 2021 is after --to 2020"),
        (["--to", "'; DROP TABLE events; --"], "Error: bad date"),
        (["--limit", "-1"], "Error: Invalid value for '--limit'"),
        (["--article", "x"], "Error: Invalid value for '--article'"),
    ],
)
def test_bad_query_arguments(sqlite_url, args, message):
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "query", *args])
    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1].startswith(message)
    assert "Traceback" not in result.output
