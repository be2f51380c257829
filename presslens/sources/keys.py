"""Stable keys for documents, so that an interrupted ingest can skip what it already stored."""

from __future__ import annotations

import os

from presslens.model import RawDocument
from presslens.urls import canonical_url as canonical_web_url
from presslens.urls import is_web_url

__all__ = ["canonical_url", "is_web_url", "source_key", "split_content_type"]


def canonical_url(url: str) -> str:
    """The canonical spelling of a web URL (``presslens.urls``); anything else as it is."""
    return canonical_web_url(url) or url


def source_key(raw: RawDocument) -> str:
    """The stable key of a document: its canonical URL for web documents; for a local file
    its absolute path (``read_path`` keeps the path as given, which depends on the working
    directory); else its ``uri`` (``/abs/rows.jsonl#L12`` for a JSON Lines row, ``stdin``).
    WARC documents are keyed by their target URL; the record id stays in ``origin``."""
    if raw.origin == "file" and not is_web_url(raw.uri) and not raw.uri.startswith("file:"):
        return os.path.abspath(raw.uri)
    return canonical_url(raw.uri)


def split_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=ISO-8859-1"`` -> ``("text/html", "iso-8859-1")``."""
    if not value:
        return None, None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset" and param_value.strip():
            charset = param_value.strip().strip("\"'").lower()
    return mime.strip().lower() or None, charset
