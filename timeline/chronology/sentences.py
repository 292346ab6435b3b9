"""Choosing the sentences that best say what happened on a day.

Among the sentences that date a statement to the day, the best is the one closest to what
the others say (its TF-IDF similarity to the rest, from other articles: the consensus of the
reports), preferring reports published on the day or just after it, over a look back years
later, and a sentence of ordinary length over a fragment or a run-on. Near-duplicates of a
sentence already chosen, and a second sentence of the same merged event, are skipped.

Words are any run of letters in any script, weighted by inverse sentence frequency over the
whole input, so that words common to every sentence weigh next to nothing: no stop-word list.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from timeline.chronology.evidence import publication_day

WORD = re.compile(r"[^\W\d_]+")
NEAR_DUPLICATE = 0.6  # cosine at which two sentences say the same thing
SHORT = 8  # words below which a sentence is likely a fragment (a caption, a stamp)
LONG = 60  # words above which it is likely several sentences run together
# a report published before the day tells what was planned, not what happened; a look back
# from months later summarises as well as the day's report (bench/t17.py: ROUGE-1 aligned
# 0.226 with no penalty for later reports, 0.210 when they weigh 0.7)
EARLY_WEIGHT = 0.7
CONSENSUS_FLOOR = 0.05  # a lone report still ranks by timing and length

Vector = dict[str, float]


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


class Weights:
    """Inverse sentence frequency of every word of the input's distinct sentences."""

    def __init__(self, sentences: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for sentence in sentences:
            n += 1
            df.update(set(words(sentence)))
        self.n = n
        self.df = df

    def idf(self, word: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(word, 0)))

    def vector(self, text: str, drop: frozenset[str] = frozenset()) -> Vector:
        """Sublinear TF × IDF, unit length (empty for a text without weighted words), without
        the words in ``drop``."""
        counts = Counter(w for w in words(text) if w not in drop)
        vector = {w: (1 + math.log(c)) * self.idf(w) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        return {w: v / norm for w, v in vector.items() if v} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


@dataclass(frozen=True, slots=True)
class Candidate:
    row: Mapping
    vector: Vector
    length: int  # words
    article: object


def _timing(row: Mapping, day: int) -> float:
    published = publication_day(row.get("published"))
    return EARLY_WEIGHT if published is not None and published < day else 1.0


def _length(n: int) -> float:
    if n < SHORT:
        return n / SHORT
    return min(1.0, LONG / n)


def choose_sentences(
    rows: Sequence[Mapping], day: int, weights: Weights, limit: int
) -> list[Mapping]:
    """Up to ``limit`` of ``rows`` (mentions of ``day``), best first, no two alike."""
    seen: set[tuple[object, str]] = set()
    candidates: list[Candidate] = []
    for row in rows:
        key = (row["article_id"], " ".join(row["sentence"].split()))
        if key in seen:  # one article naming the day twice in one sentence
            continue
        seen.add(key)
        text = row["sentence"]
        # the date as written is shared by every candidate: it says nothing of what happened,
        # and would make page stamps ("Thursday 28 April 2005 13.03 BST") look like consensus
        date_words = frozenset(words(row.get("expression") or ""))
        vector = weights.vector(text, date_words)
        candidates.append(Candidate(row, vector, len(words(text)), row["article_id"]))
    if not candidates:
        return []

    # consensus: cosine with the sum of the other articles' sentences, from dot products with
    # the sum of all (T) and of the sentence's own article (O): |T - O|² = T·T - 2T·O + O·O
    total: dict[str, float] = {}
    own: dict[object, dict[str, float]] = {}
    for c in candidates:
        mine = own.setdefault(c.article, {})
        for w, v in c.vector.items():
            total[w] = total.get(w, 0.0) + v
            mine[w] = mine.get(w, 0.0) + v
    total_sq = sum(v * v for v in total.values())
    others_norm = {
        article: math.sqrt(max(total_sq - 2 * cosine(vector, total) + cosine(vector, vector), 0.0))
        for article, vector in own.items()
    }

    def merit(c: Candidate) -> float:
        norm = others_norm[c.article]
        agree = cosine(c.vector, total) - cosine(c.vector, own[c.article])
        consensus = agree / norm if norm > 1e-9 else 0.0
        return (CONSENSUS_FLOOR + consensus) * _timing(c.row, day) * _length(c.length)

    scored = sorted(
        ((merit(c), c) for c in candidates),
        key=lambda pair: (
            -pair[0],
            str(pair[1].row.get("published") or ""),
            pair[1].row["sentence"],
        ),
    )
    chosen: list[Candidate] = []
    events: set[object] = set()
    texts: set[str] = set()
    for _, c in scored:
        if len(chosen) >= limit:
            break
        event, text = c.row.get("event_id"), " ".join(c.row["sentence"].split()).casefold()
        if (event is not None and event in events) or text in texts:
            continue
        if any(cosine(c.vector, other.vector) >= NEAR_DUPLICATE for other in chosen):
            continue
        chosen.append(c)
        texts.add(text)
        if event is not None:
            events.add(event)
    return [c.row for c in chosen]
