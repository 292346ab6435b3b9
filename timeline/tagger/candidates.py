"""Phase 1: the expressions the rules find in a text, their values still underspecified.

Every rule's regex runs over the text (only where it can start: :mod:`timeline.tagger.scan`);
matches whose context filters pass and whose templates convert become candidates, and
non-overlapping ones are chosen: longest first, then higher priority, then earlier rule.
Negative rules (false friends) take part in that choice and emit nothing. Neighbouring
expressions that the range links join ("from X to Y") are paired.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from timeline.tagger.converters import ConversionError, Tables
from timeline.tagger.lexicons import SentenceWords
from timeline.tagger.resources import Resources, Rule
from timeline.tagger.scan import TokenIndex, matches
from timeline.tagger.sentences import split_sentences
from timeline.tagger.templates import Template


@dataclass(frozen=True, slots=True)
class Piece:
    """One expression found by phase 1, its value still underspecified."""

    start: int
    end: int
    rule: Rule
    type: str
    value: str
    mod: str | None
    quant: str | None = None
    freq: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    pieces: tuple[Piece, ...]  # empty for a negative rule


def _render_mod(
    template: Template | None, groups: Mapping[str, str | None], tables: Tables
) -> str | None:
    """An optional template's text; an empty result (a mod that does not apply) is None."""
    if template is None:
        return None
    return template.render(groups, tables) or None


class _Sentences:
    """The sentence around a position, splitting the text only if a rule asks."""

    def __init__(self, text: str, words: SentenceWords):
        self.text = text
        self.words = words
        self._spans: list[tuple[int, int]] | None = None
        self._document: dict[re.Pattern[str], bool] = {}

    # Not called yet: the rules' `document` filter is loaded but not applied (applying it
    # would change outputs, though none of the corpora's); see timeline/resources/README.md
    def document_has(self, pattern: re.Pattern[str]) -> bool:
        if pattern not in self._document:
            self._document[pattern] = pattern.search(self.text) is not None
        return self._document[pattern]

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = split_sentences(self.text, self.words)
        return self._spans

    def around(self, pos: int) -> tuple[int, int]:
        spans = self.spans
        i = bisect.bisect_right(spans, (pos, len(self.text) + 1)) - 1
        if i >= 0 and spans[i][0] <= pos < spans[i][1]:
            return spans[i]
        return pos, pos


def _candidate(
    rule: Rule, match: re.Match[str], text: str, res: Resources, sentences: _Sentences
) -> Candidate | None:
    start, end = match.span()
    if start == end or not rule.context_ok(text, start, end):
        return None
    if (rule.sentence or rule.not_sentence) and not rule.sentence_ok(text, sentences.around(start)):
        return None
    if rule.negative:
        return Candidate(start, end, rule, ())
    groups = match.groupdict()
    tables = res.tables
    try:
        if rule.parts:
            pieces = []
            for part in rule.parts:
                ps, pe = match.span(part.group)
                if ps < 0 or ps == pe:
                    return None
                pieces.append(
                    Piece(
                        ps,
                        pe,
                        rule,
                        part.type,
                        part.value.render(groups, tables),
                        _render_mod(part.mod, groups, tables),
                    )
                )
            return Candidate(start, end, rule, tuple(pieces))
        assert rule.value is not None
        piece = Piece(
            start,
            end,
            rule,
            rule.type,
            rule.value.render(groups, tables),
            _render_mod(rule.mod, groups, tables),
            _render_mod(rule.quant, groups, tables),
            _render_mod(rule.freq, groups, tables),
        )
    except (ConversionError, ValueError, OverflowError):
        return None
    return Candidate(start, end, rule, (piece,))


def find_candidates(
    text: str,
    res: Resources,
    keys: Sequence[Collection[str] | None] | None = None,
    required: Sequence[tuple[frozenset[str], ...]] | None = None,
    wanted: frozenset[str] | None = None,
    doc_type: str = "news",
    literals: frozenset[str] = frozenset(),
    by_key: Mapping[str | None, Collection[int]] | None = None,
) -> list[Candidate]:
    """Phase 1: non-overlapping rule matches, longest first, in text order.

    ``keys`` (one per rule, from :func:`scan.index_keys`) lets each rule be tried only
    where it can start, ``required`` (from :func:`scan.required_sets`) skips rules whose
    words the text lacks; without them every rule scans the whole text. ``literals``
    (:func:`scan.word_literals` of ``required``) are looked for through the tokens;
    ``by_key`` (:func:`scan.rules_by_key` of ``keys``) skips the rules none of whose keys
    the text has without asking each.
    """
    found: list[Candidate] = []
    index = TokenIndex(text, wanted if keys is not None else None, literals)
    sentences = _Sentences(text, res.sentences)
    rules = res.rules
    for i in range(len(rules)) if keys is None or by_key is None else index.rules(by_key):
        rule = rules[i]
        if rule.doc_type is not None and rule.doc_type != doc_type:
            continue  # a rule for the other document type ("two years later": narrative)
        rule_keys = keys[i] if keys is not None else None
        if rule_keys is None:
            starts = None
        else:
            starts = index.starts(rule_keys)
            if not starts:
                continue  # (before the required literals: this is cheaper)
        if required is not None and not index.contains_all(required[i]):
            continue
        if starts is None:
            tried: Iterable[re.Match[str] | None] = matches(rule.regex, None, index)
        else:
            match_at = rule.regex.match
            tried = [match_at(text, pos) for pos in starts]
        for match in tried:
            if match is not None:
                candidate = _candidate(rule, match, text, res, sentences)
                if candidate is not None:
                    found.append(candidate)
    found.sort(key=lambda c: (c.start - c.end, -c.rule.priority, c.rule.order, c.start))
    taken = bytearray(len(text))
    chosen: list[Candidate] = []
    for cand in found:
        if taken.find(1, cand.start, cand.end) != -1:
            continue
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen


def link_ranges(text: str, pieces: list[Piece], res: Resources) -> list[tuple[int, int]]:
    """Pairs of neighbouring pieces that the range links join ("from X to Y")."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for i in range(len(pieces) - 1):
        first, last = pieces[i], pieces[i + 1]
        if i in used or first.type not in ("DATE", "TIME") or last.type not in ("DATE", "TIME"):
            continue
        if first.rule.is_range and first.rule is last.rule:
            continue  # already a range from its own rule
        for link in res.links:
            if not link.between.fullmatch(text, first.end, last.start):
                continue
            if link.before is not None and not link.before.search(
                text, max(0, first.start - 40), first.start
            ):
                continue
            pairs.append((i, i + 1))
            used.update((i, i + 1))
            break
    return pairs
