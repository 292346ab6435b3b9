"""Fast rule matching: try a rule only where one of its possible first words starts.

Running ~230 regexes over every position of a text costs about 10 ms a document. But a
match of a rule can only start where a token begins with one of the literal prefixes its
pattern can start with ("the", "last", a digit, a month name...). Those *first sets* are
computed once from the pattern (:mod:`timeline.tagger.regex_literals`); per text, tokens
are indexed by their lower-case prefixes, and each rule's regex is tried with ``match``
only at the indexed positions. A rule whose first set cannot be computed (it may start
with any letter) is scanned in full, so the result is the same as a full scan that
reports every match start (a rule without ``boundary`` may also match from inside a
token: its filters must reject such starts, as ``neg_percent``'s shorter matches inside
a number lose to the whole number anyway).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from timeline.tagger import regex_literals
from timeline.tagger.regex_literals import FirstSet

_PREFIX = 3  # index tokens by their first 1..3 lower-case characters
_TOKEN = re.compile(r"\w+|[^\w\s]")


def analyze(pattern: re.Pattern[str]) -> tuple[tuple[str, ...] | None, tuple[frozenset[str], ...]]:
    """(index keys, required literal sets) of a rule's regex."""
    first, required = regex_literals.analyze(pattern)
    return index_keys(first), required


def _first_token_key(prefix: str) -> str:
    """The index key of the token a text starting with ``prefix`` begins with: the prefix
    up to its first word/non-word change ("no." → "no", "$5" → "$"), at most 3 chars."""
    is_word = _WORD_CHAR.match(prefix[0]) is not None
    if not is_word:
        return prefix[0]
    cut = 1
    while cut < len(prefix) and cut < _PREFIX and _WORD_CHAR.match(prefix[cut]):
        cut += 1
    return prefix[:cut]


_WORD_CHAR = re.compile(r"\w")


def index_keys(prefixes: FirstSet) -> tuple[str, ...] | None:
    """What to look up in a :class:`TokenIndex` for a rule with these first prefixes."""
    if prefixes is None:
        return None
    keys = {_first_token_key(p) for p in prefixes}
    # "a" already finds every token that "ad" would: look up the shorter key only
    return tuple(sorted(k for k in keys if not any(k != o and k.startswith(o) for o in keys)))


class TokenIndex:
    """Token starts of one text, by lower-case prefix (1 to 3 characters)."""

    def __init__(self, text: str, wanted: frozenset[str] | None = None):
        """``wanted``: the only keys that will be looked up (all when None)."""
        self.text = text
        by_prefix: dict[str, list[int]] = {}
        for match in _TOKEN.finditer(text):
            lower = match.group()[:_PREFIX].lower()
            for k in range(1, len(lower) + 1):
                key = lower[:k]
                if wanted is not None and key not in wanted:
                    continue
                if key in by_prefix:
                    by_prefix[key].append(match.start())
                else:
                    by_prefix[key] = [match.start()]
        self.by_prefix = by_prefix
        self._cache: dict[tuple[str, ...], list[int]] = {}
        self._lower: str | None = None
        self._has: dict[str, bool] = {}

    def contains_all(self, required: tuple[frozenset[str], ...]) -> bool:
        """Whether the text contains a literal of each required set (case-insensitive)."""
        if not required:
            return True
        if self._lower is None:
            self._lower = self.text.lower()
        has = self._has
        lower = self._lower
        for options in required:
            for literal in options:
                found = has.get(literal)
                if found is None:
                    found = has[literal] = literal in lower
                if found:
                    break
            else:
                return False
        return True

    def starts(self, keys: tuple[str, ...]) -> list[int]:
        """Token starts whose first characters are one of ``keys``."""
        cached = self._cache.get(keys)
        if cached is not None:
            return cached
        found: set[int] = set()
        get = self.by_prefix.get
        for key in keys:
            positions = get(key)
            if positions:
                found.update(positions)
        result = sorted(found)
        self._cache[keys] = result
        return result


def matches(
    pattern: re.Pattern[str], keys: tuple[str, ...] | None, index: TokenIndex
) -> Iterator[re.Match[str]]:
    """Every match of ``pattern`` starting at a token that ``keys`` allows (``None``: any
    position; then every match start is reported, not only non-overlapping ones)."""
    text = index.text
    if keys is None:
        pos = 0
        while pos <= len(text):
            match = pattern.search(text, pos)
            if match is None:
                return
            yield match
            pos = match.start() + 1
        return
    match_at = pattern.match
    for pos in index.starts(keys):
        match = match_at(text, pos)
        if match is not None:
            yield match
