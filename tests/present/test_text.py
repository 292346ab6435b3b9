"""Text helpers: one line of text, trimmed at a word, wrapped, escaped line by line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from timeline.present.text import html_lines, plain_text, trim_text, wrap


def test_plain_text_is_one_line():
    assert plain_text("  a\n b\t c ") == "a b c"
    assert plain_text(None) == "" and plain_text(12) == "12"


def test_trim_text_cuts_at_a_word_unless_that_loses_too_much():
    assert trim_text("short", 10) == "short"
    assert trim_text("one two three four", 12) == "one two…"
    assert trim_text("x" * 30, 10) == "x" * 9 + "…"
    assert trim_text("a, b, c, d, e", 6) == "a, b…"


@given(st.text(alphabet=" ab&<😀é,;:", max_size=200), st.integers(5, 80))
def test_wrap_keeps_every_word_within_the_width(text, width):
    normalized = " ".join(text.split())
    lines = wrap(normalized, width)
    assert all(0 < len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == normalized.replace(" ", "")


def test_html_lines_escape_each_line_after_wrapping():
    assert html_lines("a & b <c>", 5) == "a &amp; b<br>&lt;c&gt;"
    assert html_lines("&" * 6, 4) == "&amp;&amp;&amp;&amp;<br>&amp;&amp;"
    assert html_lines("", 10) == ""
