"""JSON Lines, one line at a time: the one reader behind ``ingest``, ``tag --jsonl`` and
``eval``.

The file is streamed (never held whole) and decoded as :mod:`timeline.ingest.decode` says;
blank lines are passed over; a line that cannot be read (bad bytes, bad JSON, JSON nested
too deeply, a number of thousands of digits, anything but an object) is a ReadProblem naming
its line, and the lines after it are read all the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline.ingest.decode import open_lines
from timeline.records import ReadProblem

# JSON's names for what a line held instead of an object
_JSON_KINDS = {
    "list": "an array",
    "str": "a string",
    "int": "a number",
    "float": "a number",
    "bool": "true or false",
    "NoneType": "null",
}


@dataclass(frozen=True, slots=True)
class JsonLine:
    """The object on one line of a JSON Lines file."""

    number: int  # the line, counted from 1
    values: dict[str, Any]
    encoding: str  # how the file was decoded: "utf-8", "windows-1252"…


def parse_json_line(line: str) -> dict[str, Any] | str:
    """The object on a JSONL line, or what is wrong with the line."""
    try:
        values = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"bad JSON: {exc.msg} (column {exc.colno})"
    except RecursionError:  # arrays nested thousands deep
        return "bad JSON: nested too deeply"
    except ValueError as exc:  # a number of thousands of digits
        return f"bad JSON: {str(exc).split(':')[0]}"
    if not isinstance(values, dict):
        return f"expected a JSON object, not {_JSON_KINDS.get(type(values).__name__)}"
    return values


def read_json_lines(
    path: str | Path, progress: Callable[[int], None] | None = None
) -> Iterator[JsonLine | ReadProblem]:
    """The objects of a JSON Lines file ("-": standard input) with the problems of the
    other lines, in file order. ``progress`` is told how many bytes each line took."""
    filled = 0  # lines that are not blank
    with open_lines(path, progress) as lines:
        if isinstance(lines, ReadProblem):
            yield lines
            return
        for line in lines:
            bad = lines.take_bad()
            if not bad and not line.strip():
                continue
            filled += 1
            if bad:
                yield ReadProblem(str(path), *bad)
                continue
            values = parse_json_line(line)
            if isinstance(values, str):
                yield ReadProblem(str(path), lines.number, values)
                continue
            yield JsonLine(lines.number, values, lines.encoding.name)
        if bad := lines.take_bad():
            yield ReadProblem(str(path), *bad)
            return
    if not filled:
        yield ReadProblem(str(path), None, "no records (only blank lines)")
