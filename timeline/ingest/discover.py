"""Discovery: the files named, and those inside the folders named.

Symbolic links are followed; a link back to a folder being walked (a loop) is a problem,
reported once; a FIFO, socket or device is reported and never opened (reading a FIFO waits
forever); nesting depth is not limited (the walk is not recursive).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from timeline.ingest.text import os_message
from timeline.records import ReadProblem


def discover(paths: Iterable[str | Path]) -> Iterator[Path | ReadProblem]:
    """The files named, and those inside the folders named (recursively, sorted).

    Hidden files and folders inside a named folder are skipped (a hidden file named
    explicitly is read). Symbolic links are followed; a file or folder reached twice is
    given once, and a link back to a folder being walked (a loop) is a ReadProblem. A
    missing path, a broken link, a folder that cannot be listed and anything that is not
    a regular file or folder (a FIFO, a socket, a device: never opened) is a ReadProblem.
    """
    # what was given or reported: (device, inode), or the path of what cannot be stat'ed
    seen: set[tuple[int, int] | str] = set()

    for given in paths:
        path = Path(given)
        info = _stat(path)
        if isinstance(info, ReadProblem):
            if os.path.abspath(path) not in seen:
                seen.add(os.path.abspath(path))
                yield info
        elif stat.S_ISDIR(info.st_mode):
            yield from _walk(path, info, seen)
        elif (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            if stat.S_ISREG(info.st_mode):
                yield path
            else:
                yield ReadProblem(str(path), None, _not_regular(info))


def _stat(path: Path | os.DirEntry[str]) -> os.stat_result | ReadProblem:
    """What a path leads to (links followed), or why nothing can be read there."""
    try:
        return path.stat()
    except FileNotFoundError:
        if os.path.islink(path):
            return ReadProblem(str(path), None, "broken symbolic link")
        return ReadProblem(str(path), None, "no such file or folder")
    except OSError as exc:  # ELOOP for a link to itself, EACCES on a folder above it…
        return ReadProblem(str(path), None, os_message(exc))


def _not_regular(info: os.stat_result) -> str:
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a device"}
    kinds |= {stat.S_ISBLK: "a device"}
    kind = next((name for test, name in kinds.items() if test(info.st_mode)), "unknown")
    return f"not a regular file or folder ({kind})"


def _walk(
    top: Path, info: os.stat_result, seen: set[tuple[int, int] | str]
) -> Iterator[Path | ReadProblem]:
    """Files under ``top`` in os.walk's top-down order, with problems where they are met.

    A stack, not recursion: nesting depth is not limited by Python's recursion limit.
    """
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return
    seen.add(key)
    # each folder to walk with its ancestors ((device, inode) → path), to name a loop's end
    stack: list[tuple[Path, dict[tuple[int, int], Path]]] = [(top, {key: top})]
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(
                    (e for e in listing if not e.name.startswith(".")), key=lambda e: e.name
                )
        except OSError as exc:
            yield ReadProblem(str(folder), None, os_message(exc))
            continue
        folders: list[tuple[Path, dict[tuple[int, int], Path]]] = []
        for entry in entries:
            path = Path(folder, entry.name)
            found = _stat(entry)
            if isinstance(found, ReadProblem):
                if os.path.abspath(path) not in seen:
                    seen.add(os.path.abspath(path))
                    yield ReadProblem(str(path), None, found.message)
                continue
            key = (found.st_dev, found.st_ino)
            if stat.S_ISDIR(found.st_mode):
                if key in ancestors:
                    yield ReadProblem(
                        str(path), None, f"symbolic link loop (leads back to {ancestors[key]})"
                    )
                elif key not in seen:  # else a second link to a folder already walked
                    seen.add(key)
                    folders.append((path, ancestors | {key: path}))
            elif key not in seen:
                seen.add(key)
                if stat.S_ISREG(found.st_mode):
                    yield path
                else:
                    yield ReadProblem(str(path), None, _not_regular(found))
        stack.extend(reversed(folders))  # the first subfolder is walked first
