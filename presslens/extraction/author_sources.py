"""Where a page names its writers, read as the page writes them, most explicit first.

trafilatura's readers normalise what they find (digits and full stops dropped, handles and
web addresses title-cased, "und" split); presslens's byline split (bylines.py) judges the
raw text better, so the sources are read here and the split chooses among them:

1. the article's schema.org ``author`` (people, and agencies; ``{"@id": ...}`` references
   looked up in the page's JSON-LD graph; an organisation there is the publisher);
2. the page's other schema.org ``Person`` objects (the graph's author when the article
   object is missing or typed otherwise);
3. author ``<meta>`` tags (``author``, ``article:author``, ``parsely-author``, ``dc.creator`` ...);
4. the byline element trafilatura's byline reader takes (byline_reader.py);
5. the first element marked as a byline (``rel=author``, class ``byline``, ``itemprop=author``),
   found in the same pass over the page;
6. a short line that opens like a byline ("Von Jane Doe", "Text: Jane Doe") outside comments.

Each source is a function of the page, so the costlier ones run only when the earlier ones
name nobody.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

from lxml import html as lxml_html

from presslens.extraction.byline_reader import byline_elements, marked_byline_text, read_byline_text
from presslens.extraction.bylines import byline_handle, split_byline
from presslens.extraction.lexicons import agencies

__all__ = ["AuthorSource", "author_sources"]

AuthorSource = Callable[[], list[str]]
T = TypeVar("T")

# trafilatura's author meta names (metadata.METANAME_AUTHOR) and properties.
_META_AUTHOR = frozenset(
    {"author", "authors", "article:author", "og:article:author", "parsely-author", "sailthru.author", "dc.creator",
     "dc:creator", "dcterms.creator", "dcterms.creator.aut", "dc.creator.aut", "citation_author", "creator", "byl",
     "atc-metaauthor", "dcsext.author", "shareaholic:article_author_name", "rbauthors"}
)
_LINE_TAGS = ("p", "span", "div", "em", "i", "strong", "b", "small", "li", "h4", "h5", "h6", "address", "td")
_MAX_LINE = 80
_MAX_LINES = 5
_COMMENTS = re.compile(r"comment|kommentar|respond|reply|discussion", re.IGNORECASE)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


@cache
def _opener() -> re.Pattern[str]:
    text = (Path(__file__).parent / "data" / "byline_openers.txt").read_text(encoding="utf-8")
    entries = sorted((line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")),
                     key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(re.escape(e) for e in entries) + r")(?:\s|$)", re.IGNORECASE)


# --- schema.org ---------------------------------------------------------------------------------


def _types(obj: dict[str, object]) -> list[object]:
    kinds = obj.get("@type")
    return kinds if isinstance(kinds, list) else [kinds]


def _person_name(obj: dict[str, object]) -> str | None:
    name = obj.get("name")
    if isinstance(name, list):
        name = next((n for n in name if isinstance(n, str)), None)
    if not isinstance(name, str):
        given, family = obj.get("givenName"), obj.get("familyName")
        name = f"{given} {family}" if isinstance(given, str) and isinstance(family, str) else None
    name = _clean(name)
    return name if name and not name.lower().startswith("http") else None


def ld_author_names(article: dict[str, object], objects: Sequence[dict[str, object]]) -> list[str]:
    """Names in the article's ``author``: strings, people, and organisations that are news
    agencies; a reference ``{"@id": ...}`` is looked up among the page's objects."""
    value = article.get("author")
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            names.append(_clean(item))
            continue
        if not isinstance(item, dict):
            continue
        if "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        name = _person_name(item)
        if name and ("Organization" not in _types(item) or name in agencies()):
            names.append(name)
    return [name for name in names if name]


def ld_person_names(objects: Sequence[dict[str, object]]) -> list[str]:
    return [name for obj in objects if "Person" in _types(obj) and (name := _person_name(obj))]


# --- the page -----------------------------------------------------------------------------------


def meta_authors(tree: lxml_html.HtmlElement) -> list[str]:
    """Author meta tags in page order, without web addresses and @handles (a profile link)."""
    found = []
    for meta in tree.iterfind(".//head/meta[@content]"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        content = _clean(meta.get("content"))
        if key in _META_AUTHOR and content and not content.lower().startswith(("http", "www.", "@")):
            found.append(content)
    return found


def _once(read: Callable[[], T]) -> Callable[[], T]:
    """``read`` run on the first call only (two sources share one pass over the page)."""
    kept: list[T] = []

    def value() -> T:
        if not kept:
            kept.append(read())
        return kept[0]

    return value


def _in_comments(element: lxml_html.HtmlElement) -> bool:
    return any(_COMMENTS.search(f"{a.get('class') or ''} {a.get('id') or ''}") for a in element.iterancestors())


def byline_line(tree: lxml_html.HtmlElement) -> list[str]:
    """The first short line that opens like a byline ("Von Jane Doe", "By <a>Jane Doe</a>")
    and names someone, else the first that gives a user handle ("by quietfox"); outside
    comments. A lone opener ("By") takes its parent's text."""
    opener = _opener()
    tried = 0
    handle: list[str] = []
    for element in tree.iter(*_LINE_TAGS):
        own = element.text
        if not own or len(own) > _MAX_LINE or not opener.match(own):
            continue
        text = _clean(" ".join(element.itertext()))
        if len(text.split()) < 2 or (text.endswith(":") and len(text.split()) == 2):
            parent = element.getparent()
            text = _clean(" ".join(parent.itertext())) if parent is not None else ""
        if not text or len(text) > _MAX_LINE or _in_comments(element):
            continue
        named = split_byline(text)
        if named.authors or named.agencies:
            return [text]
        handle = handle or ([text] if byline_handle(text) else [])
        tried += 1
        if tried >= _MAX_LINES:
            break
    return handle


def author_sources(tree: lxml_html.HtmlElement, article: dict[str, object],
                   objects: Sequence[dict[str, object]]) -> tuple[tuple[str, AuthorSource], ...]:
    """The sources in the order they are trusted, each read when called."""
    elements = _once(lambda: byline_elements(tree))
    return (
        ("json-ld", lambda: ld_author_names(article, objects)),
        ("json-ld person", lambda: ld_person_names(objects)),
        ("meta", lambda: meta_authors(tree)),
        ("byline element", lambda: [text] if (text := read_byline_text(tree, elements())) else []),
        ("marked byline", lambda: [text] if (text := marked_byline_text(elements())) else []),
        ("byline line", lambda: byline_line(tree)),
    )
