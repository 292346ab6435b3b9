"""A Markdown chronology: events under date headings, each with a numbered citation."""

from __future__ import annotations

from collections.abc import Sequence

MOD_WORDS = {
    "EARLY": "early",
    "MID": "mid",
    "LATE": "late",
    "APPROX": "circa",
    "BEFORE": "before",
    "AFTER": "after",
    "START": "start of",
    "END": "end of",
}


def date_label(row: dict) -> str:
    """How an event's date reads in a heading: ``2020-07-21``, ``late 2018``, ``1980 – 1988``."""
    if row["start"] == row["end"]:
        label = row["start"]
    elif "/" in row["value"]:
        first, last = row["value"].split("/", 1)
        label = f"{first} – {last}"
    else:
        label = row["value"] if row["value"][:1].isdigit() else f"{row['start']} – {row['end']}"
        if row["granularity"] in ("decade", "century", "millennium"):
            label = f"{row['start']} – {row['end']}"
    word = MOD_WORDS.get(row.get("mod") or "")
    return f"{word} {label}" if word else label


def citation(row: dict) -> str:
    parts = [row.get("source") or "unknown source"]
    if row.get("title"):
        parts.append(f"“{row['title']}”")
    parts.append(row.get("published") or "undated")
    if row.get("url"):
        parts.append(f"<{row['url']}>")
    return ", ".join(parts)


def markdown_chronology(rows: Sequence[dict], *, title: str = "Chronology") -> str:
    lines = [f"# {title}", ""]
    if not rows:
        return "\n".join(lines + ["No events."])
    sources: dict[int, int] = {}  # article id → citation number
    heading = None
    for row in rows:
        label = date_label(row)
        if label != heading:
            if heading is not None:
                lines.append("")
            lines += [f"## {label}", ""]
            heading = label
        number = sources.setdefault(row["article_id"], len(sources) + 1)
        sentence = " ".join(row["sentence"].split())
        lines.append(f"- {sentence} [{number}]")
    lines += ["", "## Sources", ""]
    cited = {row["article_id"]: row for row in rows}
    for article_id, number in sources.items():
        lines.append(f"{number}. {citation(cited[article_id])}")
    return "\n".join(lines)
