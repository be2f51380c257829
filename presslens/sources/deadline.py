"""Time limits httpx does not have: a first-byte timeout and a whole-download deadline.

httpx bounds each socket operation (``timeout``), so a server that drips one byte every few
seconds keeps a download going forever, and waiting for an answer gets the same allowance
as a pause in the middle of a body. ``bounded_transport`` wraps the network streams under
an ``httpx.HTTPTransport`` so that every read waits at most until the deadline of the
request in flight, and the first read after a request at most ``first_byte`` seconds.
"""

from __future__ import annotations

import logging
import ssl
import time
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

__all__ = ["Budget", "bounded_transport"]

logger = logging.getLogger(__name__)


@dataclass
class Budget:
    """The limits of the request in flight, shared by the fetcher and its streams.

    ``start(deadline)`` before each request; after a timeout, ``expired`` says which limit
    ran out: ``"first-byte"``, ``"deadline"`` or None for a plain per-read timeout.
    """

    first_byte: float
    ends_at: float | None = None
    expired: str | None = None

    def start(self, deadline: float) -> None:
        self.ends_at = time.monotonic() + deadline if deadline > 0 else None
        self.expired = None

    def passed(self) -> bool:
        return self.ends_at is not None and time.monotonic() >= self.ends_at

    def limit(self, timeout: float | None, *, first: bool = False) -> tuple[float | None, str | None]:
        """The timeout for one operation, and the name of the limit that sets it."""
        limits: list[tuple[float, str | None]] = []  # on a tie the first named wins
        if self.ends_at is not None:
            limits.append((max(0.0, self.ends_at - time.monotonic()), "deadline"))
        if first:
            limits.append((self.first_byte, "first-byte"))
        if timeout is not None:
            limits.append((timeout, None))
        if not limits:
            return None, None
        return min(limits, key=lambda pair: pair[0])


class _BoundedStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, budget: Budget) -> None:
        self._stream = stream
        self._budget = budget
        self._answered = True  # nothing asked yet

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        limit, name = self._budget.limit(timeout, first=not self._answered)
        if name == "deadline" and limit == 0:
            self._budget.expired = "deadline"
            raise httpcore.ReadTimeout("the download deadline has passed")
        try:
            data = self._stream.read(max_bytes, limit)
        except httpcore.ReadTimeout:
            self._budget.expired = name
            raise
        self._answered = True
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._answered = False  # a request goes out: the next read waits for its answer
        limit, name = self._budget.limit(timeout)
        try:
            self._stream.write(buffer, limit)
        except httpcore.WriteTimeout:
            self._budget.expired = name
            raise

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        limit, _name = self._budget.limit(timeout)
        return _BoundedStream(self._stream.start_tls(ssl_context, server_hostname, limit), self._budget)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend, budget: Budget) -> None:
        self._backend = backend
        self._budget = budget

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        limit, _name = self._budget.limit(timeout)
        stream = self._backend.connect_tcp(host, port, limit, local_address, socket_options)
        return _BoundedStream(stream, self._budget)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        limit, _name = self._budget.limit(timeout)
        return _BoundedStream(self._backend.connect_unix_socket(path, limit, socket_options), self._budget)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def bounded_transport(budget: Budget) -> httpx.HTTPTransport:
    """An ``httpx.HTTPTransport`` whose reads keep to ``budget``.

    httpx offers no public hook for the network backend, so the pool's is wrapped in place;
    should a later httpx move it, fetching still works, bounded per read only (logged)."""
    transport = httpx.HTTPTransport()
    pool: Any = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _BoundedBackend(backend, budget)
    else:
        logger.warning("this httpx hides its network backend: downloads are bounded per read only")
    return transport
