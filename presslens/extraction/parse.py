"""HTML text to an lxml tree, as trafilatura's loader (``trafilatura.utils.load_html``) makes it.

The loader first deletes the characters XML forbids (C0 controls, U+FFFE, U+FFFF) with a regex
over the whole page: a quarter of the parse time, on pages that almost never hold any. Here
they are looked for first, in the page's UTF-8 bytes (where each C0 control is one byte no
other character uses): a page with none goes through the loader's other steps, with the
loader's patterns and fallbacks and its parser's settings (with lxml.html's element classes
looked up in C, see ``_parser``); a page with some goes to the loader itself.
"""

from __future__ import annotations

import logging
from functools import cache

from lxml import etree
from lxml import html as lxml_html

__all__ = ["load_html"]

logger = logging.getLogger(__name__)


@cache
def _parser() -> lxml_html.HTMLParser:
    """trafilatura's parser settings (``utils.HTML_PARSER``) with lxml.html's element classes
    looked up in C. lxml asks the parser's lookup for a class each time it wraps an element
    for Python, and lxml.html's lookup is a Python method: on a page that is thousands of
    calls, over every walk here and in trafilatura (whose copies keep this parser). The
    classes are the same ones: lxml.html's tag table, its element, comment, PI and entity."""
    parser = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                  remove_comments=True, remove_pis=True)
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))
    # lxml.html lowercases the tag before its table; the HTML parser's tags are lowercase already
    lookup.get_namespace(None).update(lxml_html.HtmlElementClassLookup._default_element_classes)
    parser.set_element_class_lookup(lookup)
    return parser

_C0_FORBIDDEN = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20))  # tab, LF and CR are allowed


def _has_forbidden(html: str) -> bool:
    if "\ufffe" in html or "\uffff" in html:
        return True
    encoded = html.encode("utf-8", "surrogatepass")
    return len(encoded.translate(None, _C0_FORBIDDEN)) != len(encoded)


def load_html(html: str) -> lxml_html.HtmlElement | None:
    """``trafilatura.utils.load_html(html)`` for a string: the same tree, or None."""
    from trafilatura import utils

    if _has_forbidden(html):
        tree = utils.load_html(html)
        return tree if isinstance(tree, lxml_html.HtmlElement) else None
    beginning = html[:50].lower()
    dubious = utils.is_dubious_html(beginning)
    # utils.repair_faulty_html after its character pass (a no-op here)
    if "doctype" in beginning:
        first_line, _, rest = html.partition("\n")
        html = utils.DOCTYPE_TAG.sub("", first_line, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            html = utils.FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    # the loader's parse: the string, else its UTF-8 bytes
    tree = None
    from_bytes = False
    try:
        tree = lxml_html.fromstring(html, parser=_parser())
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree = utils.fromstring_bytes(html)
        from_bytes = True
    except Exception as error:  # noqa: BLE001 -- as the loader: any lxml failure is "no tree"
        logger.debug("lxml parsing failed: %s", error)
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = utils.fromstring_bytes(html)
    if tree is not None and dubious and len(tree) < 2:  # the loader's test: not HTML at all
        return None
    return tree if isinstance(tree, lxml_html.HtmlElement) else None
