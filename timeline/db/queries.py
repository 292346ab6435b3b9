"""Reading the database: mentions and events by date range, text, source and article; the
expressions that dated them; articles; corpus statistics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Engine, Integer, and_, case, func, literal_column, or_, select, text, true

from timeline.calendar import MAX_DAY, MIN_DAY
from timeline.db.models import Article, Event, Expression, Mention, MentionExpression, span_class
from timeline.edtf import to_edtf
from timeline.errors import NotFound
from timeline.records import PEOPLES_ORIGINS, EventQuery, Precision
from timeline.tagger.timex import GRANULARITIES

MAX_SPAN_CLASS = span_class(MIN_DAY, MAX_DAY)
# --precision: the granularities at least that precise (GRANULARITIES runs fine to coarse)
PRECISE_ENOUGH: dict[Precision, tuple[str, ...]] = {
    "day": GRANULARITIES[: GRANULARITIES.index("day") + 1],
    "month": GRANULARITIES[: GRANULARITIES.index("month") + 1],
    "year": GRANULARITIES[: GRANULARITIES.index("year") + 1],
}

# every mention row: plain columns, no ORM objects (a thousand rows in a few milliseconds)
MENTION_COLUMNS = (
    Mention.id.label("id"),
    Mention.event_id.label("event_id"),  # the event it reports (None until merged)
    Mention.start_date.label("start"),
    Mention.end_date.label("end"),
    Mention.value.label("value"),
    Mention.granularity.label("granularity"),
    Mention.mod.label("mod"),
    Mention.expression_text.label("expression"),
    Mention.sentence.label("sentence"),
    Article.id.label("article_id"),
    Article.title.label("title"),
    Article.source.label("source"),
    Article.published.label("published"),
    Article.url.label("url"),
    Mention.lower.label("lower"),
    Mention.upper.label("upper"),
    Mention.open.label("open"),  # "before" | "after": lower == upper is its one real bound
    Mention.calendar.label("calendar"),
    # whether the date was counted from a publication date found for the article (not one a
    # person gave: --published, set-date, a metadata file or record field) that its text
    # contradicts ("July 21" under a scraped 2024 header): it is only as good as that date
    and_(
        Article.published_doubt.is_not(None),
        Article.published_origin.not_in(PEOPLES_ORIGINS),
        select(MentionExpression.mention_id)
        .join(Expression, Expression.id == MentionExpression.expression_id)
        .where(MentionExpression.mention_id == Mention.id, Expression.anchor == Article.published)
        .exists(),
    ).label("anchor_doubtful"),
)

# the keys of every mention row, in the order exports show them; "edtf" is computed
# (timeline.edtf) from the value, mod, bounds and the expression as written
MENTION_FIELDS = (*(column.key for column in MENTION_COLUMNS), "edtf")


def overlap_condition(lower: int | None, upper: int | None, model: type = Mention):
    """Mentions (or events) overlapping [lower, upper], in a form both engines answer from
    indexes.

    A mention overlaps when it starts before the range ends and ends after it starts. A plain
    B-tree on the start cannot bound the scan from below, since a long one may start long
    before the range; so mentions are classed by the bit length of their span (a day is class
    1, a year 9, a millennium 19), and for class c only starts from ``lower - 2**c + 2`` on
    can overlap. One short range scan per class on (span_class, lower_day, upper_day)
    replaces a scan of everything before the range.
    """
    if lower is None and upper is None:
        return true()
    if lower is None:
        return model.lower <= upper
    top = MAX_DAY if upper is None else upper
    per_class = [
        and_(model.span_class == c, model.lower.between(lower - 2**c + 2, top))
        for c in range(1, MAX_SPAN_CLASS + 1)
    ]
    return and_(or_(*per_class), model.upper >= lower)


def date_conditions(query: EventQuery, model: type = Mention) -> list:
    """What a mention's (or event's) date must be to match ``query``: overlapping its range;
    in a range, closed unless open-ended dates are asked for (an open-ended date is stored as
    its one real bound, and matches when that bound is in the range); as precise as asked."""
    conditions = [overlap_condition(query.lower, query.upper, model)]
    if query.ranged and not query.include_open:
        conditions.append(model.open.is_(None))
    if query.precision is not None:
        conditions.append(model.granularity.in_(PRECISE_ENOUGH[query.precision]))
    return conditions


def text_condition(engine: Engine, words: str):
    """Sentences containing every word (full-text search, stemmed), searched literally."""
    words = words.replace("\x00", " ")  # stored text never holds NUL; both engines reject it
    if engine.dialect.name == "postgresql":
        vector = func.to_tsvector(literal_column("'english'"), Mention.sentence)
        return vector.op("@@")(func.plainto_tsquery(literal_column("'english'"), words))
    # FTS5: each word as a quoted string, so that quotes, *, NEAR, AND, - are plain text
    query = " ".join('"' + word.replace('"', '""') + '"' for word in words.split())
    matches = text("SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH :fts_query")
    return Mention.id.in_(matches.bindparams(fts_query=query).columns(rowid=Integer))


def _mention_conditions(engine: Engine, query: EventQuery) -> list:
    """What a mention must be to match ``query`` apart from its dates: its source, article,
    words."""
    conditions = []
    if query.source:  # "afp" finds AFP: people do not remember how a source is spelled
        conditions.append(func.lower(Article.source) == query.source.lower())
    if query.article_id is not None:
        conditions.append(Mention.article_id == query.article_id)
    if query.text and query.text.replace("\x00", " ").split():
        conditions.append(text_condition(engine, query.text))
    return conditions


def query_mentions(engine: Engine, query: EventQuery) -> list[dict]:
    """Mentions whose span overlaps the range, in chronological order, as plain dicts."""
    conditions = [*date_conditions(query), *_mention_conditions(engine, query)]
    statement = (
        select(*MENTION_COLUMNS)
        .join(Article, Mention.article_id == Article.id)
        .where(*conditions)
        .order_by(
            Mention.lower, Mention.upper, Mention.article_id, Mention.sentence_start, Mention.id
        )
    )
    if query.limit is not None:
        statement = statement.limit(query.limit)
    with engine.connect() as conn:
        rows = [_with_edtf(dict(row)) for row in conn.execute(statement).mappings()]
    for row in rows:
        row["anchor_doubtful"] = bool(row["anchor_doubtful"])  # SQLite says 0 or 1
    return rows


def _with_edtf(row: dict) -> dict:
    row["edtf"] = to_edtf(
        row["value"], row["mod"], row["lower"], row["upper"], row["expression"], row["open"]
    )
    return row


# every event row: its date and headline sentence, how many report it, and its reports
EVENT_COLUMNS = (
    Event.id.label("id"),
    Event.start_date.label("start"),
    Event.end_date.label("end"),
    Event.value.label("value"),
    Event.granularity.label("granularity"),
    Event.mod.label("mod"),
    Event.expression_text.label("expression"),
    Event.sentence.label("sentence"),
    Event.reports.label("reports"),
    Event.articles.label("articles"),
    Event.sources.label("sources"),
    Event.conflict_group.label("conflict_group"),
    Event.lower.label("lower"),
    Event.upper.label("upper"),
    Event.open.label("open"),
    Event.calendar.label("calendar"),
)
EVENT_FIELDS = (*(column.key for column in EVENT_COLUMNS), "edtf", "source_names", "reported")
# each report of an event: the mention, in its article
REPORT_COLUMNS = (
    Mention.event_id.label("event_id"),
    Mention.id.label("mention_id"),
    Article.id.label("article_id"),
    Article.source.label("source"),
    Article.title.label("title"),
    Article.published.label("published"),
    Article.url.label("url"),
    Mention.sentence.label("sentence"),
    Mention.expression_text.label("expression"),
    Mention.start_date.label("start"),
    Mention.end_date.label("end"),
)


def query_events(engine: Engine, query: EventQuery) -> list[dict]:
    """Events (mentions merged: :mod:`timeline.events.merge`) whose dates overlap the range,
    in chronological order, each with its reports (``reported``: article, source, title,
    sentence, expression) and its sources by name. The source, article and words filters
    keep the events one of whose mentions matches them."""
    conditions = date_conditions(query, Event)
    matching = _mention_conditions(engine, query)
    if matching:
        reported = (
            select(Mention.event_id)
            .join(Article, Mention.article_id == Article.id)
            .where(*matching)
        )
        conditions.append(Event.id.in_(reported))
    statement = (
        select(*EVENT_COLUMNS).where(*conditions).order_by(Event.lower, Event.upper, Event.id)
    )
    if query.limit is not None:
        statement = statement.limit(query.limit)
    with engine.connect() as conn:
        rows = [_with_edtf(dict(row)) for row in conn.execute(statement).mappings()]
        by_id = {row["id"]: row | {"reported": []} for row in rows}
        ids = list(by_id)
        for start in range(0, len(ids), ID_CHUNK):
            reports = (
                select(*REPORT_COLUMNS)
                .join(Article, Mention.article_id == Article.id)
                .where(Mention.event_id.in_(ids[start : start + ID_CHUNK]))
                .order_by(Article.published, Article.id, Mention.id)
            )
            for report in conn.execute(reports).mappings():
                by_id[report["event_id"]]["reported"].append(
                    {k: v for k, v in report.items() if k != "event_id"}
                )
    for row in by_id.values():
        names = dict.fromkeys(r["source"] or "unknown source" for r in row["reported"])
        row["source_names"] = ", ".join(names)
    return list(by_id.values())


# the expressions that dated a mention, for exports that carry every field
EXPRESSION_COLUMNS = (
    MentionExpression.mention_id.label("mention_id"),
    MentionExpression.role.label("role"),
    Expression.id.label("id"),
    Expression.text.label("text"),
    Expression.type.label("type"),
    Expression.value.label("value"),
    Expression.mod.label("mod"),
    Expression.granularity.label("granularity"),
    Expression.lower.label("lower"),
    Expression.upper.label("upper"),
    Expression.anchor.label("anchor"),
    Expression.rule.label("rule"),
    Expression.start.label("char_start"),
    Expression.end.label("char_end"),
)
ROLE_ORDER = {"date": 0, "start": 1, "end": 2}
ID_CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters


def mention_expressions(engine: Engine, mention_ids: list[int]) -> dict[int, list[dict]]:
    """Each mention's expression(s), the start one before the end one of a range: text, type,
    value, mod, granularity, bounds, anchor, rule and offsets in the article."""
    found: dict[int, list[dict]] = {mention_id: [] for mention_id in mention_ids}
    with engine.connect() as conn:
        for i in range(0, len(mention_ids), ID_CHUNK):
            chunk = mention_ids[i : i + ID_CHUNK]
            statement = (
                select(*EXPRESSION_COLUMNS)
                .join(Expression, MentionExpression.expression_id == Expression.id)
                .where(MentionExpression.mention_id.in_(chunk))
            )
            for row in conn.execute(statement).mappings():
                found[row["mention_id"]].append({k: v for k, v in row.items() if k != "mention_id"})
    for expressions in found.values():
        expressions.sort(key=lambda x: (ROLE_ORDER.get(x["role"], 3), x["char_start"]))
    return found


# statistics ---------------------------------------------------------------------------------


def corpus_stats(engine: Engine) -> dict:
    """Counts of articles, expressions, mentions and events; mentions by source and by the
    year they start. An open-ended mention ("before 1200") starts at no year: it is counted
    apart (``open_ended``), not by year."""
    year = case(
        (Mention.start_date.like("-%"), func.substr(Mention.start_date, 1, 5)),
        else_=func.substr(Mention.start_date, 1, 4),
    )
    with engine.connect() as conn:
        count = lambda statement: conn.execute(statement).scalar_one()  # noqa: E731
        mentions_per_article = (
            select(Mention.article_id, func.count().label("mentions"))
            .group_by(Mention.article_id)
            .subquery()
        )
        by_source = conn.execute(
            select(
                Article.source,
                func.count(Article.id),
                func.coalesce(func.sum(mentions_per_article.c.mentions), 0),
            )
            .outerjoin(mentions_per_article, mentions_per_article.c.article_id == Article.id)
            .group_by(Article.source)
            .order_by(Article.source)
        ).all()
        by_year = conn.execute(
            select(year.label("year"), func.count())
            .where(Mention.open.is_(None))
            .group_by(year)
            .order_by(func.min(Mention.lower))
        ).all()
        return {
            "articles": count(select(func.count()).select_from(Article)),
            "undated_articles": count(
                select(func.count()).select_from(Article).where(Article.published.is_(None))
            ),
            "expressions": count(select(func.count()).select_from(Expression)),
            "unresolved": count(
                select(func.count()).select_from(Expression).where(Expression.resolved.is_(False))
            ),
            "mentions": count(select(func.count()).select_from(Mention)),
            "open_ended": count(
                select(func.count()).select_from(Mention).where(Mention.open.is_not(None))
            ),
            "events": count(select(func.count()).select_from(Event)),
            "by_source": [
                {"source": source, "articles": articles, "mentions": int(mentions)}
                for source, articles, mentions in by_source
            ],
            "by_year": [{"year": y, "mentions": n} for y, n in by_year],
        }


# articles -----------------------------------------------------------------------------------

ARTICLE_FIELDS = (
    "id",
    "title",
    "source",
    "published",
    "published_origin",
    "published_confidence",
    "published_doubt",
    "published_evidence",
    "author",
    "url",
    "doc_type",
    "language",
    "origin_path",
    "position",
    "expressions",
    "mentions",
)
_ARTICLE_COLUMNS = tuple(getattr(Article, name).label(name) for name in ARTICLE_FIELDS[:-2])


def _count_of(model) -> object:
    return (
        select(func.count())
        .where(model.article_id == Article.id)
        .correlate(Article)
        .scalar_subquery()
    )


def list_articles(engine: Engine, *, doubtful: bool = False) -> list[dict]:
    """Every article (ARTICLE_FIELDS) with its numbers of expressions and mentions, by id; with
    ``doubtful``, only those whose publication date the text contradicts."""
    statement = select(
        *_ARTICLE_COLUMNS,
        _count_of(Expression).label("expressions"),
        _count_of(Mention).label("mentions"),
    ).order_by(Article.id)
    if doubtful:
        statement = statement.where(Article.published_doubt.is_not(None))
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(statement).mappings()]


# what `articles show` needs of each expression to mark it in the text
ARTICLE_EXPRESSION_FIELDS = ("start", "end", "text", "type", "value", "mod", "lower", "upper")
ARTICLE_EXPRESSION_FIELDS += ("resolved", "reason")


def article_detail(engine: Engine, article_id: int) -> tuple[dict, list[dict]]:
    """An article (its fields and its text) and its expressions in text order; NotFound."""
    with engine.connect() as conn:
        article = (
            conn.execute(select(*_ARTICLE_COLUMNS, Article.text).where(Article.id == article_id))
            .mappings()
            .first()
        )
        if article is None:
            raise NotFound(f"no article with id {article_id}")
        columns = [getattr(Expression, name).label(name) for name in ARTICLE_EXPRESSION_FIELDS]
        expressions = conn.execute(
            select(*columns).where(Expression.article_id == article_id).order_by(Expression.start)
        ).mappings()
        return dict(article), [dict(x) for x in expressions]


def articles_to_date(
    engine: Engine, ids: Sequence[int] = (), *, undated_after: int | None = None
) -> list[dict]:
    """The articles to infer a publication date for: ``ids`` (NotFound for one that is not
    stored), else those without a date or with a doubtful one; with ``undated_after``, only
    the undated news articles of ids above it (those an ingest just stored). Id, text,
    language, source, where it was read, and the current date, origin and doubt."""
    columns = [
        Article.id.label("id"),
        Article.text.label("text"),
        Article.language.label("language"),
        Article.source.label("source"),
        Article.origin_path.label("origin_path"),
        Article.position.label("position"),
        Article.published.label("published"),
        Article.published_origin.label("published_origin"),
        Article.published_doubt.label("published_doubt"),
    ]
    statement = select(*columns).order_by(Article.id)
    if ids:
        statement = statement.where(Article.id.in_(list(ids)))
    elif undated_after is not None:
        statement = statement.where(
            Article.id > undated_after, Article.published.is_(None), Article.doc_type == "news"
        )
    else:
        statement = statement.where(
            or_(Article.published.is_(None), Article.published_doubt.is_not(None))
        )
    with engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(statement).mappings()]
    missing = sorted(set(ids) - {row["id"] for row in rows})
    if missing:
        raise NotFound(f"no article with id {missing[0]}")
    return rows


def dates_by_source(engine: Engine, sources: Iterable[str]) -> dict[str, list[str]]:
    """The publication dates of the articles of these ``sources`` (in any case) whose date no
    text contradicts, by source in lower case."""
    wanted = sorted({source.lower() for source in sources})
    if not wanted:
        return {}
    statement = select(func.lower(Article.source), Article.published).where(
        func.lower(Article.source).in_(wanted),
        Article.published.is_not(None),
        Article.published_doubt.is_(None),
    )
    dates: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for source, published in conn.execute(statement):
            dates.setdefault(source, []).append(published)
    return dates


def last_article_id(engine: Engine) -> int:
    """The highest article id stored (0 in an empty database)."""
    with engine.connect() as conn:
        return conn.execute(select(func.coalesce(func.max(Article.id), 0))).scalar_one()


def analysis_counts(engine: Engine, article_ids: Sequence[int], reason: str) -> dict[str, int]:
    """What these articles hold: ``expressions``, ``mentions``, ``unresolved`` expressions and
    those unresolved for ``reason`` (``waiting``)."""
    if not article_ids:
        return dict.fromkeys(("expressions", "mentions", "unresolved", "waiting"), 0)
    ids = list(article_ids)
    expressions = select(
        func.count(),
        func.count(Expression.reason),
        func.coalesce(func.sum(case((Expression.reason == reason, 1), else_=0)), 0),
    ).where(Expression.article_id.in_(ids))
    mentions = select(func.count()).where(Mention.article_id.in_(ids))
    with engine.connect() as conn:
        total, unresolved, waiting = conn.execute(expressions).one()
        return {
            "expressions": total,
            "mentions": conn.execute(mentions).scalar_one(),
            "unresolved": unresolved,
            "waiting": waiting,
        }
