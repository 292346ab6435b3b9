"""Cleaning decoded text: line ends, spaces, one-line fields, language tags.

Stored text has CRLF/CR turned into LF, non-breaking and other Unicode spaces turned into
plain spaces, trailing spaces dropped and runs of blank lines squeezed to one; everything
else (curly quotes, dashes) is kept. NUL (which PostgreSQL refuses in text), a byte-order
mark in mid-text (files joined end to end) and the ^Z that ended DOS files are dropped; a
lone surrogate from a broken JSON escape becomes U+FFFD (no database takes one).
"""

from __future__ import annotations

import re

# Unicode space separators other than U+0020 (and the line/paragraph separators) become
# plain spaces; NUL (which PostgreSQL refuses in text), a byte-order mark in mid-text
# (files joined end to end) and ^Z (the end of a DOS file) are dropped.
SPACE_MAP: dict[int, str | None] = {
    cp: " " for cp in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
} | {0x2028: "\n", 0x2029: "\n\n", 0x00: None, 0xFEFF: None, 0x1A: None}
# the same characters, to find: translate() is slow on megabytes, and most text has none
_SPACE_MAP_KEYS = re.compile("[" + "".join(map(chr, SPACE_MAP)) + "]")
# a lone surrogate (a broken JSON escape such as "\ud83d") cannot be encoded to UTF-8
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalize_text(text: str) -> str:
    """LF line ends, plain spaces; no trailing spaces, single blank lines, no outer blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SPACE_MAP_KEYS.search(text):
        text = text.translate(SPACE_MAP)
    text = _SURROGATE.sub("\ufffd", _TRAILING_SPACE.sub("", text))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def squash(text: str) -> str:
    return " ".join(_SURROGATE.sub("\ufffd", text.translate(SPACE_MAP)).split())


def clean_value(value: str | None) -> str | None:
    """A one-line field (title, source…): spaces squeezed; empty means absent."""
    if value is None:
        return None
    return squash(value) or None


def language_tag(value: str | None) -> str | None:
    """Primary subtag, lower case: "en-US" → "en"."""
    if not value:
        return None
    return re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower() or None


def os_message(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)
