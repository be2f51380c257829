"""One shard, start to end, inside one worker: read, filter, extract, analyse, write.

This is what an engine runs per task. It opens no database: exact copies *within* the
shard are analysed once, and copies across shards or of stored articles are left to
``presslens load``, which applies the store's own dedup rules. The shard's rows are written
to the dataset by the worker (so on a cluster the data never funnels through the driver);
the driver writes the done-marker when the report comes back.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.errors import PresslensError
from presslens.model import Article, RawDocument, Rejected
from presslens.scale import dataset
from presslens.scale.filters import RecordFilter
from presslens.scale.shards import Shard, local_copy
from presslens.scale.work import Failure, StageConfig, analyse_articles, extract_document

__all__ = ["ShardReport", "ShardTask", "process_shard"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShardTask:
    shard: Shard
    out: str  # the dataset directory, reachable from every worker
    config: StageConfig
    filter: RecordFilter = field(default_factory=RecordFilter)
    chunk_size: int = 16


@dataclass(frozen=True, slots=True, kw_only=True)
class ShardReport:
    """What one shard produced; ``failure`` set means nothing of it was committed."""

    shard_id: str
    uri: str
    records: int = 0
    articles: int = 0
    quotes: int = 0
    entities: int = 0
    errors: int = 0
    copies: int = 0  # exact copies of an earlier record of the same shard, not written twice
    filtered: dict[str, int] = field(default_factory=dict)
    failure: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "shard": self.shard_id,
            "uri": self.uri,
            "records": self.records,
            "articles": self.articles,
            "quotes": self.quotes,
            "entities": self.entities,
            "errors": self.errors,
            "copies": self.copies,
            "filtered": dict(self.filtered),
            "failure": self.failure,
        }


def _records(shard: Shard) -> Iterator[RawDocument | Rejected]:
    from presslens.sources import iter_documents

    with local_copy(shard) as path:
        yield from iter_documents([str(path)])


def _chunks(records: Iterator[RawDocument | Rejected], size: int) -> Iterator[list[RawDocument | Rejected]]:
    chunk: list[RawDocument | Rejected] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _ShardRun:
    def __init__(self, task: ShardTask) -> None:
        self.task = task
        self.rows = dataset.ShardRows(task.shard.id)
        self.filtered: Counter[str] = Counter()
        self.seen: set[str] = set()
        self.records = 0
        self.copies = 0

    def error(self, source: str, key: str, failure: Failure, month: str = dataset.UNKNOWN_MONTH) -> None:
        self.rows.add_error(
            source=source, source_key=key, stage=failure.stage, code=failure.code, reason=failure.reason, month=month
        )

    def run_chunk(self, chunk: list[RawDocument | Rejected]) -> None:
        from presslens.sources import canonical_url, source_key

        task = self.task
        fresh: list[tuple[Article, str, str]] = []
        for record in chunk:
            self.records += 1
            if isinstance(record, Rejected):
                failure = Failure(stage="source", code=record.code, reason=record.reason)
                self.error(record.source_id, canonical_url(record.source_id), failure)
                continue
            key = source_key(record)
            reason = task.filter.url_reason(record.uri)
            if reason is not None:
                self.filtered[reason] += 1
                continue
            article = extract_document(record, task.config)
            if isinstance(article, Failure):
                self.error(record.uri, key, article)
                continue
            reason = task.filter.article_reason(article)
            if reason is not None:
                self.filtered[reason] += 1
            elif article.id in self.seen:
                self.copies += 1
            else:
                self.seen.add(article.id)
                fresh.append((article, record.uri, key))
        analysed = analyse_articles([article for article, _, _ in fresh], task.config)
        for (article, source, key), result in zip(fresh, analysed, strict=True):
            if isinstance(result, Failure):
                self.error(source, key, result, dataset.month_of(article.published))
            else:
                self.rows.add_analysis(result, source=source, source_key=key)

    def report(self) -> ShardReport:
        return ShardReport(
            shard_id=self.task.shard.id,
            uri=self.task.shard.uri,
            records=self.records,
            articles=self.rows.count("articles"),
            quotes=self.rows.count("quotes"),
            entities=self.rows.count("entities"),
            errors=self.rows.count("errors"),
            copies=self.copies,
            filtered=dict(self.filtered.most_common()),
        )


def process_shard(task: ShardTask) -> ShardReport:
    """Run ``task``'s shard through the stages and write its rows to the dataset. A shard
    that cannot be read at all, or a bug, comes back as a report with ``failure`` set."""
    run = _ShardRun(task)
    try:
        for chunk in _chunks(_records(task.shard), task.chunk_size):
            run.run_chunk(chunk)
        dataset.write_shard(Path(task.out), run.rows)
    except PresslensError as error:
        return ShardReport(shard_id=task.shard.id, uri=task.shard.uri, failure=f"{error.code}: {error.message}")
    except Exception as error:  # noqa: BLE001 - a bug fails this shard, not the job
        log.error("shard %s crashed", task.shard.uri, exc_info=error)
        return ShardReport(shard_id=task.shard.id, uri=task.shard.uri, failure=f"internal-error: {type(error).__name__}: {error}")
    return run.report()
