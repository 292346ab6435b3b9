"""Normalization templates: ``"{y}-{m:month}-{d:pad2}"`` filled from a regex match.

Slot syntax inside ``{...}``::

    group                 the group's text as is
    g1|g2                 the first of these groups that took part in the match
    group:conv            the group's text through a converter or table
    g1,g2:conv            a converter taking several groups
    group:conv1:conv2     a chain (each later converter takes one argument)
    ...?fallback          literal text used when the first group did not match

Templates are parsed and checked once, when resources load; rendering is a loop over
pre-parsed pieces.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from timeline.tagger.converters import ConversionError, Converter, Tables

_SLOT = re.compile(r"\{([^{}]*)\}")
_SLOT_BODY = re.compile(
    r"^(?P<groups>[A-Za-z_]\w*(?:[,|][A-Za-z_]\w*)*)"
    r"(?P<convs>(?::[A-Za-z_]\w*)*)"
    r"(?:\?(?P<fallback>[^{}]*))?$"
)


class TemplateError(ValueError):
    """A template that cannot work (unknown group or converter, bad syntax)."""


@dataclass(frozen=True, slots=True)
class _Slot:
    args: tuple[tuple[str, ...], ...]  # per converter argument: alternative groups
    converters: tuple[Converter, ...]
    fallback: str | None


@dataclass(frozen=True, slots=True)
class Template:
    source: str
    pieces: tuple[str | _Slot, ...]

    @property
    def groups(self) -> frozenset[str]:
        return frozenset(
            g for p in self.pieces if isinstance(p, _Slot) for alts in p.args for g in alts
        )

    def render(self, groups: Mapping[str, str | None], tables: Tables) -> str:
        """Fill the template; raises ConversionError if a converter rejects the text."""
        out: list[str] = []
        for piece in self.pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            args = tuple(_first(groups, alts) for alts in piece.args)
            if args[0] is None and piece.fallback is not None:
                out.append(piece.fallback)
                continue
            if not piece.converters:
                if args[0] is None:
                    raise ConversionError(f"group {piece.args[0]!r} did not match")
                out.append(args[0])
                continue
            value = piece.converters[0].func(args, tables)
            for conv in piece.converters[1:]:
                value = conv.func((value,), tables)
            out.append(value)
        return "".join(out)

    def samples(self) -> list[list[str]]:
        """Typical outputs, for load-time checks: one list per combination of optional
        slots present/absent; each list holds the outputs for the possible texts of bare
        groups (a bare group could hold a year, a month or a day: any may be meant)."""
        slots = [p for p in self.pieces if isinstance(p, _Slot)]
        optional = [i for i, s in enumerate(slots) if s.fallback is not None][:6]
        bare = [i for i, s in enumerate(slots) if not s.converters][:4]
        results = []
        for absent in itertools.product((False, True), repeat=len(optional)):
            missing = {optional[i] for i, flag in enumerate(absent) if flag}
            variants = []
            for texts in itertools.product(_BARE_SAMPLES, repeat=len(bare)):
                bare_text = dict(zip(bare, texts, strict=True))
                out: list[str] = []
                k = 0
                for piece in self.pieces:
                    if isinstance(piece, str):
                        out.append(piece)
                        continue
                    if k in missing:
                        out.append(piece.fallback or "")
                    elif piece.converters:
                        out.append(piece.converters[-1].sample)
                    else:
                        out.append(bare_text.get(k, "1"))
                    k += 1
                variants.append("".join(out))
            results.append(variants)
        return results


_BARE_SAMPLES = ("2000", "01", "1")


def _first(groups: Mapping[str, str | None], alternatives: tuple[str, ...]) -> str | None:
    for name in alternatives:
        text = groups.get(name)
        if text is not None:
            return text
    return None


def parse_template(
    source: str, group_names: frozenset[str], converters: Mapping[str, Converter]
) -> Template:
    pieces: list[str | _Slot] = []
    pos = 0
    for match in _SLOT.finditer(source):
        if match.start() > pos:
            pieces.append(source[pos : match.start()])
        pieces.append(_parse_slot(match.group(1), group_names, converters))
        pos = match.end()
    tail = source[pos:]
    if "{" in tail or "}" in tail or any("{" in p or "}" in p for p in pieces if type(p) is str):
        raise TemplateError(f"unbalanced braces in template {source!r}")
    if tail:
        pieces.append(tail)
    return Template(source, tuple(pieces))


def _parse_slot(
    body: str, group_names: frozenset[str], converters: Mapping[str, Converter]
) -> _Slot:
    match = _SLOT_BODY.match(body.strip())
    if not match:
        raise TemplateError(f"bad slot {{{body}}}")
    args = tuple(tuple(arg.split("|")) for arg in match.group("groups").split(","))
    for alternatives in args:
        for group in alternatives:
            if group not in group_names:
                raise TemplateError(
                    f"slot {{{body}}} names group {group!r}, which the pattern lacks"
                )
    conv_names = [c for c in match.group("convs").split(":") if c]
    convs: list[Converter] = []
    for i, name in enumerate(conv_names):
        if name not in converters:
            raise TemplateError(f"slot {{{body}}} uses unknown converter or table {name!r}")
        conv = converters[name]
        wanted = len(args) if i == 0 else 1
        if conv.arity != wanted:
            raise TemplateError(
                f"slot {{{body}}}: converter {name!r} takes {conv.arity} argument(s), "
                f"given {wanted}"
            )
        convs.append(conv)
    if not convs and len(args) > 1:
        raise TemplateError(f"slot {{{body}}} joins several groups without a converter")
    return _Slot(args, tuple(convs), match.group("fallback"))
