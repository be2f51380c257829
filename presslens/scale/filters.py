"""Record filters people use on CC-NEWS: language, publication dates, hosts, articles only.

Host lists are checked on the record's URL before extraction (the cheap part of a filter);
language, dates and page class after extraction and before analysis, so a filtered page
never reaches the parser. A value the page does not give (no language, no date, no page
class because the classifier did not run) is *unknown* and passes: a filter drops only what
it knows to be outside, and the dataset keeps ``language``, ``published`` and ``page_class``
so a stricter cut stays one query away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from presslens.errors import ConfigError
from presslens.model import Article

__all__ = ["RecordFilter"]


def _host_matches(host: str, entries: tuple[str, ...]) -> bool:
    """``example.com`` covers ``example.com`` and its subdomains (``www.example.com``)."""
    return any(host == entry or host.endswith("." + entry) for entry in entries)


def _check_date(value: str | None, name: str) -> None:
    if value is None:
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} must be a date such as 2024-01-31, not {value!r}", code="bad-option") from None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFilter:
    """What to keep. Empty tuples and None mean no filter; dates are inclusive ISO days."""

    languages: tuple[str, ...] = ()  # ISO 639-1 codes
    since: str | None = None
    until: str | None = None
    allow_hosts: tuple[str, ...] = ()
    deny_hosts: tuple[str, ...] = ()
    news_only: bool = False  # drop pages the classifier calls something other than news

    def __post_init__(self) -> None:
        _check_date(self.since, "since")
        _check_date(self.until, "until")
        if self.since and self.until and self.since > self.until:
            raise ConfigError(f"since {self.since} is after until {self.until}", code="bad-option")
        for name in ("languages", "allow_hosts", "deny_hosts"):
            object.__setattr__(self, name, tuple(v.strip().lower().lstrip(".") for v in getattr(self, name) if v.strip()))

    @property
    def active(self) -> bool:
        return bool(self.languages or self.since or self.until or self.allow_hosts or self.deny_hosts or self.news_only)

    def url_reason(self, url: str | None) -> str | None:
        """Why a record at ``url`` is dropped (``host-denied``, ``host-not-allowed``), or None."""
        if not (self.allow_hosts or self.deny_hosts) or not url:
            return None
        host = (urlsplit(url).hostname or "").lower()
        if self.deny_hosts and _host_matches(host, self.deny_hosts):
            return "host-denied"
        if self.allow_hosts and not _host_matches(host, self.allow_hosts):
            return "host-not-allowed"
        return None

    def article_reason(self, article: Article) -> str | None:
        """Why an extracted article is dropped (``language``, ``date``, ``not-news`` or a host
        reason for its canonical URL), or None to keep it."""
        if self.languages and article.language and article.language.lower()[:2] not in self.languages:
            return "language"
        day = (article.published or "")[:10]
        if day and ((self.since and day < self.since) or (self.until and day > self.until)):
            return "date"
        if self.news_only and article.page_class is not None and article.page_class != "news":
            return "not-news"
        return self.url_reason(article.url)
