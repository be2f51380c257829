"""Stable article ids: a hash of the canonical URL when there is one, else of the text."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

__all__ = ["article_id", "canonical_url"]

_SPACE = re.compile(r"\s+")
_ID_HEX_CHARS = 16  # 64 bits: collisions are negligible for any corpus presslens will hold


def canonical_url(url: str) -> str | None:
    """Lower-case scheme and host, no tracking parameters (courlan), no fragment; None when
    ``url`` is not an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    from courlan import normalize_url

    try:
        normalised = normalize_url(url.strip())
    except ValueError:  # courlan refuses some malformed URLs; keep what we were given
        normalised = url.strip()
    parts = urlsplit(normalised)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def article_id(url: str | None, text: str) -> str:
    """``"u"`` + hash of the canonical URL, or ``"t"`` + hash of the case- and
    space-normalised text when there is no web URL."""
    canonical = canonical_url(url) if url else None
    if canonical is not None:
        return "u" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:_ID_HEX_CHARS]
    normalised = _SPACE.sub(" ", text).strip().lower()
    return "t" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:_ID_HEX_CHARS]
