"""News metadata of an HTML page: title, bylines, publication date, language, site, URL.

Each field is read from the sources the field's own libraries use, most explicit first:
schema.org JSON-LD (the publisher's own statement), then trafilatura's metadata readers
(meta tags and JSON-LD, then its title XPaths); bylines from the sources in
author_sources.py, judged by the byline split; dates in page_dates.py. Which
source wins per field was measured on the trafilatura-eval-dev and Zyte pages (see
bench/extraction.py). The tree is the one the body extraction uses; nothing here changes it.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from presslens.extraction.author_sources import AuthorSource, author_sources
from presslens.extraction.bylines import byline_handle, split_bylines
from presslens.extraction.page_dates import choose_published

__all__ = ["PageMetadata", "read_metadata"]

logger = logging.getLogger(__name__)

_ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle", "OpinionNewsArticle",
     "ReviewNewsArticle", "Report", "ScholarlyArticle", "TechArticle", "LiveBlogPosting", "SocialMediaPosting"}
)
_MAX_LD_OBJECTS = 50
_MAX_BYLINE = 120
_MIN_SITE_KEY = 3


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
    for script in (text for element in tree.iter("script") if element.get("type") == "application/ld+json"
                   for text in element.xpath("text()")):  # lxml's tag-filtered walk: faster than //script[...]
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


# --- fields -------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _site_keys(site: str | None, url: str | None) -> frozenset[str]:
    """The site's own name in its spellings (its name and each part of it between "|" or " - ",
    without "The", their first and last words, the host, the host without the top-level domain,
    the registered name "googleblog" of security.googleblog.com): an author that is only the
    site is no byline."""
    host = ((urlsplit(url).hostname or "") if url else "").removeprefix("www.")
    labels = host.split(".")
    name = _key(site or "")
    keys = {name, name.removeprefix("the"), _key(host), _key(host.rsplit(".", 1)[0])}
    if len(labels) >= 2:
        keys.add(_key(labels[-2]))
    for segment in re.split(r"\s+[|–—-]\s+|\s*\|\s*", site or ""):  # "The Jerusalem Post | JPost.com"
        words = segment.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        keys.add(_key(" ".join(words)))
        if len(words) > 1:  # "Google" of "Google Online Security Blog", "Insider" of "Business Insider"
            keys.update((_key(words[0]), _key(words[-1])))
    return frozenset(k for k in keys if len(k) >= _MIN_SITE_KEY)


def _is_site(text: str, site_keys: frozenset[str]) -> bool:
    """``text`` names the site: the same letters as its name, host or a host label. (A name
    that only starts like the site is often its writer's: "Andrea" on andrea....wordpress.com.)"""
    return _key(text) in site_keys


def _usable_bylines(values: list[str], site_keys: frozenset[str]) -> list[str]:
    """Bylines without the site's own name (placeholders are the byline split's to judge).
    Values joined with "; " are judged each alone."""
    kept = []
    for value in values:
        for part in _clean(value).split(";"):
            text = part.strip()
            if not text or len(text) > _MAX_BYLINE or _is_site(text, site_keys):
                continue
            kept.append(text)
    return kept


def _named(values: list[str], site_keys: frozenset[str]) -> tuple[str, ...]:
    """The writers and agencies ``values`` name, one per string, the site's own name left out."""
    byline = split_bylines(_usable_bylines(values, site_keys), publisher=lambda text: _is_site(text, site_keys))
    return tuple(dict.fromkeys([*byline.authors, *byline.agencies]))


def _title(tree: lxml_html.HtmlElement, article: dict[str, object], declared: _Declared) -> str | None:
    """JSON-LD's headline; else the page's only ``<h1>`` (an article page has one headline,
    where og:title and ``<title>`` often carry a section or site name); else trafilatura's."""
    headings = list(islice(tree.iter("h1"), 2))  # is there only one? (the walk stops at a second)
    only_heading = _clean(headings[0].text_content()) if len(headings) == 1 else None
    return _ld_text(article.get("headline")) or only_heading or declared.title or _trafilatura_title(tree)


def _fuller(names: tuple[str, ...], later: list[AuthorSource], site_keys: frozenset[str]) -> tuple[str, ...]:
    """``names``, or a later source's when it completes one-word names ("Nils" in the author
    tag, "Eine Kolumne von Nils Pickert" in the page). Only then are later sources read."""
    if any(" " in name for name in names):
        return names
    for source in later:
        found = _named(source(), site_keys)
        if len(found) == len(names) and all(full.startswith(f"{name} ") for name, full in zip(names, found, strict=True)):
            return found
    return names


def _bylines(tree: lxml_html.HtmlElement, article: dict[str, object], objects: list[dict[str, object]],
             site_keys: frozenset[str]) -> tuple[str, ...]:
    """The names from the first source that names someone (author_sources.py has the order);
    when none does, the first user handle a source gives ("railfan_77": all a forum or blog
    page may sign with)."""
    handle: str | None = None
    sources = author_sources(tree, article, objects)
    for index, (_, source) in enumerate(sources):
        values = source()
        names = _named(values, site_keys)
        if names:
            return _fuller(names, [later for _, later in sources[index + 1:]], site_keys)
        handles = (found for found in map(byline_handle, _usable_bylines(values, site_keys))
                   if found and not _is_site(found, site_keys))
        handle = handle or next(handles, None)
    return (handle,) if handle else ()


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

    # the head first: it comes first in document order, and is a short walk
    found = (_first(tree, "/html/head//link[@rel='canonical']/@href") or _first(tree, "//link[@rel='canonical']/@href")
             or declared.url)
    if found and url:
        found = urljoin(url, found)
    if found and urlsplit(found).scheme in ("http", "https") and check_url(found) is not None:
        return found
    return url


def read_metadata(tree: lxml_html.HtmlElement, url: str | None) -> PageMetadata:
    """The page's metadata; ``url`` is where it was fetched (used when it declares none)."""
    objects = _json_ld(tree)
    article = _ld_article(objects)
    declared = _declared(tree)
    canonical = _canonical(tree, url, declared)
    site = _clean(declared.site) or (urlsplit(canonical).hostname if canonical else None)
    return PageMetadata(
        title=_title(tree, article, declared),
        bylines=_bylines(tree, article, objects, _site_keys(site, canonical)),
        published=_published(tree, article, canonical),
        language=_language(tree),
        description=_clean(declared.description) or None,
        site=site or None,
        canonical_url=canonical,
    )
