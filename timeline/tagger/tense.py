"""Tense of the clause around an expression, without a POS tagger.

News mode resolves "Sunday" or "in January" to the past or the coming occurrence by the
tense of the sentence, as HeidelTime does with TreeTagger's tags. Here the markers come
from ``tense.toml`` (auxiliaries, irregular past forms, -ed words, "will", "plans to"...)
and the marker nearest to the expression, inside its sentence, decides.
"""

from __future__ import annotations

import re
from enum import Enum

from timeline.tagger.resources import TenseLexicon


# lower-case words only: a capitalized -ed word is usually a name ("United", "Ted")
_WORD = re.compile(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])")


class Tense(Enum):
    PAST = "PAST"
    PRESENT = "PRESENT"
    FUTURE = "FUTURE"


def _markers(lexicon: TenseLexicon, text: str, start: int, end: int) -> list[tuple[int, Tense]]:
    found: list[tuple[int, Tense]] = []
    for match in lexicon.markers.finditer(text, start, end):
        group = match.lastgroup
        if group is not None:
            found.append((match.start(), Tense[group]))
    return found


def _suffix_markers(
    lexicon: TenseLexicon, words: list[tuple[int, str]]
) -> list[tuple[int, Tense]]:
    if lexicon.past_suffix is None:
        return []
    return [
        (pos, Tense.PAST)
        for pos, word in words
        if lexicon.past_suffix.match(word) and word not in lexicon.suffix_exceptions
    ]


_GROUP_GAP = re.compile(r"^(?:\s+(?:be|been|being|not|also|still|now|likely|probably|n't))*\s+$")


def _verb_groups(markers: list[tuple[int, Tense]], text: str) -> list[tuple[int, Tense]]:
    """A past participle after an auxiliary belongs to the auxiliary's verb group: "will be
    held" is future, "is expected" present; only the auxiliary's marker is kept."""
    kept: list[tuple[int, Tense]] = []
    for pos, tense in markers:
        if tense is Tense.PAST and kept and kept[-1][1] is not Tense.PAST:
            prev = kept[-1][0]
            gap_start = prev + len(_FIRST_WORD.match(text, prev).group())  # type: ignore[union-attr]
            if _GROUP_GAP.match(text[gap_start:pos]):
                continue
        kept.append((pos, tense))
    return kept


_FIRST_WORD = re.compile(r"[\w']*")


class SentenceTenses:
    """Tense lookups for one text, computing each sentence's markers once."""

    def __init__(self, lexicon: TenseLexicon, text: str, sentences: list[tuple[int, int]]):
        self.lexicon = lexicon
        self.text = text
        self.sentences = sentences
        self._cache: dict[int, list[tuple[int, Tense]]] = {}

    def _sentence_index(self, pos: int) -> int | None:
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid][1] <= pos:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo][0] <= pos:
            return lo
        return None

    def _sentence_markers(self, index: int) -> list[tuple[int, Tense]]:
        if index not in self._cache:
            start, end = self.sentences[index]
            markers = _markers(self.lexicon, self.text, start, end)
            words = [
                (m.start(), m.group())
                for m in _WORD.finditer(self.text, start, end)
                if m.group().endswith("ed")
            ]
            markers += _suffix_markers(self.lexicon, words)
            markers.sort(key=lambda marker: marker[0])
            self._cache[index] = _verb_groups(markers, self.text)
        return self._cache[index]

    def tense_at(self, start: int, end: int) -> Tense | None:
        """The tense governing the expression at [start, end): nearest marker outside it."""
        index = self._sentence_index(start)
        if index is None:
            return None
        best: tuple[int, int, Tense] | None = None
        for pos, tense in self._sentence_markers(index):
            if start <= pos < end:
                continue  # the expression's own words ("last", "next") do not count
            # a marker before the expression wins a tie: "said ... on Friday"
            distance = start - pos if pos < start else pos - end + 1
            key = (distance, 0 if pos < start else 1, tense)
            if best is None or key[:2] < best[:2]:
                best = key
        return best[2] if best else None

