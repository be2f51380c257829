"""RSS/Atom/JSON feeds and XML/text sitemaps: recognise them and list the links they hold.

Parsing is trafilatura's (``trafilatura.feeds.find_links``, ``trafilatura.sitemaps``); the
network is ours (``web.Fetcher``), so robots.txt, delays and retries apply to every request.
Link checking is ours too: courlan, which trafilatura uses, rejects hosts with a port such
as a local test server, and we want one rule for feeds and sitemaps: http(s) links, made
absolute, on the feed's own site unless ``SourceOptions.same_site_links`` is off.
"""

from __future__ import annotations

import gzip
import logging
import re
import zlib
from urllib.parse import urljoin, urlsplit

from presslens.model import RawDocument
from presslens.sources.keys import is_web_url

__all__ = [
    "decoded_text",
    "feed_links",
    "is_feed",
    "is_sitemap",
    "same_site",
    "sitemap_links",
]

logger = logging.getLogger(__name__)

_FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/x-rss+xml",
        "application/x-atom+xml",
        "text/rss+xml",
        "text/atom+xml",
    }
)
_XML_TYPES = frozenset({"application/xml", "text/xml", "text/plain", "application/x-gzip", "application/gzip"})
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_SITEMAP_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:urlset|sitemapindex)\b")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_SNIFF_BYTES = 2048


def decoded_text(raw: RawDocument) -> str:
    """The document as text: gunzipped if it is gzip (``sitemap.xml.gz``), decoded with the
    declared charset, else UTF-8 (XML's default), replacing what does not decode."""
    content = raw.content
    if content[:2] == b"\x1f\x8b":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError, zlib.error):
            logger.info("%s looks gzipped but does not decompress", raw.uri)
    encoding = raw.encoding or "utf-8"
    try:
        return content.decode(encoding, errors="replace")
    except LookupError:  # an unknown charset name
        return content.decode("utf-8", errors="replace")


def _head(raw: RawDocument) -> bytes:
    head = raw.content[:_SNIFF_BYTES]
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw.content[:65536], _SNIFF_BYTES)
        except zlib.error:
            return b""
    return head.lstrip()


def is_sitemap(raw: RawDocument) -> bool:
    """An XML sitemap or sitemap index (by its root element), or a text sitemap when the URL
    says so (``.../sitemap.txt``)."""
    head = _head(raw)
    if _HTML_ROOT.search(head):
        return False
    if _SITEMAP_ROOT.search(head):
        return True
    path = urlsplit(raw.uri).path.lower()
    return path.endswith("sitemap.txt") and head.startswith(b"http")


def is_feed(raw: RawDocument) -> bool:
    """An RSS, Atom, RDF or JSON feed, by declared type or by its root element."""
    if is_sitemap(raw):
        return False
    head = _head(raw)
    if raw.content_type in _FEED_TYPES:
        return True
    if _HTML_ROOT.search(head):
        return False
    if raw.content_type is None or raw.content_type in _XML_TYPES or raw.content_type.endswith("xml"):
        return bool(_FEED_ROOT.search(head))
    return False


def same_site(url: str, base: str) -> bool:
    """Same host, ignoring a leading ``www.`` (ports must match too)."""

    def host(u: str) -> str:
        netloc = urlsplit(u).netloc.lower()
        return netloc[4:] if netloc.startswith("www.") else netloc

    return host(url) == host(base)


def _clean_links(links: list[str], base: str, *, same_site_only: bool) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for link in links:
        absolute = urljoin(base, link.strip())
        absolute = absolute.split("#", 1)[0]
        if not is_web_url(absolute) or absolute in seen or absolute == base:
            continue
        if urlsplit(absolute).path in ("", "/"):  # a home page (an RSS channel link), not a story
            continue
        if same_site_only and not same_site(absolute, base):
            logger.info("skipping off-site link %s in %s", absolute, base)
            continue
        seen.add(absolute)
        kept.append(absolute)
    return kept


def feed_links(raw: RawDocument, *, same_site_only: bool = True) -> list[str]:
    """The article links of a feed, in feed order, absolute and without duplicates."""
    from trafilatura.feeds import FeedParameters, find_links

    text = decoded_text(raw).strip()
    # FeedParameters only feeds trafilatura's own checks, which we do not use here.
    params = FeedParameters(raw.uri, urlsplit(raw.uri).netloc, raw.uri)
    return _clean_links(find_links(text, params), raw.uri, same_site_only=same_site_only)


def sitemap_links(raw: RawDocument, *, same_site_only: bool = True) -> tuple[list[str], list[str]]:
    """``(page_urls, nested_sitemap_urls)`` listed by a sitemap or sitemap index."""
    from trafilatura.sitemaps import DETECT_SITEMAP_LINK, SitemapObject

    collected: list[str] = []

    class _Collector(SitemapObject):
        # trafilatura's parsing, our link rule (see the module docstring)
        def handle_link(self, link: str) -> None:
            collected.append(link)

    sitemap = _Collector(raw.uri, urlsplit(raw.uri).netloc, [])
    sitemap.current_url = raw.uri
    sitemap.content = decoded_text(raw)
    sitemap.process()
    pages: list[str] = []
    nested: list[str] = []
    for link in _clean_links(collected, raw.uri, same_site_only=same_site_only):
        (nested if DETECT_SITEMAP_LINK.search(link) else pages).append(link)
    return pages, nested
