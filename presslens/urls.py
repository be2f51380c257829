"""URL spelling shared by every stage: one canonical form, so ids and resume keys agree."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

__all__ = ["canonical_url", "is_web_url"]


def is_web_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def canonical_url(url: str) -> str | None:
    """The one spelling of a web URL: lower-case scheme and host, no default port, sorted
    query without tracking parameters (courlan), no fragment; None when ``url`` is not an
    absolute http(s) URL."""
    if not is_web_url(url):
        return None
    from courlan import normalize_url

    try:
        normalised = normalize_url(url.strip())
    except ValueError:  # courlan refuses some malformed URLs; keep what we were given
        normalised = url.strip()
    parts = urlsplit(normalised)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))
