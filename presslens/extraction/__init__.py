"""The extract stage: ``RawDocument`` -> ``Article``.

HTML goes through trafilatura (main text) plus our own metadata, captions and related links;
scraped plain text goes through a line-level cleaner (``text.py``). Bylines are split into
authors and agencies either way. ``extract_article`` returns ``Rejected`` for expected
failures; ``extract_content`` raises ``ExtractError`` instead.
"""

from __future__ import annotations

from presslens.extraction.bylines import Byline, split_byline
from presslens.extraction.core import extract_article, extract_content
from presslens.extraction.ids import article_id
from presslens.extraction.options import ExtractOptions

__all__ = ["Byline", "ExtractOptions", "article_id", "extract_article", "extract_content", "split_byline"]
