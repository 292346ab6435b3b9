"""Writing a benchmark's figures into bench/README.md: its section replaced where it stands,
or added at the end."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def replace_heading_section(heading: str, block: str, readme: Path = README) -> None:
    """Replace the section under ``heading`` (to the next "## " heading) by ``block``, which
    starts with the heading; or append it."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
    start = text.find(heading + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + block
    else:
        end = text.find("\n## ", start + len(heading))
        tail = "" if end < 0 else text[end + 1 :]
        text = text[:start] + block + ("\n" + tail if tail else "")
    readme.write_text(text, encoding="utf-8")


def replace_marked_section(start: str, end: str, text: str, readme: Path = README) -> None:
    """Replace the text from marker ``start`` to marker ``end`` by ``text``, which holds
    them; or append it."""
    current = readme.read_text(encoding="utf-8")
    if start in current:
        first = current.index(start)
        last = current.index(end) + len(end)
        current = current[:first] + text + current[last:]
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    readme.write_text(current, encoding="utf-8")
