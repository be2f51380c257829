"""The guards behind the fault catalogue, one by one (issue 9): exports written whole or not
at all, the per-document time budget, ingest claims, analysis linear in text length, and
tracebacks only with --debug."""

from __future__ import annotations

import cProfile
import inspect
import os
import pstats
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fault_cases import news_html

from presslens.cli.main import cli
from presslens.errors import ConfigError
from presslens.scale.budget import OutOfTime, time_budget
from presslens.store import export as exporting
from presslens.store.claims import IngestClaims
from presslens.store.corpus import Corpus

pytestmark = pytest.mark.issue(9)


def _runner() -> CliRunner:
    split = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    return CliRunner(**split)


# -- exports --------------------------------------------------------------------------------


def test_a_failed_export_leaves_the_old_file_and_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "quotes.jsonl"
    target.write_text("yesterday's export\n", encoding="utf-8")
    with pytest.raises(RuntimeError), exporting.output_file(target, binary=False) as out:
        out.write("half of today's")
        raise RuntimeError("the database went away")
    assert target.read_text(encoding="utf-8") == "yesterday's export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["quotes.jsonl"]


def test_a_finished_export_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "quotes.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    with exporting.output_file(target, binary=False) as out:
        out.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["quotes.csv"]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_exports_onto_any_file_of_the_database_are_refused(tmp_path: Path, suffix: str) -> None:
    db = tmp_path / "c.db"
    Corpus(db).close()
    with pytest.raises(ConfigError) as refused:
        exporting.check_not_database(str(db) + suffix, db)
    assert refused.value.code == "export-onto-database"
    hard_link = tmp_path / "other-name.db"
    os.link(db, hard_link)
    with pytest.raises(ConfigError):
        exporting.check_not_database(hard_link, db)
    exporting.check_not_database(tmp_path / "c.db.jsonl", db)  # a neighbour is fine


def test_debug_shows_the_traceback_that_is_otherwise_one_line(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    Corpus(db).close()
    plain = _runner().invoke(cli, ["speakers", "--db", str(db), "--name", "\udcff"])
    assert plain.exit_code == 1 and "Traceback" not in plain.stderr
    assert len(plain.stderr.strip().splitlines()) == 1 and "UTF-8" in plain.stderr
    debug = _runner().invoke(cli, ["--debug", "speakers", "--db", str(db), "--name", "\udcff"])
    assert isinstance(debug.exception, UnicodeError)


# -- the time budget ----------------------------------------------------------------------------


def test_the_budget_stops_a_stage_that_swallows_exceptions() -> None:
    started = time.monotonic()
    swallowed = 0
    with pytest.raises(OutOfTime), time_budget(0.05):
        while time.monotonic() - started < 30:
            try:
                sum(range(10_000))
            except Exception:  # noqa: BLE001 - what careless library code does
                swallowed += 1
    assert swallowed == 0  # OutOfTime is no Exception


def test_no_budget_and_a_met_budget_change_nothing() -> None:
    with time_budget(0):
        assert sum(range(10)) == 45
    with time_budget(30):
        assert sum(range(10)) == 45
    time.sleep(0.01)  # the timer is off again: no stray alarm arrives after the block


# -- claims -----------------------------------------------------------------------------


def test_a_claimed_input_is_busy_for_another_ingest_until_done(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Corpus(db) as first, Corpus(db) as second:
        mine = IngestClaims(first.connection)
        theirs = IngestClaims(second.connection, owner=f"{mine.owner.rpartition(':')[0]}:{os.getppid()}")
        assert mine.claim("file:///a.html") == "mine"
        assert mine.claim("file:///a.html") == "mine"  # a repeat within one run stays ours
        assert theirs.claim("file:///a.html") == "busy"
        with first.batch() as batch:
            batch.mark_done("file:///a.html", "failed")
        assert theirs.claim("file:///a.html") == "done"
        assert theirs.claim("file:///b.html") == "mine"
        theirs.release_all()
        assert mine.claim("file:///b.html") == "mine"


def test_the_claim_of_a_killed_ingest_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    with Corpus(db) as first, Corpus(db) as second:
        mine = IngestClaims(first.connection)
        dead = IngestClaims(second.connection, owner=f"{mine.owner.rpartition(':')[0]}:{finished.stdout.strip()}")
        assert dead.claim("file:///a.html") == "mine"
        assert mine.claim("file:///a.html") == "mine"
        rows = first.connection.execute("SELECT owner FROM ingest_claims").fetchall()
        assert [tuple(r) for r in rows] == [(mine.owner,)]


def test_claims_live_in_a_numbered_migration(tmp_path: Path) -> None:
    Corpus(tmp_path / "c.db").close()
    with sqlite3.connect(tmp_path / "c.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 3
        assert conn.execute("SELECT count(*) FROM ingest_claims").fetchone()[0] == 0


# -- analysis linear in text length -------------------------------------------------------------


def _article_text(paragraphs: int) -> str:
    people = ["Nadia Kell", "Rupert Vance", "Ottilie Marsh", "Jonas Whitlock"]
    return "\n\n".join(
        f"“We will open the new library in {1990 + i % 30},” {people[i % 4]} said. The council agreed on plan {i}."
        for i in range(paragraphs)
    )


@pytest.mark.slow
def test_analysis_work_grows_linearly_with_the_text() -> None:
    """Counted in function calls, not seconds: four times the text may cost at most about
    four times the calls (before the fix, every quoted passage rebuilt the text of every
    paragraph before it, and 4x the text took ~8x the calls at these sizes)."""
    from presslens.analysis import get_analyzer
    from presslens.analysis.pipeline import article_from_text

    analyzer = get_analyzer(None)
    analyzer.analyze(article_from_text(_article_text(5)))  # warm caches outside the count

    def calls(paragraphs: int) -> int:
        article = article_from_text(_article_text(paragraphs))
        profile = cProfile.Profile()
        profile.enable()
        analysis = analyzer.analyze(article)
        profile.disable()
        assert len(analysis.quotes) >= paragraphs // 2  # it did the work
        return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]

    small, large = calls(60), calls(240)
    assert large / small < 4 * 1.25, (small, large)


def test_the_catalogue_pages_are_news() -> None:
    assert "said" in news_html(1) and news_html(1) != news_html(2)
