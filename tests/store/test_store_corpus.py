"""Corpus: idempotent writes, near-duplicate stories, queries, search, errors, progress."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from presslens.errors import ConfigError, StoreError
from presslens.model import Analysis, RawDocument
from presslens.store.corpus import Corpus

HARBOUR = [
    "The council of Riverton unveiled a plan for the old harbour on Tuesday, promising cleaner"
    " water, a new ferry pier and two hundred jobs for the town within three years.",
    '"We will rebuild the docks before winter," Maria Okafor said at the town hall, where'
    " dozens of residents had gathered to hear how the money would be spent.",
    "Critics said the budget was far too small for the work, and the council will vote on the"
    " proposal next month after a public consultation that opens on Friday.",
]
ORCHARD = [
    "Farmers in the northern valley reported the smallest apple harvest in a decade after a"
    " late frost damaged blossoms across hundreds of orchards in early spring.",
    '"Half of my trees gave nothing this year," said Tomas Berg, who grows six varieties on'
    " the slopes above the river and sells most of them at the weekly market.",
    "The regional farm office said growers could apply for emergency loans until the end of"
    " the year, and that insurers had already received more than four hundred claims.",
]

Make = Callable[..., Analysis]


def test_a_new_corpus_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    with Corpus(tmp_path / "c.db") as corpus:
        conn = corpus.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name in ("articles", "quotes", "entities", "speakers", "speaker_aliases", "stories", "errors", "ingest_progress"):
        assert name in tables


def test_query_commands_do_not_create_a_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Corpus(tmp_path / "missing.db", create=False)
    assert caught.value.code == "no-database"
    assert not (tmp_path / "missing.db").exists()


def test_a_file_that_is_not_sqlite_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "not.db"
    bogus.write_bytes(b"this is plainly not a database file" * 200)
    with pytest.raises(StoreError) as caught:
        Corpus(bogus)
    assert caught.value.code == "bad-database"


def test_the_same_article_is_stored_once(corpus: Corpus, make_analysis: Make) -> None:
    analysis = make_analysis(HARBOUR, url="https://a.example.com/harbour", quotes=[("We will rebuild the docks before winter", "Maria Okafor", "direct")])
    first = corpus.add(analysis)
    again = corpus.add(analysis)
    assert (first.status, again.status) == ("stored", "duplicate")
    assert again.article_id == first.article_id
    stats = corpus.stats()
    assert (stats.articles, stats.quotes, stats.entities) == (1, 1, 1)


def test_the_same_text_under_another_url_is_stored_once(corpus: Corpus, make_analysis: Make) -> None:
    first = corpus.add(make_analysis(HARBOUR, url="https://a.example.com/harbour"))
    shouted = [p.upper() for p in HARBOUR]  # case and spacing do not make a new text
    second = corpus.add(make_analysis(shouted, url="https://b.example.org/copy"))
    assert second.status == "duplicate" and second.article_id == first.article_id


def test_wire_copies_share_one_story_and_speaker_counts_do_not_multiply(corpus: Corpus, make_analysis: Make) -> None:
    quote = ("We will rebuild the docks before winter", "Maria Okafor", "direct")
    outcomes = []
    for number, site in enumerate(["a.example.com", "b.example.org", "c.example.net"]):
        paragraphs = [*HARBOUR[:2], HARBOUR[2] + f" Reporting by desk {number}."]
        outcomes.append(corpus.add(make_analysis(paragraphs, url=f"https://{site}/story", quotes=[quote])))
    corpus.add(make_analysis(ORCHARD, url="https://a.example.com/apples", quotes=[("Half of my trees gave nothing this year", "Tomas Berg", "direct")]))
    assert [o.status for o in outcomes] == ["stored", "near-duplicate", "near-duplicate"]
    assert len({o.story_id for o in outcomes}) == 1
    stats = corpus.stats()
    assert (stats.articles, stats.stories) == (4, 2)
    okafor = corpus.speakers(name="Maria Okafor")
    assert len(okafor) == 1 and okafor[0].stories == 1 and okafor[0].quotes == 1
    assert len(corpus.quotes(speaker="Okafor")) == 1
    assert len(corpus.quotes(speaker="Okafor", all_copies=True)) == 3


def test_different_stories_are_not_near_duplicates(corpus: Corpus, make_analysis: Make) -> None:
    a = corpus.add(make_analysis(HARBOUR, url="https://a.example.com/1"))
    b = corpus.add(make_analysis(ORCHARD, url="https://a.example.com/2"))
    assert b.status == "stored" and a.story_id != b.story_id


def _filled(corpus: Corpus, make: Make) -> None:
    corpus.add(make(HARBOUR, url="https://www.riverton-news.example/harbour", published="2024-03-05",
                    quotes=[("We will rebuild the docks before winter", "Maria Okafor", "direct")]))
    corpus.add(make(ORCHARD, url="https://farm.example.org/apples", published="2024-09-20",
                    quotes=[("Half of my trees gave nothing this year", "Tomas Berg", "direct"),
                            ("growers could apply for emergency loans until the end of the year", None, "indirect")]))


def test_quote_filters(corpus: Corpus, make_analysis: Make) -> None:
    _filled(corpus, make_analysis)
    assert [q.speaker for q in corpus.quotes(speaker="berg")] == ["Tomas Berg"]
    assert [q.text for q in corpus.quotes(about="docks")] == ["We will rebuild the docks before winter"]
    assert corpus.quotes(about="dock") and not corpus.quotes(about="submarine")
    assert {q.speaker for q in corpus.quotes(since="2024-06")} == {"Tomas Berg", None}
    assert [q.speaker for q in corpus.quotes(until="2024-03-05")] == ["Maria Okafor"]
    assert len(corpus.quotes(since="2024", until="2024")) == 3
    assert [q.site for q in corpus.quotes(site="riverton-news.example")] == ["www.riverton-news.example"]
    assert [q.kind for q in corpus.quotes(kind="indirect")] == ["indirect"]
    assert len(corpus.quotes(limit=1)) == 1
    assert corpus.quotes(speaker="Nobody Atall") == []


def test_quote_records_carry_offsets_into_the_article(corpus: Corpus, make_analysis: Make) -> None:
    _filled(corpus, make_analysis)
    for record in corpus.quotes():
        text = corpus.article(record.article_id).analysis.article.text
        assert record.quote.span.of(text) == record.text


@pytest.mark.parametrize(("field", "value", "code"), [("since", "May 2024", "bad-date"), ("kind", "shouted", "bad-kind"), ("limit", -1, "bad-limit")])
def test_bad_quote_filters_are_config_errors(corpus: Corpus, field: str, value: object, code: str) -> None:
    with pytest.raises(ConfigError) as caught:
        corpus.quotes(**{field: value})  # type: ignore[arg-type]
    assert caught.value.code == code


def test_search_finds_articles_and_quotes_with_snippets(corpus: Corpus, make_analysis: Make) -> None:
    _filled(corpus, make_analysis)
    hits = corpus.search("docks")
    kinds = {hit.kind for hit in hits}
    assert kinds == {"article", "quote"}
    assert all("[docks]" in hit.snippet for hit in hits)
    assert [h.speaker for h in hits if h.kind == "quote"] == ["Maria Okafor"]
    assert corpus.search('"emergency loans" AND orchards', what="articles")[0].title == "A story"
    assert corpus.search("docks", what="quotes")[0].kind == "quote"


@pytest.mark.parametrize("query", ['docks AND', '"unclosed phrase', "nosuchcolumn: docks", "(docks", "   "])
def test_a_malformed_search_is_one_clear_store_error(corpus: Corpus, make_analysis: Make, query: str) -> None:
    _filled(corpus, make_analysis)
    with pytest.raises(StoreError) as caught:
        corpus.search(query)
    assert caught.value.code == "bad-query"
    assert "\n" not in str(caught.value)


def test_show_by_prefix_round_trips_the_analysis(corpus: Corpus, make_analysis: Make) -> None:
    analysis = make_analysis(HARBOUR, url="https://a.example.com/h", quotes=[("We will rebuild the docks before winter", "Maria Okafor", "direct")])
    corpus.add(analysis)
    stored = corpus.article(analysis.article.id[:8])
    assert stored.analysis == analysis
    assert stored.speakers == {"e0": "Maria Okafor"}


def test_show_reports_missing_short_and_ambiguous_ids(corpus: Corpus, make_analysis: Make) -> None:
    corpus.add(make_analysis(HARBOUR, url="https://a.example.com/1"))
    corpus.add(make_analysis(ORCHARD, url="https://a.example.com/2"))
    codes = []
    for given in ("ffffffffff", "ab"):
        with pytest.raises(StoreError) as caught:
            corpus.article(given)
        codes.append(caught.value.code)
    assert codes == ["article-not-found", "bad-article-id"]
    ids = [r[0] for r in corpus.connection.execute("SELECT id FROM articles")]
    common = 0
    while ids[0][: common + 1] == ids[1][: common + 1]:
        common += 1
    if common >= 4:  # only testable when the two hashes happen to share a prefix
        with pytest.raises(StoreError):
            corpus.article(ids[0][:common])


def test_errors_are_kept_once_per_input_with_attempts(corpus: Corpus) -> None:
    raw = RawDocument(uri="https://x.example/page", content=b"<html></html>", content_type="text/html")
    for _ in range(2):
        corpus.record_error(source=raw.uri, stage="extract", code="no-article", reason="nothing to extract", raw=raw)
    [record] = corpus.errors()
    assert (record.code, record.attempts, record.retryable_offline) == ("no-article", 2, True)
    assert corpus.failed_input(record) == RawDocument(uri=raw.uri, content=raw.content, content_type="text/html")
    assert corpus.stats().errors_by_code == {"no-article": 1}


def test_a_batch_commits_all_or_nothing(corpus: Corpus, make_analysis: Make) -> None:
    with pytest.raises(RuntimeError):
        with corpus.batch() as batch:
            batch.add(make_analysis(HARBOUR, url="https://a.example.com/1"))
            batch.mark_done("key-1", "stored")
            raise RuntimeError("killed half-way")
    assert corpus.stats().articles == 0 and not corpus.is_done("key-1")


def test_readers_query_while_a_writer_holds_a_transaction(tmp_path: Path, make_analysis: Make) -> None:
    path = tmp_path / "c.db"
    with Corpus(path) as first:
        first.add(make_analysis(HARBOUR, url="https://a.example.com/1"))
    started, release = threading.Event(), threading.Event()

    def write_slowly() -> None:
        with Corpus(path) as writer, writer.batch() as batch:
            batch.add(make_analysis(ORCHARD, url="https://a.example.com/2"))
            started.set()
            release.wait(10)

    thread = threading.Thread(target=write_slowly)
    thread.start()
    try:
        assert started.wait(10)
        with Corpus(path, create=False) as reader:  # must not wait for the writer
            reader.connection.execute("PRAGMA busy_timeout = 0")
            assert reader.stats().articles == 1  # sees the last commit only
            assert reader.search("harbour")
    finally:
        release.set()
        thread.join()
    with Corpus(path, create=False) as reader:
        assert reader.stats().articles == 2


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    Corpus(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError) as caught:
        Corpus(path)
    assert caught.value.code == "schema-too-new"


def test_the_package_exposes_corpus_for_python_users(tmp_path: Path, make_analysis: Make) -> None:
    import presslens

    with presslens.Corpus(tmp_path / "c.db") as corpus:
        corpus.add(make_analysis(HARBOUR, url="https://a.example.com/1", quotes=[("We will rebuild the docks before winter", "Maria Okafor", "direct")]))
        [quote] = corpus.quotes(speaker="Okafor")
    assert quote.speaker == "Maria Okafor" and quote.kind == "direct"
    assert quote.to_dict()["text"] == quote.text
