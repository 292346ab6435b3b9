"""Publication dates you can trust, end to end on real databases (SQLite and PostgreSQL):
where each anchor came from, undated news, doubted headers, inferred dates, fixing things
later (set-date, edit, delete, re-ingest with corrected metadata), dates in tabular input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import cli

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
AL_MONITOR = SEEDS / "000_cc5981bae35e539d.txt"
AFP = SEEDS / "004_c246c84bb0f736ac.txt"


def run(url: str, *args: str, code: int = 0):
    result = CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def articles(url: str, *args: str) -> list[dict]:
    return json.loads(run(url, "articles", "list", "--format", "json", *args).stdout)


def events(url: str, *args: str) -> list[dict]:
    return json.loads(run(url, "query", "--format", "json", *args).stdout)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# the seed pages, ingested raw as a user would (no metadata) ---------------------------------


@pytest.fixture
def raw_seeds(db_url: str):
    result = run(db_url, "ingest", str(AL_MONITOR), str(AFP))
    return db_url, result


def test_undated_afp_articles_stay_news_with_their_absolute_dates(raw_seeds):
    url, result = raw_seeds
    listed = articles(url)
    afp = [a for a in listed if a["origin_path"] == str(AFP)]
    assert [(a["doc_type"], a["published"], a["published_origin"], a["source"]) for a in afp] == [
        ("news", None, "unknown", "AFP")
    ] * 3
    afp_ids = {a["id"] for a in afp}
    afp_events = [e for e in events(url) if e["article_id"] in afp_ids]
    assert afp_events and max(e["end"] for e in afp_events) <= "2020-12-31"
    assert {"1980 to 1988", "late 2018"} <= {e["expression"] for e in afp_events}
    # what waits for a date says so, and the ingest says how many wait
    show = run(url, "articles", "show", str(min(afp_ids))).output
    assert "[Tuesday → XXXX-WXX-2 unresolved: needs the publication date]" in show
    assert "3 articles without a publication date: " in result.stderr
    assert "wait for one — set them with `timeline articles set-date`" in result.stderr


def test_dates_counted_from_a_doubtful_header_stay_out_of_the_chronology(raw_seeds):
    url, _ = raw_seeds
    rows = json.loads(run(url, "query", "--format", "json").stdout)
    doubtful = sorted(r["expression"] for r in rows if r["anchor_doubtful"])
    assert doubtful == ["January", "July 21", "late February"]  # under the 2024 header
    assert all(r["published"] == "2024-05-07" for r in rows if r["anchor_doubtful"])
    chronology = run(url, "chronology", "--format", "json")
    assert "2023" not in chronology.stdout
    assert run(url, "chronology").stdout == "No dates.\n"
    assert chronology.stderr.splitlines()[-1] == (
        "3 mentions left out: dated from publication dates their texts contradict "
        "(`timeline articles list --doubtful`)"
    )


def test_a_date_a_person_gave_is_doubted_but_stands(db_url, tmp_path):
    row = {"text": AL_MONITOR.read_text(encoding="utf-8"), "published": "2024-05-07"}
    path = tmp_path / "given.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = run(db_url, "ingest", str(path))
    assert "doubtful date" in result.stderr
    rows = json.loads(run(db_url, "query", "--format", "json").stdout)
    assert rows and not any(r["anchor_doubtful"] for r in rows)


def test_the_scraped_header_is_taken_with_a_doubt(raw_seeds):
    url, result = raw_seeds
    (al_monitor,) = [a for a in articles(url) if a["origin_path"] == str(AL_MONITOR)]
    assert (al_monitor["published"], al_monitor["published_origin"]) == ("2024-05-07", "header")
    assert al_monitor["published_doubt"]
    assert al_monitor["source"] == "Al-Monitor"
    doubtful = [line for line in result.stderr.splitlines() if line.startswith("doubtful date")]
    assert doubtful == [
        f"doubtful date {AL_MONITOR}: 2024-05-07 (header): {al_monitor['published_doubt']}"
    ]
    assert [a["id"] for a in articles(url, "--doubtful")] == [al_monitor["id"]]
    table = run(url, "articles", "list").output
    assert "header 0.60 doubtful" in table


def test_set_date_on_each_gives_the_tour_chronology(raw_seeds):
    url, _ = raw_seeds
    ids = {a["position"]: a["id"] for a in articles(url) if a["origin_path"] == str(AFP)}
    (al_monitor,) = [a["id"] for a in articles(url) if a["origin_path"] == str(AL_MONITOR)]
    for article_id, date in [
        (al_monitor, "2020-07-21"),
        (ids[1], "2020-07-21"),
        (ids[2], "2020-04-26"),
        (ids[3], "2020-04-21"),
    ]:
        line = run(url, "articles", "set-date", str(article_id), date).output
        assert line.startswith(f"article {article_id} published {date}: ")
    listed = articles(url)
    assert {(a["doc_type"], a["published_origin"], a["published_doubt"]) for a in listed} == {
        ("news", "given", None)
    }
    rows = events(url)
    meeting = [r for r in rows if r["start"] == r["end"] == "2020-07-21"]
    assert {r["source"] for r in meeting} == {"Al-Monitor", "AFP"}

    def dated(article_id: int, expression: str, words: str) -> tuple[str, str]:
        (row,) = [
            r
            for r in rows
            if (r["article_id"], r["expression"]) == (article_id, expression)
            and words in r["sentence"]
        ]
        return row["start"], row["end"]

    assert dated(ids[2], "May 9", "PM-designate") == ("2020-05-09", "2020-05-09")
    assert dated(ids[3], "June", "due to visit Baghdad") == ("2020-06-01", "2020-06-30")
    assert dated(ids[2], "Last month", "30-day extension") == ("2020-03-01", "2020-03-31")
    assert dated(ids[3], "the last month", "rocket attacks") == ("2020-03-01", "2020-03-31")
    assert not [r for r in rows if r["start"] >= "2021"]


# fixing things later ----------------------------------------------------------------------


def test_edit_and_delete_each_in_one_transaction(db_url, tmp_path):
    write(tmp_path / "a.txt", "Talks\n\nThe talks ended on Monday, officials said.\n")
    run(db_url, "ingest", str(tmp_path / "a.txt"), "--published", "2021-01-06")
    (article,) = articles(db_url)
    article_id = str(article["id"])
    out = run(db_url, "articles", "edit", article_id, "--title", "New", "--source", "Reuters")
    assert out.output == f"article {article_id}: title 'New', source 'Reuters'\n"
    out = run(db_url, "articles", "edit", article_id, "--type", "narrative")
    assert out.output.startswith(f"article {article_id} type 'narrative': ")
    (edited,) = articles(db_url)
    assert (edited["title"], edited["source"], edited["doc_type"]) == (
        "New",
        "Reuters",
        "narrative",
    )
    assert run(db_url, "articles", "edit", article_id, code=2).exit_code == 2
    assert run(db_url, "articles", "delete", article_id).output == f"deleted article {article_id}\n"
    assert articles(db_url) == [] and events(db_url) == []
    failed = run(db_url, "articles", "delete", article_id, code=1)
    assert failed.output == f"Error: no article with id {article_id}\n"


def test_set_date_takes_a_date_before_the_common_era(db_url, tmp_path):
    write(tmp_path / "a.txt", "Ides\n\nCaesar was killed the next day.\n")
    run(db_url, "ingest", str(tmp_path / "a.txt"))
    (article,) = articles(db_url)
    out = run(db_url, "articles", "set-date", str(article["id"]), "-0044-03-14").output
    assert out.startswith(f"article {article['id']} published -0044-03-14: ")
    assert articles(db_url)[0]["published"] == "-0044-03-14"


@pytest.mark.parametrize(
    "args",
    [
        ("articles", "show", "99999999999999999999"),
        ("articles", "delete", "3000000000"),
        ("articles", "set-date", "3000000000", "2020-01-01"),
        ("articles", "infer-dates", "0"),
        ("query", "--article", "99999999999999999999"),
    ],
)
def test_an_id_no_database_can_hold_is_a_usage_error(db_url, args):
    failed = run(db_url, *args, code=2)
    assert failed.output.splitlines()[-1].startswith("Error: Invalid value for ")
    assert "is not in the range 1<=x<=2147483647." in failed.output


def test_reingest_with_corrected_metadata_updates_and_re_resolves(db_url, tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.txt", "Strike\n\nThe strike began on Monday, the union said.\n")
    meta = folder / "meta.csv"
    write(meta, "file,part,published,source\na.txt,,2021-01-06,AFP\n")
    run(db_url, "ingest", str(folder), "--metadata", str(meta))
    assert [e["start"] for e in events(db_url)] == ["2021-01-04"]
    write(meta, "file,part,published,source\na.txt,,2021-02-10,Reuters\nb.txt,,2021-01-01,X\n")
    again = run(db_url, "ingest", str(folder), "--metadata", str(meta))
    assert again.stdout.startswith("0 new articles, 0 already stored, 1 updated, ")
    assert "metadata line 3: b.txt (whole file) matches no article read" in again.stderr
    (article,) = articles(db_url)
    assert (article["published"], article["source"]) == ("2021-02-10", "Reuters")
    assert [e["start"] for e in events(db_url)] == ["2021-02-08"]
    same = run(db_url, "ingest", str(folder), "--metadata", str(meta))
    assert same.stdout.startswith("0 new articles, 1 already stored, 0 expressions")
    # a date set by hand gives way to the metadata file read again, with a word
    run(db_url, "articles", "set-date", str(article["id"]), "2021-02-11")
    back = run(db_url, "ingest", str(folder), "--metadata", str(meta))
    assert (
        f"warning {folder / 'a.txt'}: published 2021-02-10 (metadata) replaces 2021-02-11, "
        "the date set by hand"
    ) in back.stderr.splitlines()
    assert articles(db_url)[0]["published"] == "2021-02-10"


def test_source_is_matched_in_any_case(db_url, tmp_path):
    write(tmp_path / "a.txt", "AFP report\n\nLONDON (AFP) - Talks ended on Monday.\n")
    run(db_url, "ingest", str(tmp_path / "a.txt"), "--published", "2021-01-06")
    assert articles(db_url)[0]["source"] == "AFP"  # from the dateline
    assert len(events(db_url, "--source", "afp")) == 1
    assert events(db_url, "--source", "reuters") == []


# dates in tabular input --------------------------------------------------------------------


def test_published_fields_as_exports_write_them(db_url, tmp_path):
    rows = [
        ("2022-06-20", "2022-06-20"),
        ("June 20, 2022", "2022-06-20"),
        ("20 June 2022", "2022-06-20"),
        ("Mon, 20 Jun 2022 23:30:00 -0500", "2022-06-20"),  # the site's own day, not UTC
        ("2022-06-20T23:30:00-05:00", "2022-06-20"),
        ("03/04/2022", "2022-03-04"),
        ("yesterday", None),
    ]
    lines = [
        json.dumps({"text": f"Report {i}: it rained on Monday.", "published": raw})
        for i, (raw, _) in enumerate(rows)
    ]
    corpus = write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    result = run(db_url, "ingest", str(corpus))
    assert [a["published"] for a in articles(db_url)] == [day for _, day in rows]
    assert (
        f"warning {corpus}:7: published 'yesterday' is not a full date: the article is kept "
        "undated" in result.stderr
    )
    other = write(
        tmp_path / "other" / "d.jsonl",
        json.dumps({"text": "Later on Monday.", "published": "03/04/2022"}),
    )
    run(db_url, "ingest", str(other), "--dayfirst")
    assert articles(db_url)[-1]["published"] == "2022-04-03"


# inferring a missing anchor -----------------------------------------------------------------


DATED_TEXT = (
    "Flood report\n\nLONDON, Tue Apr 28, 2009 - The river rose on Monday, officials said. "
    "On 27 April 2009 the town was evacuated, and today the water is falling.\n"
)


def test_infer_dates_proposes_and_applies_only_when_asked(db_url, tmp_path):
    write(tmp_path / "a.txt", "Flood\n\nThe river rose on Monday, officials said.\n")
    run(db_url, "ingest", str(tmp_path / "a.txt"))
    (article,) = articles(db_url)
    proposed = run(db_url, "articles", "infer-dates", "--format", "json").stdout
    (row,) = json.loads(proposed)
    assert (row["id"], row["proposed"], row["applied"]) == (article["id"], None, False)

    write(
        tmp_path / "b.txt", "Flood\n\nToday, 28 April 2009, the water is falling, officials said.\n"
    )
    run(db_url, "ingest", str(tmp_path / "b.txt"))
    listed = json.loads(run(db_url, "articles", "infer-dates", "--format", "json").stdout)
    proposal = [r for r in listed if r["proposed"]]
    assert proposal and proposal[0]["applied"] is False
    assert articles(db_url)[-1]["published"] is None  # nothing changed without --apply
    applied = json.loads(
        run(db_url, "articles", "infer-dates", "--apply", "--format", "json").stdout
    )
    assert [r["applied"] for r in applied if r["proposed"]] == [True]
    dated = articles(db_url)[-1]
    assert (dated["published"], dated["published_origin"]) == (proposal[0]["proposed"], "inferred")
    assert dated["published_evidence"] and dated["doc_type"] == "news"


def test_a_dateline_dates_an_article_at_ingest(db_url, tmp_path):
    write(tmp_path / "a.txt", DATED_TEXT)
    run(db_url, "ingest", str(tmp_path / "a.txt"))
    (article,) = articles(db_url)
    assert (article["published"], article["published_origin"]) == ("2009-04-28", "dateline")
    assert 0 < article["published_confidence"] <= 1


def test_ingest_infer_published_reports_each_date(db_url, tmp_path):
    write(
        tmp_path / "b.txt", "Flood\n\nToday, 28 April 2009, the water is falling, officials said.\n"
    )
    result = run(db_url, "ingest", str(tmp_path / "b.txt"), "--infer-published")
    (article,) = articles(db_url)
    assert article["published_origin"] == "inferred"
    assert (
        f"inferred date {tmp_path / 'b.txt'}: {article['published']} (confidence" in result.stderr
    )


WIRE_ROWS = [
    "Flu talks LONDON, Tue Apr 28, 2009 (Reuters) - Health ministers met on Tuesday, they said.",
    "Flu curbs GENEVA, Thu Apr 30, 2009 (Reuters) - The WHO raised its alert on Thursday.",
    "Pig cull ROME, April 29 (Reuters) - Egypt's order on Wednesday to cull pigs was criticised.",
]


def _wire_feed(tmp_path: Path) -> Path:
    """Three wire stories in a JSONL export without dates or sources; the third's dateline
    has no year and its text states none."""
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps({"text": text}) + "\n" for text in WIRE_ROWS))
    return path


def test_ingest_infer_published_gives_a_wire_dateline_the_year_of_its_source(db_url, tmp_path):
    path = _wire_feed(tmp_path)
    result = run(db_url, "ingest", str(path), "--infer-published")
    listed = articles(db_url)
    assert [(a["source"], a["published"], a["published_origin"]) for a in listed] == [
        ("Reuters", "2009-04-28", "dateline"),
        ("Reuters", "2009-04-30", "dateline"),
        ("Reuters", "2009-04-29", "inferred"),
    ]
    inferred = [line for line in result.stderr.splitlines() if line.startswith("inferred date")]
    assert inferred == [
        f"inferred date article {listed[2]['id']} ({path}): 2009-04-29 (confidence 0.93): "
        'dateline without its year "ROME, April 29 (Reuters) -", the year of the 2 dated '
        'articles of its source around it (2009-04-28 to 2009-04-30); weekday "Wednesday" agrees'
    ]
    assert "without a publication date" not in result.stderr
    assert result.stdout.startswith("3 new articles, 0 already stored")
    # the story is resolved against its new date: its Wednesday is that day
    assert [e["start"] for e in events(db_url) if e["article_id"] == listed[2]["id"]] == [
        "2009-04-29"
    ]


def test_infer_dates_proposes_the_year_of_the_source(db_url, tmp_path):
    run(db_url, "ingest", str(_wire_feed(tmp_path)))
    (row,) = json.loads(run(db_url, "articles", "infer-dates", "--format", "json").stdout)
    assert (row["proposed"], row["confidence"], row["applied"]) == ("2009-04-29", 0.93, False)
    assert row["evidence"].startswith('dateline without its year "ROME, April 29 (Reuters) -"')


# an article's own stamps: kept as expressions, no event --------------------------------------

XINHUA = "BEIJING, Aug. 10, 2005 (Xinhua) -- The talks resumed on Monday, officials said."
PAGE_STAMP = "Talks\n\nPublished 3 March 2021\n\nThe talks resumed on Monday, officials said.\n"
REUTERS = (
    "Flu talks\n\nLONDON | Wed Apr 29, 2009 11:17 am BST LONDON (Reuters) - Health ministers "
    "met on Tuesday, they said.\n"
)


def dated(url: str) -> list[tuple[str, str]]:
    """The events as (day, expression)."""
    return [(e["start"], e["expression"]) for e in events(url)]


def shown(url: str, article_id: int) -> str:
    return run(url, "articles", "show", str(article_id)).stdout


def test_a_dateline_dates_a_jsonl_row_and_is_no_event(db_url, tmp_path):
    path = write(tmp_path / "wire.jsonl", json.dumps({"text": XINHUA}) + "\n")
    out = run(db_url, "ingest", str(path)).stdout
    assert out.startswith("1 new article, 0 already stored, 2 expressions, 1 mention, 1 event")
    (article,) = articles(db_url)
    assert (article["published"], article["published_origin"]) == ("2005-08-10", "dateline")
    assert (article["expressions"], article["mentions"]) == (2, 1)
    assert dated(db_url) == [("2005-08-08", "Monday")]  # the talks, not the day of the story
    assert "[Aug. 10, 2005 → 2005-08-10" in shown(db_url, article["id"])  # still stored


def test_a_page_stamp_dates_a_text_file_and_is_no_event(db_url, tmp_path):
    run(db_url, "ingest", str(write(tmp_path / "a.txt", PAGE_STAMP)))
    (article,) = articles(db_url)
    assert (article["published"], article["published_origin"]) == ("2021-03-03", "dateline")
    assert (article["expressions"], article["mentions"]) == (2, 1)
    assert dated(db_url) == [("2021-03-01", "Monday")]
    assert "[3 March 2021 → 2021-03-03" in shown(db_url, article["id"])


def test_a_wire_stamp_is_no_event_whatever_origin_the_date_has(db_url, tmp_path):
    row = {"text": REUTERS, "published": "2009-04-29"}  # the row's own field: metadata
    run(db_url, "ingest", str(write(tmp_path / "wire.jsonl", json.dumps(row) + "\n")))
    (article,) = articles(db_url)
    assert (article["published_origin"], article["mentions"]) == ("metadata", 1)
    assert dated(db_url) == [("2009-04-28", "Tuesday")]


def test_every_re_analysis_keeps_the_stamp_out(db_url, tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.txt", PAGE_STAMP)
    run(db_url, "ingest", str(folder))
    (article,) = articles(db_url)
    article_id = str(article["id"])
    out = run(db_url, "articles", "set-date", article_id, "2021-03-10").output
    assert out.startswith(f"article {article_id} published 2021-03-10: 2 expressions, 1 mention")
    assert dated(db_url) == [("2021-03-08", "Monday")]
    run(db_url, "articles", "edit", article_id, "--type", "narrative")
    assert dated(db_url) == [("2021-03-01", "Monday")]  # counted from the stamp, still no event
    run(db_url, "articles", "edit", article_id, "--type", "news")
    meta = write(folder / "meta.csv", "file,part,published\na.txt,,2021-03-17\n")
    again = run(db_url, "ingest", str(folder), "--metadata", str(meta)).stdout
    assert again.startswith("0 new articles, 0 already stored, 1 updated, ")
    assert dated(db_url) == [("2021-03-15", "Monday")]
    assert articles(db_url)[0]["expressions"] == 2  # the stamp is still stored


# narratives ---------------------------------------------------------------------------------


def test_an_undated_history_is_read_as_a_narrative_and_news_as_news(db_url, tmp_path):
    history = REPO / "tests" / "data" / "narrative_war_history.txt"
    result = run(db_url, "ingest", str(history), str(AFP))
    by_path = {}
    for article in articles(db_url):
        by_path.setdefault(article["origin_path"], set()).add(article["doc_type"])
    assert by_path == {str(history): {"narrative"}, str(AFP): {"news"}}
    assert f"{history}: no publication date, read as a narrative (" in result.stderr
    run(db_url, "ingest", str(tmp_path / "x"), code=1)  # a missing path: nothing else changes
    forced = run(
        db_url.replace("timeline.db", "forced.db"), "ingest", str(history), "--type", "news"
    )
    assert "read as a narrative" not in forced.stderr
