"""Web tests run over real corpora: the bundled samples (and a hostile page) ingested by the
real pipeline once per session, served by the real app (no mocks of our components)."""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'presslens[web]'")

from presslens.store.corpus import Corpus  # noqa: E402

with warnings.catch_warnings():
    # starlette's test client asks for httpx2 instead of httpx; httpx is what we install
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile-page.html"


def _ingest(specs: list[str], path: Path) -> Path:
    from presslens.scale import run_ingest

    with Corpus(path) as corpus:
        summary = run_ingest(specs, corpus)
    assert summary.failed_total == 0, summary
    return path


# Two dated pages of our own with one speaker quoted months apart, so a speaker's chart has
# bars whatever the samples' dates.
DATED = [Path(__file__).resolve().parent / "data" / name for name in ("ferry-timetable.html", "ferry-fares.html")]


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples and the two dated pages, ingested by the real pipeline."""
    return _ingest([str(SAMPLES), *map(str, DATED)], tmp_path_factory.mktemp("web-samples") / "samples.db")


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _ingest([str(HOSTILE)], tmp_path_factory.mktemp("web-hostile") / "hostile.db")


@pytest.fixture(scope="session")
def client(samples_db: Path) -> Iterator[TestClient]:
    from presslens.web.app import create_app

    with TestClient(create_app(samples_db)) as opened:
        yield opened


class LiveServer:
    """The app under uvicorn in a thread, on a free loopback port."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from presslens.web.app import create_app

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.url = "http://127.0.0.1:%d" % self.socket.getsockname()[1]
        config = uvicorn.Config(create_app(db), log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture(scope="session")
def live_samples(samples_db: Path) -> Iterator[LiveServer]:
    with LiveServer(samples_db) as server:
        yield server


@pytest.fixture(scope="session")
def live_hostile(hostile_db: Path) -> Iterator[LiveServer]:
    with LiveServer(hostile_db) as server:
        yield server
