"""JSON Lines: one {url, html|text} object per line; a bad line is a Rejected, the rest goes on."""

from __future__ import annotations

import gzip
import json

import pytest

from presslens.model import RawDocument, Rejected
from presslens.sources.jsonl import iter_jsonl


def _write(path, lines: list[str | bytes]) -> None:
    data = b"".join((line if isinstance(line, bytes) else line.encode("utf-8")) + b"\n" for line in lines)
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


@pytest.mark.parametrize("name", ["pages.jsonl", "pages.jsonl.gz"])
def test_good_and_bad_lines(tmp_path, name):
    path = tmp_path / name
    _write(
        path,
        [
            json.dumps({"url": "https://News.Example/a?utm_campaign=x", "html": "<p>Ça va, dit-il.</p>", "fetched_at": "2024-01-01"}),
            "",
            "{not json",
            json.dumps(["a", "list"]),
            json.dumps({"url": "https://news.example/b", "text": "Plain scraped text."}),
            json.dumps({"url": "https://news.example/c"}),
            json.dumps({"url": 7, "html": "<p>x</p>"}),
            b"\xff\xfe not utf-8",
            json.dumps({"text": "No URL here."}),
        ],
    )
    items = list(iter_jsonl(path))
    kinds = [(type(i).__name__, i.uri if isinstance(i, RawDocument) else (i.source_id, i.code)) for i in items]
    assert kinds == [
        ("RawDocument", "https://news.example/a"),
        ("Rejected", (f"{path}:3", "bad-jsonl-line")),
        ("Rejected", (f"{path}:4", "bad-jsonl-line")),
        ("RawDocument", "https://news.example/b"),
        ("Rejected", (f"{path}:6", "empty-input")),
        ("Rejected", (f"{path}:7", "bad-jsonl-line")),
        ("Rejected", (f"{path}:8", "bad-jsonl-line")),
        ("RawDocument", f"{path.resolve()}#L9"),
    ]
    first, second = items[0], items[3]
    assert first.content.decode("utf-8") == "<p>Ça va, dit-il.</p>"
    assert (first.content_type, first.encoding, first.fetched_at) == ("text/html", "utf-8", "2024-01-01")
    assert first.origin == f"jsonl:{path}:1"
    assert second.content_type == "text/plain"


def test_overlong_line_is_rejected_and_next_line_read(tmp_path):
    path = tmp_path / "big.jsonl"
    _write(path, [json.dumps({"url": "https://news.example/big", "html": "x" * 5000}), json.dumps({"url": "https://news.example/ok", "html": "<p>ok</p>"})])
    items = list(iter_jsonl(path, max_bytes=1000))
    assert [(type(i).__name__, getattr(i, "code", None)) for i in items] == [("Rejected", "too-large"), ("RawDocument", None)]


def test_cut_gzip_keeps_what_was_read_and_rejects_the_rest(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    lines = [json.dumps({"url": f"https://news.example/{n}", "html": f"<p>story {n} " + "word " * 200 + "</p>"}) for n in range(50)]
    data = gzip.compress("\n".join(lines).encode())
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_jsonl(path))
    assert isinstance(items[-1], Rejected) and items[-1].code == "jsonl-corrupt"
    assert all(isinstance(i, RawDocument) for i in items[:-1])


def test_missing_file(tmp_path):
    assert [(type(i), i.code) for i in iter_jsonl(tmp_path / "none.jsonl")] == [(Rejected, "not-found")]


def test_lone_surrogate_does_not_crash(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"url": "https://news.example/s", "text": "bad \\ud800 char"}\n')
    [doc] = list(iter_jsonl(path))
    assert isinstance(doc, RawDocument) and doc.content.startswith(b"bad ")
