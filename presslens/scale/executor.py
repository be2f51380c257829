"""Where stage work runs: one small interface, so a Ray backend can slot in later.

An ``Executor`` maps a picklable function over an iterable lazily and in order, with a
bounded number of tasks in flight, so memory stays flat however long the input is.
``LocalExecutor`` runs in this process (the default: the model loads once, nothing is
pickled); ``ProcessExecutor`` uses a stdlib process pool, one model per worker process.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol, TypeVar

from presslens.errors import ConfigError

__all__ = ["Executor", "LocalExecutor", "ProcessExecutor", "make_executor"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs ``fn`` over ``items`` and yields the results in input order."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """Everything in this process, one item after the other."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        pass


class ProcessExecutor:
    """A process pool; at most ``workers * 2`` items in flight (inputs are read lazily)."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ConfigError("workers must be >= 1", code="bad-option")
        self.workers = workers
        # spawn, not fork: a forked worker would inherit the writer's open SQLite connection,
        # which SQLite forbids using (or closing) in the child.
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(self._pool.submit(fn, item))
            if len(pending) >= self.workers * 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def make_executor(kind: str = "local", *, workers: int = 1) -> Executor:
    """``local``: in this process when ``workers == 1``, else a process pool."""
    if kind == "local":
        return LocalExecutor() if workers <= 1 else ProcessExecutor(workers)
    if kind == "ray":
        raise ConfigError(
            "the Ray executor is not available yet; use --executor local", code="missing-executor"
        )
    raise ConfigError(f"unknown executor {kind!r}; choose local", code="bad-option")
