"""Fast rule matching: try a rule only where one of its possible first words starts.

Running ~270 regexes over every position of a text costs about 10 ms a document. But a
match of a rule can only start where a token begins with one of the literal prefixes its
pattern can start with ("the", "last", a digit, a month name...). Those *first sets* are
computed once from the pattern (:mod:`timeline.tagger.regex_literals`); per text, tokens
are indexed by their lower-case prefixes, and each rule's regex is tried with ``match``
only at the indexed positions. A rule whose first set cannot be computed (it may start
with any letter) is scanned in full, so the result is the same as a full scan that
reports every match start (a rule without ``boundary`` may also match from inside a
token: its filters must reject such starts, as ``neg_percent``'s shorter matches inside
a number lose to the whole number anyway).

Where a prefix goes past a whole first word, the key is a pair: "the firs" is the token
"the" followed by a token starting with "firs", so a rule starting "(the\\s+)?first" is not
tried at each of a text's hundred "the" (nor "a" at every word starting with "a"); "N days"
is a number followed by "days". Rules whose mandatory words ("ago", "month") a text lacks
are skipped; those words are found through the tokens too. What each distinct token means
to the index is worked out once per process (a bounded cache), not at each occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

from timeline.tagger import regex_literals
from timeline.tagger.regex_literals import NUMBER, FirstSet

_PREFIX = 4  # index tokens by their first 1..4 lower-case characters
# ... but a token that is not ASCII by its first 3 only, with the key "abc ?" too: for it,
# str.lower may differ from re.IGNORECASE ("ſ" is "s" to the regex), so it is tried as it
# was when keys were 3 characters long, whatever the rest of a key or pair says
_DOUBT = 3
_TOKEN = re.compile(r"\w+|[^\w\s]")


def analyze(pattern: re.Pattern[str]) -> tuple[tuple[str, ...] | None, tuple[frozenset[str], ...]]:
    """(index keys, required literal sets) of a rule's regex."""
    first, required = regex_literals.analyze(pattern)
    return index_keys(first), required


def _first_token_key(prefix: str) -> str:
    """The index key of the token a text starting with ``prefix`` begins with: the prefix
    up to its first word/non-word change ("no." → "no", "$5" → "$"), at most 4 chars."""
    is_word = _WORD_CHAR.match(prefix[0]) is not None
    if not is_word:
        return prefix[0]
    cut = 1
    while cut < len(prefix) and cut < _PREFIX and _WORD_CHAR.match(prefix[cut]):
        cut += 1
    return prefix[:cut]


_WORD_CHAR = re.compile(r"\w")
# a prefix "word", separators (whitespace, written " ", or hyphens), the next token's start
_PAIR = re.compile(r"(\w+)(?!\w)[\s\-]*([^\s\-].*)", re.DOTALL)


def _pair(prefix: str) -> tuple[str, str] | None:
    """(word, key of the next token) of a prefix that starts with a whole ASCII word and
    goes on into the next token ("the first" → ("the", "firs"), "mid-1" → ("mid", "1"),
    "a$" → ("a", "$"), "N days" → ("N", "days"): a number, then "days..."), else None."""
    match = _PAIR.fullmatch(prefix)
    if match is None or not match.group(1).isascii() or match.group(1).isdigit():
        return None  # (a number is written NUMBER: the index knows its digits as that)
    return match.group(1), _first_token_key(match.group(2))


def _shortest(keys: set[str]) -> set[str]:
    """ "a" already finds every token that "ad" would: look up the shorter key only."""
    return {k for k in keys if not any(k[:i] in keys for i in range(1, len(k)))}


def index_keys(prefixes: FirstSet) -> tuple[str, ...] | None:
    """What to look up in a :class:`TokenIndex` for a rule with these first prefixes.

    A prefix that goes on past a whole word ("the first") gives the key "the firs": the
    token "the" followed by a token starting with "firs" (hyphens between are skipped);
    and "the ?" (see _DOUBT), where a token that is not ASCII leaves that in doubt.
    """
    if prefixes is None:
        return None
    single: set[str] = set()
    after: dict[str, set[str]] = {}  # word -> keys of the token after it
    for prefix in prefixes:
        pair = _pair(prefix)
        if pair is None:
            single.add(_first_token_key(prefix))
        else:
            after.setdefault(pair[0], set()).add(pair[1])
    keys = _shortest(single)
    doubts = {f"{key[:_DOUBT]} ?" for key in keys if len(key) > _DOUBT}
    for word, nexts in after.items():
        if any(word[:i] in keys for i in range(1, len(word) + 1)):
            continue  # a single key finds the word anyway
        keys.update(f"{word} {k}" for k in _shortest(nexts))
        doubts.add(f"{word[:_DOUBT]} ?")
    return tuple(sorted(keys | doubts))


Described = tuple[tuple[str, ...], str | None, tuple[str, ...]]


class _Vocabulary:
    """What each token means to the index, worked out once per distinct token (and pair of
    tokens): its keys (of ``wanted``; None: all) and the ``literals`` it contains."""

    MAX_SIZE = 50_000  # forgotten past this many entries (a few MB; names, numbers...)

    def __init__(self, wanted: frozenset[str] | None, literals: frozenset[str]):
        self.wanted = wanted
        self.literals: dict[str, list[str]] = {}  # by their first two characters
        for literal in literals:
            self.literals.setdefault(literal[:2], []).append(literal)
        # the words that pair keys start with (None: any)
        self.pair_words = (
            None if wanted is None else {key.partition(" ")[0] for key in wanted if " " in key}
        )
        self.tokens: dict[str, Described] = {}
        self.pairs: dict[tuple[str, str], tuple[str, ...]] = {}

    def _wanted(self, keys: list[str]) -> tuple[str, ...]:
        return tuple(keys if self.wanted is None else (k for k in keys if k in self.wanted))

    def token(self, token: str) -> Described:
        """(the keys of ``token``, the word it is if pair keys may start with it, the
        literals it contains)."""
        heads = _heads(token)
        lower = token.lower()
        literals = tuple(
            literal
            for i in range(len(lower) - 1)
            for literal in self.literals.get(lower[i : i + 2], ())
            if lower.startswith(literal, i)
        )
        if not token.isascii():
            # by its first 3 characters, and in doubt ("?" keys, see _DOUBT); \\d matches
            # more than [0-9]: "3٣" may be a number
            heads = _heads(token, _DOUBT)
            doubts = [f"{key} ?" for key in heads]
            if token[0] in "0123456789":
                doubts.append(f"{NUMBER} ?")
            return self._wanted(heads + doubts), None, literals
        word: str | None = NUMBER if token.isdigit() else lower
        if self.pair_words is not None and word not in self.pair_words:
            word = None
        return self._wanted(heads), word, literals

    def pair(self, word: str, token: str) -> tuple[str, ...]:
        """The keys of ``word`` followed by ``token``."""
        if not token.isascii():
            return self._wanted([f"{word[:_DOUBT]} ?"])
        return self._wanted([f"{word} {key}" for key in _heads(token)])

    def forget_if_full(self) -> None:
        if len(self.tokens) + len(self.pairs) > self.MAX_SIZE:
            self.tokens.clear()
            self.pairs.clear()


def _heads(token: str, length: int = _PREFIX) -> list[str]:
    lower = token[:length].lower()
    return [lower[:k] for k in range(1, len(lower) + 1)]


def rules_by_key(keys: Sequence[Collection[str] | None]) -> dict[str | None, tuple[int, ...]]:
    """The rules (indexes into ``keys``) that look up each key; under None, the rules
    without keys (scanned in full)."""
    found: dict[str | None, list[int]] = {}
    for i, rule_keys in enumerate(keys):
        for key in [None] if rule_keys is None else rule_keys:
            found.setdefault(key, []).append(i)
    return {key: tuple(rules) for key, rules in found.items()}


@lru_cache(maxsize=8)
def _vocabulary(wanted: frozenset[str] | None, literals: frozenset[str]) -> _Vocabulary:
    return _Vocabulary(wanted, literals)


# literals that lie within one token: a text contains one iff one of its tokens does
_WORD_LITERAL = re.compile(r"[a-z0-9_]{2,}")


def word_literals(required: Iterable[tuple[frozenset[str], ...]]) -> frozenset[str]:
    """The literals of rules' required sets that a :class:`TokenIndex` can find through
    its tokens (ASCII words: a match lies inside one token of ``text.lower()``)."""
    return frozenset(
        literal
        for sets in required
        for options in sets
        for literal in options
        if _WORD_LITERAL.fullmatch(literal)
    )


class TokenIndex:
    """Token starts of one text, by key: lower-case prefix (1 to 4 characters), or a whole
    word and the prefix of the token after it ("the firs", see :func:`index_keys`)."""

    def __init__(
        self,
        text: str,
        wanted: frozenset[str] | None = None,
        literals: frozenset[str] = frozenset(),
    ):
        """``wanted``: the only keys that will be looked up (all when None); ``literals``:
        word literals (:func:`word_literals`) that :meth:`contains_all` finds through the
        tokens instead of searching the text for each."""
        self.text = text
        vocabulary = _vocabulary(wanted, literals)
        vocabulary.forget_if_full()
        tokens, pairs = vocabulary.tokens, vocabulary.pairs
        by_key: dict[str, list[int]] = {}
        found: set[str] = set()  # the literals the tokens contain
        waiting: tuple[int, str] | None = None  # a pair's first word: (start, word)
        for match in _TOKEN.finditer(text):
            token = match.group()
            start = match.start()
            described = tokens.get(token)
            if described is None:
                described = tokens[token] = vocabulary.token(token)
            keys, word, contained = described
            if contained:
                found.update(contained)
            for key in keys:
                if key in by_key:
                    by_key[key].append(start)
                else:
                    by_key[key] = [start]
            if waiting is not None:
                if token == "-":
                    continue  # "mid-1990s", "the - first": the word's next token is after it
                word_start, first = waiting
                pair_keys = pairs.get((first, token))
                if pair_keys is None:
                    pair_keys = pairs[first, token] = vocabulary.pair(first, token)
                for key in pair_keys:
                    if key in by_key:
                        by_key[key].append(word_start)
                    else:
                        by_key[key] = [word_start]
            waiting = None if word is None else (start, word)
        self.by_prefix = by_key
        self._present = set(by_key)
        self._cache: dict[Collection[str], list[int]] = {}
        self._lower: str | None = None
        self._tracked = literals
        self._found = found
        self._has: dict[str, bool] = {}
        self._has_any: dict[frozenset[str], bool] = {}

    def contains_all(self, required: tuple[frozenset[str], ...]) -> bool:
        """Whether the text contains a literal of each required set (case-insensitive)."""
        for options in required:
            found = self._has_any.get(options)
            if found is None:
                found = self._has_any[options] = self._contains_any(options)
            if not found:
                return False
        return True

    def _contains_any(self, options: frozenset[str]) -> bool:
        if not self._found.isdisjoint(options):
            return True
        if self._tracked.issuperset(options):
            return False  # the tokens would have shown one
        if self._lower is None:
            self._lower = self.text.lower()
        has = self._has
        for literal in options - self._tracked:
            found = has.get(literal)
            if found is None:
                found = has[literal] = literal in self._lower
            if found:
                return True
        return False

    def rules(self, by_key: Mapping[str | None, Collection[int]]) -> list[int]:
        """The rules that may match in the text, in order: those of :func:`rules_by_key`
        that look up a key the text has, and those without keys."""
        found = set(by_key.get(None, ()))
        for key in self._present:
            found.update(by_key.get(key, ()))
        return sorted(found)

    def starts(self, keys: Collection[str]) -> list[int]:
        """Token starts found under one of ``keys``, in order (cached by ``keys``: pass the
        same hashable collection, best a frozenset, for each rule)."""
        cached = self._cache.get(keys)
        if cached is not None:
            return cached
        present = self._present.intersection(keys)  # in C: the few keys the text has
        if len(present) == 1:
            result = self.by_prefix[present.pop()]  # one key: its list is in order
        else:
            found: set[int] = set()
            for key in present:
                found.update(self.by_prefix[key])
            result = sorted(found)
        self._cache[keys] = result
        return result


def matches(
    pattern: re.Pattern[str], keys: Collection[str] | None, index: TokenIndex
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
