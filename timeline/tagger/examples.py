"""The examples each rule carries, HeidelTime-style: a sentence and what the rule finds in it.

Every ``[[rule]]`` of ``rules/*.toml`` has ``examples = [{ text = ..., found = ...,
value = ... }, ...]`` (grammar in ``timeline/resources/README.md``). The loader checks
their form here, cheaply (nothing is tagged at load); ``tests/tagger/test_rule_examples.py``
tags every example and checks that the rule yields what it says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from timeline.calendar import CalendarError, parse_iso_day
from timeline.resource_files import ResourceError, check_keys

_KEYS = {"text", "found", "value", "mod", "dct", "doc_type"}
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True, slots=True)
class RuleExample:
    """One sentence and what its rule yields in it (one entry per part for a parts rule)."""

    text: str
    found: tuple[str, ...]  # the expression's text (a negative rule: the span it claims)
    value: tuple[str, ...] | None  # the TIMEX3 value after resolution; None: negative rule
    mod: tuple[str | None, ...] | None  # None: not checked; per part None: no mod
    dct: str | None
    doc_type: str


def _strings(raw: Any, count: int, key: str, where: str) -> tuple[str, ...]:
    """A string (a rule of one timex) or a list of ``count`` strings (a parts rule)."""
    if count == 1 and isinstance(raw, str):
        return (raw,)
    if (
        count > 1
        and isinstance(raw, list)
        and len(raw) == count
        and all(isinstance(item, str) for item in raw)
    ):
        return tuple(raw)
    form = "a string" if count == 1 else f"a list of {count} strings (one per part)"
    raise ResourceError(f"{where}: {key} must be {form}")


def parse_examples(
    raw: Any,
    where: str,
    *,
    negative: bool,
    parts: int,
    mods: tuple[str, ...],
    doc_types: tuple[str, ...],
    rule_doc_type: str | None,
) -> tuple[RuleExample, ...]:
    """The checked ``examples`` of the rule at ``where`` (``parts``: its number of parts,
    0 for a rule of one timex)."""
    if raw is None:
        raise ResourceError(f"{where}: no examples (every rule shows what it finds)")
    if not isinstance(raw, list) or not raw:
        raise ResourceError(f"{where}: examples must be a non-empty array of tables")
    count = parts or 1
    examples = []
    for i, item in enumerate(raw):
        ewhere = f"{where} example {i}"
        if not isinstance(item, dict):
            raise ResourceError(f"{ewhere}: must be a table")
        examples.append(
            _parse_example(item, ewhere, negative, count, mods, doc_types, rule_doc_type)
        )
    return tuple(examples)


def _parse_example(
    item: Mapping[str, Any],
    where: str,
    negative: bool,
    count: int,
    mods: tuple[str, ...],
    doc_types: tuple[str, ...],
    rule_doc_type: str | None,
) -> RuleExample:
    check_keys(item, _KEYS, where)
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ResourceError(f"{where}: text must be a sentence")
    if "found" not in item:
        raise ResourceError(f"{where}: missing found")
    found = _strings(item["found"], 1 if negative else count, "found", where)
    for piece in found:
        if not piece or piece not in text:
            raise ResourceError(f"{where}: found {piece!r} is not in the text")
    value: tuple[str, ...] | None = None
    if negative:
        if "value" in item or "mod" in item:
            raise ResourceError(f"{where}: a negative rule's example has no value nor mod")
    elif "value" not in item:
        raise ResourceError(f"{where}: missing value")
    else:
        value = _strings(item["value"], count, "value", where)
    mod: tuple[str | None, ...] | None = None
    if "mod" in item:
        written = _strings(item["mod"], count, "mod", where)
        for m in written:
            if m and m not in mods:
                raise ResourceError(f"{where}: mod {m!r} is not one of {mods}")
        mod = tuple(m or None for m in written)  # "" for a part without a mod
    dct = item.get("dct")
    if dct is not None:
        if not isinstance(dct, str) or not _ISO_DAY.fullmatch(dct):
            raise ResourceError(f"{where}: dct must be a day YYYY-MM-DD, not {dct!r}")
        try:
            parse_iso_day(dct)
        except CalendarError as exc:
            raise ResourceError(f"{where}: dct {dct!r} is not a day: {exc}") from None
    doc_type = item.get("doc_type", "news")
    if doc_type not in doc_types:
        raise ResourceError(f"{where}: doc_type {doc_type!r} is not one of {doc_types}")
    if rule_doc_type is not None and doc_type != rule_doc_type:
        raise ResourceError(f"{where}: the rule applies to {rule_doc_type} only (doc_type)")
    return RuleExample(text, found, value, mod, dct, doc_type)
