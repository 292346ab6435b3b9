"""The literals a regex's matches must start with, and the literals they must contain.

The tagger's scan (:mod:`timeline.tagger.scan`) tries a rule only at tokens that begin
with one of the literal prefixes its pattern can start with (its *first set*), and only in
texts that contain a literal of each of its mandatory parts (its *required sets*).

Why our own parser: the standard library's regex parser (``re._parser``) is private and
changes between Python versions, and the parsers on PyPI (``greenery``, ``interegular``)
target formal regular languages without the lookarounds, inline flags and named groups
the rule files use. The subset that matters is small, so this module reads the pattern
text itself. Soundness is the one requirement: on any construct it does not know it
raises :class:`Unsupported`, and the caller then scans the whole text for that rule, so
an answer is either right or absent, never wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CLASS = 12  # a character range wider than this is no usable first set ("a-z")

FirstSet = frozenset[str] | None  # None: anything can start a match


class Unsupported(Exception):
    """A construct the analyzer does not read, or no usable answer: scan in full."""


# --- the syntax tree -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    char: str


@dataclass(frozen=True, slots=True)
class CharClass:
    chars: frozenset[str] | None  # None: too many or not listed (\w, [^...], .)


@dataclass(frozen=True, slots=True)
class Assertion:
    """Zero-width: lookarounds, \\b, ^, $, \\Z (their contents are not part of a match)."""


@dataclass(frozen=True, slots=True)
class Repeat:
    node: Node
    low: int
    high: int | None


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Branch:
    options: tuple[Sequence, ...]


Node = Literal | CharClass | Assertion | Repeat | Sequence | Branch

_DIGITS = frozenset("0123456789")
# escapes that stand for a class of characters, and the zero-width ones
_CLASS_ESCAPES = {"d": _DIGITS, "D": None, "s": None, "S": None, "w": None, "W": None}
_ZERO_WIDTH_ESCAPES = frozenset("bBAZ")
_CONTROL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
# "{3}", "{1,4}", "{,4}", "{2,}"; "{" in any other form is a literal, as in Python
_QUANTIFIER = re.compile(r"\{(?:(\d+)(?:(,)(\d*))?|(,)(\d+))\}")
# characters that stand for themselves (read in runs, which is most of a rule's pattern)
_PLAIN = re.compile(r"[^\\()\[\]|*+?{.^$]+")
_QUANTIFIER_STARTS = frozenset({"*", "+", "?", "{"})
_SIMPLE_QUANTIFIERS: dict[str, tuple[int, int | None]] = {
    "*": (0, None),
    "+": (1, None),
    "?": (0, 1),
}
_INLINE_FLAGS = re.compile(r"\(\?([aiLmsux]*)(?:-([imsx]+))?([:)])")
_GROUP_NAME = re.compile(r"\(\?P<[A-Za-z_]\w*>")


class _Reader:
    """A recursive-descent reader of Python regex syntax (the subset above)."""

    def __init__(self, pattern: str):
        self.text = pattern
        self.pos = 0

    def parse(self) -> Sequence | Branch:
        node = self._alternation()
        if self.pos != len(self.text):
            raise Unsupported(f"unbalanced ')' at {self.pos}")
        return node

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _alternation(self) -> Sequence | Branch:
        options = [self._sequence()]
        while self._peek() == "|":
            self.pos += 1
            options.append(self._sequence())
        return options[0] if len(options) == 1 else Branch(tuple(options))

    def _sequence(self) -> Sequence:
        items: list[Node] = []
        while self._peek() not in ("", "|", ")"):
            plain = _PLAIN.match(self.text, self.pos)
            if plain is not None and len(plain.group()) > 1:  # a run of ordinary characters
                run = plain.group()
                if self.text[plain.end() : plain.end() + 1] in _QUANTIFIER_STARTS:
                    run = run[:-1]  # a quantifier takes the last character only
                items.extend(Literal(char) for char in run)
                self.pos += len(run)
                continue
            atom = self._atom()
            if atom is None:
                continue  # a comment or a global flag group
            items.append(self._quantified(atom))
        return Sequence(tuple(items))

    def _quantified(self, atom: Node) -> Node:
        bounds = self._quantifier()
        if bounds is None:
            return atom
        if self._peek() in ("?", "+"):  # lazy or possessive: the same strings can match
            self.pos += 1
        if isinstance(atom, Assertion) or self._peek() in ("*", "+", "?"):
            raise Unsupported("a quantified assertion or a doubled quantifier")
        return Repeat(atom, *bounds)

    def _quantifier(self) -> tuple[int, int | None] | None:
        """(least, most) repetitions of the quantifier at the reading position, if any."""
        char = self._peek()
        if char in _SIMPLE_QUANTIFIERS:
            self.pos += 1
            return _SIMPLE_QUANTIFIERS[char]
        match = _QUANTIFIER.match(self.text, self.pos) if char == "{" else None
        if match is None:
            return None
        self.pos = match.end()
        if match.group(1) is None:  # "{,4}"
            return 0, int(match.group(5))
        if match.group(2) is None:  # "{3}"
            return int(match.group(1)), int(match.group(1))
        return int(match.group(1)), int(match.group(3)) if match.group(3) else None

    def _atom(self) -> Node | None:
        char = self._peek()
        if char == "(":
            return self._group()
        if char == "[":
            return self._class()
        if char == "\\":
            return self._escape(in_class=False)
        if char in ("*", "+", "?", "{"):
            if char == "{" and not _QUANTIFIER.match(self.text, self.pos):
                self.pos += 1
                return Literal("{")
            raise Unsupported(f"nothing to repeat at {self.pos}")
        self.pos += 1
        if char == ".":
            return CharClass(None)
        if char in ("^", "$"):
            return Assertion()
        return Literal(char)

    def _group(self) -> Node | None:
        text, start = self.text, self.pos
        if text.startswith("(?#", start):
            end = text.find(")", start)
            if end < 0:
                raise Unsupported("unclosed comment")
            self.pos = end + 1
            return None
        for opener in ("(?=", "(?!", "(?<=", "(?<!"):
            if text.startswith(opener, start):
                self.pos += len(opener)
                self._alternation()  # read and drop: a lookaround matches no text
                return self._close(Assertion())
        if text.startswith("(?:", start):
            self.pos += 3
        elif match := _GROUP_NAME.match(text, start):
            self.pos = match.end()
        elif match := _INLINE_FLAGS.match(text, start):
            if "x" in match.group(1) or "x" in (match.group(2) or ""):
                raise Unsupported("verbose patterns are read differently")
            self.pos = match.end()
            if match.group(3) == ")":
                return None  # global flags: only the case changes, and literals are lowered
        elif text.startswith("(?", start):
            # back-references, atomic groups, conditionals: not in the rule files
            raise Unsupported(f"group {text[start : start + 4]!r}")
        else:
            self.pos += 1
        return self._close(self._alternation())

    def _close(self, node: Node) -> Node:
        if self._peek() != ")":
            raise Unsupported("unclosed group")
        self.pos += 1
        return node

    def _escape(self, in_class: bool) -> Literal | CharClass | Assertion:
        self.pos += 1
        char = self._peek()
        if not char:
            raise Unsupported("a trailing backslash")
        self.pos += 1
        if char in _CLASS_ESCAPES:
            return CharClass(_CLASS_ESCAPES[char])
        if char in _ZERO_WIDTH_ESCAPES and not in_class:
            return Assertion()
        if char == "b":  # in a class: a backspace
            return Literal("\b")
        if char in _CONTROL_ESCAPES:
            return Literal(_CONTROL_ESCAPES[char])
        if char in _HEX_ESCAPES:
            digits = self.text[self.pos : self.pos + _HEX_ESCAPES[char]]
            if len(digits) != _HEX_ESCAPES[char] or not all(
                d in "0123456789abcdefABCDEF" for d in digits
            ):
                raise Unsupported(f"bad \\{char} escape")
            self.pos += len(digits)
            return Literal(chr(int(digits, 16)))
        if char.isascii() and char.isalnum():
            raise Unsupported(f"escape \\{char}")  # back-references, octal, \N{...}
        return Literal(char)

    def _class(self) -> CharClass:
        self.pos += 1
        if self._peek() == "^":
            self._skip_class()
            return CharClass(None)
        chars: set[str] | None = set()
        first = True
        while True:
            char = self._peek()
            if not char:
                raise Unsupported("unclosed character class")
            if char == "]" and not first:
                self.pos += 1
                break
            first = False
            if char == "[":
                raise Unsupported("a nested set")  # Python warns of future set syntax
            low = self._class_item()
            if (
                self._peek() == "-"
                and self.pos + 1 < len(self.text)
                and self.text[self.pos + 1] != "]"
            ):
                self.pos += 1
                high = self._class_item()
                if not isinstance(low, Literal) or not isinstance(high, Literal):
                    raise Unsupported("a range between classes")
                lo, hi = ord(low.char), ord(high.char)
                if hi < lo:
                    raise Unsupported("a reversed range")
                if chars is not None and hi - lo < MAX_CLASS:
                    chars.update(chr(c) for c in range(lo, hi + 1))
                else:
                    chars = None
            elif isinstance(low, Literal):
                if chars is not None:
                    chars.add(low.char)
            elif low.chars is None:
                chars = None
            elif chars is not None:
                chars.update(low.chars)
        return CharClass(frozenset(chars) if chars is not None else None)

    def _class_item(self) -> Literal | CharClass:
        if self._peek() == "\\":
            item = self._escape(in_class=True)
            if isinstance(item, Assertion):
                raise Unsupported("an assertion in a class")
            return item
        char = self._peek()
        self.pos += 1
        return Literal(char)

    def _skip_class(self) -> None:
        """Past the end of a negated class (its contents do not matter)."""
        self.pos += 1  # the "^"
        if self._peek() == "]":
            self.pos += 1
        while True:
            char = self._peek()
            if not char:
                raise Unsupported("unclosed character class")
            self.pos += 2 if char == "\\" else 1
            if char == "]":
                return


def parse(pattern: str, flags: int = 0) -> Sequence | Branch:
    """The syntax tree of ``pattern``; raises :class:`Unsupported` on anything unknown."""
    if flags & re.VERBOSE:
        raise Unsupported("verbose patterns are read differently")
    return _Reader(pattern).parse()


# --- what a match must start with and contain ------------------------------------------


def _nullable(node: Node) -> bool:
    """Whether ``node`` can match the empty string."""
    if isinstance(node, Literal | CharClass):
        return False
    if isinstance(node, Assertion):
        return True
    if isinstance(node, Repeat):
        return node.low == 0 or _nullable(node.node)
    if isinstance(node, Sequence):
        return all(_nullable(item) for item in node.items)
    return any(_nullable(option) for option in node.options)


def _class_prefixes(node: CharClass) -> set[str]:
    if node.chars is None:
        raise Unsupported("a character class too wide to index")
    prefixes = {c.lower() for c in node.chars}
    if len(prefixes) > MAX_CLASS * 2:
        raise Unsupported("a character class too wide to index")
    return prefixes


def _first(node: Node) -> set[str]:
    """Literal prefixes (lower case) that every non-empty match of ``node`` starts with."""
    if isinstance(node, Literal):
        return {node.char.lower()}
    if isinstance(node, CharClass):
        return _class_prefixes(node)
    if isinstance(node, Repeat):
        return _first(node.node)
    if isinstance(node, Branch):
        out: set[str] = set()
        for option in node.options:
            out |= _first(option)
        return out
    if isinstance(node, Assertion):
        raise Unsupported("an assertion alone")
    items = node.items
    out = set()
    i = 0
    while i < len(items):
        item = items[i]
        if isinstance(item, Literal):  # a run of literals is one longer prefix
            run = []
            while i < len(items) and isinstance(items[i], Literal):
                run.append(items[i].char.lower())  # type: ignore[union-attr]
                i += 1
            out.add("".join(run))
            return out
        if not isinstance(item, Assertion):
            out |= _first(item)
            if not _nullable(item):
                return out
        i += 1
    raise Unsupported("the sequence may match empty")


def _tree(pattern: re.Pattern[str], tree: Node | None) -> Node:
    return tree if tree is not None else parse(pattern.pattern, pattern.flags)


def first_set(pattern: re.Pattern[str], tree: Node | None = None) -> FirstSet:
    """The literal prefixes a match of ``pattern`` must start with, or None if unknown
    (``tree``: the pattern already parsed)."""
    try:
        prefixes = _first(_tree(pattern, tree))
    except (Unsupported, RecursionError):
        return None
    if not prefixes or "" in prefixes:
        return None
    return frozenset(prefixes)


MIN_REQUIRED = 3  # shorter literals are too common to be worth checking


def _required(node: Node) -> list[set[str]]:
    """Sets of literals, one per mandatory part of ``node``: a match contains at least one
    literal of each set."""
    if isinstance(node, Branch):
        union: set[str] = set()
        for option in node.options:
            found = _required(option)
            if not found:
                return []  # an option that needs nothing: the branch needs nothing
            # the most selective requirement of the option: the longest shortest literal
            union |= max(found, key=lambda o: (min(map(len, o)), -len(o)))
        return [union]
    if isinstance(node, Repeat):
        return _required(node.node) if node.low >= 1 else []
    if not isinstance(node, Sequence):
        return []
    out: list[set[str]] = []
    run: list[str] = []
    for item in node.items:
        if isinstance(item, Literal):
            run.append(item.char.lower())
            continue
        if len(run) >= MIN_REQUIRED:
            out.append({"".join(run)})
        run.clear()
        out.extend(_required(item))
    if len(run) >= MIN_REQUIRED:
        out.append({"".join(run)})
    return out


def required_sets(pattern: re.Pattern[str], tree: Node | None = None) -> tuple[frozenset[str], ...]:
    """Literal sets a text must contain (one of each) for ``pattern`` to match in it."""
    try:
        return tuple(frozenset(s) for s in _required(_tree(pattern, tree)))
    except (Unsupported, RecursionError):
        return ()


def analyze(pattern: re.Pattern[str]) -> tuple[FirstSet, tuple[frozenset[str], ...]]:
    """(first set, required sets) of ``pattern``, parsing it once."""
    try:
        tree: Node = parse(pattern.pattern, pattern.flags)
    except (Unsupported, RecursionError):
        return None, ()
    return first_set(pattern, tree), required_sets(pattern, tree)
