"""Stable keys for documents, so that an interrupted ingest can skip what it already stored."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from presslens.model import RawDocument

__all__ = ["canonical_url", "is_web_url", "source_key", "split_content_type"]


def is_web_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def canonical_url(url: str) -> str:
    """The one spelling of a web URL: lower-case scheme and host, no default port, sorted
    query without tracking parameters (courlan), no fragment. Not a URL: returned as is."""
    if not is_web_url(url):
        return url
    from courlan import normalize_url

    try:
        normalised = normalize_url(url.strip())
    except ValueError:  # courlan refuses some malformed URLs; keep what we were given
        normalised = url.strip()
    parts = urlsplit(normalised)
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


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
