"""The write side of a corpus: one batch = one transaction of articles, errors and progress.

Everything an ingest learns about one input (its article, or its error, and the progress
row that says it is done) commits together, so a killed ingest never leaves half an article
and resumes by skipping the progress keys it finds.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from presslens.model import Analysis, RawDocument
from presslens.store import dedup
from presslens.store.rows import article_row, entity_row, quote_row
from presslens.store.speakers import can_be_speaker, resolve_speaker

__all__ = ["Batch", "StoreOutcome", "utc_now"]

log = logging.getLogger(__name__)

MAX_CANDIDATES = 200  # near-duplicate candidates compared per article
MAX_RAW_BYTES = 4 * 1024 * 1024  # failed inputs larger than this are kept without their bytes


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class StoreOutcome:
    """What storing one analysis did: ``status`` is ``stored``, ``near-duplicate`` (stored,
    joined an existing story) or ``duplicate`` (already present; ``article_id`` is the copy
    kept)."""

    status: str
    article_id: str
    story_id: int | None


class Batch:
    """Writes inside one open transaction; get one from ``Corpus.batch()``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._now = utc_now()

    # -- articles ---------------------------------------------------------------------------

    def existing_article(self, article_id: str, text: str) -> str | None:
        """The id of an article already stored with this id or the same normalised text."""
        row = self._conn.execute("SELECT id FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            row = self._conn.execute(
                "SELECT id FROM articles WHERE text_hash = ?", (dedup.text_hash(text),)
            ).fetchone()
        return None if row is None else str(row[0])

    def add(self, analysis: Analysis, *, source: str | None = None) -> StoreOutcome:
        """Store an analysis unless an exact duplicate is already there."""
        article = analysis.article
        existing = self.existing_article(article.id, article.text)
        if existing is not None:
            return StoreOutcome("duplicate", existing, None)
        signature = dedup.signature(article.text)
        bands = dedup.band_hashes(signature)
        story_id, score = self._find_story(signature, bands)
        status = "near-duplicate" if story_id is not None else "stored"
        if story_id is None:
            cursor = self._conn.execute(
                "INSERT INTO stories (first_article_id, created_at) VALUES (?, ?)", (article.id, self._now)
            )
            story_id = int(cursor.lastrowid or 0)
        row = article_row(analysis)
        row.update(
            text_hash=dedup.text_hash(article.text),
            story_id=story_id,
            similarity=score,
            source=source,
            ingested_at=self._now,
        )
        columns = ", ".join(row)
        cursor = self._conn.execute(
            f"INSERT INTO articles ({columns}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
        )
        article_pk = cursor.lastrowid
        if not signature.empty:
            self._conn.execute(
                "INSERT INTO article_signatures (article_pk, signature) VALUES (?, ?)",
                (article_pk, signature.values),
            )
            self._conn.executemany(
                "INSERT OR IGNORE INTO article_bands (band, hash, article_pk) VALUES (?, ?, ?)",
                [(band, value, article_pk) for band, value in enumerate(bands)],
            )
        self._add_entities_and_quotes(analysis, story_id, joined=status == "near-duplicate")
        return StoreOutcome(status, article.id, story_id)

    def _find_story(self, signature: dedup.Signature, bands: tuple[int, ...]) -> tuple[int | None, float | None]:
        if not bands:
            return None, None
        pairs = ", ".join("(?, ?)" for _ in bands)
        params = [value for band, h in enumerate(bands) for value in (band, h)]
        rows = self._conn.execute(
            "SELECT s.signature, a.story_id FROM article_signatures s"
            " JOIN articles a ON a.pk = s.article_pk"
            f" WHERE s.article_pk IN (SELECT article_pk FROM article_bands WHERE (band, hash) IN (VALUES {pairs}))"
            " ORDER BY s.article_pk LIMIT ?",
            (*params, MAX_CANDIDATES),
        ).fetchall()
        best: tuple[int | None, float | None] = (None, None)
        for blob, story_id in rows:
            score = dedup.similarity(signature, dedup.Signature(blob))
            if score >= dedup.NEAR_DUPLICATE_THRESHOLD and (best[1] is None or score > best[1]):
                best = (int(story_id), score)
        return best

    def _add_entities_and_quotes(self, analysis: Analysis, story_id: int, *, joined: bool) -> None:
        article_id = analysis.article.id
        quoted = {q.speaker for q in analysis.quotes if q.speaker is not None}
        speaker_ids: dict[str, int] = {}
        for entity in analysis.entities:
            if entity.id in quoted and can_be_speaker(entity.name, entity.kind):
                speaker_ids[entity.id] = resolve_speaker(self._conn, entity.name, entity.kind, now=self._now, role=entity.role)
        self._conn.executemany(
            "INSERT INTO entities (article_id, entity_id, name, kind, mentions, speaker_id, role)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [entity_row(article_id, e, speaker_ids.get(e.id)) for e in analysis.entities],
        )
        for seq, quote in enumerate(analysis.quotes):
            row = quote_row(analysis, seq, quote, speaker_ids.get(quote.speaker or ""), story_id)
            if joined:  # the same words in an earlier copy of this story: point at them
                earlier = self._conn.execute(
                    "SELECT id FROM quotes WHERE story_id = ? AND text = ? AND duplicate_of IS NULL"
                    " ORDER BY id LIMIT 1",
                    (story_id, row["text"]),
                ).fetchone()
                row["duplicate_of"] = None if earlier is None else earlier[0]
            columns = ", ".join(row)
            self._conn.execute(
                f"INSERT INTO quotes ({columns}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
            )

    # -- errors and progress ----------------------------------------------------------------

    def record_error(
        self,
        *,
        source: str,
        source_key: str,
        stage: str,
        code: str,
        reason: str,
        raw: RawDocument | None = None,
    ) -> None:
        """Keep a failed input (and its bytes, when small enough to retry offline)."""
        content = None
        if raw is not None and len(raw.content) <= MAX_RAW_BYTES:
            content = raw.content
        self._conn.execute(
            "INSERT INTO errors (source, source_key, stage, code, reason, time, attempts, raw,"
            " content_type, encoding, origin) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)"
            " ON CONFLICT (source_key) DO UPDATE SET source = excluded.source, stage = excluded.stage,"
            " code = excluded.code, reason = excluded.reason, time = excluded.time,"
            " attempts = errors.attempts + 1, raw = coalesce(excluded.raw, errors.raw),"
            " content_type = coalesce(excluded.content_type, errors.content_type),"
            " encoding = coalesce(excluded.encoding, errors.encoding),"
            " origin = coalesce(excluded.origin, errors.origin)",
            (
                source,
                source_key,
                stage,
                code,
                reason,
                self._now,
                content,
                None if raw is None else raw.content_type,
                None if raw is None else raw.encoding,
                None if raw is None else raw.origin,
            ),
        )

    def clear_error(self, source_key: str) -> None:
        self._conn.execute("DELETE FROM errors WHERE source_key = ?", (source_key,))

    def mark_done(self, source_key: str, status: str, article_id: str | None = None) -> None:
        """Record that the input ``source_key`` is finished (stored, duplicate or failed)."""
        self._conn.execute(
            "INSERT OR REPLACE INTO ingest_progress (source_key, status, article_id, time) VALUES (?, ?, ?, ?)",
            (source_key, status, article_id, self._now),
        )
        self._conn.execute("DELETE FROM ingest_claims WHERE source_key = ?", (source_key,))  # store/claims.py
