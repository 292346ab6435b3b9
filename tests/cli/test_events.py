"""Events and chronologies from the command line, on real databases (SQLite and
PostgreSQL): the seed pages' happenings merged across sources, the Markdown export citing every
report, an old database getting its events, `timeline chronology` in each format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import cli

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def run(url: str, *args: str):
    result = CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def seeded(db_url: str) -> str:
    run(db_url, "ingest", str(SEEDS), "--metadata", str(SEEDS / "metadata.csv"))
    return db_url


def events(url: str, *args: str) -> list[dict]:
    return json.loads(run(url, "query", "--events", "--format", "json", *args).stdout)


def test_the_seed_happenings_are_merged_across_sources(seeded):
    found = events(seeded)
    meeting = [e for e in found if (e["start"], e["end"]) == ("2020-07-21", "2020-07-21")]
    assert [(e["reports"], e["source_names"]) for e in meeting] == [(2, "Al-Monitor, AFP")]
    reported = meeting[0]["reported"]
    assert {r["expression"] for r in reported} == {"July 21", "Tuesday"}
    assert set(reported[0]) == {
        "mention_id", "article_id", "source", "title", "published", "url", "sentence",
        "expression", "start", "end",
    }  # fmt: skip
    soleimani = [e for e in found if "Soleimani" in e["sentence"]]
    assert [(e["start"], e["reports"], e["articles"]) for e in soleimani] == [("2020-01-01", 3, 3)]
    war = [e for e in found if e["value"] == "1980/1988"]
    assert len(war) == 1
    # every mention reports one event, and the counts agree
    mentions = json.loads(run(seeded, "query", "--format", "json").stdout)
    assert all(m["event_id"] is not None for m in mentions)
    assert sum(e["reports"] for e in found) == len(mentions)


def test_the_events_table_and_markdown_cite_every_report(seeded):
    table = run(seeded, "query", "--events", "--from", "2020-07-21", "--to", "2020-07-21")
    assert table.stdout.splitlines()[0].split() == [
        "start",
        "end",
        "reports",
        "sentence",
        "source_names",
    ]
    assert "Al-Monitor, AFP" in table.stdout
    md = run(seeded, "export", "--format", "md", "--from", "2020-07-21", "--to", "2020-07-21")
    assert "Tehran July 21. [1][2]" in md.stdout
    assert "1. Al-Monitor, “Iran’s Khamenei pushes Iraq on ousting US forces”" in md.stdout
    assert "2. AFP, “US Presence Cause of Insecurity" in md.stdout


def test_an_older_database_gets_its_events_when_read(seeded):
    run(seeded, "db", "downgrade", "0004")  # events were one row per dated statement then
    assert run(seeded, "db", "current").stdout.startswith("0004")
    found = events(seeded)  # upgrades, then merges what no event holds yet
    assert run(seeded, "db", "current").stdout.startswith("0006")
    assert any(e["reports"] == 2 for e in found)


def test_events_rebuild_with_another_threshold(seeded):
    strict = run(seeded, "events", "rebuild", "--threshold", "1")
    assert strict.stdout.startswith("25 mentions merged into 25 events")
    assert all(e["reports"] == 1 for e in events(seeded))
    again = run(seeded, "events", "rebuild")
    assert again.stdout.startswith("25 mentions merged into 21 events")


def test_chronology_formats(seeded):
    listed = run(seeded, "chronology", "--format", "json")
    entries = json.loads(listed.stdout)
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)
    assert sorted(e["rank"] for e in entries) == list(range(1, len(entries) + 1))
    assert set(entries[0]) == {"date", "rank", "score", "sentences", "articles"}
    assert set(entries[0]["sentences"][0]) == {"text", "article_id", "source", "title", "published"}
    # the killing of Soleimani is dated only to January: a month, reported by three articles
    (january,) = [e for e in entries if e["date"] == "2020-01"]
    assert january["articles"] == 3 and "Soleimani" in january["sentences"][0]["text"]
    assert "2020-07-21" in {e["date"] for e in entries}
    assert listed.stderr.startswith(f"{len(entries)} dates of ")
    two = json.loads(run(seeded, "chronology", "--format", "json", "--dates", "2").stdout)
    assert [e["rank"] for e in sorted(two, key=lambda e: e["rank"])] == [1, 2]
    md = run(seeded, "chronology", "--format", "md").stdout
    assert md.startswith("# Chronology\n\n## January 2020\n\n- ")
    # its sentence cites the three articles that report the killing
    assert md.splitlines()[4].endswith(
        " in Baghdad, after which parliament voted to expel US troops. [1][2][3]"
    )
    assert "\n## Sources\n\n1. " in md
    table = run(seeded, "chronology").stdout
    assert table.splitlines()[0].split() == ["date", "rank", "articles", "sentence", "source"]
