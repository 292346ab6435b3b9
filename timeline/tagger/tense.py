"""Tense of the clause around an expression, without a POS tagger.

News mode resolves "Sunday" or "in January" to the past or the coming occurrence by the
tense of the sentence, as HeidelTime does with TreeTagger's tags. Here the markers come
from ``tense.toml``: words and phrases of three strengths (strong: auxiliaries, irregular
past forms, "will"; weak: "plan to", "until", "expected"; reporting: "said") plus lower-case
-ed words (strong past, not after a determiner). The words right around the expression
decide first when they can ("Wednesday's ruling", "by August", "since March"); then the
nearest strong or weak marker in the expression's clause; failing that, the strongest marker
of the sentence, the nearest among equals.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple

from timeline.tagger.lexicons import TenseLexicon


class Tense(Enum):
    PAST = "PAST"
    PRESENT = "PRESENT"
    FUTURE = "FUTURE"


class Marker(NamedTuple):
    pos: int
    end: int
    tense: Tense
    strength: int  # 2 strong, 1 weak, 0 reporting verb


# lower-case words only: a capitalized -ed word is usually a name ("United", "Ted")
_WORD = re.compile(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])")


def _markers(lexicon: TenseLexicon, text: str, start: int, end: int) -> list[Marker]:
    found: list[Marker] = []
    for match in lexicon.markers.finditer(text, start, end):
        group = match.lastgroup
        if group is not None:
            tense, strength = group.rsplit("_", 1)
            found.append(Marker(match.start(), match.end(), Tense[tense], int(strength)))
    if lexicon.past_suffix is not None:
        taken = {m.pos for m in found}
        for match in _WORD.finditer(text, start, end):
            word = match.group()
            if (
                match.start() not in taken
                and word.endswith(lexicon.past_ending)
                and lexicon.past_suffix.match(word)
                and word not in lexicon.suffix_exceptions
                and not _after_determiner(lexicon, text, match.start())
            ):
                found.append(Marker(match.start(), match.end(), Tense.PAST, 2))
    found.sort()
    return _verb_groups(found, text, lexicon.group_gap, lexicon.pluperfect)


_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\s+\Z")


def _after_determiner(lexicon: TenseLexicon, text: str, pos: int) -> bool:
    """An -ed word after "a", "the", "its" ... is an adjective: "a still unspecified date"."""
    if not lexicon.adjective_after:
        return False
    previous = _PREVIOUS_WORD.search(text, max(0, pos - 30), pos)
    return previous is not None and previous.group(1).lower() in lexicon.adjective_after


def _verb_groups(
    markers: list[Marker],
    text: str,
    gap: re.Pattern[str],
    pluperfect: re.Pattern[str] | None = None,
) -> list[Marker]:
    """A past participle after an auxiliary belongs to the auxiliary's verb group: "will be
    held" is future, "is expected" present; only the auxiliary's marker is kept. A plan
    after a past auxiliary looks ahead ("were planning to", "did not plan to"), unless the
    auxiliary is a pluperfect one ("had been scheduled to expire Friday": it did) or a past
    adverb ("as previously planned")."""
    kept: list[Marker] = []
    for marker in markers:
        grouped = bool(kept) and gap.fullmatch(text, kept[-1].end, marker.pos) is not None
        if grouped and marker.tense is Tense.PAST and kept[-1].tense is not Tense.PAST:
            continue
        if (
            grouped
            and marker.tense is Tense.FUTURE
            and marker.strength == 1
            and kept[-1].tense is Tense.PAST
        ):
            auxiliary = text[kept[-1].pos : kept[-1].end]
            if pluperfect is not None and pluperfect.fullmatch(auxiliary):
                continue
            if kept[-1].strength == 1:  # an adverb: "as previously planned" is a past plan
                continue
            kept[-1] = marker
            continue
        kept.append(marker)
    return kept


class SentenceTenses:
    """Tense lookups for one text, computing each sentence's markers once."""

    def __init__(self, lexicon: TenseLexicon, text: str, sentences: list[tuple[int, int]]):
        self.lexicon = lexicon
        self.text = text
        self.sentences = sentences
        self._cache: dict[int, list[Marker]] = {}

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

    def _sentence_markers(self, index: int) -> list[Marker]:
        if index not in self._cache:
            start, end = self.sentences[index]
            self._cache[index] = _markers(self.lexicon, self.text, start, end)
        return self._cache[index]

    def _clause(self, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
        lo, hi = sentence
        for match in self.lexicon.clause_break.finditer(self.text, lo, start):
            lo = match.end()
        after = self.lexicon.clause_break.search(self.text, end, hi)
        return lo, after.start() if after else hi

    def _context_tense(
        self, index: int, start: int, end: int, markers: list[Marker]
    ) -> Tense | None:
        """The direction the words right around the expression give, whatever the verb
        (``[context]`` in tense.toml); None when they say nothing."""
        lexicon, text = self.lexicon, self.text
        before = text[max(self.sentences[index][0], start - 40) : start]
        if lexicon.possessive is not None and lexicon.possessive.match(text, end):
            # "Wednesday's ruling" names a day already known; "ahead of Sunday's vote" not yet
            ahead = lexicon.possessive_ahead
            return Tense.FUTURE if ahead is not None and ahead.search(before) else Tense.PAST
        if lexicon.past_before is not None and lexicon.past_before.search(before):
            return Tense.PAST  # "since March"
        if lexicon.future_before is not None and lexicon.future_before.search(before):
            # "by August" is a deadline ahead, unless it was one in the past: a pluperfect
            # before it ("had filed by Monday"), or, opening the sentence, a past main verb
            # ("By Monday she had a fever")
            plu = lexicon.pluperfect
            sentence = self.sentences[index]
            lo, hi = self._clause(start, end, sentence)
            fronted = not text[sentence[0] : start].strip().lower().removesuffix("by").strip()
            past = any(
                (lo <= m.pos < start and plu is not None and plu.fullmatch(text, m.pos, m.end))
                for m in markers
            ) or (fronted and self._main_verb(markers, end) is Tense.PAST)
            if not past:
                return Tense.FUTURE
        return None

    @staticmethod
    def _main_verb(markers: list[Marker], end: int) -> Tense | None:
        """The tense of the first strong marker after a fronted expression."""
        following = [m for m in markers if m.pos >= end and m.strength == 2]
        return following[0].tense if following else None

    def _attributive(self, index: int, start: int, end: int) -> bool:
        """Whether the expression names an event by its date ("the June talks", "its March 3
        meeting"): a determiner before it, a noun after it, nothing looking forward."""
        lexicon, text = self.lexicon, self.text
        if lexicon.attributive_before is None or lexicon.attributive_after is None:
            return False
        if not lexicon.attributive_after.match(text, end):
            return False
        before = text[max(self.sentences[index][0], start - 40) : start]
        found = lexicon.attributive_before.search(before)
        if found is None:
            return False
        ahead = lexicon.possessive_ahead  # "ahead of the June talks" looks forward
        return ahead is None or ahead.search(before, 0, found.start()) is None

    def tense_at(self, start: int, end: int) -> Tense | None:
        """The tense governing the expression at [start, end). A date naming an event (see
        :meth:`_attributive`) is not pushed ahead by a future verb: "will build on the June
        talks", written in August, are this year's (PRESENT: the nearest such date); nor
        back by a past verb of another clause ("the June talks could lead to more
        polarisation, said an analyst", written in April, are this year's)."""
        tense = self._tense_at(start, end)
        if tense is Tense.FUTURE or tense is Tense.PAST:
            index = self._sentence_index(start)
            if index is None or not self._attributive(index, start, end):
                return tense
            if tense is Tense.FUTURE or self._past_by_reporting_only(index, start, end):
                return Tense.PRESENT
        return tense

    def _past_by_reporting_only(self, index: int, start: int, end: int) -> bool:
        """Whether the sentence is past only by a reporting verb ("…, said an analyst"): no
        other past marker, and none at all in the expression's own clause."""
        lo, hi = self._clause(start, end, self.sentences[index])
        for m in self._sentence_markers(index):
            if start <= m.pos < end:
                continue
            if lo <= m.pos < hi or (m.strength > 0 and m.tense is Tense.PAST):
                return False
        return True

    def _tense_at(self, start: int, end: int) -> Tense | None:
        index = self._sentence_index(start)
        if index is None:
            return None
        markers = [m for m in self._sentence_markers(index) if not start <= m.pos < end]
        settled = self._context_tense(index, start, end, markers)
        if settled is not None:
            return settled
        if not markers:
            return None

        def distance(m: Marker) -> tuple[int, int]:
            # a marker before the expression wins a tie: "said ... on Friday"
            return (start - m.end, 0) if m.pos < start else (m.pos - end, 1)

        # a verb right before the expression is what it dates: "said Friday", "met on May 5"
        for m in markers:
            if m.pos < start and self.lexicon.adjacent.fullmatch(self.text, m.end, start):
                return m.tense
        sentence = self.sentences[index]
        lo, hi = self._clause(start, end, sentence)
        clause = [m for m in markers if lo <= m.pos < hi]
        local = [m for m in clause if m.strength > 0]
        if local:
            return min(local, key=distance).tense
        if clause:  # only a reporting verb in the clause: "in a speech on Wednesday, he said"
            return min(clause, key=distance).tense
        if not self.text[sentence[0] : lo].strip() and hi < sentence[1]:
            # a fronted adverbial ("On Monday, they told us ..."): the main verb after it
            following = [m for m in markers if m.pos >= hi]
            if following:
                return following[0].tense
        # elsewhere in the sentence: the nearest marker, a reporting verb only as a last resort
        best = min(markers, key=lambda m: (m.strength == 0, distance(m)))
        return best.tense
