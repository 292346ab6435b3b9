"""build_chronology on a small hand-made corpus whose answer is known."""

from __future__ import annotations

import json
import random
import re

import pytest

from timeline.calendar import day_number, iso
from timeline.chronology import Chronology, build_chronology, to_json_entries
from timeline.errors import BadInput

from helpers import event_row

MAR = {d: day_number(2020, 3, d) for d in range(1, 32)}


def mention(n: int, day: int, article: int, published: str, sentence: str, **fields) -> dict:
    return event_row(
        n,
        day,
        article_id=article,
        published=published,
        sentence=sentence,
        title=f"Article {article}",
        source="Agency",
        **fields,
    )


def corpus() -> list[dict]:
    """20 mentions of 10 articles, 1..31 March 2020.

    - 10 March: the summit, reported by six articles (two of them a week or more later),
      two of which say it in nearly the same words;
    - 12 March: two articles; 5 March: one article looking back from 20 March; 14 March:
      one article, on the day itself (no later article refers to it);
    - "in March": six month-precision mentions, which must never become 1 March.
    """
    rows = [
        mention(
            1, MAR[10], 1, "2020-03-10", "The leaders met in Geneva on Tuesday for the summit."
        ),
        mention(2, MAR[10], 2, "2020-03-11", "Leaders met in Geneva on Tuesday for the summit."),
        mention(3, MAR[10], 3, "2020-03-11", "Tuesday's summit in Geneva ended without a deal."),
        mention(4, MAR[10], 4, "2020-03-17", "Since the Geneva summit on 10 March, talks stalled."),
        mention(5, MAR[10], 5, "2020-03-20", "The summit of 10 March in Geneva failed."),
        mention(6, MAR[10], 6, "2020-03-10", "Officials arrived in Geneva today for the summit."),
        mention(7, MAR[12], 6, "2020-03-10", "A vote is planned for Thursday in parliament."),
        mention(8, MAR[12], 7, "2020-03-12", "Parliament voted today on the sanctions bill."),
        mention(9, MAR[5], 5, "2020-03-20", "Troops had crossed the border on 5 March."),
        mention(10, MAR[14], 8, "2020-03-14", "A storm hit the coast today."),
    ]
    published = {row["article_id"]: row["published"] for row in rows}
    for n, article in enumerate(range(1, 7), start=11):
        rows.append(
            event_row(
                n,
                MAR[1],
                MAR[31],
                granularity="month",
                value="2020-03",
                article_id=article,
                published=published[article],
                sentence="Tensions rose in March.",
            )
        )
    # a second source on the summit, an unrelated one on the 17th, a lone one on the 20th
    rows.append(mention(17, MAR[10], 9, "2020-03-12", "On Tuesday the Geneva summit broke up."))
    rows.append(mention(18, MAR[17], 9, "2020-03-12", "Markets fell on Tuesday next week."))
    rows.append(mention(19, MAR[20], 10, "2020-03-20", "Schools closed today."))
    rows.append(mention(20, MAR[12], 10, "2020-03-20", "The bill passed on 12 March."))
    return rows


def test_the_most_reported_date_ranks_first() -> None:
    chronology = build_chronology(corpus(), dates=3)
    by_rank = sorted(chronology.entries, key=lambda e: e.rank)
    assert by_rank[0].date == "2020-03-10"
    assert by_rank[0].articles == 7
    assert by_rank[1].date == "2020-03-12"


def test_a_month_never_becomes_its_first_day() -> None:
    chronology = build_chronology(corpus(), dates=100)
    assert "2020-03-01" not in {e.date for e in chronology.entries}
    assert chronology.candidates == 6  # the days named exactly: 5, 10, 12, 14, 17, 20
    assert chronology.reason == "100 asked; only 6 dates are mentioned"


def test_a_look_back_outranks_a_lone_same_day_report() -> None:
    ranks = {e.date: e.rank for e in build_chronology(corpus(), dates=6).entries}
    # one article each; the 5th is referred to from a later article, the 14th is not
    assert ranks["2020-03-05"] < ranks["2020-03-14"]


def test_near_duplicates_are_said_once() -> None:
    summit = next(e for e in build_chronology(corpus(), per_date=3).entries if e.rank == 1)
    texts = [s.text for s in summit.sentences]
    assert len(texts) == 3
    near = {
        "The leaders met in Geneva on Tuesday for the summit.",
        "Leaders met in Geneva on Tuesday for the summit.",
    }
    assert len(near & set(texts)) <= 1


def test_one_sentence_per_merged_event() -> None:
    rows = corpus()
    for row in rows:  # every report of the summit is one happening
        if row["lower"] == MAR[10]:
            row["event_id"] = 42
    summit = next(e for e in build_chronology(rows, per_date=3).entries if e.date == "2020-03-10")
    assert len(summit.sentences) == 1


def test_sentence_citations() -> None:
    entry = next(e for e in build_chronology(corpus(), dates=2).entries if e.date == "2020-03-12")
    (cited,) = entry.sentences
    # the report of the vote, not the announcement made before it
    assert cited.text in {
        "Parliament voted today on the sanctions bill.",
        "The bill passed on 12 March.",
    }
    assert cited.source == "Agency"
    assert cited.title == f"Article {cited.article_id}"
    assert cited.published in {"2020-03-12", "2020-03-20"}


def test_json_entries_shape() -> None:
    entries = to_json_entries(build_chronology(corpus(), dates=4, per_date=2))
    json.dumps(entries)  # serialisable as it is
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)
    assert sorted(e["rank"] for e in entries) == [1, 2, 3, 4]
    for entry in entries:
        assert set(entry) == {"date", "rank", "score", "sentences", "articles"}
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", entry["date"])
        assert 0 < entry["score"] < 1
        assert isinstance(entry["articles"], int) and entry["articles"] >= 1
        assert 1 <= len(entry["sentences"]) <= 2
        for sentence in entry["sentences"]:
            assert set(sentence) == {"text", "article_id", "source", "title", "published"}
    best = min(entries, key=lambda e: e["rank"])
    assert best["score"] == max(e["score"] for e in entries)


def test_same_answer_whatever_the_row_order() -> None:
    rows = corpus()
    expected = to_json_entries(build_chronology(rows, dates=5, per_date=2))
    for seed in range(3):
        random.Random(seed).shuffle(rows)
        assert to_json_entries(build_chronology(rows, dates=5, per_date=2)) == expected


def test_ties_go_to_the_day_more_articles_mention_then_the_earlier_day() -> None:
    # two days with the very same evidence: one article each, published on the day
    rows = [
        mention(1, MAR[3], 1, "2020-03-03", "A happened today."),
        mention(2, MAR[2], 2, "2020-03-02", "B happened today."),
    ]
    chronology = build_chronology(rows, dates=2)
    assert [(e.date, e.rank) for e in chronology.entries] == [("2020-03-02", 1), ("2020-03-03", 2)]
    assert chronology.entries[0].score == chronology.entries[1].score


def test_empty_input() -> None:
    chronology = build_chronology([])
    assert chronology == Chronology(
        entries=(),
        dates=0,
        chosen_by_default=True,
        reason="no mention names a day",
        candidates=0,
        articles=0,
    )
    assert to_json_entries(chronology) == []
    assert build_chronology([], dates=3).entries == ()


def test_rows_without_day_precision_give_no_dates() -> None:
    rows = [r for r in corpus() if r["granularity"] == "month"]
    assert build_chronology(rows).entries == ()


def test_articles_without_a_publication_date_still_count() -> None:
    rows = [
        mention(1, MAR[10], 1, None, "The summit opened in Geneva."),
        mention(2, MAR[10], 2, None, "Geneva hosted the summit."),
        mention(3, MAR[11], 3, None, "Nothing else happened."),
    ]
    (entry,) = build_chronology(rows, dates=1).entries
    assert entry.date == "2020-03-10"
    assert entry.sentences[0].published is None


@pytest.mark.parametrize(("dates", "per_date"), [(0, 1), (-2, 1), (3, 0)])
def test_bad_numbers(dates: int, per_date: int) -> None:
    with pytest.raises(BadInput):
        build_chronology(corpus(), dates=dates, per_date=per_date)


def test_dates_before_the_common_era() -> None:
    ides = day_number(-43, 3, 15)
    rows = [mention(1, ides, 1, "2020-03-15", "Caesar was murdered on 15 March 44 BC.")]
    (entry,) = build_chronology(rows).entries
    assert entry.date == iso(ides) == "-0043-03-15"


def test_the_same_sentence_in_two_articles_is_said_once() -> None:
    rows = [
        mention(1, MAR[10], 1, "2020-03-10", "12:00 10.03.2020"),  # no words: an empty vector
        mention(2, MAR[10], 2, "2020-03-10", "12:00  10.03.2020"),
        mention(3, MAR[10], 3, "2020-03-10", "The summit opened in Geneva."),
    ]
    (entry,) = build_chronology(rows, per_date=3).entries
    texts = [s.text for s in entry.sentences]
    assert texts[0] == "The summit opened in Geneva."
    assert len(texts) == 2
