"""Saved web pages: the gold pages of tests/data/pages, then each failure of the issue
"Publication dates you can trust" on a page of its own, then the date lines themselves."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from timeline.ingest.formats.html_dates import Shown, date_line, page_day
from timeline.ingest.read import read_articles
from timeline.records import ArticleRecord, ReadProblem

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
with (PAGES / "gold.csv").open(encoding="utf-8", newline="") as _handle:
    GOLD = list(csv.DictReader(_handle))

# Known misses, each with why (strict: a fix makes the test say so)
DATE_MISSES = {
    # the date is only in the first sentence's dateline: ingest's dateline reading (after
    # the reader) is the one to find it
    "press_release_dateline_only.html": "dateline in the text only",
    # only a UTC timestamp (01:15 the next day): nothing on the page tells its zone
    "us_local_z_only.html": "UTC only",
}
AUTHOR_MISSES = {
    # trafilatura cuts DC.creator "Department for Digital Services" to "Department" and
    # then drops it as no person's name
    "gov_dc_date_issued.html": "organisation in DC.creator",
    # names shown without "By" and in no metadata
    "squarespace_itemprop.html": "name without By",
    "dw_like_european_date.html": "name without By",
}
# a byline or date line, told apart independently of the reader's own rules
BYLINE_OR_DATE = re.compile(
    r"^(?:by|posted|published|updated|first published|last (?:modified|updated))\b"
    r"|^\W*(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*\W+)?"
    r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}\b"
    r"[^a-z]*(?:[ap]\.?m\.?|[a-z]{2,4})?\W*$",
    re.IGNORECASE,
)


def read(path: Path, **options) -> ArticleRecord:
    [item] = read_articles([path], **options)
    assert isinstance(item, ArticleRecord), item
    return item


def names(author: str | None) -> set[str]:
    """People in an author field, in lower case ("A; B", "A and B", "Inc." as "inc")."""
    parts = re.split(r"\s*(?:;|\band\b)\s*", author or "")
    return {p.lower().rstrip(".") for p in parts if p}


# the gold pages -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gold_records() -> dict[str, ArticleRecord]:
    return {row["file"]: read(PAGES / row["file"]) for row in GOLD}


def test_gold_set_covers_the_issue():
    cases = {case for row in GOLD for case in row["cases"].split()}
    assert len(GOLD) >= 30
    assert {
        "jsonld",
        "og_article",
        "dc",
        "article_meta",
        "visible_only",
        "related_first",
        "late_us",
        "updated",
        "stray_byte",
        "legacy_charset",
        "no_date",
    } <= cases
    assert sorted(p.name for p in PAGES.glob("*.html")) == sorted(row["file"] for row in GOLD)


@pytest.mark.parametrize("row", GOLD, ids=[row["file"] for row in GOLD])
def test_gold_page(row, gold_records):
    record = gold_records[row["file"]]
    want = row["published"] or None
    if row["file"] in DATE_MISSES:
        assert record.published != want, f"fixed: {DATE_MISSES[row['file']]}"
    else:
        assert record.published == want
    assert record.published_origin == ("html-meta" if record.published else "unknown")
    assert record.title == row["title"]
    if row["file"] in AUTHOR_MISSES:
        assert record.author is None, f"fixed: {AUTHOR_MISSES[row['file']]}"
    else:
        assert names(record.author) == names(row["author"])
    for paragraph in record.text.split("\n\n"):
        assert not BYLINE_OR_DATE.search(paragraph), paragraph
    assert "<" not in record.text and "{" not in record.text  # no markup, no script


def test_gold_texts_keep_the_article(gold_records):
    # the first words of each article's first paragraph are in its text
    assert gold_records["arc_post_jsonld_late.html"].text.startswith(
        "The Senate passed the $1.9 trillion relief package late Wednesday"
    )
    weekly = gold_records["weekly_table_layout.html"].text  # a table layout
    assert "A fire that smoldered for two days" in weekly
    blogger = gold_records["blogger_date_header.html"].text  # paragraphs split by <br>
    assert blogger.startswith("The planning board voted 4-1 on Thursday")
    # related stories, trending lists and comments are not the article
    assert "Coalition talks: what we know" not in gold_records["trending_sidebar_first.html"].text
    assert "Great explainer" not in gold_records["newsletter_jsonld_only.html"].text


# the failures of the issue, one by one --------------------------------------------------

BODY = (
    "<p>The county board voted on Tuesday to close the old landfill on Ridge Road by the end"
    " of next year, after a decade of complaints from neighbours about smells and trucks.</p>"
    "<p>The vote was 5 to 2. The county will spend $4 million on a transfer station near the"
    " highway, and residents will be able to drop off recycling there six days a week.</p>"
)


def page(tmp_path: Path, head: str = "", header: str = "", after: str = "", **kw) -> Path:
    """A news page: ``head`` in <head>, ``header`` between the headline and the text,
    ``after`` after the article."""
    before = kw.get("before", "")
    html = (
        f"<!DOCTYPE html><html lang='en-US'><head><meta charset='utf-8'>"
        f"<title>Board votes to close landfill | The Courier</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>{before}"
        f"<article><h1>Board votes to close landfill</h1>{header}{BODY}</article>"
        f"{after}<footer>© 2024 The Courier</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "head",
    [
        # JSON-LD only
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        '"datePublished":"2021-03-03T10:00:00Z","dateModified":"2021-03-05T10:00:00Z"}</script>',
        '<meta property="og:article:published_time" content="2021-03-03T10:00:00Z">',
        '<meta name="dc.date" content="2021-03-03">',
        '<meta name="DC.date.issued" content="2021-03-03">',
        '<meta property="article:published_time" content="2021-03-03T10:00:00+00:00">',
    ],
    ids=["json-ld", "og-article", "dc-date", "dc-date-issued", "article-published"],
)
def test_metadata_dates(tmp_path, head):
    record = read(page(tmp_path, head=head))
    assert (record.published, record.published_origin) == ("2021-03-03", "html-meta")


def test_date_only_in_the_visible_byline(tmp_path):
    record = read(page(tmp_path, header="<p>By Jane Doe | March 3, 2021</p>"))
    assert (record.published, record.author) == ("2021-03-03", "Jane Doe")
    assert record.text.startswith("The county board voted")


def test_related_stories_card_first(tmp_path):
    card = (
        "<div class='related-stories'><a href='/a'>Older story</a>"
        "<time datetime='2021-02-01'>Feb. 1, 2021</time></div>"
    )
    own = "<p class='meta'><time datetime='2021-03-03T09:00:00+01:00'>3 March 2021</time></p>"
    assert read(page(tmp_path, before=card, header=own)).published == "2021-03-03"


def test_a_card_before_the_headline_unnamed(tmp_path):
    # a list of other parts the furniture names do not catch: the date under the headline
    rail = "<ul class='package-rail'><li><time datetime='2021-09-12'>Sept. 12</time></li></ul>"
    own = "<p class='date'><time datetime='2021-09-26'>Sept. 26, 2021</time></p>"
    assert read(page(tmp_path, before=rail, header=own)).published == "2021-09-26"


@pytest.mark.parametrize(
    ("head", "header", "day"),
    [
        # an offset: that clock's day, not the UTC 4 March
        (
            '<meta property="article:published_time" content="2021-03-03T23:30:00-05:00">',
            "",
            "2021-03-03",
        ),  # fmt: skip
        # UTC in the metadata, the site's day under the headline
        (
            '<meta property="article:published_time" content="2021-03-04T04:30:00Z">',
            "<p>March 3, 2021 at 11:30 p.m. EST</p>",
            "2021-03-03",
        ),
        # UTC in JSON-LD, the site's zone in another timestamp of the page
        (
            '<script type="application/ld+json">{"datePublished":"2019-07-16T02:05:00Z",'
            '"dateModified":"2019-07-16T09:30:00-07:00"}</script>',
            "<p>Updated 9:30 a.m.</p>",
            "2019-07-15",
        ),
        # UTC and nothing else: the UTC day (no zone to be had)
        (
            '<meta property="article:published_time" content="2021-03-04T04:30:00Z">',
            "",
            "2021-03-04",
        ),  # fmt: skip
        # the morning east of UTC: the day shown, not the UTC eve
        (
            '<meta property="article:published_time" content="2022-02-28T22:30:00Z">',
            "<p>Published Mar 1, 2022, 6:30 am SGT</p>",
            "2022-03-01",
        ),
    ],
    ids=["offset", "utc-and-shown", "utc-and-zone", "utc-only", "east"],
)
def test_the_sites_own_day(tmp_path, head, header, day):
    record = read(page(tmp_path, head=head, header=header))
    assert record.published == day
    assert "a.m." not in record.text and "EST" not in record.text


def test_updated_beside_published_takes_the_original(tmp_path):
    head = (
        '<meta property="article:published_time" content="2021-05-10T13:00:00+00:00">'
        '<meta property="article:modified_time" content="2021-06-02T15:42:10+00:00">'
    )
    header = "<p>Published May 10, 2021 | Updated June 2, 2021</p>"
    assert read(page(tmp_path, head=head, header=header)).published == "2021-05-10"
    # shown only, the update first
    header = "<div class='dates'>Updated 4 March 2021 10:02 · First published 3 March 2021</div>"
    assert read(page(tmp_path, header=header)).published == "2021-03-03"


def test_a_stray_byte_is_read_with_a_note(tmp_path):
    path = page(tmp_path, head='<meta name="dc.date" content="2019-10-15">')
    data = path.read_bytes().replace(b"neighbours", "“neighbours”".encode())
    path.write_bytes(data.replace(b"county will", b"county\x92s plan will", 1))
    record = read(path)
    assert "county’s plan will" in record.text and "“neighbours”" in record.text
    assert record.encoding == "utf-8"
    assert record.notes == (
        f"not all UTF-8: 1 stray byte read as Windows-1252 (the first: 0x92 at offset"
        f" {data.index(b'county will') + len('county')})",
    )
    assert record.published == "2019-10-15"


def test_a_declared_legacy_charset(tmp_path):
    path = tmp_path / "old.html"
    path.write_bytes(
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            "<title>Caf\xe9 reopens</title><meta name='pubdate' content='20170412'></head><body>"
            "<h1>Caf\xe9 reopens</h1><p>The caf\xe9 on Main Street reopened on Tuesday –"
            " “at last”, its owner said, after a year of repairs.</p></body></html>"
        ).encode("cp1252")
    )
    record = read(path)
    assert record.encoding == "windows-1252" and record.notes == ()
    assert "caf\xe9 on Main Street reopened on Tuesday – “at last”" in record.text
    assert (record.title, record.published) == ("Caf\xe9 reopens", "2017-04-12")


def test_no_date_gives_none_not_a_guess(tmp_path):
    # a copyright year, a date in the text, a list of the latest stories after it
    latest = "<div class='latest-box'><a href='/x'>Flood update</a><div>June 11, 2024</div></div>"
    body = page(tmp_path, after=latest)
    body.write_text(
        body.read_text().replace("by the end", "on 4 March 2003, by the end"), encoding="utf-8"
    )
    record = read(body)
    assert (record.published, record.published_origin) == (None, "unknown")
    assert "4 March 2003" in record.text
    # the command line's date is then the one used
    assert read(body, published="2024-01-02").published_origin == "given"


def test_byline_and_date_lines_leave_the_text(tmp_path):
    header = (
        "<div class='byline'>By Jane Doe</div><div>Posted by Tom Becker on March 12, 2020 ·"
        " 6 min read</div><p>Published 3 March 2021</p><p>Updated 4 March 2021 10:02</p>"
    )
    after = "<p class='stamp'>Last updated: 5 March 2021</p>"
    record = read(page(tmp_path, header=header, after=after))
    assert record.text == BODY.replace("<p>", "").replace("</p>", "\n\n").strip()
    assert record.author == "Jane Doe"


def test_a_hostile_body_is_plain_text(tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(
        "<html><head><title>Water main breaks</title>"
        "<script>document.write('<p>Injected 1 January 2001</p>')</script></head>"
        "<body onload=\"alert('x')\"><article><h1>Water main breaks</h1>"
        "<p>A water main broke on Elm Street on Monday, flooding three basements."
        "<img src=x onerror=\"alert('2 February 2002')\"></p>"
        "<script>var d = '3 March 2003'; alert(d)</script>"
        "<p>Crews <a href='javascript:alert(1)'>repaired</a> the pipe by 4 p.m.<iframe"
        " src='https://evil.example/'></iframe></p><noscript><p>4 April 2004</p></noscript>"
        "<template><p>6 June 2006</p></template></article></body></html>",
        encoding="utf-8",
    )
    record = read(path)
    assert record.text == (
        "A water main broke on Elm Street on Monday, flooding three basements.\n\n"
        "Crews repaired the pipe by 4 p.m."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"<html><head><title>Only a title</title></head><body><nav>Menu</nav></body></html>",
            "no article text found in the page",
        ),  # fmt: skip
        (
            b"<html><body><script>alert(1)</script></body></html>",
            "no article text found in the page",
        ),  # fmt: skip
        (b"%PDF-1.4 not a page", "binary file (a PDF document), not text"),
        (b"", "empty file"),
    ],
)
def test_pages_without_an_article(tmp_path, content, message):
    path = tmp_path / "p.html"
    path.write_bytes(content)
    assert list(read_articles([path])) == [ReadProblem(str(path), None, message)]


def test_page_fields(tmp_path):
    head = (
        '<meta property="og:site_name" content="The Courier">'
        '<link rel="canonical" href="https://courier.example/landfill">'
        '<meta property="og:title" content="Board votes to close landfill — The Courier">'
    )
    record = read(page(tmp_path, head=head, header="<p>By JANE DOE Staff Writer</p>"))
    assert (record.title, record.source, record.url, record.language) == (
        "Board votes to close landfill",
        "The Courier",
        "https://courier.example/landfill",
        "en",
    )
    assert record.author == "Jane Doe"  # an all-capitals byline, its role left out


# date lines and days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "author", "published", "updated"),
    [
        ("Published 3 March 2021", None, "2021-03-03", set()),
        ("Updated 4 March 2021 10:02", None, None, {"2021-03-04"}),
        ("By Jane Doe | March 3, 2021", "Jane Doe", "2021-03-03", set()),
        ("Posted by Tom Becker on March 12, 2020 · 6 min read", "Tom Becker", "2020-03-12", set()),
        ("Jun 3, 2017 11:48 PM EDT", None, "2017-06-03", set()),
        ("Posted: Jul 4, 2023 / 10:41 PM CDT", None, "2023-07-04", set()),
        ("Tue 8 Sep 2020 17.20 BST", None, "2020-09-08", set()),
        (
            "Nov. 8, 2022 11:47 p.m. Updated Nov. 9, 2022 1:20 a.m.",
            None,
            "2022-11-08",
            {"2022-11-09"},
        ),  # fmt: skip
        ("Aug. 14, 2020Updated: Aug. 15, 2020 9:05 a.m.", None, "2020-08-14", {"2020-08-15"}),
        ("Updated 5:18 PM ET, Wed March 11, 2020", None, None, {"2020-03-11"}),
        ("By ED HARLAN", "Ed Harlan", None, set()),
        ("Updated 9:30 a.m.", None, None, set()),
    ],
)
def test_date_lines(text, author, published, updated):
    line = date_line(text)
    assert line is not None
    assert (line.author, line.published, line.updated) == (author, published, updated)


@pytest.mark.parametrize(
    "text",
    [
        "The vote was on March 3, 2021.",
        "On 4 March the council met again at 10:02 and voted.",
        "By the end of March 2021 the work was done.",
        "Reporting by Pavel Ivanenko in Kyiv; Editing by Simon Leyland",
        "2021",
        "At its peak in the late 1980s it employed 400 people",
    ],
)
def test_prose_is_no_date_line(text):
    assert date_line(text) is None


def test_page_day():
    nothing = Shown()
    utc = "2021-03-04T04:30:00+0000"
    metadata = {"2021-03-04"}
    assert page_day(utc, nothing, [], metadata, set()) == "2021-03-04"
    assert page_day(utc, Shown("2021-03-03"), [], metadata, set()) == "2021-03-03"
    # 04:30 UTC cannot be the next day anywhere (UTC+14 is 18:30)
    assert page_day(utc, Shown("2021-03-05"), [], metadata, set()) == "2021-03-04"
    same_instant = ['"x": "2021-03-03T23:30:00-05:00"']
    assert page_day(utc, nothing, same_instant, metadata, set()) == "2021-03-03"
    assert page_day("2021-03-04T00:00:00+0000", Shown("2021-03-03"), [], metadata, set()) == (
        "2021-03-04"  # midnight is a date alone
    )
    # a date from the body, not in the metadata: the one under the headline wins; alone,
    # it must be shown before the article's text
    body = "2021-09-12T00:00:00"
    assert page_day(body, Shown("2021-09-26"), [], set(), set()) == "2021-09-26"
    assert page_day(body, nothing, [], set(), {"2021-09-12"}) == "2021-09-12"
    assert page_day(body, nothing, [], set(), set()) is None
    assert page_day(None, Shown("2021-09-26"), [], set(), set()) == "2021-09-26"
    assert page_day(None, nothing, [], set(), set()) is None
