"""News metadata of an HTML page: title, bylines, publication date, language, site, URL.

Each field is read from the sources the field's own libraries use, most explicit first:
schema.org JSON-LD (the publisher's own statement), then trafilatura's metadata readers
(meta tags and JSON-LD, then its title and byline XPaths); dates in page_dates.py. Which
source wins per field was measured on the trafilatura-eval-dev and Zyte pages (see
bench/extraction.py). The tree is the one the body extraction uses; nothing here changes it.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from presslens.extraction.page_dates import choose_published
from presslens.extraction.lexicons import agencies, normalise_line

__all__ = ["PageMetadata", "read_metadata"]

logger = logging.getLogger(__name__)

_ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle", "OpinionNewsArticle",
     "ReviewNewsArticle", "Report", "ScholarlyArticle", "TechArticle", "LiveBlogPosting", "SocialMediaPosting"}
)
_MAX_LD_OBJECTS = 50
_BYLINE_XPATH = (
    "//*[@rel='author'] | //*[contains(@class, 'byline')] | //*[contains(@class, 'author-name')]"
    " | //*[@itemprop='author']"
)
_MAX_BYLINE = 120
_MIN_SITE_KEY = 3
# A legal form marks a company, not a person who wrote the page.
_ORGANISATION = re.compile(r"\b(?:GmbH|AG|Inc|Ltd|LLC|S\.A|SAS|SpA|KG|e\.V|plc|PLC|Corp)\b")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about itself, before bylines are split into authors and agencies."""

    title: str | None
    bylines: tuple[str, ...]
    published: str | None
    language: str | None
    description: str | None
    site: str | None
    canonical_url: str | None


def _clean(text: str | None) -> str:
    return " ".join(html.unescape(text or "").split())


def _first(tree: lxml_html.HtmlElement, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            text = _clean(value if isinstance(value, str) else value.text_content())
            if text:
                return text
    return None


# --- JSON-LD ------------------------------------------------------------------------------------


def _json_ld(tree: lxml_html.HtmlElement) -> list[dict[str, object]]:
    """schema.org objects from ``<script type="application/ld+json">``, flattened."""
    found: list[dict[str, object]] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script, strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack and len(found) < _MAX_LD_OBJECTS:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return found


def _ld_article(objects: list[dict[str, object]]) -> dict[str, object]:
    for obj in objects:
        kinds = obj.get("@type")
        if any(kind in _ARTICLE_TYPES for kind in (kinds if isinstance(kinds, list) else [kinds])):
            return obj
    return {}


def _ld_text(value: object) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return _clean(value) or None if isinstance(value, str) else None


def _ld_names(value: object) -> list[str]:
    """Names of a schema.org ``author``: people, and organisations that are news agencies
    (or alone); a publisher listed beside its writers is not one of them."""
    people: list[str] = []
    others: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            people.append(_clean(item))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            name = _clean(str(item["name"]))
            is_person = item.get("@type") != "Organization" or name in agencies()
            (people if is_person else others).append(name)
    return [name for name in (people or others) if name and not name.startswith("http")]


# --- trafilatura and htmldate -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Declared:
    """trafilatura's reading of the meta tags and JSON-LD (its ``examine_meta`` + ``extract_meta_json``)."""

    title: str | None
    author: str | None
    description: str | None
    site: str | None
    url: str | None


def _declared(tree: lxml_html.HtmlElement) -> _Declared:
    from trafilatura.metadata import examine_meta, extract_meta_json

    document = examine_meta(tree)
    try:
        document = extract_meta_json(tree, document)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:  # its JSON walker trips on odd data
        logger.debug("trafilatura JSON-LD reader failed: %s", error)
    return _Declared(document.title, document.author, document.description, document.sitename, document.url)


def _trafilatura_title(tree: lxml_html.HtmlElement) -> str | None:
    from trafilatura.metadata import extract_title

    return _clean(extract_title(tree)) or None


def _trafilatura_author(tree: lxml_html.HtmlElement) -> str | None:
    from presslens.extraction.byline_reader import read_byline

    return read_byline(tree)


# --- fields -------------------------------------------------------------------------------------


@cache
def _placeholders() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "author_placeholders.txt").read_text(encoding="utf-8")
    return frozenset(normalise_line(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _site_keys(site: str | None, url: str | None) -> frozenset[str]:
    """The site's own name in its spellings (its name, host, host without the top-level
    domain): an author that is only the site is no byline."""
    host = ((urlsplit(url).hostname or "") if url else "").removeprefix("www.")
    keys = {_key(site or ""), _key(host), _key(host.rsplit(".", 1)[0])}
    return frozenset(k for k in keys if len(k) >= _MIN_SITE_KEY)


def _is_site(text: str, site_keys: frozenset[str]) -> bool:
    """``text`` names the site: the same letters as its name, host or a host label."""
    return _key(text) in site_keys


def _usable_bylines(values: list[str], site_keys: frozenset[str]) -> list[str]:
    """Bylines without placeholders, organisations and the site's own name. trafilatura joins
    the names it finds with "; " (the publisher among them), so each is judged alone."""
    kept = []
    for value in values:
        for part in _clean(value).split(";"):
            text = part.strip()
            if not text or len(text) > _MAX_BYLINE or normalise_line(text) in _placeholders():
                continue
            if _is_site(text, site_keys) or _ORGANISATION.search(text):
                continue
            kept.append(text)
    return kept


def _title(tree: lxml_html.HtmlElement, article: dict[str, object], declared: _Declared) -> str | None:
    """JSON-LD's headline; else the page's only ``<h1>`` (an article page has one headline,
    where og:title and ``<title>`` often carry a section or site name); else trafilatura's."""
    headings = tree.xpath("//h1")
    only_heading = _clean(headings[0].text_content()) if len(headings) == 1 else None
    return _ld_text(article.get("headline")) or only_heading or declared.title or _trafilatura_title(tree)


def _bylines(tree: lxml_html.HtmlElement, article: dict[str, object], declared: _Declared,
             site_keys: frozenset[str]) -> tuple[str, ...]:
    candidates: tuple[Callable[[], list[str]], ...] = (
        lambda: _ld_names(article.get("author")),
        lambda: [declared.author] if declared.author else [],
        lambda: [found] if (found := _trafilatura_author(tree)) else [],
        lambda: [_clean(e.text_content()) for e in tree.xpath(_BYLINE_XPATH)[:1]],
    )
    for candidate in candidates:
        names = _usable_bylines(candidate(), site_keys)
        if names:
            return tuple(dict.fromkeys(names))
    return ()


def _published(tree: lxml_html.HtmlElement, article: dict[str, object], url: str | None) -> str | None:
    return choose_published(tree, url, declared=_ld_text(article.get("datePublished")),
                            declared_modified=_ld_text(article.get("dateModified")))


def _language(tree: lxml_html.HtmlElement) -> str | None:
    value = _first(tree, "/html/@lang", "/html/@xml:lang", "//meta[@http-equiv='content-language']/@content",
                   "//meta[@property='og:locale']/@content")
    if not value:
        return None
    code = re.split(r"[-_]", value.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _canonical(tree: lxml_html.HtmlElement, url: str | None, declared: _Declared) -> str | None:
    """The page's own canonical URL when it is a valid web address (courlan's check), else ``url``."""
    from courlan import check_url

    found = _first(tree, "//link[@rel='canonical']/@href") or declared.url
    if found and url:
        found = urljoin(url, found)
    if found and urlsplit(found).scheme in ("http", "https") and check_url(found) is not None:
        return found
    return url


def read_metadata(tree: lxml_html.HtmlElement, url: str | None) -> PageMetadata:
    """The page's metadata; ``url`` is where it was fetched (used when it declares none)."""
    article = _ld_article(_json_ld(tree))
    declared = _declared(tree)
    canonical = _canonical(tree, url, declared)
    site = _clean(declared.site) or (urlsplit(canonical).hostname if canonical else None)
    return PageMetadata(
        title=_title(tree, article, declared),
        bylines=_bylines(tree, article, declared, _site_keys(site, canonical)),
        published=_published(tree, article, canonical),
        language=_language(tree),
        description=_clean(declared.description) or None,
        site=site or None,
        canonical_url=canonical,
    )
