"""The one query layer: default view, acts, confidence, page class, site as host or name,
search terms as typed, the sentence around a quote, stats breakdowns."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from presslens import DEFAULT_MIN_CONFIDENCE
from presslens.errors import ConfigError, StoreError
from presslens.model import Analysis
from presslens.store import db
from presslens.store.corpus import Corpus
from presslens.store.filters import QuoteFilter, filter_fields, fts_query, normalise_host
from presslens.store.queries import sentence_around

pytestmark = pytest.mark.issue(8)

PARAGRAPHS = [
    "The harbour board met on Tuesday to discuss the new ferry terminal.",
    '"We will open the terminal in June," Dana Morrow said after the meeting.',
    "Dana Morrow believes the budget will hold until the autumn.",
    "A survey found that most residents use the ferry every week.",
    '"The queues are getting shorter," Ian Pell said, though he was unsure.',
]


def _corpus_with_acts(corpus: Corpus, make_analysis: Callable[..., Analysis], **article: object) -> Analysis:
    analysis = make_analysis(
        PARAGRAPHS,
        url=article.pop("url", "https://www.harbour-times.example/ferry"),
        quotes=[
            ("We will open the terminal in June", "Dana Morrow", "direct"),
            ("the budget will hold until the autumn", "Dana Morrow", "indirect"),
            ("most residents use the ferry every week", None, "indirect"),
            ("The queues are getting shorter", "Ian Pell", "direct"),
        ],
        **article,
    )
    acts = ("statement", "belief", "finding", "statement")
    confidence = (0.9, 0.9, 0.9, 0.3)
    quotes = tuple(
        dataclasses.replace(q, act=a, confidence=c) for q, a, c in zip(analysis.quotes, acts, confidence, strict=True)
    )
    analysis = dataclasses.replace(analysis, quotes=quotes)
    corpus.add(analysis)
    return analysis


def test_default_view_is_confident_statements(corpus: Corpus, make_analysis: Callable[..., Analysis]) -> None:
    _corpus_with_acts(corpus, make_analysis)
    assert [q.text for q in corpus.quotes()] == ["We will open the terminal in June"]
    assert len(corpus.quotes(everything=True)) == 4
    assert [q.act for q in corpus.quotes(act="belief")] == ["belief"]
    assert [q.act for q in corpus.quotes(act="finding")] == ["finding"]
    assert len(corpus.quotes(min_confidence=0.0)) == 2  # statements at any confidence
    assert len(corpus.quotes(everything=True, min_confidence=0.5)) == 3
    assert 0.0 < DEFAULT_MIN_CONFIDENCE < 1.0


def test_speakers_count_the_default_view(corpus: Corpus, make_analysis: Callable[..., Analysis]) -> None:
    _corpus_with_acts(corpus, make_analysis)
    assert [s.name for s in corpus.speakers()] == ["Dana Morrow"]
    assert {s.name for s in corpus.speakers(everything=True)} == {"Dana Morrow", "Ian Pell"}
    [dana] = corpus.speakers(everything=True, name="Morrow")
    assert dana.quotes == 2


def test_non_news_pages_are_left_out_of_the_default_view(corpus: Corpus, make_analysis: Callable[..., Analysis]) -> None:
    news = make_analysis(PARAGRAPHS[:2], url="https://news.example/ferry", quotes=[("We will open the terminal in June", "Dana Morrow", "direct")])
    shop = make_analysis(
        ["Our kettle boils in ninety seconds.", '"Best kettle I ever owned," Lena Ford said in her review.'],
        url="https://shop.example/kettle",
        quotes=[("Best kettle I ever owned", "Lena Ford", "direct")],
    )
    corpus.add(dataclasses.replace(news, article=dataclasses.replace(news.article, page_class="news")))
    corpus.add(dataclasses.replace(shop, article=dataclasses.replace(shop.article, page_class="other")))
    assert [q.speaker for q in corpus.quotes()] == ["Dana Morrow"]
    assert [q.speaker for q in corpus.quotes(page_class="other")] == ["Lena Ford"]
    assert len(corpus.quotes(everything=True)) == 2
    assert [s.name for s in corpus.speakers()] == ["Dana Morrow"]


@pytest.mark.parametrize("typed", ["harbour-times.example", "www.harbour-times.example", "HARBOUR-TIMES.example",
                                   "https://www.harbour-times.example/x", "Harbour Times"])
def test_site_matches_host_or_display_name(
    corpus: Corpus, make_analysis: Callable[..., Analysis], typed: str
) -> None:
    _corpus_with_acts(corpus, make_analysis, site="Harbour Times")
    assert len(corpus.quotes(site=typed)) == 1
    assert corpus.quotes(site="times.example") == []
    assert corpus.quotes(site="Harbour") == []


def test_language_filter_and_paging(corpus: Corpus, make_analysis: Callable[..., Analysis]) -> None:
    _corpus_with_acts(corpus, make_analysis)
    assert corpus.quotes(language="fr") == []
    everything = QuoteFilter(everything=True, limit=3)
    first = corpus.quotes(everything)
    second_filter = everything.next_page()
    assert second_filter is not None and second_filter.offset == 3
    second = corpus.quotes(second_filter)
    assert len(first) == 3 and len(second) == 1
    assert {q.id for q in first}.isdisjoint(q.id for q in second)


@pytest.mark.parametrize(
    "bad",
    [
        {"act": "opinion"},
        {"kind": "shouted"},
        {"page_class": "recipe"},
        {"min_confidence": 1.5},
        {"language": "English"},
        {"limit": -1},
        {"offset": -5},
        {"since": "last week"},
    ],
)
def test_bad_filters_are_config_errors(bad: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        QuoteFilter(**bad)  # type: ignore[arg-type]


def test_unknown_filter_keyword_names_the_filters(corpus: Corpus) -> None:
    with pytest.raises(ConfigError, match="speaker"):
        corpus.quotes(speeker="Morrow")


def test_every_filter_field_has_help() -> None:
    names = {f.name for f in filter_fields()}
    assert {"speaker", "site", "act", "min_confidence", "everything", "offset"} <= names
    assert all(f.help for f in filter_fields())


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("COVID-19 vaccine", '"COVID-19" vaccine'),
        ("U.S. tariffs", '"U.S." tariffs'),
        ("ferry AND terminal", "ferry AND terminal"),
        ('"ferry terminal" OR harbour', '"ferry terminal" OR harbour'),
        ("termin*", "termin*"),
        ("O'Neill", '"O\'Neill"'),
    ],
)
def test_fts_query_quotes_what_fts_cannot_parse(typed: str, query: str) -> None:
    assert fts_query(typed) == query


def test_search_accepts_terms_as_people_type_them(corpus: Corpus, make_analysis: Callable[..., Analysis]) -> None:
    corpus.add(make_analysis(["The U.S. agency tracked COVID-19 cases in the harbour district."],
                             url="https://example.org/covid"))
    assert [h.kind for h in corpus.search("COVID-19")] == ["article"]
    assert [h.kind for h in corpus.search("U.S. agency")] == ["article"]
    with pytest.raises(StoreError) as raised:
        corpus.search('"unbalanced')
    assert raised.value.code == "bad-query"


def test_search_quotes_use_the_default_view(corpus: Corpus, make_analysis: Callable[..., Analysis]) -> None:
    _corpus_with_acts(corpus, make_analysis)
    assert [h.kind for h in corpus.search("budget", what="quotes")] == []
    assert [h.kind for h in corpus.search("budget", what="quotes", everything=True)] == ["quote"]


def test_sentence_around_stays_in_the_sentence_and_paragraph() -> None:
    text = 'Rain fell. "We are ready," she said on Friday. Roads closed.\n\nNext paragraph.'
    start = text.index("We")
    left, right = sentence_around(text, start, start + len("We are ready"))
    assert text[left:right] == '"We are ready," she said on Friday.'
    assert sentence_around(text, len(text) - 5, len(text)) == (text.index("Next"), len(text))


def test_quote_context_of_a_stored_quote(corpus: Corpus, make_analysis: Callable[..., Analysis]) -> None:
    _corpus_with_acts(corpus, make_analysis)
    [record] = corpus.quotes()
    assert corpus.quote_context(record.id) == PARAGRAPHS[1]
    with pytest.raises(StoreError):
        corpus.quote_context(10**6)


def test_stats_break_down_by_language_site_month_class_and_act(
    corpus: Corpus, make_analysis: Callable[..., Analysis]
) -> None:
    _corpus_with_acts(corpus, make_analysis, published="2024-03-09")
    stats = corpus.stats()
    assert stats.articles_by_month == {"2024-03": 1}
    assert stats.articles_by_site == {"harbour-times.example": 1}
    assert stats.articles_by_class == {"unclassified": 1}
    assert stats.articles_by_language == {"unknown": 1}
    assert stats.quotes_by_act == {"statement": 2, "belief": 1, "finding": 1}


def test_host_is_normalised() -> None:
    assert normalise_host("https://WWW.Example.com:8080/path?q=1") == "example.com"
    assert normalise_host("news.example.org") == "news.example.org"


def test_migration_fills_the_host_of_existing_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    first = db.migrations()[0]
    for statement in first.statements:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO stories (id, first_article_id, created_at) VALUES (1, 'a', 'now')")
    conn.execute(
        "INSERT INTO articles (id, url, site, text, extractor, analyzer, text_hash, story_id, ingested_at)"
        " VALUES ('a', 'https://www.cnn.com:443/2024/story', 'CNN', 'text', 'x', 'y', 'h', 1, 'now')"
    )
    conn.commit()
    conn.close()
    with Corpus(path) as corpus:
        [(host,)] = corpus.connection.execute("SELECT host FROM articles").fetchall()
    assert host == "cnn.com"


def test_stats_count_articles_not_analysed_by_language(corpus: Corpus, make_analysis: Callable[..., Analysis]) -> None:
    german = make_analysis(["Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen."], url="https://zeitung.example/a")
    corpus.add(dataclasses.replace(german, quotes=(), entities=(), analyzer="not analysed: language de"))
    corpus.add(make_analysis(["The council passed the budget on Tuesday."], url="https://paper.example/a"))
    assert corpus.stats().not_analysed_by_language == {"de": 1}
    assert [h.kind for h in corpus.search("Haushalt")] == ["article"]  # stored and searchable


@pytest.mark.parametrize("wild", ["%", "_", "%.example", "harbour_times.example"])
def test_site_wildcards_match_only_themselves(corpus: Corpus, make_analysis: Callable[..., Analysis], wild: str) -> None:
    _corpus_with_acts(corpus, make_analysis)
    assert corpus.quotes(site=wild) == []
