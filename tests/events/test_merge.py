"""Merging mentions into events (timeline.events.merge) on real databases, SQLite and
PostgreSQL: reports of one happening from several sources become one event, a coarser report
joins a day's event, disagreements between sources are flagged and series are not, an
incremental merge equals a rebuild. The sentences are made up for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select

from timeline.calendar import day_number
from timeline.cli import cli
from timeline.db.events import MentionRow, forget_all_events
from timeline.db.models import Event, Mention
from timeline.events import merge
from timeline.events.merge import MergeReport, date_blocks, merge_pending, plan_merge, rebuild
from timeline.ingest.pipeline import store_records

from helpers import article_record

MONDAY = day_number(2021, 3, 8)

# three sources report one killing of Monday 8 March 2021 (published the next day)
KILLING = [
    ("AFP", "Gunmen shot dead the mayor of Sanford in his car on Monday, police said."),
    ("Reuters", "The mayor of Sanford was killed on Monday when gunmen opened fire on his car."),
    ("AP", "Police said the mayor of Sanford died on Monday after gunmen shot him in his car."),
]


def store(engine: Engine, reports: list[tuple[str, str]], published: str = "2021-03-09") -> None:
    """One article per (source, sentence), published that day."""
    records = [
        replace(article_record(text, published=published, position=n), source=source)
        for n, (source, text) in enumerate(reports, 1)
    ]
    store_records(engine, records)


def events(engine: Engine) -> list[dict]:
    """Every event with the ids of its mentions, by date."""
    columns = (
        Event.id,
        Event.lower.label("lower"),
        Event.upper.label("upper"),
        Event.granularity,
        Event.reports,
        Event.sources,
        Event.conflict_group.label("group"),
        Event.sentence,
    )
    with engine.connect() as conn:
        rows = conn.execute(select(*columns).order_by(Event.lower, Event.id)).mappings().all()
        found = []
        for row in rows:
            members = conn.execute(
                select(Mention.id).where(Mention.event_id == row["id"]).order_by(Mention.id)
            ).scalars()
            found.append(dict(row) | {"mentions": tuple(members)})
    return found


def partition(engine: Engine) -> set[tuple[int, int, tuple[int, ...]]]:
    """The events as (first day, last day, mention ids): what a merge decided."""
    return {(e["lower"], e["upper"], e["mentions"]) for e in events(engine)}


def test_three_sources_one_killing_make_one_event(engine):
    store(engine, KILLING)
    (event,) = events(engine)
    assert (event["lower"], event["upper"]) == (MONDAY, MONDAY)
    assert (event["reports"], event["sources"], len(event["mentions"])) == (3, 3, 3)
    assert event["group"] is None


def test_a_month_report_joins_the_day_event_which_keeps_its_day(engine):
    store(engine, KILLING)
    store(
        engine,
        [("BBC", "The mayor of Sanford was shot dead in his car by gunmen in March.")],
        published="2021-04-20",
    )
    (event,) = events(engine)
    assert (event["lower"], event["upper"], event["granularity"]) == (MONDAY, MONDAY, "day")
    assert (event["reports"], event["sources"]) == (4, 4)


def test_the_same_happening_on_another_day_from_another_source_is_a_disagreement(engine):
    store(engine, KILLING)
    store(engine, [("BBC", "Gunmen shot dead the mayor of Sanford in his car on Sunday.")])
    monday, sunday = sorted(events(engine), key=lambda e: -e["lower"])
    assert (monday["lower"], sunday["lower"]) == (MONDAY, MONDAY - 1)
    assert monday["group"] is not None
    assert monday["group"] == sunday["group"] == min(monday["id"], sunday["id"])


def test_a_series_of_like_happenings_on_nearby_days_is_no_disagreement(engine):
    # daily figures: like sentences of consecutive days from different sources, other figures
    store(
        engine,
        [
            ("AFP", "The health ministry reported 120 new cases of the virus on Monday."),
            ("Reuters", "The health ministry reported 135 new cases of the virus on Tuesday."),
        ],
        published="2021-03-10",
    )
    found = events(engine)
    assert len(found) == 2
    assert [e["group"] for e in found] == [None, None]


def test_one_article_merges_its_own_sentences_only_when_very_alike(engine):
    store(
        engine,
        [
            (
                "AFP",
                "Gunmen shot dead the mayor of Sanford on Monday. "
                "The mayor of Sanford was shot dead by gunmen on Monday as he left home. "
                "Sanford's council also met on Monday to vote on the mayor's new budget.",
            )
        ],
    )
    # the killing told twice is one event; the council's vote, sharing words, is another
    assert sorted(e["reports"] for e in events(engine)) == [1, 2]


def test_boilerplate_does_not_merge(engine):
    # one comment-page template on three days: furniture, not one happening
    template = "At {} on {} March 2021, {} wrote: This comment was removed by the moderators."
    store(
        engine,
        [
            ("BBC", template.format("10:05", 8, "reader_one")),
            ("BBC", template.format("11:40", 8, "second_reader")),
            ("BBC", template.format("09:12", 9, "reader_three")),
            ("BBC", template.format("16:30", 9, "fourth_one")),
            ("BBC", template.format("08:01", 10, "fifth_reader")),
        ],
        published="2021-03-10",
    )
    assert all(e["reports"] == 1 for e in events(engine))


def test_an_incremental_merge_equals_a_rebuild(engine):
    store(engine, KILLING[:2])
    store(engine, [("BBC", "Gunmen shot dead the mayor of Sanford in his car on Sunday.")])
    store(engine, KILLING[2:])
    store(
        engine,
        [("DPA", "The mayor of Sanford was shot dead in his car by gunmen in March.")],
        published="2021-04-02",
    )
    merged = partition(engine)
    report = rebuild(engine)
    assert partition(engine) == merged
    assert (report.merged, report.new_events) == (5, 2)
    assert merge_pending(engine) == MergeReport(0, 0, 0, 0)  # nothing pending


def groups(engine: Engine) -> set[frozenset[tuple[int, ...]]]:
    """The disagreements as sets of events (by their mentions), whatever their ids."""
    found: dict[int, set[tuple[int, ...]]] = {}
    for e in events(engine):
        if e["group"] is not None:
            found.setdefault(e["group"], set()).add(e["mentions"])
    return {frozenset(members) for members in found.values()}


def test_a_merge_by_blocks_of_dates_equals_one_merge(engine):
    """Cut into blocks of dates (one mention a block where a cut may fall), the merge
    decides as one merge: the same events, and disagreements found across the cuts."""
    store(engine, KILLING)
    store(engine, [("BBC", "Gunmen shot dead the mayor of Sanford in his car on Sunday.")])
    store(
        engine,
        [
            ("DPA", "The mayor of Sanford was shot at in his car by gunmen in February."),
            ("AFP", "Floods hit Sanford on 2 March, with 120 homes under water."),
            ("AP", "Floods hit Sanford on 3 March, with 135 homes under water."),
            ("CNN", "Sanford elected its mayor in 2019, and again from 2001 to 2005."),
            ("NYT", "Sanford has had floods since 1990, and the mayor was elected in 2019."),
            ("BBC", "Sanford flooded more than a week ago, residents said."),
            ("DW", "Sanford flooded more than a week ago, its residents told reporters."),
            ("Xinhua", "Gunmen shot dead the mayor of Sanford in his car on Tuesday."),
        ],
        published="2021-03-10",
    )
    store(
        engine,
        [("AFP", "Gunmen killed the mayor of Sanford in his car on Thursday, police said.")],
        published="2021-03-12",
    )
    one = rebuild(engine, block=10**9)
    events_of_one, groups_of_one = partition(engine), groups(engine)
    forget_all_events(engine)
    assert len(date_blocks(engine, 1)) > 5  # the blocks are many: cuts were found
    blocked = rebuild(engine, block=1)
    assert partition(engine) == events_of_one
    # one disagreement, of three days: found across the cuts, its stored group kept
    assert groups(engine) == groups_of_one and len(next(iter(groups_of_one))) == 3
    assert (blocked.merged, blocked.new_events) == (one.merged, one.new_events)


def test_events_rebuild_with_a_threshold_on_the_command_line(db_url):
    runner = CliRunner()
    engine_url = ["--db", db_url]
    from timeline.db.engine import open_database

    engine = open_database(db_url)
    try:
        store(engine, KILLING)
        done = runner.invoke(cli, [*engine_url, "events", "rebuild", "--threshold", "0.95"])
        assert done.exit_code == 0, done.output
        assert done.output.strip() == "3 mentions merged into 3 events, 0 in disagreement"
        assert len(events(engine)) == 3
        done = runner.invoke(cli, [*engine_url, "events", "rebuild"])
        assert done.exit_code == 0, done.output
        assert done.output.strip() == "3 mentions merged into 1 event, 0 in disagreement"
        bad = runner.invoke(cli, [*engine_url, "events", "rebuild", "--threshold", "1.5"])
        assert bad.exit_code == 2
    finally:
        engine.dispose()


def test_an_empty_database(engine):
    assert merge_pending(engine) == MergeReport(0, 0, 0, 0)
    assert rebuild(engine) == MergeReport(0, 0, 0, 0)
    assert events(engine) == []


# the merge as data (no database) --------------------------------------------------------------


def mention(id: int, lower: int, upper: int, sentence: str, article: int | None = None):
    return MentionRow(
        id=id,
        article_id=article if article is not None else id,
        source=f"S{id}",
        lower=lower,
        upper=upper,
        granularity="day" if lower == upper else "year",
        value="x",
        mod=None,
        expression="x",
        sentence=sentence,
    )


def test_plan_merge_of_nothing():
    plan = plan_merge([], [])
    assert (plan.events, plan.assignments, plan.report) == ([], {}, MergeReport(0, 0, 0, 0))


@pytest.mark.parametrize("wide", [1, 10**9])
def test_a_year_mention_among_many_day_events_finds_its_own(monkeypatch, wide):
    """A year's mention has every day event of its year as a candidate: compared through
    the snapshot of the events' sums (wide=1) or member by member, it joins the same one."""
    monkeypatch.setattr(merge, "WIDE_EVENTS", wide)
    start = day_number(2020, 1, 1)

    def name(k: int) -> str:  # a made-up word per day: "bh" for 17
        return "".join(chr(ord("a") + int(d)) for d in str(k))

    days = [
        mention(k, start + k, start + k, f"Storm {name(k)} flooded {name(k)}ville.")
        for k in range(1, 200)
    ]
    year = mention(500, start, day_number(2020, 12, 31), "The hh storm flooded hhville.")
    plan = plan_merge([*days, year], [])
    assert plan.assignments[500] == plan.assignments[77]
    assert plan.report.new_events == 199


def test_open_ended_mentions_merge_only_with_their_own_kind():
    """Twice "more than a week ago" (open before, one bound) is one event; the day of that
    bound, an "after" from it and a "before" from another day are not, however alike."""
    day = day_number(2011, 3, 19)
    said = "The rebels left the city {} a spokesman said."
    rows = [
        replace(mention(1, day, day, said.format("more than a week ago")), open="before"),
        replace(mention(2, day, day, said.format("over a week ago")), open="before"),
        mention(3, day, day, said.format("on March 19")),
        replace(mention(4, day, day, said.format("after March 19")), open="after"),
        replace(mention(5, day - 1, day - 1, said.format("before March 18")), open="before"),
    ]
    plan = plan_merge(rows, [])
    groups = sorted(
        sorted(m for m, e in plan.assignments.items() if e == k)
        for k in set(plan.assignments.values())
    )
    assert groups == [[1, 2], [3], [4], [5]]
    opened = {(e.lower, e.upper, e.open) for e in plan.events}
    assert opened == {
        (day, day, "before"),
        (day, day, None),
        (day, day, "after"),
        (day - 1, day - 1, "before"),
    }


def test_a_stored_open_ended_event_takes_its_own_kind_only():
    day = day_number(2011, 3, 19)
    stored = replace(
        mention(1, day, day, "Rebels left the city more than a week ago."), open="before"
    )
    event = merge.EventRow(
        id=7, lower=day, upper=day, granularity="day", value="x", mod="BEFORE",
        expression="x", mention_id=1, sentence=stored.sentence, reports=1, articles=1,
        sources=1, open="before",
    )  # fmt: skip
    pending = [
        mention(2, day, day, "Rebels left the city on March 19."),
        replace(mention(3, day, day, "Rebels left the city more than a week ago."), open="before"),
    ]
    plan = plan_merge(pending, [(event, [stored])])
    ids = [e.id for e in plan.events]
    assert plan.events[plan.assignments[3]].id == 7 and plan.events[plan.assignments[3]].open
    assert ids[plan.assignments[2]] is None  # a new, closed event of the day
    assert plan.events[plan.assignments[2]].open is None
