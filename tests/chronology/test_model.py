"""The shipped model file, its meaning, and the fit that writes it."""

from __future__ import annotations

import math
import random

import pytest

from timeline.chronology.evidence import FEATURES
from timeline.chronology.fit import Topic, fit_logistic, fit_model, log_loss
from timeline.chronology.model import (
    MODEL_FILE,
    Model,
    ModelError,
    default_model,
    model_from_dict,
    model_toml,
    probability,
    read_model,
)


def test_the_shipped_model_weighs_every_feature_with_the_expected_sign() -> None:
    model = default_model()
    assert set(model.weights) == set(FEATURES)
    # more evidence, likelier a date that matters; far outside the coverage, less likely
    for name in ("articles", "later_articles", "month_articles", "publication_density"):
        assert model.weights[name] > 0, name
    assert model.weights["outside_publication"] < 0
    assert model.neighbour_penalty >= 0
    assert model.notes["topics"]  # says what it was fitted on


def test_the_file_says_what_each_number_means() -> None:
    text = MODEL_FILE.read_text(encoding="utf-8")
    for meaning in FEATURES.values():
        assert meaning in text


def test_toml_round_trip(tmp_path) -> None:
    path = tmp_path / "model.toml"
    path.write_text(model_toml(default_model()), encoding="utf-8")
    again = read_model(path)
    assert again.weights == pytest.approx(default_model().weights, abs=1e-4)
    assert again.intercept == pytest.approx(default_model().intercept, abs=1e-4)
    assert again.notes == default_model().notes


def test_bad_models_are_refused() -> None:
    with pytest.raises(ModelError, match="unknown features"):
        Model(intercept=0.0, weights={"moon_phase": 1.0})
    with pytest.raises(ModelError):
        model_from_dict({"weights": {"articles": 1.0}})  # no intercept


def test_probability_is_safe_at_the_extremes() -> None:
    assert probability(0.0) == 0.5
    assert probability(1000.0) == 1.0
    assert probability(-1000.0) == 0.0
    assert probability(2.0) == pytest.approx(1 / (1 + math.exp(-2.0)))


def _topic(name: str, n: int, seed: int) -> Topic:
    # the label depends on "articles" only; "month_articles" is noise
    rng = random.Random(seed)
    examples = []
    for _ in range(n):
        a, m = rng.random() * 3, rng.random() * 3
        examples.append(
            ({"articles": a, "month_articles": m}, rng.random() < probability(2 * a - 3))
        )
    return Topic(name, examples)


def test_the_fit_finds_the_informative_feature_and_is_optimal() -> None:
    topics = [_topic("a", 400, 1), _topic("b", 100, 2)]
    features = ["articles", "month_articles"]
    intercept, weights = fit_logistic(topics, features, c=10.0)
    assert weights["articles"] > 1.0
    assert abs(weights["month_articles"]) < 0.5
    # at the optimum the penalised loss's gradient is zero: nudging any weight costs more
    model = Model(intercept=intercept, weights=weights)

    def loss(m: Model) -> float:
        total = sum(len(t.examples) for t in topics)
        value = sum(w * w for w in m.weights.values()) / (2 * 10.0)
        for t in topics:
            share = total / (len(topics) * len(t.examples))
            value += share * len(t.examples) * log_loss(m, t.examples)
        return value

    best = loss(model)
    for name in features:
        for step in (-1e-3, 1e-3):
            nudged = Model(intercept=intercept, weights={**weights, name: weights[name] + step})
            assert loss(nudged) >= best - 1e-9


def test_fit_model_keeps_the_rules_and_records_how() -> None:
    fitted = fit_model([_topic("a", 50, 3)], ["articles"], default_model(), c=0.5)
    assert fitted.max_dates == default_model().max_dates
    assert fitted.notes["topics"] == "a"
    assert fitted.notes["regularization_c"] == "0.5"
