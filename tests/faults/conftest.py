"""Shared pieces of the fault suite: the local web server the feed cases fetch from."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fault_cases import Web, web_server


@pytest.fixture(scope="session")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    with web_server(tmp_path_factory.mktemp("www")) as server:
        yield server
