"""`presslens extract` wiring: formats, batches, and a one-line error for every bad input."""

from __future__ import annotations

import json
import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from presslens.cli.main import cli
from presslens.errors import ExtractError

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ARTICLE_HTML = (SAMPLES / "harbour-bridge-vote.html").read_bytes()


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


def assert_one_line_error(result: Result, *expected: str) -> None:
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.output
    for text in expected:
        assert text in errors[0]


def test_single_file_prints_one_json_article() -> None:
    result = run("extract", str(SAMPLES / "harbour-bridge-vote.html"))
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert article["title"] == "Port Alder council backs new harbour bridge after heated debate"
    assert article["agencies"] == ["Reuters"]


@pytest.mark.parametrize(("fmt", "marker"), [("text", "By Elena Marquez, Reuters"), ("markdown", "# Offshore wind farm")])
def test_readable_formats(fmt: str, marker: str) -> None:
    result = run("extract", str(SAMPLES / "wind-farm-dump.txt"), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert marker in result.stdout
    assert "ADVERTISEMENT" not in result.stdout


def test_stdin() -> None:
    result = run("extract", "-", stdin=(SAMPLES / "library-strike-dump.txt").read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["authors"] == ["Samuel Osei"]


def test_a_directory_gives_json_lines_and_counts_failures(tmp_path: Path) -> None:
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, tmp_path / sample.name)
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = run("extract", str(tmp_path))
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(list(SAMPLES.iterdir()))
    assert all(json.loads(line)["text"] for line in lines)
    assert "empty.html: the input is empty" in result.stderr
    assert "image.png: binary data" in result.stderr
    assert "extracted 4, failed 2" in result.stderr
    assert "Traceback" not in result.output


def test_several_paths_all_good_exit_zero() -> None:
    result = run("extract", str(SAMPLES / "wind-farm-dump.txt"), str(SAMPLES / "river-clinic-funding.html"))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 2
    assert "extracted 2, failed 0" in result.stderr


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the input is empty"),
        (b"\x00\x01\x02binary\x00" * 100, "binary data"),
        (bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x1B]) * 200, "do not decode"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text found"),
    ],
    ids=["empty", "binary", "undecodable", "no-article"],
)
def test_bad_single_inputs(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "input.html"
    path.write_bytes(content)
    assert_one_line_error(run("extract", str(path)), str(path), reason)


def test_a_50_mb_page(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as out:
        out.write(b"<html><body><p>")
        out.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing written
    assert_one_line_error(run("extract", str(path)), str(path), "over the")


def test_a_missing_file() -> None:
    assert_one_line_error(run("extract", "no/such/file.html"), "no/such/file.html", "no such file")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run("--debug", "extract", str(path))
    assert isinstance(result.exception, ExtractError)
    assert result.exception.code == "empty-input"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/story":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(ARTICLE_HTML)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_url(server: str) -> None:
    result = run("extract", f"{server}/story")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["authors"] == ["Marta Kowalczyk", "Tom Ellery"]


def test_a_failing_url(server: str) -> None:
    url = f"{server}/gone"
    assert_one_line_error(run("extract", url), url, "404")


def test_an_unreachable_url() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story"
    assert_one_line_error(run("extract", url), url)


def test_a_failing_url_in_a_batch(server: str) -> None:
    result = run("extract", f"{server}/gone", str(SAMPLES / "wind-farm-dump.txt"))
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 1
    assert "/gone" in result.stderr and "extracted 1, failed 1" in result.stderr
