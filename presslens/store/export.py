"""Export a corpus table as JSON Lines, CSV or Parquet, streamed in batches (flat memory).

JSON Lines keeps lists as lists; CSV and Parquet get lists as JSON text, so every format
has the same columns. A file export is written to a temporary file next to its target and
renamed into place, so a failed export never leaves half a file or truncates anything; an
export onto the database itself (or its -wal, -shm or -journal file) is refused.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from presslens.errors import ConfigError, missing_extra
from presslens.store.filters import QuoteFilter
from presslens.store.queries import quote_where

__all__ = [
    "EVERY_QUOTE",
    "EXPORTS",
    "FORMATS",
    "check_not_database",
    "iter_records",
    "output_file",
    "require_pyarrow",
    "write_csv",
    "write_jsonl",
    "write_parquet",
]

# files SQLite keeps beside a database: writing over any of them destroys the corpus
_DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")

FORMATS = ("jsonl", "csv", "parquet")

# what -> (SELECT ... FROM, ORDER BY, columns holding JSON text)
EXPORTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "articles": (
        "SELECT a.id, a.url, a.site, a.host, a.title, a.authors, a.agencies, a.published, a.language,"
        " a.description, a.text, a.paragraphs, a.captions, a.related, a.extractor, a.analyzer,"
        " a.page_class, a.replaced_bytes, a.story_id, a.source, a.ingested_at FROM articles a",
        " ORDER BY a.pk",
        ("authors", "agencies", "paragraphs", "captions", "related"),
    ),
    "quotes": (
        "SELECT q.id, q.article_id, q.seq, q.start, q.end, q.text, q.kind, q.act, q.parts, q.cue_lemma,"
        " q.cue_start, q.cue_end, q.speaker_start, q.speaker_end, q.entity_id,"
        " q.speaker_name AS speaker_in_article, s.name AS speaker, q.speaker_id, q.confidence,"
        " q.story_id, q.duplicate_of, a.url, a.site, a.published, a.language"
        " FROM quotes q JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN speakers s ON s.id = q.speaker_id",
        " ORDER BY q.id",
        ("parts",),
    ),
    "entities": (
        "SELECT e.article_id, e.entity_id, e.name, e.kind, e.role, e.mentions, e.speaker_id,"
        " s.name AS speaker FROM entities e LEFT JOIN speakers s ON s.id = e.speaker_id",
        " ORDER BY e.rowid",
        ("mentions",),
    ),
}
# Quote exports are the default view (see QuoteFilter) unless asked for more.
EVERY_QUOTE = QuoteFilter(everything=True, all_copies=True, limit=None)


def _query(conn: sqlite3.Connection, what: str, where: QuoteFilter | None) -> tuple[str, list[Any]]:
    if what not in EXPORTS:
        raise ConfigError(f"cannot export {what!r}; choose {', '.join(EXPORTS)}", code="bad-option")
    select, order, _ = EXPORTS[what]
    if what != "quotes":
        return select + order, []
    found = quote_where(conn, where or QuoteFilter(limit=None))
    if found is None:
        return select + " WHERE 0" + order, []
    clause, params = found
    return select + " WHERE " + clause + order, params


def iter_records(
    conn: sqlite3.Connection, what: str, *, where: QuoteFilter | None = None, decode_json: bool = True
) -> Iterator[dict[str, Any]]:
    """Rows of ``what`` (articles, quotes or entities) as dicts, JSON columns decoded; quotes
    are those ``where`` selects (the default view when None; limit and offset ignored)."""
    sql, params = _query(conn, what, where)
    json_columns = EXPORTS[what][2]
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(500):
        for row in rows:
            record = dict(zip(names, row, strict=True))
            if decode_json:
                for column in json_columns:
                    record[column] = json.loads(record[column])
            yield record


def columns(conn: sqlite3.Connection, what: str) -> list[str]:
    return [d[0] for d in conn.execute(EXPORTS[what][0] + " LIMIT 0").description]


def write_jsonl(conn: sqlite3.Connection, what: str, out: IO[str], *, where: QuoteFilter | None = None) -> int:
    count = 0
    for record in iter_records(conn, what, where=where):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(conn: sqlite3.Connection, what: str, out: IO[str], *, where: QuoteFilter | None = None) -> int:
    writer = csv.DictWriter(out, fieldnames=columns(conn, what), lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in iter_records(conn, what, where=where, decode_json=False):
        writer.writerow(record)
        count += 1
    return count


def require_pyarrow() -> None:
    """Fail early, with the exact fix, when the Parquet writer is not installed."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise missing_extra("pyarrow", "export") from None


def write_parquet(
    conn: sqlite3.Connection, what: str, out: IO[bytes], *, where: QuoteFilter | None = None, batch_rows: int = 2000
) -> int:
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
               "speaker_id", "story_id", "duplicate_of", "id", "replaced_bytes"}
    for name in types:
        if name in integer and not (what == "articles" and name == "id"):
            types[name] = pa.int64()
        elif name == "confidence":
            types[name] = pa.float64()
    schema = pa.schema([(name, kind) for name, kind in types.items()])
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in iter_records(conn, what, where=where, decode_json=False):
            batch.append(record)
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return os.path.realpath(a) == os.path.realpath(b)


def check_not_database(output: str | Path, database: str | Path) -> None:
    """Refuse an export target that is the database or one of the files SQLite keeps beside it."""
    target = Path(output)
    # SQLite names the -wal file after the database's real path when it is a symlink
    names = {str(database), os.path.realpath(database)}
    for used in (Path(f"{name}{suffix}") for name in sorted(names) for suffix in _DATABASE_SUFFIXES):
        if _same_file(target, used):
            raise ConfigError(
                f"refusing to export onto {used}, which the corpus database uses; choose another -o file",
                code="export-onto-database",
                path=str(output),
            )


@contextmanager
def output_file(path: str | Path, *, binary: bool) -> Iterator[IO[Any]]:
    """A file to write an export to. A regular file (new or existing) is written to a
    temporary file in the same directory, renamed over ``path`` only when the body finished
    without error; a FIFO or character device (``/dev/stdout``) is written directly."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise ConfigError(f"cannot write the export: {error.strerror}", code="bad-output", path=str(path)) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise ConfigError("is a directory; give a file name with -o", code="bad-output", path=str(path))
    # /dev/stdout may point at the shell's redirect file: replacing that file loses output
    if str(path).startswith("/dev/") or (mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode))):
        try:
            stream = open(path, "wb") if binary else open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as error:
            raise ConfigError(f"cannot write the export: {error.strerror}", code="bad-output", path=str(path)) from None
        with stream:
            yield stream
        return
    if not target.parent.is_dir():
        raise ConfigError(
            f"directory {target.parent} does not exist; create it first", code="bad-output", path=str(path)
        )
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise ConfigError(
            f"cannot create a file in {target.parent}: {error.strerror}", code="bad-output", path=str(path)
        ) from None
    try:
        with os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        # keep an existing file's permissions; a new one gets the usual umask ones
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise ConfigError(f"cannot write the export: {error.strerror or error}", code="bad-output", path=str(path)) from None
        raise
