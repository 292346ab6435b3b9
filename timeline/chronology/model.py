"""The date model: the weights of the evidence, read from ``model.toml`` beside this file.

A day's score is a logistic model's log-odds: ``intercept + Σ weight × feature`` (features
in :data:`timeline.chronology.evidence.FEATURES`). The weights were fitted by
``bench/t17.py --fit`` on journalists' timelines (development topics only) and are kept as
data, each with its meaning, so that anyone can read why a date ranks where it does and refit
them on other timelines without touching the code.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from timeline.chronology.evidence import FEATURES

MODEL_FILE = Path(__file__).with_name("model.toml")


class ModelError(ValueError):
    """A model file that does not say what the code needs."""


@dataclass(frozen=True, slots=True)
class Model:
    """Weights per feature, and the rules for how many dates to show by default."""

    intercept: float
    weights: dict[str, float]
    # subtracted from a day's score for each chosen day next to it (soft diversity; 0: off)
    neighbour_penalty: float = 0.0
    # the default number of dates: this many per day on which the corpus has publications,
    # within [min_dates, max_dates]
    dates_per_publication_day: float = 0.4
    min_dates: int = 5
    max_dates: int = 150
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(FEATURES)
        if unknown:
            raise ModelError(f"unknown features in the model: {', '.join(sorted(unknown))}")

    def log_odds(self, features: dict[str, float]) -> float:
        return self.intercept + sum(w * features[name] for name, w in self.weights.items())

    def without(self, *names: str) -> Model:
        """The same model with some features' weights removed (for ablations)."""
        return replace(self, weights={k: w for k, w in self.weights.items() if k not in names})


def probability(log_odds: float) -> float:
    """The logistic function, safe for any input."""
    if log_odds >= 0:
        return 1.0 / (1.0 + math.exp(-log_odds))
    z = math.exp(log_odds)
    return z / (1.0 + z)


def model_from_dict(data: dict) -> Model:
    try:
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        rule = data.get("default_dates", {})
        return Model(
            intercept=float(data["model"]["intercept"]),
            weights=weights,
            neighbour_penalty=float(data["model"].get("neighbour_penalty", 0.0)),
            dates_per_publication_day=float(rule.get("dates_per_publication_day", 0.4)),
            min_dates=int(rule.get("min_dates", 5)),
            max_dates=int(rule.get("max_dates", 150)),
            notes={str(k): str(v) for k, v in data.get("fitted", {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(f"bad chronology model: {exc!r}") from None


def read_model(path: Path) -> Model:
    with path.open("rb") as handle:
        return model_from_dict(tomllib.load(handle))


@cache
def default_model() -> Model:
    """The shipped model (``model.toml``), read once."""
    return read_model(MODEL_FILE)


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def model_toml(model: Model) -> str:
    """The model as the commented TOML file this module reads (written by a refit)."""
    lines = [
        "# The chronology's date model (timeline/chronology/model.py reads it; bench/t17.py --fit",
        "# writes it). A day's score is the log-odds intercept + sum of weight x feature; every",
        "# feature is log(1 + x) of a count of distinct articles (see FEATURES in evidence.py).",
        "# A positive weight: the more of that evidence, the likelier a journalist's timeline",
        "# lists the day. The output's score is the logistic of the log-odds (0..1).",
        "",
        "[model]",
        f"intercept = {model.intercept:.4f}  # log-odds of a day with no evidence at all",
        "# subtracted from a day's log-odds per chosen neighbouring day (soft diversity); 0 = off",
        f"neighbour_penalty = {model.neighbour_penalty:.4f}",
        "",
        "[weights]",
    ]
    for name, meaning in FEATURES.items():
        if name in model.weights:
            lines.append(f"# log(1 + {meaning})")
            lines.append(f"{name} = {model.weights[name]:.4f}")
    lines += [
        "",
        "# how many dates a chronology shows when not told: this many per day on which the",
        "# corpus has publications (journalists' news timelines list about 0.4: Timeline17),",
        "# within [min_dates, max_dates]",
        "[default_dates]",
        f"dates_per_publication_day = {model.dates_per_publication_day}",
        f"min_dates = {model.min_dates}",
        f"max_dates = {model.max_dates}",
    ]
    if model.notes:
        lines += ["", "# how the weights were obtained", "[fitted]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in model.notes.items()]
    return "\n".join(lines) + "\n"
