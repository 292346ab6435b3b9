"""Sentence splitting for English news text, rule-based and dependency-free.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by
white space and something that can start a sentence, unless the word before the dot is an
abbreviation ("Maj. Gen.", "U.S.", "Jan. 5", "a.m."), an initial ("John F. Kennedy") or
the next word is lower case. A blank line always ends a sentence; a single line break
ends one when the next line starts like a sentence and the line before it does not end
mid-phrase (a comma, a colon...). Spans exclude the surrounding white space (including
non-breaking spaces).
"""

from __future__ import annotations

import functools
import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# abbreviations after which a dot does not end a sentence (lower case, without the dot)
_TITLES = _words(
    """
    mr mrs ms messrs dr prof gen maj lt col sgt capt cmdr cdr adm brig cpl pvt gov sen
    rep rev fr sr jr st mt ft hon pres supt insp det amb atty esq mme mlle sra srta
    """
)
_ABBREVIATIONS = _TITLES | _words(
    """
    inc corp co ltd bros plc llc dept univ assn ave blvd rd no nos vs etc al approx est
    fig vol vols pp ch sec art para jan feb mar apr jun jul aug sep sept oct nov dec mon
    tue tues wed thu thur thurs fri sat sun e.g i.e a.m p.m u.s u.k u.n u.s.a e.u d.c
    n.y l.a calif fla ga ill mass mich minn mo nev ore pa tenn tex va wash wis conn colo
    ariz ala okla ky la md miss neb kan del
    """
)
# after these, a capitalized word still starts a new sentence ("... in the U.S. The ...")
_SENTENCE_STARTERS = _words(
    """
    the a an he she it they we i you this that these those there but and or so yet if
    when while after before in on at for as his her its their our my mr mrs ms dr
    meanwhile however still also then now today yesterday earlier later some many most
    officials
    """
)
# a line ending with one of these words goes on on the next line
_CONTINUERS = _words(
    """
    a an the of in on at to for from by with and or but that which who whose as than
    since until into over under between about after before during his her its their our
    is are was were be been has have had will would said says
    """
)
_MONTHS = _words(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)

_END = re.compile(r"[.!?]+[\"'”’»)\]]*")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")
_LINE_BREAK = re.compile(r"\n")


_TOKEN = re.compile(r"\s*(\S+)")
_OPENERS = "\"'“‘«(["


def _next_token(text: str, pos: int) -> str:
    match = _TOKEN.match(text, pos)
    return match.group(1) if match else ""


def _is_boundary(text: str, dot_start: int, end: int) -> bool:
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
    if token in _TITLES:
        return False
    opener = following.lower().strip(_OPENERS + ",")
    if token in _MONTHS:  # "Jan. 5" continues; "in Jan. The ..." ends
        return not first.isdigit() and opener in _SENTENCE_STARTERS
    if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):
        # "U.S." mid-sentence unless a typical sentence opener follows
        return opener in _SENTENCE_STARTERS
    return True


def _line_break_ends(text: str, pos: int) -> bool:
    """A single newline at ``pos``: a break between lines that read as separate sentences."""
    before = text[:pos].rstrip()
    if not before:
        return False
    if before[-1] in ",;:-–(":
        return False
    last_word = before.rsplit(None, 1)[-1]
    if last_word in _CONTINUERS:
        return False  # "... which began in\nMay, ...": a wrapped line
    following = _next_token(text, pos + 1)
    first = following.lstrip(_OPENERS)[:1]
    return bool(first) and not first.islower()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of ``text``, in order, without outer white space."""
    # the tagger and the event builder both split the same text: do it once
    return list(_split_cached(text))


@functools.lru_cache(maxsize=4)
def _split_cached(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_split(text))


def _split(text: str) -> list[tuple[int, int]]:
    cuts: set[int] = set()
    for match in _END.finditer(text):
        if _is_boundary(text, match.start(), match.end()):
            cuts.add(match.end())
    for match in _PARAGRAPH.finditer(text):
        cuts.add(match.start())
    for match in _LINE_BREAK.finditer(text):
        if _line_break_ends(text, match.start()):
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
