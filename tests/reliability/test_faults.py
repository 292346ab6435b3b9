"""Faults: kill -9 mid-ingest, concurrent writers, failed re-dating, read-only and full disks.

Real processes (the installed `timeline` script), real signals, real databases.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from timeline.db.models import Article, Expression, Mention

SCRIPT = shutil.which("timeline", path=str(Path(sys.executable).parent))


def write_corpus(path: Path, first: int, last: int) -> Path:
    with path.open("w") as out:
        for i in range(first, last):
            name = "".join(chr(97 + int(d)) for d in str(i))  # a unique word, not a number
            body = (
                f"Report {name}. The talks in {name} ended on Monday, officials said. "
                f"The two sides fought from {1900 + i % 100} to {1905 + i % 100}. "
                + "Observers described the mood as tense and uncertain. "
                * 8
            )
            out.write(json.dumps({"text": body, "published": "2020-07-21", "source": "S"}) + "\n")
    return path


def ingest(url: str, corpus: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [SCRIPT, "--db", url, "ingest", str(corpus), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def state(url: str) -> dict:
    engine = create_engine(url)
    with engine.connect() as conn:
        orphans = conn.execute(
            select(func.count())
            .select_from(Article)
            .where(~select(Expression.id).where(Expression.article_id == Article.id).exists())
        ).scalar_one()
        result = {
            "articles": conn.execute(select(func.count()).select_from(Article)).scalar_one(),
            "hashes": conn.execute(
                select(func.count(func.distinct(Article.content_hash)))
            ).scalar_one(),
            "without_expressions": orphans,
            "mentions": conn.execute(select(func.count()).select_from(Mention)).scalar_one(),
        }
    engine.dispose()
    return result


def wait_for_articles(url: str, at_least: int, process: subprocess.Popen, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "ingest ended before it could be killed"
        try:
            if state(url)["articles"] >= at_least:
                return
        except Exception:  # the schema may not exist yet
            pass
        time.sleep(0.1)
    pytest.fail("ingest made no progress")


def live_members(group: int) -> list[int]:
    """Processes of a process group that are alive (zombies awaiting a reaper are not)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def assert_group_gone(group: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while live_members(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = live_members(group)
    if left:
        os.killpg(group, signal.SIGKILL)
    assert not left, f"processes left running after kill -9 of the ingest: {left}"


def test_kill_9_mid_ingest_then_resume(db_url, tmp_path):
    total = 4000
    corpus = write_corpus(tmp_path / "corpus.jsonl", 0, total)
    process = ingest(db_url, corpus, "--workers", "2")
    wait_for_articles(db_url, 400, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert_group_gone(process.pid)  # the worker processes die with the ingest
    before = state(db_url)
    assert 400 <= before["articles"] < total, "killed in the middle"
    assert before["hashes"] == before["articles"]
    assert before["without_expressions"] == 0, "no article without its expressions"
    assert before["mentions"] == 2 * before["articles"], "no article without its mentions"

    done = subprocess.run(
        [SCRIPT, "--db", db_url, "ingest", str(corpus)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        f"{total - before['articles']} new articles, {before['articles']} already stored, "
    )
    after = state(db_url)
    assert after == {
        "articles": total,
        "hashes": total,
        "without_expressions": 0,
        "mentions": 2 * total,
    }


def test_two_ingests_at_once(db_url, tmp_path):
    first = write_corpus(tmp_path / "a.jsonl", 0, 1500)
    second = write_corpus(tmp_path / "b.jsonl", 700, 2200)  # 800 articles in both
    processes = [ingest(db_url, first, "--workers", "1"), ingest(db_url, second, "--workers", "1")]
    outputs = [p.communicate(timeout=600) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    new = [int(out.split(" new article")[0]) for out, _ in outputs]
    skipped = [int(out.split(", ")[1].split()[0]) for out, _ in outputs]
    assert sum(new) == 2200 and sum(skipped) == 800
    assert state(db_url) == {
        "articles": 2200,
        "hashes": 2200,
        "without_expressions": 0,
        "mentions": 4400,
    }


FAIL_TRIGGER = {
    "sqlite": [
        "CREATE TRIGGER fail_mentions BEFORE INSERT ON mentions "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION fail_mentions() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER fail_mentions BEFORE INSERT ON mentions "
        "FOR EACH ROW EXECUTE FUNCTION fail_mentions()",
    ],
}


def test_failed_set_date_leaves_the_old_dates(db_url, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Talks\n\nThe talks ended on Monday. The war lasted from 1980 to 1988.\n")
    subprocess.run(
        [SCRIPT, "--db", db_url, "ingest", str(article), "--published", "2020-07-21"],
        check=True,
        capture_output=True,
    )

    def snapshot() -> tuple:
        out = subprocess.run(
            [SCRIPT, "--db", db_url, "query", "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        listed = subprocess.run(
            [SCRIPT, "--db", db_url, "articles", "list", "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return json.loads(out), json.loads(listed)

    before = snapshot()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        for statement in FAIL_TRIGGER[engine.dialect.name]:
            conn.execute(text(statement))
    failed = subprocess.run(
        [SCRIPT, "--db", db_url, "articles", "set-date", "1", "2021-01-01"],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1
    assert failed.stderr.startswith("Error: database error: ")
    assert "injected failure" in failed.stderr and "Traceback" not in failed.stderr
    assert snapshot() == before
    engine.dispose()


def test_read_only_database_is_a_clear_error(tmp_path):
    path = tmp_path / "ro.db"
    article = tmp_path / "a.txt"
    article.write_text("Talks\n\nThe talks ended on Monday.\n")
    subprocess.run(
        [SCRIPT, "--db", f"sqlite:///{path}", "ingest", str(article), "--published", "2020-07-21"],
        check=True,
        capture_output=True,
    )
    other = tmp_path / "b.txt"
    other.write_text("Vote\n\nThe vote was held on Friday.\n")
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    done = subprocess.run(
        [SCRIPT, "--db", read_only, "ingest", str(other), "--published", "2020-07-21"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: database error: attempt to write a readonly database"
    assert state(f"sqlite:///{path}")["articles"] == 1


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {made.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=True)


def test_full_disk_is_a_clear_error_and_no_partial_article(small_disk, tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 0, 3000)
    url = f"sqlite:///{small_disk / 'full.db'}"
    done = subprocess.run(
        [SCRIPT, "--db", url, "ingest", str(corpus), "--workers", "1"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: database error: database or disk is full"
    stored = state(url)
    assert 0 < stored["articles"] < 3000
    assert stored["without_expressions"] == 0 and stored["mentions"] == 2 * stored["articles"]
