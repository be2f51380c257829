"""Bytes to text, and the early rejections: binary data and undecodable bytes."""

from __future__ import annotations

import codecs

import pytest

from presslens.extraction.decode import DecodeProblem, decode_content, looks_like_html


def test_utf8_is_decoded() -> None:
    assert decode_content("Zoë said “no”.".encode()) == "Zoë said “no”."


def test_declared_charset_wins() -> None:
    assert decode_content("crème brûlée, façade".encode("latin-1"), "iso-8859-1") == "crème brûlée, façade"


def test_meta_charset_is_read() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>caf\xe9 \x93quoted\x94</p>'.encode("latin-1")
    text = decode_content(html)
    assert isinstance(text, str) and "café “quoted”" in text


def test_bom_decides() -> None:
    text = codecs.BOM_UTF16_LE + "Hello, world".encode("utf-16-le")
    assert decode_content(text) == "Hello, world"


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n%\xe2\xe3", b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04zipdata", b"text\x00with\x00nuls" * 10],
)
def test_binary_data_is_a_problem(content: bytes) -> None:
    problem = decode_content(content)
    assert isinstance(problem, DecodeProblem) and problem.code == "binary-input"


def test_undecodable_bytes_are_a_problem() -> None:
    # Bytes that are invalid UTF-8 and undefined or control-heavy in every 8-bit code page.
    content = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x1B]) * 200
    problem = decode_content(content)
    assert isinstance(problem, DecodeProblem) and problem.code == "undecodable"


@pytest.mark.parametrize(
    ("text", "content_type", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", None, True),
        ("  <div class='x'><p>Hello</p></div>", None, True),
        ("A headline\n\nBy Jane Doe\n\nThe body of a story, with a < b and c > d.", None, False),
        ("plain words only", "text/html", False),
        ("<p>markup</p>", "text/plain", False),
        ("Some text\n" * 50 + "<b>bold</b>", None, False),
    ],
)
def test_html_or_text(text: str, content_type: str | None, expected: bool) -> None:
    assert looks_like_html(text, content_type) is expected
