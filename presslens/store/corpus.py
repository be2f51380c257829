"""``Corpus``: a presslens SQLite database, read and written through model objects.

    >>> corpus = presslens.Corpus("corpus.db")
    >>> for quote in corpus.quotes(speaker="Lukashenko", since="2024-01-01"):
    ...     print(quote.speaker, quote.text)

A ``Corpus`` holds one connection. Write through ``add()`` or ``batch()``; any number of
other ``Corpus`` objects (threads, processes) can read the same file meanwhile (WAL).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields as dataclass_fields
from pathlib import Path
from types import TracebackType
from typing import Any

from presslens.errors import ConfigError
from presslens.model import Analysis, Article, RawDocument
from presslens.store import browse, db, dedup, queries
from presslens.store.browse import ArticleFilter, ArticleSummary, QuotedSpeaker, SpeakerDetail
from presslens.store.filters import QuoteFilter
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
    ``create=False`` (then a missing file raises ``StoreError``). ``read_only=True`` opens an
    existing corpus so that nothing can write it (a server's readers)."""

    def __init__(self, path: str | Path, *, create: bool = True, read_only: bool = False) -> None:
        self.path = Path(path)
        self._conn = db.connect_read_only(self.path) if read_only else db.connect(self.path, create=create)
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

    def stored_copies(self, articles: Iterable[Article]) -> dict[str, str]:
        """Article id -> id of the copy already stored with the same id or the same
        normalised text (an exact duplicate). Ingest asks this between extraction and
        analysis and hands the answer to its workers, so workers never open the database."""
        found: dict[str, str] = {}
        for article in articles:
            row = self._conn.execute(
                "SELECT id FROM articles WHERE id = ? OR text_hash = ? LIMIT 1",
                (article.id, dedup.text_hash(article.text)),
            ).fetchone()
            if row is not None:
                found[article.id] = str(row[0])
        return found

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

    def quotes(self, where: QuoteFilter | None = None, /, **filters: Any) -> list[QuoteRecord]:
        """Quotes, newest first: the default view (statements at or above
        ``presslens.DEFAULT_MIN_CONFIDENCE`` from news pages) unless ``everything=True``.
        Pass a ``QuoteFilter`` or its fields as keywords (``speaker=``, ``site=``, ``act=``...)."""
        if where is not None and filters:
            raise ConfigError("pass a QuoteFilter or filter keywords, not both", code="bad-option")
        known = {f.name for f in dataclass_fields(QuoteFilter)}
        if unknown := sorted(set(filters) - known):
            raise ConfigError(
                f"unknown quote filter {', '.join(unknown)}; the filters are: {', '.join(sorted(known))}",
                code="bad-option",
            )
        return queries.quotes(self._conn, where or QuoteFilter(**filters))

    def quote_context(self, quote_id: int) -> str:
        """The sentence(s) around a stored quote (``QuoteRecord.id``)."""
        return queries.quote_context(self._conn, quote_id)

    def search(self, query: str, *, limit: int = 20, what: str = "all", everything: bool = False) -> list[SearchHit]:
        """Search articles and quotes (FTS5 syntax, or plain words such as ``COVID-19``); a
        query FTS5 rejects raises ``StoreError`` with code ``bad-query``."""
        return queries.search(self._conn, query, limit=limit, what=what, everything=everything)

    def speakers(self, *, top: int | None = None, name: str | None = None, everything: bool = False) -> list[SpeakerRecord]:
        """Speakers by distinct stories, counting the default view's quotes unless ``everything``."""
        return queries.speakers(self._conn, top=top, name=name, everything=everything)

    def article(self, article_id: str) -> StoredArticle:
        """An article by id or unique id prefix."""
        return queries.article(self._conn, article_id)

    def stats(self) -> CorpusStats:
        return queries.stats(self._conn)

    # -- browsing (the web pages' read methods) ---------------------------------------------

    def articles(self, where: ArticleFilter | None = None, /, **filters: Any) -> list[ArticleSummary]:
        """Articles, newest first; pass an ``ArticleFilter`` or its fields as keywords."""
        return browse.articles(self._conn, where or ArticleFilter(**filters))

    def speaker(self, speaker_id: int, *, everything: bool = False) -> SpeakerDetail:
        """One speaker: aliases, roles, quotes per month, what they speak about and who is
        quoted beside them; counts follow the default view unless ``everything``."""
        return browse.speaker(self._conn, speaker_id, QuoteFilter(everything=everything))

    def quoted_speakers(self, article_id: str) -> dict[str, QuotedSpeaker]:
        """Entity id -> corpus speaker, for an article's quoted entities (full article id)."""
        return browse.quoted_speakers(self._conn, article_id)

    def quote_ids(self, article_id: str) -> tuple[int, ...]:
        """Stored quote ids of an article, in the order of ``article(...).analysis.quotes``."""
        return browse.quote_ids(self._conn, article_id)

    def errors(self, *, code: str | None = None, limit: int | None = None) -> list[ErrorRecord]:
        return queries.errors(self._conn, code=code, limit=limit)

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection, for exports and ad-hoc SQL (please do not write)."""
        return self._conn
