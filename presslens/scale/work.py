"""The units of ingest work that an executor runs, in two steps around the store.

``extract_chunk`` turns a chunk of inputs into articles; the driver asks the store which of
them are exact copies of stored articles (``Corpus.stored_copies``) and hands the answer
back with the chunk; ``analyse_chunk`` analyses the rest with one ``analyze_many`` call.
Workers therefore never open the database; the analyzer loads once per worker process.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from presslens.errors import PresslensError
from presslens.model import Analysis, Article, RawDocument, Rejected
from presslens.scale.budget import DEFAULT_MAX_SECONDS, OutOfTime, time_budget

__all__ = [
    "Chunk",
    "Extracted",
    "Failure",
    "Outcome",
    "StageConfig",
    "WorkItem",
    "analyse_articles",
    "analyse_chunk",
    "extract_chunk",
    "extract_document",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class StageConfig:
    """What every worker needs: the stage options (never a database)."""

    model: str | None = None
    extract_options: Any = None
    max_seconds: float = DEFAULT_MAX_SECONDS  # per document and stage; 0: no budget
    articles_only: bool = False  # pages classed "other" (shops, recipes, docs...) are skipped


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkItem:
    """One input: a document, a rejection from the source, or (``payload=None``) a marker
    saying that the earlier error ``key`` was retried from its source."""

    key: str
    source: str
    payload: RawDocument | Rejected | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Chunk:
    items: tuple[WorkItem, ...]
    config: StageConfig


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    stage: str  # source | extract | analyze
    code: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Extracted:
    """A chunk after extraction: one article, failure or None (no document) per item, and
    ``stored``: article id -> id of the stored copy, filled in by the driver."""

    chunk: Chunk
    results: tuple[Article | Failure | None, ...]
    stored: Mapping[str, str] = field(default_factory=dict)

    def articles(self) -> list[Article]:
        return [r for r in self.results if isinstance(r, Article)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """Exactly one of: ``analysis`` (to store), ``duplicate_of`` (already stored),
    ``failure``, ``not_article`` (skipped: not a news article); or none of them for a marker."""

    item: WorkItem
    analysis: Analysis | None = None
    duplicate_of: str | None = None
    failure: Failure | None = None
    not_article: bool = False


def _failure(stage: str, error: BaseException) -> Failure:
    if isinstance(error, PresslensError):
        return Failure(stage=stage, code=error.code, reason=error.message)
    # A bug, not a bad input: logged with its traceback, kept as an error row, batch goes on.
    log.error("%s stage crashed", stage, exc_info=error)
    return Failure(stage=stage, code="internal-error", reason=f"{type(error).__name__}: {error}")


def _too_slow(stage: str, error: OutOfTime) -> Failure:
    return Failure(stage=stage, code="too-slow", reason=str(error))


def extract_document(raw: RawDocument, config: StageConfig) -> Article | Failure:
    """One document through extraction; a rejection, a crash or running past
    ``config.max_seconds`` becomes a ``Failure``."""
    from presslens.extraction import extract_article

    try:
        with time_budget(config.max_seconds):
            result = extract_article(raw, options=config.extract_options)
    except OutOfTime as error:
        return _too_slow("extract", error)
    except Exception as error:  # noqa: BLE001 - one bad page must not stop the batch
        return _failure("extract", error)
    if isinstance(result, Rejected):
        return Failure(stage="extract", code=result.code, reason=result.reason)
    assert isinstance(result, Article)
    return result


def analyse_articles(articles: list[Article], config: StageConfig) -> list[Analysis | Failure]:
    """Analyse ``articles`` in one batch; when the batch fails or runs past
    ``config.max_seconds``, one by one (each with that budget) to find the article that broke it."""
    if not articles:
        return []
    from presslens.analysis import get_analyzer

    analyzer = get_analyzer(config.model)  # loaded once per process, then cached
    try:
        # the whole batch gets one article's budget: a chunk holding a pathological article
        # then costs at most twice the budget, not the budget times the chunk size
        with time_budget(config.max_seconds):
            return list(analyzer.analyze_many(articles, batch_size=len(articles)))
    except OutOfTime:
        log.warning("batch analysis ran out of time; analysing the %d articles one by one", len(articles))
    except Exception:  # noqa: BLE001 - find which article broke the batch
        log.warning("batch analysis failed; analysing the %d articles one by one", len(articles))
    results: list[Analysis | Failure] = []
    for article in articles:
        try:
            with time_budget(config.max_seconds):
                results.append(analyzer.analyze(article))
        except OutOfTime as error:
            results.append(_too_slow("analyze", error))
        except Exception as error:  # noqa: BLE001
            results.append(_failure("analyze", error))
    return results


def extract_chunk(chunk: Chunk) -> Extracted:
    """Extract every document of ``chunk`` (rejections and markers pass through as None)."""
    results = tuple(
        extract_document(item.payload, chunk.config) if isinstance(item.payload, RawDocument) else None
        for item in chunk.items
    )
    return Extracted(chunk=chunk, results=results)


def analyse_chunk(extracted: Extracted) -> list[Outcome]:
    """Analyse the articles of ``extracted`` that are not stored yet; one outcome per
    item, in order. Copies within the chunk are analysed once."""
    stored = extracted.stored
    fresh: dict[str, Article] = {}
    skip = extracted.chunk.config.articles_only
    for article in extracted.articles():
        if article.id not in stored and not (skip and article.page_class == "other"):
            fresh.setdefault(article.id, article)
    analysed = dict(zip(fresh, analyse_articles(list(fresh.values()), extracted.chunk.config), strict=True))
    outcomes = []
    for item, result in zip(extracted.chunk.items, extracted.results, strict=True):
        payload = item.payload
        if isinstance(payload, Rejected):
            failure = Failure(stage="source", code=payload.code, reason=payload.reason)
            outcomes.append(Outcome(item=item, failure=failure))
        elif payload is None or result is None:
            outcomes.append(Outcome(item=item))
        elif isinstance(result, Failure):
            outcomes.append(Outcome(item=item, failure=result))
        elif skip and result.page_class == "other":
            outcomes.append(Outcome(item=item, not_article=True))
        elif result.id in stored:
            outcomes.append(Outcome(item=item, duplicate_of=stored[result.id]))
        else:
            analysis = analysed[result.id]
            if isinstance(analysis, Failure):
                outcomes.append(Outcome(item=item, failure=analysis))
            else:
                outcomes.append(Outcome(item=item, analysis=analysis))
    return outcomes
