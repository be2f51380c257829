"""A local news site on 127.0.0.1 (ephemeral port) for the web, feed and sitemap tests.

Every page and feed here is text written for these tests. The server records each request
(path and User-Agent) so tests can check retries, robots.txt and politeness.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from presslens.sources import SourceOptions

Response = tuple[int, dict[str, str], bytes]
Route = Callable[["Site", "Handler"], Response]


def page(title: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    ).encode("utf-8")


HTML = {"Content-Type": "text/html; charset=utf-8"}


@dataclass
class Site:
    """Routes by path; ``hits`` lists (path, user agent) of every request served."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[tuple[str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for hit_path, _agent in self.hits if hit_path == path)

    def static(self, path: str, body: bytes, headers: dict[str, str] | None = None, status: int = 200) -> None:
        self.routes[path] = lambda _site, _handler: (status, headers or dict(HTML), body)


class Handler(BaseHTTPRequestHandler):
    site: Site  # set on the subclass made per server

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        with self.site.lock:
            self.site.hits.append((self.path, self.headers.get("User-Agent", "")))
        route = self.site.routes.get(self.path)
        status, headers, body = route(self.site, self) if route else (404, {"Content-Type": "text/plain"}, b"not here")
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            pass

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def _serve(site: Site) -> Iterator[Site]:
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = QuietServer(("127.0.0.1", 0), handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def _flaky(site: Site, handler: Handler) -> Response:
    # fails the first time it is asked, then works
    if site.count("/flaky.html") == 1:
        return 500, {"Content-Type": "text/plain"}, b"try again"
    return 200, dict(HTML), page("Recovered", "The second try worked.")


def _slow(site: Site, handler: Handler) -> Response:
    site.release.wait(3)  # longer than the tests' timeout; released at teardown
    return 200, dict(HTML), page("Slow", "Too late.")


def _rss(site: Site) -> bytes:
    items = "".join(
        f"<item><title>{name}</title><link>{site.url(path)}</link></item>"
        for name, path in [
            ("Harbour", "/news/harbour.html"),
            ("Council", "/news/council.html"),
            ("Secret", "/private/memo.html"),
            ("Gone", "/news/gone.html"),
            ("Elsewhere", "http://other.invalid/story.html"),
        ]
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Local news</title><link>{site.url('/')}</link>{items}</channel></rss>"
    ).encode()


def _atom(site: Site) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>Local</title><link rel="self" href="{site.url("/atom.xml")}"/>'
        '<entry><title>Council</title><link href="/news/council.html"/></entry>'
        "</feed>"
    ).encode()


def _sitemap_index(site: Site) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/sitemap-news.xml')}</loc></sitemap>"
        "</sitemapindex>"
    ).encode()


def _sitemap_news(site: Site) -> bytes:
    urls = "".join(
        f"<url><loc>{site.url(path)}</loc></url>" for path in ("/news/harbour.html", "/news/latin1.html")
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def build_news_site(site: Site) -> None:
    xml = {"Content-Type": "application/xml"}
    site.static("/robots.txt", b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    site.static("/news/harbour.html", page("Harbour reopens", "Boats returned on Monday."))
    site.static("/news/council.html", page("Council votes", "The vote was close."))
    site.static("/private/memo.html", page("Memo", "Nobody should crawl this."))
    site.static(
        "/news/latin1.html",
        "<html><body><p>Le café était fermé à Noël.</p></body></html>".encode("iso-8859-1"),
        {"Content-Type": "text/html; charset=ISO-8859-1"},
    )
    site.static("/moved.html", b"", {"Location": "/news/harbour.html"}, status=301)
    site.static("/broken.html", b"down", {"Content-Type": "text/plain"}, status=503)
    site.routes["/flaky.html"] = _flaky
    site.routes["/slow.html"] = _slow
    site.routes["/feed.xml"] = lambda s, _h: (200, {"Content-Type": "application/rss+xml"}, _rss(s))
    site.routes["/atom.xml"] = lambda s, _h: (200, {"Content-Type": "application/atom+xml"}, _atom(s))
    site.routes["/sitemap.xml"] = lambda s, _h: (200, xml, _sitemap_index(s))
    site.routes["/sitemap-news.xml"] = lambda s, _h: (200, xml, _sitemap_news(s))


@pytest.fixture
def news_site() -> Iterator[Site]:
    site = Site()
    build_news_site(site)
    yield from _serve(site)


@pytest.fixture
def fast_options() -> SourceOptions:
    """No waiting between requests or tries, short timeouts: tests stay quick."""
    return SourceOptions(delay=0, backoff=0, timeout=0.5, retries=1)
