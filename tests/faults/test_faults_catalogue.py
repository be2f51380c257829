"""Every case of the fault catalogue (``fault_cases.CASES``), run as a user would meet it:
no traceback, no hang, good inputs stored once, the exit code the plan allows (issue 9).

Cases run in this process (the model loads once) unless they need their own processes
(signals, another user, two ingests at once); ``bench/faults.py`` runs the same catalogue.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_cases import CASES, Case, Web, run_case

pytestmark = pytest.mark.issue(9)


def _param(case: Case) -> object:
    return pytest.param(case, id=case.name, marks=[pytest.mark.slow] if case.model or case.isolate else [])


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_fault_case(case: Case, tmp_path: Path, web: Web) -> None:
    verdict = run_case(case, tmp_path / "case", web, in_process=True)
    assert verdict.status == "ok", f"{case.name} (row {case.row}): {verdict.status}: {verdict.detail}"
