"""A scaled-out job: shards -> an engine -> a Parquet dataset, resumable shard by shard.

The driver lists the shards, skips those whose done-marker exists, and hands the rest to an
engine (local processes or Ray actors) as ``ShardTask``s. A worker that dies has its shard
resubmitted to another worker (the engine counts these as ``retried``); a shard whose every
try lost its worker, or that could not be read, is ``failed`` and has no marker, so the next
run tries it again. The job never stops for one shard.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.errors import ConfigError
from presslens.scale import dataset
from presslens.scale.executor import DEFAULT_MAX_ATTEMPTS, Executor, Lost, make_executor
from presslens.scale.filters import RecordFilter
from presslens.scale.shard_work import ShardReport, ShardTask, process_shard
from presslens.scale.shards import Shard
from presslens.scale.work import StageConfig

__all__ = ["JobOptions", "JobSummary", "run_job"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class JobOptions:
    """How to run a job: the engine (``local`` or ``ray``) with ``workers`` workers, the
    stage options, and the record filter."""

    engine: str = "local"
    workers: int = 1
    address: str | None = None  # Ray: auto, ray://host:port; None starts a local Ray
    model: str | None = None
    extract: Any = None
    filter: RecordFilter = field(default_factory=RecordFilter)
    chunk_size: int = 16
    max_attempts: int = DEFAULT_MAX_ATTEMPTS


@dataclass(frozen=True, slots=True, kw_only=True)
class JobSummary:
    """What a job did: shards ``done`` this run, ``skipped`` (done before), ``retried``
    (resubmitted after a worker died) and ``failed`` (shard uri -> reason), and the rows
    the done shards wrote."""

    shards: int = 0
    done: int = 0
    skipped: int = 0
    retried: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    records: int = 0
    articles: int = 0
    quotes: int = 0
    entities: int = 0
    errors: int = 0
    copies: int = 0
    filtered: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "shards": self.shards,
            "done": self.done,
            "skipped": self.skipped,
            "retried": self.retried,
            "failed": dict(self.failed),
            "records": self.records,
            "articles": self.articles,
            "quotes": self.quotes,
            "entities": self.entities,
            "errors": self.errors,
            "copies": self.copies,
            "filtered": dict(self.filtered),
            "seconds": round(self.seconds, 3),
        }


ShardProgressFn = Callable[[ShardReport], None]


def run_job(
    shards: Iterable[Shard],
    out: str | Path,
    options: JobOptions | None = None,
    *,
    executor: Executor | None = None,
    progress: ShardProgressFn | None = None,
) -> JobSummary:
    """Process every shard not yet done into the dataset at ``out``. ``executor``: a
    running engine to use (left open), else one is made from ``options`` and closed.
    ``progress`` is called with each shard's report once the shard is committed."""
    options = options or JobOptions()
    if options.chunk_size < 1:
        raise ConfigError("chunk_size must be >= 1", code="bad-option")
    started = time.perf_counter()
    out = Path(out).resolve()
    dataset.prepare(out)
    shards = list(shards)
    todo = [s for s in shards if not dataset.is_done(out, s.id)]
    config = StageConfig(model=options.model, extract_options=options.extract)
    tasks = [
        ShardTask(shard=s, out=str(out), config=config, filter=options.filter, chunk_size=options.chunk_size)
        for s in todo
    ]
    counts: Counter[str] = Counter()
    filtered: Counter[str] = Counter()
    failed: dict[str, str] = {}
    own = executor is None
    engine = executor or make_executor(
        options.engine, workers=options.workers, address=options.address, max_attempts=options.max_attempts
    )
    retried_before = engine.retried
    try:
        for result in engine.settle(process_shard, tasks):
            if isinstance(result, Lost):
                failed[result.item.shard.uri] = f"worker-lost: {result.reason} on each of {result.attempts} tries"
                continue
            if result.failure is not None:
                failed[result.uri] = result.failure
                continue
            dataset.mark_done(out, result.shard_id, result.to_dict())
            counts["done"] += 1
            for name in ("records", "articles", "quotes", "entities", "errors", "copies"):
                counts[name] += getattr(result, name)
            filtered.update(result.filtered)
            if progress is not None:
                progress(result)
        retried = engine.retried - retried_before
    finally:
        if own:
            engine.close()
    summary = JobSummary(
        shards=len(shards),
        done=counts["done"],
        skipped=len(shards) - len(todo),
        retried=retried,
        failed=failed,
        records=counts["records"],
        articles=counts["articles"],
        quotes=counts["quotes"],
        entities=counts["entities"],
        errors=counts["errors"],
        copies=counts["copies"],
        filtered=dict(filtered.most_common()),
        seconds=time.perf_counter() - started,
    )
    log.info("job done: %s", summary.to_dict())
    return summary
