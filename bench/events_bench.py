"""Merging mentions into events: the threshold against hand labels, the quality of the events,
and the time and memory of merging 100,000 mentions.

    .venv/bin/python bench/events_bench.py labels            # precision/recall per threshold
    .venv/bin/python bench/events_bench.py conflicts         # the judged disagreements
    .venv/bin/python bench/events_bench.py quality [--set h1n1] [--show 20]
    .venv/bin/python bench/events_bench.py scale [--sizes 25000,50000,100000] [--repeat 3]
    .venv/bin/python bench/events_bench.py all --write-readme
    .venv/bin/python bench/events_bench.py sample --set h1n1 --out FILE   # (how pairs were drawn)

The labelled sets are real news (``../shared/corpora/t17-dev``, read in place, never copied
here): each set's corpora are ingested into one SQLite database with the real command line
(``timeline ingest FILE --source NAME --workers 2``), cached under ``bench/.cache/events/`` by
a hash of the code that decides the mentions (not of ``timeline/events``: tuning the merge
needs no new ingest). ``bench/events_labels.json`` holds no text: each labelled pair names
its two mentions by corpus folder, ``doc_id``, the sentence's character offsets in the
article's text, the date's value and a short hash of the sentence, with the label and why.

The pairs are those the merge faces: two mentions of different articles whose dates the
merge compares (the same day; a day, week or month inside a coarser date up to a year; longer
periods with the very same span), drawn stratified by kind of date and by cosine (more near
the threshold); precision and recall are estimated with each pair weighted by its stratum's
size over its sample (the population), and also given as raw counts of the labelled pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from readme_sections import replace_heading_section

from timeline.db.engine import open_database
from timeline.db.events import MentionRow
from timeline.events import merge

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
README = HERE / "README.md"
HEADING = "## Events (merging mentions)"
CACHE = HERE / ".cache" / "events"
LABELS = HERE / "events_labels.json"
CORPORA = REPO.parent / "shared" / "corpora" / "t17-dev"
TIMELINE_CLI = REPO / ".venv" / "bin" / "timeline"

# the labelled sets: corpus folders ingested together, each with its source's name
SETS: dict[str, list[tuple[str, str]]] = {
    "h1n1": [("H1N1_reuters", "Reuters"), ("H1N1_bbc", "BBC"), ("H1N1_guardian", "Guardian")],
    "mj": [("MJ_bbc", "BBC")],
}
KINDS = ("day-day", "day-month", "month-month", "year", "other")
BINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.6, 1.0001)  # cosine strata
# pairs drawn per (set, kind) in each cosine stratum: more around the threshold
PER_BIN = {
    "day-day": (2, 3, 4, 5, 5, 5, 4, 3, 2),
    "day-month": (1, 2, 3, 4, 4, 3, 3, 2, 1),
    "month-month": (1, 2, 2, 3, 3, 3, 2, 2, 1),
    "year": (1, 2, 3, 4, 4, 4, 3, 2, 1),
    "other": (1, 1, 2, 3, 3, 3, 2, 1, 1),
}
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 13))


# the databases ---------------------------------------------------------------------------


def source_hash() -> str:
    """A hash of the code and rules that decide the stored mentions (not the merge's)."""
    digest = hashlib.sha256()
    package = REPO / "timeline"
    skip = {"events", "chronology", "present", "cli", "evaluate"}
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml") and not skip & set(path.parts):
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


KEY: str | None = None  # --key: the cached databases of another version of the code


def ingest(paths: Sequence[tuple[Path, str | None]], name: str) -> Path:
    """The cached database of ``paths`` (file, source), ingested with the real command line."""
    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"{name}-{KEY or source_hash()}.db"
    if db.exists():
        return db
    partial = db.with_suffix(".partial.db")
    partial.unlink(missing_ok=True)
    for path, source in paths:
        command = [str(TIMELINE_CLI), "--db", f"sqlite:///{partial}", "ingest", str(path)]
        command += ["--workers", "2"] + (["--source", source] if source else [])
        done = subprocess.run(command, capture_output=True, text=True)
        # exit 1 with a summary: some lines were skipped (empty texts), the rest is stored
        if done.returncode not in (0, 1) or "new articles" not in done.stdout:
            raise SystemExit(f"ingest of {path} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    partial.rename(db)
    return db


def set_database(name: str) -> Path:
    return ingest([(CORPORA / folder / "articles.jsonl", src) for folder, src in SETS[name]], name)


# mentions and their identifiers ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    row: MentionRow
    corpus: str  # the corpus folder
    doc_id: str
    start: int  # the sentence's character offsets in the article's text
    end: int

    @property
    def key(self) -> tuple[str, str, int, int, str]:
        return (self.corpus, self.doc_id, self.start, self.end, self.row.value)

    def ident(self) -> dict:
        sha = hashlib.sha1(self.row.sentence.encode()).hexdigest()[:10]
        return {
            "corpus": self.corpus,
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "date": self.row.value,
            "sha1": sha,
        }


def doc_ids(corpus: str) -> list[str]:
    """The corpus's doc_ids by line (the articles' ``position``, from 1)."""
    with open(CORPORA / corpus / "articles.jsonl", encoding="utf-8") as lines:
        return [json.loads(line)["doc_id"] for line in lines]


def load_mentions(db: Path) -> list[Mention]:
    """Every mention of the database, in id order, with the identifiers the labels use."""
    connection = sqlite3.connect(db)
    query = """
        SELECT m.id, m.article_id, a.source, m.lower_day, m.upper_day, m.granularity, m.value,
               m.mod, m.expression_text, m.sentence, a.origin_path, a.position,
               m.sentence_start, m.sentence_end
        FROM mentions m JOIN articles a ON a.id = m.article_id ORDER BY m.id"""
    ids: dict[str, list[str]] = {}
    found = []
    for *fields, origin, position, start, end in connection.execute(query):
        corpus = Path(origin).parent.name
        if corpus not in ids:
            ids[corpus] = doc_ids(corpus) if (CORPORA / corpus).is_dir() else []
        doc = ids[corpus][position - 1] if ids[corpus] else f"{Path(origin).name}:{position}"
        found.append(Mention(MentionRow(*fields), corpus, doc, start, end))
    connection.close()
    return found


class Finder:
    """The mentions a label names, found again: by offsets and date, else (the tagger moved
    the sentence's bounds) by the sentence's hash and date, else by offsets and hash (the
    date changed: the pair may no longer be compared, which the study then counts)."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.exact: dict[tuple, int] = {}
        self.hashed: dict[tuple, int] = {}
        self.placed: dict[tuple, int] = {}
        for k, m in enumerate(mentions):
            sha = m.ident()["sha1"]
            self.exact.setdefault(m.key, k)
            self.hashed.setdefault((m.corpus, m.doc_id, sha, m.row.value), k)
            self.placed.setdefault((m.corpus, m.doc_id, m.start, m.end, sha), k)

    def __call__(self, ident: dict) -> int | None:
        corpus, doc = ident["corpus"], ident["doc_id"]
        for index, key in (
            (self.exact, (corpus, doc, ident["start"], ident["end"], ident["date"])),
            (self.hashed, (corpus, doc, ident["sha1"], ident["date"])),
            (self.placed, (corpus, doc, ident["start"], ident["end"], ident["sha1"])),
        ):
            if key in index:
                return index[key]
        return None


# the pairs the merge faces -------------------------------------------------------------------


def span_kind(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """0 day, 1 month, 2 year, 3 other (weeks, seasons, quarters, decades, ranges)."""
    span = upper - lower + 1
    return np.select(
        [span == 1, (span >= 28) & (span <= 31), (span >= 365) & (span <= 366)], [0, 1, 2], 3
    )


def pair_kind(a: int, b: int) -> str:
    low, high = min(a, b), max(a, b)
    if high == 3:
        return "other"
    if high == 2:
        return "year"
    return {(0, 0): "day-day", (0, 1): "day-month", (1, 1): "month-month"}[(low, high)]


def candidate_pairs(mentions: Sequence[Mention]) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i < j) of mentions of different articles whose dates the merge compares."""
    lower = np.array([m.row.lower for m in mentions])
    upper = np.array([m.row.upper for m in mentions])
    article = np.array([m.row.article_id for m in mentions])
    short = upper - lower + 1 <= merge.LONGEST_BLOCK
    left, right = [], []
    for i in range(len(mentions)):  # one row at a time: memory stays linear
        j = np.arange(i + 1, len(mentions))
        inside = (lower[i] <= lower[j]) & (upper[j] <= upper[i])
        around = (lower[j] <= lower[i]) & (upper[i] <= upper[j])
        same = (lower[j] == lower[i]) & (upper[j] == upper[i])
        ok = np.where(short[i] & short[j], inside | around, same) & (article[j] != article[i])
        left.append(np.full(int(ok.sum()), i))
        right.append(j[ok])
    return np.concatenate(left), np.concatenate(right)


def vectors(mentions: Sequence[Mention]):
    """The merge's own vectors, fitted on every sentence of the set (as a rebuild does)."""
    return merge.vectorize([m.row.sentence for m in mentions])[0]


def cosines(vecs, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return np.asarray(vecs[left].multiply(vecs[right]).sum(axis=1)).ravel()


def strata(mentions: Sequence[Mention]) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """The candidate pairs, their kinds and their cosine strata."""
    left, right = candidate_pairs(mentions)
    kinds_of = span_kind(
        np.array([m.row.lower for m in mentions]), np.array([m.row.upper for m in mentions])
    )
    kinds = [pair_kind(kinds_of[i], kinds_of[j]) for i, j in zip(left, right, strict=True)]
    scores = cosines(vectors(mentions), left, right)
    return left, right, kinds, np.digitize(scores, BINS) - 1


def sample(name: str, seed: int) -> dict:
    """Pairs drawn for labelling, stratified by kind and cosine; no sentence drawn twice."""
    mentions = load_mentions(set_database(name))
    left, right, kinds, bins = strata(mentions)
    by_stratum: dict[tuple[str, int], list[int]] = defaultdict(list)
    for k, (kind, b) in enumerate(zip(kinds, bins, strict=True)):
        by_stratum[(kind, int(b))].append(k)
    rng = random.Random(seed)
    used: set[str] = set()
    pairs, sizes = [], {}
    for kind in KINDS:
        for b, wanted in enumerate(PER_BIN[kind]):
            population = by_stratum.get((kind, b), [])
            sizes[f"{name}|{kind}|{b}"] = len(population)
            drawn = 0
            for k in rng.sample(population, len(population)):
                a, c = mentions[left[k]], mentions[right[k]]
                if drawn == wanted:
                    break
                if a.row.sentence in used or c.row.sentence in used:
                    continue
                used |= {a.row.sentence, c.row.sentence}
                pairs.append(
                    {"set": name, "kind": kind, "stratum": b, "a": a.ident(), "b": c.ident()}
                )
                drawn += 1
    return {"pairs": pairs, "strata": sizes}


# the label study -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Labelled:
    set: str
    kind: str
    stratum: str  # "set|kind|bin": the stratum the pair was drawn from
    i: int  # the two mentions' indexes in their set's mention list
    j: int
    same: bool
    why: str


def read_labels(path: Path = LABELS) -> tuple[dict, dict[str, list[Mention]], list[Labelled]]:
    """The labels file, each set's mentions, and the labelled pairs found again in them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    mentions = {name: load_mentions(set_database(name)) for name in data["sets"]}
    finders = {name: Finder(rows) for name, rows in mentions.items()}
    found, missing = [], 0
    for pair in data["pairs"]:
        i, j = finders[pair["set"]](pair["a"]), finders[pair["set"]](pair["b"])
        if i is None or j is None:
            missing += 1
            continue
        stratum = f"{pair['set']}|{pair['kind']}|{pair['stratum']}"
        found.append(Labelled(pair["set"], pair["kind"], stratum, i, j, pair["same"], pair["why"]))
    if missing:
        print(f"{missing} labelled pairs no longer found (the tagger changed)", file=sys.stderr)
    return data, mentions, found


def weights(data: dict, pairs: Sequence[Labelled]) -> np.ndarray:
    """Each pair stands for its stratum's population over the pairs labelled in it."""
    labelled = Counter(p.stratum for p in pairs)
    return np.array([data["strata"][p.stratum] / labelled[p.stratum] for p in pairs])


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    tp: int  # raw counts of labelled pairs
    fp: int
    fn: int


def scores(same: np.ndarray, predicted: np.ndarray, weight: np.ndarray) -> Scores:
    tp, fp = weight[same & predicted].sum(), weight[~same & predicted].sum()
    fn = weight[same & ~predicted].sum()
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    raw = (
        int((same & predicted).sum()),
        int((~same & predicted).sum()),
        int((same & ~predicted).sum()),
    )
    return Scores(float(precision), float(recall), float(f1), *raw)


def pair_cosines(mentions: dict[str, list[Mention]], pairs: Sequence[Labelled]) -> np.ndarray:
    """Each labelled pair's cosine under the merge's vectors (fitted per set)."""
    out = np.zeros(len(pairs))
    for name, rows in mentions.items():
        vecs = vectors(rows)
        at = [k for k, p in enumerate(pairs) if p.set == name]
        left = np.array([pairs[k].i for k in at], dtype=int)
        right = np.array([pairs[k].j for k in at], dtype=int)
        out[at] = cosines(vecs, left, right)
    return out


def merged_together(
    mentions: dict[str, list[Mention]], pairs: Sequence[Labelled], threshold: float
) -> np.ndarray:
    """Whether a rebuild with ``threshold`` puts each labelled pair in one event."""
    out = np.zeros(len(pairs), dtype=bool)
    for name, rows in mentions.items():
        plan = merge.plan_merge([m.row for m in rows], [], threshold)
        event = [plan.assignments[m.row.id] for m in rows]
        for k, p in enumerate(pairs):
            if p.set == name:
                out[k] = event[p.i] == event[p.j]
    return out


# the quality of the events -----------------------------------------------------------------------


@dataclass
class Built:
    """A rebuild of one set, as data: its events and their members (indexes into mentions)."""

    mentions: list[Mention]
    plan: merge.MergePlan
    members: list[list[int]]  # per stored event

    @property
    def events(self):
        return self.plan.events


def build(mentions: list[Mention], threshold: float = merge.THRESHOLD) -> Built:
    plan = merge.plan_merge([m.row for m in mentions], [], threshold)
    members: list[list[int]] = [[] for _ in plan.events]
    for k, m in enumerate(mentions):
        members[plan.assignments[m.row.id]].append(k)
    return Built(mentions, plan, members)


def quality(built: Built) -> dict[str, int]:
    events = built.events
    return {
        "mentions": len(built.mentions),
        "events": len(events),
        "reports>=2": sum(e.reports >= 2 for e in events),
        "articles>=2": sum(e.articles >= 2 for e in events),
        "sources>=2": sum(e.sources >= 2 for e in events),
        "largest": max((e.reports for e in events), default=0),
        "in disagreement": sum(e.conflict_index >= 0 or e.conflict_id is not None for e in events),
    }


def conflict_pairs(built: Built) -> list[tuple[int, int]]:
    """The flagged disagreements as pairs of stored events (indexes)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for k, event in enumerate(built.events):
        if event.conflict_index >= 0:
            groups[event.conflict_index].append(k)
    return [(g, k) for g, ks in groups.items() for k in ks if k != g]


def conflict_groups(built: Built) -> list[list[int]]:
    """The flagged disagreements: groups of stored events (indexes) said to report one
    happening with incompatible dates."""
    groups: dict[int, list[int]] = defaultdict(list)
    for k, event in enumerate(built.events):
        if event.conflict_index >= 0:
            groups[event.conflict_index].append(k)
    return sorted(groups.values())


def central(built: Built, k: int) -> Mention:
    """The mention whose sentence stands for stored event ``k``."""
    wanted = built.events[k].mention_id
    return next(built.mentions[i] for i in built.members[k] if built.mentions[i].row.id == wanted)


def every_article_a_source(mentions: list[Mention]) -> list[Mention]:
    """The same mentions, each article its own source: more pairs for the conflict rule to
    face than the three sources of one topic give (a stress test of its text test)."""
    from dataclasses import replace

    return [
        replace(m, row=replace(m.row, source=f"{m.row.source}#{m.row.article_id}"))
        for m in mentions
    ]


# the label study, as tables -------------------------------------------------------------------


def f2(x: float) -> str:
    return f"{x:.2f}"


def label_study(thresholds: Sequence[float] = THRESHOLDS) -> tuple[list[str], dict]:
    """Precision, recall and F1 of "merged into one event" against the labels, per
    threshold (a rebuild of each set with it), overall and per kind; the labelled pairs'
    "same" rate by cosine; the ROC AUC of the cosine."""
    from sklearn.metrics import roc_auc_score

    data, mentions, pairs = read_labels()
    same = np.array([p.same for p in pairs])
    weight = weights(data, pairs)
    ones = np.ones(len(pairs))
    kinds = np.array([p.kind for p in pairs])
    cos = pair_cosines(mentions, pairs)
    lines = [
        f"{len(pairs)} labelled pairs ({int(same.sum())} the same happening) of "
        f"{len(data['pairs'])} in `bench/events_labels.json`; ROC AUC of the pair's cosine "
        f"{roc_auc_score(same, cos):.3f} (weighted by stratum: "
        f"{roc_auc_score(same, cos, sample_weight=weight):.3f}).",
        "",
        "| threshold | P | R | F1 | P (w) | R (w) | F1 (w) | "
        + " | ".join(f"{k} P/R" for k in KINDS)
        + " |",
        "|---|---|---|---|---|---|---|" + "---|" * len(KINDS),
    ]
    figures: dict = {"thresholds": {}}
    for t in thresholds:
        merged = merged_together(mentions, pairs, t)
        raw, weighted = scores(same, merged, ones), scores(same, merged, weight)
        per_kind = []
        for kind in KINDS:
            m = kinds == kind
            k = scores(same[m], merged[m], ones[m])
            per_kind.append(f"{f2(k.precision)}/{f2(k.recall)}")
        mark = " **(chosen)**" if abs(t - merge.THRESHOLD) < 1e-9 else ""
        lines.append(
            f"| {t:.2f}{mark} | {f2(raw.precision)} | {f2(raw.recall)} | {f2(raw.f1)} "
            f"| {f2(weighted.precision)} | {f2(weighted.recall)} | {f2(weighted.f1)} | "
            + " | ".join(per_kind)
            + " |"
        )
        figures["thresholds"][f"{t:.2f}"] = {"raw": raw.__repr__(), "weighted": weighted.__repr__()}
    edges = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 1.0001)
    bins = np.digitize(cos, edges) - 1
    lines += [
        "",
        "The same-happening rate of the labelled pairs by their cosine (the merge's vectors):",
        "",
        "| cosine | " + " | ".join(KINDS) + " | all |",
        "|---|" + "---|" * (len(KINDS) + 1),
    ]
    for b in range(len(edges) - 1):
        cells = []
        for kind in (*KINDS, None):
            m = (bins == b) & ((kinds == kind) if kind else True)
            cells.append(f"{int(same[m].sum())}/{int(m.sum())}" if m.any() else "-")
        upper = "1" if b == len(edges) - 2 else f"{edges[b + 1]:.2f}"
        lines.append(f"| {edges[b]:.2f}–{upper} | " + " | ".join(cells) + " |")
    figures["auc"] = float(roc_auc_score(same, cos))
    return lines, figures


def conflict_study(show: bool = False) -> tuple[list[str], dict]:
    """The disagreements flagged in each set, with its real sources and with every article
    its own source, judged by hand where the labels file has a verdict (a group is right
    when all its events report one happening)."""
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    verdicts = {(c["set"], c["mode"], _group_key(c["events"])): c for c in data["conflicts"]}
    lines = [
        "| set | sources | groups flagged | judged | one happening (precision) |",
        "|---|---|---|---|---|",
    ]
    figures: dict = {}
    for name in data["sets"]:
        base = load_mentions(set_database(name))
        for mode, mentions in (("real", base), ("per article", every_article_a_source(base))):
            built = build(mentions)
            groups = conflict_groups(built)
            judged = right = 0
            for group in groups:
                idents = [central(built, k).ident() for k in group]
                verdict = verdicts.get((name, mode, _group_key(idents)))
                if verdict is not None and verdict["same"] is not None:
                    judged += 1
                    right += verdict["same"]
                elif show:
                    _print_conflict(name, mode, built, group)
            share = f"{right}/{judged} = {right / judged:.2f}" if judged else "-"
            lines.append(f"| {name} | {mode} | {len(groups)} | {judged} | {share} |")
            figures[f"{name}/{mode}"] = {"flagged": len(groups), "judged": judged, "right": right}
    return lines, figures


def _group_key(idents: Sequence[dict]) -> tuple:
    return tuple(
        sorted((x["corpus"], x["doc_id"], x["start"], x["end"], x["date"]) for x in idents)
    )


def _print_conflict(name: str, mode: str, built: Built, group: Sequence[int]) -> None:
    """An unjudged disagreement, for a person to judge (printed, never stored)."""
    idents = [central(built, k).ident() for k in group]
    print(json.dumps({"set": name, "mode": mode, "events": idents, "same": None, "why": ""}))
    for k in group:
        event = built.events[k]
        print(f"    [{event.value} r={event.reports} s={event.sources}] {event.sentence[:200]}")


def quality_study(show: int = 0) -> tuple[list[str], dict]:
    """Events of each set at the chosen threshold: how many have several reports, articles
    and sources, and the sizes of the largest (their text is printed with --show only)."""
    lines = [
        "| set | mentions | events | ≥2 reports | ≥2 articles | ≥2 sources | largest (reports) "
        "| boilerplate mentions |",
        "|---|---|---|---|---|---|---|---|",
    ]
    figures: dict = {}
    for name in SETS:
        mentions = load_mentions(set_database(name))
        built = build(mentions)
        q = quality(built)
        vecs, terms = merge.vectorize([m.row.sentence for m in mentions])
        boilerplate = int(merge.boilerplate([m.row for m in mentions], vecs, terms).sum())
        order = sorted(range(len(built.events)), key=lambda k: -built.events[k].reports)
        largest = ", ".join(str(built.events[k].reports) for k in order[:5])
        lines.append(
            f"| {name} | {q['mentions']} | {q['events']} | {q['reports>=2']} | "
            f"{q['articles>=2']} | {q['sources>=2']} | {largest} | {boilerplate} |"
        )
        figures[name] = q | {"boilerplate": boilerplate}
        if show:
            _show_events(built, order[:show], f"{name}: the largest events")
            rng = random.Random(5)
            merged = [k for k, e in enumerate(built.events) if e.articles >= 2]
            _show_events(built, rng.sample(merged, min(show, len(merged))), f"{name}: a sample")
    return lines, figures


def _show_events(built: Built, events: Sequence[int], title: str) -> None:
    print(f"\n# {title}")
    for k in events:
        e = built.events[k]
        print(f"== {e.value} reports={e.reports} articles={e.articles} sources={e.sources}")
        for i in built.members[k][:6]:
            m = built.mentions[i]
            print(f"     [{m.row.value:>16} {m.row.source}] {m.row.sentence[:140]}")


# merging 100,000 mentions ---------------------------------------------------------------------


def synthetic_database(articles: int) -> Path:
    """A synthetic corpus (bench/make_corpus.py, seed 1) ingested once with the real command
    line; kept across versions of the code (the merge is what is timed, not the tagger)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"synthetic-{articles}.db"
    if db.exists():
        return db
    corpus = CACHE / f"news-{articles}-600-1.jsonl"
    if not corpus.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_corpus.py"),
                "--articles",
                str(articles),
                "--words",
                "600",
                "--seed",
                "1",
                "--out",
                str(corpus),
            ],
            check=True,
        )
    partial = db.with_suffix(".partial.db")
    partial.unlink(missing_ok=True)
    command = [str(TIMELINE_CLI), "--db", f"sqlite:///{partial}", "ingest", str(corpus)]
    done = subprocess.run([*command, "--workers", "2"], capture_output=True, text=True)
    if done.returncode not in (0, 1) or "new articles" not in done.stdout:
        raise SystemExit(f"ingest of {corpus} failed:\n{done.stderr[-2000:]}")
    partial.rename(db)
    return db


def _remove(db: Path) -> None:
    """A SQLite file and its write-ahead log."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)


def _articles_for(db: Path, mentions: int) -> int:
    """The number of first articles whose mentions reach ``mentions``."""
    with sqlite3.connect(db) as connection:
        counts = connection.execute(
            "SELECT article_id, count(*) FROM mentions GROUP BY article_id ORDER BY article_id"
        ).fetchall()
    total = 0
    for article, count in counts:
        total += count
        if total >= mentions:
            return article
    raise SystemExit(f"{db.name} has {total} mentions, fewer than {mentions}")


def _trimmed(source: Path, target: Path, last_article: int) -> None:
    """A copy of ``source`` with the articles up to ``last_article`` and no events."""
    _remove(target)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    with sqlite3.connect(target) as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("UPDATE mentions SET event_id = NULL")
        connection.execute("DELETE FROM events")
        connection.execute("DELETE FROM articles WHERE id > ?", (last_article,))
    with sqlite3.connect(target) as connection:
        connection.execute("VACUUM")


def _incremental(source: Path, target: Path, last_article: int) -> None:
    """``target``: the articles up to ``last_article`` of ``source`` merged, the rest's
    mentions pending (articles ingested since the last merge)."""
    _trimmed(source, target, last_article)
    engine = open_database(f"sqlite:///{target}")
    merge.rebuild(engine)
    engine.dispose()
    full = target.with_suffix(".full.db")
    _trimmed(source, full, 10**9)
    open_database(f"sqlite:///{full}").dispose()  # migrated as ``target``: the same columns
    with sqlite3.connect(target) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(mentions)")]
        listed = ", ".join(columns)
        chosen = ", ".join("NULL" if c == "event_id" else c for c in columns)
        connection.execute("ATTACH DATABASE ? AS full", (str(full),))
        for table in ("articles", "expressions"):
            connection.execute(
                f"INSERT INTO {table} SELECT * FROM full.{table} WHERE "
                f"{'id' if table == 'articles' else 'article_id'} > ?",
                (last_article,),
            )
        connection.execute(
            f"INSERT INTO mentions ({listed}) SELECT {chosen} FROM full.mentions "
            "WHERE article_id > ?",
            (last_article,),
        )
        connection.commit()
        connection.execute("DETACH DATABASE full")
    _remove(full)


def _child(kind: str, db: Path) -> None:
    """One timed merge in this process (run by :func:`timed_runs` for its memory)."""
    engine = open_database(f"sqlite:///{db}")
    started, cpu = time.perf_counter(), time.process_time()
    report = merge.rebuild(engine) if kind == "rebuild" else merge.merge_pending(engine)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    done = {"seconds": elapsed, "cpu": cpu, "merged": report.merged, "events": report.new_events}
    print(json.dumps(done))


def timed_runs(kind: str, prepared: Path, repeat: int) -> dict:
    """``repeat`` runs of a merge on fresh copies of ``prepared``, each in a new process:
    seconds (min, median) and the process's peak resident memory."""
    from procmem import run_measured

    seconds, cpus, peaks, last = [], [], [], {}
    for _ in range(repeat):
        work = prepared.with_suffix(".run.db")
        _remove(work)
        with sqlite3.connect(prepared) as src, sqlite3.connect(work) as dst:
            src.backup(dst)
        _, peak, done = run_measured([sys.executable, __file__, "_child", kind, str(work)])
        if done.returncode:
            raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
        last = json.loads(done.stdout.strip().splitlines()[-1])
        seconds.append(last["seconds"])
        cpus.append(last["cpu"])
        peaks.append(peak)
        _remove(work)
    return {
        "min": min(seconds),
        "median": statistics.median(seconds),
        "cpu": statistics.median(cpus),
        "peak_mb": max(peaks) / 1e6,
        "merged": last["merged"],
        "events": last["events"],
    }


def phases(db: Path) -> dict[str, float]:
    """Where a rebuild's time goes: read, vectors, placing, disagreements, rows, writing."""
    from timeline.db import events as store

    engine = open_database(f"sqlite:///{db}")
    store.forget_all_events(engine)
    spent: dict[str, float] = defaultdict(float)

    def timing(name: str, function):
        def wrapped(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapped

    # plan_merge calls these through the names of timeline.events.merge
    originals = (merge.vectorize, merge.boilerplate, merge.Clusters.find_conflicts, merge.plan_of)
    merge.vectorize = timing("vectors", merge.vectorize)
    merge.boilerplate = timing("boilerplate", merge.boilerplate)
    merge.Clusters.find_conflicts = timing("disagreements", merge.Clusters.find_conflicts)
    merge.plan_of = timing("event rows", merge.plan_of)
    try:
        started = time.perf_counter()
        pending = store.pending_mentions(engine)
        spent["read"] = time.perf_counter() - started
        started = time.perf_counter()
        plan = merge.plan_merge(pending, [], merge.THRESHOLD)
        planning = time.perf_counter() - started
        started = time.perf_counter()
        store.store_events(engine, plan.events, plan.assignments)
        spent["write"] = time.perf_counter() - started
    finally:
        (merge.vectorize, merge.boilerplate, merge.Clusters.find_conflicts, merge.plan_of) = (
            originals
        )
    spent["placing"] = planning - sum(
        spent[k] for k in ("vectors", "boilerplate", "disagreements", "event rows")
    )
    engine.dispose()
    return dict(spent)


def scale_study(sizes: Sequence[int], repeat: int, articles: int) -> tuple[list[str], dict]:
    source = synthetic_database(articles)
    with sqlite3.connect(source) as connection:
        available = connection.execute("SELECT count(*) FROM mentions").fetchone()[0]
    lines = [
        f"Synthetic corpus: `bench/make_corpus.py --articles {articles} --words 600 --seed 1`, "
        f"ingested once ({available:,} mentions); each size is its first articles.",
        "",
        "| mentions | articles | events | rebuild s (min / median) | CPU s | CPU µs per mention "
        "| peak RSS MB | incremental 10% s (min / median) | CPU s | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    figures: dict = {}
    for size in sizes:
        last = _articles_for(source, size)
        prepared = CACHE / f"scale-{size}.db"
        _trimmed(source, prepared, last)
        with sqlite3.connect(prepared) as connection:
            count = connection.execute("SELECT count(*) FROM mentions").fetchone()[0]
        full = timed_runs("rebuild", prepared, repeat)
        cut = _articles_for(source, int(count * 0.9))
        pending = CACHE / f"scale-{size}-incremental.db"
        _incremental(source, pending, cut)
        # the pending slice ends where the size does
        with sqlite3.connect(pending) as connection:
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("DELETE FROM articles WHERE id > ?", (last,))
        part = timed_runs("pending", pending, repeat)
        lines.append(
            f"| {count:,} | {last:,} | {full['events']:,} | {full['min']:.1f} / "
            f"{full['median']:.1f} | {full['cpu']:.1f} | {full['cpu'] / count * 1e6:.0f} | "
            f"{full['peak_mb']:.0f} | {part['min']:.1f} / {part['median']:.1f} "
            f"| {part['cpu']:.1f} | {part['peak_mb']:.0f} |"
        )
        figures[str(size)] = {"mentions": count, "rebuild": full, "incremental": part}
        _remove(prepared)
        _remove(pending)
    biggest = CACHE / "scale-phases.db"
    _trimmed(source, biggest, _articles_for(source, max(sizes)))
    spent = phases(biggest)
    _remove(biggest)
    lines += [
        "",
        f"Where the time of one rebuild of {max(sizes):,} mentions goes (seconds): "
        + ", ".join(f"{k} {v:.1f}" for k, v in spent.items())
        + ".",
    ]
    figures["phases"] = spent
    return lines, figures


# the README section ---------------------------------------------------------------------------

NOTES = """\
How the merge was tuned (see `timeline/events/merge.py`). The vectors count numbers as words
(the figures a report gives — 149 dead, phase 5, 300,000 pigs — tell its happening from
others of its day: the labelled pairs' ROC AUC went from 0.73 to 0.79) and ignore the
abbreviations of datelines and page stamps (Wed, Apr, pm, BST), which had made one event of
the leads of a day's Reuters stories. Two sentences of one article join one event only when
the second is very like it (cosine 0.35): with no such bar, pages of reader comments and of
idiom exercises had become single events of 16 to 33 mentions; with no second sentence at
all, an article that tells one happening twice (Soleimani's killing, in its lead and again
near its end) gave it twice. A sentence that recurs, but for a name and its numbers, in
three sentences on three days is boilerplate (a comment page's notices that a reader's
comment was taken down) and joins only its very same sentence. The threshold, 0.20: F1 over
the labelled pairs is the same at 0.20 and 0.25 (0.72), and the estimate over every pair the
merge compares, "F1 (w)", is higher at 0.20; below 0.20 precision falls. One threshold
serves every kind of date: a higher one for dates coarser than a month would raise the
precision of seasons and lower the recall of years, leaving F1 where it is.
Recall against every same-happening pair ("R (w)") stays low: most mentions of a
happening named in passing ("the 1918 pandemic", "Jackson's death in June 2009") share few
words with each other, which a bag of words cannot see.

A disagreement (`conflict_group`) is flagged between a new day event and an event of a day
at most 3 days away that other sources report, when their cosine without calendar words is
0.5 or more and their figures agree (a series such as daily case counts gives new figures
each day); boilerplate is never flagged. The rule of before (cosine 0.6, 7 days) flagged one
pair on the H1N1 topic, two different statements of one official five days apart; the new
rule flags one there too (a first case in Hong Kong and China's flight ban the day after),
so it is also judged with every article its own source (a stress test of its text test):
there 7 of 13 flagged groups are one happening — the same quote or report dated a day or two
apart by two articles (time zones, "yesterday", page stamps); the false ones are two groups
of removed reader comments, Reuters datelines of one city, and related happenings of the
same actors a day apart (a first case and a flight ban).

Reading the events of the two topics (`quality --show 10`): the largest are one happening
each (the 1968, 1918 and 1957 pandemics, WHO declaring the pandemic, the alert raised to 5,
Mexico's school closures; Jackson's death, the Cardiff tribute concert, the London
concerts); of 20 merged events drawn at random, 13 were one happening, the others a lead
sharing a Reuters dateline, a generic month or year sentence joined to a day (when flu
seasons usually end), or two similar statements of different people.
"""


def readme_block(sections: dict[str, list[str]], command: str) -> str:
    lines = [
        HEADING,
        "",
        "`bench/events_bench.py` measures `timeline/events/merge.py`: the threshold against",
        "hand labels of real news (Timeline17 development topics, read in place from",
        "`../shared/corpora/t17-dev`, never copied here), the events it makes, and the time",
        "and memory of merging 100,000 mentions. Made with:",
        "",
        "```",
        command,
        "```",
        "",
        NOTES,
    ]
    titles = {
        "labels": "### The threshold against labelled pairs",
        "conflicts": "### Disagreements between sources, judged",
        "quality": "### The events of two topics (threshold "
        f"{merge.THRESHOLD}, `timeline events rebuild`)",
        "scale": "### Merging 100,000 mentions (SQLite)",
    }
    explain = {
        "labels": [
            "Pairs of mentions the merge compares (different articles, nesting dates), drawn "
            "stratified by kind and cosine (more near the threshold) from H1N1 (Reuters, BBC "
            "and Guardian articles, one database) and MJ_bbc, each read and judged: the same "
            "happening or not. Each threshold is a rebuild (`plan_merge`); a pair counts as "
            "merged when its two mentions end in one event. P/R/F1 are over the labelled "
            "pairs (which over-represent the boundary); (w) weighs each pair by its stratum's "
            "size over its sample, an estimate over all the pairs the merge compares, noisy "
            "where a stratum of thousands holds one or two labels. Per kind: raw P/R.",
            "",
        ],
        "conflicts": [
            "Flagged pairs with each set's real sources, and with every article its own source "
            "(which exposes the text test to many more pairs); each flagged pair judged by "
            "reading both events (verdicts in `bench/events_labels.json`, `conflicts`).",
            "",
        ],
        "quality": [],
        "scale": [
            "`rebuild` (every event forgotten, every mention merged and stored) and an "
            "incremental merge (the last 10% of the mentions pending, the rest merged: what "
            "follows an ingest), each in a fresh process, 3 runs; peak resident memory of "
            "that process (Python, scikit-learn and the data).",
            "",
        ],
    }
    for key, body in sections.items():
        lines += ["", titles[key], "", *explain[key], *body]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "what", choices=["labels", "conflicts", "quality", "scale", "all", "sample", "_child"]
    )
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="25000,50000,100000", help="mentions, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--articles", type=int, default=6000, help="synthetic corpus size")
    parser.add_argument("--show", type=int, default=0, help="print N events / unjudged pairs")
    parser.add_argument("--set", default="h1n1", choices=sorted(SETS), help="for sample")
    parser.add_argument("--out", type=Path, help="sample: where the pairs to label go")
    parser.add_argument("--key", help="use the cached databases of this code hash")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    global KEY
    KEY = args.key or source_hash()  # once: other work may change the code while this runs
    if args.what == "_child":
        _child(args.args[0], Path(args.args[1]))
        return 0
    if args.what == "sample":
        drawn = sample(args.set, seed=17)
        text = json.dumps(drawn, ensure_ascii=False, indent=1)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            print(text)
        return 0
    wanted = ["labels", "conflicts", "quality", "scale"] if args.what == "all" else [args.what]
    sections: dict[str, list[str]] = {}
    figures: dict = {}
    for what in wanted:
        if what == "labels":
            sections[what], figures[what] = label_study()
        elif what == "conflicts":
            sections[what], figures[what] = conflict_study(show=bool(args.show))
        elif what == "quality":
            sections[what], figures[what] = quality_study(show=args.show)
        else:
            sizes = [int(s) for s in args.sizes.split(",")]
            sections[what], figures[what] = scale_study(sizes, args.repeat, args.articles)
        print("\n".join(sections[what]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")
    if args.write_readme:
        command = ".venv/bin/python bench/events_bench.py " + shlex.join(
            list(argv if argv is not None else sys.argv[1:])
        )
        replace_heading_section(HEADING, readme_block(sections, command))
        print(f"updated {README.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
