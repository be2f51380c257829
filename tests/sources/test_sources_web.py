"""Polite fetching against a local server: status codes, retries, timeouts, robots, charsets."""

from __future__ import annotations

import httpx
import pytest

from presslens.errors import SourceError
from presslens.sources import DEFAULT_USER_AGENT, SourceOptions
from presslens.sources.web import Fetcher, fetch_document


def test_fetch_page_sets_uri_type_charset_and_user_agent(news_site, fast_options):
    raw = fetch_document(news_site.url("/news/harbour.html"), options=fast_options)
    assert raw.uri == news_site.url("/news/harbour.html")
    assert raw.content_type == "text/html"
    assert raw.encoding == "utf-8"
    assert b"Boats returned on Monday." in raw.content
    assert raw.fetched_at and raw.origin and raw.origin.startswith("http:")
    agents = {agent for path, agent in news_site.hits}
    assert agents == {DEFAULT_USER_AGENT}
    assert DEFAULT_USER_AGENT.startswith("presslens/")


def test_charset_from_header_is_kept_and_bytes_untouched(news_site, fast_options):
    raw = fetch_document(news_site.url("/news/latin1.html"), options=fast_options)
    assert raw.encoding == "iso-8859-1"
    assert raw.content.decode(raw.encoding) == "<html><body><p>Le café était fermé à Noël.</p></body></html>"


def test_404_is_a_source_error_and_not_retried(news_site, fast_options):
    options = SourceOptions(delay=0, backoff=0, timeout=1, retries=3)
    with pytest.raises(SourceError) as caught:
        fetch_document(news_site.url("/news/gone.html"), options=options)
    assert caught.value.code == "http-404"
    assert caught.value.source_id == news_site.url("/news/gone.html")
    assert news_site.count("/news/gone.html") == 1


def test_500_then_200_is_retried_with_exponential_backoff(news_site):
    waits: list[float] = []
    options = SourceOptions(delay=0, backoff=0.25, timeout=1, retries=2)
    with Fetcher(options, sleep=waits.append) as fetcher:
        raw = fetcher.fetch(news_site.url("/flaky.html"))
    assert b"The second try worked." in raw.content
    assert news_site.count("/flaky.html") == 2
    assert waits == [0.25]


def test_persistent_5xx_gives_up_after_retries_with_growing_waits(news_site):
    waits: list[float] = []
    options = SourceOptions(delay=0, backoff=0.25, timeout=1, retries=2)
    with Fetcher(options, sleep=waits.append) as fetcher, pytest.raises(SourceError) as caught:
        fetcher.fetch(news_site.url("/broken.html"))
    assert caught.value.code == "http-503"
    assert news_site.count("/broken.html") == 3
    assert waits == [0.25, 0.5]


def test_slow_page_times_out(news_site):
    options = SourceOptions(delay=0, backoff=0, timeout=0.3, retries=1)
    with pytest.raises(SourceError) as caught:
        fetch_document(news_site.url("/slow.html"), options=options)
    assert caught.value.code == "timeout"
    assert news_site.count("/slow.html") == 2  # one retry


def test_robots_disallow_is_respected_without_requesting_the_page(news_site, fast_options):
    with pytest.raises(SourceError) as caught:
        fetch_document(news_site.url("/private/memo.html"), options=fast_options)
    assert caught.value.code == "robots-disallowed"
    assert news_site.count("/private/memo.html") == 0


def test_robots_can_be_ignored_on_request(news_site):
    options = SourceOptions(delay=0, backoff=0, timeout=1, retries=0, respect_robots=False)
    raw = fetch_document(news_site.url("/private/memo.html"), options=options)
    assert b"Nobody should crawl this." in raw.content
    assert news_site.count("/robots.txt") == 0


def test_robots_txt_is_read_once_per_host(news_site, fast_options):
    with Fetcher(fast_options) as fetcher:
        fetcher.fetch(news_site.url("/news/harbour.html"))
        fetcher.fetch(news_site.url("/news/council.html"))
    assert news_site.count("/robots.txt") == 1


def test_per_host_delay_waits_between_requests(news_site):
    waits: list[float] = []
    options = SourceOptions(delay=7, backoff=0, timeout=1, retries=0)
    # a clock that never moves: every request after the first must wait the full delay
    with Fetcher(options, sleep=waits.append, clock=lambda: 100.0) as fetcher:
        fetcher.fetch(news_site.url("/news/harbour.html"))
        fetcher.fetch(news_site.url("/news/council.html"))
    # robots.txt, then two pages: two waits of the full delay
    assert waits == [7, 7]


def test_crawl_delay_from_robots_raises_the_delay(news_site):
    news_site.static("/robots.txt", b"User-agent: *\nCrawl-delay: 3\n", {"Content-Type": "text/plain"})
    waits: list[float] = []
    options = SourceOptions(delay=1, backoff=0, timeout=1, retries=0)
    with Fetcher(options, sleep=waits.append, clock=lambda: 0.0) as fetcher:
        fetcher.fetch(news_site.url("/news/harbour.html"))
    assert waits == [3]


def test_robots_5xx_means_disallow_all(news_site, fast_options):
    news_site.static("/robots.txt", b"oops", {"Content-Type": "text/plain"}, status=500)
    with pytest.raises(SourceError) as caught:
        fetch_document(news_site.url("/news/harbour.html"), options=fast_options)
    assert caught.value.code == "robots-disallowed"


def test_robots_404_means_allow_all(news_site, fast_options):
    del news_site.routes["/robots.txt"]
    raw = fetch_document(news_site.url("/private/memo.html"), options=fast_options)
    assert b"Memo" in raw.content


def test_redirect_is_followed_and_uri_is_the_final_url(news_site, fast_options):
    raw = fetch_document(news_site.url("/moved.html"), options=fast_options)
    assert raw.uri == news_site.url("/news/harbour.html")
    assert b"Boats returned" in raw.content


def test_redirect_loop_stops(news_site, fast_options):
    news_site.static("/loop.html", b"", {"Location": "/loop.html"}, status=302)
    with pytest.raises(SourceError) as caught:
        fetch_document(news_site.url("/loop.html"), options=fast_options)
    assert caught.value.code == "too-many-redirects"


def test_redirect_into_disallowed_path_is_refused(news_site, fast_options):
    news_site.static("/sneaky.html", b"", {"Location": "/private/memo.html"}, status=302)
    with pytest.raises(SourceError) as caught:
        fetch_document(news_site.url("/sneaky.html"), options=fast_options)
    assert caught.value.code == "robots-disallowed"
    assert news_site.count("/private/memo.html") == 0


def test_too_large_body_is_refused(news_site):
    news_site.static("/huge.html", b"<p>" + b"x" * 5000 + b"</p>")
    options = SourceOptions(delay=0, backoff=0, timeout=1, retries=0, max_bytes=1000)
    with pytest.raises(SourceError) as caught:
        fetch_document(news_site.url("/huge.html"), options=options)
    assert caught.value.code == "too-large"


def test_connection_refused_is_connection_failed(fast_options):
    # a port nobody listens on: bind one, then close it before fetching
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SourceError) as caught:
        fetch_document(f"http://127.0.0.1:{port}/x.html", options=fast_options)
    assert caught.value.code == "connection-failed"


@pytest.mark.parametrize("url", ["ftp://example.com/a", "not a url", "/etc/passwd"])
def test_non_http_urls_are_refused(url):
    with pytest.raises(SourceError) as caught:
        fetch_document(url)
    assert caught.value.code == "bad-url"


def test_429_honours_retry_after():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if calls.count("/busy") == 1:
            return httpx.Response(429, headers={"Retry-After": "4"})
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>ok</p>")

    waits: list[float] = []
    options = SourceOptions(delay=0, backoff=0.1, timeout=1, retries=1)
    with Fetcher(options, transport=httpx.MockTransport(handler), sleep=waits.append) as fetcher:
        raw = fetcher.fetch("http://news.example/busy")
    assert raw.content == b"<p>ok</p>"
    assert waits == [4]


@pytest.mark.parametrize(
    ("field", "value"), [("delay", -1), ("timeout", -0.5), ("retries", -1), ("max_bytes", 0)]
)
def test_bad_options_are_refused(field, value):
    with pytest.raises(ValueError):
        SourceOptions(**{field: value})


def test_robots_txt_redirect_is_followed(news_site, fast_options):
    news_site.static("/robots.txt", b"", {"Location": "/real-robots.txt"}, status=301)
    news_site.static("/real-robots.txt", b"User-agent: presslens\nDisallow: /news/\n", {"Content-Type": "text/plain"})
    with pytest.raises(SourceError) as caught:
        fetch_document(news_site.url("/news/harbour.html"), options=fast_options)
    assert caught.value.code == "robots-disallowed"
    # rules for another agent do not apply to us
    assert fetch_document(news_site.url("/private/memo.html"), options=fast_options).content


# -- issue 9: a server that drips, a server that never answers -------------------------------

import socket  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402

from tests.hang_guards import raw_server  # noqa: E402

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 4000\r\n\r\n"


def never_answer(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(30)


def drip(head_first: bool) -> Callable[[socket.socket, threading.Event], None]:
    """Answer one byte every 0.05 s, for minutes: only a whole-download deadline ends it."""

    def answer(conn: socket.socket, stop: threading.Event) -> None:
        try:
            conn.recv(65536)
            if head_first:
                conn.sendall(HEAD)
            for byte in (b"" if head_first else HEAD) + b"x" * 4000:
                if stop.wait(0.05):
                    return
                conn.sendall(bytes([byte]))
        except OSError:
            pass

    return answer


@pytest.mark.issue(9)
@pytest.mark.parametrize("head_first", [True, False], ids=["body-drips", "everything-drips"])
def test_a_dripping_server_fails_at_the_deadline_and_is_not_retried(head_first):
    options = SourceOptions(delay=0, backoff=0, timeout=5, retries=2, deadline=0.5, respect_robots=False)
    with raw_server(drip(head_first)) as (base, accepted):
        with pytest.raises(SourceError) as caught:
            fetch_document(f"{base}/slow.html", options=options)
    assert caught.value.code == "timeout"
    assert "deadline" in caught.value.message
    assert len(accepted) == 1  # a retry would be as slow


@pytest.mark.issue(9)
def test_a_server_that_never_answers_is_asked_once_per_crawl():
    # default retries and robots.txt: before, every request waited out every retry (6 tries)
    options = SourceOptions(delay=0, backoff=0, connect_timeout=0.3)
    with raw_server(never_answer) as (base, accepted):
        with Fetcher(options) as fetcher:
            for page in ("/a.html", "/b.html"):
                with pytest.raises(SourceError) as caught:
                    fetcher.fetch(base + page)
                assert caught.value.code == "timeout"
                assert "did not answer" in caught.value.message
    assert len(accepted) == 1  # the robots.txt request; no page was asked


@pytest.mark.issue(9)
def test_waiting_for_an_answer_is_bounded_by_default():
    options = SourceOptions()
    assert 0 < options.connect_timeout <= 20 and options.connect_timeout <= options.timeout
    assert 0 < options.deadline < float("inf")


@pytest.mark.issue(9)
def test_first_byte_and_read_timeouts_are_reported_apart():
    def slow_answer(conn: socket.socket, stop: threading.Event) -> None:
        conn.recv(65536)
        stop.wait(30)

    options = SourceOptions(delay=0, backoff=0, retries=0, connect_timeout=0.2, timeout=5, respect_robots=False)
    with raw_server(slow_answer) as (base, _accepted):
        with pytest.raises(SourceError) as caught:
            fetch_document(f"{base}/a.html", options=options)
    assert caught.value.code == "timeout"
    assert "no answer within 0.2s" in caught.value.message
