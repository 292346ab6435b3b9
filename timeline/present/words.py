"""The words the presenters write and read, from ``resources/<lang>/present.toml``.

Month names are the tagger's (``tables.toml``): ``[month_full]`` spelled out, and for the
short labels the shortest name ``[month]`` gives each month. Loaded once per language and
checked as it loads: an unknown section or key, a mod that is not TimeML's, a missing season
or half, an empty list, a regex that does not compile or a month without a name raise a
:class:`timeline.tagger.ResourceError` naming the file and the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from timeline.tagger.resource_files import (
    RESOURCE_ROOT,
    ResourceError,
    check_keys,
    compile_regex,
    read_toml,
)
from timeline.tagger.resources import MODS, tables_for

SEASONS = ("SP", "SU", "FA", "AU", "WI")  # what a TIMEX3 value names a season
HALVES = ("H1", "H2")
_DATES_KEYS = {"capital_months", "mods", "seasons", "halves"}
_HEADLINE_KEYS = {"prepositions", "openers", "attribution", "articles", "small"}


@dataclass(frozen=True, slots=True)
class DateWords:
    """How dates are written for readers (:mod:`timeline.present.labels`)."""

    months: tuple[str, ...]  # in full, as spelled in 21 July 2020
    months_short: tuple[str, ...]  # short, as on axes: 21 Jul 2020
    mods: Mapping[str, str]  # TimeML mod → the word before a label: LATE → "late"
    seasons: Mapping[str, str]  # SU → "summer"
    halves: Mapping[str, str]  # H1 → "first half of"


@dataclass(frozen=True, slots=True)
class HeadlineWords:
    """The words a chart label drops from a sentence (:mod:`timeline.present.headline`)."""

    prepositions: tuple[str, ...]
    openers: tuple[str, ...]
    attribution: tuple[str, ...]  # regexes
    articles: tuple[str, ...]
    small: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PresentWords:
    dates: DateWords
    headline: HeadlineWords


@lru_cache(maxsize=8)
def present_words(language: str = "en") -> PresentWords:
    """The words of ``resources/<language>/present.toml``, with the tagger's month names."""
    return load_present_words(RESOURCE_ROOT / language / "present.toml", tables_for(language))


def _section(data: Mapping[str, Any], name: str, keys: set[str], where: str) -> dict[str, Any]:
    section = data.get(name)
    if not isinstance(section, dict):
        raise ResourceError(f"{where}: missing section [{name}]")
    check_keys(section, keys, f"{where}: [{name}]")
    missing = keys - set(section)
    if missing:
        raise ResourceError(f"{where}: [{name}] lacks {sorted(missing)}")
    return section


def _words(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ResourceError(f"{where} must be a non-empty list of words")
    for word in value:
        if not isinstance(word, str) or not word.strip():
            raise ResourceError(f"{where}: {word!r} is not a word")
    return tuple(value)


def _names(
    value: object, codes: tuple[str, ...], where: str, *, every: bool = True
) -> Mapping[str, str]:
    """A table of words by code, codes among ``codes`` (``every``: all of them named)."""
    if not isinstance(value, dict) or not value:
        raise ResourceError(f"{where} must be a table of words")
    if not all(isinstance(w, str) and w.strip() for w in value.values()):
        raise ResourceError(f"{where} must be a table of words")
    check_keys(value, set(codes), where)
    missing = [code for code in codes if code not in value]
    if every and missing:
        raise ResourceError(f"{where} lacks {missing}")
    return MappingProxyType(dict(value))


def month_names(
    tables: Mapping[str, Mapping[str, str]], capital: bool, where: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The twelve month names in full (``[month_full]``, one a month) and short (the shortest
    of each month's names in ``[month]``), January first."""
    full, named = tables.get("month_full", {}), tables.get("month", {})
    long: list[str] = []
    short: list[str] = []
    for number in (f"{m:02d}" for m in range(1, 13)):
        names = [name for name, value in full.items() if value == number]
        if len(names) != 1:
            raise ResourceError(f"{where}: table 'month_full' must name month {number} once")
        others = [name for name, value in named.items() if value == number]
        if not others:
            raise ResourceError(f"{where}: table 'month' names no month {number}")
        long.append(names[0])
        short.append(min(others, key=len))  # the first of the shortest: "sep", not "sept"
    if capital:
        long, short = [n.capitalize() for n in long], [n.capitalize() for n in short]
    return tuple(long), tuple(short)


def load_present_words(path: Path, tables: Mapping[str, Mapping[str, str]]) -> PresentWords:
    """One ``present.toml``, checked; ``tables`` are the tagger's tables of its language."""
    where = str(path)
    data = read_toml(path)
    check_keys(data, {"dates", "headline"}, where)
    dates = _section(data, "dates", _DATES_KEYS, where)
    if not isinstance(dates["capital_months"], bool):
        raise ResourceError(f"{where}: [dates] capital_months must be true or false")
    months, months_short = month_names(
        tables, dates["capital_months"], str(path.parent / "tables.toml")
    )
    headline = _section(data, "headline", _HEADLINE_KEYS, where)
    attribution = _words(headline["attribution"], f"{where}: [headline] attribution")
    for pattern in attribution:
        compile_regex(pattern, re.IGNORECASE, f"{where}: [headline] attribution {pattern!r}")
    return PresentWords(
        DateWords(
            months=months,
            months_short=months_short,
            mods=_names(dates["mods"], MODS, f"{where}: [dates] mods", every=False),
            seasons=_names(dates["seasons"], SEASONS, f"{where}: [dates] seasons"),
            halves=_names(dates["halves"], HALVES, f"{where}: [dates] halves"),
        ),
        HeadlineWords(
            prepositions=_words(headline["prepositions"], f"{where}: [headline] prepositions"),
            openers=_words(headline["openers"], f"{where}: [headline] openers"),
            attribution=attribution,
            articles=_words(headline["articles"], f"{where}: [headline] articles"),
            small=_words(headline["small"], f"{where}: [headline] small"),
        ),
    )
