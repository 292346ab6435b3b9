"""Reading the TOML resource files of ``timeline/resources/<lang>/``: the error every loader
raises and the checks they share.

Below every layer (it imports nothing of the package), so that the loaders of any layer use
it: the tagger's (:mod:`timeline.tagger.resources`, :mod:`timeline.tagger.lexicons`,
:mod:`timeline.tagger.examples`) and those of the words that the presenters, the merge, the
stamps and :mod:`timeline.dates` read.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

RESOURCE_ROOT = Path(__file__).resolve().parent / "resources"


class ResourceError(ValueError):
    """Rule data that is wrong; the message names the file and the rule."""


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ResourceError(f"{path}: missing resource file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{path}: invalid TOML: {exc}") from None


def compile_regex(pattern: str, flags: int, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ResourceError(f"{where}: regex does not compile: {exc}") from None


def check_keys(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ResourceError(f"{where}: unknown key(s) {sorted(unknown)}")


def words_regex(words: list[str] | tuple[str, ...]) -> str:
    """An alternation of literal words, longest first, a space matching any white space."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def required_section(
    data: Mapping[str, Any], name: str, keys: set[str], where: str
) -> dict[str, Any]:
    """The table ``[name]`` of a resource file, with exactly ``keys``: missing, not a table,
    an unknown key or a missing one raises ResourceError naming the file and the section."""
    section = data.get(name)
    if not isinstance(section, dict):
        raise ResourceError(f"{where}: missing section [{name}]")
    check_keys(section, keys, f"{where}: [{name}]")
    missing = keys - set(section)
    if missing:
        raise ResourceError(f"{where}: [{name}] lacks {sorted(missing)}")
    return section
