"""trafilatura's byline reader (``trafilatura.metadata.extract_author``), same answers, less work.

trafilatura deep-copies the page, prunes comment, date and figure blocks from the copy, then
runs three byline XPaths whose EXSLT regular expressions call back into Python for every
element: together an eighth of presslens's time on the Zyte pages. Here the page is read in
place: one walk over the page tests their conditions on the elements whose class, id or other
attributes could meet them, a candidate inside a pruned block is skipped, and one holding a
pruned block (the prune would change its text) sends the page to trafilatura's own reader.
Each shortcut checks that trafilatura's XPaths are still the ones it was written for and
otherwise leaves the work to trafilatura. The same walk finds the elements marked as bylines
(``rel=author``, class ``byline``) that author_sources.py reads as its own source, and
``read_byline_text`` gives the chosen element's text as the page writes it.
"""

from __future__ import annotations

import re
from functools import cache

from lxml import html as lxml_html
from lxml import etree
from lxml.etree import XPath

__all__ = ["byline_elements", "marked_byline_text", "read_byline", "read_byline_text"]

_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
_TEXT_LIMIT = 120  # the longest byline text extract_author takes
# trafilatura 2.3's AUTHOR_XPATHS, whitespace collapsed; the one-pass tests below mirror them.
_KNOWN_AUTHOR_XPATHS = (
    "//*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong][ "
    "@rel='author' or @id='author' or @class='author' or @itemprop='author name' or rel='me' or "
    "@data-testid='AuthorCard' or @data-testid='AuthorURL' or re:test(@class, 'author-?name|AuthorName|authorName')]"
    "|//author",
    "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][ @class='byline' or "
    "@class='username' or @class='byl' or @class='BBL' or contains(@itemprop, 'author') or "
    "re:test(@id, 'author|zuozhe|bianji|xiaobian') or re:test(@class, "
    "'author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name')]",
    "//*[ contains(@data-component, 'Byline') or contains(@itemprop, 'author') or re:test(@id, '[Aa]uthor') or "
    "re:test(@class, '[Aa]uthor|screenname|writer|[Bb]yline')]",
)
_TAGS_1 = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_CLASS_1 = re.compile(r"author-?name|AuthorName|authorName")
_TAGS_2 = frozenset({"a", "div", "h3", "h4", "p", "span"})
_ID_2 = re.compile(r"author|zuozhe|bianji|xiaobian")
_CLASS_2 = re.compile(r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
# The class and id words the three XPaths' patterns need: an element without any of them
# (and without the other attributes they read) is skipped at once.
_ANY_WORD = re.compile(r"uthor|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by|journalist-name|screenname"
                       r"|writer|[Bb]yl|BBL|username")
# The attributes that make an element a candidate whatever its class or id.
_CANDIDATE_KEYS = frozenset({"itemprop", "rel", "data-testid", "data-component"})
_MARKED = XPath("//*[@rel='author'] | //*[contains(@class, 'byline')] | //*[contains(@class, 'author-name')]"
                " | //*[@itemprop='author']")
_ID_3 = re.compile(r"[Aa]uthor")
_CLASS_3 = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")


@cache
def _discard_tests() -> tuple[XPath, XPath] | None:
    """trafilatura's prune as tests on one candidate: (it is pruned, it holds a pruned part)."""
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

    paths = [xpath.path.strip() for xpath in AUTHOR_DISCARD_XPATHS]
    if len(paths) != 2 or not paths[0].startswith(".//*[") or paths[1].replace(" ", "") != "//time|//figure":
        return None
    rest = paths[0].removeprefix(".//*")
    return (
        XPath(f"boolean(ancestor-or-self::*{rest} | ancestor-or-self::time | ancestor-or-self::figure)",
              namespaces=_REGEXP_NS),
        XPath(f"boolean(descendant::*{rest} | descendant::time | descendant::figure)", namespaces=_REGEXP_NS),
    )


@cache
def _xpaths_known() -> bool:
    from trafilatura.xpaths import AUTHOR_XPATHS

    return tuple(" ".join(xpath.path.split()) for xpath in AUTHOR_XPATHS) == _KNOWN_AUTHOR_XPATHS


def _has_word(value: str | None) -> bool:
    """_ANY_WORD finds a word in ``value``. Plain substring tests that every match passes
    ("name" for the *-name and *name words, "-by" for submitted-by and posted-by, "yl" for
    [Bb]yl) turn away most class and id values first, at a third of the regex's cost."""
    return value is not None and (
        "uthor" in value or "yl" in value or "name" in value or "-by" in value or "writer" in value
        or "BBL" in value or "zuozhe" in value or "bianji" in value or "xiaobian" in value
    ) and _ANY_WORD.search(value) is not None


def _one_pass(tree: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement]]:
    """The elements each of trafilatura's three byline XPaths selects, then the elements
    marked as bylines (``rel=author``, class ``byline`` or ``author-name``, ``itemprop=author``),
    each in document order. One walk over the page (an XPath selecting the candidates costs
    more than the walk): an element is looked at only when it could match."""
    found: list[list[lxml_html.HtmlElement]] = [[], [], [], []]
    rel_parents = {rel.getparent() for rel in tree.iter("rel")}
    for element in tree.iter(etree.Element):  # elements only: comments are skipped in C
        tag = element.tag
        keys = element.keys()
        # The cheap tests first: most elements have no attribute a pattern reads.
        if (not (keys and (not _CANDIDATE_KEYS.isdisjoint(keys) or _has_word(element.get("class"))
                           or _has_word(element.get("id"))))
                and tag != "author" and not (rel_parents and element in rel_parents)):
            continue
        get = element.get
        css, ident, itemprop = get("class") or "", get("id") or "", get("itemprop") or ""
        if not (itemprop or _ANY_WORD.search(css) or _ANY_WORD.search(ident) or tag == "author" or get("rel")
                or get("data-testid") or get("data-component") or element in rel_parents):
            continue
        if tag == "author" or (tag in _TAGS_1 and (
            get("rel") == "author" or ident == "author" or css == "author" or itemprop == "author name"
            or get("data-testid") in ("AuthorCard", "AuthorURL") or _CLASS_1.search(css)
            or any(child.text_content() == "me" for child in element.iterchildren("rel")))):
            found[0].append(element)
        if tag in _TAGS_2 and (css in ("byline", "username", "byl", "BBL") or "author" in itemprop
                               or _ID_2.search(ident) or _CLASS_2.search(css)):
            found[1].append(element)
        if ("Byline" in (get("data-component") or "") or "author" in itemprop or _ID_3.search(ident)
                or _CLASS_3.search(css)):
            found[2].append(element)
        if get("rel") == "author" or "byline" in css or "author-name" in css or itemprop == "author":
            found[3].append(element)
    return found


def byline_elements(tree: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement]]:
    """What ``_one_pass`` finds (trafilatura's XPaths themselves if they changed), for
    ``read_byline_text`` and ``marked_byline_text`` to share one pass over the page."""
    if _xpaths_known():
        return _one_pass(tree)
    from trafilatura.xpaths import AUTHOR_XPATHS

    return [*(list(expression(tree)) for expression in AUTHOR_XPATHS), list(_MARKED(tree))]


def _chosen(tree: lxml_html.HtmlElement, found: list[list[lxml_html.HtmlElement]] | None = None) -> str | None | bool:
    """The text of the element trafilatura's reader takes, as the page writes it; ``None``
    when it takes none; ``False`` when only trafilatura's own reader can tell."""
    from trafilatura.utils import trim

    tests = _discard_tests()
    if tests is None:
        return False
    discarded, holds_discarded = tests
    for elements in (found or byline_elements(tree))[:3]:
        for element in elements:
            if discarded(element):
                continue
            if holds_discarded(element):
                return False
            content: str = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < _TEXT_LIMIT:
                return content
    return None


def read_byline(tree: lxml_html.HtmlElement) -> str | None:
    """What ``trafilatura.metadata.extract_author(tree)`` returns; ``tree`` is left as it was."""
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import extract_author

    content = _chosen(tree)
    if content is False:
        return extract_author(tree)
    return normalize_authors(None, content) if isinstance(content, str) else None


def read_byline_text(tree: lxml_html.HtmlElement, found: list[list[lxml_html.HtmlElement]] | None = None) -> str | None:
    """The byline trafilatura's reader finds, as the page writes it: its name clean-up drops
    digits and full stops ("T. V. Raman" -> "T V Raman") and title-cases handles and web
    addresses, which presslens's own byline split judges better. ``found``: byline_elements(tree)."""
    from trafilatura.metadata import extract_author

    content = _chosen(tree, found)
    if content is False:
        return extract_author(tree)
    return content if isinstance(content, str) else None


def marked_byline_text(found: list[list[lxml_html.HtmlElement]]) -> str | None:
    """The text of the first element marked as a byline (``found``: byline_elements(tree)):
    on blogs often the author's link where trafilatura's reader took another element."""
    for element in found[3][:1]:
        text = " ".join(" ".join(element.itertext()).split())
        if text:
            return text
    return None
