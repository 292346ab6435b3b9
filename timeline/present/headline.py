"""An event's headline: the few words of its sentence that say what happened, for a label.

A label sits next to a mark whose place already says *when*, so the date expression is taken
out of the sentence, with the preposition before it ("on Tuesday", "in late 2018"). What is
left is cut to the clause that held the date: "…, a policy Tehran has been intensifying
after Soleimani was killed in a US drone strike in January" says what happened that month
next to the date, not at the sentence's start. Articles ("the", "a") go, as in a newspaper
headline, and a trailing attribution (", an Iraqi official said"). Pure text work: no Plotly,
no database.
"""

from __future__ import annotations

import re

from timeline.present.text import plain_text, trim_text
from timeline.present.words import present_words

HEADLINE_CHARS = 48  # about 290 px at the chart's 11 px: four labels across a laptop screen
# the words a label drops: resources/en/present.toml [headline]
_WORDS = present_words().headline


def _either(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in words)


_PREPOSITIONS = _either(_WORDS.prepositions)
_LEAD = re.compile(rf"^(?:{_either(_WORDS.openers)})\b,?\s+", re.I)
_ATTRIBUTION = re.compile(
    rf",\s+(?:[^,]{{0,48}}?\s)?(?:{'|'.join(_WORDS.attribution)})\s*[.!]?$",
    re.I,
)
_SMALL = re.compile(
    rf"(?:{_PREPOSITIONS}|{_either(_WORDS.articles)}|{_either(_WORDS.small)})", re.I
)
_PREPOSITION_END = re.compile(rf"\b(?:{_PREPOSITIONS})\s+$", re.I)
_ARTICLE_END = re.compile(rf"\b(?:{_either(_WORDS.articles)})\s+$", re.I)
_SPACE_PUNCT = re.compile(r"\s+([,.;:!?])")
_ARTICLES = re.compile(rf"\b(?:{_either(_WORDS.articles)})\s+", re.I)
_CLAUSE_BREAK = re.compile(r"\s*(?:[;:()\[\]]|\s[-–—]{1,2}\s|,\s)\s*")


def _find(sentence: str, expression: str) -> int:
    """Where ``expression`` is in ``sentence``, case aside (-1: nowhere). A plain search: a
    pattern per expression would be compiled afresh for most events."""
    folded = sentence.lower()
    if len(folded) == len(sentence):  # lower() kept the offsets (it does but for rare letters)
        return folded.find(expression.lower())
    found = re.search(re.escape(expression), sentence, re.I)
    return found.start() if found else -1


def _without_expression(sentence: str, expression: str) -> tuple[str, int]:
    """The sentence without the date expression (and a preposition before it), and where it
    was (a character offset in the result; -1 when the expression is not in the sentence)."""
    start = _find(sentence, expression) if expression else -1
    if start < 0:
        return sentence, -1
    end = start + len(expression)
    if sentence[end : end + 2] in ("'s", "’s"):
        end += 2
    before = sentence[:start]
    # "on Tuesday" goes whole; in "after the 2003 invasion" the date is an adjective: only
    # the date goes (the article later too)
    if not _ARTICLE_END.search(before):
        before = _PREPOSITION_END.sub("", before)
    before, after = before.rstrip(), sentence[end:].lstrip()
    joined = f"{before} {after}".strip() if before and after else before or after
    return _SPACE_PUNCT.sub(r"\1", joined), len(before)


def _clause_at(text: str, at: int) -> tuple[str, int]:
    """The clause of ``text`` around offset ``at`` (clauses end at , ; : dashes and
    brackets), and ``at`` within it; a clause of under four words takes in the next."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    index = next((i for i, (a, b) in enumerate(spans) if a <= at <= b), len(spans) - 1)
    a, b = spans[index]
    while len(text[a:b].split()) < 4 and index + 1 < len(spans):
        index += 1
        b = spans[index][1]
    return text[a:b], max(0, at - a)


def headline(sentence: str | None, expression: str | None = None) -> str:
    """A label of at most :data:`HEADLINE_CHARS` for the event ``sentence`` dated by
    ``expression``: "Washington on Sunday granted Iraq a 30-day extension…" reads
    "Washington granted Iraq 30-day extension to waiver…"."""
    text = plain_text(sentence)
    if not text:
        return trim_text(plain_text(expression), HEADLINE_CHARS)
    text = _ATTRIBUTION.sub("", text).rstrip(" .")
    text, at = _without_expression(text, plain_text(expression))
    if at >= 0:
        clause, at = _clause_at(text, at)
        if len(clause.split()) >= 3:
            text = clause
    text = _LEAD.sub("", text.strip(" ,;:-–—"))
    # the words leading up to a date at the end of a long clause say what happened then
    words = text.split()
    if at >= 0 and len(text) > HEADLINE_CHARS and at > len(text) * 0.6:
        kept: list[str] = []
        for word in reversed(text[:at].split()):
            if len(" ".join([word, *kept])) > HEADLINE_CHARS - 1:
                break
            kept.insert(0, word)
        while kept and _SMALL.fullmatch(kept[-1]):
            kept.pop()  # "…killed in a" [January drone strike]: the window ends on a word
        if len(kept) >= 3:
            words = ["…" + kept[0], *kept[1:]]
    text = _ARTICLES.sub("", " ".join(words)).strip(" ,;:")
    if not text:
        return trim_text(plain_text(expression) or plain_text(sentence), HEADLINE_CHARS)
    return trim_text(text[0].upper() + text[1:], HEADLINE_CHARS)
