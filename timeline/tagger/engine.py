"""The tagger: phase 1 finds expressions with the rules, phase 2 resolves them.

Phase 1 (:mod:`timeline.tagger.candidates`) runs the rules and chooses non-overlapping
matches. Phase 2 resolves each expression in text order: the document type's anchoring
policy (:mod:`timeline.tagger.anchoring`) gives its anchor, the resolver
(:mod:`timeline.tagger.resolver`) its value and bounds, with the tense of its sentence
when the policy uses tense; the two ends of a range are resolved together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from timeline.calendar import CalendarError, iso, parse_written_day
from timeline.records import DOC_TYPES
from timeline.tagger.anchoring import Anchoring, anchoring_for
from timeline.tagger.candidates import Candidate, Piece, find_candidates, link_ranges
from timeline.tagger.resolver import NO_ANCHOR, Anchor, Resolution, resolve_against
from timeline.tagger.resources import Resources, resources_for
from timeline.tagger.scan import analyze, rules_by_key, word_literals
from timeline.tagger.sentences import split_sentences
from timeline.tagger.tense import SentenceTenses, Tense
from timeline.tagger.timex import TagResult, Timex, TimexRange
from timeline.tagger.values import REF, RELATIVE

__all__ = [
    "CALENDARS",
    "DOC_TYPES",
    "Candidate",
    "Tagger",
    "find_candidates",
    "tag",
    "tagger_for",
]

# how values name dates before the Gregorian reform: as the source writes them (Julian), or
# converted to the proleptic Gregorian calendar (days and times; longer periods keep their
# names, and their bounds are the true days either way)
CALENDARS = ("source", "gregorian")

TenseOf = Callable[[], Tense | None]  # called only when a value needs its tense


def _past() -> Tense:
    return Tense.PAST


def _future() -> Tense:
    return Tense.FUTURE


def _no_tense() -> Tense | None:
    return None


_YEARLESS = re.compile(r"^TENSE\.XXXX-\d\d")
_WEEKDAY = re.compile(r"^TENSE\.XXXX-WXX-[1-7]")


def _needs_year(value: str) -> bool:
    """A month or a day of the month without its year ("July 21", "May")."""
    return _YEARLESS.match(value) is not None


def _is_relative(value: str) -> bool:
    return REF.match(value) is not None or RELATIVE.match(value) is not None


class _Phase2:
    """The resolution of one text's pieces, in text order."""

    def __init__(self, res: Resources, text: str, pieces: list[Piece], policy: Anchoring):
        self.res = res
        self.text = text
        self.pieces = pieces
        self.policy = policy
        self._tenses: SentenceTenses | None = None

    def tense_of(self, piece: Piece) -> TenseOf:
        if not self.policy.uses_tense:
            return _no_tense

        def compute() -> Tense | None:
            if self._tenses is None:  # sentences are split only when a value needs tense
                sentences = split_sentences(self.text, self.res.sentences)
                self._tenses = SentenceTenses(self.res.tense, self.text, sentences)
            return self._tenses.tense_at(piece.start, piece.end)

        return compute

    def resolve(self, i: int, anchor: Anchor | None, tense: TenseOf) -> Resolution:
        p = self.pieces[i]
        anchor = self.policy.fit(anchor, p)
        result = resolve_against(anchor, p.value, p.type, p.mod, tense, p.rule.clip)
        if result.reason == NO_ANCHOR:  # say what would resolve it, in the policy's words
            return replace(result, reason=self.policy.no_anchor)
        return result

    def resolve_range(self, i: int, j: int, anchor: Anchor | None) -> dict[int, Resolution]:
        """A range is one stretch: one end is resolved, the other counted from it. The end
        comes first when the start lacks its year and the end has it ("from July 21 to
        August 3, 2019") or two weekdays lie in the past ("lasted from Monday to Wednesday":
        the last such Wednesday, the Monday before it); otherwise the start, and an end
        without a year or a weekday follows it (an end not counted from the start is
        resolved on its own, in its turn)."""
        first, last = self.pieces[i], self.pieces[j]
        weekdays = bool(_WEEKDAY.match(first.value) and _WEEKDAY.match(last.value))
        done: dict[int, Resolution] = {}
        if (weekdays and self.tense_of(first)() is Tense.PAST) or (
            _needs_year(first.value) and not _is_relative(last.value)
        ):
            done[j] = self.resolve(j, anchor, _past if weekdays else self.tense_of(last))
            end_day = done[j].lower
            if end_day is not None:
                done[i] = self.resolve(i, Anchor(end_day), _past)
            else:
                done[i] = self.resolve(i, anchor, self.tense_of(first))
        else:
            done[i] = self.resolve(i, anchor, self.tense_of(first))
            start_day = done[i].lower
            if (weekdays or _needs_year(last.value)) and start_day is not None:
                done[j] = self.resolve(j, Anchor(start_day), _future)
        return done

    def run(self, pairs: list[tuple[int, int]]) -> list[Resolution]:
        """For each piece: the policy's anchor, the resolution, the policy told."""
        ends = dict(pairs)  # first index -> last index
        done: dict[int, Resolution] = {}
        for i, piece in enumerate(self.pieces):
            if i not in done:  # (the end of a range is resolved with its start)
                anchor = self.policy.anchor_for(piece)
                if i in ends:
                    done.update(self.resolve_range(i, ends[i], anchor))
                else:
                    done[i] = self.resolve(i, anchor, self.tense_of(piece))
            self.policy.resolved(piece, done[i])
        return [done[i] for i in range(len(self.pieces))]


class Tagger:
    """A compiled tagger for one language; :func:`tag` keeps one per language."""

    def __init__(self, resources: Resources):
        self.res = resources
        analyzed = [analyze(rule.regex) for rule in resources.rules]
        # frozensets: the index intersects them with a text's keys, and caches by them
        self.keys = tuple(None if keys is None else frozenset(keys) for keys, _ in analyzed)
        self.required = tuple(required for _, required in analyzed)
        self.wanted = frozenset(k for keys in self.keys if keys for k in keys)
        self.literals = word_literals(self.required)
        self.by_key = rules_by_key(self.keys)

    def tag(
        self, text: str, dct: str | None = None, doc_type: str = "news", calendar: str = "source"
    ) -> TagResult:
        if doc_type not in DOC_TYPES:
            raise ValueError(f"doc_type must be one of {DOC_TYPES}, not {doc_type!r}")
        if calendar not in CALENDARS:
            raise ValueError(f"calendar must be one of {CALENDARS}, not {calendar!r}")
        dct_anchor = None
        if dct is not None:
            try:
                dct_anchor = Anchor(parse_written_day(dct))
            except CalendarError as exc:
                raise ValueError(f"dct must be an ISO date YYYY-MM-DD: {exc}") from None
        candidates = find_candidates(
            text,
            self.res,
            self.keys,
            self.required,
            self.wanted,
            doc_type,
            self.literals,
            self.by_key,
        )
        pieces: list[Piece] = []
        rule_pairs: list[tuple[int, int]] = []
        for cand in candidates:
            if cand.rule.is_range and len(cand.pieces) == 2:
                rule_pairs.append((len(pieces), len(pieces) + 1))
            pieces.extend(cand.pieces)
        pairs = sorted(rule_pairs + link_ranges(text, pieces, self.res))
        policy = anchoring_for(doc_type, dct_anchor, text, pieces)
        resolutions = _Phase2(self.res, text, pieces, policy).run(pairs)
        timexes = tuple(
            Timex(
                start=p.start,
                end=p.end,
                text=text[p.start : p.end],
                type=p.type,
                value=r.value,
                mod=p.mod,
                lower=r.lower,
                upper=r.upper,
                granularity=r.granularity,
                anchor=r.anchor,
                rule=p.rule.name,
                resolved=r.resolved,
                quant=p.quant,
                freq=p.freq,
                reason=r.reason,
                underspecified=p.value if _is_relative(p.value) else None,
                open=r.open,
                calendar=r.calendar,
            )
            for p, r in zip(pieces, resolutions, strict=True)
        )
        if calendar == "gregorian":
            timexes = tuple(_in_gregorian(t) for t in timexes)
        return TagResult(timexes, tuple(TimexRange(a, b) for a, b in pairs))


_JULIAN_DAYS = re.compile(r"^(-?\d{4}-\d\d-\d\d)(?:/(-?\d{4}-\d\d-\d\d))?(T.*)?$")


def _in_gregorian(timex: Timex) -> Timex:
    """A Julian day (or interval of days, or time) rewritten in the proleptic Gregorian
    calendar: the opt-in conversion of ``tag(..., calendar="gregorian")``."""
    if timex.calendar != "julian":
        return timex
    m = _JULIAN_DAYS.match(timex.value)
    if m is None:
        return timex  # a month, year or longer period keeps the name the source gives it
    first, last, time = m.groups()
    value = iso(parse_written_day(first))
    if last is not None:
        value += "/" + iso(parse_written_day(last))
    return replace(timex, value=value + (time or ""), calendar="gregorian")


@lru_cache(maxsize=8)
def tagger_for(language: str = "en") -> Tagger:
    return Tagger(resources_for(language))


def tag(
    text: str,
    dct: str | None = None,
    *,
    doc_type: str = "news",
    language: str = "en",
    calendar: str = "source",
) -> TagResult:
    """Find and normalize the temporal expressions of ``text``.

    ``dct`` is the publication date (ISO ``YYYY-MM-DD``) that news-relative expressions are
    resolved against; without it they stay unresolved. ``doc_type="narrative"`` anchors
    them on the last absolute date mentioned before them instead. Dates before the
    Gregorian reform are written as the source writes them, in the Julian calendar
    (``calendar="source"``); ``calendar="gregorian"`` converts their days to the proleptic
    Gregorian calendar. Bounds are the true days either way.
    """
    return tagger_for(language).tag(text, dct, doc_type, calendar)
