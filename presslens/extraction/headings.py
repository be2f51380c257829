"""Subheadings inside the article that trafilatura's precision mode drops (it deletes headings
it finds link-heavy or trailing, and some CMS markup hides them from it): each comes back
where it stood, in front of the body paragraph that follows it on the page.

Only a heading whose next block is a body paragraph, and not the first one, is restored, so
the article's own sections come back and nothing from outside the body does; a heading that
is mostly a link is a pointer to another page and stays out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from lxml import html as lxml_html

__all__ = ["Heading", "place_headings", "read_headings", "restore_headings"]

_WORD = re.compile(r"\w+")
_TAGS = ("h2", "h3", "h4")
_MAX_WORDS = 20  # a longer "heading" is a teaser or a styled paragraph
_KEY_CHARS = 80  # a paragraph is known by the start of its words
_MAX_HEADINGS = 200
_MAX_LINK_SHARE = 0.5


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _next_start(element: lxml_html.HtmlElement) -> str:
    """The first words of the next block with text (read only as far as the key needs)."""
    sibling = element.getnext()
    while sibling is not None:
        if isinstance(sibling.tag, str):
            pieces: list[str] = []
            size = 0
            for piece in sibling.itertext():
                pieces.append(piece)
                size += len(piece)
                if size > 2 * _KEY_CHARS:
                    break
            start = _key("".join(pieces))
            if start:
                return start[:_KEY_CHARS]
        sibling = sibling.getnext()
    return ""


def _mostly_linked(heading: lxml_html.HtmlElement, text: str) -> bool:
    """A linked heading between paragraphs points at another page ("Read also: ...")."""
    linked = sum(len(" ".join(a.text_content().split())) for a in heading.iter("a"))
    return linked > _MAX_LINK_SHARE * len(text)


@dataclass(frozen=True, slots=True)
class Heading:
    """A subheading as the page holds it, read before trafilatura prunes the tree."""

    next_start: str  # the key of the block after it
    text: str
    mostly_linked: bool


def read_headings(tree: lxml_html.HtmlElement) -> tuple[Heading, ...]:
    """The page's subheadings that could come back: short, with text and a block after them."""
    headings: list[Heading] = []
    for heading in islice(tree.iter(_TAGS), _MAX_HEADINGS):
        start = _next_start(heading)
        if not start:  # no paragraph key is empty: it could never match
            continue
        text = " ".join(heading.text_content().split())
        if text and len(_WORD.findall(text)) <= _MAX_WORDS:
            headings.append(Heading(start, text, _mostly_linked(heading, text)))
    return tuple(headings)


def restore_headings(tree: lxml_html.HtmlElement, paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """The paragraphs with the article's missing subheadings put back in place."""
    return place_headings(read_headings(tree), paragraphs) if len(paragraphs) >= 2 else paragraphs


def place_headings(headings: tuple[Heading, ...], paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """The paragraphs with the headings (``read_headings``) they lack put back in place."""
    if len(paragraphs) < 2:
        return paragraphs
    where: dict[str, int] = {}
    for index, paragraph in enumerate(paragraphs):
        where.setdefault(_key(paragraph[: 2 * _KEY_CHARS])[:_KEY_CHARS], index)
    body: str | None = None
    before: dict[int, str] = {}
    for heading in headings:
        found = where.get(heading.next_start)
        if not found:  # None, or 0: a heading above the first paragraph is the page's, not a section's
            continue
        if body is None:
            body = "\n".join(paragraphs).lower()
        if heading.text.lower() not in body and not heading.mostly_linked:
            before.setdefault(found, heading.text)
    if not before:
        return paragraphs
    restored: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index in before:
            restored.append(before[index])
        restored.append(paragraph)
    return tuple(restored)
