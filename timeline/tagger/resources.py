"""Loading and checking a language's rule data (``timeline/resources/<lang>/``).

Everything the tagger knows about a language lives in TOML files (grammar in
``timeline/resources/README.md``). They are read, expanded, compiled and validated once
per process; any mistake — an unknown fragment, table, group or converter, a regex that
does not compile, a template whose output is not a valid value — raises
:class:`ResourceError` naming the file and the rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from timeline.records import DOC_TYPES
from timeline.resource_files import (
    RESOURCE_ROOT,
    ResourceError,
    check_keys,
    compile_regex,
    read_toml,
)
from timeline.tagger.converters import (
    BUILTINS,
    NUMBER_TABLES,
    Converter,
    normalize_key,
    table_converter,
)
from timeline.tagger.examples import RuleExample, parse_examples
from timeline.tagger.historical import CONVERTERS as HISTORICAL_CONVERTERS
from timeline.tagger.historical import calendar_converters
from timeline.tagger.lexicons import (
    CalendarNames,
    SentenceWords,
    TenseLexicon,
    load_calendar_names,
    load_sentence_words,
    load_tense_lexicon,
)
from timeline.tagger.templates import Template, TemplateError, parse_template
from timeline.tagger.timex import TIMEX_TYPES
from timeline.tagger.values import value_shape_error

__all__ = ["RESOURCE_ROOT", "ResourceError", "Resources", "Rule", "load_resources"]

MODS = (
    "EARLY",
    "MID",
    "LATE",
    "START",
    "END",
    "APPROX",
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
    "MORE_THAN",
    "LESS_THAN",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
)
CLIPS = ("before_anchor", "after_anchor")
# `anchor = "mentioned"`: resolved against the last date mentioned before the expression
# ("the following year", "that day"), not the document's anchor; the DCT when none was
ANCHORS = ("mentioned",)

# characters that end a %fragment / @table reference
_REFERENCE = re.compile(r"([%@])([%@]|[A-Za-z_]\w*)?")

_RULE_KEYS = {
    "name",
    "pattern",
    "type",
    "value",
    "mod",
    "priority",
    "before",
    "not_before",
    "after",
    "not_after",
    "capitalized",
    "exclude",
    "clip",
    "negative",
    "parts",
    "range",
    "case_sensitive",
    "boundary",
    "quant",
    "freq",
    "sentence",
    "not_sentence",
    "document",
    "doc_type",
    "anchor",
    "examples",
}
_PART_KEYS = {"group", "type", "value", "mod"}
_CONTEXT_CHARS = 60  # how far before a match the `before` filters look


@dataclass(frozen=True, slots=True)
class Part:
    """One timex of a multi-timex rule ("1980–88" gives two)."""

    group: str
    type: str
    value: Template
    mod: Template | None


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    source: str  # file it came from, for messages
    order: int  # position over all files: the last tie-breaker
    regex: re.Pattern[str]
    type: str
    value: Template | None
    mod: Template | None = None
    priority: int = 0
    before: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    capitalized: bool = False
    exclude: re.Pattern[str] | None = None
    clip: str | None = None
    negative: bool = False
    parts: tuple[Part, ...] = ()
    is_range: bool = False
    quant: Template | None = None
    freq: Template | None = None
    sentence: re.Pattern[str] | None = None
    not_sentence: re.Pattern[str] | None = None
    document: re.Pattern[str] | None = None
    anchor: str | None = None
    doc_type: str | None = None  # only for documents of this type (None: all)
    examples: tuple[RuleExample, ...] = ()  # what it finds in real sentences (tested)

    def sentence_ok(self, text: str, span: tuple[int, int]) -> bool:
        """The rule's filters on the sentence around a match."""
        if self.sentence is not None and not self.sentence.search(text, *span):
            return False
        return not (self.not_sentence is not None and self.not_sentence.search(text, *span))

    def context_ok(self, text: str, start: int, end: int) -> bool:
        """The rule's filters on the text around (and of) a match."""
        if self.capitalized and not text[start].isupper():
            return False
        if self.exclude is not None and self.exclude.fullmatch(text, start, end):
            return False
        lo = max(0, start - _CONTEXT_CHARS)
        if self.before is not None and not self.before.search(text, lo, start):
            return False
        if self.not_before is not None and self.not_before.search(text, lo, start):
            return False
        if self.after is not None and not self.after.match(text, end):
            return False
        return not (self.not_after is not None and self.not_after.match(text, end))


@dataclass(frozen=True, slots=True)
class RangeLink:
    """Two adjacent timexes joined by ``between`` (and preceded by ``before``) form a range."""

    name: str
    between: re.Pattern[str]
    before: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class Resources:
    language: str
    tables: Mapping[str, Mapping[str, str]]
    fragments: Mapping[str, str]
    rules: tuple[Rule, ...]
    links: tuple[RangeLink, ...]
    tense: TenseLexicon
    sentences: SentenceWords
    calendars: CalendarNames
    converters: Mapping[str, Converter] = field(repr=False, default_factory=dict)


def _load_tables(path: Path) -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {}
    for name, entries in read_toml(path).items():
        if not isinstance(entries, dict):
            raise ResourceError(f"{path}: table {name!r} must be a TOML table")
        table: dict[str, str] = {}
        for key, value in entries.items():
            if not isinstance(value, str | int):
                raise ResourceError(f"{path}: table {name!r}: {key!r} must map to text or int")
            norm = normalize_key(key)
            if norm in table and table[norm] != str(value):
                raise ResourceError(f"{path}: table {name!r}: {key!r} defined twice")
            table[norm] = str(value)
        if not table:
            raise ResourceError(f"{path}: table {name!r} is empty")
        tables[name] = table
    return tables


def _table_regex(table: Mapping[str, str]) -> str:
    # longest first, so "sept" wins over "sep" and "twenty four" over "twenty"
    keys = sorted(table, key=lambda k: (-len(k), k))
    return "(?:" + "|".join(re.escape(k).replace(r"\ ", r"[\s\-]+") for k in keys) + ")"


class _Expander:
    """Expands ``%fragment`` and ``@table`` references, detecting cycles."""

    def __init__(self, raw: Mapping[str, str], tables: Mapping[str, Mapping[str, str]]):
        self.raw = raw
        self.tables = tables
        self.done: dict[str, str] = {}
        self.table_cache: dict[str, str] = {}

    def fragment(self, name: str, stack: tuple[str, ...] = ()) -> str:
        if name in self.done:
            return self.done[name]
        if name in stack:
            raise ValueError("fragment cycle: " + " -> ".join((*stack, name)))
        if name not in self.raw:
            raise ValueError(f"unknown fragment %{name}")
        expanded = "(?:" + self.expand(self.raw[name], (*stack, name)) + ")"
        self.done[name] = expanded
        return expanded

    def expand(self, pattern: str, stack: tuple[str, ...] = ()) -> str:
        def replace(match: re.Match[str]) -> str:
            sigil, name = match.groups()
            if name is None:
                return sigil
            if name in ("%", "@"):
                return name
            if sigil == "%":
                return self.fragment(name, stack)
            if name not in self.tables:
                raise ValueError(f"unknown table @{name}")
            if name not in self.table_cache:
                self.table_cache[name] = _table_regex(self.tables[name])
            return self.table_cache[name]

        return _REFERENCE.sub(replace, pattern)


def _build_rule(
    data: Mapping[str, Any],
    source: str,
    order: int,
    expander: _Expander,
    converters: Mapping[str, Converter],
) -> Rule:
    name = data.get("name")
    where = f"{source}: rule {name!r}"
    if not isinstance(name, str) or not name:
        raise ResourceError(f"{source}: rule #{order} has no name")
    check_keys(data, _RULE_KEYS, where)
    if not isinstance(data.get("pattern"), str):
        raise ResourceError(f"{where}: missing pattern")
    flags = 0 if data.get("case_sensitive", False) else re.IGNORECASE

    def expand(key: str) -> str | None:
        raw = data.get(key)
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise ResourceError(f"{where}: {key} must be a string")
        try:
            return expander.expand(raw)
        except ValueError as exc:
            raise ResourceError(f"{where}: {key}: {exc}") from None

    body = expand("pattern") or ""
    if data.get("boundary", True):
        body = rf"(?<!\w)(?:{body})(?!\w)"
    regex = compile_regex(body, flags, where)
    groups = frozenset(regex.groupindex)

    def context(key: str, anchor_end: bool) -> re.Pattern[str] | None:
        expanded = expand(key)
        if expanded is None:
            return None
        return compile_regex(
            f"(?:{expanded})\\Z" if anchor_end else expanded, flags, f"{where} {key}"
        )

    negative = bool(data.get("negative", False))
    timex_type = data.get("type", "DATE")
    if timex_type not in TIMEX_TYPES:
        raise ResourceError(f"{where}: type {timex_type!r} is not one of {TIMEX_TYPES}")

    def template(raw: Any, key: str, ttype: str, check_value: bool | None) -> Template | None:
        """Parse a template; check_value: True for values, False for mods, None: free."""
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise ResourceError(f"{where}: {key} must be a string")
        try:
            tpl = parse_template(raw, groups, converters)
        except TemplateError as exc:
            raise ResourceError(f"{where}: {key}: {exc}") from None
        for variants in tpl.samples():
            if check_value:
                problems = [value_shape_error(v, ttype) for v in variants]
                if all(problems):
                    raise ResourceError(
                        f"{where}: {key} {raw!r} gives values like {variants[0]!r}: {problems[0]}"
                    )
            elif check_value is False:
                bad = [v for v in variants if v and v not in MODS]
                if len(bad) == len(variants):
                    raise ResourceError(f"{where}: {key} {bad[0]!r} is not one of {MODS}")
        return tpl

    parts: list[Part] = []
    raw_parts = data.get("parts", [])
    if not isinstance(raw_parts, list):
        raise ResourceError(f"{where}: parts must be an array of tables")
    for i, raw in enumerate(raw_parts):
        pwhere = f"{where} part {i}"
        if not isinstance(raw, dict):
            raise ResourceError(f"{pwhere}: must be a table")
        check_keys(raw, _PART_KEYS, pwhere)
        group = raw.get("group")
        if group not in groups:
            raise ResourceError(f"{pwhere}: group {group!r} is not in the pattern")
        ptype = raw.get("type", timex_type)
        if ptype not in TIMEX_TYPES:
            raise ResourceError(f"{pwhere}: type {ptype!r} is not one of {TIMEX_TYPES}")
        value = template(raw.get("value"), "value", ptype, True)
        if value is None:
            raise ResourceError(f"{pwhere}: missing value")
        parts.append(Part(group, ptype, value, template(raw.get("mod"), "mod", ptype, False)))

    value = template(data.get("value"), "value", timex_type, True)
    if value is None and not negative and not parts:
        raise ResourceError(f"{where}: missing value (or negative = true, or parts)")
    clip = data.get("clip")
    if clip is not None and clip not in CLIPS:
        raise ResourceError(f"{where}: clip {clip!r} is not one of {CLIPS}")
    anchor = data.get("anchor")
    if anchor is not None and anchor not in ANCHORS:
        raise ResourceError(f"{where}: anchor {anchor!r} is not one of {ANCHORS}")
    if data.get("range") and len(parts) != 2:
        raise ResourceError(f"{where}: range = true needs exactly two parts")
    doc_type = data.get("doc_type")
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise ResourceError(f"{where}: doc_type {doc_type!r} is not one of {DOC_TYPES}")
    mod = template(data.get("mod"), "mod", timex_type, False)
    quant = template(data.get("quant"), "quant", timex_type, None)
    freq = template(data.get("freq"), "freq", timex_type, None)
    rule = Rule(
        name=name,
        source=source,
        order=order,
        regex=regex,
        type=timex_type,
        value=value,
        mod=mod,
        priority=int(data.get("priority", 0)),
        before=context("before", True),
        not_before=context("not_before", True),
        after=context("after", False),
        not_after=context("not_after", False),
        capitalized=bool(data.get("capitalized", False)),
        exclude=context("exclude", False),
        clip=clip,
        anchor=anchor,
        negative=negative,
        parts=tuple(parts),
        is_range=bool(data.get("range", False)),
        sentence=context("sentence", False),
        not_sentence=context("not_sentence", False),
        document=context("document", False),
        quant=quant,
        freq=freq,
        doc_type=doc_type,
    )
    # the examples last: a mistake in the rule itself is the one to report first
    examples = parse_examples(
        data.get("examples"),
        where,
        negative=negative,
        parts=len(parts),
        mods=MODS,
        doc_types=DOC_TYPES,
        rule_doc_type=doc_type,
    )
    return replace(rule, examples=examples)


def _build_links(path: Path, expander: _Expander) -> tuple[RangeLink, ...]:
    links = []
    for i, raw in enumerate(read_toml(path).get("link", [])):
        where = f"{path}: link {raw.get('name', i)!r}"
        check_keys(raw, {"name", "between", "before"}, where)
        if "between" not in raw:
            raise ResourceError(f"{where}: missing between")
        between = compile_regex(expander.expand(raw["between"]), re.IGNORECASE, where)
        before = None
        if raw.get("before"):
            before = compile_regex(
                "(?:" + expander.expand(raw["before"]) + r")\Z", re.IGNORECASE, where
            )
        links.append(RangeLink(raw.get("name", str(i)), between, before))
    return tuple(links)


# the tables the built-in converters read, and what their values must be (None: anything)
CONVERTER_TABLES: dict[str, re.Pattern[str] | None] = {
    "number_word": re.compile(r"\d+"),
    "number_filler": None,
    "number_article": re.compile(r"\d+"),
    "number_fraction": re.compile(r"0?\.\d+"),
    "number_multiplier": re.compile(r"\d+"),
    "ordinal_word": re.compile(r"\d+"),
    "ordinal_suffix": None,
    "unit": re.compile(r"[YMWDQECL]|T[HMS]"),
    "hour_word": re.compile(r"\d+"),
    "meridiem": re.compile(r"am|pm"),
    "clock_phrase": re.compile(r"-?[0-5]?\d"),
    "month": re.compile(r"\d\d"),
    "month_week": re.compile(r"[1-5L]"),
    "holiday_easter": re.compile(r"[+-]\d+"),
    "century_part_count": re.compile(r"\d+"),
    "century_part_which": re.compile(r"-1|\d"),
}
assert set(NUMBER_TABLES) <= set(CONVERTER_TABLES)


def _check_converter_tables(path: Path, tables: Mapping[str, Mapping[str, str]]) -> None:
    for name, shape in CONVERTER_TABLES.items():
        if name not in tables:
            raise ResourceError(f"{path}: the converters need table {name!r}")
        for key, value in tables[name].items():
            if shape is not None and not shape.fullmatch(value):
                raise ResourceError(f"{path}: table {name!r}: {key!r} = {value!r} is not valid")
    words = tables["number_word"]
    for key, value in tables["number_multiplier"].items():
        if words.get(key) != value:
            raise ResourceError(
                f"{path}: table 'number_multiplier': {key!r} must be a number_word of that value"
            )


def load_resources(language: str = "en", root: Path | None = None) -> Resources:
    """Read, expand, compile and check every resource file of ``language``."""
    base = (root or RESOURCE_ROOT) / language
    if not base.is_dir():
        raise ResourceError(f"{base}: no resources for language {language!r}")
    tables = _load_tables(base / "tables.toml")
    fragments_path = base / "fragments.toml"
    raw_fragments = read_toml(fragments_path).get("fragments", {})
    expander = _Expander(raw_fragments, tables)
    for name in raw_fragments:
        try:
            compile_regex(expander.fragment(name), re.IGNORECASE, f"{fragments_path}: %{name}")
        except ValueError as exc:
            if isinstance(exc, ResourceError):
                raise
            raise ResourceError(f"{fragments_path}: fragment %{name}: {exc}") from None
    calendars = load_calendar_names(base / "calendars.toml")
    converters: dict[str, Converter] = (
        dict(BUILTINS) | HISTORICAL_CONVERTERS | calendar_converters(calendars)
    )
    for name, table in tables.items():
        if name in converters:
            raise ResourceError(f"{base / 'tables.toml'}: table {name!r} shadows a converter")
        converters[name] = table_converter(name, table)
    _check_converter_tables(base / "tables.toml", tables)

    rules: list[Rule] = []
    names: dict[str, str] = {}
    rule_files = sorted((base / "rules").glob("*.toml"))
    if not rule_files:
        raise ResourceError(f"{base / 'rules'}: no rule files")
    for path in rule_files:
        for raw in read_toml(path).get("rule", []):
            rule = _build_rule(raw, str(path), len(rules), expander, converters)
            if rule.name in names:
                raise ResourceError(
                    f"{path}: rule {rule.name!r} already defined in {names[rule.name]}"
                )
            names[rule.name] = str(path)
            rules.append(rule)
    return Resources(
        language=language,
        tables=tables,
        fragments=dict(expander.done),
        rules=tuple(rules),
        links=_build_links(base / "ranges.toml", expander),
        tense=load_tense_lexicon(base / "tense.toml", expander.expand),
        sentences=load_sentence_words(base / "sentences.toml"),
        calendars=calendars,
        converters=converters,
    )


@lru_cache(maxsize=8)
def resources_for(language: str = "en") -> Resources:
    """The process-wide, load-once resources of a language."""
    return load_resources(language)


@lru_cache(maxsize=8)
def tables_for(language: str = "en") -> Mapping[str, Mapping[str, str]]:
    """A language's normalization tables alone (``tables.toml``, checked as the tagger reads
    them), without compiling its rules: the month, weekday and season names that the
    presenters and the merge of events share with the tagger."""
    return _load_tables(RESOURCE_ROOT / language / "tables.toml")
