"""Sentences as vectors, for the merge (:mod:`timeline.events.merge`): the words that count
(stop words, the abbreviations of datelines, the calendar's words), TF-IDF vectors, the weights
of a merge that reads its sentences in blocks, and which sentences are boilerplate."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.db.events import MentionRow
from timeline.resource_files import RESOURCE_ROOT, ResourceError, check_keys, read_toml
from timeline.tagger.resources import tables_for

if TYPE_CHECKING:  # numpy, SciPy and scikit-learn load only when merging (~1 s)
    import numpy as np
    from scipy.sparse import csr_matrix

TEMPLATE_DAYS = 3  # days (and sentences) on which a template recurs: furniture, not news


@dataclass(frozen=True, slots=True)
class DateWords:
    """The words of dates of a language (``resources/<lang>/events.toml`` and the tagger's
    names of months, weekdays, seasons and days, ``tables.toml``), lower case."""

    stamp: frozenset[str]  # abbreviated months and weekdays, a.m./p.m., time zones
    calendar: frozenset[str]  # every word of dates, the stamp words included


_STAMP_KEYS = ("weekdays", "meridiem", "time_zones")
# the tagger's tables whose names are words of dates
_CALENDAR_TABLES = ("month", "month_full", "weekday", "season", "day_word")


@lru_cache(maxsize=8)
def date_words(language: str = "en") -> DateWords:
    """The words of dates of ``resources/<language>/events.toml``, with the tagger's names."""
    return load_date_words(RESOURCE_ROOT / language / "events.toml", tables_for(language))


def load_date_words(path: Path, tables: Mapping[str, Mapping[str, str]]) -> DateWords:
    """One ``events.toml``, checked: sections and keys known, lists of lower-case words;
    ``tables`` are the tagger's tables of its language."""
    where = str(path)
    data = read_toml(path)
    check_keys(data, {"stamp", "calendar"}, where)
    lists: dict[str, frozenset[str]] = {}
    for section, keys in (("stamp", _STAMP_KEYS), ("calendar", ("words",))):
        table = data.get(section)
        if not isinstance(table, dict):
            raise ResourceError(f"{where}: missing section [{section}]")
        check_keys(table, set(keys), f"{where}: [{section}]")
        for key in keys:
            words = table.get(key)
            if not isinstance(words, list) or not words:
                raise ResourceError(f"{where}: [{section}] {key} must be a list of words")
            for word in words:
                if not isinstance(word, str) or not re.fullmatch(r"[^\W_]+", word.lower()):
                    raise ResourceError(f"{where}: [{section}] {key}: {word!r} is not one word")
                if word != word.lower():
                    raise ResourceError(f"{where}: [{section}] {key}: {word!r} must be lower case")
            lists[key] = frozenset(words)
    for name in _CALENDAR_TABLES:
        if name not in tables:
            raise ResourceError(f"{path.parent / 'tables.toml'}: missing table {name!r}")
    # the months' other names are their abbreviations ("jan", "sept")
    abbreviated = frozenset(tables["month"]) - frozenset(tables["month_full"])
    stamp = abbreviated.union(*(lists[key] for key in _STAMP_KEYS))
    names = frozenset().union(*(tables[name] for name in _CALENDAR_TABLES))
    return DateWords(stamp, stamp | names | lists["words"])


_WORDS = date_words()
_STAMP_WORDS = _WORDS.stamp  # what datelines are made of
# the words of dates, which two reports of one happening on different days need not share
CALENDAR_WORDS = _WORDS.calendar


def _stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # ~1 s: only when merging

    # scikit-learn's English list (function words weigh nothing), and the abbreviations of
    # datelines and page stamps ("Wed Apr 29, 2009 6:57 pm BST"): page furniture shared by
    # the leads of one day's stories, not a sign of one happening
    return sorted(ENGLISH_STOP_WORDS | _STAMP_WORDS)


# words and numbers: the figures a report gives (149 dead, phase 5, 300,000 pigs) tell its
# happening apart from others of the same day (labelled pairs: ROC AUC 0.73 → 0.78)
_TOKEN_PATTERN = r"(?u)\b\w\w+\b|\b\d\b"


def _tokens() -> dict[str, list[str] | str]:
    """The tokenizer's options, shared by the vectorizer and the weights of a blocked merge."""
    return {"stop_words": _stop_words(), "token_pattern": _TOKEN_PATTERN}


@dataclass(frozen=True)
class Weights:
    """The vectors' weights of a blocked merge: every term of the sentences it reads, and
    its inverse document frequency over them."""

    terms: np.ndarray
    idf: np.ndarray
    frequency: np.ndarray  # sentences with the term: what makes a word common (boilerplate)


def fit_weights(batches: Iterable[list[str]]) -> Weights | None:
    """Document frequencies over sentences given batch by batch, each sentence in one batch
    only (a blocked merge's: :func:`timeline.events.blocks.block_sentences`), so that only a
    batch is in memory at a time: the weights one vectorizer fitted on all of them would give
    (scikit-learn's smoothed IDF). None when they hold only stop words."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    frequency: dict[str, int] = defaultdict(int)
    documents = 0
    for sentences in batches:
        if not sentences:
            continue
        documents += len(sentences)
        counter = CountVectorizer(binary=True, **_tokens())
        try:
            counts = counter.fit_transform(sentences).tocsc()
        except ValueError:  # only stop words
            continue
        for term, count in zip(
            counter.get_feature_names_out().tolist(), np.diff(counts.indptr).tolist(), strict=True
        ):
            frequency[term] += count
    if not frequency:  # only stop words: each block fits its own (nothing merges)
        return None
    terms = np.array(sorted(frequency), dtype=object)
    counts = np.array([frequency.get(t, 0) for t in terms.tolist()], dtype=np.float64)
    return Weights(terms, np.log((1 + documents) / (1 + counts)) + 1, counts)


def vectorize(
    sentences: list[str], weights: Weights | None = None
) -> tuple[csr_matrix, np.ndarray]:
    """TF-IDF rows, L2-normalized (the dot product of two rows is their cosine), and the
    terms of the columns; with ``weights``, its terms and IDF instead of fitted ones."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer  # ~1 s: only when merging

    if weights is not None:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        terms = weights.terms.tolist()
        counter = CountVectorizer(
            vocabulary=dict(zip(terms, range(len(terms)), strict=True)),
            dtype=np.float64,
            **_tokens(),
        )
        counts = counter.transform(sentences).tocsr()
        counts.data = np.log(counts.data) + 1  # sublinear tf, as TfidfVectorizer's
        return normalize(counts.multiply(weights.idf[None, :]).tocsr()), weights.terms
    vectorizer = TfidfVectorizer(sublinear_tf=True, dtype=np.float64, **_tokens())
    try:
        vectors = vectorizer.fit_transform(sentences).tocsr()
    except ValueError:  # only stop words: nothing to compare, nothing merges
        from scipy.sparse import csr_matrix

        return csr_matrix((len(sentences), 1)), np.array([""])
    return vectors, vectorizer.get_feature_names_out()


def boilerplate(
    rows: Sequence[MentionRow],
    vectors: csr_matrix,
    terms: np.ndarray,
    frequency: np.ndarray | None = None,
) -> np.ndarray:
    """Which mentions are boilerplate: a sentence whose words are all common but for one
    name at most (and numbers), and whose common words recur as the same set in three
    sentences or more, dated to three different days or more (a comment page's "At <time>
    on <day>, <reader> wrote: <the comment was taken down>"). A fact repeated across
    articles keeps its date; reports of one happening vary in wording."""
    import numpy as np

    # words of three sentences or fewer are names and handles, and terms with digits are
    # figures, times and ordinals ("1st", "ynda20"): a template's blanks
    words = np.array([not any(c.isdigit() for c in t) for t in terms.tolist()], dtype=bool)
    if frequency is None:  # else: counted over all a blocked merge reads (fit_weights)
        frequency = np.bincount(vectors.indices, minlength=len(words))
    common = words & (frequency > 3)
    n = len(rows)
    owner = np.repeat(np.arange(n), np.diff(vectors.indptr))
    at_common = common[vectors.indices]
    names = np.bincount(owner, weights=words[vectors.indices] & ~at_common, minlength=n)
    size = np.bincount(owner, weights=at_common, minlength=n)
    # each sentence's set of common words as one number: a sum of random 64-bit codes
    codes = np.random.default_rng(0).integers(0, 2**63, size=len(terms), dtype=np.uint64)
    per_entry = np.append(np.where(at_common, codes[vectors.indices], np.uint64(0)), np.uint64(0))
    skeleton = np.add.reduceat(per_entry, vectors.indptr[:-1]).view(np.int64)
    skeleton[np.diff(vectors.indptr) == 0] = 0
    eligible = (size >= 3) & (names <= 1)  # a few common words are not yet a template
    texts = np.array([hash(row.sentence) for row in rows], dtype=np.int64)
    # an open-ended date names no day, though its one bound is stored as one
    days = np.array([row.lower if row.lower == row.upper and not row.open else -1 for row in rows])

    def distinct(values: np.ndarray, among: np.ndarray) -> dict[int, int]:
        """Per skeleton, how many distinct values its eligible sentences have."""
        pairs = np.unique(np.stack([skeleton[among], values[among]], axis=1), axis=0)
        keys, counts = np.unique(pairs[:, 0], return_counts=True)
        return dict(zip(keys.tolist(), counts.tolist(), strict=True))

    # one sentence giving many dates (a list of years) is not a template: distinct texts
    many_texts = distinct(texts, eligible)
    many_days = distinct(days, eligible & (days >= 0))  # days: day-precise instances only
    return np.array(
        [
            bool(ok)
            and many_texts.get(k, 0) >= TEMPLATE_DAYS
            and many_days.get(k, 0) >= TEMPLATE_DAYS
            for ok, k in zip(eligible.tolist(), skeleton.tolist(), strict=True)
        ],
        dtype=bool,
    )
