"""Word lists that code reads, loaded from a language's resource files.

``tense.toml`` gives the resolver its tense markers (:mod:`timeline.tagger.tense`);
``sentences.toml`` gives the sentence splitter its abbreviations and sentence starters;
``calendars.toml`` gives the converters of other calendars their month names and era
words. Each is checked when it loads (a :class:`ResourceError` names the file and the
entry) and is part of :class:`timeline.tagger.resources.Resources`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from timeline.resource_files import (
    RESOURCE_ROOT,
    ResourceError,
    check_keys,
    compile_regex,
    read_toml,
    words_regex,
)


@dataclass(frozen=True, slots=True)
class SentenceWords:
    """What the sentence splitter knows of a language (lower case, without final dots)."""

    titles: frozenset[str]  # a dot after them never ends a sentence
    abbreviations: frozenset[str]  # titles included
    month_abbreviations: frozenset[str]
    sentence_starters: frozenset[str]
    continuers: frozenset[str]  # a line ending with one goes on on the next


_SENTENCE_KEYS = {
    "titles",
    "abbreviations",
    "month_abbreviations",
    "sentence_starters",
    "continuers",
}


@lru_cache(maxsize=8)
def load_sentence_words(path: Path) -> SentenceWords:
    """The words of one ``sentences.toml`` (cached: the splitter's cache keys on them)."""
    data = read_toml(path)
    check_keys(data, _SENTENCE_KEYS, str(path))
    lists: dict[str, frozenset[str]] = {}
    for key in sorted(_SENTENCE_KEYS):
        raw = data.get(key)
        if not isinstance(raw, str) or not raw.split():
            raise ResourceError(f"{path}: {key} must be a string of words")
        words = raw.split()
        for word in words:
            if word != word.lower() or word.endswith("."):
                raise ResourceError(
                    f"{path}: {key}: {word!r} must be lower case, without a final dot"
                )
        lists[key] = frozenset(words)
    return SentenceWords(
        titles=lists["titles"],
        abbreviations=lists["titles"] | lists["abbreviations"],
        month_abbreviations=lists["month_abbreviations"],
        sentence_starters=lists["sentence_starters"],
        continuers=lists["continuers"],
    )


@lru_cache(maxsize=8)
def sentence_words_for(language: str = "en") -> SentenceWords:
    """The sentence words of a language's own resources (without loading its rules)."""
    return load_sentence_words(RESOURCE_ROOT / language / "sentences.toml")


@dataclass(frozen=True, slots=True)
class CalendarNames:
    """Month names and era words of the calendars that ``historical.py`` converts."""

    # a month's regex, matched against the whole of a name's letters ("dhulqadah") → month
    hijri_months: tuple[tuple[re.Pattern[str], int], ...]
    jalali_months: Mapping[str, int]  # letters → month
    era: re.Pattern[str]  # an era word ending a year ("1399 SH"), removed before reading it


def _months(path: Path, section: str, data: object) -> dict[str, int]:
    if not isinstance(data, dict) or not data:
        raise ResourceError(f"{path}: [{section}] must be a table of names")
    for name, month in data.items():
        if not isinstance(month, int) or not 1 <= month <= 12:
            raise ResourceError(f"{path}: [{section}] {name!r} must map to a month 1-12")
    missing = set(range(1, 13)) - set(data.values())
    if missing:
        raise ResourceError(f"{path}: [{section}] names no month {sorted(missing)}")
    return dict(data)


def load_calendar_names(path: Path) -> CalendarNames:
    data = read_toml(path)
    check_keys(data, {"hijri_month", "jalali_month", "era"}, str(path))
    hijri = tuple(
        (compile_regex(pattern, 0, f"{path}: [hijri_month] {pattern!r}"), month)
        for pattern, month in _months(path, "hijri_month", data.get("hijri_month")).items()
    )
    jalali = _months(path, "jalali_month", data.get("jalali_month"))
    for name in jalali:
        if not re.fullmatch(r"[a-z0-9]+", name):
            raise ResourceError(f"{path}: [jalali_month] {name!r}: lower-case letters only")
    era = data.get("era", {})
    check_keys(era, {"words"}, f"{path}: [era]")
    words = era.get("words")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        raise ResourceError(f"{path}: [era] words must be a list of strings")
    # case-sensitive: "SH" and "AH" are written in capitals
    era_regex = compile_regex(rf"\s*(?:{words_regex(words)})\s*$", 0, f"{path}: [era]")
    return CalendarNames(hijri, jalali, era_regex)


@dataclass(frozen=True, slots=True)
class TenseLexicon:
    """Markers of tense: one regex whose groups are named TENSE_STRENGTH (``PAST_2``)."""

    markers: re.Pattern[str]
    past_suffix: re.Pattern[str] | None
    suffix_exceptions: frozenset[str]
    clause_break: re.Pattern[str]
    # what may stand inside a verb group ("will not be held") and between a verb and the
    # expression it dates ("said on Friday"); both matched whole
    group_gap: re.Pattern[str]
    adjacent: re.Pattern[str]
    # the ending every regular past form has ("-ed"): a quick test before ``past_suffix``
    past_ending: str = ""
    # words after which an -ed word is an adjective ("a still unspecified date")
    adjective_after: frozenset[str] = frozenset()
    # the text right before / after an expression that fixes its direction by itself
    future_before: re.Pattern[str] | None = None  # "by August": a deadline ahead
    past_before: re.Pattern[str] | None = None  # "since March": a starting point behind
    possessive: re.Pattern[str] | None = None  # "Wednesday's ruling": past or today
    possessive_ahead: re.Pattern[str] | None = None  # "ahead of Sunday's vote": future
    # a date naming a known event between a determiner and a noun ("the June talks"):
    # the nearest such date, whatever the verb
    attributive_before: re.Pattern[str] | None = None
    attributive_after: re.Pattern[str] | None = None
    pluperfect: re.Pattern[str] | None = None  # the auxiliary of "had been scheduled": a past plan


TENSE_LEVELS = {"strong": 2, "weak": 1, "reporting": 0}


def _past_ending(suffix: Mapping[str, object], path: Path) -> str:
    ending = suffix.get("ending", "")
    if not isinstance(ending, str):
        raise ResourceError(f"{path}: suffix.ending must be a string")
    return ending


def load_tense_lexicon(path: Path, expand: Callable[[str], str]) -> TenseLexicon:
    """The tense markers of ``tense.toml``; ``expand`` resolves %fragments and @tables."""
    data = read_toml(path)
    unknown = set(data) - {*TENSE_LEVELS, "phrases", "suffix", "clauses", "context", "verb_group"}
    if unknown:
        raise ResourceError(f"{path}: unknown section(s) {sorted(unknown)}")
    alternatives = []
    for level, strength in TENSE_LEVELS.items():
        section = data.get(level, {})
        for tense in ("past", "future", "present"):
            words = section.get(tense, [])
            pieces = [
                re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
            ]
            if level == "strong":
                pieces += [expand(p) for p in data.get("phrases", {}).get(tense, [])]
            if pieces:
                alternatives.append(f"(?P<{tense.upper()}_{strength}>" + "|".join(pieces) + ")")
    markers = compile_regex(
        r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])", re.IGNORECASE, f"{path}"
    )
    suffix = data.get("suffix", {})
    check_keys(suffix, {"past", "ending", "adjective_after", "exceptions"}, f"{path}: [suffix]")
    past_suffix = None
    if suffix.get("past"):
        past_suffix = compile_regex(suffix["past"], 0, f"{path}: suffix.past")
    clause_break = compile_regex(
        data.get("clauses", {}).get("break", r"[,;:]"), 0, f"{path}: clauses"
    )
    context = data.get("context", {})
    check_keys(
        context,
        {
            "future_before",
            "past_before",
            "possessive",
            "possessive_ahead",
            "attributive_before",
            "attributive_after",
            "pluperfect",
        },
        f"{path}",
    )

    def optional(key: str, anchor: str) -> re.Pattern[str] | None:
        if not context.get(key):
            return None
        pattern = f"(?:{expand(context[key])}){anchor}"
        return compile_regex(pattern, re.IGNORECASE, f"{path}: context.{key}")

    verb_group = data.get("verb_group", {})
    check_keys(verb_group, {"gap", "adjacent"}, f"{path}: [verb_group]")
    for key in ("gap", "adjacent"):
        words = verb_group.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ResourceError(f"{path}: [verb_group] {key} must be a list of words")
    # case-sensitive, as the -ed words are: lower-case words
    group_gap = compile_regex(
        rf"(?:\s+(?:{words_regex(verb_group['gap'])}))*\s+", 0, f"{path}: verb_group.gap"
    )
    adjacent = compile_regex(
        rf"\s*(?:(?:{words_regex(verb_group['adjacent'])})\s+)?", 0, f"{path}: verb_group.adjacent"
    )
    return TenseLexicon(
        markers,
        past_suffix,
        frozenset(suffix.get("exceptions", [])),
        clause_break,
        group_gap,
        adjacent,
        past_ending=_past_ending(suffix, path),
        adjective_after=frozenset(w.lower() for w in suffix.get("adjective_after", [])),
        future_before=optional("future_before", r"\Z"),
        past_before=optional("past_before", r"\Z"),
        possessive=optional("possessive", ""),
        possessive_ahead=optional("possessive_ahead", r"\Z"),
        attributive_before=optional("attributive_before", r"\Z"),
        attributive_after=optional("attributive_after", ""),
        pluperfect=optional("pluperfect", ""),  # matched whole (fullmatch) on an auxiliary
    )
