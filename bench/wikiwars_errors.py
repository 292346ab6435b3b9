"""Where the tagger still misses on WikiWars: the errors of one scoring run, by class.

    .venv/bin/python bench/wikiwars_errors.py [--gold ../shared/corpora/wikiwars_dev.jsonl]
                                              [--system OUT.jsonl] [--show]

Tags the gold texts in narrative mode (or reads ``--system``, e.g. a file written by
``timeline eval GOLD --write-system OUT``), scores them with
:func:`timeline.evaluate.scoring.score_documents` and pairs them with
:func:`timeline.evaluate.scoring.align`, as the scorer does. Then it counts:

- **missed** gold timexes (no system timex overlaps them, one-to-one), by the shape of the
  expression: TIMEX2 annotates words that TIMEX3 taggers leave alone ("former", "the same
  time", "this period", "the first day of the war");
- **spurious** system timexes, listed;
- **value errors** (relaxed matches whose values differ after
  :func:`timeline.evaluate.scoring.comparable_value`), listed with their context for reading
  (``--show``): their classes in bench/README.md were read by hand from this list.

Development data only: the corpus is read in place, never copied into the repository.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from timeline.evaluate.corpus import read_documents, tag_documents
from timeline.evaluate.scoring import align, comparable_value, score_documents

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO.parent / "shared" / "corpora" / "wikiwars_dev.jsonl"

# first match wins; applied to the gold text of a missed timex
MISSED_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            '"former", "future", "present-day", "to date", "of the day"',
            r"^(?:former|formerly|future|present|present-day|modern day|date|the day)$",
        ),
        ('"the same time", "this period", "a short time"', r"\b(?:time|period|moments?)\b"),
        (
            'a part of day said generally ("at night", "daytime")',
            r"^(?:one\s+)?(?:nights?|daytime|afternoon)$",
        ),
        (
            'named by an event ("the first day of the war", "Hundred Days")',
            r"\b(?:war|battle|attack|rebellion|invasion|assault|revolution|bastille|committee|"
            r"siege|border|offensive|new year|glory|era)\b|hundred days|seven years|six-day|black",
        ),
        (
            'vague, counted ("days later", "months before")',
            r"\b(?:later|earlier|before|following)\b",
        ),
    )
)


def missed_shape(text: str) -> str:
    for name, pattern in MISSED_SHAPES:
        if pattern.search(text):
            return name
    return "other"


def _context(text: str, start: int, end: int, width: int = 70) -> str:
    before = " ".join(text[max(0, start - width) : start].split())
    after = " ".join(text[end : end + width].split())
    return f"{before} [[{text[start:end]}]] {after}"


def analyse(gold: Sequence[dict[str, Any]], system: Sequence[dict[str, Any]]) -> dict[str, Any]:
    by_id = {d["doc_id"]: d for d in system}
    missed: dict[str, list[str]] = defaultdict(list)
    spurious: list[str] = []
    values: list[str] = []
    for doc in gold:
        own = by_id.get(doc["doc_id"], {"timexes": []})["timexes"]
        pairs = align(doc["timexes"], own)
        for i in pairs.missed:
            t = doc["timexes"][i]
            missed[missed_shape(t["text"])].append(
                f"{doc['doc_id']} {t['text']!r} {t['type']} {t['value']!r}"
            )
        for j in pairs.spurious:
            t = own[j]
            spurious.append(
                f"{doc['doc_id']} {t['text']!r} {t['value']} | "
                + _context(doc["text"], t["start"], t["end"])
            )
        for i, j in pairs.relaxed:
            g, s = doc["timexes"][i], own[j]
            if comparable_value(g["value"], g["type"]) != comparable_value(s["value"], s["type"]):
                values.append(
                    f"{doc['doc_id']} gold {g['text']!r} {g['value']!r} / ours {s['text']!r} "
                    f"{s['value']!r} | " + _context(doc["text"], g["start"], g["end"])
                )
    return {"missed": missed, "spurious": spurious, "values": values}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--system", type=Path, help="score this output instead of tagging")
    parser.add_argument("--show", action="store_true", help="list every error")
    args = parser.parse_args(argv)

    gold, _ = read_documents(args.gold)
    if args.system is not None:
        system, _ = read_documents(args.system)
    else:
        system = list(tag_documents(gold, doc_type="narrative"))
    scores = score_documents(gold, system)
    found = analyse(gold, system)
    missed, spurious, values = found["missed"], found["spurious"], found["values"]
    print(
        f"value F1 {100 * scores.value_f1:.1f}; gold {scores.gold}, predicted "
        f"{scores.predicted}, relaxed matches {scores.relaxed}, value-correct "
        f"{scores.value_correct}"
    )
    print(f"missed {sum(map(len, missed.values()))}:")
    for name, rows in sorted(missed.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(rows):4d}  {name}")
        if args.show:
            print("\n".join(f"          {row}" for row in rows))
    print(f"spurious {len(spurious)}")
    if args.show:
        print("\n".join(f"          {row}" for row in spurious))
    print(f"value errors {len(values)} (of {scores.relaxed} relaxed matches)")
    if args.show:
        print("\n".join(f"          {row}" for row in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
