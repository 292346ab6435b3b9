"""Corpora of documents in JSON Lines, for scoring and batch tagging.

A corpus is JSON Lines, one document a line::

    {"doc_id": str, "dct": "YYYY-MM-DD" | null, "text": str, ...,
     "timexes": [{"start": int, "end": int, "text": str,
                  "type": "DATE|TIME|DURATION|SET", "value": str, "mod": str | null}]}

Gold and system files share the format (a system may add keys such as ``quant``/``freq``).
Files are read line by line with the one JSON Lines reader (:mod:`timeline.ingest.jsonl`): a
line that cannot be used is a problem naming its line, and the other lines are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from timeline.ingest.jsonl import read_json_lines
from timeline.records import ReadProblem, auto_doc_type
from timeline.tagger.timex import TagResult, Timex

DOC_KEYS = ("doc_id", "text", "timexes")
"""Keys every scored document must have (``dct`` may be absent: it then counts as null)."""

TIMEX_KEYS = ("start", "end", "type", "value")

Tagger = Callable[..., TagResult]
"""Signature of :func:`timeline.tagger.tag`: ``(text, dct=None, *, doc_type=...)``."""


def _document_problem(doc: Any, required: Sequence[str]) -> str | None:
    """What is wrong with one decoded line, or None when it can be used."""
    if not isinstance(doc, dict):
        return f"expected a JSON object, got {type(doc).__name__}"
    missing = [key for key in required if key not in doc]
    if missing:
        return "missing key(s): " + ", ".join(missing)
    if "doc_id" in doc and not isinstance(doc["doc_id"], str):
        return "doc_id must be a string"
    if "text" in doc and not isinstance(doc["text"], str):
        return "text must be a string"
    if doc.get("dct") is not None and not isinstance(doc["dct"], str):
        return "dct must be a string or null"
    if "timexes" not in doc:
        return None
    timexes = doc["timexes"]
    if not isinstance(timexes, list):
        return "timexes must be a list"
    for i, timex in enumerate(timexes):
        if not isinstance(timex, dict):
            return f"timex {i} is not an object"
        missing = [key for key in TIMEX_KEYS if key not in timex]
        if missing:
            return f"timex {i}: missing key(s): " + ", ".join(missing)
        start, end = timex["start"], timex["end"]
        # bool is an int subclass; true/false offsets are a producer bug, not offsets
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            return f"timex {i}: start and end must be integers"
        if not 0 <= start < end:
            return f"timex {i}: bad span {start}..{end}"
        if isinstance(doc.get("text"), str) and end > len(doc["text"]):
            return f"timex {i}: span {start}..{end} beyond the text ({len(doc['text'])} chars)"
        if not isinstance(timex["type"], str) or not isinstance(timex["value"], str):
            return f"timex {i}: type and value must be strings"
    return None


def iter_documents(
    path: str | Path,
    *,
    required: Sequence[str] = DOC_KEYS,
    progress: Callable[[int], None] | None = None,
) -> Iterator[dict[str, Any] | ReadProblem]:
    """The usable documents of a JSON Lines file ("-": standard input), one at a time, with
    the problems of the other lines: unreadable lines, missing ``required`` keys, badly typed
    fields or timexes, and a ``doc_id`` seen on an earlier line (the later line is skipped,
    as scoring matches documents by id)."""
    for item in _numbered_documents(path, required, progress):
        yield item if isinstance(item, ReadProblem) else item[1]


def _numbered_documents(
    path: str | Path, required: Sequence[str], progress: Callable[[int], None] | None
) -> Iterator[tuple[int, dict[str, Any]] | ReadProblem]:
    """:func:`iter_documents`, each document with its line number."""
    seen: dict[str, int] = {}
    for item in read_json_lines(path, progress):
        if isinstance(item, ReadProblem):
            yield item
            continue
        doc = item.values
        problem = _document_problem(doc, required)
        if problem is None and "doc_id" in doc and doc["doc_id"] in seen:
            problem = f"duplicate doc_id {doc['doc_id']!r} (first on line {seen[doc['doc_id']]})"
        if problem is not None:
            yield ReadProblem(str(path), item.number, problem)
            continue
        if "doc_id" in doc:
            seen[doc["doc_id"]] = item.number
        yield item.number, doc


def read_documents(
    path: str | Path, *, required: Sequence[str] = DOC_KEYS
) -> tuple[list[dict[str, Any]], list[ReadProblem]]:
    """All of :func:`iter_documents` at once: the usable documents and the problems.

    For documents still to be tagged, pass ``required=("doc_id", "text")``.
    """
    docs: list[dict[str, Any]] = []
    problems: list[ReadProblem] = []
    for item in iter_documents(path, required=required):
        if isinstance(item, ReadProblem):
            problems.append(item)
        else:
            docs.append(item)
    return docs, problems


def write_jsonl(docs: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """Write documents as JSON Lines (UTF-8 text kept as is); returns the number written."""
    count = 0
    for doc in docs:
        out.write(json.dumps(doc, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def timex_to_dict(timex: Timex) -> dict[str, Any]:
    """The JSON Lines form of a timex: TIMEX3 attributes, quant/freq only when set."""
    out: dict[str, Any] = {
        "start": timex.start,
        "end": timex.end,
        "text": timex.text,
        "type": timex.type,
        "value": timex.value,
        "mod": timex.mod,
    }
    if timex.quant is not None:
        out["quant"] = timex.quant
    if timex.freq is not None:
        out["freq"] = timex.freq
    return out


def _default_tagger() -> Tagger:
    # imported late: the tagger is heavy and this module must stay importable without it
    from timeline.tagger import tag

    return tag


def document_type(doc: Mapping[str, Any]) -> str:
    """The doc's ``type`` key if present, else news when it has a DCT, else narrative."""
    explicit = doc.get("type")
    if isinstance(explicit, str) and explicit:
        return explicit
    return auto_doc_type(doc.get("dct"))


def tag_document(
    doc: Mapping[str, Any], *, doc_type: str | None = None, tagger: Tagger | None = None
) -> dict[str, Any]:
    """A copy of ``doc`` whose ``timexes`` are the tagger's output for its text and DCT.

    ``doc_type`` overrides :func:`document_type`. ``tagger`` defaults to
    :func:`timeline.tagger.tag` (another callable with its signature can stand in).
    """
    tag = tagger if tagger is not None else _default_tagger()
    result = tag(doc["text"], doc.get("dct"), doc_type=doc_type or document_type(doc))
    out = dict(doc)
    out["timexes"] = [timex_to_dict(t) for t in result.timexes]
    return out


def tag_documents(
    docs: Iterable[Mapping[str, Any]], *, doc_type: str | None = None, tagger: Tagger | None = None
) -> Iterator[dict[str, Any]]:
    """Tag documents one at a time as they are read (see :func:`tag_document`)."""
    tag = tagger if tagger is not None else _default_tagger()
    for doc in docs:
        yield tag_document(doc, doc_type=doc_type, tagger=tag)


def tag_lines(
    path: str | Path,
    *,
    required: Sequence[str] = ("doc_id", "text"),
    doc_type: str | None = None,
    tagger: Tagger | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[dict[str, Any], dict[str, Any]] | ReadProblem]:
    """The documents of a JSON Lines file tagged as they are read, one at a time: each usable
    document with its tagged copy (:func:`tag_document`), and a problem naming the line of
    each one that cannot be used: unreadable lines and bad documents (:func:`iter_documents`),
    and documents the tagger refuses (a ``dct`` that is not a real day, an unknown ``type``).
    The one loop of ``timeline tag --jsonl`` and ``timeline eval``."""
    tag = tagger if tagger is not None else _default_tagger()
    for item in _numbered_documents(path, required, progress):
        if isinstance(item, ReadProblem):
            yield item
            continue
        number, doc = item
        try:
            tagged = tag_document(doc, doc_type=doc_type, tagger=tag)
        except ValueError as exc:  # a bad dct or type: this document only
            yield ReadProblem(str(path), number, f"document {doc['doc_id']!r}: {exc}")
            continue
        yield doc, tagged
