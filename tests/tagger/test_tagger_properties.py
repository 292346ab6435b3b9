"""Property tests: the tagger never crashes and its output is always well-formed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.calendar import MAX_DAY, MIN_DAY, iso, parse_iso_day
from timeline.tagger import tag
from timeline.tagger.bounds import value_bounds
from timeline.tagger.resources import MODS
from timeline.tagger.timex import GRANULARITIES, TIMEX_TYPES

# words that steer the text into the rules' paths, mixed with arbitrary unicode
_WORDS = [
    "May",
    "March",
    "Sunday",
    "last",
    "next",
    "this",
    "the",
    "early",
    "late",
    "mid-",
    "year",
    "years",
    "month",
    "week",
    "day",
    "ago",
    "from",
    "to",
    "between",
    "and",
    "-",
    "–",
    "1980",
    "1988",
    "2020",
    "88",
    "9999",
    "0",
    "31",
    "30",
    "February",
    "Feb.",
    "29",
    "quarter",
    "third",
    "first",
    "half",
    "of",
    "1990s",
    "'80s",
    "century",
    "19th",
    "BC",
    "p.m.",
    "2:30",
    "noon",
    "every",
    "nearly",
    "four",
    "twenty",
    "a",
    "said",
    "will",
    "$",
    "%",
    ",",
    ".",
    "\u00a0",
    "\n",
    "summer",
    "winter",
    "fiscal",
    "now",
    "Q3",
    "spring",
]
_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=4)), max_size=40).map(" ".join),
)
_DCT = st.one_of(
    st.none(),
    st.integers(min_value=MIN_DAY, max_value=MAX_DAY).map(iso),
)
_MODS = {None, *MODS}


def _within(day: int, timex) -> bool:
    """Whether ``day`` lies in the timex's bounds or in the period its value names."""
    if timex.lower is not None and timex.lower <= day <= timex.upper:
        return True
    try:
        period = value_bounds(timex.value)
    except ValueError:
        return False
    return period is not None and period[0] <= day <= period[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, dct=_DCT, narrative=st.booleans())
def test_tag_is_total_well_formed_and_deterministic(text: str, dct: str | None, narrative: bool):
    doc_type = "narrative" if narrative else "news"
    result = tag(text, dct, doc_type=doc_type)
    assert result == tag(text, dct, doc_type=doc_type)
    previous_end = 0
    in_range = {i for r in result.ranges for i in (r.first, r.last)}
    for i, t in enumerate(result.timexes):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.start >= previous_end  # sorted, non-overlapping
        previous_end = t.end
        assert t.type in TIMEX_TYPES
        assert t.mod in _MODS
        assert t.rule
        assert t.granularity is None or t.granularity in GRANULARITIES
        assert (t.lower is None) == (t.upper is None)
        if t.lower is not None:
            assert MIN_DAY <= t.lower <= t.upper <= MAX_DAY
            assert t.resolved
        if dct is None and not narrative and i not in in_range and t.anchor is not None:
            # never today's date: only a date the text mentioned earlier ("the next day"),
            # within its bounds or its own period ("late 1000" leaves the story in 1000)
            day = parse_iso_day(t.anchor)
            earlier = result.timexes[:i]
            assert any(_within(day, e) for e in earlier)
    for rng in result.ranges:
        assert 0 <= rng.first < rng.last < len(result.timexes)
