"""The command line, end to end on real databases: CliRunner and the installed script."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from timeline.cli import cli
from timeline.db.migrate import head_revision

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"


def run(url: str, *args: str, ok: bool = True):
    result = CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def seeded(db_url):
    run(db_url, "ingest", str(SEEDS), "--metadata", str(SEEDS / "metadata.csv"))
    return db_url


def query_json(url: str, *args: str) -> list[dict]:
    return json.loads(run(url, "query", "--format", "json", *args).output)


def test_ingest_seeds_summary_and_reingest_is_a_no_op(db_url):
    first = run(db_url, "ingest", str(SEEDS), "--metadata", str(SEEDS / "metadata.csv"))
    assert first.output.startswith("4 new articles, 0 already stored, ")
    again = run(db_url, "ingest", str(SEEDS), "--metadata", str(SEEDS / "metadata.csv"))
    assert again.output.startswith("0 new articles, 4 already stored, 0 expressions, 0 mentions")


def test_the_meeting_is_dated_from_both_sources(seeded):
    rows = query_json(seeded, "--from", "2020-07-21", "--to", "2020-07-21")
    meeting = [r for r in rows if r["start"] == r["end"] == "2020-07-21"]
    assert {r["source"] for r in meeting} == {"Al-Monitor", "AFP"}
    al_monitor = [r for r in meeting if r["source"] == "Al-Monitor"]
    assert any(r["expression"] == "July 21" and "Kadhimi" in r["sentence"] for r in al_monitor)
    afp = [r for r in meeting if r["source"] == "AFP"]
    assert any(r["expression"] == "Tuesday" and "premier" in r["sentence"] for r in afp)


def test_the_iran_iraq_war_is_one_event_spanning_1980_1988(seeded):
    rows = query_json(seeded, "--from", "1980", "--to", "1988")
    war = [r for r in rows if "bloody war" in r["sentence"]]
    assert len(war) == 1
    assert (war[0]["start"], war[0]["end"], war[0]["value"]) == (
        "1980-01-01",
        "1988-12-31",
        "1980/1988",
    )


def test_nothing_is_dated_2024(seeded):
    assert query_json(seeded, "--from", "2024", "--to", "2024") == []


def test_query_json_fields_and_order(seeded):
    rows = query_json(seeded)
    assert rows, "seeds give events"
    expected = {
        "id",
        "start",
        "end",
        "value",
        "granularity",
        "expression",
        "sentence",
        "article_id",
        "title",
        "source",
        "published",
    }
    assert expected <= set(rows[0])
    assert [r["lower"] for r in rows] == sorted(r["lower"] for r in rows)


def test_query_filters(seeded):
    afp = query_json(seeded, "--source", "AFP")
    assert afp and {r["source"] for r in afp} == {"AFP"}
    soleimani = query_json(seeded, "--text", "Soleimani drone")
    assert soleimani and all(
        "soleimani" in r["sentence"].lower() and "drone" in r["sentence"].lower() for r in soleimani
    )
    assert len(query_json(seeded, "--limit", "2")) == 2
    one = query_json(seeded, "--article", "1")
    assert one and {r["article_id"] for r in one} == {1}
    # LIKE wildcards in the user's words are literal
    assert query_json(seeded, "--text", "%") == []


def test_query_table_csv_md(seeded):
    table = run(seeded, "query", "--from", "1980", "--to", "1988").output.splitlines()
    assert table[0].split() == ["start", "end", "expression", "sentence", "source"]
    assert table[2].startswith("1980-01-01  1988-12-31  1980 to 1988")
    csv_out = run(seeded, "query", "--format", "csv", "--from", "1980", "--to", "1988").output
    assert csv_out.startswith("id,event_id,start,end,value,granularity,mod,expression,sentence,")
    md = run(seeded, "query", "--format", "md", "--from", "1980", "--to", "1988").output
    assert "## 1980 – 1988" in md and "## Sources" in md


def test_articles_list_show_and_set_date(seeded):
    listed = json.loads(run(seeded, "articles", "list", "--format", "json").output)
    assert [(a["source"], a["published"], a["published_origin"]) for a in listed] == [
        ("Al-Monitor", "2020-07-21", "metadata"),
        ("AFP", "2020-07-21", "metadata"),
        ("AFP", "2020-04-26", "metadata"),
        ("AFP", "2020-04-21", "metadata"),
    ]
    table = run(seeded, "articles", "list").output.splitlines()
    assert table[0].split() == ["id", "published", "dated", "source", "mentions", "title"]
    assert table[2].split()[:5] == ["1", "2020-07-21", "metadata", "Al-Monitor", "4"]
    shown = run(seeded, "articles", "show", "1").output
    assert "[July 21 → 2020-07-21 = 2020-07-21]" in click.unstyle(shown)
    # re-dating re-resolves: "July 21" now falls in 2021
    out = run(seeded, "articles", "set-date", "1", "2021-07-21").output
    assert out.startswith("article 1 published 2021-07-21: ")
    rows = query_json(seeded, "--article", "1", "--from", "2021-07-21", "--to", "2021-07-21")
    assert any(r["expression"] == "July 21" for r in rows)
    listed = json.loads(run(seeded, "articles", "list", "--format", "json").output)
    assert (listed[0]["published"], listed[0]["published_origin"]) == ("2021-07-21", "given")


def test_render_writes_self_contained_html(seeded, tmp_path):
    out = tmp_path / "seeds.html"
    result = run(seeded, "render", "-o", str(out), "--title", "Seeds <b>")
    assert result.output.startswith(f"wrote {out} (")
    html = out.read_text()
    # offline: plotly.js is embedded, no script is loaded from elsewhere
    assert not re.search(r"<script[^>]+src=", html) and "Plotly.newPlot" in html
    assert "Seeds <b>" not in html


def test_render_kinds_lanes_and_cdn(seeded, tmp_path):
    histogram = tmp_path / "density.html"
    run(seeded, "render", "-o", str(histogram), "--kind", "histogram", "--bin", "month")
    assert "events per month" in histogram.read_text()
    years = tmp_path / "years.html"
    run(seeded, "render", "-o", str(years), "--group-by", "year")
    assert '"ticktext":["1980",' in years.read_text().replace(" ", "")
    small = tmp_path / "cdn.html"
    run(seeded, "render", "-o", str(small), "--cdn")
    assert small.stat().st_size < 200_000 and re.search(
        r"<script[^>]+src=\"https://", small.read_text()
    )
    failed = run(seeded, "render", "-o", str(small), "--kind", "pie", ok=False)
    assert failed.exit_code == 2


def test_export_formats(seeded, tmp_path):
    md = run(seeded, "export", "--from", "1980", "--to", "1988").output
    assert md.startswith("# Chronology\n\n## 1980\n\n### 1980 – 1988\n\n- ") and "## Sources" in md
    rows = list(csv.DictReader(io.StringIO(run(seeded, "export", "--format", "csv").output)))
    war = next(r for r in rows if r["value"] == "1980/1988")
    # how the range was dated: its two expressions, their rules and the anchor
    assert len(war["expression_ids"].split()) == 2 and " / " in war["rule"]
    assert war["citation"].startswith("AFP, “US Presence")
    assert war["anchor"] == ""  # absolute years need no anchor; "on Sunday" does
    sunday = next(r for r in rows if r["expression"] == "Sunday" and r["value"] == "2020-04-26")
    assert sunday["anchor"] == "2020-04-26" and sunday["rule"]
    data = json.loads(
        run(seeded, "export", "--format", "json", "--from", "1980", "--to", "1988").output
    )
    assert [x["text"] for x in data[0]["expressions"]] == ["1980", "1988"]
    lines = run(seeded, "export", "--format", "nl-json").output.splitlines()
    assert len(lines) == len(rows) and json.loads(lines[0])["id"] == int(rows[0]["id"])
    published = json.loads(run(seeded, "export", "--format", "timelinejs").output)
    assert len(published["events"]) == len(rows)
    assert all("start_date" in e and "year" in e["start_date"] for e in published["events"])
    ics = tmp_path / "seeds.ics"
    out = run(seeded, "export", "--format", "ics", "-o", str(ics), "--title", "Seeds").output
    assert re.fullmatch(rf"wrote {re.escape(str(ics))} \(\d+ of {len(rows)} events: .*\)\n", out)
    body = ics.read_bytes()
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert b"DTSTART;VALUE=DATE:20200721\r\n" in body
    failed = run(seeded, "export", "-o", str(tmp_path / "no" / "x.md"), ok=False)
    assert failed.exit_code == 1 and "no folder" in failed.output


def test_tag_command_table_and_json():
    result = CliRunner().invoke(
        cli, ["tag", "They fought a war from 1980 to 1988.", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(t["text"], t["value"]) for t in data["timexes"]] == [
        ("1980", "1980"),
        ("1988", "1988"),
    ]
    assert data["ranges"] == [{"first": 0, "last": 1}]


def test_relative_dates_stay_unresolved_without_a_publication_date(sqlite_url, tmp_path):
    article = tmp_path / "undated.txt"
    article.write_text("Undated\n\nThe minister resigned last month. The war began in 2003.\n")
    run(sqlite_url, "ingest", str(article))
    rows = query_json(sqlite_url)
    assert [(r["expression"], r["start"]) for r in rows] == [("2003", "2003-01-01")]


# errors: one clear line, non-zero exit, no traceback ----------------------------------------


def test_missing_file_is_reported_and_others_kept(sqlite_url, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A title\n\nThe talks ended on Monday.\n")
    result = run(
        sqlite_url,
        "ingest",
        str(tmp_path / "nope.txt"),
        str(good),
        "--published",
        "2020-07-21",
        ok=False,
    )
    assert result.exit_code == 1
    assert "skipped" in result.output and "nope.txt" in result.output
    assert "1 new article, 0 already stored" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "--from", "2020-13"], "Error: bad date '2020-13'"),
        (["query", "--from", "2021", "--to", "2020"], "Error: --from 2021 is after --to 2020"),
        (["ingest", "seeds", "--published", "21/07/2020"], "Error: bad date '21/07/2020'"),
        (["articles", "show", "99"], "Error: no article with id 99"),
        (["articles", "set-date", "99", "2020-01-01"], "Error: no article with id 99"),
    ],
)
def test_error_messages(sqlite_url, args, message):
    result = CliRunner().invoke(cli, ["--db", sqlite_url, *args])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(message)


def test_bad_database_url():
    result = CliRunner().invoke(cli, ["--db", "nosuchdb://x", "query"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output


def test_every_command_has_help_text():
    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    for path, command in walk(cli, []):
        assert command.help, f"{' '.join(path) or 'timeline'} has no help text"
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0


def test_installed_console_script(tmp_path):
    script = shutil.which("timeline", path=str(Path(sys.executable).parent))
    assert script, "the timeline console script is installed next to the interpreter"
    url = f"sqlite:///{tmp_path / 'script.db'}"
    subprocess.run(
        [script, "--db", url, "ingest", str(SEEDS), "--metadata", str(SEEDS / "metadata.csv")],
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [script, "--db", url, "query", "--from", "1980", "--to", "1988", "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert json.loads(done.stdout)[0]["value"] == "1980/1988"
    failed = subprocess.run(
        [script, "--db", url, "query", "--from", "bad"], capture_output=True, text=True
    )
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert failed.stderr.startswith("Error: bad date 'bad'")


def test_db_commands(db_url):
    head = head_revision()
    assert run(db_url, "db", "current").output == f"base (latest is {head})\n"
    assert run(db_url, "db", "upgrade", "0001").output == "database at revision 0001\n"
    assert run(db_url, "db", "current").output == f"0001 (latest is {head})\n"
    # any other command upgrades an old or new database by itself
    run(db_url, "articles", "list")
    assert run(db_url, "db", "current").output == f"{head} (latest)\n"
    assert run(db_url, "db", "downgrade", "base").output == "database at revision base\n"


def test_stats(seeded):
    numbers = json.loads(run(seeded, "stats", "--format", "json").output)
    mentions = query_json(seeded)
    assert numbers["articles"] == 4 and numbers["undated_articles"] == 0
    assert numbers["mentions"] == len(mentions)
    assert numbers["events"] == len(query_json(seeded, "--events"))
    assert {s["source"]: s["articles"] for s in numbers["by_source"]} == {"AFP": 3, "Al-Monitor": 1}
    assert sum(s["mentions"] for s in numbers["by_source"]) == len(mentions)
    assert {"year": "1980", "mentions": 1} in numbers["by_year"]
    assert numbers["open_ended"] == 0  # the seeds say no "before …" nor "after …"
    assert sum(y["mentions"] for y in numbers["by_year"]) == len(mentions)
    table = run(seeded, "stats").output
    assert table.startswith(
        "what              count\n----------------  -----\narticles          4\n"
    )
    assert "\nopen-ended        0\n" in table
    by_year = "\nBy year (mentions by the year they start; open-ended ones apart)\n"
    assert "\nBy source\n" in table and by_year in table
