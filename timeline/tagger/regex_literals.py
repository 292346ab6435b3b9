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
    # only whitespace and hyphens (\s, [\s\-]): what may stand between two words
    separator: bool = False


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
            return CharClass(_CLASS_ESCAPES[char], separator=char == "s")
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
        separator = True
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
                separator = False
            elif isinstance(low, Literal):
                if chars is not None:
                    chars.add(low.char)
                separator = separator and (low.char == "-" or low.char.isspace())
            else:
                if low.chars is None:
                    chars = None
                elif chars is not None:
                    chars.update(low.chars)
                separator = separator and low.separator
        return CharClass(frozenset(chars) if chars is not None else None, separator)

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


Head = tuple[str, bool, tuple[Node, ...]]
SEPARATOR = " "  # the head of a separator class (whitespace or hyphens), when asked for


def _heads(items: tuple[Node, ...], separators: bool = False) -> list[Head]:
    """How a match of ``items`` (in sequence) can start: (first character in lower case,
    whether it is a literal, the nodes that follow it), one per way. With ``separators``,
    a separator class gives the head :data:`SEPARATOR` instead of being too wide."""
    if not items:
        raise Unsupported("may match empty")
    node, rest = items[0], items[1:]
    if isinstance(node, Literal):
        return [(node.char.lower(), True, rest)]
    if isinstance(node, CharClass):
        if separators and node.separator:
            return [(SEPARATOR, False, rest)]
        return [(char, False, rest) for char in _class_prefixes(node)]
    if isinstance(node, Assertion):
        return _heads(rest, separators)
    if isinstance(node, Sequence):
        return _heads(node.items + rest, separators)
    if isinstance(node, Branch):
        return [h for option in node.options for h in _heads(option.items + rest, separators)]
    # a repeat: one more of its node, then the rest of the repeat; or, if it may be
    # absent, what follows it
    if _nullable(node.node):
        raise Unsupported("a repeat of what may match empty")
    heads: list[Head] = []
    if node.high is None or node.high > 0:
        more = Repeat(node.node, max(node.low - 1, 0), None if node.high is None else node.high - 1)
        heads = _heads((node.node, more, *rest), separators)
    if node.low == 0:
        heads += _heads(rest, separators)
    return heads


def _literal_runs(
    run: str, rest: tuple[Node, ...], optional: bool
) -> list[tuple[str, tuple[Node, ...]]]:
    """A literal start grown by the literals that must follow it: (run, the nodes after
    it); with ``optional``, one per way an optional letter goes ("an?": "an" and "a"),
    and a word stops before a character that is not a word character."""
    while rest:
        node = rest[0]
        if isinstance(node, Sequence):
            rest = node.items + rest[1:]
        elif isinstance(node, Literal):
            if optional and _WORD.fullmatch(run) and not _WORD_CHAR.match(node.char):
                break  # a word ends: what follows it is read as what follows a token
            run += node.char.lower()
            rest = rest[1:]
        elif optional and isinstance(node, Repeat) and isinstance(node.node, Literal):
            if node.high != 1:
                break
            ways = _literal_runs(run + node.node.char.lower(), rest[1:], optional)
            return ways if node.low == 1 else ways + _literal_runs(run, rest[1:], optional)
        else:
            break
    return [(run, rest)]


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
# the first token of a prefix when it is a run of ASCII digits ("N days"): upper case,
# which the lower-cased literals of a prefix never are
NUMBER = "N"


def _only(node: Node, chars: frozenset[str]) -> bool:
    """Whether ``node`` matches (possibly nothing but) characters of ``chars`` only."""
    if isinstance(node, Repeat):
        return _only(node.node, chars)
    if isinstance(node, Literal):
        return node.char in chars
    return isinstance(node, CharClass) and node.chars is not None and node.chars <= chars


def _is_separator(node: Node) -> bool:
    """Whether ``node`` matches only whitespace and hyphens (possibly nothing)."""
    if isinstance(node, Repeat):
        return _is_separator(node.node)
    if isinstance(node, Literal):
        return node.char == "-" or node.char.isspace()
    return isinstance(node, CharClass) and node.separator


def _after_token(token: str, rest: tuple[Node, ...]) -> set[str]:
    """Prefixes of the matches whose first token is ``token`` (a word, or :data:`NUMBER`)
    and ends where ``rest`` starts: the token, then separators written " " and the next
    token's prefix ("the first"), or a character that is no word character ("a$").
    Raises :class:`Unsupported` where a word character may follow (the token goes on)."""
    out: set[str] = set()
    for char, _, after in _heads(rest, separators=True):
        if char == SEPARATOR or char == "-" or char.isspace():
            while after and _is_separator(after[0]):
                after = after[1:]
            out.update(f"{token} {prefix}" for prefix in _first(after))
        elif _WORD_CHAR.match(char):
            raise Unsupported("the token may go on")
        else:
            out.add(token + char)
    return out


def _after_number(rest: tuple[Node, ...]) -> set[str] | None:
    """Prefixes of the matches that start with a number whose digits so far are followed
    by ``rest`` ("N days"), or None if its token may go on ("1990s") or it is unknown."""
    while rest and _only(rest[0], _DIGITS):  # the rest of its digits
        rest = rest[1:]
    try:
        return _after_token(NUMBER, rest)
    except (Unsupported, RecursionError):
        return None


def _after_word(run: str, rest: tuple[Node, ...]) -> set[str]:
    """Prefixes of the matches that start with the literal ``run``, then ``rest``."""
    if not _WORD.fullmatch(run):
        return {run}  # "no." or "$": what follows the first token is already known
    if run.isdigit():
        return _after_number(rest) or {run}
    try:
        return _after_token(run, rest)
    except (Unsupported, RecursionError):
        pass
    try:  # the token goes on: "h" then [12] gives "h1", "h2"
        return {run + prefix for prefix in _first(rest)}
    except (Unsupported, RecursionError):
        return {run}


def _first(items: tuple[Node, ...], next_token: bool = False) -> set[str]:
    """Literal prefixes (lower case) that every non-empty match of ``items`` starts with.

    With ``next_token``, when the first token is a whole word or number, the prefix goes
    on to the next token: "the first" (whitespace or hyphens between, written " "), "a$",
    "N days" (:data:`NUMBER`: any run of digits); the scan then tries the rule only where
    such a token follows (:func:`timeline.tagger.scan.index_keys`).
    """
    out: set[str] = set()
    numbers: dict[int, set[str] | None] = {}  # the ten heads of [0-9] share their rest
    for char, literal, rest in _heads(items):
        if literal:
            for run, after in _literal_runs(char, rest, optional=next_token):
                out |= _after_word(run, after) if next_token else {run}
        elif next_token and char in _DIGITS:
            if id(rest) not in numbers:
                numbers[id(rest)] = _after_number(rest)
            out |= numbers[id(rest)] or {char}
        else:
            out.add(char)  # a class: its character alone
    return out


def _tree(pattern: re.Pattern[str], tree: Node | None) -> Node:
    return tree if tree is not None else parse(pattern.pattern, pattern.flags)


def first_set(
    pattern: re.Pattern[str], tree: Node | None = None, next_token: bool = False
) -> FirstSet:
    """The literal prefixes a match of ``pattern`` must start with, or None if unknown
    (``tree``: the pattern already parsed; ``next_token``: see :func:`_first`)."""
    try:
        prefixes = _first((_tree(pattern, tree),), next_token)
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
    return first_set(pattern, tree, next_token=True), required_sets(pattern, tree)
