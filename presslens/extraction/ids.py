"""Stable article ids: a hash of the canonical URL when there is one, else of the text."""

from __future__ import annotations

import hashlib
import re

from presslens.urls import canonical_url

__all__ = ["article_id", "canonical_url"]

_SPACE = re.compile(r"\s+")
_ID_HEX_CHARS = 16  # 64 bits: collisions are negligible for any corpus presslens will hold


def article_id(url: str | None, text: str) -> str:
    """``"u"`` + hash of the canonical URL, or ``"t"`` + hash of the case- and
    space-normalised text when there is no web URL."""
    canonical = canonical_url(url) if url else None
    if canonical is not None:
        return "u" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:_ID_HEX_CHARS]
    normalised = _SPACE.sub(" ", text).strip().lower()
    return "t" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:_ID_HEX_CHARS]
