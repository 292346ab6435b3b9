"""The words the presenters write and read, from ``resources/<lang>/present.toml``.

Month names are the tagger's (``tables.toml``): ``[month_full]`` spelled out, and for the
short labels the shortest name ``[month]`` gives each month. Loaded once per language and
checked as it loads: an unknown section or key, a missing key, a mod that is not TimeML's, a
missing season or half, an empty list, a regex that does not compile, a month without a name,
or a format string with an unknown, missing or bad field raise a
:class:`timeline.tagger.ResourceError` naming the file and the key.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from timeline.resource_files import (
    RESOURCE_ROOT,
    ResourceError,
    check_keys,
    compile_regex,
    read_toml,
    required_section,
)
from timeline.tagger.resources import MODS, tables_for

SEASONS = ("SP", "SU", "FA", "AU", "WI")  # what a TIMEX3 value names a season
HALVES = ("H1", "H2")
# the traces of the event chart, in drawing order (lod.py), and a bin's units (density.py)
TRACE_KEYS = ("strip", "strip~", "bars", "bars~", "tails", "ends", "points", "points~", "labels")
UNITS = ("day", "month", "year")
_CHART_NAMES = {"traces": TRACE_KEYS, "units": UNITS}  # tables of words by code
_DATES_KEYS = {"capital_months", "mods", "seasons", "halves"}
_HEADLINE_KEYS = {"prepositions", "openers", "attribution", "articles", "small"}
# the format strings of each section: key → the fields it must use, each once or more, and
# no other ({year}, {count}...). A table {one, other} is a plural: one for a count of 1.
_NONE: frozenset[str] = frozenset()  # a text without fields
_FORMATS: dict[str, dict[str, frozenset[str]]] = {
    "dates": {
        "bc": frozenset({"year"}),  # "44 BC"
        "ad": frozenset({"year"}),  # "AD 79"
        "decade": frozenset({"year"}),  # "the 1980s": its first year, 1980
        "century": frozenset({"year"}),  # "the 1900s": its first year, 1900
        "quarter": frozenset({"quarter", "year"}),  # "Q2 2020": quarter 2
        "week": frozenset({"week", "year"}),  # "week 17 of 2020"
        "part": frozenset({"part", "year"}),  # a season or half: "summer 2020"
        "month": frozenset({"month", "year"}),  # "July 2020"
        "day": frozenset({"day", "month"}),  # "21 July 2020": month is the month's label
        "span": frozenset({"first", "last"}),  # "1980 – 1988"
        "mod": frozenset({"mod", "date"}),  # "late 2018"
        "undated": _NONE,
    },
    "citations": {
        "unknown_source": _NONE,
        "published": frozenset({"date"}),
        "undated": _NONE,
        "dated_by": frozenset({"expression"}),
        "dated_by_export": frozenset({"how"}),
    },
    "chronology": {
        "title": _NONE,
        "sources": _NONE,
        "no_dates": _NONE,
        "no_events": _NONE,
        "count": frozenset({"events", "articles"}),
        "events": frozenset({"count"}),
        "articles": frozenset({"count"}),
    },
    "hover": {
        "reports_in": frozenset({"reports", "articles"}),
        "reports": frozenset({"count"}),
        "articles": frozenset({"count"}),
        "more_reports": frozenset({"count"}),
        "more_events": frozenset({"count"}),
        "events": frozenset({"count"}),
    },
    "chart": {
        "all_events": _NONE,
        "no_events": _NONE,
        "total": frozenset({"unit"}),  # "Events per month"
        "within": frozenset({"unit"}),
        "longer": frozenset({"unit"}),
        "counted": _NONE,
        "axis": frozenset({"unit"}),
        "per_unit": frozenset({"unit"}),
        "within_count": frozenset({"count", "unit"}),
        "longer_count": frozenset({"count"}),
        "strip_longer": frozenset({"count"}),
        "events": frozenset({"count"}),
        "mentions": frozenset({"count"}),
        "dates": frozenset({"count"}),
        "undrawn": frozenset({"count"}),
        "in_view": frozenset({"shown", "total", "labelled"}),
        "in_view_more": _NONE,
    },
}
_PLURALS = {
    ("chronology", "events"),
    ("chronology", "articles"),
    ("hover", "reports"),
    ("hover", "articles"),
    ("hover", "more_reports"),
    ("hover", "more_events"),
    ("hover", "events"),
    ("chart", "within_count"),
    ("chart", "longer_count"),
    ("chart", "strip_longer"),
    ("chart", "events"),
    ("chart", "mentions"),
    ("chart", "dates"),
}


@dataclass(frozen=True, slots=True)
class Plural:
    """A count in words: ``one`` for 1 ("1 report"), ``other`` for any other ("3 reports")."""

    one: str
    other: str

    def __call__(self, n: int, /, **fields: object) -> str:
        """The form for ``n``, its ``{count}`` field ``n`` unless ``fields`` give it ("2,000")."""
        return (self.one if n == 1 else self.other).format(**{"count": n, **fields})

    def as_json(self) -> dict[str, str]:
        return {"one": self.one, "other": self.other}


Formats = Mapping[str, Any]  # key → a format string (str.format, named fields) or a Plural


@dataclass(frozen=True, slots=True)
class DateWords:
    """How dates are written for readers (:mod:`timeline.present.labels`)."""

    months: tuple[str, ...]  # in full, as spelled in 21 July 2020
    months_short: tuple[str, ...]  # short, as on axes: 21 Jul 2020
    mods: Mapping[str, str]  # TimeML mod → the word before a label: LATE → "late"
    seasons: Mapping[str, str]  # SU → "summer"
    halves: Mapping[str, str]  # H1 → "first half of"
    formats: Mapping[str, str]  # "bc" → "{year} BC", "month" → "{month} {year}" ...


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
    citations: Formats  # a citation's words: "unknown source", "published {date}"
    chronology: Formats  # a chronology's title, headings and counts (Markdown, TimelineJS)
    hover: Formats  # the hover labels and the click panel of a chart
    chart: Formats  # legends, axis titles, the strip's and histogram's hovers, the status line
    trace_names: Mapping[str, str]  # [chart] traces: a trace's key (lod.TRACES) → its name
    units: Mapping[str, str]  # [chart] units: day, month, year → the word

    def script_words(self) -> dict[str, dict[str, object]]:
        """The words the page's scripts write (``TL.words`` in the page): every format,
        a plural as ``{one, other}``."""
        sections = {
            "dates": self.dates.formats,
            "citations": self.citations,
            "hover": self.hover,
            "chart": {**self.chart, "units": self.units},
        }
        return {name: {k: _json(v) for k, v in words.items()} for name, words in sections.items()}


def _json(value: object) -> object:
    if isinstance(value, Plural):
        return value.as_json()
    return dict(value) if isinstance(value, Mapping) else value


@lru_cache(maxsize=8)
def present_words(language: str = "en") -> PresentWords:
    """The words of ``resources/<language>/present.toml``, with the tagger's month names."""
    return load_present_words(RESOURCE_ROOT / language / "present.toml", tables_for(language))


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


def _format(value: object, fields: frozenset[str], where: str) -> str:
    """A format string with named fields: exactly ``fields``, plain (no conversion or spec,
    so that the page's scripts fill it in the same way); ``{{`` and ``}}`` are braces."""
    if not isinstance(value, str):
        raise ResourceError(f"{where} must be a string")
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError as error:
        raise ResourceError(f"{where}: {value!r} is not a format string: {error}") from None
    used = set()
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if not re.fullmatch(r"[A-Za-z_]\w*", field, re.ASCII) or spec or conversion:
            raise ResourceError(f"{where}: bad field {{{field}}}: a plain name only")
        used.add(field)
    if used - fields:
        raise ResourceError(f"{where}: unknown field(s) {sorted(used - fields)}")
    if fields - used:
        raise ResourceError(f"{where}: lacks field(s) {sorted(fields - used)}")
    return value


def _formats(section: Mapping[str, Any], name: str, where: str) -> dict[str, Any]:
    """The format strings and plurals of section ``name``, checked (see :data:`_FORMATS`)."""
    schema = _FORMATS[name]
    out: dict[str, Any] = {}
    for key, fields in schema.items():
        at = f"{where}: [{name}] {key}"
        value = section[key]
        if (name, key) in _PLURALS:
            if not isinstance(value, dict):
                raise ResourceError(f"{at} must be a table {{ one = ..., other = ... }}")
            check_keys(value, {"one", "other"}, at)
            if set(value) != {"one", "other"}:
                raise ResourceError(f"{at} lacks {sorted({'one', 'other'} - set(value))}")
            out[key] = Plural(
                _format(value["one"], fields, f"{at}.one"),
                _format(value["other"], fields, f"{at}.other"),
            )
        else:
            out[key] = _format(value, fields, at)
    return out


def _texts(data: Mapping[str, Any], name: str, where: str) -> Formats:
    """Section ``name`` of format strings and plurals only, checked."""
    section = required_section(data, name, set(_FORMATS[name]), where)
    return MappingProxyType(_formats(section, name, where))


def _chart(data: Mapping[str, Any], where: str) -> tuple[Formats, dict[str, Mapping[str, str]]]:
    """[chart]: its format strings and plurals, and its tables of words by code."""
    section = required_section(data, "chart", set(_FORMATS["chart"]) | set(_CHART_NAMES), where)
    names = {
        key: _names(section[key], codes, f"{where}: [chart] {key}")
        for key, codes in _CHART_NAMES.items()
    }
    return MappingProxyType(_formats(section, "chart", where)), names


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
    check_keys(data, {"dates", "headline", *_FORMATS}, where)
    dates = required_section(data, "dates", _DATES_KEYS | set(_FORMATS["dates"]), where)
    formats = _formats(dates, "dates", where)
    if not isinstance(dates["capital_months"], bool):
        raise ResourceError(f"{where}: [dates] capital_months must be true or false")
    months, months_short = month_names(
        tables, dates["capital_months"], str(path.parent / "tables.toml")
    )
    headline = required_section(data, "headline", _HEADLINE_KEYS, where)
    attribution = _words(headline["attribution"], f"{where}: [headline] attribution")
    for pattern in attribution:
        compile_regex(pattern, re.IGNORECASE, f"{where}: [headline] attribution {pattern!r}")
    chart, names = _chart(data, where)
    return PresentWords(
        DateWords(
            months=months,
            months_short=months_short,
            mods=_names(dates["mods"], MODS, f"{where}: [dates] mods", every=False),
            seasons=_names(dates["seasons"], SEASONS, f"{where}: [dates] seasons"),
            halves=_names(dates["halves"], HALVES, f"{where}: [dates] halves"),
            formats=MappingProxyType(formats),
        ),
        HeadlineWords(
            prepositions=_words(headline["prepositions"], f"{where}: [headline] prepositions"),
            openers=_words(headline["openers"], f"{where}: [headline] openers"),
            attribution=attribution,
            articles=_words(headline["articles"], f"{where}: [headline] articles"),
            small=_words(headline["small"], f"{where}: [headline] small"),
        ),
        citations=_texts(data, "citations", where),
        chronology=_texts(data, "chronology", where),
        hover=_texts(data, "hover", where),
        chart=chart,
        trace_names=names["traces"],
        units=names["units"],
    )
