"""`timeline ingest --dask local`: a real LocalCluster, workers writing to the database."""

from __future__ import annotations

import json

from click.testing import CliRunner

from timeline.cli import cli

ARTICLES = [
    {  # the dateline is the article's own stamp: no event, on the workers as here
        "text": f"LONDON, July 21, 2020 (Reuters) - Talks in city {i} ended on Monday, officials "
        f"said. The war lasted from {1950 + i} to {1960 + i}.",
        "published": "2020-07-21",
        "source": f"S{i % 3}",
    }
    for i in range(24)
]


def _events(url: str) -> list[tuple]:
    out = CliRunner().invoke(cli, ["--db", url, "query", "--format", "json"]).output
    return sorted((r["sentence"], r["start"], r["end"], r["source"]) for r in json.loads(out))


def test_dask_ingest_matches_local_ingest(pg_url, sqlite_url, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--db", pg_url, "ingest", str(corpus), "--dask", "local", "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("24 new articles, 0 already stored, ")
    again = runner.invoke(
        cli, ["--db", pg_url, "ingest", str(corpus), "--dask", "local", "--workers", "2"]
    )
    assert again.output.startswith("0 new articles, 24 already stored, 0 expressions")
    local = runner.invoke(cli, ["--db", sqlite_url, "ingest", str(corpus), "--workers", "1"])
    assert local.exit_code == 0
    assert _events(pg_url) == _events(sqlite_url)
    assert len(_events(pg_url)) == 48


def test_unreachable_scheduler_is_a_clear_error(sqlite_url, tmp_path, monkeypatch):
    monkeypatch.setattr("timeline.ingest.dask.CONNECT_TIMEOUT", "2s")  # fail fast in tests
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(ARTICLES[0]) + "\n")
    result = CliRunner().invoke(
        cli, ["--db", sqlite_url, "ingest", str(corpus), "--dask", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def test_ingest_on_a_cluster_by_its_address(pg_url, tmp_path):
    """`--scheduler tcp://HOST:PORT`: a cluster started apart (as `dask scheduler` and
    `dask worker` on other machines), the workers writing to the shared PostgreSQL."""
    from dask.distributed import LocalCluster

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        command = ["--db", pg_url, "ingest", str(corpus), "--scheduler", address]
        result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("24 new articles, 0 already stored, ")
    assert len(_events(pg_url)) == 48
