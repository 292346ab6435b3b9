"""Ingestion on a Dask cluster: the same per-article function, run by Dask workers.

The client streams records, drops the ones already stored, and sends batches to the cluster;
each worker analyzes its batch with :func:`timeline.ingest.pipeline.prepare` and writes it to the
database itself (PostgreSQL for a real cluster: every worker must reach the same database).
At most two batches per worker are in flight, so memory stays bounded on any corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from sqlalchemy import Engine

from timeline.db import engine as db
from timeline.errors import TimelineError
from timeline.ingest.pipeline import (
    BATCH_SIZE,
    IngestSummary,
    batches_to_store,
    prepare,
    write_batch,
)
from timeline.ingest.readers import ArticleRecord, ReadProblem

CONNECT_TIMEOUT = "20s"  # how long to wait for a scheduler that does not answer


@lru_cache(maxsize=4)
def _worker_engine(url: str) -> Engine:
    # one engine (and connection pool) per worker process and database
    return db.create_db_engine(url)


def store_batch(url: str, batch: list[tuple[str, ArticleRecord]]) -> tuple[int, int, int, int, int]:
    """Run on a Dask worker: analyze and write one batch; return its counts."""
    summary = IngestSummary()
    write_batch(_worker_engine(url), [prepare(item) for item in batch], summary)
    return summary.new, summary.skipped, summary.expressions, summary.events, summary.unresolved


def ingest_on_dask(
    engine: Engine,
    url: str,
    records: Iterable[ArticleRecord | ReadProblem],
    *,
    scheduler: str,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ArticleRecord | ReadProblem], None] | None = None,
) -> IngestSummary:
    """Ingest on the Dask cluster at ``scheduler`` ("local" starts a LocalCluster here)."""
    try:
        from dask.distributed import Client, LocalCluster, wait
    except ImportError:
        raise TimelineError(
            "--dask needs Dask: pip install 'timeline[dask]' (dask[distributed])"
        ) from None

    summary = IngestSummary()
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers or None,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        cluster = None
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            raise TimelineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        limit = 2 * max(1, len(client.scheduler_info()["workers"]))
        pending: set = set()

        def collect(done) -> None:
            for future in done:
                new, skipped, expressions, events, unresolved = future.result()
                summary.new += new
                summary.skipped += skipped
                summary.expressions += expressions
                summary.events += events
                summary.unresolved += unresolved

        for batch in batches_to_store(engine, records, summary, batch_size, progress):
            if not batch:
                continue
            pending.add(client.submit(store_batch, url, batch, pure=False))
            if len(pending) >= limit:
                finished = wait(pending, return_when="FIRST_COMPLETED")
                collect(finished.done)
                pending = set(finished.not_done)
        collect(wait(pending).done)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return summary
