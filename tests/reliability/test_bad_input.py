"""Bad input gets a clear answer: real files in tmp_path, through the real command line.

Each test feeds `timeline ingest` something an archive really holds (binary files, legacy
encodings, damaged text, huge lines, odd folders, malformed rows) and checks the exit
status, the exact lines on stdout and stderr, and what got stored.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from timeline.cli import cli

PUBLISHED = "2020-07-21"


def ingest(url: str, *args: str | Path) -> Result:
    # --type news: undated articles are not read as narrative (and said so on stderr)
    command = ["--db", url, "ingest", "--type", "news", *map(str, args)]
    return CliRunner().invoke(cli, command, catch_exceptions=False)


def stored(url: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--db", url, "articles", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def stored_from(url: str) -> list[tuple[str, int]]:
    """(file name, position) of every stored article, in order."""
    return sorted((Path(a["origin_path"]).name, a["position"]) for a in stored(url))


def sentences(url: str) -> list[str]:
    result = CliRunner().invoke(cli, ["--db", url, "query", "--format", "json"])
    assert result.exit_code == 0, result.output
    return [row["sentence"] for row in json.loads(result.stdout)]


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'x.db'}"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# binary, empty ---------------------------------------------------------------------------


def test_binary_files_are_skipped_with_their_kind(url, inbox):
    good = write(inbox / "good.txt", "The treaty was signed on 28 June 1919.\n")
    png = write(inbox / "scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    pdf = write(inbox / "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    docx = write(inbox / "letter.txt", b"PK\x03\x04\x14\x00\x06\x00" + bytes(100))
    noise = write(inbox / "noise.csv", bytes(range(256)) * 20)
    rtf = write(inbox / "memo.txt", b"{\\rtf1\\ansi Memo of 3 May 1990}")
    result = ingest(url, inbox)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"skipped {docx}: binary file (a ZIP archive: also .docx, .xlsx, .odt, .epub), not text",
        f"skipped {rtf}: binary file (an RTF document: save it as plain text), not text",
        f"skipped {noise}: binary file, not text",
        f"skipped {pdf}: binary file (a PDF document), not text",
        f"skipped {png}: binary file (a PNG image), not text",
    ]
    assert result.stdout == (
        "1 new article, 0 already stored, 1 expression, 1 mention, 1 event, 0 unresolved, "
        "5 problems\n"
    )
    assert stored_from(url) == [(good.name, 1)]


def test_empty_files(url, inbox):
    names = ["a.txt", "b.jsonl", "c.csv", "d.html"]
    for name in names:
        write(inbox / name, b"")
    blank = write(inbox / "e.txt", "\n \r\n\t\n")
    blank_jsonl = write(inbox / "f.jsonl", "\n\r\n")
    header_only = write(inbox / "g.csv", "text,title\r\n")
    result = ingest(url, inbox)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        *(f"skipped {inbox / name}: empty file" for name in names),
        f"skipped {blank}: no article text",
        f"skipped {blank_jsonl}: no records (only blank lines)",
        f"skipped {header_only}: no rows after the header",
    ]
    assert stored(url) == []


# encodings -------------------------------------------------------------------------------


def test_windows_1252_and_latin1_are_decoded_and_named(url, inbox):
    # smart quotes, dashes and the euro sign are 0x80-0x9F in Windows-1252
    cp1252 = write(
        inbox / "cp1252.txt",
        "“Deal Done” – At Last\r\n\r\nThe minister’s deal, worth €2bn, was signed on 4 March"
        " 2019.\r\n".encode("cp1252"),
    )
    latin1 = write(
        inbox / "latin1.txt",
        "Élection à Paris\n\nLe président a été élu le 7 mai 2017.\n".encode("latin-1"),
    )
    result = ingest(url, inbox)
    assert result.exit_code == 0, result.output
    assert stderr_lines(result) == [
        f"decoded {cp1252} as windows-1252",
        f"decoded {latin1} as windows-1252",
    ]
    assert result.stdout.startswith("2 new articles, 0 already stored, ")
    assert sorted(a["title"] for a in stored(url)) == ["Élection à Paris", "“Deal Done” – At Last"]
    assert sorted(sentences(url)) == [
        "Le président a été élu le 7 mai 2017.",
        "The minister’s deal, worth €2bn, was signed on 4 March 2019.",
    ]


def test_utf16_and_utf32_with_and_without_bom(url, inbox):
    files = {
        "le-bom.txt": ("utf-16", "utf-16-le", 1901),  # Python writes little-endian + BOM
        "be-bom.txt": ("utf-16-be", "utf-16-be", 1902),
        "le.txt": ("utf-16-le", "utf-16-le", 1903),
        "be.txt": ("utf-16-be", "utf-16-be", 1904),
        "utf32.txt": ("utf-32", "utf-32-le", 1905),
        "utf8-bom.txt": ("utf-8-sig", None, 1906),
    }
    for name, (codec, _, year) in files.items():
        data = f"Report {year}\r\n\r\nThe census ended in {year}.\r\n".encode(codec)
        if name == "be-bom.txt":
            data = codecs.BOM_UTF16_BE + data
        write(inbox / name, data)
    result = ingest(url, inbox)
    assert result.exit_code == 0, result.output
    assert stderr_lines(result) == [
        f"decoded {inbox / name} as {shown}"
        for name, (_, shown, _) in sorted(files.items())
        if shown
    ]
    assert sorted(a["title"] for a in stored(url)) == [f"Report {y}" for y in range(1901, 1907)]
    assert sorted(sentences(url)) == [f"The census ended in {y}." for y in range(1901, 1907)]


def test_other_legacy_encodings_go_to_the_detector(url, inbox):
    russian = "Министр иностранных дел заявил, что переговоры продолжатся в 2019 году.\n"
    path = write(inbox / "ru.txt", ("Переговоры\n\n" + russian).encode("cp1251"))
    result = ingest(url, inbox)
    assert result.exit_code == 0, result.output
    assert stderr_lines(result) == [f"decoded {path} as windows-1251"]
    assert [a["title"] for a in stored(url)] == ["Переговоры"]


def test_html_declared_charset(url, inbox):
    page = write(
        inbox / "page.html",
        (
            '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 reopens</title></head>'
            "<body><p>The caf\xe9 reopened on 2 May 2021 \x96 \x93at last\x94.</p></body></html>"
        ).encode("latin-1"),
    )
    result = ingest(url, inbox)
    assert result.exit_code == 0, result.output
    # browsers read a page labelled ISO-8859-1 as Windows-1252, and so does timeline
    assert stderr_lines(result) == [f"decoded {page} as windows-1252"]
    assert sentences(url) == ["The café reopened on 2 May 2021 – “at last”."]


def test_damaged_utf8_is_skipped_with_the_first_bad_byte(url, inbox):
    # mostly UTF-8 (“ ” é): one bad byte is damage, not another encoding
    damaged = write(
        inbox / "damaged.txt", "“Quoted” café on 1 May 2020.".encode() + b" Bad \xff here.\n"
    )
    result = ingest(url, inbox)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"skipped {damaged}: not UTF-8 text (byte 0xff at offset 38)"]
    assert stored(url) == []


# line ends, NULs -------------------------------------------------------------------------


def test_mixed_and_old_mac_line_endings(url, inbox):
    write(inbox / "mixed.txt", "Mixed Ends\r\n\nFirst in 1990.\r\rSecond in 1991.\n")
    write(inbox / "mac.txt", "Old Mac\r\rWritten in 1995.\r")
    write(inbox / "a.jsonl", '{"text": "One in 2001."}\r\n{"text": "Two in 2002."}\n')
    write(inbox / "b.jsonl", '{"text": "Three in 2003."}\r{"text": "Four in 2004."}\r')
    write(inbox / "c.csv", 'text,title\r\n"Five in\r\n2005.",T5\n"Six in 2006.",T6\r\n')
    write(inbox / "d.csv", "text,title\rSeven in 2007.,T7\rEight in 2008.,T8\r")
    result = ingest(url, inbox)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert stored_from(url) == [
        ("a.jsonl", 1),
        ("a.jsonl", 2),
        ("b.jsonl", 1),
        ("b.jsonl", 2),
        ("c.csv", 2),
        ("c.csv", 4),
        ("d.csv", 2),
        ("d.csv", 3),
        ("mac.txt", 1),
        ("mixed.txt", 1),
    ]
    assert "Five in\n2005." in sentences(url)
    assert {"Mixed Ends", "Old Mac"} <= {a["title"] for a in stored(url)}


def test_nul_bytes_are_dropped_and_counted(db_url, inbox):
    # on PostgreSQL too: it refuses NUL in text, and a broken JSON surrogate anywhere
    inner = write(inbox / "inner.txt", b"Damaged\n\nThe pact\x00\x00 was signed in 1939.\x00\n")
    padded = write(inbox / "padded.txt", b"Padded\n\nThe war ended in 1945.\n" + bytes(4096))
    rows = write(
        inbox / "rows.jsonl",
        '{"text": "Row with \\u0000 in 1950."}\n{"text": "Cut emoji \\ud83d in 1951."}\n',
    )
    cells = write(inbox / "cells.csv", b'text\n"Cell \x00 in 1960."\n')
    result = ingest(db_url, inbox)
    assert result.exit_code == 0, result.output
    assert stderr_lines(result) == [
        f"removed 1 NUL byte from {cells}",
        f"removed 3 NUL bytes from {inner}",
        f"removed 4096 NUL bytes from {padded}",
        f"removed 1 NUL byte from {rows}",
    ]
    assert sorted(sentences(db_url)) == [
        "Cell  in 1960.",
        "Cut emoji \ufffd in 1951.",
        "Row with  in 1950.",
        "The pact was signed in 1939.",
        "The war ended in 1945.",
    ]


# size ------------------------------------------------------------------------------------


def _big_line(path: Path, megabytes: int) -> Path:
    """One line of ``megabytes`` MB of words, with no repeating period (no site header)."""
    words = b"the treaty was signed in Paris after long talks between the two delegations "
    with path.open("wb") as handle:
        for i in range(megabytes * 1_000_000 // 100_000):
            handle.write((words * 1400)[: 100_000 - 8] + f"{i:07d} ".encode())
    return path


def test_a_50_mb_single_line_file_is_skipped_quickly(url, inbox):
    big = _big_line(inbox / "dump.txt", 50)
    small = write(inbox / "small.txt", "Signed in 1919.\n")
    started = time.monotonic()
    result = ingest(url, inbox)
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"skipped {big}: article text over the 10 MB limit"]
    assert stored_from(url) == [(small.name, 1)]
    assert elapsed < 60, f"{elapsed:.1f} s"  # a few seconds; the tagger would take minutes


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux only")
def test_a_50_mb_single_line_is_read_in_a_small_multiple_of_its_size(inbox):
    big = _big_line(inbox / "dump.txt", 50)
    # a fresh process, so that its peak memory is the reading's alone
    script = (
        "import resource, sys\n"
        "from timeline.ingest.read import read_articles\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "[record] = read_articles([sys.argv[1]], max_article_mb=60)\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(len(record.text), (peak - base) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(big)], capture_output=True, text=True, check=True
    )
    length, extra_mb = map(int, done.stdout.split())
    assert length == 50_000_000 - 1  # the final space is trimmed
    assert extra_mb < 5 * 50, f"{extra_mb} MB to read a 50 MB line"


def test_article_size_limit_is_configurable(url, inbox):
    text = write(inbox / "long.txt", "Long\n\n" + "Words in 1999. " * 100 + "\n")
    rows = write(
        inbox / "rows.jsonl",
        '{"text": "Short in 2000."}\n' + json.dumps({"text": "Words in 1999. " * 100}) + "\n",
    )
    table = write(inbox / "rows.csv", "text\n" + "Words in 1999. " * 100 + "\nShort in 2001.\n")
    result = ingest(url, inbox, "--max-article-mb", "0.001")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"skipped {text}: article text over the 0.001 MB limit",
        f"skipped {table}:2: a field over the 0.001 MB limit: the rest of the file is not read",
        f"skipped {rows}:2: article text over the 0.001 MB limit",
    ]
    assert stored_from(url) == [("rows.jsonl", 1)]


# folders ---------------------------------------------------------------------------------


def test_deeply_nested_folders(url, inbox):
    folder = inbox
    for level in range(1, 201):
        folder = folder / "d"
        if level % 50 == 0:
            write(folder / f"level{level}.txt", f"Depth {level} reached in {1800 + level}.\n")
    folder.mkdir(parents=True, exist_ok=True)
    result = ingest(url, inbox)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert stored_from(url) == [(f"level{n}.txt", 1) for n in (100, 150, 200, 50)]


def test_symbolic_links_loops_and_broken_links(url, tmp_path, inbox):
    outside = write(tmp_path / "elsewhere" / "linked.txt", "Linked in 1961.\n")
    inside = write(inbox / "a" / "real.txt", "Real in 1962.\n")
    (inbox / "a" / "up").symlink_to("..")  # a folder loop
    (inbox / "b").symlink_to(inbox / "a")  # a second way into a folder
    (inbox / "to-outside.txt").symlink_to(outside)
    (inbox / "to-inside.txt").symlink_to(inside)  # the same file twice: read once
    (inbox / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (inbox / "self.txt").symlink_to("self.txt")
    result = ingest(url, inbox)
    assert result.exit_code == 1
    # os.walk's order: a folder's files, then its subfolders; each problem once
    assert stderr_lines(result) == [
        f"skipped {inbox / 'broken.txt'}: broken symbolic link",
        f"skipped {inbox / 'self.txt'}: too many levels of symbolic links",
        f"skipped {inbox / 'a' / 'up'}: symbolic link loop (leads back to {inbox})",
    ]
    # each file once, under the path it was first reached by (a folder's files come first)
    assert stored_from(url) == [("to-inside.txt", 1), ("to-outside.txt", 1)]


def test_fifo_device_and_a_folder_named_like_a_file(url, inbox):
    fifo = inbox / "pipe.txt"
    os.mkfifo(fifo)  # opening it would wait forever for a writer
    write(inbox / "chapter.txt" / "inner.txt", "Inner text of 1970.\n")
    (inbox / "empty.txt").mkdir()
    # the FIFO given again by name is still reported once
    result = ingest(url, inbox, fifo, "/dev/null")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"skipped {fifo}: not a regular file or folder (a FIFO)",
        "skipped /dev/null: not a regular file or folder (a device)",
    ]
    assert stored_from(url) == [("inner.txt", 1)]


def test_a_file_that_cannot_be_read(url, inbox):
    # root reads any file whatever its mode; /proc/self/mem refuses even root (EIO at 0)
    if not Path("/proc/self/mem").exists():
        pytest.skip("no /proc/self/mem here to stand for an unreadable file")
    locked = inbox / "locked.txt"
    locked.symlink_to("/proc/self/mem")
    write(inbox / "ok.txt", "Fine in 1980.\n")
    result = ingest(url, inbox)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"skipped {locked}: input/output error"]
    assert stored_from(url) == [("ok.txt", 1)]


def lock_some_of(inbox: Path) -> tuple[Path, Path]:
    """ok.txt readable; secret.txt and the folder closed/ with mode 0: (secret, closed)."""
    secret = write(inbox / "secret.txt", "Secret in 1985.\n")
    closed = inbox / "closed"
    write(closed / "inside.txt", "Inside in 1986.\n")
    write(inbox / "ok.txt", "Fine in 1980.\n")
    secret.chmod(0)
    closed.chmod(0)
    return secret, closed


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and lists whatever the permissions")
def test_unreadable_permissions(url, inbox):
    secret, closed = lock_some_of(inbox)
    try:
        result = ingest(url, inbox)
    finally:
        closed.chmod(0o755)
        secret.chmod(0o644)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"skipped {closed}: permission denied",
        f"skipped {secret}: permission denied",
    ]
    assert stored_from(url) == [("ok.txt", 1)]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become another user")
def test_unreadable_permissions_as_an_ordinary_user(tmp_path):
    """As root the case above cannot happen: a forked child drops to nobody and ingests.

    The child cannot import anything new (the interpreter may live under /root, mode 700),
    so a first ingest in this process imports and loads all that an ingest needs."""
    warm = tmp_path / "warm"
    write(warm / "a.txt", "Warm in 1979.\n")
    assert ingest(f"sqlite:///{tmp_path / 'warm.db'}", warm, "--workers", "1").exit_code == 0
    nobody = 65534
    shared = Path(tempfile.mkdtemp(prefix="timeline-nobody-"))  # one nobody can enter
    try:
        shared.chmod(0o777)
        inbox = shared / "inbox"
        secret, closed = lock_some_of(inbox)
        database = f"sqlite:///{shared / 't.db'}"
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child
            status = 2
            try:
                os.close(read_end)
                os.setgroups([])
                os.setgid(nobody)
                os.setuid(nobody)
                result = ingest(database, inbox, "--workers", "1")
                report = {"code": result.exit_code, "stderr": result.stderr}
                os.write(write_end, json.dumps(report).encode())
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            report = json.loads(pipe.read() or b"null")
        _, status = os.waitpid(child, 0)
        assert status == 0 and report is not None, "the child failed before reporting"
        assert report["code"] == 1, report["stderr"]
        assert report["stderr"].splitlines()[:2] == [
            f"skipped {closed}: permission denied",
            f"skipped {secret}: permission denied",
        ]
        assert stored_from(database) == [("ok.txt", 1)]
    finally:
        subprocess.run(["rm", "-rf", str(shared)], check=False)


# --strict --------------------------------------------------------------------------------


@pytest.fixture
def mixed(inbox: Path) -> Path:
    write(inbox / "a.txt", "Alpha in 1901.\n")
    write(inbox / "b.jsonl", '{"text": "Beta in 1902."}\n{"text": broken}\n{"text": "Gamma."}\n')
    write(inbox / "c.txt", "Delta in 1904.\n")
    return inbox


def test_without_strict_the_run_goes_on_and_exits_1(url, mixed):
    result = ingest(url, mixed)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"skipped {mixed / 'b.jsonl'}:2: bad JSON: Expecting value (column 10)"
    ]
    assert result.stdout == (
        "4 new articles, 0 already stored, 3 expressions, 3 mentions, 3 events, 0 unresolved, "
        "1 problem\n"
    )
    assert stored_from(url) == [("a.txt", 1), ("b.jsonl", 1), ("b.jsonl", 3), ("c.txt", 1)]


def test_strict_stops_at_the_first_problem(url, mixed):
    result = ingest(url, mixed, "--strict")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"Error: {mixed / 'b.jsonl'}:2: bad JSON: Expecting value (column 10)"
        " (--strict: stopped at the first problem)"
    ]
    # what came before the problem is kept; nothing from it or after it
    assert (
        result.stdout
        == "2 new articles, 0 already stored, 2 expressions, 2 mentions, 2 events, 0 unresolved\n"
    )
    assert stored_from(url) == [("a.txt", 1), ("b.jsonl", 1)]


def test_strict_stops_at_a_file_that_cannot_be_found(url, mixed):
    result = ingest(url, mixed / "nope.txt", mixed, "--strict")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"Error: {mixed / 'nope.txt'}: no such file or folder"
        " (--strict: stopped at the first problem)"
    ]
    assert stored(url) == []


def test_strict_without_problems_is_an_ordinary_run(url, inbox):
    write(inbox / "a.txt", "Alpha in 1901.\n")
    result = ingest(url, inbox, "--strict")
    assert result.exit_code == 0
    assert (
        result.stdout
        == "1 new article, 0 already stored, 1 expression, 1 mention, 1 event, 0 unresolved\n"
    )


# malformed JSONL and CSV rows ------------------------------------------------------------


def test_malformed_jsonl_rows_are_reported_with_their_line(url, inbox):
    lines = [
        '{"text": "One in 2001."}',  # 1
        "[1, 2]",  # 2: valid JSON, not an object
        '"just a string"',  # 3
        "42",  # 4
        "null",  # 5
        "true",  # 6
        "9" * 5000,  # 7: a number too long for Python's int conversion
        "[" * 100_000 + "]" * 100_000,  # 8: nested too deeply
        '{"text": "Two in 2002."}',  # 9
        "",  # 10: blank, ignored
        '\ufeff{"text": "Three in 2003."}',  # 11: a BOM in mid-file (files joined)
        '{"text": 5}',  # 12
        '{"text": "Four in 2004.", "published": "yesterday"}',  # 13
        '{"text": "Cut off in 20',  # 14: the truncated last line, without a line end
    ]
    path = write(inbox / "rows.jsonl", "\r\n".join(lines[:6]) + "\n" + "\n".join(lines[6:]))
    result = ingest(url, inbox)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        # a date that cannot be read costs the row its date, not the row
        f"warning {path}:13: published 'yesterday' is not a full date: the article is kept undated",
        f"skipped {path}:2: expected a JSON object, not an array",
        f"skipped {path}:3: expected a JSON object, not a string",
        f"skipped {path}:4: expected a JSON object, not a number",
        f"skipped {path}:5: expected a JSON object, not null",
        f"skipped {path}:6: expected a JSON object, not true or false",
        f"skipped {path}:7: bad JSON: Exceeds the limit (4300 digits) for integer string"
        " conversion",
        f"skipped {path}:8: bad JSON: nested too deeply",
        f"skipped {path}:12: 'text' must be text, not int",
        f"skipped {path}:14: bad JSON: Unterminated string starting at (column 10)",
    ]
    assert stored_from(url) == [
        ("rows.jsonl", 1),
        ("rows.jsonl", 9),
        ("rows.jsonl", 11),
        ("rows.jsonl", 13),
    ]


def test_malformed_csv_rows_are_reported_with_their_line(url, inbox):
    huge = "Huge field of 1999. " + "x" * 1_000_000  # over csv's default 128 KiB limit
    path = write(
        inbox / "rows.csv",
        "text,title\r\n"  # 1
        "One in 2001.,T1\n"  # 2
        f'"{huge}",T2\r\n'  # 3
        "Two in 2002.,T3,surplus\n"  # 4
        '"bad"quote,T4\n'  # 5
        "\ufefftext,title\n"  # 6: a BOM and the header again (files joined end to end)
        "Three in 2003.,T5\r\n"  # 7
        '"Cut off in 20',  # 8: the truncated last line, its quote never closed
    )
    result = ingest(url, inbox)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"skipped {path}:4: 3 fields but the header has 2",
        f"skipped {path}:5: bad CSV: ',' expected after '\"'",
        f"skipped {path}:8: bad CSV: unexpected end of data",
    ]
    assert stored_from(url) == [("rows.csv", 2), ("rows.csv", 3), ("rows.csv", 7)]
    assert sorted(a["title"] for a in stored(url)) == ["T1", "T2", "T5"]


def test_legacy_encoded_jsonl_and_csv(url, inbox):
    rows = write(
        inbox / "rows.jsonl",
        '{"text": "The minister’s “deal” of 2019."}\n'.encode("cp1252"),
    )
    table = write(
        inbox / "table.csv",
        "text,title\r\nLe président élu en 2017.,Élection\r\n".encode("utf-16"),
    )
    result = ingest(url, inbox)
    assert result.exit_code == 0, result.output
    assert stderr_lines(result) == [
        f"decoded {rows} as windows-1252",
        f"decoded {table} as utf-16-le",
    ]
    assert sorted(sentences(url)) == [
        "Le président élu en 2017.",
        "The minister’s “deal” of 2019.",
    ]
