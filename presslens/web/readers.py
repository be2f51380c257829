"""Read-only corpus connections, one per server thread.

FastAPI runs plain ``def`` routes in a thread pool; a thread keeps its own read-only
``Corpus`` (SQLite connections are cheapest when not shared, and WAL lets any number of
readers run beside an ingest writing the same file).
"""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import Request

from presslens.store.corpus import Corpus

__all__ = ["Readers", "corpus"]


class Readers:
    """Opens ``path`` read-only once per thread; ``close()`` closes them all."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Corpus] = []
        self.get()  # fail now, not on the first request, when the file is missing or unreadable

    def get(self) -> Corpus:
        opened: Corpus | None = getattr(self._local, "corpus", None)
        if opened is None:
            opened = Corpus(self.path, create=False, read_only=True)
            self._local.corpus = opened
            with self._lock:
                self._opened.append(opened)
        return opened

    def close(self) -> None:
        with self._lock:
            for opened in self._opened:
                opened.close()
            self._opened.clear()
        self._local = threading.local()


def corpus(request: Request) -> Corpus:
    """The dependency routes declare: this thread's read-only corpus."""
    readers: Readers = request.app.state.readers
    return readers.get()
