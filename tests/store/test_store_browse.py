"""Browsing reads (issue 10): read-only opening, article listings, one speaker in detail."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from presslens.errors import ConfigError, StoreError
from presslens.model import Analysis
from presslens.store.browse import ArticleFilter
from presslens.store.corpus import Corpus

Make = Callable[..., Analysis]

BRIDGE = [
    "The county will close the old bridge over the Marrow river in March for repairs that"
    " engineers say cannot wait another winter, officials announced on Monday morning.",
    '"We cannot keep patching a bridge that is ninety years old," Helen Achebe said, adding'
    " that the Marrow Ferry Company would run extra boats while the works last.",
]
FERRY = [
    "A summer ferry service across the estuary will start in June, the harbour authority"
    " confirmed after weeks of talks with boat operators and the regional council.",
    '"The ferry will run every twenty minutes from dawn until midnight," Helen Achebe said,'
    ' and Tomas Berg said "the boats are ready" before the first crossing was announced.',
]


@pytest.fixture
def filled(tmp_path: Path, make_analysis: Make) -> Path:
    path = tmp_path / "c.db"
    with Corpus(path) as corpus:
        corpus.add(
            make_analysis(
                BRIDGE,
                url="https://www.valley-post.example/bridge",
                published="2024-02-11",
                quotes=[("We cannot keep patching a bridge that is ninety years old", "Helen Achebe", "direct")],
            )
        )
        corpus.add(
            make_analysis(
                FERRY,
                url="https://news.example.org/ferry",
                published="2024-07-02",
                quotes=[
                    ("The ferry will run every twenty minutes from dawn until midnight", "Helen Achebe", "direct"),
                    ("the boats are ready", "Tomas Berg", "direct"),
                ],
            )
        )
    return path


@pytest.mark.issue(10)
def test_a_read_only_corpus_reads_but_refuses_every_write(filled: Path) -> None:
    with Corpus(filled, read_only=True) as corpus:
        assert corpus.stats().articles == 2
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            corpus.connection.execute("DELETE FROM quotes")
    with Corpus(filled) as corpus:
        assert corpus.stats().quotes == 3


@pytest.mark.issue(10)
def test_read_only_never_creates_a_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Corpus(tmp_path / "missing.db", read_only=True)
    assert caught.value.code == "no-database"
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.issue(10)
def test_read_only_refuses_a_corpus_that_needs_a_migration(filled: Path) -> None:
    with sqlite3.connect(filled) as conn:
        conn.execute("PRAGMA user_version = 1")
    with pytest.raises(StoreError) as caught:
        Corpus(filled, read_only=True)
    assert caught.value.code == "schema-too-old"


@pytest.mark.issue(10)
def test_articles_are_listed_newest_first_and_filtered(filled: Path) -> None:
    with Corpus(filled, read_only=True) as corpus:
        listed = corpus.articles()
        assert [a.published for a in listed] == ["2024-07-02", "2024-02-11"]
        assert [a.quotes for a in listed] == [2, 1]
        assert [a.site for a in corpus.articles(site="valley-post.example")] == ["www.valley-post.example"]
        assert [a.published for a in corpus.articles(since="2024-03")] == ["2024-07-02"]
        assert [a.published for a in corpus.articles(limit=1, offset=1)] == ["2024-02-11"]
        with pytest.raises(ConfigError):
            corpus.articles(ArticleFilter(since="last week"))


@pytest.mark.issue(10)
def test_one_speaker_in_detail(filled: Path) -> None:
    with Corpus(filled, read_only=True) as corpus:
        helen = next(s for s in corpus.speakers() if s.name == "Helen Achebe")
        detail = corpus.speaker(helen.id)
        assert detail.quotes == 2 and detail.stories == 2
        assert detail.quotes_by_month == (("2024-02", 1), ("2024-07", 1))
        assert [other.name for other in detail.co_quoted] == ["Tomas Berg"]
        assert "Helen Achebe" in detail.aliases
        assert detail.to_dict()["quotes_by_month"][0] == {"month": "2024-02", "quotes": 1}
        mine = corpus.quotes(speaker_id=helen.id)
        assert {q.speaker for q in mine} == {"Helen Achebe"} and len(mine) == 2
        with pytest.raises(StoreError) as caught:
            corpus.speaker(10_000)
        assert caught.value.code == "speaker-not-found"


@pytest.mark.issue(10)
def test_an_articles_quotes_map_to_corpus_speakers_and_ids(filled: Path) -> None:
    with Corpus(filled, read_only=True) as corpus:
        ferry = corpus.articles(site="news.example.org")[0]
        stored = corpus.article(ferry.id)
        speakers = corpus.quoted_speakers(ferry.id)
        ids = corpus.quote_ids(ferry.id)
        assert len(ids) == len(stored.analysis.quotes) == 2
        names = [speakers[q.speaker].name for q in stored.analysis.quotes if q.speaker]
        assert names == ["Helen Achebe", "Tomas Berg"]


@pytest.mark.issue(10)
def test_one_speakers_quotes_are_read_through_the_speaker_index(tmp_path: Path, make_analysis: Make) -> None:
    from presslens.store.filters import QuoteFilter
    from presslens.store.queries import quote_where

    words = "amber birch cedar dune ember fjord grove heath inlet juniper kelp larch moss".split()
    path = tmp_path / "many.db"
    with Corpus(path) as corpus, corpus.batch() as batch:
        for n in range(120):
            # distinct texts (no near-duplicates), one quote each, 40 speakers
            lead = " ".join(f"{words[(n * 7 + k) % 13]}{n}x{k}" for k in range(40)) + "."
            quote = f"the {words[n % 13]} plan number {n} will work"
            who = n % 40
            speaker = f"Rowan {words[who % 13].title()}{words[who // 13]}"
            batch.add(make_analysis([lead, f"{speaker} said {quote} today."], url=f"https://e.example/{n}", quotes=[(quote, speaker, "indirect")]))
    with Corpus(path, read_only=True) as corpus:
        helen = corpus.speakers(name="Rowan Heathamber")[0]
        for where in (QuoteFilter(speaker="Rowan Heathamber"), QuoteFilter(speaker_id=helen.id)):
            clause, params = quote_where(corpus.connection, where) or ("", [])
            plan = " ".join(
                str(row[3])
                for row in corpus.connection.execute(
                    "EXPLAIN QUERY PLAN SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE " + clause,
                    params,
                )
            )
            assert "quotes_speaker" in plan, plan  # not the (act, confidence) index: a scan of most quotes
        assert len(corpus.quotes(speaker="Rowan Heathamber")) == 3


@pytest.mark.issue(10)
def test_a_speaker_speaks_about_the_entities_named_inside_their_quotes(tmp_path: Path, make_analysis: Make) -> None:
    from dataclasses import replace

    from presslens.model import Entity, Span

    said = '"The Marrow Ferry Company will run extra boats all summer," Helen Achebe said on the quay.'
    analysis = make_analysis(
        [FERRY[0], said, "The Marrow Ferry Company did not answer questions about the timetable on Friday."],
        url="https://news.example.org/boats",
        quotes=[("The Marrow Ferry Company will run extra boats all summer", "Helen Achebe", "direct")],
    )
    text = analysis.article.text
    inside = text.index("Marrow Ferry Company")
    outside = text.index("Marrow Ferry Company", inside + 1)
    company = Entity(
        id="e9",
        name="Marrow Ferry Company",
        kind="ORG",
        mentions=(Span(start=inside, end=inside + 20), Span(start=outside, end=outside + 20)),
    )
    path = tmp_path / "c.db"
    with Corpus(path) as corpus:
        corpus.add(replace(analysis, entities=(*analysis.entities, company)))
    with Corpus(path, read_only=True) as corpus:
        helen = corpus.speakers(name="Helen Achebe")[0]
        topics = corpus.speaker(helen.id).topics
    assert [(t.name, t.kind, t.quotes) for t in topics] == [("Marrow Ferry Company", "ORG", 1)]
