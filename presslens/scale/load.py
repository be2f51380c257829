"""``presslens load``: a Parquet dataset written by a job -> the SQLite corpus.

Everything goes through the store's public write API (``Corpus.batch``), so the same
dedup rules hold as for ``presslens ingest --db``: an exact copy is not stored twice, a
near copy joins its story. Each committed shard loads in one transaction together with a
progress row keyed by its shard id, so a rerun (or a load interrupted half-way) skips the
shards already in and loads the rest; the records' own source keys are marked done too, so
a later ``ingest --db`` of the same inputs skips them.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.errors import ConfigError
from presslens.scale import dataset
from presslens.store.corpus import Corpus

__all__ = ["LoadSummary", "load_dataset"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadSummary:
    shards: int = 0
    loaded: int = 0
    skipped: int = 0
    stored: int = 0
    near_duplicates: int = 0
    duplicates: int = 0
    errors: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "shards": self.shards,
            "loaded": self.loaded,
            "skipped": self.skipped,
            "stored": self.stored,
            "near_duplicates": self.near_duplicates,
            "duplicates": self.duplicates,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
        }


def shard_key(shard_id: str) -> str:
    """The progress key a loaded shard is recorded under."""
    return f"dataset-shard:{shard_id}"


def load_dataset(path: str | Path, corpus: Corpus, *, progress: Callable[[str], None] | None = None) -> LoadSummary:
    """Load every committed shard of the dataset at ``path`` into ``corpus``; shards loaded
    before are skipped. ``progress`` is called with each shard id once it is committed."""
    started = time.perf_counter()
    root = Path(path)
    if not (root / dataset.MARKERS).is_dir():
        raise ConfigError(f"{root} is not a presslens dataset (no {dataset.MARKERS}/ folder)", code="not-a-dataset")
    counts: Counter[str] = Counter()
    shard_ids = dataset.shard_ids_done(root)
    for shard_id in shard_ids:
        if corpus.is_done(shard_key(shard_id)):
            counts["skipped"] += 1
            continue
        records = dataset.read_shard(root, shard_id)
        with corpus.batch() as batch:
            for analysis, source, key in records.analyses:
                outcome = batch.add(analysis, source=source)
                counts[outcome.status] += 1
                batch.mark_done(key, "duplicate" if outcome.status == "duplicate" else "stored", outcome.article_id)
            for error in records.errors:
                batch.record_error(
                    source=error["source"],
                    source_key=error["source_key"],
                    stage=error["stage"],
                    code=error["code"],
                    reason=error["reason"],
                )
                batch.mark_done(error["source_key"], "failed")
                counts["errors"] += 1
            batch.mark_done(shard_key(shard_id), "stored")
        counts["loaded"] += 1
        if progress is not None:
            progress(shard_id)
    summary = LoadSummary(
        shards=len(shard_ids),
        loaded=counts["loaded"],
        skipped=counts["skipped"],
        stored=counts["stored"] + counts["near-duplicate"],
        near_duplicates=counts["near-duplicate"],
        duplicates=counts["duplicate"],
        errors=counts["errors"],
        seconds=time.perf_counter() - started,
    )
    log.info("load done: %s", summary.to_dict())
    return summary
