"""schema.sql: numbered migrations, applied once, documented."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from presslens.store import db


def test_migrations_are_numbered_from_one_and_not_empty() -> None:
    found = db.migrations()
    assert [m.number for m in found] == list(range(1, len(found) + 1))
    assert all(m.statements for m in found)


def test_opening_twice_applies_each_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db.connect(path).close()
    conn = db.connect(path)
    assert db.schema_version(conn) == db.migrations()[-1].number
    conn.close()


def test_every_table_is_commented_in_schema_sql() -> None:
    text = (Path(db.__file__).parent / "schema.sql").read_text()
    conn = sqlite3.connect(":memory:")
    for migration in db.migrations():
        for statement in migration.statements:
            conn.execute(statement)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")]
    for table in tables:
        block = text[text.index(f"CREATE TABLE {table} ("):]
        block = block[: block.index("\n)")]
        assert block.count("--") >= 1, f"{table} has no comments"


def test_the_schema_is_documented_for_people(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text()
    for table in ("articles", "quotes", "entities", "speakers", "speaker_aliases", "stories", "errors", "ingest_progress"):
        assert f"`{table}`" in doc
