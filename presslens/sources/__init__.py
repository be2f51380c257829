"""Sources: turn paths, URLs, feeds, sitemaps, WARC, JSON Lines and stdin into ``RawDocument``s.

Sources read and decode transport (files, HTTP, WARC records, charsets); they never parse
articles. ``iter_documents`` streams: memory stays flat whatever the corpus size, and an
input that fails becomes a ``Rejected`` value while the stream goes on.

How a spec is read:

- ``-``: standard input, one document;
- ``http(s)://...``: fetched politely (``web.Fetcher``); an RSS/Atom/JSON feed or an XML
  sitemap (recognised by content type and content) is expanded into the pages it lists;
- ``*.warc``, ``*.warc.gz``: the HTML ``response`` records (``warc.iter_warc``);
- ``*.jsonl``, ``*.jsonl.gz``, ``*.ndjson``: one ``{url, html|text}`` object per line;
- anything else: a file, directory or glob, read by ``files.read_path``.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from presslens.errors import SourceError
from presslens.model import RawDocument, Rejected
from presslens.sources.keys import canonical_url, is_web_url, source_key
from presslens.sources.options import DEFAULT_USER_AGENT, SourceOptions

if TYPE_CHECKING:
    from presslens.sources.web import Fetcher

__all__ = [
    "DEFAULT_USER_AGENT",
    "SourceOptions",
    "canonical_url",
    "iter_documents",
    "source_key",
    "spec_kind",
]

logger = logging.getLogger(__name__)

Item = RawDocument | Rejected
SkipFn = Callable[[str], bool]

_WARC_SUFFIXES = (".warc", ".warc.gz")
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def spec_kind(spec: str) -> str:
    """What a spec names, from its spelling alone: ``stdin``, ``url``, ``warc``, ``jsonl`` or
    ``path`` (a file, directory or glob). Feeds and sitemaps are URLs told apart by content."""
    if spec == "-":
        return "stdin"
    if is_web_url(spec):
        return "url"
    name = spec.lower()
    if name.endswith(_WARC_SUFFIXES):
        return "warc"
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    return "path"


def rejected_from(error: SourceError, fallback_id: str) -> Rejected:
    """The ``Rejected`` value that stands for a failed input in a stream."""
    return Rejected(source_id=error.source_id or error.path or fallback_id, reason=error.message, code=error.code)


def iter_documents(
    specs: Iterable[str],
    *,
    options: SourceOptions | None = None,
    skip: SkipFn | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Stream every document named by ``specs``, in order, as ``RawDocument`` or ``Rejected``.

    ``skip(key)`` (optional) is asked with a document's ``source_key`` and with a URL's
    canonical form before it is fetched; True drops it, so a resumed ingest neither refetches
    nor re-yields what it already stored.
    """
    options = options or SourceOptions()
    crawl = _Crawl(options, skip)
    try:
        for spec in specs:
            for item in _iter_spec(spec, crawl):
                item = _printable(item)
                if isinstance(item, RawDocument) and skip is not None and skip(source_key(item)):
                    continue
                yield item
    finally:
        crawl.close()


def _printable(item: Item) -> Item:
    """``item`` with file names that are not UTF-8 (surrogate escapes) in their escaped form,
    ``\\xNN``: a database, JSON and a terminal cannot hold surrogates."""
    from presslens.sources.files import escape_surrogates

    def clean(text: str) -> str:
        return text if text.isascii() else escape_surrogates(text)

    if isinstance(item, RawDocument):
        uri, origin = clean(item.uri), clean(item.origin) if item.origin else item.origin
        if (uri, origin) == (item.uri, item.origin):
            return item
        return dataclasses.replace(item, uri=uri, origin=origin)
    source_id, reason = clean(item.source_id), clean(item.reason)
    if (source_id, reason) == (item.source_id, item.reason):
        return item
    return dataclasses.replace(item, source_id=source_id, reason=reason)


class _Crawl:
    """State that lives for one ``iter_documents`` call: the fetcher and the URLs seen."""

    def __init__(self, options: SourceOptions, skip: SkipFn | None) -> None:
        self.options = options
        self.skip = skip
        self.seen_urls: set[str] = set()
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from presslens.sources.web import Fetcher

            self._fetcher = Fetcher(self.options)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None

    def should_fetch(self, url: str) -> bool:
        key = canonical_url(url)
        if key in self.seen_urls:
            return False
        self.seen_urls.add(key)
        return not (self.skip is not None and self.skip(key))


def _iter_spec(spec: str, crawl: _Crawl) -> Iterator[Item]:
    kind = spec_kind(spec)
    if kind == "stdin":
        from presslens.sources.files import read_stdin

        try:
            yield read_stdin(max_bytes=crawl.options.max_bytes)
        except SourceError as error:
            yield rejected_from(error, "stdin")
    elif kind == "url":
        yield from _iter_url(spec, crawl)
    else:
        yield from _iter_local(spec, crawl)


# The source ids of record-level failures, readable again as specs (``--retry-errors``).
_WARC_RECORD = re.compile(r"^(?P<path>.+\.warc(?:\.gz)?)#(?P<member><[^>]+>)$", re.IGNORECASE)
_JSONL_LINE = re.compile(r"^(?P<path>.+\.(?:jsonl|ndjson)(?:\.gz)?):(?P<member>\d+)$", re.IGNORECASE)


def _iter_member(spec: str, crawl: _Crawl) -> Iterator[Item] | None:
    """One WARC record (``crawl.warc.gz#<urn:uuid:...>``) or JSON Lines row (``rows.jsonl:12``),
    as ``Rejected.source_id`` names them; None when ``spec`` names no such member."""
    for pattern in (_WARC_RECORD, _JSONL_LINE):
        match = pattern.match(spec)
        if match and Path(match["path"]).is_file():
            return _read_member(spec, Path(match["path"]), match["member"], crawl)
    return None


def _read_member(spec: str, path: Path, member: str, crawl: _Crawl) -> Iterator[Item]:
    found = False
    if member.startswith("<"):
        from presslens.sources.warc import iter_warc

        items: Iterator[Item] = iter_warc(path, max_bytes=crawl.options.max_bytes, record_id=member)
    else:
        from presslens.sources.jsonl import iter_jsonl

        items = iter_jsonl(path, max_bytes=crawl.options.max_bytes, line=int(member))
    for item in items:
        found = True
        yield item
    if not found:
        yield Rejected(source_id=spec, reason="the file holds no such record or line", code="not-found")


def _iter_local(spec: str, crawl: _Crawl) -> Iterator[Item]:
    from presslens.sources.files import iter_paths

    member = _iter_member(spec, crawl)
    if member is not None:
        yield from member
        return
    found = False
    for path in iter_paths([spec]):
        found = True
        if isinstance(path, SourceError):  # a missing path, an unlistable directory
            yield rejected_from(path, spec)
        else:
            yield from _iter_path(path, crawl)
    if not found:
        yield Rejected(source_id=spec, reason="no file matches this path or pattern", code="no-input")


def _iter_path(path: Path, crawl: _Crawl) -> Iterator[Item]:
    from presslens.sources.files import check_file

    kind = spec_kind(str(path))
    if kind in ("warc", "jsonl"):
        try:
            check_file(path)  # a pipe or a device named *.warc must not be opened
        except SourceError as error:
            yield rejected_from(error, str(path))
            return
    if kind == "warc":
        from presslens.sources.warc import iter_warc

        yield from iter_warc(path, max_bytes=crawl.options.max_bytes)
    elif kind == "jsonl":
        from presslens.sources.jsonl import iter_jsonl

        yield from iter_jsonl(path, max_bytes=crawl.options.max_bytes)
    else:
        from presslens.sources.files import read_path

        try:
            yield read_path(path, max_bytes=crawl.options.max_bytes)
        except SourceError as error:
            yield rejected_from(error, str(path))


def _fetch(url: str, crawl: _Crawl) -> RawDocument | Rejected:
    try:
        return crawl.fetcher.fetch(url)
    except SourceError as error:
        return rejected_from(error, url)


def _iter_url(url: str, crawl: _Crawl) -> Iterator[Item]:
    from presslens.sources.feeds import feed_links, is_feed, is_sitemap

    if not crawl.should_fetch(url):
        return
    first = _fetch(url, crawl)
    if isinstance(first, Rejected):
        yield first
    elif is_sitemap(first):
        yield from _iter_sitemaps(first, crawl)
    elif is_feed(first):
        links = feed_links(first, same_site_only=crawl.options.same_site_links)
        if not links:
            yield Rejected(source_id=url, reason="the feed lists no article links", code="empty-feed")
        yield from _iter_pages(links, f"feed:{url}", crawl)
    else:
        crawl.seen_urls.add(first.uri)
        yield first


def _iter_pages(urls: Iterable[str], origin: str, crawl: _Crawl) -> Iterator[Item]:
    for url in urls:
        if not crawl.should_fetch(url):
            continue
        page = _fetch(url, crawl)
        if isinstance(page, RawDocument):
            crawl.seen_urls.add(page.uri)
            page = dataclasses.replace(page, origin=origin)
        yield page


def _iter_sitemaps(root: RawDocument, crawl: _Crawl) -> Iterator[Item]:
    """Breadth-first through a sitemap index, fetching each listed page as it goes."""
    from presslens.sources.feeds import is_sitemap, sitemap_links

    same_site = crawl.options.same_site_links
    queue: list[RawDocument | str] = [root]
    done = 0
    while queue and done < crawl.options.max_sitemaps:
        entry = queue.pop(0)
        sitemap = entry if isinstance(entry, RawDocument) else _fetch(entry, crawl)
        if isinstance(sitemap, Rejected):
            yield sitemap
            continue
        done += 1
        if not is_sitemap(sitemap):
            yield Rejected(source_id=sitemap.uri, reason="not an XML sitemap", code="bad-sitemap")
            continue
        pages, nested = sitemap_links(sitemap, same_site_only=same_site)
        if not pages and not nested:
            yield Rejected(source_id=sitemap.uri, reason="the sitemap lists no links", code="empty-sitemap")
        queue.extend(n for n in nested if crawl.should_fetch(n))
        yield from _iter_pages(pages, f"sitemap:{sitemap.uri}", crawl)
    if queue:
        logger.warning("stopped after %d sitemaps (max_sitemaps); %d not read", done, len(queue))
