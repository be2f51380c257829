"""Which day a page was published on, from what the page declares and what it shows.

The declared publication date (JSON-LD, then meta tags and ``<time>`` markup) is right on most
pages; htmldate reads the rest. Two things make a declared date name the wrong day, and the
page itself usually says so:

- **An instant in UTC is not the local day.** ``2019-01-01T23:10Z`` was published on January 2
  in Berlin and ``2023-11-09T05:30Z`` on November 8 in Chicago. When the URL's date, or a
  ``<time>`` stating the same instant in local time, is the day before or after, as some real
  time zone (UTC-12 to UTC+14) would make it, that local day is the one the page was published.
  A date-only value stored as local midnight east of Greenwich reads ``22:00:00Z`` or
  ``23:00:00Z``: it is the next day.
- **A page shows its reader the date it stands by.** Where the page never shows its declared
  day near its headline but shows its declared modified day, it presents itself as of that day
  (an article republished or rewritten under the same URL). Where the declared date is open to
  doubt (only a generic field, or JSON-LD and meta tags disagree) and the page shows one date
  line within two weeks of it, the date line is what the page stands by.

The text is read only in those cases of doubt; measured on the trafilatura-eval-dev pages
(bench/extraction.py ``--part dev-html``).
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from presslens.extraction.dates import find_date, normalise_date

__all__ = ["choose_published"]

logger = logging.getLogger(__name__)

_EARLIEST = datetime(1990, 1, 1)
_WEST, _EAST = timedelta(hours=-12), timedelta(hours=14)  # the widest real UTC offsets
_LOCAL_MIDNIGHT_UTC = (time(22), time(23))  # 00:00 at UTC+2 and UTC+1
_MAX_SHOWN_TEXT = 80  # a date line ("Updated 8:10 PM ET, Sun March 14, 2021"), not a paragraph
_MAX_TEXT_NODES = 4000
_MAX_RAW_TEXT = 300
_TEXT_NODES = etree.XPath(".//text()", smart_strings=False)
_DIGIT = re.compile(r"\d")
_HEADLINE_LEVELS = 6
_MAX_TIME_ELEMENTS = 20
_QUARTER_HOUR = timedelta(minutes=15)
_NEAR_SHOWN = timedelta(days=14)  # a date line a CMS stamped apart from its metadata, not an event


# The head is read first (a short walk); the body's microdata and <time> elements only when
# the head and JSON-LD leave the date open.
_HEAD_MARKUP = etree.XPath("/html/head/meta[@content]")
_ARTICLE_TIMES = etree.XPath("//article//time/@datetime", smart_strings=False)
_BODY_TAGS = {"meta": "content", "time": "datetime"}  # tag: the attribute it must have


def _body_markup(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """``/html/body//meta[@content] | /html/body//time[@datetime]`` in document order, found
    by lxml's tag-filtered walk (half the time of the XPath union, which walks the body twice)."""
    root = tree.getroottree().getroot()
    if root.tag != "html":
        return []
    return [element for body in root.iterchildren("body") for element in body.iter(*_BODY_TAGS)
            if element.get(_BODY_TAGS[element.tag]) is not None]


@dataclass(frozen=True, slots=True)
class _DateFields:
    """Date fields of ``<meta>`` tags (data/date_fields.json)."""

    published: tuple[str, ...]  # the publisher's own published-date fields, in order
    generic: frozenset[str]
    modified: frozenset[str]


@cache
def _fields() -> _DateFields:
    data = json.loads((Path(__file__).parent / "data" / "date_fields.json").read_text(encoding="utf-8"))
    return _DateFields(tuple(data["published"]), frozenset(data["generic"]), frozenset(data["modified"]))


@dataclass(frozen=True, slots=True)
class _Stamps:
    """The page's date markup: ``<meta>`` fields and ``<time>`` elements."""

    metas: tuple[tuple[str, str], ...]  # (field, content) in page order
    times: tuple[tuple[str, str | None], ...]  # (datetime, itemprop) in page order

    @classmethod
    def read(cls, tree: lxml_html.HtmlElement,
             markup: Callable[[lxml_html.HtmlElement], list[lxml_html.HtmlElement]]) -> _Stamps:
        metas: list[tuple[str, str]] = []
        times: list[tuple[str, str | None]] = []
        for element in markup(tree):
            if element.tag == "time":
                stamp = " ".join(element.get("datetime", "").split())
                if stamp:
                    times.append((stamp, element.get("itemprop")))
                continue
            field = element.get("property") or element.get("name") or element.get("itemprop")
            content = " ".join(element.get("content", "").split())
            if field and content:
                metas.append((field, content))
        return cls(tuple(metas), tuple(times))

    def __add__(self, other: _Stamps) -> _Stamps:
        return _Stamps(self.metas + other.metas, self.times + other.times)

    def meta(self, fields: Iterable[str]) -> str | None:
        """The first content of a field in ``fields`` in page order."""
        wanted = frozenset(fields)
        return next((content for field, content in self.metas if field in wanted), None)

    def strong_published(self) -> str | None:
        return next((found for field in _fields().published if (found := self.meta((field,)))), None)

    def published(self, tree: lxml_html.HtmlElement) -> str | None:
        """The published date the markup states, most specific field first."""
        return (self.strong_published() or self.meta(_fields().generic)
                or next((stamp for stamp, prop in self.times if prop == "datePublished"), None)
                or (next((" ".join(str(s).split()) for s in _ARTICLE_TIMES(tree)), None) if self.times else None)
                or next((stamp for stamp, _ in self.times), None))

    def modified(self) -> str | None:
        return self.meta(_fields().modified) or next(
            (stamp for stamp, prop in self.times if prop == "dateModified"), None)


def _parse(value: str | None) -> datetime | None:
    """``value`` as a datetime (midnight when it carries no time); None if implausible."""
    found = normalise_date(value)
    return datetime.fromisoformat(found) if found else None


def _latest() -> datetime:
    """The end of tomorrow (a page stamped in a time zone ahead of ours is still today); a
    whole day, so that htmldate's parse cache keeps working."""
    return datetime.combine(datetime.now(UTC).date() + timedelta(days=2), time())


def _read_expression(text: str) -> date | None:
    """A date written for people ("Updated 3 May 2022", "24.01.2022, 12:01 Uhr"), by htmldate's
    quick parser, then presslens' own; None if ``text`` holds none."""
    from htmldate.extractors import try_date_expr

    found = try_date_expr(text, "%Y-%m-%d", False, _EARLIEST, _latest()) or find_date(text)
    return date.fromisoformat(found[:10]) if found else None


def _url_day(url: str | None) -> date | None:
    from htmldate.extractors import COMPLETE_URL

    match = COMPLETE_URL.search(url or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _time_element_day(times: tuple[tuple[str, str | None], ...], moment: datetime) -> date | None:
    """The local day of ``moment`` as a ``<time datetime>`` states the same instant in local
    time (with its offset, or without one but a whole quarter hour away)."""
    for stamp, _ in times[:_MAX_TIME_ELEMENTS]:
        parsed = _parse(stamp)
        if parsed is None or "T" not in parsed.isoformat() or parsed.time() == time():
            continue
        if parsed.tzinfo is not None:
            if parsed.utcoffset() and parsed == moment:
                return parsed.date()
            continue
        shift = parsed - moment.replace(tzinfo=None)
        if shift and _WEST <= shift <= _EAST and shift % _QUARTER_HOUR == timedelta(0):
            return parsed.date()
    return None


def _is_utc(moment: datetime) -> bool:
    return moment.utcoffset() == timedelta(0)


def _local_day(moment: datetime, times: Callable[[], tuple[tuple[str, str | None], ...]],
               url: str | None) -> date | None:
    """The local day of a UTC ``moment`` when the page shows it; None when it stays as it is."""
    utc_day = moment.date()
    reachable = {(moment + _WEST).date(), (moment + _EAST).date()} - {utc_day}
    evidence = _url_day(url) or _time_element_day(times(), moment)
    if evidence is not None:
        return evidence if evidence in reachable else None
    if moment.time() in _LOCAL_MIDNIGHT_UTC:
        return utc_day + timedelta(days=1)
    return None


def _headline_region(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """Where an article's date line sits: the surroundings of its headline (the first
    ``<h1>``, a few levels up), not the teasers, comments and footers further down."""
    region = next(tree.iter("h1"), None)
    if region is None:
        return None
    for _ in range(_HEADLINE_LEVELS):
        parent = region.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        region = parent
    return region


def _shown_days(tree: lxml_html.HtmlElement) -> set[date]:
    """Days written by the headline, one short text line at a time."""
    days: set[date] = set()
    region = _headline_region(tree)
    if region is None:
        return days
    # Plain strings: an lxml "smart" string or a parent test per node costs more than the
    # whole scan; script and style texts are long, and the length test drops them.
    for node in _TEXT_NODES(region)[:_MAX_TEXT_NODES]:
        if len(node) > _MAX_RAW_TEXT or not _DIGIT.search(node):
            continue
        text = " ".join(node.split())
        if len(text) > _MAX_SHOWN_TEXT or not 4 <= sum(ch.isdigit() for ch in text) <= 18:
            continue
        day = _read_expression(text)
        if day is not None:
            days.add(day)
    return days


def _markup_date(value: str | None) -> str | None:
    """A date from markup as ISO 8601: ISO and RFC 2822 keep their time, other shapes
    ("06/13/2019", "24. Januar 2022") their day."""
    found = normalise_date(value)
    if found or not value:
        return found
    day = _read_expression(value)
    return day.isoformat() if day else None


def _shown_instead(tree: lxml_html.HtmlElement, declared_days: set[date], modified: date | None,
                   near: date) -> date | None:
    """The day the page shows its reader in place of a declared day it never shows: the
    declared modified day, or the one date it shows at all when that is within two weeks."""
    shown = _shown_days(tree)
    if not shown or shown & declared_days:
        return None
    if modified is not None and modified in shown:
        return modified
    if len(shown) == 1 and abs(next(iter(shown)) - near) <= _NEAR_SHOWN:
        return next(iter(shown))
    return None


def _htmldate(tree: lxml_html.HtmlElement, url: str | None, *, extensive: bool) -> str | None:
    from htmldate import find_date

    try:
        return find_date(tree, url=url, original_date=True, extensive_search=extensive)
    except (ValueError, TypeError) as error:  # htmldate raises on odd dates; a missing date is fine
        logger.debug("htmldate failed: %s", error)
        return None


def choose_published(
    tree: lxml_html.HtmlElement,
    url: str | None,
    *,
    declared: str | None = None,
    declared_modified: str | None = None,
) -> str | None:
    """The page's publication date as ISO 8601 (a datetime keeps its time and offset unless its
    day was corrected); None when it states none. ``declared`` and ``declared_modified`` are
    the JSON-LD values, read before the page's meta tags."""
    stamps = _Stamps.read(tree, _HEAD_MARKUP)
    from_ld = _markup_date(declared)
    from_meta = _markup_date(stamps.strong_published())
    has_body = not (from_ld or from_meta)
    if has_body:
        stamps += _Stamps.read(tree, _body_markup)
        from_meta = _markup_date(stamps.strong_published())
    # the publisher's own published date, when JSON-LD and meta tags agree on the day
    strong = None if from_ld and from_meta and from_ld[:10] != from_meta[:10] else from_ld or from_meta
    found = (strong or from_ld or _markup_date(stamps.published(tree))
             or normalise_date(_htmldate(tree, url, extensive=False)))
    if found is None:  # htmldate's text search: the slow last resort, and it reads the text itself
        return normalise_date(_htmldate(tree, url, extensive=True))
    published = datetime.fromisoformat(found)
    declared_days = {published.date()}
    if _is_utc(published):
        times = (lambda: stamps.times) if has_body else (lambda: _Stamps.read(tree, _body_markup).times)
        if (day := _local_day(published, times, url)) is not None:
            found, published = day.isoformat(), datetime.combine(day, time())
            declared_days.add(day)
    modified_text = _markup_date(declared_modified) or _markup_date(stamps.modified())
    modified = datetime.fromisoformat(modified_text).date() if modified_text else None
    if modified is not None and modified <= max(declared_days):
        modified = None  # a "modification" before publication is an artefact, not a newer version
    # Reading the page's text costs; it is worth it where the declared dates leave a doubt.
    if strong is not None and modified is None:
        return found
    shown = _shown_instead(tree, declared_days, modified, published.date())
    if shown is None:
        return found
    return modified_text if shown == modified and modified_text else shown.isoformat()
