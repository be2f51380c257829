from __future__ import annotations

import pytest

from presslens.analyze import get_analyzer
from presslens.analyze.pipeline import Analyzer


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return get_analyzer()
