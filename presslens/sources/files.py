"""Local inputs: files, directories (recursively), glob patterns and standard input.

Reading only: bytes and provenance go into a ``RawDocument``; decoding and parsing are the
extract stage's job.
"""

from __future__ import annotations

import glob
import mimetypes
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from presslens.errors import SourceError
from presslens.model import RawDocument

__all__ = ["DEFAULT_MAX_BYTES", "expand_paths", "read_path", "read_stdin"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # same bound as SourceOptions.max_bytes
_GLOB_CHARS = frozenset("*?[")
_CONTENT_TYPES = {".txt": "text/plain", ".text": "text/plain", ".md": "text/plain"}


def _is_hidden(path: Path) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in path.parts)


def expand_paths(specs: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Every file named by ``specs``: files as given, directories recursively (sorted, hidden
    files skipped), glob patterns (``**`` allowed) expanded. Raise ``SourceError`` with code
    ``not-found`` for a path that does not exist or a pattern that matches nothing."""
    for spec in specs:
        text = os.fspath(spec)
        if any(char in _GLOB_CHARS for char in text) and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise SourceError("no file matches this pattern", code="not-found", path=text)
            for match in matches:
                yield from _expand_one(Path(match))
        else:
            path = Path(text)
            if not path.exists():
                raise SourceError("no such file or directory", code="not-found", path=text)
            yield from _expand_one(path)


def _expand_one(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not _is_hidden(child.relative_to(path)):
                yield child
    else:
        yield path


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _too_large(size: int, max_bytes: int, where: str) -> SourceError:
    return SourceError(
        f"input is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
        code="too-large",
        path=where,
    )


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one file as a ``RawDocument``; raise ``SourceError`` (``not-found``,
    ``is-a-directory``, ``unreadable``, ``too-large``) naming the path."""
    where = os.fspath(path)
    file = Path(where)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise SourceError("is a directory; give its files or the directory to extract", code="is-a-directory", path=where)
        if size > max_bytes:
            raise _too_large(size, max_bytes, where)
        content = file.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file", code="not-found", path=where) from None
    except PermissionError:
        raise SourceError("permission denied", code="unreadable", path=where) from None
    except IsADirectoryError:
        raise SourceError("is a directory", code="is-a-directory", path=where) from None
    except OSError as error:
        raise SourceError(f"cannot be read ({error.strerror or error})", code="unreadable", path=where) from None
    content_type = _CONTENT_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0]
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
