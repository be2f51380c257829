"""Local inputs: files, directories, globs and stdin, with one-line errors for bad paths."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from presslens.errors import SourceError
from presslens.sources.files import expand_paths, read_path, read_stdin


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "a.html").write_text("<p>a</p>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "sub" / "c.html").write_text("<p>c</p>", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.html").write_text("d", encoding="utf-8")
    return tmp_path


def test_directories_are_walked_recursively_in_order_without_hidden_files(tree: Path) -> None:
    assert [p.relative_to(tree).as_posix() for p in expand_paths([tree])] == ["a.html", "sub/b.txt", "sub/c.html"]


def test_files_and_globs(tree: Path) -> None:
    found = list(expand_paths([str(tree / "a.html"), str(tree / "**" / "*.html")]))
    assert [p.name for p in found] == ["a.html", "a.html", "c.html"]


@pytest.mark.parametrize("name", ["missing.html", "nothing-*.html"])
def test_missing_paths_and_empty_globs_raise(tree: Path, name: str) -> None:
    with pytest.raises(SourceError) as caught:
        list(expand_paths([str(tree / name)]))
    assert caught.value.code == "not-found"
    assert name in str(caught.value)


def test_read_path_keeps_the_path_and_guesses_the_type(tree: Path) -> None:
    doc = read_path(tree / "a.html")
    assert doc.content == b"<p>a</p>"
    assert doc.uri == str(tree / "a.html")
    assert doc.content_type == "text/html"
    assert doc.origin == "file"
    assert read_path(tree / "sub" / "b.txt").content_type == "text/plain"


def test_read_path_errors(tree: Path) -> None:
    with pytest.raises(SourceError) as missing:
        read_path(tree / "nope.html")
    assert missing.value.code == "not-found"
    with pytest.raises(SourceError) as directory:
        read_path(tree / "sub")
    assert directory.value.code == "is-a-directory"
    with pytest.raises(SourceError) as large:
        read_path(tree / "a.html", max_bytes=3)
    assert large.value.code == "too-large" and "MB" in large.value.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tree: Path) -> None:
    target = tree / "a.html"
    target.chmod(0)
    try:
        with pytest.raises(SourceError) as caught:
            read_path(target)
        assert caught.value.code == "unreadable"
    finally:
        target.chmod(0o644)


def test_read_stdin() -> None:
    doc = read_stdin(io.BytesIO(b"hello"))
    assert doc.uri == "stdin" and doc.content == b"hello" and doc.origin == "stdin"
    with pytest.raises(SourceError) as caught:
        read_stdin(io.BytesIO(b"x" * 10), max_bytes=5)
    assert caught.value.code == "too-large"
