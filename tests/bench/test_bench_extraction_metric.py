"""The metric code behind bench/extraction.py's headline numbers, on texts written for it."""

from __future__ import annotations

import pytest

from bench.extraction_metric import (
    DevGold,
    DevPrediction,
    author_names,
    normalise,
    page_counts,
    score,
    score_dev,
    snippet_counts,
)

pytestmark = pytest.mark.issue(7)


def test_shingle_counts_of_a_partly_right_page() -> None:
    gold = "the ferry left the harbour at noon today"  # 8 tokens, 5 shingles
    predicted = "the ferry left the harbour at dawn"  # 7 tokens, 4 shingles, 3 shared
    tp, fp, fn = page_counts(gold, predicted)
    assert (tp, fp, fn) == pytest.approx((3 / 6, 1 / 6, 2 / 6))


def test_zyte_score_averages_pages_then_takes_f1() -> None:
    pages = [("one two three four five", "one two three four five"), ("alpha beta gamma delta", "")]
    result = score(pages)
    assert result.precision == pytest.approx(1.0)  # the empty prediction has no precision to average
    assert result.recall == pytest.approx(0.5)
    assert result.f1 == pytest.approx(2 * 0.5 / 1.5)
    assert result.accuracy == pytest.approx(0.5)


def test_normalise_is_nfc_with_collapsed_space() -> None:
    assert normalise("  Cafe\u0301 \n\t opens ") == "Caf\u00e9 opens"


def test_snippets_match_across_line_breaks_and_count_leaks() -> None:
    text = "The mayor spoke.\n\nShe said the plan\nwould go ahead.\nSubscribe to our letters"
    tp, fp, fn = snippet_counts(
        text, ["She said the plan would go ahead.", "a line that is missing"], ["Subscribe to our letters", "Menu"]
    )
    assert (tp, fp, fn) == (1, 1, 1)


def test_author_names_ignore_case_and_separators() -> None:
    assert author_names("Ana Ruiz; Tom Berg") == author_names("tom berg and ANA RUIZ")
    assert author_names("Ana Ruiz, Tom Berg & Li Wei") == frozenset({"ana ruiz", "tom berg", "li wei"})
    assert author_names(["Ana Ruiz", "Tom Berg"]) == frozenset({"ana ruiz", "tom berg"})
    assert author_names("") == frozenset() and author_names(None) == frozenset()
    assert author_names("Sandra Anderson") == frozenset({"sandra anderson"})  # "and" only as a word


def test_dev_score_per_field() -> None:
    pages = [
        (DevGold(with_snippets=("river rose",), without_snippets=("Share this",), title="Flood Warning",
                 author="Ana Ruiz; Tom Berg", date="2021-03-04"),
         DevPrediction(text="The river rose. Share this", title="flood warning | Example News",
                       authors=("Tom Berg", "Ana Ruiz"), date="2021-03-04T10:00:00+00:00")),
        (DevGold(with_snippets=("bridge shut",), without_snippets=(), title="Bridge", author="", date="2020-01-01"),
         DevPrediction(text="The bridge shut.", title="Other", authors=("Site Staff",), date="2020-01-02")),
        (DevGold(with_snippets=("quiet day",), without_snippets=(), title="Quiet", author="", date=""),
         DevPrediction(text="", title=None)),
        (DevGold(with_snippets=("no metadata",), without_snippets=()),  # a page without metadata gold
         DevPrediction(text="no metadata here", authors=("Somebody",))),
    ]
    result = score_dev(pages)
    assert (result.precision, result.recall) == pytest.approx((3 / 4, 3 / 4))
    assert result.f1 == pytest.approx(0.75)
    assert (result.title.hits, result.title.total) == (1, 3)
    assert (result.author.hits, result.author.total) == (1, 1)
    assert (result.spurious.hits, result.spurious.total) == (1, 2)
    assert (result.date.hits, result.date.total) == (1, 2)
    assert result.spurious.value == pytest.approx(0.5)


def test_missing_title_or_date_is_a_miss() -> None:
    gold = DevGold(with_snippets=(), without_snippets=(), title="A", author="Jo Park", date="2019-05-06")
    result = score_dev([(gold, DevPrediction(text=""))])
    assert (result.title.hits, result.author.hits, result.date.hits) == (0, 0, 0)
    assert result.f1 == 0.0
