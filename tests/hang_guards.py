"""Test helpers for inputs that could hang: a call bounded in time, and a raw TCP server
whose answers (silence, a drip) the test chooses. Shared by tests/sources and tests/faults."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

__all__ = ["bounded", "raw_server"]


def bounded(call: Callable[[], Any], seconds: float = 120.0, release: Path | None = None) -> Any:
    """``call()``, failing the test instead of hanging when it has not returned in time.
    ``release`` is a named pipe to open for writing if the call is stuck on it."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = call()
        except BaseException as error:  # handed to the test thread
            result["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if release is not None:
            os.close(os.open(release, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still running after {seconds}s: it hangs")
    if "error" in result:
        raise result["error"]
    return result["value"]


@contextmanager
def raw_server(
    answer: Callable[[socket.socket, threading.Event], None],
) -> Iterator[tuple[str, list[socket.socket]]]:
    """A TCP server on 127.0.0.1 that hands each connection to ``answer``; yields its base
    URL and the connections it accepted. Stopped (and every answer released) on exit."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)
            threading.Thread(target=answer, args=(conn, stop), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    finally:
        stop.set()
        try:
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() in progress (Linux)
        except OSError:
            pass
        listener.close()
        for conn in accepted:
            conn.close()
        thread.join(5)
