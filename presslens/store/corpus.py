"""``Corpus``: a presslens SQLite database, read and written through model objects.

    >>> corpus = presslens.Corpus("corpus.db")
    >>> for quote in corpus.quotes(speaker="Lukashenko", since="2024-01-01"):
    ...     print(quote.speaker, quote.text)

A ``Corpus`` holds one connection. Write through ``add()`` or ``batch()``; any number of
other ``Corpus`` objects (threads, processes) can read the same file meanwhile (WAL).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from presslens.model import Analysis, RawDocument
from presslens.store import db, queries
from presslens.store.queries import QuoteFilter
from presslens.store.rows import (
    CorpusStats,
    ErrorRecord,
    QuoteRecord,
    SearchHit,
    SpeakerRecord,
    StoredArticle,
)
from presslens.store.writer import Batch, StoreOutcome

__all__ = ["Corpus", "QuoteFilter", "StoreOutcome"]


class Corpus:
    """A corpus database at ``path``, created and migrated on first use unless
    ``create=False`` (then a missing file raises ``StoreError``)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self._conn = db.connect(self.path, create=create)
        self._conn.row_factory = sqlite3.Row

    # -- lifecycle --------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Corpus({str(self.path)!r})"

    # -- writing ----------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """One write transaction: everything written through the ``Batch`` commits together,
        or not at all."""
        with db.write(self._conn):
            yield Batch(self._conn)

    def add(self, analysis: Analysis, *, source: str | None = None) -> StoreOutcome:
        """Store one analysis (idempotent: an exact duplicate is not stored again)."""
        with self.batch() as batch:
            return batch.add(analysis, source=source)

    def record_error(
        self,
        *,
        source: str,
        source_key: str | None = None,
        stage: str,
        code: str,
        reason: str,
        raw: RawDocument | None = None,
    ) -> None:
        with self.batch() as batch:
            batch.record_error(
                source=source, source_key=source_key or source, stage=stage, code=code, reason=reason, raw=raw
            )

    # -- ingest bookkeeping -----------------------------------------------------------------

    def is_done(self, source_key: str) -> bool:
        """Whether an ingest already finished the input with this key (resume skips it)."""
        row = self._conn.execute("SELECT 1 FROM ingest_progress WHERE source_key = ?", (source_key,)).fetchone()
        return row is not None

    def has_article(self, article_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def failed_input(self, record: ErrorRecord) -> RawDocument | None:
        """The stored bytes of a failed input, or None when only its source is known."""
        row = self._conn.execute(
            "SELECT raw, content_type, encoding, origin FROM errors WHERE id = ?", (record.id,)
        ).fetchone()
        if row is None or row["raw"] is None:
            return None
        return RawDocument(
            uri=record.source,
            content=bytes(row["raw"]),
            content_type=row["content_type"],
            encoding=row["encoding"],
            origin=row["origin"],
        )

    # -- reading ----------------------------------------------------------------------------

    def quotes(
        self,
        *,
        speaker: str | None = None,
        about: str | None = None,
        since: str | None = None,
        until: str | None = None,
        site: str | None = None,
        kind: str | None = None,
        limit: int | None = 100,
        all_copies: bool = False,
    ) -> list[QuoteRecord]:
        """Quotes, newest first. See ``QuoteFilter`` for what each filter means."""
        where = QuoteFilter(
            speaker=speaker,
            about=about,
            since=since,
            until=until,
            site=site,
            kind=kind,
            limit=limit,
            all_copies=all_copies,
        )
        return queries.quotes(self._conn, where)

    def search(self, query: str, *, limit: int = 20, what: str = "all") -> list[SearchHit]:
        """FTS5 search over articles and quotes; a malformed query raises ``StoreError``
        with code ``bad-query``."""
        return queries.search(self._conn, query, limit=limit, what=what)

    def speakers(self, *, top: int | None = None, name: str | None = None) -> list[SpeakerRecord]:
        return queries.speakers(self._conn, top=top, name=name)

    def article(self, article_id: str) -> StoredArticle:
        """An article by id or unique id prefix."""
        return queries.article(self._conn, article_id)

    def stats(self) -> CorpusStats:
        return queries.stats(self._conn)

    def errors(self, *, code: str | None = None, limit: int | None = None) -> list[ErrorRecord]:
        return queries.errors(self._conn, code=code, limit=limit)

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection, for exports and ad-hoc SQL (please do not write)."""
        return self._conn
