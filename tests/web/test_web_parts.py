"""The web layer's pure parts (highlight segments, the chart's geometry, links) and the
serve command's wiring (issue 10)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli.main import cli
from presslens.model import Span
from presslens.web.charts import month_range, monthly_chart
from presslens.web.highlight import paragraph_segments, snippet_segments
from presslens.web.pages import safe_href

pytestmark = pytest.mark.issue(10)

TEXT = 'First "a quote" here.\n\nSecond, "nested "inner" outer" end.'


def _spans(text: str, *words: str) -> list[Span]:
    return [Span(start=text.index(w), end=text.index(w) + len(w)) for w in words]


def test_segments_rebuild_every_paragraph_and_mark_each_quote_once() -> None:
    paragraphs = [Span(start=0, end=21), Span(start=23, end=len(TEXT))]
    outer, inner, first = _spans(TEXT, 'nested "inner" outer', "inner", "a quote")
    segments = paragraph_segments(TEXT, paragraphs, [[first], [outer], [inner]])
    assert ["".join(s.text for s in p) for p in segments] == [p.of(TEXT) for p in paragraphs]
    quoted = [(s.text, s.quote, s.first) for p in segments for s in p if s.quote is not None]
    # the inner quote wins its words; the outer one resumes after it without a second focus stop
    assert quoted == [("a quote", 0, True), ('nested "', 1, True), ("inner", 2, True), ('" outer', 1, False)]


def test_a_quote_across_paragraphs_is_marked_in_both() -> None:
    text = "one two\n\nthree four"
    paragraphs = [Span(start=0, end=7), Span(start=9, end=19)]
    segments = paragraph_segments(text, paragraphs, [[Span(start=4, end=14)]])
    assert [[(s.text, s.quote, s.first) for s in p] for p in segments] == [
        [("one ", None, False), ("two", 0, True)],
        [("three", 0, False), (" four", None, False)],
    ]


def test_no_paragraphs_means_one() -> None:
    assert [[s.text for s in p] for p in paragraph_segments("just text", [], [])] == [["just text"]]


def test_snippets_split_at_the_match_markers() -> None:
    assert snippet_segments("…the [bridge] will [close] soon") == [
        ("…the ", False),
        ("bridge", True),
        (" will ", False),
        ("close", True),
        (" soon", False),
    ]
    assert snippet_segments("an [unclosed marker") == [("an [unclosed marker", False)]


def test_the_monthly_chart_fills_gaps_and_scales_to_the_peak() -> None:
    chart = monthly_chart([("2023-11", 2), ("2024-02", 4)])
    assert chart is not None
    assert [b.month for b in chart.bars] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert [b.count for b in chart.bars] == [2, 0, 0, 4]
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.month == "2024-02" and tallest.y + tallest.height == chart.baseline
    assert chart.bars[0].height == pytest.approx(tallest.height / 2)
    assert all(b.x + b.width <= chart.width for b in chart.bars)
    assert monthly_chart([]) is None
    assert month_range("2023-12", "2024-01") == ["2023-12", "2024-01"]


def test_only_web_links_become_links() -> None:
    assert safe_href("https://example.com/a") == "https://example.com/a"
    for hostile in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", ""):
        assert safe_href(hostile) is None


def test_serve_without_the_web_extra_prints_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if `pip install presslens` without [web]
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "pip install 'presslens[web]'" in result.output


def test_serve_refuses_a_missing_corpus_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1
    assert "no corpus database here" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "missing.db").exists()


def test_serve_binds_loopback_by_default() -> None:
    from presslens.cli.serve import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_make_serve_is_the_readmes_third_command() -> None:
    repo = Path(__file__).resolve().parents[2]
    assert "make serve" in (repo / "README.md").read_text(encoding="utf-8")
    assert "\nserve:" in (repo / "Makefile").read_text(encoding="utf-8")


def test_serve_upgrades_a_corpus_an_older_presslens_wrote_before_opening_it_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import uvicorn

    from presslens.store import db as store_db

    older = store_db.migrations()[:-1]
    path = tmp_path / "older.db"
    with sqlite3.connect(path) as conn:  # the schema as the previous release left it
        for migration in older:
            for statement in migration.statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {older[-1].number:d}")
    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))  # no socket: the wiring is under test
    result = CliRunner().invoke(cli, ["serve", "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "upgrading" in result.output and len(served) == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store_db.migrations()[-1].number
