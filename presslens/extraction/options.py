"""Options of the extract stage: one frozen dataclass, passed whole."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ExtractOptions", "INPUT_FORMATS"]

INPUT_FORMATS = ("auto", "html", "text")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractOptions:
    """How to turn a document into an article.

    ``max_bytes`` rejects larger inputs before any parsing (news pages are well under 5 MB;
    the sources stage uses the same 20 MiB bound). ``min_words`` is the fewest body words that
    make an article. ``favour_precision`` asks trafilatura to drop doubtful blocks (better F1
    on the Zyte benchmark). ``input_format`` forces HTML or scraped-text handling instead of
    detecting it.
    """

    max_bytes: int = 20 * 1024 * 1024
    min_words: int = 15
    favour_precision: bool = True
    include_tables: bool = True
    input_format: str = "auto"

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or self.min_words < 0:
            raise ValueError("ExtractOptions: max_bytes must be > 0 and min_words >= 0")
        if self.input_format not in INPUT_FORMATS:
            raise ValueError(f"ExtractOptions.input_format must be one of {INPUT_FORMATS}")
