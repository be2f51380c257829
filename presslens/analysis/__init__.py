"""The analysis stage: ``Article -> Analysis`` (entities, quotes, cues, speakers).

    >>> from presslens.analysis import get_analyzer
    >>> analysis = get_analyzer().analyze(article)

An interrupted quote (``"We will not retreat," he said. "Not one step."``) is ONE quote
whose ``parts`` are its pieces and whose ``span`` covers them all. spaCy users: import
this package (or ``presslens.analysis.component``), then ``nlp.add_pipe("presslens_quotes")``;
results are on ``doc._.quotes``. Installed packages also expose the factory through the
``spacy_factories`` entry point, so spaCy finds it without the import.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

# registers the spaCy factory "presslens_quotes" (nlp.add_pipe("presslens_quotes"))
from presslens.analysis import component as _component  # noqa: F401

if TYPE_CHECKING:
    from presslens.analysis.pipeline import Analyzer, AnalyzerOptions

__all__ = ["Analyzer", "AnalyzerOptions", "get_analyzer"]

_lock = threading.Lock()
_analyzers: dict[str, Analyzer] = {}


def get_analyzer(model: str | None = None) -> Analyzer:
    """The process-wide analyzer for a spaCy model (loaded once, then cached)."""
    from presslens.analysis.pipeline import DEFAULT_MODEL, Analyzer, AnalyzerOptions

    name = model or DEFAULT_MODEL
    with _lock:
        analyzer = _analyzers.get(name)
        if analyzer is None:
            analyzer = _analyzers[name] = Analyzer(AnalyzerOptions(model=name))
        return analyzer


def __getattr__(name: str) -> object:
    if name in ("Analyzer", "AnalyzerOptions"):
        from presslens.analysis import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'presslens.analysis' has no attribute {name!r}")
