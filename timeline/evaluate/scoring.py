"""TempEval-3-style scoring of temporal expressions.

Documents are those of :mod:`timeline.evaluate.corpus`.

Scoring (:func:`score_documents`), per document matched by ``doc_id``:

- *strict* span match: same ``start`` and ``end``;
- *relaxed* span match: the spans share at least one character, one-to-one as in TempEval-3:
  a gold timex is paired with at most one system timex and vice versa. The pairing is a
  maximum-cardinality matching of the overlap graph; among equal-size matchings, exact spans
  and then larger overlaps are preferred (see :func:`align`);
- *type accuracy* and *value accuracy*: the share of relaxed matches whose ``type`` / ``value``
  equal the gold's. Values are compared as exact strings (``"1998-01"`` and ``"1998-01-XX"``
  differ), like the TempEval-3 scorer, after one mapping of notation (:func:`comparable_value`)
  so that TIMEX2 gold (ACE 2005, e.g. WikiWars) and TIMEX3 output score fairly: it rewrites
  only spellings that say the same thing in the two schemes, on both sides alike;
- *value F1*: value-correct relaxed matches counted against all gold timexes (recall) and all
  predicted ones (precision), combined as F1. From the counts, F1 = 2·V / (G + P); since value
  accuracy is V / R and relaxed F1 is 2·R / (G + P), this equals value accuracy × relaxed F1
  exactly (the TempEval-3 "value F1"), whatever the counts.

Ratios whose denominator is zero are reported as 0.0.

A gold document missing from the system output counts as all-missed; a system document with
no gold counterpart is ignored (counted in ``Scores.extra_documents``).

The command is ``timeline eval`` (:mod:`timeline.cli.tag`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from timeline.tagger.timex import TIMEX_TYPES

METRICS = (
    "strict_precision",
    "strict_recall",
    "strict_f1",
    "relaxed_precision",
    "relaxed_recall",
    "relaxed_f1",
    "type_accuracy",
    "value_accuracy",
    "value_precision",
    "value_recall",
    "value_f1",
)
"""The derived measures of :class:`Scores`, in report order (fractions, 0..1)."""

_CORPUS_COUNTS = ("gold", "predicted", "strict", "relaxed", "type_correct", "value_correct")
_SCORE_COUNTS = ("documents", "missing_documents", "extra_documents", *_CORPUS_COUNTS)
_TYPE_COUNTS = (
    "gold",
    "predicted",
    "matched_gold",
    "matched_predicted",
    "type_correct",
    "value_correct",
)


# --------------------------------------------------------------------------- values

_BC_YEAR = re.compile(r"^BC(\d{4})(.*)$")
_BC_DIGITS = re.compile(r"^BC(\d{1,3})$")
_TIMEX2_UNIT = re.compile(r"(?<=\d|X)(DE|CE|ML)(?=\d|X|T|$)")
_TIMEX2_UNITS = {"DE": "E", "CE": "C", "ML": "L"}
# a TIMEX2 set names one of its members at the set's granularity ("daily": XXXX-XX-XX);
# TIMEX3 writes the period between them (P1D)
_TIMEX2_SET = {"XXXX": "P1Y", "XXXX-XX": "P1M", "XXXX-WXX": "P1W", "XXXX-XX-XX": "P1D"}


def comparable_value(value: str, timex_type: str | None = None) -> str:
    """``value`` in TIMEX3 notation, for comparison (applied to gold and system alike).

    TIMEX2 and TIMEX3 write three things differently; nothing else is mapped:

    - BC years: TIMEX2 ``BC0216`` (216 BC) is ISO/TIMEX3's astronomical ``-0215`` (1 BC is
      year 0); a BC century or decade keeps its digits (``BC08`` → ``-08``);
    - duration units: TIMEX2 ``DE``, ``CE``, ``ML`` (decade, century, millennium) are
      TIMEX3's ``E``, ``C``, ``L`` (``P2CE`` → ``P2C``);
    - sets: TIMEX2 writes a member at the set's granularity (``XXXX-XX-XX`` for "daily"),
      TIMEX3 the period (``P1D``); only such all-X values of a SET are mapped.
    """
    if value.startswith("BC"):
        if m := _BC_YEAR.match(value):
            year = int(m.group(1)) - 1
            return (f"-{year:04d}" if year else "0000") + m.group(2)
        if m := _BC_DIGITS.match(value):
            return "-" + m.group(1)
    if value.startswith("P"):
        return _TIMEX2_UNIT.sub(lambda m: _TIMEX2_UNITS[m.group(1)], value)
    if timex_type == "SET" and value in _TIMEX2_SET:
        return _TIMEX2_SET[value]
    return value


def values_agree(gold: Mapping[str, Any], system: Mapping[str, Any]) -> bool:
    """Whether two timexes have the same value, in TIMEX3 notation (:func:`comparable_value`)."""
    return comparable_value(gold["value"], gold.get("type")) == comparable_value(
        system["value"], system.get("type")
    )


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class Alignment:
    """How the timexes of one document pair up (indices into the gold / system lists)."""

    strict: tuple[tuple[int, int], ...]
    relaxed: tuple[tuple[int, int], ...]
    missed: tuple[int, ...]  # gold with no relaxed match
    spurious: tuple[int, ...]  # system with no relaxed match


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def align(gold: Sequence[Mapping[str, Any]], system: Sequence[Mapping[str, Any]]) -> Alignment:
    """Strict pairs (same offsets, one-to-one) and relaxed pairs (one-to-one by overlap).

    The relaxed pairing is a maximum-cardinality bipartite matching (Kuhn's augmenting paths):
    greedy pairing by overlap can leave a timex unmatched that could have been matched, which
    would understate recall and precision. Each gold timex tries its candidates exact span
    first, then by decreasing overlap, so an augmenting path only moves a pair when that adds
    a match.
    """
    by_span: dict[tuple[int, int], list[int]] = {}
    for j, s in enumerate(system):
        by_span.setdefault((s["start"], s["end"]), []).append(j)
    strict: list[tuple[int, int]] = []
    for i, g in enumerate(gold):
        free = by_span.get((g["start"], g["end"]))
        if free:
            strict.append((i, free.pop(0)))

    candidates: list[list[int]] = []
    for g in gold:
        overlapping = [j for j, s in enumerate(system) if _overlap(g, s) > 0]
        overlapping.sort(
            key=lambda j: (
                (system[j]["start"], system[j]["end"]) != (g["start"], g["end"]),
                -_overlap(g, system[j]),
                system[j]["start"],
                j,
            )
        )
        candidates.append(overlapping)

    owner: dict[int, int] = {}  # system index -> gold index

    def augment(i: int, visited: set[int]) -> bool:
        for j in candidates[i]:
            if j in visited:
                continue
            visited.add(j)
            if j not in owner or augment(owner[j], visited):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        if candidates[i]:
            augment(i, set())

    relaxed = sorted((i, j) for j, i in owner.items())
    matched_gold = {i for i, _ in relaxed}
    return Alignment(
        strict=tuple(strict),
        relaxed=tuple(relaxed),
        missed=tuple(i for i in range(len(gold)) if i not in matched_gold),
        spurious=tuple(j for j in range(len(system)) if j not in owner),
    )


# --------------------------------------------------------------------------- scores


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True, slots=True)
class TypeScores:
    """Relaxed-match scores restricted to one TIMEX3 type.

    ``gold``/``predicted`` count the gold / system timexes of this type; ``matched_gold`` the
    gold ones of this type with a relaxed match (whatever the system's type), ``matched_predicted``
    the system ones of this type with a relaxed match; ``type_correct``/``value_correct`` count
    matched gold timexes of this type whose system type / value is right.
    """

    type: str
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    type_correct: int = 0
    value_correct: int = 0

    @property
    def relaxed_precision(self) -> float:
        return _ratio(self.matched_predicted, self.predicted)

    @property
    def relaxed_recall(self) -> float:
        return _ratio(self.matched_gold, self.gold)

    @property
    def relaxed_f1(self) -> float:
        return _f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        return _ratio(self.type_correct, self.matched_gold)

    @property
    def value_accuracy(self) -> float:
        return _ratio(self.value_correct, self.matched_gold)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for name in (
            "relaxed_precision",
            "relaxed_recall",
            "relaxed_f1",
            "type_accuracy",
            "value_accuracy",
        ):
            out[name] = getattr(self, name)
        return out


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts over a corpus and the TempEval-3 measures derived from them (fractions, 0..1)."""

    documents: int  # gold documents scored
    missing_documents: int  # gold documents absent from the system output
    extra_documents: int  # system documents without gold (ignored)
    gold: int
    predicted: int
    strict: int
    relaxed: int
    type_correct: int
    value_correct: int
    by_type: tuple[TypeScores, ...] = field(default=())

    @property
    def strict_precision(self) -> float:
        return _ratio(self.strict, self.predicted)

    @property
    def strict_recall(self) -> float:
        return _ratio(self.strict, self.gold)

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        return _ratio(self.relaxed, self.predicted)

    @property
    def relaxed_recall(self) -> float:
        return _ratio(self.relaxed, self.gold)

    @property
    def relaxed_f1(self) -> float:
        return _f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        return _ratio(self.type_correct, self.relaxed)

    @property
    def value_accuracy(self) -> float:
        return _ratio(self.value_correct, self.relaxed)

    @property
    def value_precision(self) -> float:
        return _ratio(self.value_correct, self.predicted)

    @property
    def value_recall(self) -> float:
        return _ratio(self.value_correct, self.gold)

    @property
    def value_f1(self) -> float:
        return _f1(self.value_precision, self.value_recall)

    def as_dict(self) -> dict[str, Any]:
        """Counts and measures as plain JSON-ready values (``by_type`` keyed by type)."""
        out: dict[str, Any] = {name: getattr(self, name) for name in _SCORE_COUNTS}
        for name in METRICS:
            out[name] = getattr(self, name)
        out["by_type"] = {t.type: t.as_dict() for t in self.by_type}
        return out


def _index(docs: Iterable[Mapping[str, Any]], side: str) -> dict[str, Mapping[str, Any]]:
    out: dict[str, Mapping[str, Any]] = {}
    for doc in docs:
        doc_id = doc["doc_id"]
        if doc_id in out:
            raise ValueError(f"duplicate doc_id {doc_id!r} in {side} documents")
        out[doc_id] = doc
    return out


def score_documents(
    gold_docs: Iterable[Mapping[str, Any]], system_docs: Iterable[Mapping[str, Any]]
) -> Scores:
    """Score system timexes against gold ones, documents matched by ``doc_id``.

    Raises ValueError when a doc_id occurs twice on one side (the pairing would be ambiguous).
    """
    gold_by_id = _index(gold_docs, "gold")
    system_by_id = _index(system_docs, "system")
    counts = dict.fromkeys(_CORPUS_COUNTS, 0)
    per_type: dict[str, dict[str, int]] = {}

    def bucket(timex_type: str) -> dict[str, int]:
        return per_type.setdefault(timex_type, dict.fromkeys(_TYPE_COUNTS, 0))

    missing = 0
    for doc_id, gold_doc in gold_by_id.items():
        gold = gold_doc["timexes"]
        system_doc = system_by_id.get(doc_id)
        if system_doc is None:
            missing += 1
        system = system_doc["timexes"] if system_doc is not None else []
        alignment = align(gold, system)
        counts["gold"] += len(gold)
        counts["predicted"] += len(system)
        counts["strict"] += len(alignment.strict)
        counts["relaxed"] += len(alignment.relaxed)
        for g in gold:
            bucket(g["type"])["gold"] += 1
        for s in system:
            bucket(s["type"])["predicted"] += 1
        for i, j in alignment.relaxed:
            g, s = gold[i], system[j]
            type_ok = g["type"] == s["type"]
            value_ok = values_agree(g, s)
            counts["type_correct"] += type_ok
            counts["value_correct"] += value_ok
            gold_bucket = bucket(g["type"])
            gold_bucket["matched_gold"] += 1
            gold_bucket["type_correct"] += type_ok
            gold_bucket["value_correct"] += value_ok
            bucket(s["type"])["matched_predicted"] += 1

    # the four TIMEX3 types first, in their usual order, then any other type a system invented
    order = [t for t in TIMEX_TYPES if t in per_type] + sorted(set(per_type) - set(TIMEX_TYPES))
    return Scores(
        documents=len(gold_by_id),
        missing_documents=missing,
        extra_documents=len(set(system_by_id) - set(gold_by_id)),
        by_type=tuple(TypeScores(type=t, **per_type[t]) for t in order),
        **counts,
    )


# --------------------------------------------------------------------------- reports


def format_scores_table(scores: Scores, *, by_type: bool = True) -> str:
    """A fixed-width plain-text table of the measures (in %) and counts."""
    pct = "{:6.1f}".format
    lines = [
        f"{'':<10} {'P':>6} {'R':>6} {'F1':>6}",
        f"{'strict':<10} {pct(100 * scores.strict_precision)} "
        f"{pct(100 * scores.strict_recall)} {pct(100 * scores.strict_f1)}",
        f"{'relaxed':<10} {pct(100 * scores.relaxed_precision)} "
        f"{pct(100 * scores.relaxed_recall)} {pct(100 * scores.relaxed_f1)}",
        f"{'value':<10} {pct(100 * scores.value_precision)} "
        f"{pct(100 * scores.value_recall)} {pct(100 * scores.value_f1)}",
        "",
        f"type accuracy  {pct(100 * scores.type_accuracy)}  (over relaxed matches)",
        f"value accuracy {pct(100 * scores.value_accuracy)}  (over relaxed matches)",
        "",
        f"documents {scores.documents} (missing from system {scores.missing_documents}, "
        f"system-only {scores.extra_documents})",
        f"timexes   gold {scores.gold}, predicted {scores.predicted}, strict {scores.strict}, "
        f"relaxed {scores.relaxed}, type-correct {scores.type_correct}, "
        f"value-correct {scores.value_correct}",
    ]
    if by_type and scores.by_type:
        lines += [
            "",
            f"{'type':<10} {'gold':>5} {'pred':>5} {'rel P':>6} {'rel R':>6} {'rel F1':>6} "
            f"{'type%':>6} {'value%':>6}",
        ]
        for t in scores.by_type:
            lines.append(
                f"{t.type:<10} {t.gold:>5} {t.predicted:>5} {pct(100 * t.relaxed_precision)} "
                f"{pct(100 * t.relaxed_recall)} {pct(100 * t.relaxed_f1)} "
                f"{pct(100 * t.type_accuracy)} {pct(100 * t.value_accuracy)}"
            )
    return "\n".join(lines)


def _describe(timex: Mapping[str, Any]) -> str:
    mod = f" mod={timex['mod']}" if timex.get("mod") else ""
    span = f"[{timex['start']}:{timex['end']}]"
    return f"{timex.get('text', '')!r} {span} {timex['type']} {timex['value']}{mod}"


def format_errors(
    gold_docs: Iterable[Mapping[str, Any]],
    system_docs: Iterable[Mapping[str, Any]],
    *,
    limit: int | None = None,
) -> str:
    """One line per error (missed, spurious, span, type or value), grouped by document.

    Meant for whoever tunes the tagger: ``limit`` caps the number of error lines.
    """
    system_by_id = _index(system_docs, "system")
    lines: list[str] = []
    shown = 0
    for gold_doc in gold_docs:
        system_doc = system_by_id.get(gold_doc["doc_id"])
        gold = gold_doc["timexes"]
        system = system_doc["timexes"] if system_doc is not None else []
        alignment = align(gold, system)
        strict = set(alignment.strict)
        errors: list[str] = [f"  missed    {_describe(gold[i])}" for i in alignment.missed]
        errors += [f"  spurious  {_describe(system[j])}" for j in alignment.spurious]
        for i, j in alignment.relaxed:
            g, s = gold[i], system[j]
            kinds = [
                name
                for name, wrong in (
                    ("span", (i, j) not in strict),
                    ("type", g["type"] != s["type"]),
                    ("value", not values_agree(g, s)),
                )
                if wrong
            ]
            if kinds:
                errors.append(f"  {'+'.join(kinds):<9} gold {_describe(g)}  system {_describe(s)}")
        if not errors:
            continue
        if limit is not None and shown + len(errors) > limit:
            errors = errors[: limit - shown]
        if errors:
            lines.append(f"{gold_doc['doc_id']} (dct {gold_doc.get('dct')})")
            lines += errors
            shown += len(errors)
        if limit is not None and shown >= limit:
            lines.append(f"... (stopped after {limit} errors)")
            break
    return "\n".join(lines)
