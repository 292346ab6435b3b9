"""Publication dates from the text: coverage, accuracy, doubts and document types.

    .venv/bin/python bench/pubdate_bench.py [--corpora ../shared/corpora] [--write-readme]

Hides each t17-dev article's publication date and asks `timeline.ingest.published`:
`infer_published` (coverage: the share of articles given a date; accuracy: the share of
those dates that are the right day), `find_dateline` alone, and a baseline computed in the
same run (the latest full date in the text as the tagger resolves it, and nothing else).
Also: the calibration of the confidence (accuracy per confidence level), the same figures
on TimeBank and AQUAINT (dct hidden), the false-positive rate of `doubts` on the true dates
and its hit rate on wrong ones (the true date shifted by whole years), the document-type
classifier on news (t17-dev, TBAQ) and histories (WikiWars), and the time per article.
``--write-readme`` replaces the section "## Publication dates" of bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from readme_sections import replace_marked_section

from timeline.calendar import day_number, iso, parse_iso_day, to_ymd
from timeline.ingest.doctype import classify_doc_type
from timeline.ingest.published import (
    CONFIDENCE,
    DateFinding,
    doubts,
    find_dateline,
    infer_published,
)
from timeline.stamps.dated import YEARLESS_DAY, is_full_date
from timeline.tagger import tag

HERE = Path(__file__).resolve().parent
SECTION_START = "<!-- pubdate:start -->"
SECTION_END = "<!-- pubdate:end -->"
SHIFTS = (1, 2, 5)  # years added to a true date to make a wrong one
T = TypeVar("T")


@dataclass
class Article:
    corpus: str  # folder or file stem
    published: str | None
    text: str


@dataclass
class Tally:
    """Dated and right counts of one method on one group of articles."""

    articles: int = 0
    dated: int = 0
    right: int = 0

    def add(self, guess: str | None, truth: str | None) -> None:
        self.articles += 1
        if guess is not None:
            self.dated += 1
            self.right += guess == truth

    def cells(self) -> str:
        coverage = _pct(self.dated, self.articles)
        accuracy = _pct(self.right, self.dated)
        return f"{coverage} | {accuracy}"


@dataclass
class Results:
    infer: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    around: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    dateline: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    baseline: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    written: Counter[str] = field(default_factory=Counter)  # true day written in full
    yearless: Counter[str] = field(default_factory=Counter)  # its month and day only
    levels: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    doubt_true: Counter[str] = field(default_factory=Counter)
    doubt_shift: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    doctype: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def _timed(results: Results, call: Callable[..., T], *args: str) -> T:
    start = time.perf_counter()
    value = call(*args)
    name = call.__name__
    results.times[name].append(time.perf_counter() - start)
    return value


def read_corpora(root: Path) -> Iterator[Article]:
    for path in sorted((root / "t17-dev").glob("*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            yield Article(path.parent.name, row["published"], row["text"])
    for stem in ("tbaq_timebank", "tbaq_aquaint", "wikiwars_dev"):
        for line in (root / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            yield Article(stem, row.get("dct"), row["text"])


def baseline(text: str) -> str | None:
    """The latest full date in the text, as the tagger resolves it, and nothing else."""
    days = [t.lower for t in tag(text).timexes if is_full_date(t) and t.lower is not None]
    return iso(max(days)) if days else None


def shifted(day: str, years: int) -> str:
    y, m, d = to_ymd(parse_iso_day(day))
    return iso(day_number(y + years, m, min(d, 28) if m == 2 else d))


def measure(articles: list[Article]) -> Results:
    results = Results()
    findings: dict[int, DateFinding | None] = {}
    for number, article in enumerate(articles):
        text, truth = article.text, article.published
        news = not article.corpus.startswith("wikiwars")
        kind = _kind(article)
        doc_type, _ = _timed(results, classify_doc_type, text)
        results.doctype[kind or article.corpus][doc_type] += 1
        if not news or truth is None:
            continue
        groups = [article.corpus, kind or "TBAQ"]
        found = findings[number] = _timed(results, infer_published, text)
        head = _timed(results, find_dateline, text)
        simple = baseline(text)
        days = _written_days(text)
        written = truth in days
        yearless = not written and "XXXX" + truth[4:] in days
        for group in groups:
            results.infer[group].add(found.date if found else None, truth)
            results.dateline[group].add(head.date if head else None, truth)
            results.baseline[group].add(simple, truth)
            results.written[group] += written
            results.yearless[group] += yearless
        doubt = _timed(results, doubts, truth, text)
        results.doubt_true[groups[1]] += doubt is not None
        results.doubt_true[groups[1] + " n"] += 1
        for years in SHIFTS:
            results.doubt_shift[years][groups[1]] += doubts(shifted(truth, years), text) is not None
    # Every date hidden at once: an article the first pass left undated asks again with the
    # dates the first pass gave the other articles of its corpus (one source each).
    dated: dict[str, list[str]] = defaultdict(list)
    for number, found in findings.items():
        if found is not None:
            dated[articles[number].corpus].append(found.date)
    for number, found in findings.items():
        article = articles[number]
        if found is None:
            around = dated[article.corpus]
            found = infer_published(article.text, around=around) if around else None
        for group in (article.corpus, _kind(article) or "TBAQ"):
            results.around[group].add(found.date if found else None, article.published)
        if found is not None and _kind(article):
            level = results.levels[found.kind]
            level[0] += 1
            level[1] += found.date == article.published
    return results


def _kind(article: Article) -> str | None:
    return "t17-dev" if article.corpus.startswith(("H1N1", "IraqWar", "MJ")) else None


def _written_days(text: str) -> set[str]:
    """The days the text writes in full (YYYY-MM-DD) and the months and days it writes
    without their year (XXXX-MM-DD)."""
    timexes = tag(text).timexes
    days = {iso(t.lower) for t in timexes if is_full_date(t) and t.lower is not None}
    return days | {t.value for t in timexes if YEARLESS_DAY.match(t.value)}


def tables(results: Results) -> str:
    out = [
        "| articles | n | infer_published, with the articles around: coverage | accuracy "
        "| text alone: coverage | accuracy | find_dateline: coverage "
        "| accuracy | baseline (latest full date): coverage | accuracy | day written in full "
        "| only its month and day |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    order = sorted(g for g in results.infer if g not in ("t17-dev", "TBAQ"))
    for group in ["t17-dev", *[g for g in order if not g.startswith("tbaq")], "TBAQ",
                  *[g for g in order if g.startswith("tbaq")]]:  # fmt: skip
        tally = results.infer[group]
        name = f"**{group}**" if group in ("t17-dev", "TBAQ") else group
        out.append(
            f"| {name} | {tally.articles} | {results.around[group].cells()} | {tally.cells()} "
            f"| {results.dateline[group].cells()} "
            f"| {results.baseline[group].cells()} "
            f"| {_pct(results.written[group], tally.articles)} "
            f"| {_pct(results.yearless[group], tally.articles)} |"
        )
    out += ["", "| kind of finding | confidence given | findings (t17-dev) | right | accuracy "
            "| (right + 1) / (findings + 2) |", "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for kind in CONFIDENCE:
        n, right = results.levels.get(kind, (0, 0))
        smoothed = (right + 1) / (n + 2)
        out.append(f"| {kind} | {CONFIDENCE[kind]:.2f} | {n} | {right} | {_pct(right, n)} "
                   f"| {smoothed:.2f} |")  # fmt: skip
    out += ["", "| doubts | t17-dev | TBAQ |", "|---|---:|---:|"]
    row = [_pct(results.doubt_true[g], results.doubt_true[g + " n"]) for g in ("t17-dev", "TBAQ")]
    out.append(f"| true date doubted (false positives) | {row[0]} | {row[1]} |")
    for years in SHIFTS:
        counts = results.doubt_shift[years]
        row = [_pct(counts[g], results.doubt_true[g + " n"]) for g in ("t17-dev", "TBAQ")]
        out.append(f"| true date + {years} year{'s' * (years > 1)} doubted (hits) | {row[0]} "
                   f"| {row[1]} |")  # fmt: skip
    out += ["", "| document type | texts | news | narrative | right |", "|---|---:|---:|---:|---:|"]
    for corpus, truth in (("t17-dev", "news"), ("tbaq_timebank", "news"),
                          ("tbaq_aquaint", "news"), ("wikiwars_dev", "narrative")):  # fmt: skip
        counts = results.doctype[corpus]
        total = sum(counts.values())
        out.append(f"| {corpus} ({truth}) | {total} | {counts['news']} | {counts['narrative']} "
                   f"| {_pct(counts[truth], total)} |")  # fmt: skip
    out += ["", "| time per article | min (ms) | median (ms) | max (ms) |", "|---|---:|---:|---:|"]
    for name, times in results.times.items():
        ms = sorted(1000 * t for t in times)
        out.append(f"| `{name}` | {ms[0]:.1f} | {statistics.median(ms):.1f} | {ms[-1]:.0f} |")
    return "\n".join(out)


SECTION_TEXT = """
`bench/pubdate_bench.py` hides each article's publication date and asks
`timeline.ingest.published` for it (the issue "Publication dates you can trust"). *Coverage*
is the share of articles given a date, *accuracy* the share of those that are the right day.
*Text alone* asks each text by itself. *With the articles around* is what `timeline articles
infer-dates` and `ingest --infer-published` do with a collection: every date hidden at once,
an article its text leaves undated is asked again with the dates the first pass gave the
other articles of its source (each t17-dev corpus is one source), which gives a wire dateline
without its year ("ROME, April 29 (Reuters) -") the one year that puts it near them. The
*baseline*, computed in the same run, is the latest full date (day, month, year) in the text
as the tagger resolves it and nothing else; *day written in full* is the share of articles
whose text writes their own day as a full date anywhere, *only its month and day* the share
that writes it without its year (what the articles around can complete). TimeBank and
AQUAINT (dct hidden) are a check on news of another kind, not tuned on. The confidence of a
finding is the measured accuracy of its kind on t17-dev, (right + 1) / (findings + 2)
(`timeline.ingest.published.CONFIDENCE`). `doubts` is asked about each true date (a doubt is
a false positive) and about the true date moved by whole years (a doubt is a hit). The
document-type classifier is asked about every text, its date hidden.

What limits coverage: a reading of the text can only give the day the text writes. The
stamps (datelines, page stamps, print stamps, stamps at the foot) are nearly all of it, and
nearly always right; the other full dates in a news text are the days of the events it tells
of, so once the stamps are taken the latest of them is the publication day in a few cases
out of a hundred (the baseline's errors), and `infer_published` keeps it only when "today" or
its weekday said alone stands in its sentence. The rest of the articles write their own day
nowhere (a column, a review, a comment page), or only its month and day: wire datelines
without their year, which the articles around complete.
"""


def section(figures: str, args: argparse.Namespace) -> str:
    command = ".venv/bin/python bench/pubdate_bench.py --write-readme"
    if args.corpora != HERE.parent.parent / "shared" / "corpora":
        command += f" --corpora {args.corpora}"
    measured = f"Measured {date.today().isoformat()} on a machine with {os.cpu_count()} CPUs, with:"
    return "\n".join([SECTION_START, "## Publication dates", "", SECTION_TEXT.strip(), "",
                      measured, "", "```", command, "```", "", figures, SECTION_END])  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=HERE.parent.parent / "shared" / "corpora")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    articles = list(read_corpora(args.corpora))
    print(f"{len(articles)} texts", file=sys.stderr)
    figures = tables(measure(articles))
    print(figures)
    if args.write_readme:
        replace_marked_section(SECTION_START, SECTION_END, section(figures, args))


if __name__ == "__main__":
    main()
