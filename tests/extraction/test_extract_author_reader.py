"""presslens reads trafilatura's bylines without copying the page: same answers as its reader."""

import pytest
from trafilatura.metadata import extract_author

from presslens.extraction.html import parse_html
from presslens.extraction.byline_reader import read_byline as _trafilatura_author

pytestmark = pytest.mark.issue(7)

PAGES = {
    "plain byline": '<div class="byline">By Ada Lindqvist</div><p>Body text of the story.</p>',
    "byline holding a date": '<div class="author">Rui Okafor <time>2 March 2024</time> updated</div>',
    "byline only in comments": '<div id="comments"><span class="author">Commenter Name</span></div>',
    "comment byline before the real one": (
        '<section class="comments-list"><a rel="author">Reader Person</a></section>'
        '<p class="author-name">Mara Venkat</p>'
    ),
    "byline in a figure": '<figure><span class="byline">Photo Person</span></figure><p>No writer named.</p>',
    "no byline": "<p>Nothing about who wrote this.</p>",
}


@pytest.mark.parametrize("body", PAGES.values(), ids=PAGES.keys())
def test_reader_matches_trafilaturas(body: str) -> None:
    tree = parse_html(f"<html><head><title>t</title></head><body>{body}<p>{'filler words ' * 20}</p></body></html>")
    assert tree is not None
    assert _trafilatura_author(tree) == extract_author(tree)


def test_reader_leaves_the_page_as_it_was() -> None:
    tree = parse_html('<html><body><div id="comments"><span class="author">X Y</span></div>'
                      '<div class="byline">Lena Ortiz <time>today</time></div></body></html>')
    assert tree is not None
    before = len(list(tree.iter()))
    _trafilatura_author(tree)
    assert len(list(tree.iter())) == before


def test_one_pass_selects_what_trafilaturas_xpaths_select() -> None:
    from trafilatura.xpaths import AUTHOR_XPATHS

    from presslens.extraction.byline_reader import _MARKED, _one_pass, _xpaths_known

    tree = parse_html(
        "<html><body>"
        '<a rel="author">A One</a><span id="author">B Two</span><strong class="author">C Three</strong>'
        '<link itemprop="author name"><div><rel>me</rel>D Four</div><author>E Five</author>'
        '<p data-testid="AuthorCard">F Six</p><span class="post-authorName">G Seven</span>'
        '<h3 class="byl">H Eight</h3><h4 itemprop="author">I Nine</h4><div id="xiaobian">J Ten</div>'
        '<p class="posted-by">K Eleven</p><section data-component="MainByline">L Twelve</section>'
        '<em id="Author-box">M</em><b class="screenname">N</b><i class="Byline">O</i><u class="writer">P</u>'
        '<span class="date">not a byline</span><table class="stats"><tr><td>none</td></tr></table>'
        "</body></html>"
    )
    assert tree is not None
    assert _xpaths_known()
    assert _one_pass(tree)[:3] == [expression(tree) for expression in AUTHOR_XPATHS]
    assert _one_pass(tree)[3] == _MARKED(tree)  # the marked bylines, found in the same pass
    assert all(_one_pass(tree))
