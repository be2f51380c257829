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
        # pseudo-tags and one inline link in a plain text do not make it HTML (issue 7)
        ("Fans answered at once.\n\n" + '<tweet id="1">Great match tonight</tweet>\n\n' * 6, None, False),
        ('She linked <a href="https://example.org/report">the report</a> in her post.\n\nMore text.', None, False),
        ("<p>One</p><p>Two</p><p>Three</p>", None, True),
    ],
)
def test_html_or_text(text: str, content_type: str | None, expected: bool) -> None:
    assert looks_like_html(text, content_type) is expected


# -- issue 9: a few stray bytes in a UTF-8 page -------------------------------------------------

_PAGE = "".join(
    f"<p>La maire a déclaré « le port rouvrira au printemps », paragraphe {n}, après l’été.</p>" for n in range(30)
)


def _with_strays(count: int) -> bytes:
    content = _PAGE.encode("utf-8")
    for n in range(count):
        content = content.replace(f"paragraphe {n},".encode(), f"paragraphe {n}\xff,".encode("latin-1"))
    return content


@pytest.mark.issue(9)
@pytest.mark.parametrize("strays", [1, 5])
def test_a_few_stray_bytes_in_utf8_are_replaced_and_counted(strays: int) -> None:
    from presslens.extraction.decode import Decoded, decode_text

    decoded = decode_text(_with_strays(strays))
    assert isinstance(decoded, Decoded)
    assert decoded.replaced == strays
    assert decoded.text.count("\ufffd") == strays
    assert decoded.text.replace("\ufffd", "") == _PAGE  # every accent intact: not read as a legacy charset


@pytest.mark.issue(9)
def test_stray_bytes_reach_the_article() -> None:
    from presslens.extraction import extract_article
    from presslens.model import Article, RawDocument

    html = (
        "<html><head><title>Le port</title></head><body><article>" + _PAGE + "</article></body></html>"
    ).encode("utf-8").replace(b"paragraphe 3,", b"paragraphe 3\xff,")
    article = extract_article(RawDocument(uri="https://news.example/port.html", content=html, content_type="text/html"))
    assert isinstance(article, Article)
    assert article.replaced_bytes == 1
    assert "déclaré « le port rouvrira" in article.text


def test_a_legacy_page_without_utf8_sequences_is_still_detected() -> None:
    # A few cp1252 curly quotes are not "stray bytes in UTF-8": no valid UTF-8 sequence backs it
    content = b"<p>The mayor said \x93we will rebuild\x94 on Monday, after the storm.</p>" * 20
    text = decode_content(content)
    assert isinstance(text, str) and "“we will rebuild”" in text and "\ufffd" not in text


def test_genuine_replacement_characters_are_not_counted() -> None:
    from presslens.extraction.decode import Decoded, decode_text

    decoded = decode_text(("Déjà vu: \ufffd is a character too. " * 10).encode("utf-8"))
    assert isinstance(decoded, Decoded) and decoded.replaced == 0


def test_control_characters_are_counted_among_accented_text() -> None:
    """Text noise is control characters (tab, newline, form feed and CR are text): counted as
    characters, so accented letters (two bytes in UTF-8) neither hide nor add any."""
    from presslens.extraction.decode import _noisy

    accented = "Élodie a dit: « très bien », ça va.\t\r\n\f" * 200
    assert not _noisy(accented)
    # one control character in every 50: over the 1% a text never has
    noisy = ("éèàüö" * 9 + "ß\x07\x00\x1b\x7f") * 50
    assert _noisy(noisy)
    assert not _noisy("é" * 10_000 + "\x07" * 50)  # 0.5%: still text
    assert _noisy("é" * 10_000 + "\x07" * 150)  # 1.5%
