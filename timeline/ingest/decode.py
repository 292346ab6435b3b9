"""Decoding: a file's bytes to text, or a clear reason why they are not text.

Decoding, in this order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without one, told
by a NUL beside each ASCII character (so only for text with enough ASCII characters or
spaces: a fifth of them); UTF-8; for HTML the ``<meta charset>`` the page declares;
Windows-1252 when its text reads plausibly (a Latin-1 file reads the same: the two differ only
in 0x80-0x9F, control codes in Latin-1 and smart quotes in Windows-1252); else whatever the
charset-normalizer detector names (Cyrillic, Greek, Arabic, East Asian code pages). A file
whose non-ASCII bytes are mostly valid UTF-8 is UTF-8 with damaged bytes: a text or HTML file
is then a problem naming the first bad byte, a JSONL or CSV file loses only the rows holding
them. Central European and Turkish code pages share most letters with Windows-1252 and may be
read as it: save such files as UTF-8.

Not text: a known binary format by its first bytes (PDF, images, ZIP and Office files, RTF…),
bytes no encoding fits, or more than 1% control characters (NUL aside) in the first 64 Ki
characters once decoded → "binary file, not text". A 0-byte file → "empty file".

JSONL and CSV files are never read whole: :func:`open_lines` streams their decoded lines.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from charset_normalizer import from_bytes

from timeline.records import ReadProblem


def decode_utf8(data: bytes) -> str:
    """UTF-8 with or without BOM; UnicodeDecodeError offsets count from the file start."""
    return data.decode("utf-8").removeprefix("\ufeff")


def decode_message(exc: UnicodeDecodeError, base: int = 0, name: str = "UTF-8") -> str:
    return f"not {name} text (byte 0x{exc.object[exc.start]:02x} at offset {base + exc.start})"


_HEAD_BYTES = 64 * 1024  # what sniffing and the binary test look at; also the read size
_SAMPLE_BYTES = 1024 * 1024  # at most this much of the non-UTF-8 parts goes to the detector
_BINARY = "binary file, not text"
# what a file starting with these bytes is: formats people save beside their articles
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive: also .docx, .xlsx, .odt, .epub"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file: .doc, .xls"),
    (b"{\\rtf", "an RTF document: save it as plain text"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)
# (mark, codec, name); UTF-32 LE first: its mark starts with UTF-16 LE's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# control characters text does not hold; tab, line and page breaks and ^Z are allowed, and
# NUL is left to the caller: text around NULs is still text (they are dropped and counted)
_CONTROL = re.compile("[\x01-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, as surrogateescape has them
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# labels browsers read as Windows-1252 (the WHATWG Encoding standard)
_WINDOWS_1252_LABELS = frozenset(
    {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "cp819"}
)


class NotText(Exception):
    """Why a file's bytes are not text: the message of its ReadProblem."""


@dataclass(frozen=True, slots=True)
class Encoding:
    codec: str  # for bytes.decode
    name: str  # for people: "utf-8", "windows-1252", "utf-16-le"


UTF8 = Encoding("utf-8", "utf-8")


def _encoding(codec: str) -> Encoding:
    name = codecs.lookup(codec).name  # canonical: "cp1252", "iso8859-1", "utf-16-le"
    if re.fullmatch(r"cp125\d", name):
        name = "windows-" + name[2:]
    elif name.startswith("iso8859-"):
        name = "iso-8859-" + name[len("iso8859-") :]
    return Encoding(codec, name)


def _sniff(head: bytes) -> Encoding | str | None:
    """What a file's first bytes settle: its encoding, why it is not text, or nothing."""
    if not head:
        return "empty file"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what}), not text"
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            return Encoding(codec, name)
    if b"\0" in head:
        return _utf16_by_nuls(head)
    return None


def _utf16_by_nuls(head: bytes) -> Encoding | None:
    """UTF-16 without a byte-order mark: NULs on one side of the byte pairs only.

    Each ASCII character (letters, spaces, digits, punctuation) has a NUL beside it, so at
    least a fifth of the pairs have one even in Cyrillic or Greek text (spaces); on the
    other side a NUL is rare (U+0100, U+4E00…). A stray NUL in a small UTF-8 file does not
    pass for this; binary data that does is caught later, decoding to control characters.
    """
    pairs = len(head) // 2
    even, odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    if odd >= 2 and odd * 5 >= pairs and even * 100 <= pairs:
        return Encoding("utf-16-le", "utf-16-le")
    if even >= 2 and even * 5 >= pairs and odd * 100 <= pairs:
        return Encoding("utf-16-be", "utf-16-be")
    return None


def _looks_binary(text: str) -> bool:
    """More than 1% control characters (NUL aside) in the first 64 Ki characters."""
    sample = text[:_HEAD_BYTES]
    return len(_CONTROL.findall(sample)) * 100 > len(sample)


def _utf8_scan(chunks: Iterable[bytes]) -> tuple[bool, bytes]:
    """Whether bytes that are not all UTF-8 still mostly are, and a sample for the detector.

    Mostly UTF-8 (more valid non-ASCII characters than bad bytes) means a UTF-8 file with
    damaged bytes, not a legacy encoding: decoding it otherwise would garble every other
    character. The sample is the chunks holding bad bytes.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    good = bad = 0
    sample = bytearray()
    for chunk in itertools.chain(chunks, [b""]):
        text = decoder.decode(chunk, final=not chunk)
        wrong = len(_ESCAPED.findall(text))
        good += len(text) - len(text.encode("ascii", "ignore")) - wrong
        bad += wrong
        if wrong and len(sample) < _SAMPLE_BYTES:
            sample += chunk
    return bad == 0 or good > bad, bytes(sample)


def _legacy_codec(sample: bytes) -> str | None:
    """The 8-bit or East Asian codec of text that is not UTF-8; None if nothing fits.

    Windows-1252 is asked about alone first: left to choose, the detector often names
    another Latin code page for Western text (Baltic cp1257, Central European cp1250) and
    would turn its smart quotes into other letters. It still refuses Windows-1252 for
    Cyrillic, Greek or Arabic text, whose letters then read as an implausible mix.
    """
    for isolation in (["cp1252"], None):
        match = from_bytes(sample, cp_isolation=isolation).best()
        if match is not None:
            return match.encoding
    return None


def declared_charset(head: bytes) -> str | None:
    """The codec a page's ``<meta charset>`` names, if Python knows it."""
    match = _META_CHARSET.search(head[:4096])
    if not match:
        return None
    label = match[1].decode("ascii", "replace").lower()
    if label in _WINDOWS_1252_LABELS:
        label = "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _chunks(data: bytes) -> Iterator[memoryview]:
    view = memoryview(data)
    for start in range(0, len(data), _HEAD_BYTES):
        yield view[start : start + _HEAD_BYTES]


def decode_file(data: bytes, declared: str | None = None) -> tuple[str, Encoding]:
    """The text of a whole file and its encoding (module docstring), else NotText.

    ``declared`` is the codec the file names for itself (an HTML page's meta charset),
    tried after UTF-8 and before the detector.
    """
    found = _sniff(data[:_HEAD_BYTES])
    if isinstance(found, str):
        raise NotText(found)
    if found is None:
        try:
            text, found = data.decode("utf-8"), UTF8
        except UnicodeDecodeError as exc:
            mostly_utf8, sample = _utf8_scan(_chunks(data))
            if mostly_utf8:
                raise NotText(decode_message(exc)) from None
            text, found = _decode_legacy(data, [declared, _legacy_codec(sample)], exc)
    else:
        try:
            text = data.decode(found.codec)
        except UnicodeDecodeError as exc:
            raise NotText(decode_message(exc, name=found.name)) from None
    if _looks_binary(text):
        raise NotText(_BINARY)
    return text.removeprefix("\ufeff"), found


def _decode_legacy(
    data: bytes, candidates: list[str | None], utf8_error: UnicodeDecodeError
) -> tuple[str, Encoding]:
    for codec in candidates:
        if codec and codecs.lookup(codec).name != "utf-8":
            try:
                return data.decode(codec), _encoding(codec)
            except UnicodeDecodeError:
                continue
    if not any(candidates):
        raise NotText(_BINARY)
    byte = utf8_error.object[utf8_error.start]
    where = f"byte 0x{byte:02x} at offset {utf8_error.start}"
    raise NotText(f"unknown character encoding ({where} is not UTF-8)")


def _stream_encoding(handle: BinaryIO) -> Encoding | str:
    """The encoding of a JSONL or CSV file read in chunks (never whole), or why it is not text.

    UTF-8 is checked over the whole file, so that a legacy character late in a large
    export is not taken for damage.
    """
    head = handle.read(_HEAD_BYTES)
    found = _sniff(head)
    if found is None:
        handle.seek(0)
        mostly_utf8, sample = _utf8_scan(iter(functools.partial(handle.read, _HEAD_BYTES), b""))
        codec = None if mostly_utf8 else _legacy_codec(sample)
        if not mostly_utf8 and codec is None:
            return _BINARY
        found = _encoding(codec) if codec else UTF8
    handle.seek(0)
    if isinstance(found, str):
        return found
    if _looks_binary(head.decode(found.codec, "replace")):
        return _BINARY
    return found


# a line end inside a line read in binary mode (which splits at LF only): a CR not before LF
_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")
# a complete decoded line: a CR at the very end may be the first half of a CRLF still to come
_TEXT_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r(?=[^\n]))")


class Lines:
    """Decoded lines of a JSONL or CSV file, streamed, remembering the first undecodable one.

    Lines end at LF, CRLF or a lone CR (old Mac files), the way csv wants them
    (``newline=""``); a byte-order mark at the start of any line is dropped (files joined
    end to end keep theirs). Lines are split as bytes and decoded one by one (an LF byte
    is always a line end in UTF-8 and the other ASCII-based codecs): undecodable bytes
    become U+FFFD so csv can keep its place, and the caller turns the remembered line into
    a ReadProblem for the row holding it. UTF-16 and UTF-32 are decoded as a stream,
    where bad bytes (a file cut short) end the file: the caller reports them after the
    last line.
    """

    def __init__(
        self,
        handle: BinaryIO,
        encoding: Encoding = UTF8,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.handle = handle
        self.encoding = encoding
        self.progress = progress  # told the bytes each line or chunk took
        self.number = 0
        self.offset = 0
        self.bad: tuple[int, str] | None = None  # (line, message)

    def __iter__(self) -> Iterator[str]:
        if self.encoding.name.startswith(("utf-16", "utf-32")):
            yield from self._stream_lines()
        else:
            yield from self._byte_lines()

    def _stream_lines(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.encoding.codec)()
        chunks = iter(functools.partial(self.handle.read, _HEAD_BYTES), b"")
        parts: list[str] = []  # the line being read, in pieces: no quadratic joins
        for chunk in itertools.chain(chunks, [b""]):
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                # every complete line before the bad bytes was given; the one they are in
                # and the rest of the file are not
                message = f"not {self.encoding.name} text from here on ({exc.reason})"
                self.bad = (self.number + 1, message)
                return
            if self.progress is not None:
                self.progress(len(chunk))
            if chunk and "\n" not in text and "\r" not in text:
                parts.append(text)
                continue
            pending = "".join(parts) + text
            lines = _TEXT_LINE.findall(pending)
            rest = pending[sum(map(len, lines)) :]
            if not chunk and rest:
                lines.append(rest)  # the last line, without a line end
            for line in lines:
                self.number += 1
                yield line.removeprefix("\ufeff")
            parts = [rest] if rest else []

    def _byte_lines(self) -> Iterator[str]:
        codec = self.encoding.codec
        name = "UTF-8" if self.encoding.name == "utf-8" else self.encoding.name
        for raw in self.handle:
            if self.progress is not None:
                self.progress(len(raw))
            for piece in _LONE_CR.split(raw) if b"\r" in raw else (raw,):
                if not piece:
                    continue
                self.number += 1
                try:
                    line = piece.decode(codec)
                except UnicodeDecodeError as exc:
                    if self.bad is None:
                        self.bad = (self.number, decode_message(exc, self.offset, name))
                    line = piece.decode(codec, "replace")
                self.offset += len(piece)
                yield line.removeprefix("\ufeff")

    def take_bad(self) -> tuple[int, str] | None:
        bad, self.bad = self.bad, None
        return bad


@contextmanager
def open_lines(
    path: str | Path, progress: Callable[[int], None] | None = None
) -> Iterator[Lines | ReadProblem]:
    """The decoded lines of a JSONL or CSV file ("-": standard input), or why its encoding
    cannot be read. ``progress`` is told how many bytes each line took."""
    # the encoding test reads ahead and seeks back: a pipe cannot, a copy in memory can
    stdin = str(path) == "-"
    with io.BytesIO(sys.stdin.buffer.read()) if stdin else Path(path).open("rb") as handle:
        encoding = _stream_encoding(handle)
        if isinstance(encoding, str):
            yield ReadProblem(str(path), None, encoding)
        else:
            yield Lines(handle, encoding, progress)


class CsvReader(Protocol):
    """What csv.reader returns (its class is private)."""

    line_num: int

    def __next__(self) -> list[str]: ...


def csv_rows(reader: CsvReader) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(line the row starts on, row) pairs; a malformed row comes as its error.

    The reader must be strict: a lenient one swallows the rest of the file into the field
    of a quote never closed. After an error it starts afresh on the next line.
    """
    start = 1
    while True:
        try:
            row: list[str] | csv.Error = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row = exc
        yield start, row
        start = reader.line_num + 1
