"""How sources fetch and read: one frozen options object shared by every source module."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

__all__ = ["DEFAULT_USER_AGENT", "SourceOptions"]


def _version() -> str:
    try:
        return metadata.version("presslens")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        return "0"


DEFAULT_USER_AGENT = f"presslens/{_version()} (+https://github.com/presslens)"


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceOptions:
    """Politeness and limits for reading inputs.

    ``delay`` is the least time in seconds between two requests to one host (a larger
    robots.txt ``Crawl-delay`` wins, up to ``max_crawl_delay``); ``retries`` counts extra
    tries after a timeout, a dropped connection, HTTP 429 or 5xx, waiting ``backoff * 2**n``
    seconds before try ``n + 1``; 4xx answers are final. ``max_bytes`` bounds one document.

    Time limits: ``connect_timeout`` to connect and to get the first byte of an answer (at
    most ``timeout``), ``timeout`` for every later read, ``deadline`` for one whole download
    however slowly the server drips it (0: none); a download past its deadline is not retried.
    """

    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
    timeout: float = 20.0
    connect_timeout: float = 10.0
    deadline: float = 120.0
    retries: int = 2
    backoff: float = 1.0
    respect_robots: bool = True
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10
    max_crawl_delay: float = 30.0
    max_sitemaps: int = 100  # nested sitemaps followed from one sitemap spec
    same_site_links: bool = True  # follow feed/sitemap links to the feed's own site only

    def __post_init__(self) -> None:
        for name in ("delay", "timeout", "connect_timeout", "deadline", "backoff", "max_crawl_delay"):
            if getattr(self, name) < 0:
                raise ValueError(f"SourceOptions.{name} must be >= 0")
        if self.retries < 0 or self.max_bytes <= 0 or self.max_redirects < 0:
            raise ValueError("SourceOptions: retries >= 0, max_bytes > 0, max_redirects >= 0")
