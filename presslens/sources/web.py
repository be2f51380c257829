"""Polite fetching: robots.txt, a per-host delay, a user agent, timeouts and retries.

A ``Fetcher`` holds per-host state (robots.txt rules, the time of the last request) and one
HTTP connection pool; use one for many URLs. Redirects are followed hop by hop so that every
hop is checked against its host's robots.txt and waits its turn. The body is not decoded:
the charset declared by ``Content-Type`` goes into ``RawDocument.encoding``.

Waits are bounded three ways (``deadline.py``): ``connect_timeout`` to connect and get the
first byte of an answer, ``timeout`` for each later read, ``deadline`` for the whole
download. A host that does not answer its robots.txt in time is not asked again in the
crawl: its pages fail at once with that reason, instead of each waiting out every retry.
"""

from __future__ import annotations

import logging
import time
import urllib.robotparser
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from presslens.errors import SourceError
from presslens.model import RawDocument
from presslens.sources.deadline import Budget, bounded_transport
from presslens.sources.keys import canonical_url, is_web_url, split_content_type
from presslens.sources.options import SourceOptions

__all__ = ["Fetcher", "fetch_document"]

logger = logging.getLogger(__name__)

_REDIRECTS = (301, 302, 303, 307, 308)
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


class _Retryable(Exception):
    """A failure worth another try; carries the SourceError to raise when tries run out."""

    def __init__(self, error: SourceError, wait: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.wait = wait  # what the server asked for (Retry-After), if anything


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Fetcher:
    """Fetches URLs politely; one instance per crawl, closed when done (context manager).

    ``sleep`` and ``clock`` are injectable so tests can observe waits without waiting.
    """

    def __init__(
        self,
        options: SourceOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or SourceOptions()
        first_byte = min(self.options.connect_timeout, self.options.timeout)
        self._budget = Budget(first_byte=first_byte)
        self._client = httpx.Client(
            headers={"User-Agent": self.options.user_agent},
            timeout=httpx.Timeout(self.options.timeout, connect=first_byte),
            follow_redirects=False,  # followed by hand: robots.txt and delay apply per hop
            transport=transport if transport is not None else bounded_transport(self._budget),
        )
        self._sleep = sleep
        self._clock = clock
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self._unanswered: dict[str, str] = {}  # host -> why its robots.txt timed out

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public -------------------------------------------------------------------------

    def fetch(self, url: str) -> RawDocument:
        """Fetch one URL; raise ``SourceError`` (``source_id`` = the URL) when it fails."""
        if not is_web_url(url):
            raise SourceError("not an http(s) URL", code="bad-url", source_id=url)
        current = url
        for _hop in range(self.options.max_redirects + 1):
            self._check_robots(current, requested=url)
            status, headers, body = self._get_with_retries(current, requested=url)
            if status in _REDIRECTS and headers.get("location"):
                current = urljoin(current, headers["location"])
                if not is_web_url(current):
                    raise SourceError(
                        f"redirected to a non-http URL {current!r}", code="bad-redirect", source_id=url
                    )
                continue
            if status >= 400 or status < 200:
                raise SourceError(f"HTTP {status} from {current}", code=f"http-{status}", source_id=url)
            content_type = headers.get("content-type")
            mime, charset = split_content_type(content_type)
            return RawDocument(
                uri=canonical_url(current),
                content=body,
                content_type=mime,
                encoding=charset,
                fetched_at=_now_iso(),
                origin=f"http:{url}" if current == url else f"http:{url} -> {current}",
            )
        raise SourceError(
            f"more than {self.options.max_redirects} redirects", code="too-many-redirects", source_id=url
        )

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch ``url`` (always True when not respected)."""
        if not self.options.respect_robots:
            return True
        return self._robots_for(url).can_fetch(self.options.user_agent, url)

    # -- politeness ---------------------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        host = _host_key(url)
        delay = self.options.delay
        robots = self._robots.get(host)
        if robots is not None:
            crawl_delay = robots.crawl_delay(self.options.user_agent)
            if crawl_delay is not None:
                delay = max(delay, min(float(crawl_delay), self.options.max_crawl_delay))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + delay - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        host = _host_key(url)
        parser = self._robots.get(host)
        if parser is None:
            parser = self._load_robots(host)
            self._robots[host] = parser
        return parser

    def _load_robots(self, host: str) -> urllib.robotparser.RobotFileParser:
        # RFC 9309: a 4xx robots.txt means "no rules"; 5xx means "assume all disallowed".
        # A host we cannot reach at all gets no rules: the page fetch then reports why.
        parser = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
        robots_url = f"{host}/robots.txt"
        try:
            for _hop in range(5):  # RFC 9309: follow at least five redirects
                status, headers, body = self._get_with_retries(robots_url, requested=robots_url, retry_timeouts=False)
                if status not in _REDIRECTS or not headers.get("location"):
                    break
                robots_url = urljoin(robots_url, headers["location"])
                if not is_web_url(robots_url):
                    break
        except SourceError as error:
            if error.code == "timeout":
                logger.warning("robots.txt of %s: %s; not asking this host again", host, error.message)
                self._unanswered[host] = error.message
                parser.parse(_DISALLOW_ALL)
            elif error.code == "http-429" or error.code.startswith("http-5"):
                logger.warning("robots.txt of %s answers %s: treating the site as disallowed", host, error.code)
                parser.parse(_DISALLOW_ALL)
            else:
                logger.info("robots.txt unreachable for %s (%s): no rules applied", host, error.code)
                parser.parse([])
            return parser
        if status >= 500:
            parser.parse(_DISALLOW_ALL)
        elif status >= 400 or status in _REDIRECTS:
            parser.parse([])  # no rules: everything allowed
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser

    def _check_robots(self, url: str, *, requested: str) -> None:
        allowed = self.allowed(url)
        unanswered = self._unanswered.get(_host_key(url))
        if unanswered is not None:
            raise SourceError(
                f"{_host_key(url)} did not answer (robots.txt: {unanswered})", code="timeout", source_id=requested
            )
        if not allowed:
            raise SourceError(
                f"robots.txt of {_host_key(url)} disallows {url} for {self.options.user_agent!r}",
                code="robots-disallowed",
                source_id=requested,
            )

    # -- transport ----------------------------------------------------------------------

    def _get_with_retries(
        self, url: str, *, requested: str, retry_timeouts: bool = True
    ) -> tuple[int, dict[str, str], bytes]:
        attempt = 0
        while True:
            self._wait_turn(url)
            try:
                return self._get_once(url, requested=requested)
            except _Retryable as failure:
                timed_out = failure.error.code == "timeout"
                if attempt >= self.options.retries or (timed_out and not retry_timeouts):
                    raise failure.error from None
                wait = self.options.backoff * 2**attempt
                if failure.wait is not None:
                    wait = max(wait, min(failure.wait, self.options.max_crawl_delay))
                logger.info("retrying %s in %.1fs after %s", url, wait, failure.error.code)
                if wait > 0:
                    self._sleep(wait)
                attempt += 1

    def _get_once(self, url: str, *, requested: str) -> tuple[int, dict[str, str], bytes]:
        self._budget.start(self.options.deadline)
        try:
            with self._client.stream("GET", url) as response:
                status = response.status_code
                headers = {k.lower(): v for k, v in response.headers.items()}
                if status in _RETRY_STATUSES:
                    raise _Retryable(
                        SourceError(f"HTTP {status} from {url}", code=f"http-{status}", source_id=requested),
                        wait=_retry_after(headers.get("retry-after")),
                    )
                body = self._read_limited(response, url, requested)
        except httpx.TimeoutException as error:
            if self._budget.expired == "deadline":  # trying again would be as slow: final
                raise self._past_deadline(url, requested) from None
            if isinstance(error, httpx.ConnectTimeout):
                waited, what = self._budget.first_byte, "no connection"
            elif self._budget.expired == "first-byte":
                waited, what = self._budget.first_byte, "no answer"
            else:
                waited, what = self.options.timeout, "no bytes"
            raise _Retryable(
                SourceError(
                    f"timed out: {what} within {waited:g}s ({type(error).__name__})",
                    code="timeout",
                    source_id=requested,
                )
            ) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as error:
            raise SourceError(f"cannot fetch this URL: {error}", code="bad-url", source_id=requested) from None
        except httpx.TransportError as error:
            raise _Retryable(
                SourceError(
                    f"connection failed: {error or type(error).__name__}",
                    code="connection-failed",
                    source_id=requested,
                )
            ) from None
        return status, headers, body

    def _read_limited(self, response: httpx.Response, url: str, requested: str) -> bytes:
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise SourceError(
                f"{url} declares {declared} bytes, more than max_bytes={limit}",
                code="too-large",
                source_id=requested,
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            if self._budget.passed():  # also bounds transports without bounded streams
                raise self._past_deadline(url, requested)
            size += len(chunk)
            if size > limit:
                raise SourceError(
                    f"{url} is larger than max_bytes={limit}", code="too-large", source_id=requested
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _past_deadline(self, url: str, requested: str) -> SourceError:
        return SourceError(
            f"{url} was not downloaded within the {self.options.deadline:g}s deadline (the server sends too slowly)",
            code="timeout",
            source_id=requested,
        )


def fetch_document(
    url: str, *, options: SourceOptions | None = None, fetcher: Fetcher | None = None
) -> RawDocument:
    """Fetch one web page politely; raise ``SourceError`` (code ``http-404``, ``timeout``,
    ``robots-disallowed``, ``connection-failed``...) with the URL as ``source_id``.

    Pass a long-lived ``fetcher`` when fetching many URLs, so that robots.txt is read once
    per host and the per-host delay holds across calls.
    """
    if fetcher is not None:
        return fetcher.fetch(url)
    with Fetcher(options) as own:
        return own.fetch(url)
