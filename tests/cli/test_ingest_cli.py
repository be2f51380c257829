"""`presslens ingest` and `presslens errors` end to end, including a SIGKILL in mid-ingest."""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from presslens.cli.main import cli

SCALE_TESTS = Path(__file__).resolve().parents[1] / "scale"
REPO = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"ingest_cli_{name}", SCALE_TESTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixtures = _load("news_fixtures")
snapshots = _load("snapshot")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    # click < 8.2 mixes stderr into stdout unless told not to
    split = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    result = CliRunner(**split).invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_ingest_needs_a_source_or_retry(tmp_path: Path) -> None:
    code, _, err = run("ingest", "--db", str(tmp_path / "c.db"))
    assert code == 2 and "SOURCE" in err


def test_ingest_needs_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRESSLENS_DB", raising=False)
    code, _, err = run("ingest", str(tmp_path))
    assert code == 2 and "--db" in err


def test_errors_on_a_fresh_corpus(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    code, out, _ = run("ingest", "--db", str(db), "--quiet", str(tmp_path / "nothing-here-*.html"))
    assert code == 1  # an input failed (issue 9 row 13)
    code, out, _ = run("errors", "--db", str(db), "--json")
    [record] = [json.loads(line) for line in out.splitlines()]
    assert record["stage"] == "source" and "nothing-here-" in record["source"] and record["code"]


@pytest.mark.slow
def test_ingest_prints_a_summary_and_retry_clears_errors(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    fixtures.write_pages(pages, 3)
    (pages / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    missing = tmp_path / "later.html"
    env = {"PRESSLENS_DB": str(tmp_path / "c.db")}
    code, out, err = run("ingest", str(pages), str(missing), env=env)
    assert code == 1, err  # two inputs failed (issue 9 row 13)
    assert "read 5, stored 3" in err and "failed 2" in err
    assert "presslens errors" in err
    code, out, _ = run("ingest", str(pages), "--json", env=env)
    assert json.loads(out)["skipped"] == 4
    missing.write_text(fixtures.news_page(7), encoding="utf-8")
    code, out, _ = run("ingest", "--retry-errors", "--json", env=env)
    summary = json.loads(out)
    assert (summary["stored"], summary["failed_total"]) == (1, 1)
    code, out, _ = run("errors", env=env)
    assert "empty.html" in out and "later.html" not in out


def _progress_rows(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(conn.execute("SELECT count(*) FROM ingest_progress").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def _ingest_command(pages: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "presslens", "ingest", str(pages), "--db", str(db), "--quiet", "--chunk-size", "1"]


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    total = 24
    fixtures.write_pages(pages, total - 2)
    (pages / "wire.html").write_text(fixtures.wire_copy(5, "partner.example"), encoding="utf-8")
    (pages / "junk.html").write_bytes(b"\x00\x01 not a page")
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    whole = tmp_path / "whole.db"
    done = subprocess.run(_ingest_command(pages, whole), check=False, env=env, cwd=REPO, timeout=300)
    assert done.returncode == 1  # junk.html failed: exit 1 (issue 9 row 13)

    killed = tmp_path / "killed.db"
    process = subprocess.Popen(_ingest_command(pages, killed), env=env, cwd=REPO)
    reads = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and process.poll() is None:
            done = _progress_rows(killed)
            if done:
                # a reader queries while the writer ingests
                with sqlite3.connect(f"file:{killed}?mode=ro", uri=True, timeout=0) as reader:
                    reads.append(reader.execute("SELECT count(*) FROM articles").fetchone()[0])
                    reader.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'plan'").fetchone()
                reader.close()
            if done >= 4:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert 4 <= _progress_rows(killed) < total
    assert reads == sorted(reads)  # readers only ever saw whole commits, growing

    done = subprocess.run(_ingest_command(pages, killed), check=False, env=env, cwd=REPO, timeout=300)
    assert done.returncode in (0, 1)  # 1 if junk.html failed in this run, not before the kill
    assert snapshots.duplicate_rows(killed) == {"articles": 0, "quotes": 0, "errors": 0}
    assert snapshots.snapshot(killed) == snapshots.snapshot(whole)
    assert _progress_rows(killed) == total
