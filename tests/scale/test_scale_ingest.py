"""run_ingest with the real sources, extractor, analyzer and store, over pages written here."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from news_fixtures import article_parts, news_page, wire_copy, write_pages
from snapshot import duplicate_rows, snapshot

from presslens.errors import ConfigError
from presslens.model import RawDocument
from presslens.scale import IngestOptions, IngestSummary, retry_errors, run_ingest
from presslens.scale.executor import LocalExecutor, ProcessExecutor, make_executor
from presslens.store.corpus import Corpus

pytestmark = pytest.mark.slow


def _ingest(db: Path, specs: list[str], **options: object) -> IngestSummary:
    with Corpus(db) as corpus:
        return run_ingest(specs, corpus, IngestOptions(chunk_size=3, **options))  # type: ignore[arg-type]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Six pages, two wire copies of page 0 on other sites, one empty page."""
    pages = tmp_path / "pages"
    write_pages(pages, 6)
    (pages / "wire-a.html").write_text(wire_copy(0, "partner-a.example"), encoding="utf-8")
    (pages / "wire-b.html").write_text(wire_copy(0, "partner-b.example"), encoding="utf-8")
    (pages / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    return pages


def test_a_directory_is_ingested_once_with_wire_copies_linked(tmp_path: Path, site: Path) -> None:
    db = tmp_path / "c.db"
    first = _ingest(db, [str(site)])
    assert (first.read, first.stored, first.near_duplicates, first.duplicates) == (9, 8, 2, 0)
    assert first.failed_total == 1
    again = _ingest(db, [str(site)])
    assert (again.read, again.stored, again.skipped) == (0, 0, 9)
    with Corpus(db, create=False) as corpus:
        stats = corpus.stats()
        assert (stats.articles, stats.stories, stats.errors) == (8, 6, 1)
        [error] = corpus.errors()
        assert error.source.endswith("empty.html") and error.stage == "extract"
        # page 0's speaker is quoted in three stored copies of one story: counted once
        name = str(article_parts(0)["speakers"][0])  # type: ignore[index]
        copies = corpus.quotes(speaker=name, all_copies=True)
        articles = {q.article_id for q in copies}
        stories = {q.story_id for q in copies}
        assert len(articles) > len(stories)
        [speaker] = corpus.speakers(name=name)
        assert speaker.stories == len(stories)
        assert speaker.quotes == len(corpus.quotes(speaker=name))


def test_the_same_input_twice_in_one_run_is_stored_once(tmp_path: Path, site: Path) -> None:
    db = tmp_path / "c.db"
    summary = _ingest(db, [str(site), str(site / "page-00001.html")])
    assert summary.stored == 8
    assert duplicate_rows(db) == {"articles": 0, "quotes": 0, "errors": 0}


def test_mixed_sources_warc_and_jsonl(tmp_path: Path) -> None:
    from presslens.sources.warc import write_warc

    warc = tmp_path / "crawl.warc.gz"
    docs = [RawDocument(uri=f"https://news.example.com/local/{i:05d}-story", content=news_page(i).encode(), content_type="text/html", encoding="utf-8") for i in range(10, 13)]
    write_warc(docs, warc)
    jsonl = tmp_path / "scraped.jsonl"
    jsonl.write_text(
        "\n".join(json.dumps({"url": f"https://other.example/{i}", "html": news_page(i, site="other.example")}) for i in range(20, 22))
        + "\n",
        encoding="utf-8",
    )
    summary = _ingest(tmp_path / "c.db", [str(warc), str(jsonl)])
    assert (summary.read, summary.stored, summary.failed_total) == (5, 5, 0)


def test_errors_are_kept_and_retried(tmp_path: Path, site: Path) -> None:
    db = tmp_path / "c.db"
    late = tmp_path / "late" / "page.html"
    summary = _ingest(db, [str(site / "empty.html"), str(late)])
    assert summary.failed_total == 2 and summary.stored == 0
    late.parent.mkdir()
    late.write_text(news_page(40), encoding="utf-8")  # the missing input appears
    with Corpus(db) as corpus:
        retried = retry_errors(corpus, IngestOptions(chunk_size=2))
        assert retried.stored == 1 and retried.failed_total == 1
        [left] = corpus.errors()
        assert left.source.endswith("empty.html") and left.attempts == 2
        assert corpus.stats().articles == 1


def test_an_interrupted_ingest_resumes_to_the_same_rows(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, 10)
    (pages / "wire.html").write_text(wire_copy(3, "partner.example"), encoding="utf-8")
    (pages / "bad.html").write_text("<html></html>", encoding="utf-8")
    whole = tmp_path / "whole.db"
    _ingest(whole, [str(pages)])

    broken = tmp_path / "broken.db"
    commits = []

    def stop_after_two(summary: IngestSummary) -> None:
        commits.append(summary.read)
        if len(commits) == 2:
            raise KeyboardInterrupt

    with Corpus(broken) as corpus, pytest.raises(KeyboardInterrupt):
        run_ingest([str(pages)], corpus, IngestOptions(chunk_size=3), progress=stop_after_two)
    resumed = _ingest(broken, [str(pages)])
    assert resumed.skipped == 6 and resumed.read == 6
    assert snapshot(broken) == snapshot(whole)
    assert duplicate_rows(broken) == {"articles": 0, "quotes": 0, "errors": 0}


def test_readers_see_committed_chunks_during_an_ingest(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, 6)
    db = tmp_path / "c.db"
    seen = []

    def read_meanwhile(summary: IngestSummary) -> None:
        with Corpus(db, create=False) as reader:
            reader.connection.execute("PRAGMA busy_timeout = 0")
            seen.append(reader.stats().articles)
            reader.search("plan")

    with Corpus(db) as corpus:
        run_ingest([str(pages)], corpus, IngestOptions(chunk_size=2), progress=read_meanwhile)
    assert seen == [2, 4, 6]


def test_a_process_pool_gives_the_same_rows(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, 4)
    _ingest(tmp_path / "one.db", [str(pages)])
    _ingest(tmp_path / "two.db", [str(pages)], workers=2)
    assert snapshot(tmp_path / "one.db") == snapshot(tmp_path / "two.db")


def test_executor_choices() -> None:
    assert isinstance(make_executor("local"), LocalExecutor)
    pool = make_executor("local", workers=2)
    assert isinstance(pool, ProcessExecutor)
    pool.close()
    with pytest.raises(ConfigError):
        make_executor("threads")
    with pytest.raises(ConfigError):  # an address only means something to Ray
        make_executor("local", address="auto")
    with pytest.raises(ConfigError):
        ProcessExecutor(0)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A local web server (127.0.0.1) over a directory of pages and a sitemap."""
    root = tmp_path / "www"
    write_pages(root, 3)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    urls = "".join(f"<url><loc>{base}/page-{i:05d}.html</loc></url>" for i in range(3))
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


def test_a_sitemap_and_a_missing_url_from_a_local_server(tmp_path: Path, server: str) -> None:
    from presslens.sources import SourceOptions

    polite_but_quick = SourceOptions(delay=0, retries=0, timeout=5)
    db = tmp_path / "c.db"
    with Corpus(db) as corpus:
        summary = run_ingest(
            [f"{server}/sitemap.xml", f"{server}/gone.html"], corpus, IngestOptions(sources=polite_but_quick)
        )
        assert (summary.stored, summary.failed_total) == (3, 1)
        [error] = corpus.errors()
        assert error.source.endswith("/gone.html") and error.stage == "source"
        again = run_ingest([f"{server}/sitemap.xml"], corpus, IngestOptions(sources=polite_but_quick))
        assert again.stored == 0 and again.read == 0
