"""WARC reading through FastWARC and through the warcio fallback: same rules, same documents."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from presslens.errors import ConfigError
from presslens.model import RawDocument, Rejected
from presslens.sources import iter_documents
from presslens.sources.warc import fastwarc_available, iter_warc, write_warc

BACKENDS = [pytest.param(True, id="fastwarc"), pytest.param(False, id="warcio")]

LATIN_PAGE = "<html><body><p>Le maire a déclaré : « Nous rouvrirons le marché. »</p></body></html>"


def _response(writer: WARCWriter, uri: str, body: bytes, headers: list[tuple[str, str]], status: str = "200 OK") -> None:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=http))


def write_crawl(path: Path) -> None:
    """A small CC-NEWS-like crawl: what should and should not become documents."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "presslens tests"}))
        get = b"GET /a.html HTTP/1.1\r\n\r\n"
        request = writer.create_warc_record("http://news.example/a.html", "request", payload=io.BytesIO(get), length=len(get))
        writer.write_record(request)
        _response(
            writer,
            "http://news.example/a.html",
            LATIN_PAGE.encode("iso-8859-1"),
            [("Content-Type", "text/html; charset=ISO-8859-1")],
        )
        _response(writer, "http://news.example/robots.txt", b"User-agent: *\n", [("Content-Type", "text/plain")])
        _response(writer, "http://news.example/logo.png", b"\x89PNG....", [("Content-Type", "image/png")])
        _response(writer, "http://news.example/old.html", b"", [("Location", "/a.html")], status="301 Moved Permanently")
        _response(writer, "http://news.example/gone.html", b"<html>gone</html>", [("Content-Type", "text/html")], status="404 Not Found")
        gz_body = gzip.compress(b"<html><body><p>Compressed story.</p></body></html>")
        _response(
            writer,
            "http://news.example/b.html?utm_source=feed",
            gz_body,
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        )
        _response(writer, "http://news.example/c.html", b"<!doctype html><html><p>No type given.</p></html>", [])
        _response(
            writer,
            "http://news.example/d.html",
            b"<html>bad gzip</html>",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        )


def _kinds(items):
    return [(type(i).__name__, i.uri if isinstance(i, RawDocument) else i.code) for i in items]


@pytest.fixture(params=["crawl.warc.gz", "crawl.warc"])
def crawl(tmp_path, request) -> Path:
    path = tmp_path / request.param
    write_crawl(path)
    return path


@pytest.mark.parametrize("fast", BACKENDS)
def test_html_200_responses_become_documents(crawl, fast):
    items = list(iter_warc(crawl, use_fastwarc=fast))
    assert _kinds(items) == [
        ("RawDocument", "http://news.example/a.html"),
        ("RawDocument", "http://news.example/b.html"),  # tracking parameter dropped
        ("RawDocument", "http://news.example/c.html"),
        ("Rejected", "bad-content-encoding"),
    ]
    first = items[0]
    assert first.encoding == "iso-8859-1"
    assert first.content.decode(first.encoding) == LATIN_PAGE
    assert first.content_type == "text/html"
    assert first.origin and first.origin.startswith("warc:<urn:uuid:")
    assert first.fetched_at
    assert items[1].content == b"<html><body><p>Compressed story.</p></body></html>"
    assert items[3].source_id.startswith(str(crawl) + "#<urn:uuid:")


def test_both_backends_agree(crawl):
    if not fastwarc_available():
        pytest.skip("fastwarc is not installed")
    fast = list(iter_warc(crawl, use_fastwarc=True))
    slow = list(iter_warc(crawl, use_fastwarc=False))
    assert fast == slow


@pytest.mark.parametrize("fast", BACKENDS)
@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
def test_truncated_archive_yields_what_it_can_then_one_rejected(tmp_path, fast, suffix):
    docs = [
        RawDocument(uri=f"http://news.example/{i}.html", content=(f"<p>story {i} " + "words " * 300 + "</p>").encode(), content_type="text/html")
        for i in range(4)
    ]
    whole = tmp_path / f"whole{suffix}"
    write_warc(docs, whole)
    data = whole.read_bytes()
    expected = list(iter_warc(whole, use_fastwarc=fast))
    # cut at many places: inside WARC heads, HTTP heads, payloads and gzip members
    for cut_at in range(len(data) // 3, len(data) - 1, max(1, len(data) // 40)):
        cut = tmp_path / f"cut{suffix}"
        cut.write_bytes(data[:cut_at])
        items = list(iter_warc(cut, use_fastwarc=fast))
        assert isinstance(items[-1], Rejected), cut_at
        assert items[-1].code in ("warc-truncated", "warc-corrupt"), cut_at
        assert items[-1].source_id == str(cut)
        read = [i for i in items if isinstance(i, RawDocument)]
        # a cut inside the last gzip member's 8-byte trailer (CRC, size) leaves every payload whole
        assert len(read) < 4 or (suffix == ".warc.gz" and cut_at > len(data) - 8), cut_at
        assert read == expected[: len(read)], cut_at


@pytest.mark.parametrize("fast", BACKENDS)
def test_corrupt_gzip_archive_is_rejected_not_crashed(tmp_path, fast):
    docs = [RawDocument(uri=f"http://news.example/{i}.html", content=b"<p>" + b"text " * 400 + b"</p>") for i in range(3)]
    whole = tmp_path / "whole.warc.gz"
    write_warc(docs, whole)
    data = bytearray(whole.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 40] = b"\x00" * 40
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(bytes(data))
    items = list(iter_warc(bad, use_fastwarc=fast))
    assert isinstance(items[-1], Rejected) and items[-1].code in ("warc-corrupt", "warc-truncated")


@pytest.mark.parametrize("fast", BACKENDS)
def test_not_a_warc_is_rejected(tmp_path, fast):
    path = tmp_path / "notes.warc"
    path.write_bytes(b"these are my notes, not an archive\n" * 10)
    items = list(iter_warc(path, use_fastwarc=fast))
    assert [type(i) for i in items] == [Rejected]


@pytest.mark.parametrize("fast", BACKENDS)
def test_missing_file_is_rejected(tmp_path, fast):
    items = list(iter_warc(tmp_path / "nope.warc.gz", use_fastwarc=fast))
    assert [(type(i), i.code) for i in items] == [(Rejected, "not-found")]


@pytest.mark.parametrize("fast", BACKENDS)
def test_record_over_max_bytes_is_rejected(tmp_path, fast):
    path = tmp_path / "big.warc.gz"
    write_warc([RawDocument(uri="http://news.example/big.html", content=b"<p>" + b"x" * 5000 + b"</p>"), RawDocument(uri="http://news.example/small.html", content=b"<p>ok</p>")], path)
    items = list(iter_warc(path, max_bytes=1000, use_fastwarc=fast))
    assert _kinds(items) == [("Rejected", "too-large"), ("RawDocument", "http://news.example/small.html")]


@pytest.mark.parametrize("fast", BACKENDS)
def test_chunked_payload_is_dechunked(tmp_path, fast):
    path = tmp_path / "chunked.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        body = b"10\r\n<html><p>Hello w\r\n9\r\norld.</p>\r\n0\r\n\r\n"
        _response(writer, "http://news.example/chunk.html", body, [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])
    [doc] = list(iter_warc(path, use_fastwarc=fast))
    assert doc.content == b"<html><p>Hello world.</p>"


def test_missing_fastwarc_falls_back_or_says_how_to_install(tmp_path, monkeypatch):
    import presslens.sources.warc as warc

    path = tmp_path / "x.warc.gz"
    write_warc([RawDocument(uri="http://news.example/x.html", content=b"<p>x</p>")], path)
    monkeypatch.setattr(warc, "fastwarc_available", lambda: False)
    assert [d.uri for d in iter_warc(path)] == ["http://news.example/x.html"]
    monkeypatch.setitem(__import__("sys").modules, "fastwarc.warc", None)
    with pytest.raises(ConfigError) as caught:
        list(iter_warc(path, use_fastwarc=True))
    assert "presslens[warc]" in str(caught.value)


def test_iter_documents_reads_warc_specs(crawl):
    items = list(iter_documents([str(crawl)]))
    assert [i.uri for i in items if isinstance(i, RawDocument)] == [
        "http://news.example/a.html",
        "http://news.example/b.html",
        "http://news.example/c.html",
    ]


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    bodies=st.lists(_text, min_size=1, max_size=5),
    charset=st.sampled_from(["utf-8", "utf-16", "iso-8859-1"]),
    gz=st.booleans(),
)
def test_write_then_read_round_trip(tmp_path_factory, bodies, charset, gz):
    folder = tmp_path_factory.mktemp("rt")
    docs = [
        RawDocument(
            uri=f"http://news.example/story-{n}.html",
            content=f"<html><body><p>{body}</p></body></html>".encode(charset, errors="replace"),
            content_type="text/html",
            encoding=charset,
            fetched_at="2024-05-06T07:08:09Z",
        )
        for n, body in enumerate(bodies)
    ]
    path = folder / ("rt.warc.gz" if gz else "rt.warc")
    assert write_warc(docs, path) == len(docs)
    for fast in (True, False):
        back = list(iter_warc(path, use_fastwarc=fast))
        assert [type(b) for b in back] == [RawDocument] * len(docs)
        assert [(b.uri, b.content, b.encoding, b.fetched_at) for b in back] == [
            (d.uri, d.content, d.encoding, d.fetched_at) for d in docs
        ]
        assert len({b.origin for b in back}) == len(docs)
