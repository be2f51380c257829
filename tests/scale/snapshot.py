"""Compare two corpora row by row, ignoring only wall-clock columns."""

from __future__ import annotations

import sqlite3
from pathlib import Path

TIME_COLUMNS = {"ingested_at", "created_at", "time"}
TABLES = (
    "articles",
    "stories",
    "quotes",
    "entities",
    "speakers",
    "speaker_aliases",
    "errors",
    "ingest_progress",
    "article_signatures",
    "article_bands",
)


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = {}
        for table in TABLES:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in TIME_COLUMNS]
            quoted = ", ".join(f'"{c}"' for c in columns)
            tables[table] = sorted(conn.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)
        return tables
    finally:
        conn.close()


def duplicate_rows(path: Path) -> dict[str, int]:
    """Rows that appear more than once in tables where that would be a bug."""
    conn = sqlite3.connect(path)
    try:
        return {
            "articles": conn.execute("SELECT count(*) - count(DISTINCT text_hash) FROM articles").fetchone()[0],
            "quotes": conn.execute(
                "SELECT count(*) FROM (SELECT article_id, start, end FROM quotes GROUP BY 1, 2, 3 HAVING count(*) > 1)"
            ).fetchone()[0],
            "errors": conn.execute("SELECT count(*) - count(DISTINCT source_key) FROM errors").fetchone()[0],
        }
    finally:
        conn.close()
