"""Where stage work runs: one small interface, two engines (local processes and Ray).

An ``Executor`` maps a picklable function over an iterable lazily and in order, with a
bounded number of tasks in flight, so memory stays flat however long the input is.
``LocalExecutor`` runs in this process (one worker: the model loads once, nothing is
pickled); ``ProcessExecutor`` uses a stdlib process pool, one model per worker process;
``presslens.scale.ray_engine.RayExecutor`` uses Ray actors. A worker that dies (killed,
out of memory) costs nothing but time: its items are resubmitted to a fresh worker, up to
``max_attempts`` tries, and ``settle`` reports an item whose every try lost its worker as
``Lost`` instead of stopping the run.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from presslens.errors import ConfigError, PresslensError

__all__ = [
    "ENGINES",
    "Executor",
    "LocalExecutor",
    "Lost",
    "ProcessExecutor",
    "WorkerLostError",
    "make_executor",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "ray")
DEFAULT_MAX_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Lost(Generic[T]):
    """An item whose worker died on every one of its ``attempts``."""

    item: T
    attempts: int
    reason: str


class WorkerLostError(PresslensError):
    """``map`` gave up on an item: its worker died on every try."""

    def __init__(self, lost: Lost[Any]) -> None:
        super().__init__(f"a worker died on each of {lost.attempts} tries ({lost.reason})", code="worker-lost")


class Executor(Protocol):
    """Runs ``fn`` over ``items`` and yields the results in input order."""

    @property
    def retried(self) -> int:
        """Items resubmitted after their worker died, so far."""
        ...

    def settle(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | Lost[T]]: ...

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def worker_pids(self) -> list[int]: ...

    def close(self) -> None: ...


def map_settled(settled: Iterator[R | Lost[Any]]) -> Iterator[R]:
    """``settle`` as ``map``: a lost item raises ``WorkerLostError``."""
    for result in settled:
        if isinstance(result, Lost):
            raise WorkerLostError(result)
        yield result


class LocalExecutor:
    """Everything in this process, one item after the other (nothing to lose but us)."""

    retried = 0

    def settle(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | Lost[T]]:
        for item in items:
            yield fn(item)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)

    def worker_pids(self) -> list[int]:
        return []

    def close(self) -> None:
        pass


class _Task(Generic[T, R]):
    """One item in flight: its future in the current pool and how often it was sent."""

    __slots__ = ("attempts", "future", "item", "lost")

    def __init__(self, item: T, future: Future[R]) -> None:
        self.item = item
        self.future = future
        self.attempts = 1
        self.lost: Lost[T] | None = None


class ProcessExecutor:
    """A process pool; at most ``workers * 2`` items in flight (inputs are read lazily).
    When a worker process dies the pool breaks; a new pool takes over the unfinished items."""

    def __init__(self, workers: int, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> None:
        if workers < 1:
            raise ConfigError("workers must be >= 1", code="bad-option")
        if max_attempts < 1:
            raise ConfigError("max_attempts must be >= 1", code="bad-option")
        self.workers = workers
        self.max_attempts = max_attempts
        self._retried = 0
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: a forked worker would inherit the writer's open SQLite connection,
        # which SQLite forbids using (or closing) in the child.
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))

    @property
    def retried(self) -> int:
        return self._retried

    def settle(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | Lost[T]]:
        pending: deque[_Task[T, R]] = deque()
        for item in items:
            pending.append(_Task(item, self._pool.submit(fn, item)))
            if len(pending) >= self.workers * 2:
                settled: R | Lost[T] = self._settle_oldest(fn, pending)
                yield settled
        while pending:
            settled = self._settle_oldest(fn, pending)
            yield settled

    def _settle_oldest(self, fn: Callable[[T], R], pending: deque[_Task[T, R]]) -> R | Lost[T]:
        while True:
            task = pending[0]
            if task.lost is not None:
                pending.popleft()
                return task.lost
            try:
                result = task.future.result()
            except BrokenProcessPool as error:
                self._restart(fn, pending, str(error) or "a worker process died")
                continue
            pending.popleft()
            return result

    def _restart(self, fn: Callable[[T], R], pending: deque[_Task[T, R]], reason: str) -> None:
        """Replace the broken pool and resubmit every item it had not finished."""
        log.warning("a worker process died (%s); restarting the pool", reason)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        for task in pending:
            if task.lost is not None or (task.future.done() and task.future.exception() is None):
                continue
            if task.attempts >= self.max_attempts:
                task.lost = Lost(task.item, task.attempts, reason)
                continue
            task.attempts += 1
            self._retried += 1
            task.future = self._pool.submit(fn, task.item)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map_settled(self.settle(fn, items))

    def worker_pids(self) -> list[int]:
        """The pids of the live worker processes (for monitoring, and for tests that kill one)."""
        processes = getattr(self._pool, "_processes", None) or {}
        return [pid for pid, process in processes.items() if process.is_alive()]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def make_executor(
    kind: str = "local", *, workers: int = 1, address: str | None = None, max_attempts: int = DEFAULT_MAX_ATTEMPTS
) -> Executor:
    """``local``: in this process when ``workers == 1``, else a process pool; ``ray``:
    ``workers`` Ray actors on the cluster at ``address`` (None: a local Ray on 127.0.0.1)."""
    if kind == "local":
        if address is not None:
            raise ConfigError("--address is for --engine ray", code="bad-option")
        return LocalExecutor() if workers <= 1 else ProcessExecutor(workers, max_attempts=max_attempts)
    if kind == "ray":
        from presslens.scale.ray_engine import RayExecutor

        return RayExecutor(workers, address=address, max_attempts=max_attempts)
    raise ConfigError(f"unknown engine {kind!r}; choose {' or '.join(ENGINES)}", code="bad-option")
