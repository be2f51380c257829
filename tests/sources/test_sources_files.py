"""Local inputs: files, directories, globs and stdin, with one-line errors for bad paths."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from presslens.errors import SourceError
from presslens.sources.files import expand_paths, read_path, read_stdin
from tests.hang_guards import bounded


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


# -- issue 9: names that are not UTF-8, pipes, devices, lying sizes, unlistable directories --

GOOD = b"<html><body><p>A good page.</p></body></html>"


@pytest.mark.issue(9)
def test_file_names_that_are_not_utf8_are_read_and_shown_escaped(tmp_path: Path) -> None:
    from presslens.sources import iter_documents

    (tmp_path / "good.html").write_bytes(GOOD)
    bad_name = os.path.join(os.fsencode(tmp_path), b"bad\xff.html")
    with open(bad_name, "wb") as stream:
        stream.write(GOOD)
    items = list(iter_documents([str(tmp_path)]))
    assert [type(item).__name__ for item in items] == ["RawDocument", "RawDocument"]
    uris = [item.uri for item in items]  # type: ignore[union-attr]
    assert uris == [f"{tmp_path}/bad\\xff.html", f"{tmp_path}/good.html"]
    for uri in uris:
        uri.encode("utf-8")  # no surrogates left: a database and a terminal can hold it
    assert items[0].content == GOOD  # type: ignore[union-attr]


@pytest.mark.issue(9)
@pytest.mark.parametrize("how", ["path", "glob", "directory"])
def test_named_pipes_are_error_rows_never_reads(tmp_path: Path, how: str) -> None:
    from presslens.model import Rejected
    from presslens.sources import iter_documents

    (tmp_path / "good.html").write_bytes(GOOD)
    pipe = tmp_path / "pipe.html"
    os.mkfifo(pipe)
    spec = {"path": [str(pipe), str(tmp_path / "good.html")], "glob": [str(tmp_path / "*.html")], "directory": [str(tmp_path)]}[how]
    items = bounded(lambda: list(iter_documents(spec)), release=pipe)
    rejected = [item for item in items if isinstance(item, Rejected)]
    assert [(r.source_id, r.code) for r in rejected] == [(str(pipe), "not-a-file")]
    assert "named pipe" in rejected[0].reason
    assert [item.uri for item in items if not isinstance(item, Rejected)] == [str(tmp_path / "good.html")]


@pytest.mark.issue(9)
def test_a_pipe_named_like_a_warc_is_not_opened(tmp_path: Path) -> None:
    from presslens.model import Rejected
    from presslens.sources import iter_documents

    pipe = tmp_path / "crawl.warc.gz"
    os.mkfifo(pipe)
    items = bounded(lambda: list(iter_documents([str(pipe)])), release=pipe)
    assert len(items) == 1 and isinstance(items[0], Rejected) and items[0].code == "not-a-file"


@pytest.mark.issue(9)
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_devices_are_refused_before_reading() -> None:
    with pytest.raises(SourceError) as caught:
        bounded(lambda: read_path("/dev/zero", max_bytes=1000))
    assert caught.value.code == "not-a-file"
    assert "character device" in caught.value.message


@pytest.mark.issue(9)
def test_size_limit_holds_on_bytes_read_when_the_file_reports_size_zero() -> None:
    # /proc files report st_size 0 whatever they hold: the limit must count the bytes read
    lying = Path("/proc/self/status")
    if not lying.exists() or lying.stat().st_size != 0:
        pytest.skip("needs a /proc file that reports size 0")
    with pytest.raises(SourceError) as caught:
        read_path(lying, max_bytes=64)
    assert caught.value.code == "too-large"
    assert len(read_path(lying, max_bytes=1_000_000).content) > 64


@pytest.mark.issue(9)
@pytest.mark.parametrize("pattern", ["", "**/*.html"])
def test_an_unreadable_subdirectory_is_an_error_never_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    from presslens.model import Rejected
    from presslens.sources import iter_documents

    (tmp_path / "a.html").write_bytes(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.html").write_bytes(GOOD)
    (tmp_path / "z.html").write_bytes(GOOD)
    # chmod 000 does not stop root (the CI runs as root): refuse the listing the way the
    # kernel does for anyone else.
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.fspath(path).rstrip("/") == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_documents([os.path.join(tmp_path, pattern)]))
    rejected = [item for item in items if isinstance(item, Rejected)]
    assert [(r.source_id, r.code) for r in rejected] == [(str(locked), "unreadable-directory")]
    assert "Permission denied" in rejected[0].reason
    assert [Path(item.uri).name for item in items if not isinstance(item, Rejected)] == ["a.html", "z.html"]


@pytest.mark.issue(9)
def test_broken_links_in_a_directory_are_error_rows(tmp_path: Path) -> None:
    from presslens.model import Rejected
    from presslens.sources import iter_documents

    (tmp_path / "a.html").write_bytes(GOOD)
    (tmp_path / "gone.html").symlink_to(tmp_path / "nowhere.html")
    items = list(iter_documents([str(tmp_path)]))
    rejected = [item for item in items if isinstance(item, Rejected)]
    assert [(r.source_id, r.code, r.reason) for r in rejected] == [(str(tmp_path / "gone.html"), "not-found", "broken symbolic link")]


def test_directory_link_loops_are_walked_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.html").write_bytes(GOOD)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])] == ["sub/a.html"]


@pytest.mark.issue(9)
def test_sockets_are_refused_before_reading(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.html"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(SourceError) as caught:
            read_path(path)
    assert caught.value.code == "not-a-file" and "socket" in caught.value.message


@pytest.mark.issue(9)
def test_a_name_shown_escaped_finds_its_file_again(tmp_path: Path) -> None:
    # what `presslens errors` shows (and --retry-errors reads) must lead back to the file
    from presslens.sources import iter_documents

    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.html"), "wb") as stream:
        stream.write(GOOD)
    shown = f"{tmp_path}/bad\\xff.html"
    [doc] = iter_documents([shown])
    assert doc.uri == shown and doc.content == GOOD  # type: ignore[union-attr]
