"""Hostile inputs on the source side, end to end through ``presslens ingest`` (issue 9).

Each case mixes good pages with one bad input and checks what a user would see: no
traceback, the run ends (each case runs under a time guard), the good pages stored once,
the bad input recorded as an error row with a clear reason. Every input is written here.
"""

from __future__ import annotations

import inspect
import json
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from presslens.cli.main import cli
from tests.hang_guards import bounded, raw_server

pytestmark = [pytest.mark.issue(9), pytest.mark.slow]

_TOWNS = ["Harwick", "Bellmoor", "Casterly", "Dunmere", "Elsford", "Fenwold", "Garrow", "Holmbury"]
_PEOPLE = ["Mara Ellison", "Tobias Quill", "Ines Varga", "Owen Pryce", "Lena Morrow", "Felix Arden"]


def page(n: int, *, stray: bytes = b"") -> bytes:
    """A short local news story, different for each ``n``; ``stray`` is put in mid-text."""
    town = _TOWNS[n % len(_TOWNS)]
    person = _PEOPLE[n % len(_PEOPLE)]
    paragraphs = [
        f"The council of {town} voted on Tuesday to rebuild the old harbour wall, story number {n}.",
        f"“We have waited long enough for this work,” said {person}, who leads the harbour committee.",
        f"The repairs in {town} will cost about {n + 2} million euros and should end next spring.",
        f"{person} said the fishing boats would return to the inner basin once the work was done.",
        "Residents told the meeting that the café on the quay had lost half its trade since the storm.",
    ]
    body = "".join(f"<p>{text}</p>" for text in paragraphs).encode("utf-8")
    body = body.replace(b"story number", b"story" + stray + b" number", 1)
    head = f"<!doctype html><html><head><meta charset='utf-8'><title>Harbour works in {town} ({n})</title></head>"
    return head.encode() + b"<body><article><h1>Harbour works</h1>" + body + b"</article></body></html>"


def ingest(db: Path, *args: str, seconds: float = 120.0, release: Path | None = None) -> Result:
    """``presslens ingest --db db --quiet ARGS`` in this process, under a time guard; fails
    on a traceback (any exception but the exit of a one-line error)."""
    split = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    runner = CliRunner(**split)
    result: Result = bounded(lambda: runner.invoke(cli, ["ingest", "--db", str(db), "--quiet", *args]), seconds, release)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback instead of an error row: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    return result


def errors(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("SELECT source, stage, code, reason, attempts FROM errors ORDER BY source")]


def stored(db: Path) -> dict[str, int]:
    """Inputs whose article is in the corpus: source key -> the article's replaced_bytes.
    Checks that nothing is stored twice."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT p.source_key, a.replaced_bytes FROM ingest_progress p JOIN articles a ON a.id = p.article_id"
        ).fetchall()
        articles, distinct = conn.execute("SELECT count(*), count(DISTINCT text) FROM articles").fetchone()
    assert articles == distinct == len(rows), "an article is stored twice"
    return dict(rows)


def write(path: Path | bytes, content: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(content)


# -- row 2: file names that are not UTF-8 -----------------------------------------------------


def test_a_name_that_is_not_utf8_does_not_sink_the_directory(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages / "one.html", page(1))
    write(pages / "two.html", page(2))
    write(os.path.join(os.fsencode(pages), b"caf\xe9-\xff.html"), page(3))
    db = tmp_path / "c.db"
    ingest(db, str(pages))
    escaped = str(pages / "caf\\xe9-\\xff.html")
    assert set(stored(db)) == {str(pages / "one.html"), str(pages / "two.html"), escaped}
    assert errors(db) == []
    ingest(db, str(pages))  # a rerun skips all three: nothing twice
    assert len(stored(db)) == 3


# -- row 3 and 6: pipes and devices -------------------------------------------------------------


def test_named_pipes_are_error_rows_whether_named_globbed_or_in_a_directory(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages / "one.html", page(4))
    pipe = pages / "pipe.html"
    os.mkfifo(pipe)
    db = tmp_path / "c.db"
    ingest(db, str(pipe), str(pages / "*.html"), str(pages), seconds=180, release=pipe)
    assert list(stored(db)) == [str(pages / "one.html")]
    [row] = errors(db)
    assert (row["source"], row["stage"], row["code"]) == (str(pipe), "source", "not-a-file")
    assert "named pipe" in row["reason"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_an_error_row_not_an_endless_read(tmp_path: Path) -> None:
    write(tmp_path / "one.html", page(5))
    db = tmp_path / "c.db"
    ingest(db, "/dev/zero", str(tmp_path / "one.html"))
    assert list(stored(db)) == [str(tmp_path / "one.html")]
    [row] = errors(db)
    assert (row["source"], row["code"]) == ("/dev/zero", "not-a-file")


# -- row 9: a directory that cannot be listed -----------------------------------------------------


def test_an_unreadable_subdirectory_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = tmp_path / "pages"
    locked = pages / "locked"
    locked.mkdir(parents=True)
    write(pages / "one.html", page(6))
    write(locked / "two.html", page(7))
    # chmod 000 does not stop root (CI runs as root): refuse the listing as the kernel would
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path).rstrip("/") == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    db = tmp_path / "c.db"
    ingest(db, str(pages))
    assert list(stored(db)) == [str(pages / "one.html")]
    [row] = errors(db)
    assert (row["source"], row["code"]) == (str(locked), "unreadable-directory")
    monkeypatch.setattr(os, "scandir", real_scandir)  # readable again: a retry gets its files
    ingest(db, "--retry-errors")
    assert set(stored(db)) == {str(pages / "one.html"), str(locked / "two.html")}
    assert errors(db) == []


# -- rows 4 and 11: servers that drip or never answer ---------------------------------------------


def _never_answer(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(60)


def _drip(conn: socket.socket, stop: threading.Event) -> None:
    try:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
        while not stop.wait(0.05):
            conn.sendall(b"x")
    except OSError:
        pass


def test_servers_that_drip_or_never_answer_end_as_error_rows(tmp_path: Path) -> None:
    write(tmp_path / "one.html", page(8))
    db = tmp_path / "c.db"
    with raw_server(_drip) as (dripping, _), raw_server(_never_answer) as (silent, _):
        ingest(
            db, f"{dripping}/story.html", f"{silent}/story.html", str(tmp_path / "one.html"),
            "--delay", "0", "--connect-timeout", "0.5", "--download-deadline", "1",
        )
    assert list(stored(db)) == [str(tmp_path / "one.html")]
    rows = {row["source"]: row for row in errors(db)}
    assert {row["code"] for row in rows.values()} == {"timeout"}
    assert "deadline" in rows[f"{dripping}/story.html"]["reason"]
    assert "did not answer" in rows[f"{silent}/story.html"]["reason"]


# -- row 7: --retry-errors reads a fixed source again --------------------------------------------


class _Pages(BaseHTTPRequestHandler):
    content: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.content.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def page_server(content: dict[str, bytes]) -> Iterator[str]:
    handler = type("Pages", (_Pages,), {"content": content})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_retry_errors_reads_fixed_files_and_urls_again(tmp_path: Path) -> None:
    broken = b"<html><body><nav>Home</nav></body></html>"  # no article: fails in extract
    fixed, gone = tmp_path / "fixed.html", tmp_path / "gone.html"
    write(fixed, broken)
    write(gone, broken)
    content = {"/robots.txt": b"", "/story.html": broken}
    db = tmp_path / "c.db"
    with page_server(content) as site:
        ingest(db, str(fixed), str(gone), f"{site}/story.html", "--delay", "0")
        assert len(errors(db)) == 3 and stored(db) == {}
        write(fixed, page(9))  # the user fixes the file and the site fixes its page
        content["/story.html"] = page(10)
        gone.unlink()  # ... and one source disappears: its stored bytes are all there is
        ingest(db, "--retry-errors", "--delay", "0")
    assert set(stored(db)) == {str(fixed), f"{site}/story.html"}
    [left] = errors(db)
    assert (left["source"], left["stage"], left["code"], left["attempts"]) == (str(gone), "extract", "no-article", 2)


# -- row 8: a stray byte in a UTF-8 page ----------------------------------------------------------


def test_a_stray_byte_is_replaced_and_counted_not_a_rejection(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages / "one.html", page(11, stray=b"\xff"))
    write(pages / "five.html", page(12, stray=b"\xff \xfe \xc3 \x80 \xff"))
    db = tmp_path / "c.db"
    ingest(db, str(pages))
    assert errors(db) == []
    assert stored(db) == {str(pages / "five.html"): 5, str(pages / "one.html"): 1}
    with sqlite3.connect(db) as conn:
        texts = [text for (text,) in conn.execute("SELECT text FROM articles")]
    assert all("“We have waited long enough" in text and "café on the quay" in text for text in texts)


def test_summary_json_counts_the_failures(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages / "one.html", page(13))
    os.mkfifo(pages / "pipe.html")
    db = tmp_path / "c.db"
    result = ingest(db, str(pages), "--json", release=pages / "pipe.html")
    summary = json.loads(result.stdout.splitlines()[-1])
    assert (summary["stored"], summary["failed"]) == (1, {"not-a-file": 1})
