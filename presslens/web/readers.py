"""Read-only corpus connections, lent to one request at a time.

FastAPI runs the plain ``def`` routes in a thread pool. Each request borrows a read-only
``Corpus`` from a small pool (opened on demand, most recently returned first, so the
connections in use keep their page caches warm) and gives it back when it ends. The lending
is an ``async`` dependency: it runs on the event loop, not as one more trip through the
thread pool per request. A connection serves one thread at a time; WAL lets any number of
them read beside an ingest writing the same file.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import Request

from presslens.store.corpus import Corpus

__all__ = ["Readers", "corpus"]


class Readers:
    """Read-only ``Corpus`` objects over ``path``; ``close()`` closes them all."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._idle: list[Corpus] = []
        self._opened: list[Corpus] = []
        self.release(self.acquire())  # fail now, not on the first request, when the file is missing or unreadable

    def acquire(self) -> Corpus:
        """An idle connection, or a new one when all are lent."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        opened = Corpus(self.path, create=False, read_only=True)
        with self._lock:
            self._opened.append(opened)
        return opened

    def release(self, lent: Corpus) -> None:
        with self._lock:
            if lent in self._opened:  # not closed meanwhile
                self._idle.append(lent)

    def close(self) -> None:
        with self._lock:
            for opened in self._opened:
                opened.close()
            self._opened.clear()
            self._idle.clear()


async def corpus(request: Request) -> AsyncIterator[Corpus]:
    """The dependency routes declare: a read-only corpus for this request."""
    readers: Readers = request.app.state.readers
    lent = readers.acquire()
    try:
        yield lent
    finally:
        readers.release(lent)
