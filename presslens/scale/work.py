"""The unit of ingest work that an executor runs: a chunk of inputs -> one outcome each.

A chunk is extracted, checked against the corpus for exact duplicates (a read-only
connection, so the writer is never blocked) and analysed with one ``analyze_many`` call.
Runs in the ingest process or in a worker process; the analyzer loads once per process.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.errors import PresslensError
from presslens.model import Analysis, Article, RawDocument, Rejected
from presslens.store.dedup import text_hash

__all__ = ["Chunk", "Failure", "Outcome", "StageConfig", "WorkItem", "close_readers", "process_chunk"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class StageConfig:
    """What every worker needs: stage options and the database to check duplicates in."""

    db_path: str
    model: str | None = None
    extract_options: Any = None


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
class Outcome:
    """Exactly one of: ``analysis`` (to store), ``duplicate_of`` (already stored),
    ``failure``; or none of them for a marker."""

    item: WorkItem
    analysis: Analysis | None = None
    duplicate_of: str | None = None
    failure: Failure | None = None


_readers: dict[str, sqlite3.Connection] = {}


def _reader(db_path: str) -> sqlite3.Connection:
    if db_path not in _readers:
        uri = Path(db_path).resolve().as_uri() + "?mode=ro"
        _readers[db_path] = sqlite3.connect(uri, uri=True, check_same_thread=False)
    return _readers[db_path]


def _stored_ids(db_path: str, articles: list[Article]) -> dict[str, str]:
    """Article id -> id of the copy already stored (same id or same normalised text)."""
    if not articles:
        return {}
    conn = _reader(db_path)
    found: dict[str, str] = {}
    for article in articles:
        # fetchall: finish the statement so this reader holds no snapshot between chunks
        rows = conn.execute(
            "SELECT id FROM articles WHERE id = ? OR text_hash = ? LIMIT 1", (article.id, text_hash(article.text))
        ).fetchall()
        if rows:
            found[article.id] = rows[0][0]
    return found


def close_readers() -> None:
    """Close the duplicate-check connections this process opened."""
    while _readers:
        _readers.popitem()[1].close()


def _failure(stage: str, error: BaseException) -> Failure:
    if isinstance(error, PresslensError):
        return Failure(stage=stage, code=error.code, reason=error.message)
    # A bug, not a bad input: logged with its traceback, kept as an error row, batch goes on.
    log.error("%s stage crashed", stage, exc_info=error)
    return Failure(stage=stage, code="internal-error", reason=f"{type(error).__name__}: {error}")


def _extract(raw: RawDocument, config: StageConfig) -> Article | Failure:
    from presslens.extraction import extract_article

    try:
        result = extract_article(raw, options=config.extract_options)
    except Exception as error:  # noqa: BLE001 - one bad page must not stop the batch
        return _failure("extract", error)
    if isinstance(result, Rejected):
        return Failure(stage="extract", code=result.code, reason=result.reason)
    assert isinstance(result, Article)
    return result


def _analyze(articles: list[Article], config: StageConfig) -> list[Analysis | Failure]:
    if not articles:
        return []
    from presslens.analysis import get_analyzer

    analyzer = get_analyzer(config.model)  # loaded once per process, then cached
    try:
        return list(analyzer.analyze_many(articles, batch_size=len(articles)))
    except Exception:  # noqa: BLE001 - find which article broke the batch
        log.warning("batch analysis failed; analysing the %d articles one by one", len(articles))
    results: list[Analysis | Failure] = []
    for article in articles:
        try:
            results.append(analyzer.analyze(article))
        except Exception as error:  # noqa: BLE001
            results.append(_failure("analyze", error))
    return results


def process_chunk(chunk: Chunk) -> list[Outcome]:
    """Extract and analyse every document of ``chunk``; one outcome per item, in order."""
    config = chunk.config
    extracted: dict[int, Article | Failure] = {}
    for index, item in enumerate(chunk.items):
        if isinstance(item.payload, RawDocument):
            extracted[index] = _extract(item.payload, config)
    articles = [a for a in extracted.values() if isinstance(a, Article)]
    stored = _stored_ids(config.db_path, articles)
    fresh: dict[str, Article] = {}
    for article in articles:
        if article.id not in stored:
            fresh.setdefault(article.id, article)
    analysed = dict(zip(fresh, _analyze(list(fresh.values()), config), strict=True))
    outcomes = []
    for index, item in enumerate(chunk.items):
        payload = item.payload
        if isinstance(payload, Rejected):
            failure = Failure(stage="source", code=payload.code, reason=payload.reason)
            outcomes.append(Outcome(item=item, failure=failure))
            continue
        if payload is None:
            outcomes.append(Outcome(item=item))
            continue
        result = extracted[index]
        if isinstance(result, Failure):
            outcomes.append(Outcome(item=item, failure=result))
        elif result.id in stored:
            outcomes.append(Outcome(item=item, duplicate_of=stored[result.id]))
        else:
            analysis = analysed[result.id]
            if isinstance(analysis, Failure):
                outcomes.append(Outcome(item=item, failure=analysis))
            else:
                outcomes.append(Outcome(item=item, analysis=analysis))
    return outcomes
