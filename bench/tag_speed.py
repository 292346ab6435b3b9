"""Tagging speed of timeline's tagger on an annotated corpus: documents per second.

    .venv/bin/python bench/tag_speed.py [--corpus ../shared/corpora/tbaq_timebank.jsonl]
                                        [--repeat 3] [--source DIR] [--cpu N]

Each pass tags every document of the corpus once (news with its DCT, or narrative as the
document says), after one untimed pass that loads and compiles the rules; the min and the
median of ``--repeat`` passes are printed. ``--source DIR`` times the ``timeline`` package
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
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
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

    with open(args.corpus, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]

    def one_pass() -> float:
        start = time.perf_counter()
        for doc in docs:
            dct = doc.get("dct")
            kind = doc.get("type") or ("news" if dct else "narrative")
            tag(doc["text"], dct, doc_type=kind)
        return time.perf_counter() - start

    one_pass()  # loads and compiles the rules
    rates = [len(docs) / one_pass() for _ in range(args.repeat)]
    where = args.source or REPO
    print(
        f"{where}: {args.corpus.name}, {len(docs)} documents: "
        f"docs/s min {min(rates):.1f}, median {statistics.median(rates):.1f} "
        f"({args.repeat} passes)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
