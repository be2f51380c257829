"""JSON Lines of scraped pages: one ``{"url": ..., "html": ...}`` or ``{"url", "text"}`` per line.

Optional keys: ``fetched_at`` (or ``date``), ``content_type``. A line that is not such an
object (bad JSON, no ``html``/``text``, not UTF-8, too large) yields a ``Rejected`` whose
``source_id`` is ``path:line`` and the rest of the file goes on. Without a ``url``, the
document's ``uri`` is ``path#L<line>``, stable across runs as long as the file is unchanged.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from presslens.model import RawDocument, Rejected
from presslens.sources.keys import canonical_url, is_web_url

__all__ = ["iter_jsonl", "parse_jsonl_line"]

logger = logging.getLogger(__name__)

_DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def iter_jsonl(
    path: str | Path, *, max_bytes: int = _DEFAULT_MAX_BYTES, line: int | None = None
) -> Iterator[RawDocument | Rejected]:
    """Stream the documents of a JSON Lines file (plain or gzip), one line at a time;
    with ``line``, only that line (1-based, to retry one)."""
    path = Path(path)
    try:
        stream = _open(path)
    except FileNotFoundError:
        yield Rejected(source_id=str(path), reason="no such file", code="not-found")
        return
    except PermissionError:
        yield Rejected(source_id=str(path), reason="permission denied", code="unreadable")
        return
    line_number = 0
    with stream:
        while True:
            try:
                text, too_long = _read_line(stream, max_bytes)
            except (OSError, EOFError, zlib.error) as error:  # a cut or corrupt .gz
                yield Rejected(
                    source_id=f"{path}:{line_number + 1}",
                    reason=f"unreadable from line {line_number + 1} on ({error}); the rest is lost",
                    code="jsonl-corrupt",
                )
                return
            if not text:
                return
            line_number += 1
            if line is not None and line_number != line:
                continue
            if too_long:
                yield Rejected(
                    source_id=f"{path}:{line_number}",
                    reason=f"line is longer than max_bytes={max_bytes}",
                    code="too-large",
                )
            elif text.strip():
                yield parse_jsonl_line(text, path=str(path), line_number=line_number)
            if line is not None:
                return


def _read_line(stream: IO[bytes], max_bytes: int) -> tuple[bytes, bool]:
    """The next line (its first ``max_bytes + 1`` bytes) and whether it was longer than that;
    the rest of an overlong line is read and dropped, so memory stays bounded."""
    text = stream.readline(max_bytes + 1)
    if len(text) <= max_bytes or text.endswith(b"\n"):
        return text, False
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return text, True


def parse_jsonl_line(line: bytes, *, path: str, line_number: int) -> RawDocument | Rejected:
    """One line of a JSON Lines file as a document, or the reason it is not one."""
    source_id = f"{path}:{line_number}"
    try:
        data: Any = json.loads(line)
    except UnicodeDecodeError:
        return Rejected(source_id=source_id, reason="line is not UTF-8", code="bad-jsonl-line")
    except json.JSONDecodeError as error:
        return Rejected(source_id=source_id, reason=f"not JSON: {error.msg} (column {error.colno})", code="bad-jsonl-line")
    if not isinstance(data, dict):
        return Rejected(source_id=source_id, reason="line is not a JSON object", code="bad-jsonl-line")
    html, text = data.get("html"), data.get("text")
    if isinstance(html, str) and html.strip():
        content, content_type = html, "text/html"
    elif isinstance(text, str) and text.strip():
        content, content_type = text, "text/plain"
    else:
        return Rejected(source_id=source_id, reason='no non-empty "html" or "text" string', code="empty-input")
    url = data.get("url")
    if url is not None and not isinstance(url, str):
        return Rejected(source_id=source_id, reason='"url" is not a string', code="bad-jsonl-line")
    declared_type = data.get("content_type")
    fetched_at = data.get("fetched_at", data.get("date"))
    return RawDocument(
        uri=canonical_url(url) if url and is_web_url(url) else (url or f"{os.path.abspath(path)}#L{line_number}"),
        content=content.encode("utf-8", errors="replace"),  # lone surrogates in JSON
        content_type=declared_type if isinstance(declared_type, str) and declared_type else content_type,
        encoding="utf-8",
        fetched_at=fetched_at if isinstance(fetched_at, str) else None,
        origin=f"jsonl:{path}:{line_number}",
    )
