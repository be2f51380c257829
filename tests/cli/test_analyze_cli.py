"""``presslens analyze``: wiring, formats and failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli.main import cli

pytestmark = pytest.mark.slow

TEXT = '"We will not retreat," said Anna Berg. "Not one step."\n\nOfficials said that the road was closed.\n'


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_text_format_prints_speaker_lines(article: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--as-text", "--format", "text", str(article)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        'Anna Berg: "We will not retreat," \u2026 "Not one step."',
        "Officials: that the road was closed",
    ]


def test_json_from_stdin_is_analysis_to_dict() -> None:
    result = CliRunner().invoke(cli, ["analyze", "--as-text", "-"], input=TEXT)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["article"]["text"] == TEXT
    assert [q["kind"] for q in data["quotes"]] == ["direct", "indirect"]
    assert data["quotes"][0]["text"] == TEXT[data["quotes"][0]["start"] : data["quotes"][0]["end"]]


def test_extracts_before_analyzing(article: Path) -> None:
    pytest.importorskip("presslens.extraction.core")
    result = CliRunner().invoke(cli, ["analyze", "--format", "text", str(article)])
    assert result.exit_code == 0, result.output
    assert "Anna Berg: " in result.output


def test_missing_file_fails_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "no article could be analyzed" in result.output


def test_unknown_model_says_how_to_fix(article: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--model", "no_such_model_xyz", str(article)])
    assert result.exit_code == 1
    assert "pip install" in result.output


def test_bad_format_is_a_usage_error(article: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--format", "xml", str(article)])
    assert result.exit_code == 2
