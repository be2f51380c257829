"""The article's lead (standfirst): the paragraph under the headline that many CMSs keep in
the article header, outside the body container trafilatura extracts, so it goes missing.

It is found by the class or id words publishers give it (``data/lead_classes.json``) among
the first such blocks of the page, and kept only where it reads as one paragraph of prose
that the body does not already hold. trafilatura's annotated pages count the lead as body
text (dev half: recall 0.917 -> 0.945, precision kept); the Zyte gold leaves short deks
out, hence the floor of words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import html as lxml_html

from presslens.extraction.captions import split_credit

__all__ = ["LeadCandidate", "choose_lead", "find_lead", "read_lead_candidates"]

_WORD = re.compile(r"\w+")
# Split a class or id into words: "article__lead-text" / "articleDek" -> article, lead, text / dek.
_NAME_PARTS = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
_TAGS = ("p", "div", "h2", "h3", "section", "header")
# A lead is article text: not in navigation, a list of teasers, a link or a figure.
_OUTSIDE = frozenset({"nav", "footer", "aside", "form", "li", "a", "button", "figure", "figcaption"})
# One paragraph of prose holds none of these: an element that does is a teaser list or a widget.
_NOT_IN_LEAD = ("script", "style", "noscript", "form", "input", "button", "h1", "h2", "h3", "h4", "ul", "ol", "table")
_MIN_WORDS = 12  # shorter ones are deks (one-line subtitles), which the Zyte gold leaves out
_MAX_WORDS = 150
_MAX_CANDIDATES = 3  # the lead is among the first marked blocks; later ones are teasers of other pages
_MAX_LINK_SHARE = 0.3
_TRUNCATED = ("...", "\u2026")  # a shortened teaser, not the lead itself
# A picture credit ends a caption, not a lead: "... last week. (Jo Ruiz / Daily News)".
_SLASH_CREDIT = re.compile(r"\([^()/]{2,60}/[^()/]{2,60}\)$")


@dataclass(frozen=True, slots=True)
class _Words:
    lead: frozenset[str]
    not_lead: frozenset[str]
    quick: re.Pattern[str]  # any lead word inside a lower-cased name: most names fail here


@cache
def _words() -> _Words:
    data = json.loads((Path(__file__).parent / "data" / "lead_classes.json").read_text(encoding="utf-8"))
    lead = frozenset(w.lower() for w in data["lead"])
    return _Words(lead, frozenset(w.lower() for w in data["not_lead"]),
                  re.compile("|".join(sorted(map(re.escape, lead), key=len, reverse=True))))


def _marked(element: lxml_html.HtmlElement, words: _Words) -> bool:
    css, ident = element.get("class"), element.get("id")
    if css is None and ident is None:  # most blocks: no name to read
        return False
    names = ident if css is None else css if ident is None else f"{css} {ident}"
    if not names or words.quick.search(names.lower()) is None:
        return False
    parts = {part.lower() for part in _NAME_PARTS.split(names) if part}
    return not parts.isdisjoint(words.lead) and parts.isdisjoint(words.not_lead)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _prose(element: lxml_html.HtmlElement, text: str) -> bool:
    linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
    return (linked <= _MAX_LINK_SHARE * len(text) and not text.endswith(_TRUNCATED)
            and "\u00a9" not in text and _SLASH_CREDIT.search(text) is None and split_credit(text) is None
            and next(element.iterdescendants(_NOT_IN_LEAD), None) is None
            and sum(1 for _ in element.iterdescendants("p")) <= 1)


@dataclass(frozen=True, slots=True)
class LeadCandidate:
    """A block marked as the lead, read before trafilatura prunes the tree."""

    text: str
    prose: bool


def read_lead_candidates(tree: lxml_html.HtmlElement) -> tuple[LeadCandidate, ...]:
    """The page's first marked blocks of a lead's length, one past the most that count."""
    words = _words()
    candidates: list[LeadCandidate] = []
    for element in tree.iter(_TAGS):
        if not _marked(element, words):
            continue
        text = " ".join(element.text_content().split())
        if not _MIN_WORDS <= len(_WORD.findall(text)) <= _MAX_WORDS:
            continue
        if any(ancestor.tag in _OUTSIDE for ancestor in element.iterancestors()):
            continue
        if len(candidates) >= _MAX_CANDIDATES:
            candidates.append(LeadCandidate(text, prose=False))  # only says there are too many
            break
        candidates.append(LeadCandidate(text, _prose(element, text)))
    return tuple(candidates)


def find_lead(tree: lxml_html.HtmlElement, paragraphs: tuple[str, ...], title: str | None) -> str | None:
    """The page's lead paragraph when the body lacks it, else None."""
    return choose_lead(read_lead_candidates(tree), paragraphs, title)


def choose_lead(candidates: tuple[LeadCandidate, ...], paragraphs: tuple[str, ...], title: str | None) -> str | None:
    """The lead among the candidates (``read_lead_candidates``) when the body lacks it, else None."""
    body: str | None = None
    for seen, candidate in enumerate(candidates, start=1):
        if seen > _MAX_CANDIDATES:
            return None
        if not candidate.prose:
            continue
        text = candidate.text
        key = _key(text)
        body = _key(" ".join(paragraphs)) if body is None else body
        if key in body or (title and key == _key(title)):
            return None  # the body has it already
        if any(len(p) > 40 and _key(p) in key for p in paragraphs[:3]):
            return None  # it holds the body's opening paragraph: the body starts there
        return text
    return None
