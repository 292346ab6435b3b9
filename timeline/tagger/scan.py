"""Fast rule matching: try a rule only where one of its possible first words starts.

Running ~130 regexes over every position of a text costs about 10 ms a document. But a
match of a rule can only start where a token begins with one of the literal prefixes its
pattern can start with ("the", "last", a digit, a month name...). Those *first sets* are
computed once from the parsed regex; per text, tokens are indexed by their lower-case
prefixes, and each rule's regex is tried with ``match`` only at the indexed positions.
A rule whose first set cannot be computed (it may start with any letter) is scanned in
full, so the result is the same as a full scan that reports every match start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as C  # noqa: N812 (the regex parser's opcodes)
from re import _parser as P  # noqa: N812

_PREFIX = 3  # index tokens by their first 1..3 lower-case characters
_MAX_CLASS = 12  # a character class of at most this many characters is a usable first set
_TOKEN = re.compile(r"\w+|[^\w\s]")

FirstSet = frozenset[str] | None  # None: anything can start a match


class _GiveUp(Exception):
    pass


def _class_chars(items: list[tuple[object, object]]) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av).lower())  # type: ignore[arg-type]
        elif op is C.RANGE:
            lo, hi = av  # type: ignore[misc]
            if hi - lo >= _MAX_CLASS:
                raise _GiveUp
            chars.update(chr(c).lower() for c in range(lo, hi + 1))
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            chars.update("0123456789")
        else:
            raise _GiveUp
    if len(chars) > _MAX_CLASS * 2:
        raise _GiveUp
    return chars


def _nullable(op: object, av: object) -> bool:
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return True
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, _, sub = av  # type: ignore[misc]
        return lo == 0 or _seq_nullable(sub)
    if op is C.SUBPATTERN:
        return _seq_nullable(av[-1])  # type: ignore[index]
    if op is C.ATOMIC_GROUP:
        return _seq_nullable(av)  # type: ignore[arg-type]
    if op is C.BRANCH:
        return any(_seq_nullable(b) for b in av[1])  # type: ignore[index]
    return op not in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY, C.CATEGORY)


def _seq_nullable(seq: object) -> bool:
    return all(_nullable(op, av) for op, av in seq)  # type: ignore[attr-defined]


def _first(seq: object) -> set[str]:
    """Literal prefixes that any non-empty match of ``seq`` starts with."""
    items = list(seq)  # type: ignore[call-overload]
    out: set[str] = set()
    i = 0
    while i < len(items):
        op, av = items[i]
        if op is C.LITERAL:
            run = []
            while i < len(items) and items[i][0] is C.LITERAL:
                run.append(chr(items[i][1]).lower())
                i += 1
            out.add("".join(run))
            return out
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            i += 1
            continue
        if op is C.IN:
            out |= _class_chars(av)
        elif op is C.SUBPATTERN:
            out |= _first(av[-1])
        elif op is C.ATOMIC_GROUP:
            out |= _first(av)
        elif op is C.BRANCH:
            for branch in av[1]:
                out |= _first(branch)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            out |= _first(av[2])
        else:
            raise _GiveUp  # ANY, CATEGORY, back-references: no usable prefix
        if not _nullable(op, av):
            return out
        i += 1
    raise _GiveUp  # the whole sequence may match empty


def _parse(pattern: re.Pattern[str]) -> object:
    return P.parse(pattern.pattern, pattern.flags)


def first_set(pattern: re.Pattern[str], parsed: object = None) -> FirstSet:
    """The literal prefixes a match of ``pattern`` must start with, or None if unknown."""
    try:
        tree = parsed if parsed is not None else _parse(pattern)
        prefixes = _first(tree.data)  # type: ignore[attr-defined]
    except (_GiveUp, RecursionError, re.error):
        return None
    if not prefixes or "" in prefixes:
        return None
    return frozenset(prefixes)


_MIN_REQUIRED = 3  # shorter literals are too common to be worth checking


def _required(seq: object) -> list[set[str]]:
    """Sets of literals, one per mandatory part of ``seq``: a match contains at least one
    literal of each set."""
    out: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= _MIN_REQUIRED:
            out.append({"".join(run)})
        run.clear()

    for op, av in seq:  # type: ignore[attr-defined]
        if op is C.LITERAL:
            run.append(chr(av).lower())
            continue
        flush()
        if op is C.SUBPATTERN:
            out.extend(_required(av[-1]))
        elif op is C.ATOMIC_GROUP:
            out.extend(_required(av))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            out.extend(_required(av[2]))
        elif op is C.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                options = _required(branch)
                if not options:
                    union = set()
                    break
                # the most selective requirement of the branch: longest shortest literal
                union |= max(options, key=lambda o: (min(map(len, o)), -len(o)))
            if union:
                out.append(union)
    flush()
    return out


def required_sets(pattern: re.Pattern[str], parsed: object = None) -> tuple[frozenset[str], ...]:
    """Literal sets a text must contain (one of each) for ``pattern`` to match in it."""
    try:
        tree = parsed if parsed is not None else _parse(pattern)
        return tuple(frozenset(s) for s in _required(tree.data))  # type: ignore[attr-defined]
    except (RecursionError, re.error):
        return ()


def analyze(pattern: re.Pattern[str]) -> tuple[tuple[str, ...] | None, tuple[frozenset[str], ...]]:
    """(index keys, required literal sets) of a rule's regex, parsing it once."""
    try:
        tree = _parse(pattern)
    except (RecursionError, re.error):
        return None, ()
    return index_keys(first_set(pattern, tree)), required_sets(pattern, tree)


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
    return tuple(sorted({_first_token_key(p) for p in prefixes}))


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
