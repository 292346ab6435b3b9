"""The anchoring policies: what news and narratives count relative expressions from."""

from __future__ import annotations

import pytest

from timeline.calendar import iso, parse_iso_day
from timeline.tagger import resources_for, tag
from timeline.tagger.anchoring import NarrativeAnchoring, NewsAnchoring, anchoring_for
from timeline.tagger.candidates import Piece
from timeline.tagger.resolver import Anchor, Resolution, resolve_against

DCT = "2020-07-21"  # a Tuesday
RULES = {rule.name: rule for rule in resources_for("en").rules}


def piece(rule: str, value: str, mod: str | None = None) -> Piece:
    return Piece(0, 1, RULES[rule], "DATE", value, mod)


def day(text: str) -> int:
    return parse_iso_day(text)


def resolved(value: str, mod: str | None = None) -> Resolution:
    return resolve_against(None, value, "DATE", mod)


def test_news_counts_from_the_dct_and_anaphora_from_the_last_date() -> None:
    policy = NewsAnchoring(Anchor(day(DCT)))
    assert policy.uses_tense
    that_year = piece("rel_anaphoric_unit", "REF.year[+0]")
    assert policy.anchor_for(that_year) == Anchor(day(DCT))  # nothing mentioned yet
    policy.resolved(piece("date_month_year", "1988-06"), resolved("1988-06"))
    assert policy.anchor_for(that_year) == Anchor(day("1988-06-01"), "month")
    assert policy.anchor_for(piece("rel_unit", "REF.year[+1]")) == Anchor(day(DCT))  # deixis
    assert policy.fit(Anchor(day(DCT)), piece("date_month_bare", "TENSE.XXXX-07")) == Anchor(
        day(DCT)
    )


def test_a_story_moves_on_with_every_date_it_tells_of() -> None:
    policy = NarrativeAnchoring(None)
    assert not policy.uses_tense
    nxt = piece("rel_anaphoric_next_day", "REF.day[+1]")
    assert policy.anchor_for(nxt) is None
    policy.resolved(piece("date_day_month_year", "1943-03-12"), resolved("1943-03-12"))
    assert policy.anchor_for(nxt) == Anchor(day("1943-03-12"))
    # a coarser date that contains the anchor leaves it in place
    policy.resolved(piece("date_decade", "194"), resolved("194"))
    assert policy.anchor_for(nxt) == Anchor(day("1943-03-12"))
    # a date with an open mod says nothing of when the story is
    policy.resolved(piece("hist_bound_year", "1200", "BEFORE"), resolved("1200", "BEFORE"))
    assert policy.anchor_for(nxt) == Anchor(day("1943-03-12"))
    # "c. 1850" leaves the story in 1850, not at its widened start
    policy.resolved(piece("hist_approx_year", "1850", "APPROX"), resolved("1850", "APPROX"))
    assert policy.anchor_for(nxt) == Anchor(day("1850-01-01"), "year")


def test_a_story_puts_a_yearless_date_in_the_anchors_year() -> None:
    policy = NarrativeAnchoring(None)
    june = Anchor(day("1944-06-01"), "month")
    november = piece("date_month_bare", "TENSE.XXXX-11")
    assert policy.fit(june, november) == Anchor(day("1944-06-01"), "year")
    assert policy.fit(june, piece("rel_weekday", "TENSE.XXXX-WXX-7")) == june
    assert policy.fit(None, november) is None


def test_the_policy_of_a_document_type() -> None:
    assert isinstance(anchoring_for("news", None), NewsAnchoring)
    assert isinstance(anchoring_for("narrative", None), NarrativeAnchoring)
    with pytest.raises(ValueError):
        anchoring_for("poem", None)


def test_narrative_anchors_on_the_last_date_at_its_granularity() -> None:
    text = "The army landed in June 1944. The next day it advanced, and the following year it won."
    result = tag(text, None, doc_type="narrative")
    by_text = {t.text: t for t in result.timexes}
    assert by_text["The next day"].resolved is False  # a month is not precise enough
    following = by_text["the following year"]
    assert (following.value, following.anchor) == ("1945", "1944-06-01")
    text = "On July 3, 1944 the town fell. The next day the army moved on."
    assert tag(text, None, doc_type="narrative").timexes[-1].value == "1944-07-04"


def test_anaphora_count_from_the_last_mentioned_date() -> None:
    result = tag("She fled to Florida in June 1998 and returned later that year.", "2000-01-28")
    t = result.timexes[-1]
    # clipped after the anchor's first day, as "later this year" is after the DCT
    assert (t.text, t.value, iso(t.lower), iso(t.upper)) == (
        "later that year",
        "1998",
        "1998-06-02",
        "1998-12-31",
    )
    result = tag("He appeared in court on Tuesday. He looked well the next morning.", DCT)
    assert [(t.value, t.type) for t in result.timexes][-1] == ("2020-07-22TMO", "TIME")
    result = tag("Imports reached $1.5 billion in 1988. Sales fell that year.", "1989-11-02")
    assert result.timexes[-1].value == "1988"


def test_deixis_stays_and_anaphora_finer_than_the_mention_stay_unresolved() -> None:
    # "next year" is deictic: counted from the DCT whatever was mentioned before
    result = tag("Sales fell in 1988 and will rise next year.", DCT)
    assert result.timexes[-1].value == "2021"
    t = tag("They met in 1988. That day they agreed.", DCT).timexes[-1]
    # unresolved, but what the anchor tells is kept: some day of 1988
    assert (t.text, t.value, t.resolved) == ("That day", "1988-XX-XX", False)
