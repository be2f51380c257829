"""The Ray engine: ``workers`` long-lived actors, each a process that loads the spaCy
pipeline once (the analyzer is cached per process) and runs item after item.

Items go to the actor with the fewest in flight (at most two each, so one is always queued
while the other runs); results come back in input order. An actor that dies (its process
killed, its node lost) is replaced and its items are resubmitted to the live actors, up to
``max_attempts`` tries per item. Ray's own restarts are off so that every retry is counted
here and reported in the job summary.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from presslens.errors import ConfigError
from presslens.scale.executor import DEFAULT_MAX_ATTEMPTS, Lost, map_settled

__all__ = ["RayExecutor", "import_ray"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_ACTOR = 2


# Ray turns 127.0.0.1 into the machine's routable address unless its "cluster" mode is off;
# off (read when ray is first imported) keeps a local Ray on the loopback interface.
_LOOPBACK_ONLY = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


def import_ray(*, local: bool = False) -> Any:
    """Import Ray, or fail with the install command. ``local``: a local Ray is about to be
    started, so keep it on 127.0.0.1 (effective only if nothing imported Ray before)."""
    if local and "ray" not in sys.modules:
        os.environ.setdefault(_LOOPBACK_ONLY, "0")
    try:
        import ray
    except ImportError:  # pragma: no cover - the extra is installed in development
        raise ConfigError(
            "the Ray engine needs Ray: pip install 'presslens[ray]'", code="missing-dependency"
        ) from None
    return ray


class StageWorker:
    """The actor body: runs whatever stage function it is sent, in its own process."""

    def call(self, fn: Callable[[Any], Any], item: Any) -> Any:
        return fn(item)

    def pid(self) -> int:
        return os.getpid()


class _Task(Generic[T]):
    __slots__ = ("actor", "attempts", "item", "lost", "ref")

    def __init__(self, item: T) -> None:
        self.item = item
        self.attempts = 0
        self.actor: Any = None
        self.ref: Any = None
        self.lost: Lost[T] | None = None


class RayExecutor:
    """``workers`` Ray actors on the cluster at ``address`` (``auto``, ``ray://host:port``),
    or on a local Ray started on 127.0.0.1 when ``address`` is None and none is running."""

    def __init__(self, workers: int, *, address: str | None = None, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> None:
        if workers < 1:
            raise ConfigError("workers must be >= 1", code="bad-option")
        if max_attempts < 1:
            raise ConfigError("max_attempts must be >= 1", code="bad-option")
        self._ray = ray = import_ray(local=address is None)
        self.workers = workers
        self.max_attempts = max_attempts
        self._retried = 0
        self._started_ray = False
        if not ray.is_initialized():
            if address is None:
                ray.init(_node_ip_address="127.0.0.1", include_dashboard=False, logging_level=logging.WARNING)
            else:
                ray.init(address=address, logging_level=logging.WARNING)
            self._started_ray = True
        self._actor_class = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(StageWorker)
        self._actors: list[Any] = []
        self._load: dict[Any, int] = {}
        self._pids: dict[Any, Any] = {}
        for _ in range(workers):
            self._start_actor()

    @property
    def retried(self) -> int:
        return self._retried

    def _submit(self, fn: Callable[[T], R], task: _Task[T]) -> None:
        actor = min(self._actors, key=lambda a: self._load[a])
        task.actor = actor
        task.attempts += 1
        self._load[actor] += 1
        task.ref = actor.call.remote(fn, task.item)

    def _start_actor(self) -> None:
        actor = self._actor_class.remote()
        self._actors.append(actor)
        self._load[actor] = 0
        # asked first, so the answer does not queue behind the actor's work
        self._pids[actor] = actor.pid.remote()

    def _replace(self, actor: Any) -> None:
        if actor not in self._load:
            return  # already replaced by an earlier task that found it dead
        log.warning("a Ray worker died; starting a new one")
        self._actors.remove(actor)
        del self._load[actor]
        del self._pids[actor]
        self._start_actor()

    def settle(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | Lost[T]]:
        pending: deque[_Task[T]] = deque()
        for item in items:
            task: _Task[T] = _Task(item)
            self._submit(fn, task)
            pending.append(task)
            if len(pending) >= self.workers * IN_FLIGHT_PER_ACTOR:
                yield self._settle_oldest(fn, pending)
        while pending:
            yield self._settle_oldest(fn, pending)

    def _settle_oldest(self, fn: Callable[[T], R], pending: deque[_Task[T]]) -> R | Lost[T]:
        dead_errors = (self._ray.exceptions.RayActorError, self._ray.exceptions.WorkerCrashedError)
        task = pending[0]
        while True:
            try:
                result: R = self._ray.get(task.ref)
            except dead_errors as error:
                self._replace(task.actor)
                if task.attempts >= self.max_attempts:
                    pending.popleft()
                    return Lost(task.item, task.attempts, type(error).__name__)
                self._retried += 1
                self._submit(fn, task)
                continue
            pending.popleft()
            if task.actor in self._load:
                self._load[task.actor] -= 1
            return result

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map_settled(self.settle(fn, items))

    def worker_pids(self) -> list[int]:
        """The pids of the live actors' processes (for monitoring, and for tests that kill
        one); an actor found dead here is replaced."""
        pids = []
        for actor in list(self._actors):
            try:
                pids.append(int(self._ray.get(self._pids[actor])))
            except self._ray.exceptions.RayActorError:
                self._replace(actor)
        return pids

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors.clear()
        self._load.clear()
        self._pids.clear()
        if self._started_ray:
            self._ray.shutdown()
