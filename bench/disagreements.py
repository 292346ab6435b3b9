"""Where timeline's tagger and HeidelTime disagree on news neither was developed on.

    .venv/bin/python bench/disagreements.py [--corpora ../shared/corpora/t17-dev]
                                            [--samples DIR] [--json FILE] [--write-readme]

Both taggers run over the unannotated Timeline17 development articles (real news of
2005-2011, each with its true publication date as the DCT): ours through
:func:`timeline.tagger.tag`, HeidelTime (TreeTagger POS, news mode) through the driver of
``bench/peers.py``; HeidelTime's output is cached under ``bench/.cache/disagreements/`` by a
hash of the articles. The two outputs are paired per article as the scorer pairs gold and
system (one-to-one by overlap, :func:`timeline.evaluate.scoring.align`), and every
expression either found falls in one class:

- **agree**: both found it, same value (after :func:`comparable_value`);
- **value**: both found it, different values, sub-classed by how they differ (which year
  or week a partial date lands in, the granularity, a reference like PRESENT_REF against a
  date, a duration against a date, ...);
- **ours only** / **HeidelTime only**: the other found nothing there, sub-classed by the
  shape of the expression.

The *disagreement rate* is everything but *agree* over all expressions found by either.
``--samples DIR`` writes every disagreement with its sentence, by class, for reading (the
articles are licensed news: keep those files out of the repository); ``--write-readme``
puts the tables (counts only) under "## Disagreements with HeidelTime on unseen news" in
bench/README.md. Development data only: the corpora are read in place.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import shlex
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.evaluate.corpus import timex_to_dict
from timeline.evaluate.scoring import align, comparable_value

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
README = HERE / "README.md"
CACHE = HERE / ".cache" / "disagreements"
CORPORA = REPO.parent / "shared" / "corpora" / "t17-dev"
HEADING = "## Disagreements with HeidelTime on unseen news"

Doc = dict[str, Any]


def load_articles(root: Path) -> list[Doc]:
    """Every article of every topic folder, as a document with its DCT."""
    docs: list[Doc] = []
    for path in sorted(root.glob("*/articles.jsonl")):
        topic = path.parent.name
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    a = json.loads(line)
                    docs.append(
                        {
                            "doc_id": f"{topic}/{a['doc_id']}",
                            "dct": a["published"],
                            "text": a["text"],
                            "type": "news",
                        }
                    )
    return docs


def _peers() -> Any:
    spec = importlib.util.spec_from_file_location("peers", HERE / "peers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["peers"] = module
    spec.loader.exec_module(module)
    return module


def heideltime_outputs(docs: Sequence[Doc]) -> list[Doc]:
    """HeidelTime's timexes for every document, cached by a hash of the documents."""
    digest = hashlib.sha256(
        json.dumps([(d["doc_id"], d["dct"], d["text"]) for d in docs]).encode()
    ).hexdigest()[:16]
    cached = CACHE / f"heideltime-{digest}.jsonl"
    if cached.exists():
        with open(cached, encoding="utf-8") as f:
            return [json.loads(line) for line in f]
    peers = _peers()
    system = peers.HeidelTime("treetagger")
    out, _, notes, _ = system.run(docs, 1, "t17")
    for note in notes:
        print(f"heideltime: {note}", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(cached, "w", encoding="utf-8") as f:
        for doc in out:
            f.write(json.dumps({"doc_id": doc["doc_id"], "timexes": doc["timexes"]}) + "\n")
    return [{"doc_id": d["doc_id"], "timexes": d["timexes"]} for d in out]


# --------------------------------------------------------------------------- classes

_YEAR = re.compile(r"^-?\d{4}")
_PARTIAL_DAY = re.compile(r"^\d{4}-\d\d-\d\d")
_REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")

# the shapes an expression is classed by when only one tagger found it, first match wins
SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("clock time", r"\d[:.]\d\d|\b(?:a\.?m|p\.?m|gmt|bst|est|edt|noon|midnight|o'clock)\b"),
        ("weekday", r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day"),
        ("month name", r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"),
        ("year in digits", r"^(?:the\s+)?(?:mid-?|early\s+|late\s+)?\d{4}s?$"),
        ("ago / later / earlier", r"\b(?:ago|later|earlier|before|after|since)\b"),
        (
            "this/last/next unit",
            r"\b(?:this|last|next|past|coming|previous|following)\s+"
            r"(?:day|week|month|year|decade|century|weekend|season|quarter)",
        ),
        (
            "count of units",
            r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several|few|"
            r"some|many|hundreds|dozens)\b.*\b(?:seconds?|minutes?|hours?|days?|weeks?|"
            r"months?|years?|decades?|centur(?:y|ies))\b",
        ),
        ("today / now / yesterday", r"\b(?:today|tonight|now|yesterday|tomorrow|currently)\b"),
        ("part of day", r"\b(?:morning|afternoon|evening|night|overnight)\b"),
        ("season", r"\b(?:spring|summer|autumn|fall|winter)\b"),
        ("vague time word", r"\b(?:recent|recently|former|current|once|time|period|era|age)\b"),
        ("every / each / daily", r"\b(?:every|each|daily|weekly|monthly|annual|yearly|per)\b"),
        ("bare unit word", r"^(?:the\s+)?(?:day|week|month|year|decade|century)s?$"),
    )
)


def shape(text: str) -> str:
    for name, pattern in SHAPES:
        if pattern.search(text):
            return name
    return "other"


# span conventions, not disagreements about a date: the classes the rate leaves out
CONVENTIONS = (
    "a date and its clock time as one expression or two",
    "inside or beside an expression the other found whole",
)


def value_class(ours: Doc, theirs: Doc) -> str:
    """How two values of one expression differ."""
    a, b = (
        comparable_value(ours["value"], ours["type"]),
        comparable_value(theirs["value"], theirs["type"]),
    )
    if (a.startswith(b + "T") or b.startswith(a + "T")) and ours["text"] != theirs["text"]:
        return CONVENTIONS[0]
    if a.endswith("-WI") and b.endswith("-WI") and a[:-3].lstrip("-").isdigit():
        return "another winter (which one is meant)"
    if ours["type"] != theirs["type"] and "DURATION" in (ours["type"], theirs["type"]):
        return "duration against date"
    if a in _REFS or b in _REFS:
        return "reference (PRESENT_REF...) against a date"
    if "X" in a or "X" in b:
        return "left partly unresolved by one"
    if a.startswith(b) or b.startswith(a):
        return "same date, other granularity"
    if _YEAR.match(a) and _YEAR.match(b) and a[:4] != b[:4] and a[4:] == b[4:]:
        return "same month/day, other year (past or coming)"
    if "-W" in a or "-W" in b:
        return "week or weekday placed differently"
    if _PARTIAL_DAY.match(a) and _PARTIAL_DAY.match(b) and a[:7] == b[:7]:
        return "another day of the same month"
    if _PARTIAL_DAY.match(a) and _PARTIAL_DAY.match(b) and a[:4] == b[:4]:
        return "another day of the same year"
    return "other value"


@dataclass
class Study:
    articles: int = 0
    agree: int = 0
    value: Counter[str] = field(default_factory=Counter)
    ours_only: Counter[str] = field(default_factory=Counter)
    theirs_only: Counter[str] = field(default_factory=Counter)
    span_only: int = 0  # agreeing values whose spans differ
    samples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def conventional(self) -> int:
        """Differences of span convention only (:data:`CONVENTIONS`)."""
        counters = (self.value, self.ours_only, self.theirs_only)
        return sum(c[k] for c in counters for k in CONVENTIONS)

    @property
    def substantive_rate(self) -> float:
        """The disagreement rate without the differences of span convention."""
        total = self.total - self.conventional
        return 1 - self.agree / total if total else 0.0

    @property
    def total(self) -> int:
        return (
            self.agree
            + sum(self.value.values())
            + sum(self.ours_only.values())
            + sum(self.theirs_only.values())
        )

    @property
    def disagreement_rate(self) -> float:
        return 1 - self.agree / self.total if self.total else 0.0


def _sentence(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(". ", 0, start) + 2, start - 200, 0)
    hi = text.find(". ", end)
    hi = min(hi + 1 if hi >= 0 else len(text), end + 200)
    return " ".join(text[lo:hi].split())


def _beside(timex: Doc, found: Sequence[Doc]) -> bool:
    """Whether a timex overlaps, or touches across a comma or a space, one the other tagger
    matched: "Saturday" of "Saturday, 25 April 2009" when the other found the whole."""
    return any(t["start"] - 3 <= timex["end"] and timex["start"] <= t["end"] + 3 for t in found)


def study(docs: Sequence[Doc], ours: Sequence[Doc], theirs: Sequence[Doc]) -> Study:
    result = Study(articles=len(docs))
    by_id = {d["doc_id"]: d for d in theirs}
    for doc, mine in zip(docs, ours, strict=True):
        other = by_id[doc["doc_id"]]["timexes"]
        own = mine["timexes"]
        pairs = align(own, other)
        strict = set(pairs.strict)

        def note(kind: str, t: Doc, extra: str = "", doc: Doc = doc) -> None:
            where = _sentence(doc["text"], t["start"], t["end"])
            head = f"{doc['doc_id']} (dct {doc['dct']}) {t['text']!r}{extra}"
            result.samples[kind].append(f"{head} | {where}")

        for i, j in pairs.relaxed:
            a, b = own[i], other[j]
            if comparable_value(a["value"], a["type"]) == comparable_value(b["value"], b["type"]):
                result.agree += 1
                result.span_only += (i, j) not in strict
                continue
            kind = value_class(a, b)
            result.value[kind] += 1
            theirs_said = f" ours {a['value']} / HeidelTime {b['text']!r} {b['value']}"
            note(f"value: {kind}", a, theirs_said)
        matched_own = [own[i] for i, _ in pairs.relaxed]
        matched_other = [other[j] for _, j in pairs.relaxed]
        for i in pairs.missed:
            t = own[i]
            kind = CONVENTIONS[1] if _beside(t, matched_other) else shape(t["text"])
            result.ours_only[kind] += 1
            note(f"ours only: {kind}", t, f" = {t['value']} ({t.get('rule', '')})")
        for j in pairs.spurious:
            t = other[j]
            kind = CONVENTIONS[1] if _beside(t, matched_own) else shape(t["text"])
            result.theirs_only[kind] += 1
            note(f"HeidelTime only: {kind}", t, f" = {t['value']}")
    return result


# --------------------------------------------------------------------------- reports


def _rows(counter: Counter[str], total: int) -> list[str]:
    return [
        f"| {name} | {count:,} | {100 * count / total:.1f} % |"
        for name, count in counter.most_common()
    ]


def tables(s: Study) -> list[str]:
    total = s.total
    lines = [
        f"Articles: {s.articles:,}; expressions found by either tagger: {total:,}; "
        f"**disagreement rate {100 * s.disagreement_rate:.1f} %**, "
        f"{100 * s.substantive_rate:.1f} % without the {s.conventional:,} differences of span "
        f"convention alone (agree on {s.agree:,}, of which {s.span_only:,} with other spans).",
        "",
        "| class | expressions | share of all |",
        "|---|--:|--:|",
        f"| agree (same value) | {s.agree:,} | {100 * s.agree / total:.1f} % |",
        f"| both found, values differ | {sum(s.value.values()):,} | "
        f"{100 * sum(s.value.values()) / total:.1f} % |",
        f"| ours only | {sum(s.ours_only.values()):,} | "
        f"{100 * sum(s.ours_only.values()) / total:.1f} % |",
        f"| HeidelTime only | {sum(s.theirs_only.values()):,} | "
        f"{100 * sum(s.theirs_only.values()) / total:.1f} % |",
        "",
        "Values differ, by how:",
        "",
        "| how the values differ | expressions | share of all |",
        "|---|--:|--:|",
        *_rows(s.value, total),
        "",
        "Found by one tagger only, by the shape of the expression:",
        "",
        "| shape | ours only | HeidelTime only |",
        "|---|--:|--:|",
    ]
    shapes = sorted(
        set(s.ours_only) | set(s.theirs_only),
        key=lambda k: -(s.ours_only[k] + s.theirs_only[k]),
    )
    lines += [f"| {k} | {s.ours_only[k]:,} | {s.theirs_only[k]:,} |" for k in shapes]
    return lines


def write_samples(s: Study, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, lines in s.samples.items():
        name = re.sub(r"[^a-z0-9]+", "_", kind.lower()).strip("_")
        (folder / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def update_readme(block: list[str], command: str, readme: Path = README) -> None:
    """Replace the tables of the section (between its markers) or append the section."""
    start, end = "<!-- disagreements:start -->", "<!-- disagreements:end -->"
    body = "\n".join([start, "", "```", command, "```", "", *block, "", end])
    current = readme.read_text(encoding="utf-8")
    if start in current and end in current:
        current = current[: current.index(start)] + body + current[current.index(end) + len(end) :]
    else:
        current = current.rstrip("\n") + f"\n\n{HEADING}\n\n{body}\n"
    readme.write_text(current, encoding="utf-8")


def run_ours(docs: Sequence[Doc], tag: Callable[..., Any]) -> tuple[list[Doc], float]:
    """Our timexes for every document (with the rule that found each), and the seconds."""
    start = time.perf_counter()
    out = []
    for doc in docs:
        timexes = [
            {**timex_to_dict(t), "rule": t.rule} for t in tag(doc["text"], doc["dct"]).timexes
        ]
        out.append({"doc_id": doc["doc_id"], "timexes": timexes})
    return out, time.perf_counter() - start


_ELSEWHERE = """
import json, sys
from timeline.tagger import tag
for line in sys.stdin:
    doc = json.loads(line)
    timexes = [
        {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
         "mod": t.mod, "rule": t.rule}
        for t in tag(doc["text"], doc["dct"]).timexes
    ]
    print(json.dumps({"doc_id": doc["doc_id"], "timexes": timexes}))
"""


def run_elsewhere(docs: Sequence[Doc], source: Path) -> tuple[list[Doc], float]:
    """Our timexes from the package in ``source``, tagged in a child process."""
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(source.resolve())}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _ELSEWHERE],
        input="".join(json.dumps(d) + "\n" for d in docs),
        capture_output=True,
        text=True,
        env=env,
        cwd=source,  # not this checkout: "python -c" puts the working folder first
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()], time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--samples", type=Path, help="write every disagreement here, by class")
    parser.add_argument("--json", type=Path, help="write the counts as JSON")
    parser.add_argument(
        "--source",
        type=Path,
        help="tag with the timeline package found in this folder (an earlier commit written "
        "out with git archive), to compare a before and an after",
    )
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)

    docs = load_articles(args.corpora)
    if not docs:
        print(f"no articles under {args.corpora}", file=sys.stderr)
        return 1
    theirs = heideltime_outputs(docs)
    if args.source is not None:
        ours, seconds = run_elsewhere(docs, args.source)
    else:
        from timeline.tagger import tag

        ours, seconds = run_ours(docs, tag)
    result = study(docs, ours, theirs)
    block = tables(result)
    print("\n".join(block))
    print(f"\n(ours: {len(docs) / seconds:.1f} articles/s)", file=sys.stderr)
    if args.samples:
        write_samples(result, args.samples)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "articles": result.articles,
                    "total": result.total,
                    "agree": result.agree,
                    "disagreement_rate": result.disagreement_rate,
                    "substantive_rate": result.substantive_rate,
                    "value": result.value,
                    "ours_only": result.ours_only,
                    "theirs_only": result.theirs_only,
                },
                indent=2,
            )
        )
    if args.write_readme:
        shown = Path(__file__).resolve().relative_to(REPO)
        update_readme(block, f".venv/bin/python {shown} {shlex.join(argv)}".rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
