"""The one writer of ``bench/RESULTS.md``: each benchmark replaces its own section, so the
file holds what the scripts wrote and nothing else."""

from __future__ import annotations

from pathlib import Path

__all__ = ["RESULTS", "write_section"]

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(heading: str, body: str, *, results: Path = RESULTS) -> None:
    """Replace the section under ``heading`` (a ``## `` line) with ``body``, up to the next
    ``## `` heading; append it when the file has no such section yet."""
    text = results.read_text(encoding="utf-8")
    section = f"{heading}\n\n{body.strip()}\n"
    start = text.find(heading + "\n")
    if start < 0:
        results.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")
        return
    following = text.find("\n## ", start + len(heading))
    rest = "" if following < 0 else "\n" + text[following + 1 :]
    results.write_text(text[:start] + section + rest, encoding="utf-8")
