"""Sentence splitting for news text, rule-based and dependency-free.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by
white space and something that can start a sentence, unless the word before the dot is an
abbreviation ("Maj. Gen.", "U.S.", "Jan. 5", "a.m."), an initial ("John F. Kennedy") or
the next word is lower case. A blank line always ends a sentence; a single line break
ends one when the next line starts like a sentence and the line before it does not end
mid-phrase (a comma, a colon...). Spans exclude the surrounding white space (including
non-breaking spaces). The words (abbreviations, sentence starters...) are the language's
``sentences.toml``; English unless given.
"""

from __future__ import annotations

import functools
import re

from timeline.tagger.lexicons import SentenceWords, sentence_words_for

_END = re.compile(r"[.!?]+[\"'”’»)\]]*")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")
_LINE_BREAK = re.compile(r"\n")


_TOKEN = re.compile(r"\s*(\S+)")
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")  # "u.s" (the final dot is not in the token)
_OPENERS = "\"'“‘«(["


def _next_token(text: str, pos: int) -> str:
    match = _TOKEN.match(text, pos)
    return match.group(1) if match else ""


def _is_boundary(text: str, dot_start: int, end: int, words: SentenceWords) -> bool:
    """Whether the punctuation run text[dot_start:end] ends a sentence."""
    if end < len(text) and not text[end].isspace():
        return False  # "3.5", "U.S.-led", "e.g.,"
    following = _next_token(text, end)
    if not following:
        return True
    first = following.lstrip(_OPENERS)[:1]
    if first.islower():
        return False  # "e.g. the", "Gen. abc": a lower-case word continues
    if "".join(c for c in text[dot_start:end] if c in ".!?") != ".":
        return True  # "!", "?", "...", "?!"
    start = dot_start
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = text[start:dot_start].lstrip(_OPENERS).lower()
    if not token:
        return True
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "John F. Kennedy"
    if token in words.titles:
        return False
    opener = following.lower().strip(_OPENERS + ",")
    if token in words.month_abbreviations:  # "Jan. 5" continues; "in Jan. The ..." ends
        return not first.isdigit() and opener in words.sentence_starters
    if token in words.abbreviations or _INITIALISM.fullmatch(token):
        # "U.S." mid-sentence unless a typical sentence opener follows
        return opener in words.sentence_starters
    return True


def _line_break_ends(text: str, pos: int, words: SentenceWords) -> bool:
    """A single newline at ``pos``: a break between lines that read as separate sentences."""
    before = text[:pos].rstrip()
    if not before:
        return False
    if before[-1] in ",;:-–(":
        return False
    last_word = before.rsplit(None, 1)[-1]
    if last_word in words.continuers:
        return False  # "... which began in\nMay, ...": a wrapped line
    following = _next_token(text, pos + 1)
    first = following.lstrip(_OPENERS)[:1]
    return bool(first) and not first.islower()


def split_sentences(text: str, words: SentenceWords | None = None) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of ``text``, in order, without outer white space.

    ``words``: the language's sentence words (``Resources.sentences``); English if None."""
    # the tagger and the event builder both split the same text: do it once
    return list(_split_cached(text, words if words is not None else sentence_words_for()))


@functools.lru_cache(maxsize=4)
def _split_cached(text: str, words: SentenceWords) -> tuple[tuple[int, int], ...]:
    return tuple(_split(text, words))


def _split(text: str, words: SentenceWords) -> list[tuple[int, int]]:
    cuts: set[int] = set()
    for match in _END.finditer(text):
        if _is_boundary(text, match.start(), match.end(), words):
            cuts.add(match.end())
    for match in _PARAGRAPH.finditer(text):
        cuts.add(match.start())
    for match in _LINE_BREAK.finditer(text):
        if _line_break_ends(text, match.start(), words):
            cuts.add(match.start())
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        if cut <= start:
            continue
        span = _trim(text, start, cut)
        if span:
            spans.append(span)
        start = cut
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
