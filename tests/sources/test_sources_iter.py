"""iter_documents: mixed specs, streaming, failures as Rejected values, resumable keys."""

from __future__ import annotations

import io
import itertools
import json
import sys
import tracemalloc

import pytest

from presslens.model import RawDocument, Rejected
from presslens.sources import SourceOptions, canonical_url, iter_documents, source_key, spec_kind
from presslens.sources.warc import write_warc


@pytest.mark.parametrize(
    ("spec", "kind"),
    [
        ("-", "stdin"),
        ("https://news.example/a", "url"),
        ("HTTP://news.example", "url"),
        ("crawl.warc.gz", "warc"),
        ("CRAWL.WARC", "warc"),
        ("rows.jsonl", "jsonl"),
        ("rows.ndjson.gz", "jsonl"),
        ("pages/*.html", "path"),
        ("story.html", "path"),
        ("ftp://x/y", "path"),
    ],
)
def test_spec_kind(spec, kind):
    assert spec_kind(spec) == kind


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTPS://News.Example:443/a/b?utm_source=x&b=2&a=1#frag", "https://news.example/a/b?a=1&b=2"),
        ("http://news.example", "http://news.example/"),
        ("http://127.0.0.1:8080/x.html", "http://127.0.0.1:8080/x.html"),
        ("file:///tmp/a.html", "file:///tmp/a.html"),
        ("stdin", "stdin"),
    ],
)
def test_canonical_url_and_source_key(url, key):
    assert canonical_url(url) == key
    assert source_key(RawDocument(uri=url, content=b"")) == key
    assert canonical_url(key) == key  # idempotent


def _corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.html").write_text("<html><body><p>One.</p></body></html>")
    (folder / "two.txt").write_text("Two, a scraped text.")
    write_warc([RawDocument(uri="http://news.example/w.html", content=b"<p>From a WARC.</p>")], folder / "c.warc.gz")
    (folder / "rows.jsonl").write_text(json.dumps({"url": "http://news.example/j.html", "html": "<p>From JSONL.</p>"}) + "\n")
    return folder


def test_mixed_specs_in_order_with_failures_as_values(tmp_path):
    folder = _corpus(tmp_path)
    items = list(
        iter_documents(
            [str(folder), str(tmp_path / "missing.html"), str(folder / "*.txt"), str(tmp_path / "nothing-*.html")]
        )
    )
    docs = [i for i in items if isinstance(i, RawDocument)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    uris = [d.uri for d in docs]
    assert uris == [
        "http://news.example/w.html",
        str(folder / "one.html"),
        "http://news.example/j.html",
        str(folder / "two.txt"),
        str(folder / "two.txt"),
    ]
    assert [(r.source_id, r.code) for r in rejected] == [
        (str(tmp_path / "missing.html"), "not-found"),
        (str(tmp_path / "nothing-*.html"), "not-found"),
    ]


def test_local_file_key_is_absolute(tmp_path, monkeypatch):
    (tmp_path / "a.html").write_text("<p>a</p>")
    monkeypatch.chdir(tmp_path)
    [doc] = list(iter_documents(["a.html"]))
    assert source_key(doc) == str(tmp_path / "a.html")


def test_empty_directory_is_rejected(tmp_path):
    (tmp_path / "empty").mkdir()
    assert [(type(i), i.code) for i in iter_documents([str(tmp_path / "empty")])] == [(Rejected, "no-input")]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<p>piped</p>")))
    [doc] = list(iter_documents(["-"]))
    assert (doc.uri, doc.content) == ("stdin", b"<p>piped</p>")


def test_skip_drops_what_is_already_stored(tmp_path):
    folder = _corpus(tmp_path)
    stored = {"http://news.example/w.html", "http://news.example/j.html"}
    uris = [i.uri for i in iter_documents([str(folder)], skip=stored.__contains__)]
    assert "http://news.example/w.html" not in uris and "http://news.example/j.html" not in uris
    assert len(uris) == 2


def test_skip_avoids_refetching_urls(news_site, fast_options):
    stored = {canonical_url(news_site.url("/news/harbour.html"))}
    items = list(iter_documents([news_site.url("/news/harbour.html"), news_site.url("/news/council.html")], options=fast_options, skip=stored.__contains__))
    assert [i.uri for i in items] == [news_site.url("/news/council.html")]
    assert news_site.count("/news/harbour.html") == 0


def test_urls_and_failures_stream_on(news_site, fast_options):
    specs = [news_site.url("/news/gone.html"), news_site.url("/news/harbour.html"), news_site.url("/news/harbour.html")]
    items = list(iter_documents(specs, options=fast_options))
    assert [(type(i).__name__, getattr(i, "code", None)) for i in items] == [("Rejected", "http-404"), ("RawDocument", None)]
    assert items[0].source_id == news_site.url("/news/gone.html")
    assert news_site.count("/news/harbour.html") == 1  # the same URL twice is fetched once


def test_specs_are_consumed_lazily(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<p>again</p>")
    endless = itertools.repeat(str(page))
    assert len(list(itertools.islice(iter_documents(endless), 3))) == 3


def test_memory_stays_flat_as_the_warc_grows(tmp_path):
    body = ("<html><body>" + "<p>A paragraph of a long story, repeated.</p>" * 200 + "</body></html>").encode()

    def peak(n: int) -> int:
        path = tmp_path / f"n{n}.warc.gz"
        write_warc((RawDocument(uri=f"http://news.example/{i}.html", content=body) for i in range(n)), path)
        tracemalloc.start()
        count = sum(1 for _ in iter_documents([str(path)], options=SourceOptions()))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert count == n
        return top

    small, large = peak(50), peak(1000)
    assert large < small * 2 + 1_000_000  # 20x the documents, not 20x the memory


def test_record_level_source_ids_can_be_read_again(tmp_path):
    """--retry-errors passes a Rejected.source_id back as a spec: it must name that one input."""
    warc = tmp_path / "c.warc.gz"
    write_warc(
        [
            RawDocument(uri="http://news.example/big.html", content=b"<p>" + b"x" * 3000 + b"</p>"),
            RawDocument(uri="http://news.example/ok.html", content=b"<p>ok</p>"),
        ],
        warc,
    )
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"url": "http://news.example/1", "html": "<p>1</p>"}\n{broken\n{"url": "http://news.example/3", "html": "<p>3</p>"}\n')
    small = SourceOptions(max_bytes=1000)
    failures = [i for i in iter_documents([str(warc), str(rows)], options=small) if isinstance(i, Rejected)]
    assert [f.code for f in failures] == ["too-large", "bad-jsonl-line"]
    # read each failed member again, now with a larger limit / a fixed file
    rows.write_text('{"url": "http://news.example/1", "html": "<p>1</p>"}\n{"url": "http://news.example/2", "html": "<p>2</p>"}\n{"url": "http://news.example/3", "html": "<p>3</p>"}\n')
    again = [list(iter_documents([f.source_id])) for f in failures]
    assert [[d.uri for d in items] for items in again] == [["http://news.example/big.html"], ["http://news.example/2"]]


def test_record_level_spec_for_a_missing_member(tmp_path):
    warc = tmp_path / "c.warc.gz"
    write_warc([RawDocument(uri="http://news.example/a.html", content=b"<p>a</p>")], warc)
    items = list(iter_documents([f"{warc}#<urn:uuid:00000000-0000-0000-0000-000000000000>", f"{warc}:3"]))
    assert [(type(i), i.code) for i in items] == [(Rejected, "not-found"), (Rejected, "not-found")]
