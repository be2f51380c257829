"""The article text cut into segments, each plain or inside one quote, for highlighting.

Templates escape each segment's text and wrap quoted ones in ``<mark>``; no HTML is built
from article text here, so nothing hostile in it can become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from presslens.model import Span

__all__ = ["Segment", "paragraph_segments", "snippet_segments"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A run of text; ``quote`` is the index of the (innermost) quote covering it, or None.
    ``first`` marks the first segment of its quote: the one that takes keyboard focus."""

    text: str
    quote: int | None = None
    first: bool = False


def _innermost(covering: list[tuple[int, Span]]) -> int:
    # Nested quotes: the one that starts last (then ends first) is the innermost.
    return min(covering, key=lambda item: (-item[1].start, item[1].end))[0]


def paragraph_segments(
    text: str, paragraphs: Sequence[Span], quotes: Sequence[Sequence[Span]]
) -> list[list[Segment]]:
    """Segments of each paragraph; ``quotes[i]`` is the spans quote ``i`` highlights (its
    content parts). Text between paragraphs is not shown."""
    blocks = list(paragraphs) or [Span(start=0, end=len(text))]
    pieces = [(index, span) for index, spans in enumerate(quotes) for span in spans if span.end > span.start]
    seen: set[int] = set()
    result: list[list[Segment]] = []
    for block in blocks:
        inside = [(i, s) for i, s in pieces if s.start < block.end and s.end > block.start]
        cuts = {block.start, block.end}
        for _, span in inside:
            cuts.update(offset for offset in (span.start, span.end) if block.start < offset < block.end)
        ordered = sorted(cuts)
        segments: list[Segment] = []
        for start, end in zip(ordered, ordered[1:]):
            covering = [(i, s) for i, s in inside if s.start <= start and s.end >= end]
            quote = _innermost(covering) if covering else None
            first = quote is not None and quote not in seen
            if quote is not None:
                seen.add(quote)
            piece = text[start:end]
            if segments and segments[-1].quote == quote and not first:
                segments[-1] = Segment(text=segments[-1].text + piece, quote=quote, first=segments[-1].first)
            else:
                segments.append(Segment(text=piece, quote=quote, first=first))
        result.append(segments)
    return result


def snippet_segments(snippet: str, opening: str = "[", closing: str = "]") -> list[tuple[str, bool]]:
    """A search snippet cut at the store's match markers: ``(text, matched)`` pairs, for the
    template to escape and wrap matched ones in ``<mark>``."""
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(opening)
        end = rest.find(closing, start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            pieces.append((rest, False))
            break
        if start:
            pieces.append((rest[:start], False))
        pieces.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(text, matched) for text, matched in pieces if text]
