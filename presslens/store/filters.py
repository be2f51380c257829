"""What a quote query selects, defined once: the CLI, the Python API and the REST API build
their options from ``QuoteFilter``'s fields, and ``where_clause`` turns it into SQL.

The default view is what a reader asking *who said what* wants: statements (not beliefs or
findings) at or above ``DEFAULT_MIN_CONFIDENCE``, from pages classified as news (or not
classified). ``everything=True`` drops those three defaults; an explicit ``act`` or
``min_confidence`` still applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from presslens.errors import ConfigError
from presslens.model import DEFAULT_MIN_CONFIDENCE, PAGE_CLASSES, QUOTE_ACTS, QUOTE_KINDS

__all__ = ["FilterField", "QuoteFilter", "filter_fields", "fts_query", "normalise_host", "site_clause"]

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
MAX_LIMIT = 10_000
MAX_OFFSET = 10**9


def _help(text: str, *, choices: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"help": text, "choices": choices}


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteFilter:
    """What ``quotes()`` selects. Dates are ISO prefixes (``2024``, ``2024-05``, ``2024-05-31``)
    compared with the article's publication date, both ends inclusive. ``about`` matches words
    of the quote (each word, as a prefix). ``all_copies`` keeps the repeats of a quote in
    near-duplicate copies of the same story."""

    speaker: str | None = field(default=None, metadata=_help("Speaker name or alias (a surname finds every match)."))
    speaker_id: int | None = field(default=None, metadata=_help("One speaker by id (the speaker_id of quotes and speakers)."))
    about: str | None = field(default=None, metadata=_help("Words the quote must contain (prefix match)."))
    since: str | None = field(default=None, metadata=_help("Published on or after this date (YYYY[-MM[-DD]])."))
    until: str | None = field(default=None, metadata=_help("Published on or before this date (YYYY[-MM[-DD]])."))
    site: str | None = field(
        default=None, metadata=_help("Only articles from this site: a host (cnn.com, subdomains included) or its name (CNN).")
    )
    kind: str | None = field(default=None, metadata=_help("Quote kind.", choices=QUOTE_KINDS))
    act: str | None = field(
        default=None, metadata=_help("What the quote reports (default: statement).", choices=QUOTE_ACTS)
    )
    language: str | None = field(default=None, metadata=_help("Article language (ISO 639-1, e.g. en)."))
    page_class: str | None = field(
        default=None, metadata=_help("Page class (default: news and unclassified pages).", choices=PAGE_CLASSES)
    )
    min_confidence: float | None = field(
        default=None, metadata=_help(f"Lowest confidence shown (default: {DEFAULT_MIN_CONFIDENCE}).")
    )
    everything: bool = field(
        default=False, metadata=_help("Show every quote: beliefs and findings, low confidence, non-news pages.")
    )
    all_copies: bool = field(
        default=False, metadata=_help("Also list repeats of a quote in near-duplicate copies of a story.")
    )
    limit: int | None = field(default=100, metadata=_help("At most this many quotes."))
    offset: int = field(default=0, metadata=_help("Skip this many quotes first (for paging)."))

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _DATE.match(value):
                raise ConfigError(f"--{name} wants a date like 2024-05-31, not {value!r}", code="bad-date")
        for name, allowed in (("kind", QUOTE_KINDS), ("act", QUOTE_ACTS), ("page_class", PAGE_CLASSES)):
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise ConfigError(f"{name} must be one of {', '.join(allowed)}, not {value!r}", code=f"bad-{name}")
        if self.language is not None and not _LANGUAGE.match(self.language):
            raise ConfigError(f"language wants an ISO 639-1 code like en, not {self.language!r}", code="bad-language")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError("min_confidence must be between 0 and 1", code="bad-confidence")
        if self.limit is not None and not 0 <= self.limit <= MAX_LIMIT:
            raise ConfigError(f"limit must be between 0 and {MAX_LIMIT}", code="bad-limit")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise ConfigError(f"offset must be between 0 and {MAX_OFFSET}", code="bad-offset")

    @property
    def act_shown(self) -> str | None:
        return self.act if self.act is not None or self.everything else "statement"

    @property
    def confidence_floor(self) -> float | None:
        if self.min_confidence is not None:
            return self.min_confidence
        return None if self.everything else DEFAULT_MIN_CONFIDENCE

    def next_page(self) -> QuoteFilter | None:
        """The filter for the page after this one (None when there is no limit)."""
        if self.limit is None:
            return None
        return replace(self, offset=self.offset + self.limit)


@dataclass(frozen=True, slots=True)
class FilterField:
    """One filter as a front end shows it: name, Python type, default, help, choices."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...]


_TYPES: dict[str, type] = {"str | None": str, "float | None": float, "int | None": int, "bool": bool, "int": int}


def filter_fields() -> tuple[FilterField, ...]:
    """``QuoteFilter``'s fields with their help, so each front end builds its options from them."""
    return tuple(
        FilterField(f.name, _TYPES[str(f.type)], f.default, f.metadata["help"], f.metadata["choices"])
        for f in fields(QuoteFilter)
    )


def normalise_host(site: str) -> str:
    """``https://www.CNN.com/x`` and ``www.cnn.com`` both give ``cnn.com``."""
    host = site.strip().lower()
    host = host.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.")


def site_clause(site: str, alias: str = "a") -> tuple[str, list[Any]]:
    """SQL matching a site given as a host (subdomains included) or as its display name."""
    host = normalise_host(site)
    subdomains = "%." + host.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return (
        f"({alias}.host = ? OR {alias}.host LIKE ? ESCAPE '\\'"
        f" OR lower({alias}.site) = ? OR lower({alias}.site) = ?)",
        [host, subdomains, site.strip().lower(), host],
    )


# FTS5 syntax a user may type on purpose; a query holding any of it is passed on unchanged.
_FTS_SYNTAX = re.compile(r'["()*:^]|\bNEAR\b')
_TERM = re.compile(r"\S+")
_BAREWORD = re.compile(r"^\w+$")
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def fts_query(query: str) -> str:
    """The FTS5 query for what a user typed: FTS syntax is kept for those who use it; terms
    the parser cannot read as words (``COVID-19``, ``U.S.``) become quoted phrases."""
    if _FTS_SYNTAX.search(query):
        return query
    terms = []
    for term in _TERM.findall(query):
        if term in _OPERATORS or _BAREWORD.match(term):
            terms.append(term)
        else:
            terms.append('"' + term.replace('"', '""') + '"')
    return " ".join(terms)
