"""How consistently do the gold corpora annotate expressions whose value depends only on the DCT?

"yesterday", "last week", "this year", "a year ago" ... mean one thing given the publication
date: a tagger (any tagger that reads the DCT and the words) gives each of them one value
relative to the DCT. This script rewrites every gold value of such an expression relative to
its document's DCT (``D-1`` = the day before, ``W-1`` = the week before, ``Y+0`` = the DCT's
year, ``WXX`` = "some week of the DCT's year", ``P1W`` = a duration, ...) and counts, for each
expression, how many gold timexes disagree with that expression's most frequent reading. That
number is a floor under the value errors of a system that answers the same words with the same
DCT-relative value: it cannot match both readings.

With ``--compare A.jsonl B.jsonl`` (two systems' outputs for the same corpus, as
``bench/peers.py --outputs`` writes them) it also counts, over the gold timexes both systems
found, the value errors they share: where two independently written taggers agree on a value
and the gold says otherwise, the difference is usually the annotation's.

It also counts span conventions: how often a modifier ("the", "early", "earlier", "nearly",
...) is inside the gold timex ("the past three years") and how often it is left just outside
("the [past three years]"). A system follows one convention per word; where a corpus
annotates both ways, or two corpora disagree, strict span F1 pays for it on one side.

It counts gold spans cut at the wrong place by tokenization: ending in a comma, colon or
semicolon, or in a sentence's full stop ("next week."), or cutting the last dot of "p.m."
("10 p.m"). A system that keeps to the words cannot match those strictly.

It also reports gold values that contradict their own text: a weekday name whose gold date
falls on another weekday ("Tuesday" → 1999-02-08, a Monday), a month name whose gold month
differs, a four-digit year whose gold year differs.

    .venv/bin/python bench/annotation_consistency.py [--corpus PATH ...] [--examples]
        [--compare OURS.jsonl OTHER.jsonl]

The corpora are read in place (``../shared/corpora/``); nothing from them is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from timeline.evaluate.corpus import read_documents
from timeline.evaluate.scoring import align

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
DEFAULT_CORPORA = (CORPORA / "tbaq_timebank.jsonl", CORPORA / "tbaq_aquaint.jsonl")

# expressions whose meaning is fixed by the DCT (no tense, no context needed)
DEICTIC = re.compile(
    r"(?:today|yesterday|tomorrow|tonight|now|currently"
    r"|(?:this|last|next)\s+(?:week|month|year|quarter)"
    r"|(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago"
    r"|a\s+year\s+earlier|(?:this|last|next)\s+(?:morning|night|weekend)"
    r"|earlier\s+this\s+(?:week|month|year)|later\s+this\s+(?:week|month|year))",
    re.IGNORECASE,
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTH_ABBR = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)(?:\.|[a-z]*)\b", re.IGNORECASE
)


def relative(value: str, dct: dt.date) -> str:
    """A gold value rewritten relative to the DCT (the shape when no offset applies)."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", value):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return f"D{(day - dct).days:+d}" + ("T" if m[4] else "")
    if m := re.fullmatch(r"(\d{4})-W(\d{1,2})(-WE)?", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        this_monday = dct - dt.timedelta(days=dct.weekday())
        return f"W{(monday - this_monday).days // 7:+d}" + (m[3] or "")
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return f"M{(int(m[1]) - dct.year) * 12 + int(m[2]) - dct.month:+d}"
    if m := re.fullmatch(r"(\d{4})-Q(\d)", value):
        return f"Q{(int(m[1]) - dct.year) * 4 + int(m[2]) - (dct.month - 1) // 3 - 1:+d}"
    if m := re.fullmatch(r"(\d{4})", value):
        return f"Y{int(m[1]) - dct.year:+d}"
    if m := re.fullmatch(r"(\d{4})(-.*)", value):
        return f"Y{int(m[1]) - dct.year:+d}" + re.sub(r"\d", "n", m[2])
    return value  # PRESENT_REF, P1W, XXXX-..., 199 ...


MODIFIERS = (
    "the", "early", "late", "earlier", "later", "nearly", "almost", "about", "around",
    "right", "over", "at least", "more than",
)  # fmt: skip


def span_conventions(docs: Sequence[dict]) -> dict[str, tuple[int, int]]:
    """modifier -> (gold timexes that start with it, gold timexes right after it)."""
    inside: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for doc in docs:
        text = doc["text"]
        for t in doc["timexes"]:
            head = t["text"].lower()
            before = text[max(0, t["start"] - 12) : t["start"]].lower()
            for word in MODIFIERS:
                if re.match(rf"{word}\b", head):
                    inside[word] += 1
                elif re.search(rf"\b{word}\s+$", before):
                    outside[word] += 1
    return {w: (inside[w], outside[w]) for w in MODIFIERS if inside[w] or outside[w]}


_ABBREVIATION = re.compile(
    r"(?i)\b(?:[a-z]\.){2}$|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.$"
)


def span_artifacts(doc: dict) -> Iterable[str]:
    """Gold timex texts that include sentence punctuation or cut an abbreviation short."""
    for t in doc["timexes"]:
        text, after = t["text"], doc["text"][t["end"] : t["end"] + 1]
        if (
            re.search(r"[,;:]$", text)
            or (text.endswith(".") and not _ABBREVIATION.search(text))
            or (re.search(r"(?i)\b[ap]\.m$", text) and after == ".")
        ):
            yield text


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def contradictions(doc: dict) -> Iterable[tuple[str, str, str]]:
    """(kind, text, value) for gold values that contradict the words of their own timex."""
    for t in doc["timexes"]:
        text, value = t["text"], t["value"]
        lower = text.lower()
        day = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        names = [i for i, w in enumerate(WEEKDAYS) if re.search(rf"\b{w}\b", lower)]
        if day and len(names) == 1 and not re.search(r"\bday\s+(?:before|after)\b", lower):
            weekday = dt.date(int(day[1]), int(day[2]), int(day[3])).weekday()
            if weekday != names[0]:
                yield "weekday", text, value
        month = re.match(r"\d{4}-(\d{2})", value)
        abbr = MONTH_ABBR.search(lower)
        if month and abbr and re.search(r"\d", text) and not re.search(r"\b\d{4}\s*-", text):
            named = [i for i, m in enumerate(MONTHS) if m.startswith(abbr[1][:3])]
            if named and named[0] + 1 != int(month[1]):
                yield "month", text, value
        years = re.findall(r"(?<![\d'])(1[89]\d\d|20\d\d)(?![\d])", text)
        gold_year = re.match(r"(\d{4})", value)
        relative_words = re.search(r"ago|earlier|later|fiscal|before|after", lower)
        if len(years) == 1 and gold_year and years[0] != gold_year[1] and not relative_words:
            yield "year", text, value


def measure(path: Path, show: bool) -> dict[str, int]:
    docs, _ = read_documents(path)
    readings: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], str] = {}
    total_gold = 0
    for doc in docs:
        total_gold += len(doc["timexes"])
        if not doc.get("dct"):
            continue
        dct = dt.date.fromisoformat(doc["dct"])
        for t in doc["timexes"]:
            if DEICTIC.fullmatch(t["text"].strip()):
                reading = relative(t["value"], dct)
                readings[_key(t["text"])][reading] += 1
                examples.setdefault((_key(t["text"]), reading), f"{doc['doc_id']}: {t['value']}")
    deictic = sum(sum(c.values()) for c in readings.values())
    floor = sum(sum(c.values()) - max(c.values()) for c in readings.values())
    bad = [(doc["doc_id"], *c) for doc in docs for c in contradictions(doc)]
    print(f"\n{path.name}: {len(docs)} documents, {total_gold} gold timexes")
    print(
        f"  DCT-only expressions: {deictic}; gold readings that differ from their "
        f"expression's most frequent one: {floor}"
    )
    for text, counter in sorted(readings.items(), key=lambda kv: -sum(kv[1].values())):
        if len(counter) > 1:
            parts = ", ".join(f"{r} ×{n}" for r, n in counter.most_common())
            print(f"    {text!r:24} {parts}")
            if show:
                for r in counter:
                    print(f"        {r}: e.g. {examples[(text, r)]}")
    print("  modifiers inside the gold span / left just outside it:")
    conventions = span_conventions(docs)
    print("    " + ", ".join(f"{w!r} {i}/{o}" for w, (i, o) in conventions.items()))
    artifacts = [(doc["doc_id"], text) for doc in docs for text in span_artifacts(doc)]
    print(f"  gold spans cut by tokenization: {len(artifacts)}")
    for doc_id, text in artifacts:
        print(f"    {doc_id}: {text!r}")
    print(f"  gold values contradicting their own words: {len(bad)}")
    for doc_id, kind, text, value in bad:
        print(f"    {kind:8} {doc_id}: {text!r} -> {value}")
    return {
        "deictic": deictic,
        "floor": floor,
        "span_artifacts": len(artifacts),
        "contradictions": len(bad),
    }


def compare(gold_path: Path, first: Path, second: Path) -> dict[str, int]:
    """Agreement of two systems' values on the gold timexes both matched (relaxed)."""
    gold, _ = read_documents(gold_path)
    outputs = [{d["doc_id"]: d for d in read_documents(p)[0]} for p in (first, second)]
    counts: Counter[str] = Counter()
    for doc in gold:
        values = []
        for out in outputs:
            system = out.get(doc["doc_id"], {"timexes": []})["timexes"]
            pairs = align(doc["timexes"], system).relaxed
            values.append({i: system[j]["value"] for i, j in pairs})
        for i, t in enumerate(doc["timexes"]):
            if i not in values[0] or i not in values[1]:
                continue
            a, b = values[0][i], values[1][i]
            right = (a == t["value"], b == t["value"])
            if all(right):
                counts["both right"] += 1
            elif right[0]:
                counts["first right only"] += 1
            elif right[1]:
                counts["second right only"] += 1
            elif a == b:
                counts["both wrong, same value"] += 1
            else:
                counts["both wrong, different values"] += 1
    print(
        f"\n{gold_path.name}: {first.name} (first) vs {second.name} (second),"
        " over the gold timexes both found"
    )
    for key in (
        "both right",
        "first right only",
        "second right only",
        "both wrong, same value",
        "both wrong, different values",
    ):
        print(f"  {key:30} {counts[key]}")
    first_wrong = counts["second right only"] + counts["both wrong, same value"]
    first_wrong += counts["both wrong, different values"]
    share = counts["both wrong, same value"] / first_wrong if first_wrong else 0.0
    print(f"  first's value errors the second shares exactly: {share:.0%}")
    return dict(counts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", help="gold JSON Lines file(s)")
    parser.add_argument("--examples", action="store_true", help="a document for each reading")
    parser.add_argument(
        "--compare",
        nargs=2,
        type=Path,
        metavar=("FIRST", "SECOND"),
        help="two systems' outputs for the (single) --corpus: shared value errors",
    )
    args = parser.parse_args(argv)
    corpora = args.corpus or list(DEFAULT_CORPORA)
    if args.compare:
        if len(corpora) != 1:
            parser.error("--compare needs exactly one --corpus")
        compare(corpora[0], *args.compare)
        return 0
    for path in corpora:
        measure(path, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
