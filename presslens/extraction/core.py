"""The extract stage: ``RawDocument`` -> ``Article`` (or ``Rejected``), a pure function."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable
from itertools import islice

from presslens.errors import ExtractError
from presslens.extraction.bylines import Byline, split_byline, split_bylines
from presslens.extraction.dates import find_date
from presslens.extraction.decode import DecodeProblem, decode_text, looks_like_html
from presslens.extraction.ids import article_id, canonical_url
from presslens.extraction.language import guess_language
from presslens.extraction.lexicons import agencies
from presslens.extraction.options import ExtractOptions
from presslens.extraction.page_class import classify_page
from presslens.model import Article, Caption, RawDocument, Rejected, RelatedLink, Span

__all__ = ["extract_article", "extract_content"]

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
# "SAN FRANCISCO (AP) — ..." / "PARIS (Reuters) -": the wire service that filed the story.
_DATELINE_AGENCY = re.compile(r"^[A-Z][A-Za-z .,'’/-]{1,60}?\((?P<agency>[A-Za-z][\w .-]{0,30})\)\s*[—–-]")
# A user handle: one token of letters, digits, dots, dashes or underscores, with a letter.
_HANDLE = re.compile(r"(?=[\w.-]*[^\W\d_])[\w.-]{2,30}")


def _reject(raw: RawDocument, code: str, reason: str) -> Rejected:
    return Rejected(source_id=raw.uri, reason=reason, code=code)


def _web_url(uri: str) -> str | None:
    return uri if canonical_url(uri) is not None else None


def _layout(paragraphs: Iterable[str]) -> tuple[str, tuple[Span, ...]]:
    """Join paragraphs with blank lines; the spans point at each one exactly."""
    spans: list[Span] = []
    pieces: list[str] = []
    offset = 0
    for paragraph in paragraphs:
        if pieces:
            offset += 2
        spans.append(Span(start=offset, end=offset + len(paragraph)))
        pieces.append(paragraph)
        offset += len(paragraph)
    return "\n\n".join(pieces), tuple(spans)


def _body_paragraphs(
    paragraphs: Iterable[str], captions: tuple[Caption, ...], related: tuple[RelatedLink, ...]
) -> list[str]:
    """Normalised paragraphs without captions, related headlines and immediate repeats
    (repeats further apart can be real: table rows, recipe steps)."""
    aside = {c.text.lower() for c in captions} | {r.title.lower() for r in related}
    kept: list[str] = []
    for paragraph in paragraphs:
        text = " ".join(paragraph.split())  # what \s+ -> " " gives, faster
        if not text or text.lower() in aside or (kept and kept[-1].lower() == text.lower()):
            continue
        kept.append(text)
    return kept


def _with_dateline_agency(byline: Byline, lead: str | None) -> Byline:
    if byline.agencies or not lead:
        return byline
    match = _DATELINE_AGENCY.match(lead)
    if match is None:
        return byline
    agency = agencies().get(match.group("agency").strip())
    return byline if agency is None else Byline(byline.authors, (agency,))


def _html_byline(bylines: tuple[str, ...]) -> Byline:
    """The bylines split into authors and agencies; a page signed only with a user handle
    ("mh", "reader_42": blogs and forums), which the name rules refuse, keeps the handle."""
    byline = split_bylines(bylines)
    if byline.authors or byline.agencies:
        return byline
    return Byline(tuple(b for b in bylines if _HANDLE.fullmatch(b)), ())


def _none_if_blank(value: str | None) -> str | None:
    return value if value and value.strip() else None


def extract_article(raw: RawDocument, *, options: ExtractOptions | None = None) -> Article | Rejected:
    """Make a clean ``Article`` from HTML or scraped text; ``Rejected`` for expected failures
    (empty, too large, binary, undecodable, no article found)."""
    options = options or ExtractOptions()
    if len(raw.content) > options.max_bytes:
        size = len(raw.content) / 1e6
        return _reject(raw, "too-large", f"input is {size:.1f} MB, over the {options.max_bytes / 1e6:.0f} MB limit")
    if not raw.content.strip():
        return _reject(raw, "empty-input", "the input is empty")
    result = decode_text(raw.content, raw.encoding)
    if isinstance(result, DecodeProblem):
        return _reject(raw, result.code, result.reason)
    decoded = result.text
    if not decoded.strip():
        return _reject(raw, "empty-input", "the input holds only white space")
    url = _web_url(raw.uri)
    fmt = options.input_format
    if fmt == "auto":
        fmt = "html" if looks_like_html(decoded, raw.content_type) else "text"
    article = _from_html(decoded, url, options) if fmt == "html" else _from_text(decoded, url)
    if article is None:
        return _reject(raw, "no-article", "the HTML could not be parsed")
    # counted only as far as the bound: a long body is not read word by word to pass it
    words = sum(1 for _ in islice(_WORD.finditer(article.text), options.min_words))
    if words < options.min_words:
        return _reject(raw, "no-article", f"no article text found ({words} words of body)")
    if result.replaced:
        article = dataclasses.replace(article, replaced_bytes=result.replaced)
    # news article or other page (shop, recipe, docs...): views and --articles-only read it
    return dataclasses.replace(article, page_class=classify_page(article, decoded if fmt == "html" else None))


def _from_html(html: str, url: str | None, options: ExtractOptions) -> Article | None:
    from presslens.extraction.html import extract_html

    parts = extract_html(html, url, favour_precision=options.favour_precision, include_tables=options.include_tables)
    if parts is None:
        return None
    related = tuple(RelatedLink(title=title, url=link) for title, link in parts.related)
    paragraphs = _body_paragraphs(parts.paragraphs, parts.captions, related)
    if paragraphs and parts.title and paragraphs[0].lower() == parts.title.lower():
        paragraphs = paragraphs[1:]  # trafilatura sometimes repeats the headline
    text, spans = _layout(paragraphs)
    byline = _with_dateline_agency(_html_byline(parts.bylines), paragraphs[0] if paragraphs else None)
    canonical = parts.canonical_url or url
    return Article(
        id=article_id(canonical, text),
        text=text,
        paragraphs=spans,
        url=canonical,
        site=parts.site,
        title=_none_if_blank(parts.title),
        authors=byline.authors,
        agencies=byline.agencies,
        published=parts.published,
        language=parts.language or guess_language(text),
        description=_none_if_blank(parts.description),
        captions=parts.captions,
        related=related,
        extractor="trafilatura",
    )


def _from_text(content: str, url: str | None) -> Article:
    from presslens.extraction.text import clean_text

    cleaned = clean_text(content)
    related = tuple(RelatedLink(title=title) for title in cleaned.related)
    paragraphs = _body_paragraphs(cleaned.paragraphs, cleaned.captions, related)
    text, spans = _layout(paragraphs)
    byline = split_byline(cleaned.byline) if cleaned.byline else Byline((), ())
    byline = _with_dateline_agency(byline, paragraphs[0] if paragraphs else None)
    return Article(
        id=article_id(url, text),
        text=text,
        paragraphs=spans,
        url=url,
        site=None,
        title=cleaned.title,
        authors=byline.authors,
        agencies=byline.agencies,
        published=find_date(cleaned.dateline) if cleaned.dateline else None,
        language=guess_language(text),
        captions=cleaned.captions,
        related=related,
        extractor="text-cleaner",
    )


def extract_content(content: str | bytes, url: str | None = None, *, options: ExtractOptions | None = None) -> Article:
    """``extract_article`` for content in hand: raise ``ExtractError`` instead of ``Rejected``."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    raw = RawDocument(uri=url or "<content>", content=data, encoding="utf-8" if isinstance(content, str) else None)
    result = extract_article(raw, options=options)
    if isinstance(result, Rejected):
        raise ExtractError(result.reason, code=result.code, source_id=result.source_id)
    return result
