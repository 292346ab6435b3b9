"""Chronologies against journalists' timelines (Timeline17 development topics).

    .venv/bin/python bench/t17.py [--corpora ../shared/corpora/t17-dev] [--repeat 5]
                                  [--scale 10000] [--fit] [--write-readme] [--json FILE]

Each topic folder is ingested into a fresh SQLite database with the real command line
(``timeline ingest FILE --workers 2``), cached under ``bench/.cache/t17/`` by topic and a hash
of the package's source (the chronology's own files excluded: changing them needs no new
ingest). For each reference timeline (k dates) it reports Date-F1 in the two settings of the
news-TLS literature ("none": our top k; "span": our ranking restricted to the reference's
first..last date, then the top k), next to the baselines computed from the same database in
the same run (pubcount: days by the articles published on them; mentioncount: days by the
distinct articles with a day-precision mention of them), the oracle ceiling (the share of
reference dates that any day-precision mention names), ROUGE-1/2 F of the chosen sentences
(per matched date, and the whole timeline concatenated; the ``rouge-score`` package), the
default number of dates and its Date-F1, and the time to build each chronology.

The ablation refits the model without each feature (and with each alone) leaving one topic
out at a time, and scores the held-out topic, so that no figure of it is tuned on its topic.
``--fit`` refits the shipped weights on every topic (timeline/chronology/model.toml).
``--scale N`` times a chronology of N synthetic articles (bench/make_corpus.py).
``--write-readme`` replaces the section "## Chronologies (Timeline17)" of bench/README.md.
Development data only: the corpora are read in place, never copied into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from readme_sections import replace_heading_section

from timeline.calendar import parse_iso_day
from timeline.chronology import FEATURES, build_chronology, default_model, mention_rows
from timeline.chronology.evidence import gather, is_day_mention, publication_day
from timeline.chronology.fit import Topic, fit_model
from timeline.chronology.model import MODEL_FILE, Model, model_toml
from timeline.chronology.rank import rank_days
from timeline.db.engine import open_database
from timeline.db.queries import list_articles
from timeline.records import EventQuery

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
README = HERE / "README.md"
CACHE = HERE / ".cache" / "t17"
HEADING = "## Chronologies (Timeline17)"
TIMELINE_CLI = REPO / ".venv" / "bin" / "timeline"
FIT_C = 0.1  # L2 regularisation of the fit: weights stable across left-out topics
NEIGHBOUR_PENALTIES = (0.1, 0.25)  # the soft-diversity settings the ablation measures


@dataclass
class Corpus:
    name: str
    rows: list[dict]
    published: list[int]  # every stored article's publication day (pubcount)
    timelines: dict[str, list[dict]]  # name → [{"date", "text"}]
    read_seconds: float = 0.0


@dataclass
class Score:
    none: float
    span: float


@dataclass
class TimelineResult:
    topic: str
    timeline: str
    k: int
    ours: Score
    pubcount: Score
    mentioncount: Score
    ceiling: float  # the best F1 any ranking of our candidate days can reach
    rouge_aligned: tuple[float, float]  # ROUGE-1, ROUGE-2 F, mean over matched dates
    rouge_concat: tuple[float, float]
    default_k: int
    default_f1: float
    seconds: list[float] = field(default_factory=list)


# the databases -------------------------------------------------------------------------------


def source_hash() -> str:
    """A hash of what decides the stored rows: the package's code and rules, not this room's."""
    digest = hashlib.sha256()
    package = REPO / "timeline"
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml") and "chronology" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def ingest(jsonl: Path, name: str, key: str) -> Path:
    """The cached database of one corpus, ingested with the real command line if missing."""
    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"{name}-{key}.db"
    if db.exists():
        return db
    partial = db.with_suffix(".partial.db")
    partial.unlink(missing_ok=True)
    command = [str(TIMELINE_CLI), "--db", f"sqlite:///{partial}", "ingest", str(jsonl)]
    done = subprocess.run([*command, "--workers", "2"], capture_output=True, text=True)
    # exit 1 with a summary: some lines were skipped (empty texts), the rest is stored
    if done.returncode not in (0, 1) or "new articles" not in done.stdout:
        raise SystemExit(f"ingest of {jsonl} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    partial.rename(db)
    return db


def load(folder: Path, key: str) -> Corpus:
    engine = open_database(f"sqlite:///{ingest(folder / 'articles.jsonl', folder.name, key)}")
    started = time.perf_counter()
    rows = mention_rows(engine, EventQuery())
    seconds = time.perf_counter() - started
    days = [publication_day(a["published"]) for a in list_articles(engine)]
    timelines = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((folder / "timelines").glob("*.json"))
    }
    engine.dispose()
    published = [d for d in days if d is not None]
    return Corpus(folder.name, rows, published, timelines, seconds)


# measures ------------------------------------------------------------------------------------


def date_f1(predicted: Sequence[int], reference: Sequence[int]) -> float:
    hits = len(set(predicted) & set(reference))
    if not hits:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(reference)
    return 2 * precision * recall / (precision + recall)


def both_settings(ranking: Sequence[int], reference: Sequence[int]) -> Score:
    k, first, last = len(reference), min(reference), max(reference)
    in_span = [d for d in ranking if first <= d <= last]
    return Score(date_f1(ranking[:k], reference), date_f1(in_span[:k], reference))


def by_count(counts: Counter[int]) -> list[int]:
    return sorted(counts, key=lambda d: (-counts[d], d))  # ties: the earlier day


def mention_counts(rows: Sequence[dict]) -> Counter[int]:
    articles: dict[int, set] = {}
    for row in rows:
        if is_day_mention(row):
            articles.setdefault(row["lower"], set()).add(row["article_id"])
    return Counter({day: len(a) for day, a in articles.items()})


def ranking(rows: Sequence[dict], model: Model) -> list[int]:
    return [r.day for r in rank_days(gather(rows), model)]


def rouge(pairs: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """Mean ROUGE-1 and ROUGE-2 F of (reference, summary) pairs; (nan, nan) without any."""
    if not pairs:
        return float("nan"), float("nan")
    from rouge_score import rouge_scorer  # bench extra: pip install rouge-score

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    scores = [scorer.score(ref, summary) for ref, summary in pairs]
    return (
        statistics.fmean(s["rouge1"].fmeasure for s in scores),
        statistics.fmean(s["rouge2"].fmeasure for s in scores),
    )


def timed(function: Callable[[], object], repeat: int) -> tuple[object, list[float]]:
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return result, seconds


def evaluate(corpus: Corpus, model: Model, repeat: int) -> list[TimelineResult]:
    ours = ranking(corpus.rows, model)
    pubcount = by_count(Counter(corpus.published))
    mentions = by_count(mention_counts(corpus.rows))
    candidates = set(ours)
    default = build_chronology(corpus.rows, model=model, months=False)  # T17 counts days
    results = []
    for name, entries in corpus.timelines.items():
        reference = [parse_iso_day(e["date"]) for e in entries]
        texts = {parse_iso_day(e["date"]): e["text"] for e in entries}
        k = len(reference)
        chronology, seconds = timed(
            lambda k=k: build_chronology(corpus.rows, dates=k, model=model, months=False), repeat
        )
        chosen = {e.day: " ".join(s.text for s in e.sentences) for e in chronology.entries}
        matched = [(texts[d], chosen[d]) for d in sorted(set(chosen) & set(texts))]
        concat = (
            " ".join(e["text"] for e in entries),
            " ".join(chosen[d] for d in sorted(chosen)),
        )
        results.append(
            TimelineResult(
                topic=corpus.name,
                timeline=name,
                k=k,
                ours=both_settings(ours, reference),
                pubcount=both_settings(pubcount, reference),
                mentioncount=both_settings(mentions, reference),
                ceiling=sum(d in candidates for d in reference) / k,
                rouge_aligned=rouge(matched),
                rouge_concat=rouge([concat]),
                default_k=default.dates,
                default_f1=date_f1([e.day for e in default.entries], reference),
                seconds=seconds,
            )
        )
    return results


# fitting and the ablation --------------------------------------------------------------------


def examples(corpus: Corpus) -> Topic:
    """Every candidate day of a topic with its features, labelled by the topic's timelines."""
    reference = {parse_iso_day(e["date"]) for tl in corpus.timelines.values() for e in tl}
    evidence = gather(corpus.rows)
    return Topic(
        corpus.name, [(ev.features(), day in reference) for day, ev in evidence.days.items()]
    )


def left_out_scores(
    corpora: Sequence[Corpus], topics: Sequence[Topic], features: Sequence[str], penalty: float
) -> Score:
    """Macro Date-F1 when each topic is ranked by a model fitted on the others only."""
    base = default_model()
    scores = []
    for corpus in corpora:
        training = [t for t in topics if t.name != corpus.name]
        model = fit_model(training, features, base, c=FIT_C)
        model = replace(model, neighbour_penalty=penalty)
        days = ranking(corpus.rows, model)
        for entries in corpus.timelines.values():
            scores.append(both_settings(days, [parse_iso_day(e["date"]) for e in entries]))
    return Score(statistics.fmean(s.none for s in scores), statistics.fmean(s.span for s in scores))


def ablation(corpora: Sequence[Corpus]) -> list[tuple[str, Score]]:
    topics = [examples(c) for c in corpora]
    names = list(FEATURES)
    rows = [("all features", left_out_scores(corpora, topics, names, 0.0))]
    for name in names:
        others = [n for n in names if n != name]
        rows.append((f"without {name}", left_out_scores(corpora, topics, others, 0.0)))
    for name in names:
        rows.append((f"{name} alone", left_out_scores(corpora, topics, [name], 0.0)))
    for penalty in NEIGHBOUR_PENALTIES:
        score = left_out_scores(corpora, topics, names, penalty)
        rows.append((f"all, neighbour penalty {penalty:g}", score))
    return rows


def refit(corpora: Sequence[Corpus]) -> Model:
    model = fit_model([examples(c) for c in corpora], list(FEATURES), default_model(), c=FIT_C)
    MODEL_FILE.write_text(model_toml(model), encoding="utf-8")
    default_model.cache_clear()
    return default_model()


# scale ---------------------------------------------------------------------------------------


def scale_timing(articles: int, key: str, repeat: int) -> dict[str, float]:
    corpus = CACHE / f"synthetic-{articles}.jsonl"
    if not corpus.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        maker = [sys.executable, str(HERE / "make_corpus.py"), "--articles", str(articles)]
        subprocess.run([*maker, "--out", str(corpus)], check=True)
    engine = open_database(f"sqlite:///{ingest(corpus, f'synthetic-{articles}', key)}")
    rows, read = timed(lambda: mention_rows(engine, EventQuery()), 1)
    chronology, built = timed(lambda: build_chronology(rows), repeat)
    engine.dispose()
    return {
        "articles": articles,
        "mentions": len(rows),
        "dates": chronology.dates,
        "read_s": read[0],
        "build_min_s": min(built),
        "build_median_s": statistics.median(built),
    }


# output --------------------------------------------------------------------------------------


def f(x: float) -> str:
    return "–" if x != x else f"{x:.3f}"


def macro(results: Sequence[TimelineResult], get: Callable[[TimelineResult], float]) -> float:
    return statistics.fmean(get(r) for r in results)


def report(
    results: Sequence[TimelineResult],
    ablated: Sequence[tuple[str, Score]] | None,
    scaled: dict[str, float] | None,
    corpora: Sequence[Corpus],
    command: str,
) -> str:
    lines = [
        HEADING,
        "",
        f"`{command}`",
        "",
        "How `timeline.chronology` ranks dates: a logistic model over five features of each day "
        "that some mention names exactly (never a month's first day), each the log of a count "
        "of distinct articles (`timeline/chronology/evidence.py`): the articles mentioning the "
        "day, those published after it that mention it, those naming its month as a whole, the "
        "publications around it (exp(-|Δ|/7) kernel), and its distance outside the "
        "publication window. The weights and what each means are data, "
        "`timeline/chronology/model.toml`, fitted by `--fit` on these topics (each topic "
        "weighing the same, L2 C = 0.1). Sentences: TF-IDF consensus among the day's "
        "mentions from other articles, reports before the day and fragments weighed down, "
        "near-duplicates and a second sentence of one merged event skipped.",
        "",
        "Date-F1 (none / span), k = the reference's number of dates; macro = mean over "
        "timelines. *ceiling*: the share of reference dates that some day-precision mention "
        "names (no ranking of our candidates can do better in either setting). ROUGE F of the "
        'chosen sentence per date (the "none" chronology), per matched date (aligned) and '
        "the whole timeline concatenated.",
        "",
        "| topic | k | ours | pubcount | mentioncount | ceiling | R-1 / R-2 aligned | "
        "R-1 / R-2 concat | default K: F1 | build min / median (s) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.topic} | {r.k} | {f(r.ours.none)} / {f(r.ours.span)} | "
            f"{f(r.pubcount.none)} / {f(r.pubcount.span)} | "
            f"{f(r.mentioncount.none)} / {f(r.mentioncount.span)} | {f(r.ceiling)} | "
            f"{f(r.rouge_aligned[0])} / {f(r.rouge_aligned[1])} | "
            f"{f(r.rouge_concat[0])} / {f(r.rouge_concat[1])} | {r.default_k}: "
            f"{f(r.default_f1)} | {min(r.seconds):.3f} / {statistics.median(r.seconds):.3f} |"
        )
    m = lambda get: f(macro(results, get))  # noqa: E731
    lines.append(
        f"| **macro** | | **{m(lambda r: r.ours.none)} / {m(lambda r: r.ours.span)}** | "
        f"{m(lambda r: r.pubcount.none)} / {m(lambda r: r.pubcount.span)} | "
        f"{m(lambda r: r.mentioncount.none)} / {m(lambda r: r.mentioncount.span)} | "
        f"{m(lambda r: r.ceiling)} | {m(lambda r: r.rouge_aligned[0])} / "
        f"{m(lambda r: r.rouge_aligned[1])} | {m(lambda r: r.rouge_concat[0])} / "
        f"{m(lambda r: r.rouge_concat[1])} | {m(lambda r: r.default_f1)} | |"
    )
    at_ceiling = [r.topic for r in results if r.ours.span >= r.ceiling - 1e-9]
    if at_ceiling:
        lines += [
            "",
            f"At their ceiling in the span setting: {', '.join(at_ceiling)} (their reference "
            "dates that no mention names cannot be found by ranking).",
        ]
    read = ", ".join(f"{c.name} {len(c.rows)} mentions {c.read_seconds:.2f}" for c in corpora)
    lines += ["", f"Reading the mention rows (s): {read}."]
    if ablated:
        lines += [
            "",
            "Ablation, each topic scored by a model fitted on the other four (leave one topic "
            "out; macro Date-F1 none / span):",
            "",
            "| model | none | span |",
            "|---|---|---|",
        ]
        lines += [f"| {name} | {f(s.none)} | {f(s.span)} |" for name, s in ablated]
    if scaled:
        lines += [
            "",
            f"Scale: {scaled['articles']:,} synthetic articles (bench/make_corpus.py), "
            f"{scaled['mentions']:,} mentions: reading them {scaled['read_s']:.1f} s, the "
            f"chronology ({scaled['dates']} dates, the default) {scaled['build_min_s']:.1f} s "
            f"(min) / {scaled['build_median_s']:.1f} s (median).",
        ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared/corpora/t17-dev")
    parser.add_argument("--repeat", type=int, default=5, help="timing repeats (default 5)")
    parser.add_argument("--scale", type=int, default=0, help="also time N synthetic articles")
    parser.add_argument("--fit", action="store_true", help="refit model.toml on every topic")
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    command = "python bench/t17.py " + shlex.join(argv if argv is not None else sys.argv[1:])

    key = source_hash()
    folders = sorted(p for p in args.corpora.iterdir() if (p / "articles.jsonl").exists())
    corpora = [load(folder, key) for folder in folders]
    if args.fit:
        model = refit(corpora)
        print(f"wrote {MODEL_FILE.relative_to(REPO)}", file=sys.stderr)
    model = default_model()
    results = [r for c in corpora for r in evaluate(c, model, args.repeat)]
    ablated = None if args.no_ablation else ablation(corpora)
    scaled = scale_timing(args.scale, key, args.repeat) if args.scale else None
    block = report(results, ablated, scaled, corpora, command.strip())
    print(block)
    if args.json:
        payload = {"results": [r.__dict__ for r in results], "scale": scaled}
        payload["ablation"] = [(n, s.__dict__) for n, s in ablated or []]
        args.json.write_text(json.dumps(payload, default=lambda o: o.__dict__, indent=1))
    if args.write_readme:
        replace_heading_section(HEADING, block)
        print(f"updated {README.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
