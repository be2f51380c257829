"""Fault bench (issue 9): the fault catalogue of ``tests/faults/fault_cases.py``, every case
run as a user would, in fresh ``presslens`` processes, and a table of what happened.

    .venv/bin/python bench/faults.py                      # all cases
    .venv/bin/python bench/faults.py --only export --only search
    .venv/bin/python bench/faults.py --write --machine "shared, 2 cores"   # also bench/RESULTS.md

Outcomes: ``ok`` (the exit code the case allows, a one-line message, every good record
stored once), ``crash`` (a traceback or another exit code), ``hang`` (a step still running
after its bound), ``lost`` (good records missing afterwards) and ``wrong`` (anything else the
case checks: a duplicate, a changed database, an unnamed failure). The pytest suite
(``tests/faults/``) runs the same cases; this script is the report.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "faults"))

from fault_cases import CASES, STEP_SECONDS, Verdict, run_case, web_server  # noqa: E402

RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## Faults (`bench/faults.py`)"


def _record(lines: list[str]) -> None:
    from bench.results import write_section

    write_section(SECTION, "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", help="run only cases whose name contains this (repeatable)")
    parser.add_argument("--machine", default="", help="a note on the machine (e.g. shared with other jobs)")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args()
    cases = [c for c in CASES if not args.only or any(word in c.name for word in args.only)]
    verdicts: list[tuple[str, Verdict, float]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="presslens-faults-") as scratch, web_server(Path(scratch) / "www") as web:
        for index, case in enumerate(cases):
            began = time.perf_counter()
            verdict = run_case(case, Path(scratch) / f"case-{index}", web, in_process=False)
            seconds = time.perf_counter() - began
            verdicts.append((case.row, verdict, seconds))
            print(f"{verdict.status:6} {seconds:5.1f}s  row {case.row:6} {case.name}  {verdict.detail}", file=sys.stderr, flush=True)
    status = Counter(v.status for _, v, _ in verdicts)
    lost = sum(v.missing for _, v, _ in verdicts)
    lines = [
        f"{len(verdicts)} cases from `tests/faults/fault_cases.py`, each step in a fresh `presslens` process,"
        f" bounded at {STEP_SECONDS:.0f} s; {time.perf_counter() - started:.0f} s in all."
        + (f" Machine: {args.machine}." if args.machine else ""),
        "",
        "| cases tried | clear errors or clean runs | crashes | hangs | records lost | other faults |",
        "|---|---|---|---|---|---|",
        f"| {len(verdicts)} | {status['ok']} | {status['crash']} | {status['hang']} | {lost} | {status['wrong']} |",
        "",
        "| row | case | outcome |",
        "|---|---|---|",
    ]
    lines += [f"| {row} | {v.case} | {v.status}{': ' + v.detail if v.detail else ''} |" for row, v, _ in verdicts]
    print("\n".join(lines))
    if args.write:
        _record(lines)


if __name__ == "__main__":
    main()
