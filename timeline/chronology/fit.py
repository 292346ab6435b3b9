"""Fitting the date model's weights: an L2-regularised logistic regression, in pure Python.

The training examples are candidate days of several topics, each labelled by whether a
journalist's timeline of the topic lists the day. Each topic weighs the same in the fit
whatever its number of days, so that one long story does not decide the weights. A handful of
features and a few thousand days need no numerical library: Newton's method converges in a few
steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from timeline.chronology.model import Model, probability

Example = tuple[dict[str, float], bool]  # a day's features, and whether the timeline has it


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    examples: list[Example]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """x with matrix · x = vector (Gaussian elimination with partial pivoting)."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-12:
            raise ValueError("singular system: a feature is constant or duplicated")
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            if factor:
                for c in range(col, n + 1):
                    a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def fit_logistic(
    topics: Sequence[Topic], features: Sequence[str], *, c: float = 0.1, iterations: int = 100
) -> tuple[float, dict[str, float]]:
    """(intercept, weights) minimising the topic-balanced log loss plus ||w||² / (2c)."""
    rows: list[tuple[list[float], float, float]] = []  # (1, x…), label, sample weight
    total = sum(len(t.examples) for t in topics)
    for topic in topics:
        if not topic.examples:
            continue
        weight = total / (len(topics) * len(topic.examples))
        for values, label in topic.examples:
            rows.append(([1.0] + [values[f] for f in features], float(label), weight))
    n = len(features) + 1
    beta = [0.0] * n
    ridge = [0.0] + [1.0 / c] * len(features)  # the intercept is not penalised
    for _ in range(iterations):
        gradient = [ridge[j] * beta[j] for j in range(n)]
        hessian = [[ridge[j] if i == j else 0.0 for j in range(n)] for i in range(n)]
        for x, y, s in rows:
            p = probability(sum(b * v for b, v in zip(beta, x, strict=True)))
            residual, curvature = s * (p - y), s * p * (1.0 - p)
            for i in range(n):
                gradient[i] += residual * x[i]
                row = hessian[i]
                scaled = curvature * x[i]
                for j in range(i + 1):
                    row[j] += scaled * x[j]
        for i in range(n):
            for j in range(i + 1, n):
                hessian[i][j] = hessian[j][i]
        step = _solve(hessian, gradient)
        beta = [b - d for b, d in zip(beta, step, strict=True)]
        if max(abs(d) for d in step) < 1e-9:
            break
    return beta[0], dict(zip(features, beta[1:], strict=True))


def fit_model(
    topics: Sequence[Topic], features: Sequence[str], base: Model, *, c: float = 0.1
) -> Model:
    """``base`` with weights fitted on ``topics`` (its default-size rules kept)."""
    intercept, weights = fit_logistic(topics, features, c=c)
    return Model(
        intercept=intercept,
        weights=weights,
        neighbour_penalty=base.neighbour_penalty,
        dates_per_publication_day=base.dates_per_publication_day,
        min_dates=base.min_dates,
        max_dates=base.max_dates,
        notes={
            "topics": ", ".join(t.name for t in topics),
            "days": str(sum(len(t.examples) for t in topics)),
            "timeline_days": str(sum(label for t in topics for _, label in t.examples)),
            "regularization_c": f"{c:g}",
            "loss": "logistic, each topic weighted equally, L2 penalty |w|^2 / (2c)",
        },
    )


def log_loss(model: Model, examples: Sequence[Example]) -> float:
    """Mean log loss of a model on examples (for checks)."""
    total = 0.0
    for values, label in examples:
        p = min(max(probability(model.log_odds(values)), 1e-12), 1 - 1e-12)
        total -= math.log(p if label else 1 - p)
    return total / max(len(examples), 1)
