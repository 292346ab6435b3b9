"""A long fuzz run of the tagger: the property test of tests/test_tagger_properties.py, for minutes.

    python bench/fuzz_tagger.py --minutes 10

Runs hypothesis with fresh random seeds, round after round, until the time is up, on the
same strategies and checks as the unit test (any unicode, rule-steering words, hostile
numbers; any anchor or none; news and narrative): no exception, offsets and text agree,
ordered bounds within 9999 BC..AD 9999, known types, the same output twice. A failure prints
the shrunk counterexample and exits 1. Kept out of the default suite (it runs for minutes).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location(
    "tagger_properties", HERE.parent / "tests" / "test_tagger_properties.py"
)
properties = importlib.util.module_from_spec(spec)
spec.loader.exec_module(properties)  # type: ignore[union-attr]

# hostile numbers and dates on top of the unit test's text
_HOSTILE = st.sampled_from(
    [
        "February 30",
        "31 April",
        "99999",
        "10^9 days ago",
        "1" * 400,
        "year 0",
        "-0043",
        "1000000000 days ago",
        "5000000 years ago",
        "44 BC",
        "circa",
        "AH",
        "Muharram",
        "?",
        "1850s or 1860s",
        "before",
        "after",
        "no later than",
        "the next day",
        "two years later",
    ]
)
TEXT = st.one_of(
    properties._TEXT,
    st.lists(
        st.one_of(_HOSTILE, st.sampled_from(properties._WORDS), st.text(max_size=3)), max_size=60
    ).map(" ".join),
)
check = properties.test_tag_is_total_well_formed_and_deterministic.hypothesis.inner_test


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--examples-per-round", type=int, default=5000)
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    rounds = examples = 0
    while time.monotonic() < deadline:
        round_seed = random.randrange(2**32)

        @seed(round_seed)
        @settings(
            max_examples=args.examples_per_round,
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(text=TEXT, dct=properties._DCT, narrative=st.booleans())
        def fuzz(text: str, dct: str | None, narrative: bool) -> None:
            check(text, dct, narrative)

        started = time.monotonic()
        fuzz()  # raises with the shrunk counterexample on a failure
        rounds += 1
        examples += args.examples_per_round
        print(
            f"round {rounds} (seed {round_seed}): {args.examples_per_round} examples in "
            f"{time.monotonic() - started:.0f} s, no failure",
            flush=True,
        )
    print(f"done: {examples} examples in {rounds} rounds, {args.minutes:g} minutes, no failure")


if __name__ == "__main__":
    main()
