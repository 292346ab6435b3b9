"""Open-ended dates ("more than a week ago", "after 1945") from the command line, on real
databases (SQLite and PostgreSQL): stored as their one real bound with the side they are open
on, left out of a range unless --include-open, merged only with their own kind, evidence for
no day, counted apart by `stats`; --precision keeps the dates precise enough (issue 16)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from timeline.cli import cli

# an article of 2011-03-27 says "more than a week ago": before 20 March, so its one real
# bound is 19 March (the day before the week-ago day, TIMEX3 mod BEFORE)
ARTICLES = {
    "rebels.txt": (
        "2011-03-27",
        "CNN",
        "The rebels left the city more than a week ago, a spokesman said on Sunday.",
    ),
    "rebels-again.txt": (
        "2011-03-27",
        "Reuters",
        "Rebels left the city more than a week ago, their spokesman said.",
    ),
    "fled.txt": ("2011-03-20", "AP", "The rebels left the city on March 19, a spokesman said."),
    "strikes.txt": (
        "2011-03-21",
        "AFP",
        "Coalition forces struck Libyan air defences on March 20, officials said.",
    ),
}


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def as_json(url: str, *args: str) -> list[dict]:
    return json.loads(run(url, *args, "--format", "json").stdout)


def ingest(url: str, folder: Path, articles: dict[str, tuple[str, str, str]]) -> None:
    """Each article a file of ``folder``, its date and source in a metadata file."""
    rows = ["file,published,source,title"]
    for name, (published, source, text) in articles.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
        rows.append(f"{name},{published},{source},{name}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    paths = [str(folder / name) for name in articles]
    run(url, "ingest", *paths, "--metadata", str(folder / "metadata.csv"))


@pytest.fixture
def corpus(db_url: str, tmp_path: Path) -> str:
    ingest(db_url, tmp_path, ARTICLES)
    return db_url


def test_a_range_leaves_out_open_ended_dates_unless_asked(corpus):
    # the case: a query for one day finds the day's real event only, and with
    # --include-open the open-ended dates whose one real bound is that day as well
    only_real = run(corpus, "query", "--from", "2011-03-19", "--to", "2011-03-19")
    assert only_real.stdout == (
        "start       end         expression  "
        "sentence                                                 source\n"
        "----------  ----------  ----------  "
        "-------------------------------------------------------  ------\n"
        "2011-03-19  2011-03-19  March 19    "
        "The rebels left the city on March 19, a spokesman said.  AP\n"
    )
    both = run(corpus, "query", "--from", "2011-03-19", "--to", "2011-03-19", "--include-open")
    assert both.stdout == (
        "start       end         expression            "
        "sentence                                                                    source\n"
        "----------  ----------  --------------------  "
        "--------------------------------------------------------------------------  -------\n"
        "2011-03-19  2011-03-19  more than a week ago  "
        "The rebels left the city more than a week ago, a spokesman said on Sunday.  CNN\n"
        "2011-03-19  2011-03-19  more than a week ago  "
        "Rebels left the city more than a week ago, their spokesman said.            Reuters\n"
        "2011-03-19  2011-03-19  March 19              "
        "The rebels left the city on March 19, a spokesman said.                     AP\n"
    )


def test_an_open_ended_date_matches_by_its_one_bound(corpus):
    # "more than a week ago" ends on 19 March: the 20th is after it, even when asked
    rows = as_json(corpus, "query", "--from", "2011-03-20", "--to", "2011-03-20", "--include-open")
    assert [(r["expression"], r["source"]) for r in rows] == [("March 20", "AFP")]
    opened = as_json(
        corpus, "query", "--from", "2011-03-19", "--to", "2011-03-19", "--include-open"
    )
    assert [
        (r["start"], r["end"], r["mod"], r["open"], r["calendar"], r["edtf"])
        for r in opened
        if r["open"]
    ] == [("2011-03-19", "2011-03-19", "BEFORE", "before", "gregorian", "../2011-03-19")] * 2
    # without a range, every date: open-ended ones too
    everything = as_json(corpus, "query")
    assert sum(1 for r in everything if r["open"] == "before") == 2


def test_events_of_open_ended_dates_stay_apart_from_the_day_of_their_bound(corpus):
    found = as_json(corpus, "query", "--events", "--from", "2011-03-19", "--to", "2011-03-19")
    assert [(e["reports"], e["source_names"], e["open"]) for e in found] == [(1, "AP", None)]
    found = as_json(
        corpus, "query", "--events", "--from", "2011-03-19", "--to", "2011-03-19", "--include-open"
    )
    # the two "more than a week ago" merge with each other, never with the AP's 19 March,
    # however alike the sentences
    assert sorted((e["reports"], e["source_names"], e["open"], e["mod"]) for e in found) == [
        (1, "AP", None, None),
        (2, "CNN, Reuters", "before", "BEFORE"),
    ]


def test_precision_keeps_the_dates_precise_enough(corpus, tmp_path):
    oil = "Oil has shaped the 21st century, and in March 2011 prices rose again."
    (tmp_path / "more").mkdir()
    ingest(corpus, tmp_path / "more", {"oil.txt": ("2011-03-22", "Bloomberg", oil)})

    def expressions(*args: str) -> list[str]:
        rows = as_json(corpus, "query", "--from", "2011-03", "--to", "2011-03", *args)
        return [r["expression"] for r in rows]

    assert expressions() == [
        "the 21st century",
        "March 2011",
        "March 19",
        "March 20",
        "Sunday",
    ]
    assert expressions("--precision", "year") == ["March 2011", "March 19", "March 20", "Sunday"]
    assert expressions("--precision", "month") == ["March 2011", "March 19", "March 20", "Sunday"]
    assert expressions("--precision", "day") == ["March 19", "March 20", "Sunday"]
    assert expressions("--precision", "day", "--include-open") == [
        "more than a week ago",
        "more than a week ago",
        "March 19",
        "March 20",
        "Sunday",
    ]
    # the same filters for events, exports and charts
    events = as_json(
        corpus, "query", "--events", "--from", "2011-03", "--to", "2011-03", "--precision", "day"
    )
    assert [e["expression"] for e in events] == ["March 19", "March 20", "Sunday"]
    exported = csv.DictReader(io.StringIO(run(corpus, "export", "--format", "csv").stdout))
    assert "the 21st century" in [row["expression"] for row in exported]
    exported = run(corpus, "export", "--format", "csv", "--precision", "year").stdout
    expressions_exported = [row["expression"] for row in csv.DictReader(io.StringIO(exported))]
    assert sorted(expressions_exported) == [
        "March 19",
        "March 20",
        "March 2011",
        "Sunday",
        "more than a week ago",  # no range: every date precise enough, open-ended ones too
        "more than a week ago",
    ]


def test_stats_count_open_ended_dates_apart(corpus):
    numbers = as_json(corpus, "stats")
    # no year -9999: "more than a week ago" starts at no year
    assert (numbers["mentions"], numbers["open_ended"]) == (5, 2)
    assert numbers["by_year"] == [{"year": "2011", "mentions": 3}]
    table = run(corpus, "stats").stdout
    assert "\nmentions          5\nopen-ended        2\nevents            4\n" in table
    assert table.endswith("open-ended ones apart)\nyear  mentions\n----  --------\n2011  3\n")


def test_chronology_takes_no_open_ended_date_for_a_day(corpus):
    entries = as_json(corpus, "chronology")
    by_day = {e["date"]: e["articles"] for e in entries}
    # 19 March is told by the AP alone: "more than a week ago" twice is no evidence for it
    assert by_day["2011-03-19"] == 1


def test_help_lists_the_filters_on_every_command():
    for command in ("query", "export", "render", "chronology"):
        shown = CliRunner().invoke(cli, [command, "--help"]).stdout
        assert "--include-open" in shown and "--precision [day|month|year]" in shown
