"""Claims on ingest inputs, so two ingests of the same inputs never analyse one twice.

Before an ingest reads an input it asks ``IngestClaims.claim(key)``; in one write
transaction the store answers ``done`` (a progress row exists), ``busy`` (another ingest
that is still running claimed it) or ``mine`` (claimed now, or already ours). The claim is
deleted when the input's progress row commits (``Batch.mark_done``) and, for whatever is
left, when the ingest ends. A claim whose owner is gone (a killed ingest) is taken over: on
this host the owner's pid is checked; a claim from another host counts as gone after
``STALE_AFTER`` (an ingest commits far more often than that).
"""

from __future__ import annotations

import os
import socket
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Literal

from presslens.store import db

__all__ = ["STALE_AFTER", "ClaimState", "IngestClaims"]

ClaimState = Literal["done", "busy", "mine"]
STALE_AFTER = timedelta(hours=6)


def _owner_alive(owner: str, claimed_at: str, now: datetime) -> bool:
    host, _, pid = owner.rpartition(":")
    try:
        age = now - datetime.fromisoformat(claimed_at)
    except ValueError:
        return False
    if age > STALE_AFTER:
        return False
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    return True


class IngestClaims:
    """The claims of one ingest run (``owner``: this host and process) on a corpus connection."""

    def __init__(self, conn: sqlite3.Connection, owner: str | None = None, *, revisit_not_articles: bool = False) -> None:
        self._conn = conn
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}"
        # an input an earlier --articles-only run skipped is not done for a run that keeps every page
        self._done_sql = "SELECT 1 FROM ingest_progress WHERE source_key = ?" + (
            " AND status != 'not-article'" if revisit_not_articles else ""
        )

    def claim(self, source_key: str) -> ClaimState:
        """Claim ``source_key`` for this ingest unless it is done or another live ingest has it."""
        if self._conn.in_transaction:  # called from inside a batch: be part of it
            return self._claim(source_key)
        with db.write(self._conn):
            return self._claim(source_key)

    def _claim(self, source_key: str) -> ClaimState:
        conn = self._conn
        if conn.execute(self._done_sql, (source_key,)).fetchone():
            return "done"
        now = datetime.now(UTC)
        row = conn.execute("SELECT owner, time FROM ingest_claims WHERE source_key = ?", (source_key,)).fetchone()
        if row is not None and row[0] != self.owner and _owner_alive(row[0], row[1], now):
            return "busy"
        conn.execute(
            "INSERT OR REPLACE INTO ingest_claims (source_key, owner, time) VALUES (?, ?, ?)",
            (source_key, self.owner, now.isoformat(timespec="seconds")),
        )
        return "mine"

    def release_all(self) -> None:
        """Drop every claim this ingest still holds (inputs it never finished)."""
        with db.write(self._conn):
            self._conn.execute("DELETE FROM ingest_claims WHERE owner = ?", (self.owner,))
