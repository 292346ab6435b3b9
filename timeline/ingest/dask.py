"""The analyze-and-write stage of an ingest on a Dask cluster.

The client (:func:`timeline.ingest.pipeline.ingest`) streams records and drops the ones
already stored; the batches left go to the cluster, where each worker analyzes its batch with
the same function as a local ingest (:func:`timeline.ingest.pipeline.prepare`) and writes it
to the database itself (PostgreSQL for a real cluster: every worker must reach the same
database). Batches go out as tasks of :data:`TASK_SIZE` articles, at most four per worker
in flight, so that the workers stay busy to the end and memory stays bounded on any corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from timeline.db.engine import create_db_engine
from timeline.db.writes import Written, write_batch
from timeline.errors import TimelineError
from timeline.ingest.pipeline import AnchorNotes, Item, analyze_item, anchor_notes, prepared_item

if TYPE_CHECKING:
    from timeline.ingest.pipeline import IngestReport

CONNECT_TIMEOUT = "20s"  # how long to wait for a scheduler that does not answer
TASK_SIZE = 50  # articles a worker tags and writes in one task (one transaction)


@lru_cache(maxsize=4)
def _worker_engine(url: str) -> Engine:
    # one engine (and connection pool) per worker process and database
    return create_db_engine(url)


def store_batch(url: str, batch: list[Item], infer: bool) -> tuple[Written, AnchorNotes]:
    """Run on a Dask worker: settle, analyze and write one batch; what it wrote and noted."""
    results = [analyze_item(item, infer) for item in batch]
    prepared = [prepared_item(item, *result) for item, result in zip(batch, results, strict=True)]
    written = write_batch(_worker_engine(url), prepared)
    return written, anchor_notes(prepared, [anchor for anchor, _ in results])


def store_on_dask(
    engine: Engine,
    batches: Iterator[list[Item]],
    report: IngestReport,
    scheduler: str,
    workers: int | None = None,
    infer: bool = False,
) -> None:
    """Analyze and write ``batches`` on the Dask cluster at ``scheduler`` ("local" starts a
    LocalCluster of ``workers`` processes here)."""
    try:
        from dask.distributed import Client, LocalCluster, wait
    except ImportError:
        raise TimelineError(
            "--dask needs Dask: pip install 'timeline[dask]' (dask[distributed])"
        ) from None

    url = engine.url.render_as_string(hide_password=False)
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
        limit = 4 * max(1, len(client.scheduler_info()["workers"]))  # tasks in flight
        pending: dict = {}  # future → the size of its batch

        def collect(done) -> None:
            for future in done:
                written, notes = future.result()
                report.add(written, pending.pop(future))
                report.take(notes)

        for batch in batches:
            # tasks of TASK_SIZE articles: a batch of 200 as one task left a worker idle
            # while another tagged the last one (891 articles: 5 tasks on 2 workers)
            for start in range(0, len(batch), TASK_SIZE):
                part = batch[start : start + TASK_SIZE]
                pending[client.submit(store_batch, url, part, infer, pure=False)] = len(part)
                if len(pending) >= limit:
                    collect(wait(list(pending), return_when="FIRST_COMPLETED").done)
        collect(wait(list(pending)).done)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
