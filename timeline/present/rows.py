"""One rendering path for rows: table, CSV, JSON, newline-delimited JSON, Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from timeline.present.text import plain_text

FORMATS = ("table", "json", "csv", "nl-json", "md")


def _cell(value: object, width: int | None = None) -> str:
    text = plain_text(value)
    if width and len(text) > width:
        return text[: width - 1] + "…"
    return text


def table(
    rows: Sequence[dict], columns: Sequence[str], widths: dict[str, int] | None = None
) -> str:
    """A fixed-width text table; long cells are cut to ``widths[column]`` characters."""
    widths = widths or {}
    cells = [[_cell(row.get(c), widths.get(c)) for c in columns] for row in rows]
    sizes = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(sizes[i]) for i, c in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * s for s in sizes))
    lines += ["  ".join(v.ljust(sizes[i]) for i, v in enumerate(r)).rstrip() for r in cells]
    return "\n".join(lines)


def markdown_table(rows: Sequence[dict], columns: Sequence[str]) -> str:
    def md(value: object) -> str:
        return _cell(value).replace("|", "\\|")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(md(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def format_rows(
    rows: Sequence[dict],
    fmt: str,
    *,
    columns: Sequence[str],
    table_columns: Sequence[str] | None = None,
    widths: dict[str, int] | None = None,
) -> str:
    """Render ``rows``: machine formats carry every column, the text table the readable ones."""
    if fmt == "json":
        return json.dumps(
            [{c: row.get(c) for c in columns} for row in rows], indent=2, ensure_ascii=False
        )
    if fmt == "nl-json":
        return "\n".join(
            json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) for row in rows
        )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        # true/false as JSON writes them, not Python's True/False
        writer.writerows(
            {k: str(v).lower() if isinstance(v, bool) else v for k, v in row.items()}
            for row in rows
        )
        return buffer.getvalue().rstrip("\n")
    if fmt == "md":
        return markdown_table(rows, table_columns or columns)
    if fmt == "table":
        return table(rows, table_columns or columns, widths)
    raise ValueError(f"unknown format {fmt!r}")
