"""Local inputs: files, directories (recursively), glob patterns and standard input.

Reading only: bytes and provenance go into a ``RawDocument``; decoding and parsing are the
extract stage's job.

Paths are bytes to the OS: a name that is not valid UTF-8 arrives as a str with surrogate
escapes (PEP 383), opens fine, and is shown (``uri``, error rows) in its escaped form
(``bad\\xff.html``), which a database and a terminal can hold. Only regular files are
read: a named pipe would block forever and a device never ends, so both are errors.
"""

from __future__ import annotations

import fnmatch
import glob
import mimetypes
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from presslens.errors import SourceError
from presslens.model import RawDocument

__all__ = [
    "DEFAULT_MAX_BYTES",
    "check_file",
    "display_path",
    "escape_surrogates",
    "expand_paths",
    "iter_paths",
    "read_path",
    "read_stdin",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # same bound as SourceOptions.max_bytes
_GLOB_CHARS = frozenset("*?[")
_ESCAPED_BYTE = re.compile(rb"\\x([0-9a-fA-F]{2})")
_CONTENT_TYPES = {".txt": "text/plain", ".text": "text/plain", ".md": "text/plain"}
# What a path is when it is not a regular file, for the error row.
_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text any database or terminal can hold: bytes that are not UTF-8 in a file
    name (surrogate escapes in Python) become ``\\xNN``."""
    return escape_surrogates(os.fspath(path))


def escape_surrogates(text: str) -> str:
    """``text`` with surrogate escapes (PEP 383) written as ``\\xNN``, other lone surrogates
    as ``\\udNNN``; text without them is returned as it is."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="backslashreplace").decode("utf-8")


def iter_paths(specs: Iterable[str | os.PathLike[str]]) -> Iterator[Path | SourceError]:
    """Every file named by ``specs``, in order: files as given, directories recursively
    (sorted, hidden entries skipped), glob patterns (``**`` allowed) expanded. What cannot be
    listed comes as a ``SourceError`` value in place, so nothing is skipped silently:
    ``not-found`` for a missing path or a pattern matching nothing, ``unreadable-directory``
    for a directory that cannot be listed. Entries that are not regular files (pipes,
    sockets, broken links) are yielded too, for ``read_path`` to refuse with a reason."""
    for spec in specs:
        text = os.fspath(spec)
        if any(char in _GLOB_CHARS for char in text) and not os.path.lexists(text):
            found = False
            for item in _glob(text):
                found = found or isinstance(item, Path)
                yield item
            if not found:
                yield SourceError("no file matches this pattern", code="not-found", path=display_path(text))
        elif os.path.lexists(text):
            yield from _expand_one(Path(text))
        elif (real := _unescaped(text)) is not None:
            yield from _expand_one(Path(real))
        else:
            yield SourceError("no such file or directory", code="not-found", path=display_path(text))


def _unescaped(text: str) -> str | None:
    """The path that ``display_path`` showed as ``text`` (``\\xNN`` back to bytes), when it
    exists: a name copied from an error row, or an input retried, still finds its file."""
    if "\\x" not in text:
        return None
    real = os.fsdecode(_ESCAPED_BYTE.sub(lambda match: bytes([int(match[1], 16)]), os.fsencode(text)))
    return real if real != text and os.path.lexists(real) else None


def expand_paths(specs: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """``iter_paths`` for callers that want paths only: raise the first ``SourceError``."""
    for item in iter_paths(specs):
        if isinstance(item, SourceError):
            raise item
        yield item


def _glob(pattern: str) -> Iterator[Path | SourceError]:
    """The files a pattern matches. ``dir/**/name-pattern``, the common recursive form, is
    matched over ``_walk`` so that a directory it cannot list is reported (``glob`` skips
    it silently); other patterns go to ``glob``."""
    head, marker, rest = pattern.rpartition(f"**{os.sep}")
    root = head.rstrip(os.sep) or ("." if not head else os.sep)
    whole = bool(marker) and (not head or head.endswith(os.sep))  # "**" as a whole component
    simple = bool(rest) and os.sep not in rest and "**" not in rest and not any(c in _GLOB_CHARS for c in root)
    if whole and simple and os.path.isdir(root):
        for item in _walk(Path(root)):
            if isinstance(item, SourceError) or fnmatch.fnmatchcase(item.name, rest):
                yield item
        return
    for match in sorted(glob.glob(pattern, recursive=True)):
        yield from _expand_one(Path(match))


def _expand_one(path: Path) -> Iterator[Path | SourceError]:
    if path.is_dir():
        yield from _walk(path)
    else:
        yield path


def _walk(root: Path) -> Iterator[Path | SourceError]:
    """Depth first, children sorted by name (the order of sorting the full paths), with an
    explicit stack so that deep trees cannot exhaust recursion; a directory reached twice
    through symbolic links is walked once."""
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(directory: str) -> Iterator[Path | SourceError]:
        try:
            info = os.stat(directory)
            if (info.st_dev, info.st_ino) in seen:
                return
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            yield SourceError(
                f"directory cannot be read ({error.strerror or error}); its files were not ingested",
                code="unreadable-directory",
                path=display_path(directory),
            )
            return
        stack.append(iter(entries))

    yield from enter(str(root))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.name.startswith("."):
            continue
        elif _is_dir(entry):
            yield from enter(entry.path)
        else:
            yield Path(entry.path)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symbolic links, as rglob did
    except OSError:
        return False


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _too_large(size: int | None, max_bytes: int, where: str) -> SourceError:
    amount = "over" if size is None else f"{size / 1e6:.1f} MB, over"
    return SourceError(f"input is {amount} the {max_bytes / 1e6:.0f} MB limit", code="too-large", path=where)


def _check_regular(mode: int, where: str) -> None:
    if stat.S_ISDIR(mode):
        raise SourceError("is a directory; give its files or the directory to extract", code="is-a-directory", path=where)
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _FILE_KINDS if test(mode)), "a special file")
        raise SourceError(f"is {kind}, not a regular file; only regular files are read", code="not-a-file", path=where)


def check_file(path: str | os.PathLike[str]) -> None:
    """Raise ``SourceError`` unless ``path`` is a regular file (following links), before
    anything opens it: opening a named pipe waits for a writer, a device never ends."""
    where = display_path(path)
    try:
        _check_regular(os.stat(path).st_mode, where)
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(path) else "no such file"
        raise SourceError(reason, code="not-found", path=where) from None
    except PermissionError:
        raise SourceError("permission denied", code="unreadable", path=where) from None
    except OSError as error:
        raise SourceError(f"cannot be read ({error.strerror or error})", code="unreadable", path=where) from None


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one regular file as a ``RawDocument``; raise ``SourceError`` (``not-found``,
    ``is-a-directory``, ``not-a-file``, ``unreadable``, ``too-large``) naming the path.

    The size limit holds on the bytes read, not only on the size the file reports (files
    in /proc report 0)."""
    where = display_path(path)
    check_file(path)
    try:
        # O_NONBLOCK: should the path have turned into a pipe since the check, opening it
        # does not wait; the mode is checked again on what was opened.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with open(fd, "rb") as stream:
            info = os.fstat(fd)
            _check_regular(info.st_mode, where)
            if info.st_size > max_bytes:
                raise _too_large(info.st_size, max_bytes, where)
            os.set_blocking(fd, True)
            content = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise SourceError("no such file", code="not-found", path=where) from None
    except PermissionError:
        raise SourceError("permission denied", code="unreadable", path=where) from None
    except IsADirectoryError:
        raise SourceError("is a directory", code="is-a-directory", path=where) from None
    except OSError as error:
        raise SourceError(f"cannot be read ({error.strerror or error})", code="unreadable", path=where) from None
    if len(content) > max_bytes:
        raise _too_large(None, max_bytes, where)
    suffix = Path(where).suffix.lower()
    content_type = _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(Path(where).name)[0]
    return RawDocument(
        uri=where,
        content=content,
        content_type=content_type,
        fetched_at=_now(),
        origin="file",
    )


def read_stdin(stream: BinaryIO | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read standard input (or ``stream``) to the end as one ``RawDocument`` with uri ``stdin``."""
    source = stream if stream is not None else sys.stdin.buffer
    content = source.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise SourceError(f"input is over the {max_bytes / 1e6:.0f} MB limit", code="too-large", source_id="stdin")
    return RawDocument(uri="stdin", content=content, fetched_at=_now(), origin="stdin")
