"""Main text, captions and related links of an HTML page, with its metadata (``metadata.py``).

The page is parsed once; the metadata readers, the caption and related-link XPaths and
trafilatura's body extraction all read that one tree; trafilatura's fast pass comes last
and prunes it in place (the copy it would make is 3% of the page's time), so the headings and
lead are read before it, and the rare slower passes get the page parsed again.
The body comes from trafilatura's fast pass; its slower passes run only where the fast one
finds little. A lead kept in the article header and subheadings that trafilatura leaves out
are put back in place (``lead.py``, ``headings.py``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Any
from urllib.parse import urljoin

from lxml import html as lxml_html
from lxml.etree import ParserError, XPath, strip_tags

from presslens.extraction.captions import split_credit
from presslens.extraction.headings import place_headings, read_headings
from presslens.extraction.lead import choose_lead, read_lead_candidates
from presslens.extraction.lexicons import chrome_lines, chrome_phrases, related_markers
from presslens.extraction.metadata import read_metadata
from presslens.extraction.parse import load_html
from presslens.model import Caption

__all__ = ["HtmlParts", "extract_html", "parse_html"]

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
# Captions, credits and related-article blocks that trafilatura would otherwise keep in the
# body. Class/id names are the common conventions (WordPress, schema.org, news CMSs).
# Each XPath is one pass over the tree (a union of paths would walk it once per path);
# /descendant::* skips the text nodes that //* visits, and the expression is compiled once.
_CAPTION_XPATH = XPath(
    "/descendant::*[self::figcaption or @itemprop='caption' or (contains(@class, 'caption') and ("
    "contains(concat(' ', normalize-space(@class), ' '), ' caption ')"
    " or contains(@class, 'wp-caption-text') or contains(@class, 'image-caption')"
    " or contains(@class, 'photo-caption')))]"
)
_CREDIT_CLASS = re.compile(r"credit|copyright|source|byline|attribution|author", re.IGNORECASE)
# Related-article containers, tested in Python over the few tags that hold them: lxml's
# tag-filtered iteration skips the rest in C, four times faster than the XPath predicate
# (measured on the Zyte pages). "related" in any case, the rest as written in class names.
_RELATED_TAGS = ("aside", "section", "div", "ul", "nav")
_RELATED_CLASS_PARTS = re.compile("recommend|more-stories|also-like|read-more|read-next")
_MAX_RELATED_CONTAINERS = 5
_HEADING_TAGS = ("h2", "h3", "h4")
_MAX_CAPTIONS = 30
_FEW_WORDS_FAST = 80  # a body shorter than this from the fast pass gets the full pass
_FEW_WORDS = 50  # and one still shorter than this gets a balanced (not precision) pass
_MAX_RELATED = 12
# A site's closing prompts (subscribe, follow us, rights reserved) that trafilatura keeps at
# the end of the body: short lines in the site's voice, dropped from the end only.
_MAX_CHROME_WORDS = 30
_MIN_KEPT = 3


@dataclass(frozen=True, slots=True)
class HtmlParts:
    """What an HTML page holds, before the news metadata is normalised."""

    paragraphs: tuple[str, ...]
    title: str | None
    bylines: tuple[str, ...]
    published: str | None
    language: str | None
    description: str | None
    site: str | None
    canonical_url: str | None
    captions: tuple[Caption, ...]
    related: tuple[tuple[str, str | None], ...]


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())  # str.split splits on what \s matches, faster


def _captions(tree: lxml_html.HtmlElement) -> tuple[Caption, ...]:
    captions: list[Caption] = []
    seen: set[str] = set()
    for element in _CAPTION_XPATH(tree)[:_MAX_CAPTIONS]:
        credit_parts = [
            _clean(child.text_content())
            for child in element.iter()
            if child is not element and isinstance(child.tag, str) and _CREDIT_CLASS.search(child.get("class", ""))
        ]
        full = _clean(element.text_content())
        credit = next((c for c in credit_parts if c), None)
        text = full
        if credit and full.endswith(credit):
            text = full[: -len(credit)].strip()
        elif credit is None and (split := split_credit(full)) is not None:
            text, credit = split
        if credit:
            credit = re.sub(r"^(?:copyright|©|credit:|photo:)\s*", "", credit, flags=re.IGNORECASE).strip() or None
        if len(_WORD.findall(text)) < 2 or text.lower() in seen:
            continue
        seen.add(text.lower())
        captions.append(Caption(text=text, credit=credit))
    return tuple(captions)


def _is_related_container(element: lxml_html.HtmlElement) -> bool:
    css, ident = element.get("class"), element.get("id")
    if css is None and ident is None:
        return False
    css = css or ""
    return ("related" in css.lower() or (ident is not None and "related" in ident.lower())
            or _RELATED_CLASS_PARTS.search(css) is not None)


def _related(tree: lxml_html.HtmlElement, base_url: str | None) -> tuple[tuple[str, str | None], ...]:
    links: list[tuple[str, str | None]] = []
    containers = list(islice((e for e in tree.iter(_RELATED_TAGS) if _is_related_container(e)), _MAX_RELATED_CONTAINERS))
    if not containers:
        markers = related_markers()
        containers = [
            heading.getparent()
            for heading in islice(tree.iter(_HEADING_TAGS), 200)
            if heading.getparent() is not None and markers.matches(_clean(heading.text_content())[:60])
        ][:3]
    seen: set[str] = set()
    for container in containers:
        for anchor in container.iter("a"):
            title = _clean(anchor.text_content())
            if len(_WORD.findall(title)) < 4 or title.lower() in seen:
                continue
            seen.add(title.lower())
            href = anchor.get("href")
            links.append((title, urljoin(base_url, href) if base_url and href else href))
            if len(links) >= _MAX_RELATED:
                return tuple(links)
    return tuple(links)


def parse_html(html: str) -> lxml_html.HtmlElement | None:
    """Parse once, as trafilatura's loader does (it copes with broken markup and encodings;
    ``parse.py`` skips its pass for forbidden characters on pages without any)."""
    try:
        return load_html(html)
    except (ParserError, ValueError) as error:
        logger.debug("unparsable HTML: %s", error)
        return None


def extract_html(
    html: str,
    url: str | None = None,
    *,
    favour_precision: bool = True,
    include_tables: bool = True,
) -> HtmlParts | None:
    """Body paragraphs and metadata from an HTML page; None when the page cannot be parsed."""
    tree = parse_html(html)
    if tree is None:
        return None
    metadata = read_metadata(tree, url)
    captions = _captions(tree)
    related = _related(tree, metadata.canonical_url)
    # The headings and lead are read now: the fast pass may prune this tree (``_fast_body``).
    headings = read_headings(tree)
    leads = read_lead_candidates(tree)
    paragraphs = _fast_body(tree, url, favour_precision=favour_precision, include_tables=include_tables)
    # trafilatura's fallbacks (readability, jusText) only change the result where its own
    # pass finds little, so they run only then: same quality, a third less time (measured
    # on the Zyte benchmark). They get the page parsed again (the rare case), as the fast
    # pass may have pruned the first tree; trafilatura copies a tree it is given.
    fresh: lxml_html.HtmlElement | None = None
    for precision, threshold in ((favour_precision, _FEW_WORDS_FAST), (False, _FEW_WORDS)):
        if _word_count(paragraphs) >= threshold:
            break
        fresh = fresh if fresh is not None else parse_html(html)
        if fresh is None:
            break
        again = _body(fresh, url, favour_precision=precision, include_tables=include_tables, fast=False)
        if _word_count(again) > _word_count(paragraphs):
            paragraphs = again
    # The headline, where trafilatura repeats it, stays first (core.py drops it); the article's
    # own text is mended below it.
    title = (metadata.title or "").lower()
    headline = paragraphs[:1] if paragraphs and title and paragraphs[0].lower() == title else ()
    body = place_headings(headings, paragraphs[len(headline):])
    lead = choose_lead(leads, body, metadata.title)
    if lead is not None:
        body = (lead, *body)
    paragraphs = (*headline, *_without_closing_chrome(body))
    return HtmlParts(
        paragraphs=paragraphs,
        title=metadata.title,
        bylines=metadata.bylines,
        published=metadata.published,
        language=metadata.language,
        description=metadata.description,
        site=metadata.site,
        canonical_url=metadata.canonical_url,
        captions=captions,
        related=related,
    )


def _body(
    tree: lxml_html.HtmlElement, url: str | None, *, favour_precision: bool, include_tables: bool, fast: bool
) -> tuple[str, ...]:
    import trafilatura

    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=favour_precision,
        include_comments=False,
        include_tables=include_tables,
        with_metadata=False,
        fast=fast,
    )
    return _lines(getattr(document, "text", None) or "")


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in (_clean(line) for line in text.split("\n")) if line)


def _fast_body(
    tree: lxml_html.HtmlElement, url: str | None, *, favour_precision: bool, include_tables: bool
) -> tuple[str, ...]:
    """``_body``'s fast pass, on this tree rather than a copy: ``bare_extraction`` copies a
    tree it is given, as its pruning works in place; here the tree is done with, and the copy
    is 3% of the page's time (Zyte pages). This is ``bare_extraction`` for these options, step for
    step, on the trafilatura whose internals it was written against; any other gets the copy."""
    sequence = _trafilatura_sequence()
    if sequence is None:
        return _body(tree, url, favour_precision=favour_precision, include_tables=include_tables, fast=True)
    from trafilatura.settings import DEFAULT_CONFIG, Extractor
    from trafilatura.xml import xmltotxt

    options = Extractor(
        config=DEFAULT_CONFIG, output_format="python", fast=True, precision=favour_precision, recall=False,
        comments=False, formatting=None, links=False, images=False, tables=include_tables, dedup=False,
        lang=None, url=url, with_metadata=False, only_with_metadata=False, author_blacklist=None,
        url_blacklist=None, date_params=None,
    )
    try:
        postbody, temp_text, _, temp_comments = sequence(tree, options, options.url or None)
        if options.max_tree_size and len(postbody) > options.max_tree_size:
            strip_tags(postbody, "hi")
            if len(postbody) > options.max_tree_size:
                return ()
        if len(temp_text) < options.min_output_size and len(temp_comments) < options.min_output_comm_size:
            return ()
    except (TypeError, ValueError):
        return ()
    return _lines(xmltotxt(postbody, options.formatting) or "")


# The trafilatura release whose ``bare_extraction`` ``_fast_body`` repeats.
_SEQUENCE_VERSION = "2.3.1"


@cache
def _trafilatura_sequence() -> Callable[..., tuple[Any, str, Any, str]] | None:
    import trafilatura
    from trafilatura import core

    if getattr(trafilatura, "__version__", None) != _SEQUENCE_VERSION:
        return None
    sequence = getattr(core, "trafilatura_sequence", None)
    return sequence if callable(sequence) else None


def _without_closing_chrome(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """The body without the short chrome lines that end it; a line in the middle stays."""
    end = len(paragraphs)
    while end > _MIN_KEPT and _is_closing_chrome(paragraphs[end - 1]):
        end -= 1
    return paragraphs[:end]


def _is_closing_chrome(line: str) -> bool:
    return (len(_WORD.findall(line)) <= _MAX_CHROME_WORDS
            and (chrome_lines().matches(line) or chrome_phrases().search(line)))


def _word_count(paragraphs: tuple[str, ...]) -> int:
    return sum(len(_WORD.findall(p)) for p in paragraphs)
