"""Article readers on real files: the seed articles, JSONL, CSV, HTML, metadata, problems."""

from __future__ import annotations

import inspect
import json
import os
import re
import sys
from pathlib import Path

import pytest

from timeline.errors import BadInput
from timeline.ingest.discover import discover
from timeline.ingest.formats import READERS
from timeline.ingest.metadata import load_metadata
from timeline.ingest.read import read_articles
from timeline.records import ArticleRecord, ReadProblem, content_hash

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
AL_MONITOR = "000_cc5981bae35e539d.txt"
AFP = "004_c246c84bb0f736ac.txt"
METADATA_HEADER = "file,part,published,source,title,author,url,type\n"


def records(items) -> list[ArticleRecord]:
    items = list(items)
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert not problems, problems
    return items


def problems(items) -> list[ReadProblem]:
    return [i for i in items if isinstance(i, ReadProblem)]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# seeds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_articles() -> list[ArticleRecord]:
    return records(read_articles([SEEDS], metadata=load_metadata(SEEDS / "metadata.csv")))


def test_seeds_with_metadata(seed_articles):
    got = [
        (Path(r.origin_path).name, r.position, r.title, r.source, r.author, r.published)
        for r in seed_articles
    ]
    assert got == [
        (
            AL_MONITOR,
            1,
            "Iran’s Khamenei pushes Iraq on ousting US forces",
            "Al-Monitor",
            None,
            "2020-07-21",
        ),
        (
            AFP,
            1,
            "US Presence Cause of Insecurity: Khamenei Tells Visiting Iraq PM",
            "AFP",
            "Amir Havasi",
            "2020-07-21",
        ),
        (
            AFP,
            2,
            "US Grants Iraq Brief 30-Day Waiver for Iranian Gas Imports",
            "AFP",
            None,
            "2020-04-26",
        ),
        (AFP, 3, "Iran-US Tensions Decrease in Iraq, For Now", "AFP", "Maya Gebeily", "2020-04-21"),
    ]
    assert {r.published_origin for r in seed_articles} == {"metadata"}
    assert {r.language for r in seed_articles} == {"en"}


def test_seed_bodies_are_clean(seed_articles):
    for record in seed_articles:
        text = record.text
        assert "\u00a0" not in text and "\r" not in text
        for junk in ("Read More", "News AFP", "By Amir", "By Maya", "Photo:", "Tuesday , 7 May"):
            assert junk not in text
        assert not text.startswith(record.title)  # the title is stored apart
        assert text == text.strip() and "\n\n\n" not in text
        assert all(line == line.rstrip() for line in text.split("\n"))


def test_seed_body_details(seed_articles):
    al_monitor, afp1, afp2, afp3 = seed_articles
    # the source lead gives the source and leaves the sentence
    assert al_monitor.text.startswith("The contentious topic of the US military presence")
    assert "Al-Monitor –" not in al_monitor.text
    assert al_monitor.text.endswith("was hospitalized for medical treatment.")  # no stray "0"
    # curly quotes and dashes survive
    assert "“The Islamic Republic expects officials in Baghdad …" in al_monitor.text
    assert "30-day extension—its shortest yet—and" in afp2.text
    # subheadings stay as paragraphs of their own
    assert "\n\nTug-of-War\n\n" in afp1.text
    assert "\n\n$20 Billion Trade Goal\n\n" in afp1.text
    assert "\n\nCoalition 'No Longer Exists'\n\n" in afp3.text
    # a standfirst repeated word for word (nbsp aside) is kept once
    assert afp1.text.count("Iran's supreme leader told Iraq's visiting premier") == 1
    assert afp2.text.count("Washington on Sunday granted Iraq") == 1
    assert afp3.text.startswith("Iraq’s premier-designate Mustafa Kadhimi")
    assert "\n\nIt has been weeks since" in afp3.text


def test_seeds_without_metadata_use_the_header_date():
    got = records(read_articles([SEEDS / AL_MONITOR, SEEDS / AFP]))
    assert [(r.published, r.published_origin) for r in got] == [
        ("2024-05-07", "header"),
        (None, "unknown"),
        (None, "unknown"),
        (None, "unknown"),
    ]
    # the site header "News AFP News AFP" names the source of the three AFP articles
    assert [r.source for r in got] == ["Al-Monitor", "AFP", "AFP", "AFP"]
    assert [r.author for r in got] == [None, "Amir Havasi", None, "Maya Gebeily"]


def test_published_argument_beats_the_header(seed_articles):
    got = records(read_articles([SEEDS / AL_MONITOR], published="2020-07-21", source="X"))
    assert (got[0].published, got[0].published_origin) == ("2020-07-21", "given")
    assert got[0].source == "X"  # the argument is more specific than a guess from the text
    # the body does not depend on where the metadata came from: same hash, no re-ingestion
    assert content_hash(got[0]) == content_hash(seed_articles[0])


def test_seed_folder_skips_the_metadata_file_only_when_given():
    without = list(read_articles([SEEDS]))
    [problem] = problems(without)
    assert problem.path.endswith("metadata.csv") and "metadata file" in problem.message
    assert len(without) == 5


def test_seed_metadata_loads():
    metadata = load_metadata(SEEDS / "metadata.csv")
    assert len(metadata) == 5
    assert not metadata.missing_files()


# plain text -----------------------------------------------------------------------------


def test_plain_text_layout_is_general(tmp_path):
    path = write(
        tmp_path / "page.txt",
        "Daily Planet Daily Planet\r\n\r\n"
        "Bridge Opens After Decade\r\n\r\n"
        "By Lois Lane\r\n\r\n"
        "The Metropolis Bridge opened on 4 March 2019.\u00a0Crowds cheered.  \r\n\r\n\r\n"
        "Picture: Jimmy Olsen\r\n\r\n"
        "Read more »\r\n"
        "Daily Planet Daily Planet\r\n\r\n"
        "Storm Hits Coast\r\n\r\n"
        "The Planet – A storm hit the coast in June 2020.\r\n\r\n"
        "Read More\r\n",
    )
    first, second = records(read_articles([path]))
    assert (first.title, first.author, first.position) == (
        "Bridge Opens After Decade",
        "Lois Lane",
        1,
    )
    assert first.text == "The Metropolis Bridge opened on 4 March 2019. Crowds cheered."
    assert (second.title, second.source, second.position) == ("Storm Hits Coast", "The Planet", 2)
    assert second.text == "A storm hit the coast in June 2020."


def test_plain_text_without_title_or_header(tmp_path):
    path = write(tmp_path / "note", "The war began in 1939.\n\nIt ended in 1945.\n")
    [record] = records(read_articles([path]))
    assert record.title is None and record.published is None
    assert record.text == "The war began in 1939.\n\nIt ended in 1945."


def test_markdown_title(tmp_path):
    path = write(tmp_path / "a.md", "# The Treaty.\n\nSigned on 28 June 1919.\n")
    [record] = records(read_articles([path]))
    assert (record.title, record.text) == ("The Treaty.", "Signed on 28 June 1919.")


def test_date_header_only_on_the_first_line(tmp_path):
    dated = write(tmp_path / "a.txt", "3rd March 2021\n\nTitle Here\n\nBody on Monday.\n")
    undated = write(tmp_path / "b.txt", "Title Here\n\n3 March 2021\n\nBody.\n")
    a, b = records(read_articles([dated, undated]))
    assert (a.published, a.published_origin, a.title) == ("2021-03-03", "header", "Title Here")
    assert (b.published, b.published_origin) == (None, "unknown")
    assert "3 March 2021" in b.text


def test_dateline_is_not_a_source(tmp_path):
    path = write(tmp_path / "a.txt", "Talks Resume\n\nGENEVA — Talks resumed on Monday.\n")
    [record] = records(read_articles([path]))
    assert record.source is None and record.text == "GENEVA — Talks resumed on Monday."


def test_latin1_is_decoded_and_damaged_utf8_is_a_problem(tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"Title\n\nCaf" + b"\xe9 au lait.\n")
    # mostly UTF-8 ("é" twice) with one bad byte: damage, not another encoding
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes("Café, thé.".encode() + b" Caf\xe9.\n")
    good = write(tmp_path / "ok.txt", "Fine text.\n")
    got = list(read_articles([latin1, damaged, good]))
    assert isinstance(got[0], ArticleRecord)
    assert (got[0].text, got[0].encoding) == ("Café au lait.", "windows-1252")
    assert got[1] == ReadProblem(str(damaged), None, "not UTF-8 text (byte 0xe9 at offset 16)")
    assert isinstance(got[2], ArticleRecord) and got[2].encoding == "utf-8"


def test_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello on 1 May 2020.\n")
    [record] = records(read_articles([path]))
    assert record.text == "Hello on 1 May 2020."


def test_unknown_extensions(tmp_path):
    text = write(tmp_path / "notes.log", "Plain words.\n")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    got = list(read_articles([text, binary]))
    assert isinstance(got[0], ArticleRecord) and got[0].text == "Plain words."
    assert got[1] == ReadProblem(str(binary), None, "binary file (a PNG image), not text")


def test_empty_file_is_a_problem(tmp_path):
    path = write(tmp_path / "empty.txt", "\n \n")
    assert list(read_articles([path])) == [ReadProblem(str(path), None, "no article text")]


# discovery ------------------------------------------------------------------------------


def test_discover(tmp_path):
    write(tmp_path / "b.txt", "b")
    write(tmp_path / "a" / "z.txt", "z")
    write(tmp_path / "a" / ".hidden.txt", "h")
    write(tmp_path / ".git" / "x.txt", "x")
    write(tmp_path / "c.jsonl", "")
    missing = tmp_path / "missing.txt"
    got = list(discover([tmp_path, tmp_path / "b.txt", missing]))
    assert got[:-1] == [tmp_path / "b.txt", tmp_path / "c.jsonl", tmp_path / "a" / "z.txt"]
    assert got[-1] == ReadProblem(str(missing), None, "no such file or folder")


def test_discover_follows_links_cuts_loops_and_never_opens_a_fifo(tmp_path):
    write(tmp_path / "top" / "a.txt", "a")
    (tmp_path / "top" / "loop").symlink_to(tmp_path / "top")
    (tmp_path / "top" / "link.txt").symlink_to(tmp_path / "top" / "a.txt")
    (tmp_path / "top" / "alias").symlink_to(tmp_path / "other")
    write(tmp_path / "other" / "b.txt", "b")
    os.mkfifo(tmp_path / "top" / "pipe")
    got = list(discover([tmp_path / "top", tmp_path / "other", tmp_path / "top" / "pipe"]))
    top = tmp_path / "top"
    # a folder's entries in name order, its subfolders after; "other" was walked as "alias"
    assert got == [
        top / "a.txt",
        ReadProblem(str(top / "loop"), None, f"symbolic link loop (leads back to {top})"),
        ReadProblem(str(top / "pipe"), None, "not a regular file or folder (a FIFO)"),
        top / "alias" / "b.txt",
    ]


def test_discover_has_no_depth_limit(tmp_path):
    folder = tmp_path
    for _ in range(200):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "deep.txt").write_text("deep")
    # fewer frames allowed than folders: a recursive walk would fail (a deeper tree on disk
    # would also break pytest's own recursive clean-up of tmp_path)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 50)
    try:
        found = list(discover([tmp_path]))
    finally:
        sys.setrecursionlimit(limit)
    assert found == [folder / "deep.txt"]


def test_nul_bytes_are_counted_on_the_first_article(tmp_path):
    path = tmp_path / "two.txt"
    path.write_bytes(b"One\x00\n\nBody one.\n\nRead More\n\nTwo\n\nBody\x00 two.\n")
    first, second = records(read_articles([path]))
    assert (first.title, first.text, first.removed_nuls) == ("One", "Body one.", 2)
    assert (second.title, second.text, second.removed_nuls) == ("Two", "Body two.", 0)


def test_article_size_limit(tmp_path):
    path = write(tmp_path / "a.txt", "é" * 600)  # 1,200 bytes of UTF-8
    assert records(read_articles([path], max_article_mb=0.0012))
    assert list(read_articles([path], max_article_mb=0.0011)) == [
        ReadProblem(str(path), None, "article text over the 0.0011 MB limit")
    ]
    with pytest.raises(BadInput, match="bad maximum article size 0 MB"):
        read_articles([path], max_article_mb=0)


def test_a_reader_failure_costs_one_file(tmp_path, monkeypatch):
    def broken(path, options):
        yield from ()
        raise RecursionError("too deep")

    monkeypatch.setitem(READERS, ".html", broken)
    page = write(tmp_path / "a.html", "<p>x</p>")
    good = write(tmp_path / "b.txt", "Fine.\n")
    got = list(read_articles([page, good]))
    assert got[0] == ReadProblem(str(page), None, "cannot read: RecursionError: too deep")
    assert isinstance(got[1], ArticleRecord)


def test_missing_path_is_a_problem_and_reading_goes_on(tmp_path):
    good = write(tmp_path / "ok.txt", "Words.\n")
    got = list(read_articles([tmp_path / "nope", good]))
    assert isinstance(got[0], ReadProblem) and got[0].path == str(tmp_path / "nope")
    assert isinstance(got[1], ArticleRecord)


# JSONL ----------------------------------------------------------------------------------


def test_jsonl_fields_precedence_and_bad_lines(tmp_path):
    lines = [
        {
            "text": "A\u00a0b.\r\nSecond line.",
            "published": "2020-01-02",
            "title": " T1 ",
            "source": "Wire",
            "url": "http://x/1",
            "author": ["Ann", "Bob"],
            "type": "narrative",
            "language": "fr-FR",
        },
        {"text": "No date here.", "date": "2021-05-06T10:00:00+02:00"},
        {"text": "Falls back.", "dct": ""},
        "not json",
        {"title": "no text"},
        {"text": "Month first.", "published": "06/05/2021"},
        {"text": "   "},
        {"text": "Bad type.", "type": "blog"},
        [1, 2],
    ]
    path = tmp_path / "a.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n",
        encoding="utf-8",
    )
    got = list(read_articles([path], published="1999-12-31", source="Arg", doc_type="news"))
    good = [g for g in got if isinstance(g, ArticleRecord)]
    assert [(g.position, g.published, g.published_origin) for g in good] == [
        (1, "2020-01-02", "metadata"),
        (2, "2021-05-06", "metadata"),
        (3, "1999-12-31", "given"),
        (6, "2021-06-05", "metadata"),  # numbers month first (--dayfirst: 3 May)
    ]
    first = good[0]
    assert first.text == "A b.\nSecond line."
    assert (first.title, first.source, first.author, first.url) == (
        "T1",
        "Wire",
        "Ann, Bob",
        "http://x/1",
    )
    assert (first.doc_type, first.language) == ("narrative", "fr")
    assert (good[1].source, good[1].doc_type, good[1].language) == ("Arg", "news", "en")
    assert [(p.line, p.message) for p in problems(got)] == [
        (4, "bad JSON: Expecting value (column 1)"),
        (5, "no 'text'"),
        (7, "empty 'text'"),
        (8, "bad type 'blog' (expected news or narrative)"),
        (9, "expected a JSON object, not an array"),
    ]


def test_jsonl_bad_bytes_spoil_one_line_only(tmp_path):
    path = tmp_path / "a.jsonl"
    # the other lines' "é" make it a UTF-8 file with a damaged byte, not another encoding
    path.write_bytes(b'{"text": "one \xc3\xa9"}\n{"text": "tw\xff"}\n{"text": "three \xc3\xa9"}\n')
    got = list(read_articles([path]))
    assert [g.text for g in got if isinstance(g, ArticleRecord)] == ["one é", "three é"]
    assert problems(got) == [ReadProblem(str(path), 2, "not UTF-8 text (byte 0xff at offset 31)")]


def test_utf16_jsonl_cut_short_keeps_the_lines_before(tmp_path):
    path = tmp_path / "a.jsonl"
    data = '{"text": "one"}\r\n{"text": "two"}\r\n'.encode("utf-16")
    path.write_bytes(data[:-1])  # the last character (LF) cut in half
    got = list(read_articles([path]))
    assert [(g.text, g.encoding) for g in got if isinstance(g, ArticleRecord)] == [
        ("one", "utf-16-le")
    ]
    assert problems(got) == [
        ReadProblem(str(path), 2, "not utf-16-le text from here on (truncated data)")
    ]


def test_utf16_csv_lines_across_chunks(tmp_path):
    # CR LF split across reads, a quoted field spanning lines, a last line without an end
    rows = "".join(f'"row {i}\r\nline two",T{i}\r\n' for i in range(3000)) + "last,TL"
    path = tmp_path / "a.csv"
    path.write_bytes(("text,title\r\n" + rows).encode("utf-16-be"))
    got = records(read_articles([path]))
    assert len(got) == 3001 and {g.encoding for g in got} == {"utf-16-be"}
    assert (got[0].text, got[0].position) == ("row 0\nline two", 2)
    assert (got[-1].text, got[-1].title, got[-1].position) == ("last", "TL", 6002)


def test_metadata_applies_to_jsonl_lines_and_records_win(tmp_path):
    path = write(
        tmp_path / "a.jsonl",
        '{"text": "one", "published": "2020-01-01"}\n{"text": "two", "title": "Own"}\n',
    )
    meta = write(
        tmp_path / "meta.csv",
        METADATA_HEADER + "a.jsonl,,2019-09-09,MetaSource,,,,\na.jsonl,2,,,Meta title,,,\n",
    )
    one, two = records(read_articles([path], metadata=load_metadata(meta), source="Arg"))
    assert (one.published, one.published_origin, one.source) == (
        "2020-01-01",
        "metadata",
        "MetaSource",
    )
    assert (two.published, two.published_origin, two.title) == ("2019-09-09", "metadata", "Own")


# CSV ------------------------------------------------------------------------------------


def test_csv_fields_quoted_newlines_and_bad_rows(tmp_path):
    path = write(
        tmp_path / "a.csv",
        "Title,TEXT,published,source,url,extra\n"
        'One,"First paragraph.\n\nSecond, quoted ""here"".",2020-02-03,Wire,http://x,ignored\n'
        ",,2020-01-01,,,\n"
        "Three,Third text.,2020-13-01,,,\n"
        "\n"
        "Four,Fourth text.,,,,,surplus\n"
        "Five,Fifth text.,,,,\n",
    )
    got = list(read_articles([path]))
    good = [g for g in got if isinstance(g, ArticleRecord)]
    assert [(g.position, g.title) for g in good] == [(2, "One"), (6, "Three"), (9, "Five")]
    assert good[0].text == 'First paragraph.\n\nSecond, quoted "here".'
    assert (good[0].published, good[0].source, good[0].url) == ("2020-02-03", "Wire", "http://x")
    # a date that does not exist costs the row its date, not the row: kept undated, with a word
    assert (good[1].published, good[1].notes) == (
        None,
        ("published '2020-13-01' is not a full date: the article is kept undated",),
    )
    assert [(p.line, p.message) for p in problems(got)] == [
        (5, "empty 'text'"),
        (8, "7 fields but the header has 6"),
    ]


def test_a_jsonl_date_that_is_no_text_keeps_the_article_undated(tmp_path):
    path = write(
        tmp_path / "a.jsonl",
        '{"text": "One.", "published": 20220620}\n'
        '{"text": "Two.", "published": {"day": 20}}\n'
        '{"text": "Three.", "published": true}\n',
    )
    got = list(read_articles([path]))
    assert [(g.published, g.notes) for g in got if isinstance(g, ArticleRecord)] == [
        (None, ("published '20220620' is not a full date: the article is kept undated",)),
        (None, ("published must be text, not dict: the article is kept undated",)),
        (None, ("published must be text, not bool: the article is kept undated",)),
    ]


def test_csv_without_text_column(tmp_path):
    path = write(tmp_path / "a.csv", "title,body\nx,y\n")
    assert list(read_articles([path])) == [
        ReadProblem(str(path), 1, "no 'text' column in the header row")
    ]


def test_csv_unclosed_quote_stops_the_file(tmp_path):
    path = write(tmp_path / "a.csv", 'text\nfine\n"never closed\nmore\n')
    got = list(read_articles([path]))
    assert isinstance(got[0], ArticleRecord) and got[0].text == "fine"
    assert got[1].line == 3 and "bad CSV" in got[1].message


def test_csv_with_crlf_and_bom(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b'\xef\xbb\xbftext,title\r\n"a\r\nb",T\r\n')
    [record] = records(read_articles([path]))
    assert (record.text, record.title, record.position) == ("a\nb", "T", 2)


# HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head>
<title>Summit ends | The Courier</title>
<meta property="og:site_name" content="The Courier">
<meta property="article:published_time" content="2022-11-15T08:30:00Z">
<link rel="canonical" href="https://courier.example/summit">
<script>var trackingDate = "1 January 2001"; document.write("ads");</script>
<style>p { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
  <h1>Summit ends   without a deal</h1>
  <p class="byline">By Jane Roe</p>
  <p>Leaders met on&nbsp;<b>Monday</b> in Bali.
     Talks went on until late.</p>
  <script>console.log("2 February 2002")</script>
  <figure><img src="x.jpg"><figcaption>Leaders, 14 November</figcaption></figure>
  <h2>Next steps</h2>
  <p>Another meeting is set for 2023.</p>
  <aside>Related: older summit</aside>
</article>
<footer>© 2022 The Courier</footer>
</body></html>
"""


def test_html_page(tmp_path):
    path = write(tmp_path / "page.html", PAGE)
    [record] = records(read_articles([path]))
    assert record.text == (
        "Leaders met on Monday in Bali. Talks went on until late.\n\n"
        "Next steps\n\nAnother meeting is set for 2023."
    )
    assert record.title == "Summit ends without a deal"
    assert (record.published, record.published_origin) == ("2022-11-15", "html-meta")
    assert (record.source, record.author) == ("The Courier", "Jane Roe")
    assert (record.url, record.language) == ("https://courier.example/summit", "en")


def test_html_without_article_uses_time_and_title(tmp_path):
    path = write(
        tmp_path / "p.htm",
        "<html><head><title>Plain page</title></head><body><nav>Menu</nav>"
        "<p>Posted <time datetime='2019-04-01'>April 1</time>.</p><p>Body text.</p>"
        "<script>alert('no')</script></body></html>",
    )
    [record] = records(read_articles([path], published="2000-01-01"))
    assert (record.title, record.published, record.published_origin) == (
        "Plain page",
        "2019-04-01",
        "html-meta",
    )
    # "Posted April 1." is the page's date line, not an event: it leaves the text
    assert record.text == "Body text."


# metadata -------------------------------------------------------------------------------


def test_metadata_overrides_the_text_but_not_blank(tmp_path):
    write(tmp_path / "docs" / "a.txt", "Own Title\n\nBy Sam Poe\n\nBody 2001.\n")
    meta = write(
        tmp_path / "meta.csv", METADATA_HEADER + "docs/a.txt,1,,,New title,,http://u,news\n"
    )
    [record] = records(read_articles([tmp_path / "docs"], metadata=load_metadata(meta)))
    assert (record.title, record.author, record.url, record.doc_type) == (
        "New title",
        "Sam Poe",
        "http://u",
        "news",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("file,when\n", "line 1: unknown column 'when'"),
        ("title\n", "line 1: no 'file' column"),
        ("file,file\n", "line 1: column 'file' given twice"),
        (
            METADATA_HEADER + "a.txt,,last week,,,,,\n",
            "line 2: bad published date 'last week' (not a full date: day, month and year)",
        ),
        (
            METADATA_HEADER + "a.txt,,2020-02-30,,,,,\n",
            "line 2: bad published date '2020-02-30': 2020-02 has no day 30",
        ),
        (METADATA_HEADER + "a.txt,0,,,,,,\n", "line 2: bad part '0'"),
        (METADATA_HEADER + "a.txt,,,,,,,blog\n", "line 2: bad type 'blog'"),
        (METADATA_HEADER + ",1,,,,,,\n", "line 2: empty 'file'"),
        (METADATA_HEADER + "a.txt,1,,,,,,,x\n", "line 2: 9 fields but the header has 8"),
        (
            METADATA_HEADER + "a.txt,1,,,,,,\n\n./a.txt,1,,,,,,\n",
            "line 4: './a.txt' part 1 given twice (first on line 2)",
        ),
        ("", "is empty"),
    ],
)
def test_metadata_validation(tmp_path, content, message):
    path = write(tmp_path / "meta.csv", content)
    with pytest.raises(BadInput, match="^metadata file .*" + re.escape(message)):
        load_metadata(path)


@pytest.mark.parametrize(
    ("cell", "dayfirst", "date"),
    [
        ("2020-07-21", False, "2020-07-21"),
        ('"July 21, 2020"', False, "2020-07-21"),
        ("21 July 2020", False, "2020-07-21"),
        ('"Tue, 21 Jul 2020 23:10:00 -0400"', False, "2020-07-21"),
        ("2020-07-21T23:10:00-04:00", False, "2020-07-21"),
        ("03/04/2022", False, "2022-03-04"),
        ("03/04/2022", True, "2022-04-03"),
    ],
)
def test_metadata_dates_as_exports_write_them(tmp_path, cell, dayfirst, date):
    path = write(tmp_path / "meta.csv", METADATA_HEADER + f"a.txt,,{cell},,,,,\n")
    (entry,) = load_metadata(path, dayfirst=dayfirst).entries
    assert entry.fields.published == date


def test_metadata_file_errors(tmp_path):
    with pytest.raises(BadInput, match="cannot read metadata file"):
        load_metadata(tmp_path / "absent.csv")
    path = tmp_path / "m.csv"
    path.write_bytes(b"file\n\xff\n")
    with pytest.raises(BadInput, match=r"not UTF-8 text \(byte 0xff at offset 5\)"):
        load_metadata(path)


def test_bad_arguments_raise_at_once(tmp_path):
    with pytest.raises(BadInput, match="bad published date '2020-7-1'"):
        read_articles([tmp_path], published="2020-7-1")
    with pytest.raises(BadInput, match="bad document type"):
        read_articles([tmp_path], doc_type="blog")


# hashing --------------------------------------------------------------------------------


def test_content_hash_ignores_whitespace_layout_only():
    assert content_hash("a  b\n\nc ") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")
    assert len(content_hash("x")) == 64


def test_date_header_then_site_header_before_each_article(tmp_path):
    path = write(
        tmp_path / "c.txt",
        "Monday, 3 June 2019\n\nSite Name\n\nTitle A\n\nBody A.\n\nRead More\nSite Name\n\n"
        "Title B\n\nBody B.\n",
    )
    got = records(read_articles([path]))
    assert [(r.position, r.title, r.text, r.published) for r in got] == [
        (1, "Title A", "Body A.", "2019-06-03"),
        (2, "Title B", "Body B.", "2019-06-03"),
    ]
