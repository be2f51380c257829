"""The README is how users learn the tool: every command and both make targets are in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.cli.main import COMMANDS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert name in README


@pytest.mark.parametrize("target", ["make run", "make test"])
def test_the_two_commands_are_in_the_readme(target: str) -> None:
    assert target in README


def test_the_ci_script_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
