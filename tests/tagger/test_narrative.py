"""Narrative mode: relative expressions anchored on the dates the text mentioned, and the
narrative sample ingested and queried end to end through the CLI."""

import json
from pathlib import Path

from click.testing import CliRunner

from timeline.calendar import written_day_number, written_iso
from timeline.cli import cli
from timeline.mentions import analyze
from timeline.records import auto_doc_type
from timeline.tagger import tag

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "narrative_war_history.txt"

STORY = (
    "The war began in 1943. On 12 March the army attacked. The next day it rested. "
    "Three weeks earlier it had landed. Two years later it won. That summer it rested. "
    "By the end of the decade it was over. In the same year the treaty was signed."
)


def values(text: str, dct: str | None = None, doc_type: str = "narrative"):
    return [(t.text, t.value) for t in tag(text, dct, doc_type=doc_type).timexes]


def test_a_story_resolves_against_its_own_dates():
    assert values(STORY) == [
        ("1943", "1943"),
        ("12 March", "1943-03-12"),  # the year from context
        ("The next day", "1943-03-13"),
        ("Three weeks earlier", "1943-W07"),
        ("Two years later", "1945"),
        ("That summer", "1945-SU"),
        ("the end of the decade", "194"),
        ("the same year", "1945"),  # the decade holds the finer anchor: 1945 stays
    ]


def test_month_after_a_year_and_the_following_month():
    assert values(
        "In 1943 the front moved. In March it stalled; the following month it broke."
    ) == [
        ("1943", "1943"),
        ("March", "1943-03"),
        ("the following month", "1943-04"),
    ]


def test_a_story_moves_forward_not_by_tense():
    # news would read "In November" (past tense, anchor in June) as the year before
    assert values("In June 1944 they landed. In November the front stalled.") == [
        ("June 1944", "1944-06"),
        ("November", "1944-11"),
    ]


def test_a_unit_finer_than_the_anchor_stays_unresolved():
    result = tag("In 1943 the war raged. The next day it rained.", doc_type="narrative")
    assert not result.timexes[-1].resolved


def test_later_is_a_duration_in_news():
    assert values("Two years later it won.", "2020-07-21", "news") == [("Two years", "P2Y")]


def test_decades_later_and_the_year_after():
    assert values(
        "It began in 1943. The year after, peace came. Two decades later it was forgotten."
    ) == [
        ("1943", "1943"),
        ("The year after", "1944"),
        ("Two decades later", "1964"),
    ]


def test_type_is_chosen_from_the_publication_date():
    assert auto_doc_type("2020-07-21") == "news"
    assert auto_doc_type(None) == "narrative"
    march = [t for t in analyze("In 1943 it began. In March it stalled.", None).result.timexes]
    assert march[-1].value == "1943-03"


def test_tag_command_accepts_the_type(tmp_path):
    runner = CliRunner()
    out = runner.invoke(
        cli,
        [
            "tag",
            "In 1943 it began. The next year it ended.",
            "--type",
            "narrative",
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    timexes = json.loads(out.output)["timexes"]
    assert [(t["value"], t["edtf"]) for t in timexes] == [("1943", "1943"), ("1944", "1944")]
    # no publication date: narrative by default
    out = runner.invoke(
        cli, ["tag", "In 1943 it began. The next year it ended.", "--format", "json"]
    )
    assert [t["value"] for t in json.loads(out.output)["timexes"]] == ["1943", "1944"]


def test_batch_tagging_takes_a_type_per_document(tmp_path):
    docs = tmp_path / "docs.jsonl"
    story = "In 1943 it began. The next year it ended."
    docs.write_text(
        json.dumps({"doc_id": "a", "text": story, "type": "narrative", "dct": "2020-07-21"})
        + "\n"
        + json.dumps({"doc_id": "b", "text": story, "dct": "2020-07-21"})
        + "\n"
        + json.dumps({"doc_id": "c", "text": story})
        + "\n"
    )
    out = CliRunner().invoke(cli, ["tag", "--jsonl", str(docs)])
    assert out.exit_code == 0, out.output
    tagged = {
        d["doc_id"]: [t["value"] for t in d["timexes"]]
        for d in map(json.loads, out.stdout.splitlines())
    }
    assert tagged == {"a": ["1943", "1944"], "b": ["1943", "2021"], "c": ["1943", "1944"]}


def test_the_sample_ingested_and_queried(tmp_path):
    runner = CliRunner()
    db = ["--db", f"sqlite:///{tmp_path / 'n.db'}"]
    out = runner.invoke(cli, [*db, "ingest", str(SAMPLE)])
    assert out.exit_code == 0, out.output
    assert "1 new article" in out.output
    assert "read as a narrative" in out.output  # said what was chosen, and why

    def query(*args: str) -> list[dict]:
        result = runner.invoke(cli, [*db, "query", *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output) if result.output.strip().startswith("[") else []

    # open-ended dates only when asked (issue 16): "no later than AD 70" is one of them
    ancient = query("--from", "100 BC", "--to", "AD 100", "--include-open")
    closed = query("--from", "100 BC", "--to", "AD 100")
    assert [r["expression"] for r in closed] == [r["expression"] for r in ancient][:-1]
    # bounds are true day numbers; dates before the Gregorian reform are Julian as written
    day = written_day_number
    assert [(r["expression"], r["lower"], r["upper"]) for r in ancient] == [
        ("49 BC", day(-48, 1, 1), day(-48, 12, 31)),
        ("44 BC", day(-43, 1, 1), day(-43, 12, 31)),
        ("Two years later", day(-41, 1, 1), day(-41, 12, 31)),  # 42 BC: Philippi
        ("the 1st century AD", day(1, 1, 1), day(99, 12, 31)),  # AD 1: year 0 is 1 BC
        ("AD 14", day(14, 1, 1), day(14, 12, 31)),
        ("no later than AD 70", day(70, 12, 31), day(70, 12, 31)),  # open: its one bound
    ]
    assert [r["edtf"] for r in ancient] == [
        "-0048",
        "-0043",
        "-0041",
        "00XX",
        "0014",
        "../0070-12-31",
    ]

    greek = {r["expression"]: r for r in query("--from", "500 BC", "--to", "479 BC")}
    assert greek["around 500 BC"]["mod"] == "APPROX"
    assert (greek["around 500 BC"]["lower"], greek["around 500 BC"]["upper"]) == (
        day(-500, 1, 1),
        day(-498, 12, 31),
    )
    assert greek["ten years later"]["value"] == "-0479"  # 490 BC + 10 = 480 BC
    assert greek["480 to 479 BC"]["value"] == "-0479/-0478"

    modern = {r["expression"]: r["value"] for r in query("--from", "1915", "--to", "1989")}
    assert modern["That summer"] == "1916-SU"  # after "January 1916"
    assert modern["The next day"] == "1980-09-23"  # after "22 September 1980"
    assert modern["29 Mordad 1367"] == "1988-08-20"  # Solar Hijri, converted
    assert modern["the end of the decade"] == "198"
    # the approximate date is found by a range that only its widened bounds reach; the
    # open "no later than AD 70" no longer spans every year before it
    assert [r["expression"] for r in query("--from", "-0148", "--to", "-0148")] == ["c. 150 BC"]


def test_sample_without_a_date_is_stored_as_narrative(tmp_path):
    runner = CliRunner()
    db = ["--db", f"sqlite:///{tmp_path / 'n.db'}"]
    runner.invoke(cli, [*db, "ingest", str(SAMPLE)])
    out = runner.invoke(cli, [*db, "articles", "list", "--format", "json"])
    assert json.loads(out.output)[0]["doc_type"] == "narrative"
    ages = [
        t for t in tag(SAMPLE.read_text(), doc_type="narrative").timexes if t.text == "c. 150 BC"
    ]
    assert (written_iso(ages[0].lower), written_iso(ages[0].upper)) == (
        "-0150-01-01",
        "-0148-12-31",
    )
