"""The scan's prefilter: the literals a rule's match must start with and contain, read
from the pattern text (``timeline/tagger/regex_literals.py``), and the indexed scan that
uses them, which must find every match a full scan finds."""

from __future__ import annotations

import re

import pytest

from timeline.tagger import tagger_for
from timeline.tagger.engine import find_candidates
from timeline.tagger.regex_literals import Unsupported, first_set, parse, required_sets
from timeline.tagger.scan import TokenIndex, index_keys, matches


def first(pattern: str, flags: int = re.IGNORECASE) -> set[str] | None:
    found = first_set(re.compile(pattern, flags))
    return None if found is None else set(found)


def required(pattern: str) -> list[set[str]]:
    return [set(s) for s in required_sets(re.compile(pattern, re.IGNORECASE))]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("last week", {"last week"}),
        ("(?:the\\s+)?year", {"the", "year"}),  # an optional part: both can start it
        ("(?P<m>May|June)\\s+[0-9]", {"may", "june"}),
        ("[0-9]{4}s", set("0123456789")),
        ("\\d+ BC", set("0123456789")),
        ("(?<!\\w)(?:Q[1-4])(?!\\w)", {"q"}),  # lookarounds match no text
        ("(?-i:AD|A\\.D\\.)\\s*[0-9]", {"ad", "a.d."}),  # literals are lower-cased
        ("[$€£¥]\\s?[0-9]", {"$", "€", "£", "¥"}),
        ("\\(?[0-9]{3}\\)", {"("} | set("0123456789")),
        ("[\\x27’][0-9]0s", {"'", "’"}),
        ("a{0,3}b", {"a", "b"}),
        ("(?:a|b)*c", {"a", "b", "c"}),
        ("x{,2}y", {"x", "y"}),
        ("(?i)now", {"now"}),  # a global flag group
        ("(?#a comment)now", {"now"}),
        ("[a-c]x", {"a", "b", "c"}),
        ("[]]x", {"]"}),  # a "]" first in a class is a literal
        # no usable first set: the whole text is scanned
        ("[A-Za-z]+", None),  # too wide a class
        ("\\w+day", None),
        (".", None),
        ("(?:x)?", None),  # may match empty
        ("(a)\\1", None),  # back-references are not read
        ("(?>ab)", None),  # nor atomic groups
        ("[^0-9]x", None),
        ("", None),
    ],
)
def test_first_sets(pattern: str, expected: set[str] | None) -> None:
    assert first(pattern) == expected


def test_verbose_patterns_are_not_read() -> None:
    assert first("a b", re.VERBOSE) is None
    assert first("(?x)a b") is None
    with pytest.raises(Unsupported):
        parse("a(b")
    with pytest.raises(Unsupported):
        parse("a)b")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("last\\s+week", [{"last"}, {"week"}]),
        ("(?:the\\s+)?year", [{"year"}]),  # an optional part is not required
        ("(?:January|February)\\s+[0-9]", [{"january", "february"}]),
        ("(?:fiscal|FY)\\s+[0-9]", []),  # "fy" is too short to be worth checking
        ("(?:spring|fall|x)", []),  # an alternative that needs nothing: nothing
        (
            "(?:earlier|later)\\s+(?:this|that)\\s+(?:week|month)",
            [
                {"earlier", "later"},
                {"this", "that"},
                {"week", "month"},
            ],
        ),  # fmt: skip
        ("(?:ago)+x", [{"ago"}]),
        ("(?=(?:hundred))a", []),  # a lookahead's text is not part of the match
        ("[0-9]+", []),
    ],
)
def test_required_sets(pattern: str, expected: list[set[str]]) -> None:
    assert required(pattern) == expected


def test_index_keys_are_token_prefixes() -> None:
    # "$5" starts at the token "$"; a key covers its longer forms ("a" covers "a.d.");
    # "no." is the whole token "no" followed by "." (and "no ?": a token not ASCII)
    assert index_keys(frozenset({"no.", "$5", "a", "ad", "a.d."})) == ("$", "a", "no .", "no ?")
    assert index_keys(frozenset({"twenty"})) == ("twe ?", "twen")
    assert index_keys(None) is None


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?:the\\s+)?year", {"the year", "year"}),  # the word, whitespace, the next token
        ("the[\\s\\-]+(?:first|last)", {"the first", "the last"}),  # hyphens too
        ("an?\\s+(?:few|couple)", {"a few", "a couple", "an few", "an couple"}),
        ("mid-[0-9]", {f"mid {d}" for d in "0123456789"}),  # a hyphen separates too
        ("(?:US|A)?[$€]", {"$", "€", "us$", "us€", "a$", "a€"}),
        ("the\\s*year", {"the"}),  # no whitespace needed: "theyear" is one token
        ("the\\s+\\w+", {"the"}),  # the next token is unknown
        # a number ("N": any run of digits) and what follows it
        ("[0-9]{1,2}\\s+(?:days|weeks)", {"N days", "N weeks"}),
        ("\\d+(?:,\\d{3})*\\s+days", {"N days", "N,"}),
        ("19[0-9]{2}\\s*-\\s*20[0-9]{2}", {"N 20"}),
        ("[0-9]{4}s", set("0123456789")),  # "1990s": the token goes on
    ],
)
def test_first_sets_with_the_next_token(pattern: str, expected: set[str]) -> None:
    found = first_set(re.compile(pattern, re.IGNORECASE), next_token=True)
    assert found is not None and set(found) == expected


def test_pair_keys_find_a_word_and_the_token_after_it() -> None:
    keys = index_keys(frozenset({"the first", "the 1", "mid-1", "a$", "last", "N days"}))
    assert keys == (
        "N ?", "N days", "a $", "a ?", "las ?", "last", "mid 1", "mid ?", "the 1", "the ?",
        "the firs",
    )  # fmt: skip
    text = "The first, then the 1990s, mid-1990s and THE  FIRST; a$5; the Ærø first; the Élan"
    text += "; 30 days, 1990s days, 7 Days, 5 ٣ days"
    index = TokenIndex(text, frozenset(keys))
    found = {key: [text[p : p + 5] for p in index.starts(frozenset({key}))] for key in keys}
    assert found["the firs"] == ["The f", "THE  "]  # not "then": a whole word
    assert found["the 1"] == ["the 1"]
    assert found["mid 1"] == ["mid-1"]  # hyphens are skipped
    assert found["a $"] == ["a$5; "]
    # a token that is not ASCII may be what re.IGNORECASE matches ("ſ" is "s"): in doubt
    assert found["the ?"] == ["the Æ", "the É"]
    assert found["N days"] == ["30 da", "7 Day"]  # "1990s" is no number
    assert found["N ?"] == ["5 ٣ d"]


def test_required_literals_are_found_through_the_tokens() -> None:
    literals = frozenset({"day", "ago", "month"})
    index = TokenIndex("Two days ago, in the Year's end", frozenset(), literals)
    assert index.contains_all((frozenset({"day"}), frozenset({"ago", "month"})))
    assert not index.contains_all((frozenset({"month"}),))
    assert index.contains_all((frozenset({"year's"}),))  # not a word: searched for
    assert not index.contains_all((frozenset({"week"}),))  # not tracked: searched for


SAMPLES = [
    "Sept. 30, 1989 and the 86-year-old's 30-day plan: $20 billion, a year earlier; "
    "the quarter, mid-1990s, F-16, No. 1990, 5 p.m. EST Nov. 9, twice a week, "
    "the first half of 2020, the year's end, three-quarters, '80s.",
    "He died in January 1965 and was buried on the 30th. Ramadan 1441 AH; 1 Mordad 1399.",
    "From 1939 onwards, circa 1850? c. AD 600 — the 1850s or 1860s, 490 to 479 BC, "
    "a quarter to five in the afternoon, 0630 GMT, the day before yesterday.",
]


def test_the_index_finds_every_match_of_a_full_scan_on_the_real_rules() -> None:
    tagger = tagger_for("en")
    # the rules' own examples and a few dense samples: every construct the rules use
    texts = [e.text for rule in tagger.res.rules for e in rule.examples] + SAMPLES
    text = "\n\n".join(texts)
    full_index = TokenIndex(text)
    index = TokenIndex(text, tagger.wanted)
    token_starts = {m.start() for m in re.finditer(r"\w+|[^\w\s]", text)}
    for i, rule in enumerate(tagger.res.rules):
        full = {m.span() for m in matches(rule.regex, None, full_index)}
        if not index.contains_all(tagger.required[i]):
            assert not full, rule.name
            continue
        indexed = {m.span() for m in matches(rule.regex, tagger.keys[i], index)}
        # a match may start inside a token only for a rule without word boundaries,
        # whose filters then reject it (as neg_percent's "0 percent" inside "10 percent")
        missed = {s for s in full - indexed if s[0] in token_starts}
        assert not missed, (rule.name, [text[a:b] for a, b in missed][:3])


def test_indexed_phase1_equals_full_phase1() -> None:
    tagger = tagger_for("en")
    for text in SAMPLES:
        found = find_candidates(text, tagger.res, tagger.keys, tagger.required, tagger.wanted)
        indexed = [(c.start, c.end, c.rule.name) for c in found]
        full = [(c.start, c.end, c.rule.name) for c in find_candidates(text, tagger.res)]
        assert indexed == full


def test_most_rules_are_indexed() -> None:
    tagger = tagger_for("en")
    scanned_in_full = [
        r.name for r, k in zip(tagger.res.rules, tagger.keys, strict=True) if k is None
    ]
    assert len(scanned_in_full) <= 3, scanned_in_full
