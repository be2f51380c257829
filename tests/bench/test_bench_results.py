"""bench/results.py: each benchmark replaces its own section of RESULTS.md, nothing else."""

from __future__ import annotations

from pathlib import Path

from bench.results import write_section

BEFORE = "# Benchmark results\n\n## A (`a.py`)\n\nold a\n\n## B (`b.py`)\n\nold b\n"


def test_a_section_is_replaced_and_the_others_kept(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(BEFORE, encoding="utf-8")
    write_section("## A (`a.py`)", "new a\nsecond line", results=results)
    assert results.read_text(encoding="utf-8") == (
        "# Benchmark results\n\n## A (`a.py`)\n\nnew a\nsecond line\n\n## B (`b.py`)\n\nold b\n"
    )
    write_section("## B (`b.py`)", "new b", results=results)
    assert results.read_text(encoding="utf-8").endswith("## B (`b.py`)\n\nnew b\n")


def test_a_new_section_is_appended(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(BEFORE, encoding="utf-8")
    write_section("## C (`c.py`)", "c", results=results)
    assert results.read_text(encoding="utf-8") == BEFORE + "\n## C (`c.py`)\n\nc\n"


def test_a_heading_that_prefixes_another_is_not_confused(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("## Scale out (`s.py`)\n\nx\n", encoding="utf-8")
    write_section("## Scale", "y", results=results)
    assert results.read_text(encoding="utf-8") == "## Scale out (`s.py`)\n\nx\n\n## Scale\n\ny\n"
