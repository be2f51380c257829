"""Quoted passages found from quote marks alone, before any parsing.

Handles curly, straight, guillemet and low-9 double quotes, single quotes at word
boundaries, quotes that run over several paragraphs (an opening paragraph with no closing
mark continued by a paragraph that opens again), and unbalanced marks: an opener with no
closer runs to the end of its paragraph and is flagged ``closed=False``, so nothing after it
is ever lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presslens.model import Span

__all__ = ["QuotedPassage", "find_quoted_passages", "inside_quotes_mask", "QUOTE_CHARS"]

# opener -> the closers it accepts
_DOUBLE_PAIRS = {
    "\u201c": "\u201d\u201c\"",  # “ ... ” (and a stray “ or ")
    "\u201e": "\u201c\u201d\"",  # „ ... “ (German) or „ ... ”
    "\u00ab": "\u00bb",  # « ... »
    "\u00bb": "\u00ab",  # » ... « (Danish/German style)
    "\u201f": "\u201d",
    '"': '"\u201d',
}
_SINGLE_PAIRS = {"\u2018": "\u2019'", "'": "'\u2019", "\u201a": "\u2018\u2019"}
QUOTE_CHARS = frozenset("\u201c\u201d\u201e\u201f\u00ab\u00bb\"\u2018\u2019\u201a'")
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class QuotedPassage:
    """Text between quote marks; ``outer`` includes the marks, ``inner`` excludes them."""

    outer: Span
    inner: Span
    closed: bool  # False when the closing mark was missing (runs to the paragraph's end)
    double: bool  # double marks (speech) rather than single ones (often scare quotes)
    continued: bool = False  # continues a quote from the paragraph before


def _is_opener(text: str, i: int, end: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    # French typography puts a (no-break) space inside guillemets: "« Non »"
    inner_space_ok = text[i] == "\u00ab" and i + 2 < end and not text[i + 2].isspace()
    return (before.isspace() or before in "([{\u2014\u2013-/:;,") and (not after.isspace() or inner_space_ok)


def _is_closer(text: str, i: int, end: int, start: int) -> bool:
    if text[i] in "\u201d\u00bb":
        return True  # a curly closing mark closes whatever follows it ("”After his rally")
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if before == " " and i - 2 >= start and text[i - 2] in "'\u2019" and not _WORD.match(after):
        return True  # a quote inside the quote ends just before it: '... say, \'Well done,\' "'
    return not before.isspace() and not _WORD.match(after)


def _scan_paragraph(text: str, start: int, end: int, pairs: dict[str, str], single: bool) -> list[tuple[int, int, bool]]:
    """(open index, close index or -1, closed) for each passage in text[start:end]."""
    found: list[tuple[int, int, bool]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in pairs and _is_opener(text, i, end):
            closers = pairs[ch]
            j = i + 1
            close = -1
            while j < end:
                cj = text[j]
                if cj in closers and _is_closer(text, j, end, start):
                    # a possessive (Belarus' leader) is not a closing single quote
                    if single and cj in "'\u2019" and text[j - 1] in "sS" and j + 2 < end and text[j + 1] == " " and text[j + 2].islower():
                        j += 1
                        continue
                    close = j
                    break
                if single and cj in "\u201c\u201d\u00ab\u00bb\"":
                    break  # a single quote never spans a double one at its level
                j += 1
            if close >= 0:
                found.append((i, close, True))
                i = close + 1
                continue
            if not single:
                found.append((i, -1, False))
                return found
        i += 1
    return found


def find_quoted_passages(text: str, paragraphs: tuple[Span, ...]) -> list[QuotedPassage]:
    """Quoted passages in reading order; a passage never crosses a paragraph boundary."""
    passages: list[QuotedPassage] = []
    open_from_previous = False
    original = text
    # two apostrophes ('' ... '') are a double quote in some wires: same length, so offsets hold
    text = text.replace("''", '""')
    for para in paragraphs:
        start, end = para.start, para.end
        while start < end and text[start].isspace():
            start += 1
        doubles = _scan_paragraph(text, start, end, _DOUBLE_PAIRS, single=False)
        para_passages: list[QuotedPassage] = []
        for open_i, close_i, closed in doubles:
            stop = close_i + 1 if closed else end
            inner_end = close_i if closed else end
            while inner_end > open_i + 1 and text[inner_end - 1].isspace():
                inner_end -= 1
            stop = max(stop if closed else inner_end, open_i + 1)
            continued = open_from_previous and open_i == start
            inner_start = open_i + 1
            while inner_start < inner_end and text[inner_start].isspace():
                inner_start += 1  # "« Non »": the French space is not part of the words
            if original.startswith("''", open_i) and inner_start < inner_end:
                inner_start += 1
            if closed and original.startswith("''", close_i) and stop < end:
                stop += 1
            para_passages.append(
                QuotedPassage(Span(start=open_i, end=stop), Span(start=inner_start, end=max(inner_end, inner_start)), closed, True, continued)
            )
        # single quotes only outside double-quoted passages
        covered = [(p.outer.start, p.outer.end) for p in para_passages]
        for open_i, close_i, closed in _scan_paragraph(text, start, end, _SINGLE_PAIRS, single=True):
            if any(a <= open_i < b for a, b in covered):
                continue
            para_passages.append(
                QuotedPassage(Span(start=open_i, end=close_i + 1), Span(start=open_i + 1, end=close_i), True, False)
            )
        para_passages.sort(key=lambda p: p.outer.start)
        passages.extend(para_passages)
        open_from_previous = bool(doubles) and not doubles[-1][2]
    return passages


def inside_quotes_mask(text: str, passages: list[QuotedPassage]) -> bytearray:
    """One byte per character of ``text``: 1 inside a double-quoted passage (marks included)."""
    mask = bytearray(len(text))
    for p in passages:
        if p.double:
            mask[p.outer.start : p.outer.end] = b"\x01" * (p.outer.end - p.outer.start)
    return mask
