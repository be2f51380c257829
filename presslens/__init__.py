"""presslens: turn raw news into who said what.

    >>> import presslens
    >>> article = presslens.extract(html, url="https://example.com/story")
    >>> analysis = presslens.analyze(article)
    >>> for quote in analysis.quotes: ...

Stages live in ``sources``, ``extract``, ``analyze`` and ``store``; this module composes
them. Nothing heavy is imported until it is used.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from presslens.errors import PresslensError
from presslens.model import DEFAULT_MIN_CONFIDENCE, Analysis, Article, RawDocument, Rejected

if TYPE_CHECKING:
    from presslens.store.corpus import Corpus

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "Analysis",
    "Article",
    "Corpus",
    "PresslensError",
    "RawDocument",
    "Rejected",
    "analyze",
    "analyze_text",
    "extract",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def extract(content: str | bytes, url: str | None = None) -> Article:
    """Extract the article from HTML or scraped text; raise ``ExtractError`` if there is none."""
    from presslens.extraction import extract_content

    return extract_content(content, url=url)


def analyze(x: Article | str | bytes, url: str | None = None, *, model: str | None = None) -> Analysis:
    """Find entities and quotes in an ``Article``, or in raw content after extracting it."""
    from presslens.analysis import get_analyzer

    article = x if isinstance(x, Article) else extract(x, url=url)
    return get_analyzer(model).analyze(article)


def analyze_text(text: str, *, model: str | None = None) -> Analysis:
    """Analyze a plain text exactly as given (no cleaning): every offset indexes into ``text``."""
    from presslens.analysis import get_analyzer

    return get_analyzer(model).analyze_text(text)


def __getattr__(name: str) -> Any:
    if name == "Corpus":
        from presslens.store.corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'presslens' has no attribute {name!r}")
