"""The Parquet dataset a scaled-out job writes, and reads back for ``presslens load``.

Layout (hive partitions, so DuckDB, pandas, Spark and ``pyarrow.dataset`` read it as is)::

    dataset/articles/month=2024-03/<shard id>.parquet
    dataset/quotes/month=2024-03/<shard id>.parquet
    dataset/entities/month=unknown/<shard id>.parquet   (no publication date)
    dataset/errors/month=unknown/<shard id>.parquet
    dataset/_shards/<shard id>.json                     (done-marker with the shard's counts)

A shard commits in three steps: its old files (from a try that died half-way) are removed,
each new file is written under a hidden temporary name and renamed into place, and only
then is its done-marker written (also by rename). Readers skip names starting with ``.``
or ``_``; a rerun skips shards with a marker and redoes the rest, replacing their files.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from presslens.model import Analysis

__all__ = [
    "TABLES",
    "ShardRecords",
    "ShardRows",
    "is_done",
    "mark_done",
    "month_of",
    "prepare",
    "read_marker",
    "read_shard",
    "shard_ids_done",
    "write_shard",
]

MARKERS = "_shards"
UNKNOWN_MONTH = "unknown"
_MONTH = re.compile(r"^(\d{4})-(\d{2})")

_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32())])
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("id", pa.string()),
            ("url", pa.string()),
            ("site", pa.string()),
            ("title", pa.string()),
            ("authors", pa.list_(pa.string())),
            ("agencies", pa.list_(pa.string())),
            ("published", pa.string()),
            ("language", pa.string()),
            ("description", pa.string()),
            ("text", pa.string()),
            ("paragraphs", pa.list_(_SPAN)),
            ("captions", pa.list_(pa.struct([("text", pa.string()), ("credit", pa.string())]))),
            ("related", pa.list_(pa.struct([("title", pa.string()), ("url", pa.string())]))),
            ("extractor", pa.string()),
            ("page_class", pa.string()),
            ("replaced_bytes", pa.int64()),
            ("analyzer", pa.string()),
            ("source", pa.string()),
            ("source_key", pa.string()),
            ("shard", pa.string()),
        ]
    ),
    "quotes": pa.schema(
        [
            ("article_id", pa.string()),
            ("seq", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("parts", pa.list_(_SPAN)),
            ("kind", pa.string()),
            ("cue", pa.struct([("start", pa.int32()), ("end", pa.int32()), ("lemma", pa.string())])),
            ("speaker_mention", _SPAN),
            ("speaker", pa.string()),
            ("speaker_name", pa.string()),
            ("confidence", pa.float64()),
            ("act", pa.string()),
            ("shard", pa.string()),
        ]
    ),
    "entities": pa.schema(
        [
            ("article_id", pa.string()),
            ("seq", pa.int32()),
            ("entity_id", pa.string()),
            ("name", pa.string()),
            ("kind", pa.string()),
            ("role", pa.string()),
            ("mentions", pa.list_(_SPAN)),
            ("shard", pa.string()),
        ]
    ),
    "errors": pa.schema(
        [
            ("source", pa.string()),
            ("source_key", pa.string()),
            ("stage", pa.string()),
            ("code", pa.string()),
            ("reason", pa.string()),
            ("shard", pa.string()),
        ]
    ),
}
TABLES = tuple(SCHEMAS)


def month_of(published: str | None) -> str:
    """``YYYY-MM`` of a publication date, or ``unknown``."""
    match = _MONTH.match(published or "")
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return UNKNOWN_MONTH
    return f"{match.group(1)}-{match.group(2)}"


@dataclass(slots=True)
class ShardRows:
    """The rows one shard produced, by table and month."""

    shard_id: str
    rows: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)

    def _add(self, table: str, month: str, row: dict[str, Any]) -> None:
        row["shard"] = self.shard_id
        self.rows.setdefault(table, defaultdict(list))[month].append(row)

    def add_analysis(self, analysis: Analysis, *, source: str, source_key: str) -> None:
        article = analysis.article
        month = month_of(article.published)
        row = article.to_dict()
        row.update(analyzer=analysis.analyzer, source=source, source_key=source_key)
        self._add("articles", month, row)
        for seq, quote in enumerate(analysis.quotes):
            quote_row = quote.to_dict(article.text)
            quote_row.update(article_id=article.id, seq=seq, speaker_name=analysis.speaker_name(quote))
            self._add("quotes", month, quote_row)
        for seq, entity in enumerate(analysis.entities):
            entity_row = entity.to_dict()
            entity_row.update(article_id=article.id, seq=seq, entity_id=entity_row.pop("id"))
            self._add("entities", month, entity_row)

    def add_error(self, *, source: str, source_key: str, stage: str, code: str, reason: str, month: str) -> None:
        self._add("errors", month, {"source": source, "source_key": source_key, "stage": stage, "code": code, "reason": reason})

    def count(self, table: str) -> int:
        return sum(len(rows) for rows in self.rows.get(table, {}).values())


def prepare(out: Path) -> None:
    for table in (*TABLES, MARKERS):
        (out / table).mkdir(parents=True, exist_ok=True)


def _shard_files(out: Path, shard_id: str) -> Iterator[Path]:
    for table in TABLES:
        yield from (out / table).glob(f"month=*/{shard_id}.parquet")
        yield from (out / table).glob(f"month=*/.{shard_id}.parquet.*")


def write_shard(out: Path, rows: ShardRows) -> None:
    """Replace the shard's files with ``rows`` (see the module docstring for the order)."""
    prepare(out)
    for stale in _shard_files(out, rows.shard_id):
        stale.unlink(missing_ok=True)
    for table, months in rows.rows.items():
        for month, records in months.items():
            directory = out / table / f"month={month}"
            directory.mkdir(parents=True, exist_ok=True)
            final = directory / f"{rows.shard_id}.parquet"
            temporary = directory / f".{rows.shard_id}.parquet.{os.getpid()}.tmp"
            # zstd: smaller files than the default snappy, and DuckDB, pandas and Spark all read it
            pq.write_table(pa.Table.from_pylist(records, schema=SCHEMAS[table]), temporary, compression="zstd")
            os.replace(temporary, final)


def mark_done(out: Path, shard_id: str, counts: dict[str, Any]) -> None:
    """Write the shard's done-marker (after its files are in place)."""
    marker = out / MARKERS / f"{shard_id}.json"
    temporary = marker.with_name(f".{marker.name}.tmp")
    temporary.write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
    os.replace(temporary, marker)


def is_done(out: Path, shard_id: str) -> bool:
    return (out / MARKERS / f"{shard_id}.json").is_file()


def shard_ids_done(out: Path) -> list[str]:
    """Ids of the shards committed in the dataset at ``out``, sorted."""
    return sorted(p.stem for p in (out / MARKERS).glob("*.json"))


def read_marker(out: Path, shard_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / MARKERS / f"{shard_id}.json").read_text(encoding="utf-8"))
    return data


def _read_table(out: Path, table: str, shard_id: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted((out / table).glob(f"month=*/{shard_id}.parquet")):
        rows.extend(pq.read_table(path, schema=SCHEMAS[table]).to_pylist())
    return rows


@dataclass(frozen=True, slots=True)
class ShardRecords:
    """One committed shard read back: analyses with their source and key, and errors."""

    analyses: list[tuple[Analysis, str, str]]  # (analysis, source, source_key)
    errors: list[dict[str, Any]]


def read_shard(out: Path, shard_id: str) -> ShardRecords:
    """The analyses and errors of a committed shard, rebuilt as model objects."""
    quotes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _read_table(out, "quotes", shard_id):
        quotes[row["article_id"]].append(row)
    entities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _read_table(out, "entities", shard_id):
        entities[row["article_id"]].append(dict(row, id=row["entity_id"]))
    analyses = []
    for row in _read_table(out, "articles", shard_id):
        article_id = row["id"]
        analysis = Analysis.from_dict(
            {
                "article": row,
                "entities": sorted(entities.get(article_id, []), key=lambda e: e["seq"]),
                "quotes": sorted(quotes.get(article_id, []), key=lambda q: q["seq"]),
                "analyzer": row["analyzer"],
            }
        )
        analyses.append((analysis, row["source"], row["source_key"]))
    return ShardRecords(analyses=analyses, errors=_read_table(out, "errors", shard_id))

