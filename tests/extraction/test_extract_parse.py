"""presslens's parse gives the tree trafilatura's loader gives, on every path of the loader."""

from __future__ import annotations

import pytest
from lxml import etree
from trafilatura.utils import load_html as trafilatura_load_html

from presslens.extraction.parse import load_html

_BODY = "<body><h1>Rain at last</h1><p>The farmers said the rain came late, but it came.</p></body>"
_WITH_FORBIDDEN = _BODY.replace("late", "la\x0ct\x01e")  # "late" with a form feed and a SOH inside
_PAGES = [
    f"<html><head><title>Rain</title></head>{_BODY}</html>",
    f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'></head>{_BODY}</html>",
    # a doctype ending in "/>" and a self-closing <html/>: the loader repairs both
    f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1.dtd"/>\n<html>{_BODY}</html>',
    f'<html xmlns="http://www.w3.org/1999/xhtml"/>\n<head></head>{_BODY}',
    # an XML declaration with an encoding: lxml refuses the string, the loader parses the bytes
    f'<?xml version="1.0" encoding="utf-8"?>\n<html>{_BODY}</html>',
    # characters XML forbids: the loader deletes them
    f"<html>{_WITH_FORBIDDEN}\ufffe</html>",
    "<p>One paragraph, no document around it.</p>",
    "<div><p>A fragment</p><p>of two paragraphs</p></div>",
    "Just a line of plain text, no markup at all.",
    "Üml\u00e4ute and “quotes” ‘everywhere’ — <b>bold</b> \u4e2d\u6587",
    "",
    # comments and processing instructions (the parser drops both), a form and unusual tags
    f"<html><body><!-- ad slot --><?php echo 1; ?><form action='/s'><label>Find</label><input name='q'>"
    f"<select><option>a</option></select><textarea>t</textarea></form><fb:like></fb:like>{_BODY}</body></html>",
]


@pytest.mark.parametrize("html", _PAGES)
def test_same_tree_as_trafilaturas_loader(html: str) -> None:
    ours, theirs = load_html(html), trafilatura_load_html(html)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")


def test_forbidden_characters_are_deleted() -> None:
    tree = load_html(f"<html>{_WITH_FORBIDDEN}</html>")
    assert tree is not None and "the rain came late, but" in tree.text_content()


@pytest.mark.parametrize("html", [page for page in _PAGES if trafilatura_load_html(page) is not None])
def test_same_element_classes_as_trafilaturas_loader(html: str) -> None:
    """The parser's C lookup gives each element the class lxml.html's own lookup gives it."""
    ours, theirs = load_html(html), trafilatura_load_html(html)
    assert ours is not None and theirs is not None
    assert [type(e) for e in ours.iter()] == [type(e) for e in theirs.iter()]
