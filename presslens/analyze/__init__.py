"""The analyze stage: ``Article -> Analysis`` (entities, quotes, cues, speakers).

    >>> from presslens.analyze import get_analyzer
    >>> analysis = get_analyzer().analyze(article)

An interrupted quote (``"We will not retreat," he said. "Not one step."``) is ONE quote
whose ``parts`` are its pieces and whose ``span`` covers them all. spaCy users: import
this package (or ``presslens.analyze.component``), then ``nlp.add_pipe("presslens_quotes")``;
results are on ``doc._.quotes``. Installed packages also expose the factory through the
``spacy_factories`` entry point, so spaCy finds it without the import.
"""

from __future__ import annotations

import sys
import threading
import types
from typing import TYPE_CHECKING, Any

# registers the spaCy factory "presslens_quotes" (nlp.add_pipe("presslens_quotes"))
from presslens.analyze import component as _component  # noqa: F401

if TYPE_CHECKING:
    from presslens.analyze.pipeline import Analyzer, AnalyzerOptions
    from presslens.model import Analysis

__all__ = ["Analyzer", "AnalyzerOptions", "get_analyzer"]

_lock = threading.Lock()
_analyzers: dict[str, Analyzer] = {}


def get_analyzer(model: str | None = None) -> Analyzer:
    """The process-wide analyzer for a spaCy model (loaded once, then cached)."""
    from presslens.analyze.pipeline import DEFAULT_MODEL, Analyzer, AnalyzerOptions

    name = model or DEFAULT_MODEL
    with _lock:
        analyzer = _analyzers.get(name)
        if analyzer is None:
            analyzer = _analyzers[name] = Analyzer(AnalyzerOptions(model=name))
        return analyzer


def __getattr__(name: str) -> object:
    if name in ("Analyzer", "AnalyzerOptions"):
        from presslens.analyze import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'presslens.analyze' has no attribute {name!r}")


class _CallablePackage(types.ModuleType):
    """Importing this subpackage rebinds ``presslens.analyze`` from the public function to the
    module; making the module callable keeps ``presslens.analyze(x)`` working either way."""

    def __call__(self, x: Any, url: str | None = None, *, model: str | None = None) -> Analysis:
        from presslens.model import Article

        if not isinstance(x, Article):
            from presslens.extraction import extract_content

            x = extract_content(x, url=url)
        return get_analyzer(model).analyze(x)


sys.modules[__name__].__class__ = _CallablePackage
