from __future__ import annotations

import pytest

from presslens.analysis import get_analyzer
from presslens.analysis.pipeline import Analyzer


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return get_analyzer()
