"""Every rule's own examples (``examples = [...]`` in rules/*.toml): the rule finds them.

A positive rule must yield, in its example sentence, a timex of its own with the text and
value the example gives (each part's, for a rule with parts), and the mod when given. A
negative rule must win phase 1 on the span it gives, and no timex may overlap that span.
"""

from __future__ import annotations

import pytest

from timeline.tagger import tag, tagger_for
from timeline.tagger.engine import find_candidates
from timeline.tagger.examples import RuleExample
from timeline.tagger.resources import Rule

TAGGER = tagger_for("en")
CASES = [
    pytest.param(rule, example, id=f"{rule.name}-{k}")
    for rule in TAGGER.res.rules
    for k, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_rule_example(rule: Rule, example: RuleExample) -> None:
    result = tag(example.text, example.dct, doc_type=example.doc_type)
    found = [(t.text, t.value, t.mod) for t in result.timexes]
    if rule.negative:
        candidates = find_candidates(
            example.text,
            TAGGER.res,
            TAGGER.keys,
            TAGGER.required,
            TAGGER.wanted,
            example.doc_type,
        )
        claimed = [
            (c.start, c.end)
            for c in candidates
            if c.rule is rule and example.text[c.start : c.end] == example.found[0]
        ]
        assert claimed, f"{rule.name} does not claim {example.found[0]!r}"
        start, end = claimed[0]
        assert not [t for t in result.timexes if t.start < end and start < t.end], found
        return
    assert example.value is not None
    mine = [t for t in result.timexes if t.rule == rule.name]
    for k, (text, value) in enumerate(zip(example.found, example.value, strict=True)):
        hits = [t for t in mine if t.text == text]
        assert hits, f"{rule.name} did not yield {text!r}; the tagger found {found}"
        assert hits[0].value == value, (text, hits[0].value, value)
        if example.mod is not None:
            assert hits[0].mod == example.mod[k], (text, hits[0].mod, example.mod[k])


def test_every_rule_has_examples() -> None:
    assert all(rule.examples for rule in TAGGER.res.rules)
    assert len(CASES) >= len(TAGGER.res.rules)
