"""Feeds and sitemaps: recognised by content, expanded into their pages, fetched politely."""

from __future__ import annotations

import gzip

import pytest

from presslens.model import RawDocument, Rejected
from presslens.sources import SourceOptions, iter_documents
from presslens.sources.feeds import feed_links, is_feed, is_sitemap, sitemap_links


def _raw(content: bytes, content_type: str | None = None, uri: str = "http://news.example/x") -> RawDocument:
    return RawDocument(uri=uri, content=content, content_type=content_type)


RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://news.example/</link><item><link>http://news.example/a.html</link></item><item><link>/b.html</link></item><item><link>http://news.example/a.html#top</link></item></channel></rss>'
ATOM = b'<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="http://news.example/atom.xml"/><entry><link href="http://news.example/c.html"/></entry></feed>'
URLSET = b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://news.example/a.html</loc></url><url><loc>http://elsewhere.example/z.html</loc></url></urlset>'
INDEX = b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://news.example/s1.xml</loc></sitemap></sitemapindex>'
PAGE = b"<!DOCTYPE html><html><body><p>Not a feed, though it says rss in the text.</p></body></html>"


@pytest.mark.parametrize(
    ("content", "content_type", "feed", "sitemap"),
    [
        (RSS, "application/rss+xml", True, False),
        (RSS, "text/xml", True, False),
        (RSS, None, True, False),
        (ATOM, "application/atom+xml", True, False),
        (URLSET, "application/xml", False, True),
        (INDEX, "text/xml", False, True),
        (gzip.compress(URLSET), "application/x-gzip", False, True),
        (PAGE, "text/html", False, False),
        (PAGE, None, False, False),
        (b"<?xml version='1.0'?><html><body>xhtml</body></html>", "application/xhtml+xml", False, False),
    ],
)
def test_recognition(content, content_type, feed, sitemap):
    raw = _raw(content, content_type)
    assert is_feed(raw) is feed
    assert is_sitemap(raw) is sitemap


def test_feed_links_are_absolute_unique_and_in_order():
    assert feed_links(_raw(RSS, uri="http://news.example/feed.xml")) == [
        "http://news.example/a.html",
        "http://news.example/b.html",
    ]


def test_atom_links_skip_self():
    assert feed_links(_raw(ATOM, uri="http://news.example/atom.xml")) == ["http://news.example/c.html"]


def test_sitemap_links_keep_own_site_unless_told_otherwise():
    raw = _raw(URLSET, uri="http://news.example/sitemap.xml")
    assert sitemap_links(raw) == (["http://news.example/a.html"], [])
    pages, _ = sitemap_links(raw, same_site_only=False)
    assert pages == ["http://news.example/a.html", "http://elsewhere.example/z.html"]


def test_sitemap_index_lists_nested_sitemaps():
    assert sitemap_links(_raw(INDEX, uri="http://news.example/sitemap.xml")) == ([], ["http://news.example/s1.xml"])


def test_gzipped_sitemap_is_read():
    raw = _raw(gzip.compress(URLSET), "application/x-gzip", uri="http://news.example/sitemap.xml.gz")
    assert sitemap_links(raw)[0] == ["http://news.example/a.html"]


def _split(items):
    docs = [i for i in items if isinstance(i, RawDocument)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    return docs, rejected


def test_rss_feed_is_expanded_into_its_pages(news_site, fast_options):
    docs, rejected = _split(list(iter_documents([news_site.url("/feed.xml")], options=fast_options)))
    assert [d.uri for d in docs] == [news_site.url("/news/council.html"), news_site.url("/news/harbour.html")] or [
        d.uri for d in docs
    ] == [news_site.url("/news/harbour.html"), news_site.url("/news/council.html")]
    assert all(d.origin == f"feed:{news_site.url('/feed.xml')}" for d in docs)
    codes = sorted(r.code for r in rejected)
    assert codes == ["http-404", "robots-disallowed"]
    assert news_site.count("/private/memo.html") == 0
    assert not any("other.invalid" in path for path, _agent in news_site.hits)


def test_atom_feed_with_relative_links(news_site, fast_options):
    docs, rejected = _split(list(iter_documents([news_site.url("/atom.xml")], options=fast_options)))
    assert [d.uri for d in docs] == [news_site.url("/news/council.html")]
    assert rejected == []


def test_sitemap_index_is_followed_to_pages(news_site, fast_options):
    docs, rejected = _split(list(iter_documents([news_site.url("/sitemap.xml")], options=fast_options)))
    assert sorted(d.uri for d in docs) == sorted([news_site.url("/news/harbour.html"), news_site.url("/news/latin1.html")])
    latin = next(d for d in docs if d.uri.endswith("latin1.html"))
    assert latin.encoding == "iso-8859-1"
    assert all(d.origin and d.origin.startswith("sitemap:") for d in docs)
    assert rejected == []


def test_empty_feed_is_rejected(news_site, fast_options):
    news_site.static("/empty.xml", b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>', {"Content-Type": "application/rss+xml"})
    items = list(iter_documents([news_site.url("/empty.xml")], options=fast_options))
    assert [(type(i).__name__, getattr(i, "code", None)) for i in items] == [("Rejected", "empty-feed")]


def test_empty_sitemap_is_rejected(news_site, fast_options):
    news_site.static("/none.xml", b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', {"Content-Type": "application/xml"})
    items = list(iter_documents([news_site.url("/none.xml")], options=fast_options))
    assert [getattr(i, "code", None) for i in items] == ["empty-sitemap"]


def test_nested_sitemap_failure_is_rejected_and_the_rest_goes_on(news_site, fast_options):
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{news_site.url('/gone-sitemap.xml')}</loc></sitemap>"
        f"<sitemap><loc>{news_site.url('/sitemap-news.xml')}</loc></sitemap></sitemapindex>"
    ).encode()
    news_site.static("/index2.xml", index, {"Content-Type": "application/xml"})
    docs, rejected = _split(list(iter_documents([news_site.url("/index2.xml")], options=fast_options)))
    assert len(docs) == 2
    assert [(r.source_id, r.code) for r in rejected] == [(news_site.url("/gone-sitemap.xml"), "http-404")]


def test_max_sitemaps_bounds_the_walk(news_site, fast_options):
    options = SourceOptions(delay=0, backoff=0, timeout=1, retries=0, max_sitemaps=1)
    docs, rejected = _split(list(iter_documents([news_site.url("/sitemap.xml")], options=options)))
    assert docs == [] and rejected == []
    assert news_site.count("/sitemap-news.xml") == 0
