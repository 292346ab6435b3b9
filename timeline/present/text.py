"""Text helpers every presenter shares: whitespace, trimming, wrapping, escaped lines.

:func:`trim_text` and :func:`wrap` have JavaScript ports in ``assets/hover.js`` (``tlTrim``,
``tlWrap``), which build a large chart's hover labels in the page; keep them in step
(tests/present/test_render.py runs both through node).
"""

from __future__ import annotations

import html


def plain_text(value: object) -> str:
    """``value`` as one line: runs of whitespace as one space; ``None`` as empty."""
    return " ".join(str(value).split()) if value is not None else ""


def trim_text(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word where that keeps half, ending in ``…``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # cut at a word unless that loses too much
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap of whitespace-normalized text; a word longer than ``width`` is cut.

    Simpler than ``textwrap`` (no hyphen breaks) so that the page's copy (``tlWrap``) can
    match it exactly, and ten times faster.
    """
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if not word:
            continue
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def html_lines(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` as HTML: each line escaped, ``<br>`` between them."""
    # wrap first and escape each line: escaping first could split an entity like &amp;
    return "<br>".join(html.escape(line) for line in wrap(text, width) or [""])
