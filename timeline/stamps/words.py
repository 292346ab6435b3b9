"""The words of an article's own date and of its kind, from ``resources/<lang>/published.toml``.

Loaded once per language and checked as it loads: unknown sections or keys, regexes that do
not compile, missing message templates and a week that is not seven days raise a
:class:`timeline.tagger.ResourceError` naming the file and the key. Weekday names come from
the tagger's own tables, so that a language is one folder.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from timeline.resource_files import (
    RESOURCE_ROOT,
    check_keys,
    compile_regex,
    read_toml,
    required_section,
    words_regex,
)
from timeline.tagger import ResourceError, resources_for

# the separators allowed between a stamp's words and its date: ", | - :" and white space
_GAP = r"[\s,;:|\-–—]*"
_MESSAGES = {
    "dateline": {"text"},
    "print_stamp": {"text"},
    "foot_stamp": {"text"},
    "agency_around": {"text", "count", "first", "last"},
    "agency": {"text", "year_text", "sentence"},
    "latest": {"text", "sentence"},
    "weekday_written": {"text"},
    "weekday_agrees": {"text"},
    "today_agrees": {"text"},
    "yesterday_agrees": {"text"},
    "future_skipped": {"text", "sentence"},
    "stamp_disagrees": {"text", "date"},
    "too_late": {"latest", "candidate", "years"},
    "too_late_one": {"latest", "candidate"},
    "weekday_cannot": {"text", "year", "date", "weekday"},
    "news": {"cues"},
    "narrative": {"dates", "count", "cues"},
    "few_dates": {"dates", "cues"},
    "cue_reporting": {"count", "example"},
    "cue_relative": {"count", "example"},
    "cue_dateline": {"example"},
    "cue_none": set(),
}


@dataclass(frozen=True, slots=True)
class PublishedWords:
    """A language's stamp patterns, news cues and messages, compiled."""

    head_chars: int
    weekday: re.Pattern[str]  # a weekday name or abbreviation, whole, then separators
    weekdays: Mapping[str, int]  # lower-case name or abbreviation → ISO weekday 1..7
    stamp_before: re.Pattern[str]  # searched in the text before a date; ends at it
    stamp_after: re.Pattern[str]  # matched right after a date
    clock_first: re.Pattern[str]  # a clock and a comma opening a date ("09:53 AM, 21 May 2009")
    numeric: re.Pattern[str]  # a date in figures, groups y, m, d ("2009 04 25")
    agency_before: re.Pattern[str]
    agency_after: re.Pattern[str]
    print_before: re.Pattern[str]
    tail_chars: int  # a foot stamp is in the last characters of the text
    foot_before: re.Pattern[str]  # searched before a full date at the foot; ends at it
    reporting: re.Pattern[str]  # the news cue words, whole
    messages: Mapping[str, str]
    weekday_names: tuple[str, ...]  # Monday first, for messages


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ResourceError(f"{where} must be a non-empty list of strings")
    return value


def _alternatives(
    patterns: list[str], named: Mapping[str, str], suffix: str, where: str
) -> re.Pattern[str]:
    """One regex of the alternatives, with ``%clock`` and ``%place`` expanded."""
    expanded = []
    for pattern in patterns:
        for name, body in named.items():
            pattern = pattern.replace(f"%{name}", f"(?:{body})")
        compile_regex(pattern, re.IGNORECASE, f"{where}: {pattern!r}")  # say which one
        expanded.append(f"(?:{pattern})")
    flags = re.IGNORECASE | re.MULTILINE  # "^" at a line start: a dateline opens a line
    return compile_regex("(?:" + "|".join(expanded) + ")" + suffix, flags, where)


def _messages(section: Mapping[str, Any], where: str) -> tuple[dict[str, str], tuple[str, ...]]:
    messages: dict[str, str] = {}
    for key, fields in _MESSAGES.items():
        template = section[key]
        if not isinstance(template, str):
            raise ResourceError(f"{where}: [messages] {key} must be a string")
        used = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        if used - fields:
            raise ResourceError(
                f"{where}: [messages] {key}: unknown field(s) {sorted(used - fields)}"
            )
        messages[key] = template
    names = _strings(section["weekdays"], f"{where}: [messages] weekdays")
    if len(names) != 7:
        raise ResourceError(f"{where}: [messages] weekdays must name seven days, Monday first")
    return messages, tuple(names)


@lru_cache(maxsize=8)
def published_words(language: str = "en") -> PublishedWords:
    """The words of ``resources/<language>/published.toml``, checked and compiled; whole
    weekday names are the tagger's (``tables.toml [weekday]``)."""
    weekdays = {name: int(day) for name, day in resources_for(language).tables["weekday"].items()}
    return load_published_words(RESOURCE_ROOT / language / "published.toml", weekdays)


def load_published_words(path: Path, weekdays: Mapping[str, int]) -> PublishedWords:
    """One ``published.toml``, checked and compiled; ``weekdays`` maps whole weekday names
    (lower case) to their ISO day."""
    where = str(path)
    data = read_toml(path)
    check_keys(data, {"stamp", "agency", "print", "foot", "news", "messages"}, where)
    stamp = required_section(
        data,
        "stamp",
        {"head_chars", "clock", "place", "before", "after", "numeric", "weekday_abbreviations"},
        where,
    )
    head_chars = stamp["head_chars"]
    if not isinstance(head_chars, int) or head_chars < 40:
        raise ResourceError(f"{where}: [stamp] head_chars must be a number of characters >= 40")
    named = {}
    for key in ("clock", "place"):
        if not isinstance(stamp[key], str):
            raise ResourceError(f"{where}: [stamp] {key} must be a regex")
        named[key] = compile_regex(stamp[key], re.IGNORECASE, f"{where}: [stamp] {key}").pattern
    if not isinstance(stamp["numeric"], str):
        raise ResourceError(f"{where}: [stamp] numeric must be a regex")
    numeric = compile_regex(stamp["numeric"], 0, f"{where}: [stamp] numeric")
    if not {"y", "m", "d"} <= set(numeric.groupindex):
        raise ResourceError(f"{where}: [stamp] numeric needs groups y, m and d")
    weekdays = dict(weekdays)
    abbreviations = stamp["weekday_abbreviations"]
    if not isinstance(abbreviations, dict) or not all(
        isinstance(d, int) and 1 <= d <= 7 for d in abbreviations.values()
    ):
        raise ResourceError(f"{where}: [stamp] weekday_abbreviations must map names to 1..7")
    weekdays.update({name.lower(): day for name, day in abbreviations.items()})
    agency = required_section(data, "agency", {"before", "after"}, where)
    printed = required_section(data, "print", {"before"}, where)
    foot = required_section(data, "foot", {"tail_chars", "before"}, where)
    if not isinstance(foot["tail_chars"], int) or foot["tail_chars"] < 40:
        raise ResourceError(f"{where}: [foot] tail_chars must be a number of characters >= 40")
    news = required_section(data, "news", {"reporting"}, where)
    section = data.get("messages")
    if not isinstance(section, dict):
        raise ResourceError(f"{where}: missing section [messages]")
    check_keys(section, {*_MESSAGES, "weekdays"}, f"{where}: [messages]")
    missing = {*_MESSAGES, "weekdays"} - set(section)
    if missing:
        raise ResourceError(f"{where}: [messages] lacks {sorted(missing)}")
    messages, names = _messages(section, where)

    def listed(section: Mapping[str, Any], key: str, name: str) -> list[str]:
        return _strings(section[key], f"{where}: [{name}] {key}")

    return PublishedWords(
        head_chars=head_chars,
        weekday=compile_regex(
            rf"(?<!\w)(?:{words_regex(sorted(weekdays))})\.?{_GAP}\Z", re.IGNORECASE, where
        ),
        weekdays=weekdays,
        stamp_before=_alternatives(listed(stamp, "before", "stamp"), named, _GAP + r"\Z", where),
        stamp_after=_alternatives(listed(stamp, "after", "stamp"), named, "", where),
        clock_first=compile_regex(rf"(?:{named['clock']})\s*,", re.IGNORECASE, where),
        numeric=numeric,
        agency_before=_alternatives(listed(agency, "before", "agency"), named, _GAP + r"\Z", where),
        agency_after=_alternatives(listed(agency, "after", "agency"), named, "", where),
        print_before=_alternatives(listed(printed, "before", "print"), named, _GAP + r"\Z", where),
        tail_chars=foot["tail_chars"],
        foot_before=_alternatives(listed(foot, "before", "foot"), named, _GAP + r"\Z", where),
        reporting=compile_regex(
            rf"(?<!\w)(?:{words_regex(listed(news, 'reporting', 'news'))})(?!\w)",
            re.IGNORECASE,
            where,
        ),
        messages=messages,
        weekday_names=names,
    )
