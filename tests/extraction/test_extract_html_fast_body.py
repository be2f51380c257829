"""The fast pass on the page's own tree (no copy) gives what ``bare_extraction`` gives."""

from __future__ import annotations

import pytest
from lxml.html import HtmlElement

from presslens.extraction import html as html_module
from presslens.extraction.html import _body, _fast_body, _trafilatura_sequence, extract_html, parse_html

_STORY = "".join(
    f"<p>Paragraph {i}: the harbour board voted on Tuesday to dredge the old channel, and the pilot "
    f"said the larger ferries would be able to dock at low tide from the spring onwards.</p>"
    for i in range(5)
)
PAGES = (
    f"<html><head><title>Harbour</title></head><body><nav><ul><li><a href='/'>Home</a></li></ul></nav>"
    f"<article><h1>Harbour board votes to dredge</h1>{_STORY}<h2>What comes next</h2>{_STORY}</article>"
    f"<div id='comments'><p>A reader wrote that the dredging was long overdue and welcome.</p></div>"
    f"<footer>All rights reserved.</footer></body></html>",
    f"<html><body><div class='content'>{_STORY}<table><tr><td>Depth</td><td>4 metres</td></tr></table>"
    f"<ul><li>One list item about the channel and its depth at low tide.</li></ul></div></body></html>",
    "<html><body><p>Too short.</p></body></html>",
)


def _tree(page: str) -> HtmlElement:
    tree = parse_html(page)
    assert tree is not None
    return tree


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("precision", [True, False])
@pytest.mark.parametrize("tables", [True, False])
def test_fast_body_matches_bare_extraction(page: str, precision: bool, tables: bool) -> None:
    assert _trafilatura_sequence() is not None  # the installed trafilatura is the one it repeats
    expected = _body(_tree(page), "https://example.org/a", favour_precision=precision,
                     include_tables=tables, fast=True)
    got = _fast_body(_tree(page), "https://example.org/a", favour_precision=precision,
                     include_tables=tables)
    assert got == expected


def test_other_trafilatura_versions_get_the_copying_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "_SEQUENCE_VERSION", "0.0.0")
    _trafilatura_sequence.cache_clear()
    try:
        assert _trafilatura_sequence() is None
        tree = _tree(PAGES[0])
        before = len(list(tree.iter()))
        assert _fast_body(tree, None, favour_precision=True, include_tables=True)
        assert len(list(tree.iter())) == before  # trafilatura worked on a copy
    finally:
        _trafilatura_sequence.cache_clear()


def test_headings_and_lead_are_read_before_the_tree_is_pruned() -> None:
    lead = ("The harbour board has agreed to dredge the old channel after a decade of complaints from "
            "ferry operators and the fishing fleet about the silted approach.")
    page = (f"<html><head><title>Harbour board votes to dredge</title></head><body><article>"
            f"<header><h1>Harbour board votes to dredge</h1><p class='article-lead'>{lead}</p></header>"
            f"<div class='body'>{_STORY}<h2><span>Costs and timing</span></h2>{_STORY.replace('Paragraph', 'Part')}"
            f"</div></article></body></html>")
    parts = extract_html(page, "https://example.org/a")
    assert parts is not None
    assert parts.paragraphs[0] == lead  # the header's lead, which trafilatura leaves out
    assert parts.paragraphs.count("Costs and timing") == 1
    assert parts.paragraphs[parts.paragraphs.index("Costs and timing") + 1].startswith("Part 0")
