"""Export a corpus table as JSON Lines, CSV or Parquet, streamed in batches (flat memory).

JSON Lines keeps lists as lists; CSV and Parquet get lists as JSON text, so every format
has the same columns.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from typing import IO, Any

from presslens.errors import ConfigError, missing_extra

__all__ = ["EXPORTS", "FORMATS", "iter_records", "require_pyarrow", "write_csv", "write_jsonl", "write_parquet"]

FORMATS = ("jsonl", "csv", "parquet")

# what -> (SELECT, columns holding JSON text)
EXPORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "articles": (
        "SELECT a.id, a.url, a.site, a.title, a.authors, a.agencies, a.published, a.language,"
        " a.description, a.text, a.paragraphs, a.captions, a.related, a.extractor, a.analyzer,"
        " a.story_id, a.source, a.ingested_at FROM articles a ORDER BY a.pk",
        ("authors", "agencies", "paragraphs", "captions", "related"),
    ),
    "quotes": (
        "SELECT q.id, q.article_id, q.seq, q.start, q.end, q.text, q.kind, q.parts, q.cue_lemma,"
        " q.cue_start, q.cue_end, q.speaker_start, q.speaker_end, q.entity_id,"
        " q.speaker_name AS speaker_in_article, s.name AS speaker, q.speaker_id, q.confidence,"
        " q.story_id, q.duplicate_of, a.url, a.site, a.published"
        " FROM quotes q JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN speakers s ON s.id = q.speaker_id ORDER BY q.id",
        ("parts",),
    ),
    "entities": (
        "SELECT e.article_id, e.entity_id, e.name, e.kind, e.mentions, e.speaker_id,"
        " s.name AS speaker FROM entities e LEFT JOIN speakers s ON s.id = e.speaker_id"
        " ORDER BY e.rowid",
        ("mentions",),
    ),
}


def iter_records(conn: sqlite3.Connection, what: str, *, decode_json: bool = True) -> Iterator[dict[str, Any]]:
    """Rows of ``what`` (articles, quotes or entities) as dicts, JSON columns decoded."""
    if what not in EXPORTS:
        raise ConfigError(f"cannot export {what!r}; choose {', '.join(EXPORTS)}", code="bad-option")
    sql, json_columns = EXPORTS[what]
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(500):
        for row in rows:
            record = dict(zip(names, row, strict=True))
            if decode_json:
                for column in json_columns:
                    record[column] = json.loads(record[column])
            yield record


def columns(conn: sqlite3.Connection, what: str) -> list[str]:
    sql, _ = EXPORTS[what]
    return [d[0] for d in conn.execute(sql + " LIMIT 0").description]


def write_jsonl(conn: sqlite3.Connection, what: str, out: IO[str]) -> int:
    count = 0
    for record in iter_records(conn, what):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(conn: sqlite3.Connection, what: str, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns(conn, what), lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in iter_records(conn, what, decode_json=False):
        writer.writerow(record)
        count += 1
    return count


def require_pyarrow() -> None:
    """Fail early, with the exact fix, when the Parquet writer is not installed."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise missing_extra("pyarrow", "export") from None


def write_parquet(conn: sqlite3.Connection, what: str, out: IO[bytes], *, batch_rows: int = 2000) -> int:
    """Parquet needs ``pyarrow`` (``pip install 'presslens[export]'``); JSON columns stay
    JSON text, as in CSV."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise missing_extra("pyarrow", "export") from None
    probe = conn.execute(EXPORTS[what][0] + " LIMIT 0")
    types = {d[0]: pa.string() for d in probe.description}
    integer = {"seq", "start", "end", "cue_start", "cue_end", "speaker_start", "speaker_end",
               "speaker_id", "story_id", "duplicate_of", "id"}
    for name in types:
        if name in integer and not (what == "articles" and name == "id"):
            types[name] = pa.int64()
        elif name == "confidence":
            types[name] = pa.float64()
    schema = pa.schema([(name, kind) for name, kind in types.items()])
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in iter_records(conn, what, decode_json=False):
            batch.append(record)
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
