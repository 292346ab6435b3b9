"""Tagging speed of timeline's tagger on an annotated corpus: documents per second.

    .venv/bin/python bench/tag_speed.py [--corpus ../shared/corpora/tbaq_timebank.jsonl ...]
                                        [--repeat 3] [--source DIR] [--cpu N]

``--corpus`` may be given several times (one corpus of all their documents); a document is
JSON with its ``text`` and a ``dct`` or, as in ``../shared/corpora/t17-dev/*/articles.jsonl``,
a ``published`` date. Each pass tags every document of the corpus once (news with its DCT,
or narrative as the document says), after one untimed pass that loads and compiles the
rules (and fills the tagger's per-token cache); the min and the median of ``--repeat``
passes are printed, by the wall clock and by the process's CPU time (steadier when other
processes share the machine). ``--source DIR`` times the ``timeline`` package
found in DIR instead (for instance an earlier commit written out with ``git archive``), so
that a before and an after are measured in one sitting on the same machine. The process is
pinned to one CPU (the last allowed one, or ``--cpu``; ``-1`` does not pin).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "corpora" / "tbaq_timebank.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--source", type=Path, help="a folder holding the timeline package")
    parser.add_argument("--cpu", type=int, help="CPU to pin to (-1: do not pin)")
    args = parser.parse_args(argv)
    if args.source is not None:
        sys.path.insert(0, str(args.source.resolve()))
    if args.cpu != -1 and hasattr(os, "sched_setaffinity"):
        allowed = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {allowed[-1] if args.cpu is None else args.cpu})

    from timeline.tagger import tag

    corpora = args.corpus or [DEFAULT]
    docs = []
    for corpus in corpora:
        with open(corpus, encoding="utf-8") as f:
            docs += [json.loads(line) for line in f if line.strip()]

    def one_pass() -> tuple[float, float]:
        """(wall, CPU) seconds of one pass."""
        start, cpu = time.perf_counter(), time.process_time()
        for doc in docs:
            dct = doc.get("dct") or doc.get("published")
            kind = doc.get("type") or ("news" if dct else "narrative")
            tag(doc["text"], dct, doc_type=kind)
        return time.perf_counter() - start, time.process_time() - cpu

    one_pass()  # loads and compiles the rules
    passes = [one_pass() for _ in range(args.repeat)]
    wall = [len(docs) / w for w, _ in passes]
    cpu = [len(docs) / c for _, c in passes]
    where = args.source or REPO
    print(
        f"{where}: {corpora[0].name if len(corpora) == 1 else f'{len(corpora)} files'}, "
        f"{len(docs)} documents: "
        f"docs/s min {min(wall):.1f}, median {statistics.median(wall):.1f} "
        f"(CPU time: min {min(cpu):.1f}, median {statistics.median(cpu):.1f}; "
        f"{args.repeat} passes)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
