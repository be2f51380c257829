"""A time budget per document, so one pathological page is an error row, not a stalled batch.

``time_budget(seconds)`` arms a real-time timer (``SIGALRM``) around one stage; when it
fires, ``OutOfTime`` is raised wherever the stage is, and again every second after that, so
a library that swallows exceptions cannot keep running forever. ``OutOfTime`` derives from
``BaseException`` for the same reason: ``except Exception`` in extraction or analysis code
does not catch it. Signals reach only the main thread of a process (the ingest process, a
pool worker, a Ray worker); elsewhere the budget is not enforced and a debug line says so.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["DEFAULT_MAX_SECONDS", "OutOfTime", "time_budget"]

log = logging.getLogger(__name__)

DEFAULT_MAX_SECONDS = 60.0
_REPEAT_SECONDS = 1.0


class OutOfTime(BaseException):  # noqa: N818 - a signal, not an error a library should handle
    """A stage ran past its time budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s (--max-seconds)")
        self.seconds = seconds


def _can_arm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``OutOfTime`` in the body once it has run ``seconds`` (None or 0: no budget)."""
    if not seconds or seconds <= 0:
        yield
        return
    if not _can_arm():
        log.debug("time budget of %gs not enforced outside the main thread", seconds)
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise OutOfTime(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
