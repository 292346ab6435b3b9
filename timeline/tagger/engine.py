"""The tagger: phase 1 finds expressions with the rules, phase 2 resolves them.

Phase 1 runs every rule's regex over the text, keeps matches whose context filters pass
and whose templates convert, then picks non-overlapping ones: longest first, then higher
priority, then earlier rule. Negative rules (false friends) take part in that choice and
emit nothing. Phase 2 resolves each expression in text order against the anchor that the
document type's :class:`AnchorProvider` gives, using the tense of its sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from timeline.calendar import CalendarError, parse_iso_day
from timeline.tagger.anchors import Anchor, AnchorProvider, FixedAnchor, NarrativeAnchor
from timeline.tagger.bounds import value_bounds
from timeline.tagger.converters import ConversionError, Tables
from timeline.tagger.resolver import Resolution, anchor_of, resolve_against
from timeline.tagger.resources import Resources, Rule, resources_for
from timeline.tagger.scan import TokenIndex, analyze, matches
from timeline.tagger.sentences import split_sentences
from timeline.tagger.templates import Template
from timeline.tagger.tense import SentenceTenses, Tense
from timeline.tagger.timex import TagResult, Timex, TimexRange
from timeline.tagger.values import REF, RELATIVE

DOC_TYPES = ("news", "narrative")


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
class _Candidate:
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

    def __init__(self, text: str):
        self.text = text
        self._spans: list[tuple[int, int]] | None = None
        self._document: dict[re.Pattern[str], bool] = {}

    def document_has(self, pattern: re.Pattern[str]) -> bool:
        if pattern not in self._document:
            self._document[pattern] = pattern.search(self.text) is not None
        return self._document[pattern]

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = split_sentences(self.text)
        return self._spans

    def around(self, pos: int) -> tuple[int, int]:
        spans = self.spans
        i = bisect.bisect_right(spans, (pos, len(self.text) + 1)) - 1
        if i >= 0 and spans[i][0] <= pos < spans[i][1]:
            return spans[i]
        return pos, pos


def _candidate(
    rule: Rule, match: re.Match[str], text: str, res: Resources, sentences: _Sentences
) -> _Candidate | None:
    start, end = match.span()
    if start == end or not rule.context_ok(text, start, end):
        return None
    if (rule.sentence or rule.not_sentence) and not rule.sentence_ok(text, sentences.around(start)):
        return None
    if rule.negative:
        return _Candidate(start, end, rule, ())
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
            return _Candidate(start, end, rule, tuple(pieces))
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
    return _Candidate(start, end, rule, (piece,))


def find_candidates(
    text: str,
    res: Resources,
    keys: Sequence[tuple[str, ...] | None] | None = None,
    required: Sequence[tuple[frozenset[str], ...]] | None = None,
    wanted: frozenset[str] | None = None,
    doc_type: str = "news",
) -> list[_Candidate]:
    """Phase 1: non-overlapping rule matches, longest first, in text order.

    ``keys`` (one per rule, from :func:`scan.index_keys`) lets each rule be tried only
    where it can start, ``required`` (from :func:`scan.required_sets`) skips rules whose
    words the text lacks; without them every rule scans the whole text.
    """
    found: list[_Candidate] = []
    index = TokenIndex(text, wanted if keys is not None else None)
    sentences = _Sentences(text)
    for i, rule in enumerate(res.rules):
        if rule.doc_type is not None and rule.doc_type != doc_type:
            continue  # a rule for the other document type ("two years later": narrative)
        if required is not None and not index.contains_all(required[i]):
            continue
        rule_keys = keys[i] if keys is not None else None
        for match in matches(rule.regex, rule_keys, index):
            candidate = _candidate(rule, match, text, res, sentences)
            if candidate is not None:
                found.append(candidate)
    found.sort(key=lambda c: (c.start - c.end, -c.rule.priority, c.rule.order, c.start))
    taken = bytearray(len(text))
    chosen: list[_Candidate] = []
    for cand in found:
        if taken.find(1, cand.start, cand.end) != -1:
            continue
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _link_ranges(text: str, pieces: list[Piece], res: Resources) -> list[tuple[int, int]]:
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


def _past() -> Tense:
    return Tense.PAST


def _future() -> Tense:
    return Tense.FUTURE


_YEARLESS = re.compile(r"^TENSE\.XXXX-\d\d")


def _needs_year(value: str) -> bool:
    """A month or a day of the month without its year ("July 21", "May")."""
    return _YEARLESS.match(value) is not None


def _is_relative(value: str) -> bool:
    return REF.match(value) is not None or RELATIVE.match(value) is not None


# a month, day of a month, quarter, half or season without its year (not a weekday)
_YEARLESS_DATE = re.compile(r"^TENSE\.XXXX-(?!W)")
_WEEKDAY = re.compile(r"^TENSE\.XXXX-WXX-[1-7]")


def _no_tense() -> Tense | None:
    return None


# mods after which a date no longer says when the story is ("before 1200")
_OPEN_MODS = frozenset({"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"})


def _keeps_anchor(provider: AnchorProvider, result: Resolution) -> bool:
    """Whether a coarser date that contains the story's finer anchor leaves it in place:
    after "12 March 1943 ... by the end of the decade", "the next day" is still 13 March."""
    last = provider.last if isinstance(provider, NarrativeAnchor) else None
    if last is None or result.granularity is None or last.knows(result.granularity) is False:
        return False
    if Anchor(0, result.granularity).knows(last.granularity):
        return False  # not coarser
    try:
        found = value_bounds(result.value)
    except (CalendarError, ValueError, OverflowError):
        return False
    return found is not None and found[0] <= last.day <= found[1]


def _narrative_anchor_day(piece: Piece, result: Resolution) -> int | None:
    """The day a resolved date leaves the story at: the start of its own period (not of
    its widened or narrowed bounds: "c. 1850" leaves it in 1850); None if it leaves none."""
    if (
        piece.type not in ("DATE", "TIME")
        or piece.mod in _OPEN_MODS
        or not result.resolved
        or result.granularity is None
        or result.lower is None
    ):
        return None
    try:
        found = value_bounds(result.value)
    except (CalendarError, ValueError, OverflowError):
        return None
    return found[0] if found is not None else result.lower


class Tagger:
    """A compiled tagger for one language; :func:`tag` keeps one per language."""

    def __init__(self, resources: Resources):
        self.res = resources
        analyzed = [analyze(rule.regex) for rule in resources.rules]
        self.keys = tuple(keys for keys, _ in analyzed)
        self.required = tuple(required for _, required in analyzed)
        self.wanted = frozenset(k for keys in self.keys if keys for k in keys)

    def tag(self, text: str, dct: str | None = None, doc_type: str = "news") -> TagResult:
        if doc_type not in DOC_TYPES:
            raise ValueError(f"doc_type must be one of {DOC_TYPES}, not {doc_type!r}")
        dct_anchor = None
        if dct is not None:
            try:
                dct_anchor = Anchor(parse_iso_day(dct))
            except CalendarError as exc:
                raise ValueError(f"dct must be an ISO date YYYY-MM-DD: {exc}") from None
        provider: AnchorProvider = (
            FixedAnchor(dct_anchor) if doc_type == "news" else NarrativeAnchor(dct_anchor)
        )
        candidates = find_candidates(
            text, self.res, self.keys, self.required, self.wanted, doc_type
        )
        pieces: list[Piece] = []
        rule_pairs: list[tuple[int, int]] = []
        for cand in candidates:
            if cand.rule.is_range and len(cand.pieces) == 2:
                rule_pairs.append((len(pieces), len(pieces) + 1))
            pieces.extend(cand.pieces)
        pairs = sorted(rule_pairs + _link_ranges(text, pieces, self.res))
        resolutions = self._resolve_all(text, pieces, pairs, provider, doc_type == "narrative")
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
            )
            for p, r in zip(pieces, resolutions, strict=True)
        )
        return TagResult(timexes, tuple(TimexRange(a, b) for a, b in pairs))

    def _resolve_all(
        self,
        text: str,
        pieces: list[Piece],
        pairs: list[tuple[int, int]],
        provider: AnchorProvider,
        narrative: bool = False,
    ) -> list[Resolution]:
        tenses: SentenceTenses | None = None

        def tense_of(piece: Piece) -> Callable[[], Tense | None]:
            if narrative:  # a story moves on: "in June" is the anchor's year's June
                return _no_tense

            def compute() -> Tense | None:
                nonlocal tenses
                if tenses is None:  # sentences are split only when a value needs tense
                    tenses = SentenceTenses(self.res.tense, text, split_sentences(text))
                return tenses.tense_at(piece.start, piece.end)

            return compute

        starts_range = dict(pairs)  # first index -> last index
        done: dict[int, Resolution] = {}

        def resolve_piece(
            i: int, anchor: Anchor | None, tense: Callable[[], Tense | None]
        ) -> Resolution:
            p = pieces[i]
            if narrative and anchor is not None and _YEARLESS_DATE.match(p.value):
                # a story moves on: "in November" after "June 1944" is November 1944
                anchor = Anchor(anchor.day, "year") if anchor.knows("year") else anchor
            return resolve_against(anchor, p.value, p.type, p.mod, tense, p.rule.clip)

        mentioned: Anchor | None = None  # the last date resolved so far (news)
        for i, piece in enumerate(pieces):
            anchor = provider.anchor_for(piece.start)
            if piece.rule.anchor == "mentioned" and mentioned is not None and not narrative:
                anchor = mentioned  # anaphora in news: "the following year", "that day"
            j = starts_range.get(i)
            if i in done:
                pass  # the end of a range, resolved with its start
            elif j is None:
                done[i] = resolve_piece(i, anchor, tense_of(piece))
            else:
                # a range is one stretch: one end is resolved, the other counted from it.
                # The end comes first when the start lacks its year and the end has it
                # ("from July 21 to August 3, 2019") or two weekdays lie in the past ("lasted
                # from Monday to Wednesday": the last such Wednesday, the Monday before it);
                # otherwise the start, and an end without a year or a weekday follows it.
                other = pieces[j]
                weekdays = bool(_WEEKDAY.match(piece.value) and _WEEKDAY.match(other.value))
                if (weekdays and tense_of(piece)() is Tense.PAST) or (
                    _needs_year(piece.value) and not _is_relative(other.value)
                ):
                    done[j] = resolve_piece(j, anchor, _past if weekdays else tense_of(other))
                    end_day = done[j].lower
                    if end_day is not None:
                        done[i] = resolve_piece(i, Anchor(end_day), _past)
                    else:
                        done[i] = resolve_piece(i, anchor, tense_of(piece))
                else:
                    done[i] = resolve_piece(i, anchor, tense_of(piece))
                    start_day = done[i].lower
                    if (weekdays or _needs_year(other.value)) and start_day is not None:
                        done[j] = resolve_piece(j, Anchor(start_day), _future)
            result = done[i]
            if not narrative:
                mentioned_day = _narrative_anchor_day(piece, result)
                if mentioned_day is not None and result.granularity is not None:
                    mentioned = anchor_of(mentioned_day, result.granularity)
            if narrative:  # every resolved date anchors what follows ("the next day")
                anchor_day = _narrative_anchor_day(piece, result)
                if anchor_day is not None and not _keeps_anchor(provider, result):
                    provider.note(piece.start, anchor_of(anchor_day, result.granularity))
            elif (  # only absolute dates anchor what follows
                result.lower is not None
                and result.upper is not None
                and result.granularity is not None
                and not _is_relative(piece.value)
                and piece.type in ("DATE", "TIME")
                and piece.mod is None
            ):
                provider.note(piece.start, anchor_of(result.lower, result.granularity))
        return [done[i] for i in range(len(pieces))]


@lru_cache(maxsize=8)
def tagger_for(language: str = "en") -> Tagger:
    return Tagger(resources_for(language))


def tag(
    text: str, dct: str | None = None, *, doc_type: str = "news", language: str = "en"
) -> TagResult:
    """Find and normalize the temporal expressions of ``text``.

    ``dct`` is the publication date (ISO ``YYYY-MM-DD``) that news-relative expressions are
    resolved against; without it they stay unresolved. ``doc_type="narrative"`` anchors
    them on the last absolute date mentioned before them instead.
    """
    return tagger_for(language).tag(text, dct, doc_type)
