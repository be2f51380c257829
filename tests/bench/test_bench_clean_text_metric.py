"""The metric behind bench/clean_text.py's word recall, on texts written for it."""

from __future__ import annotations

import pytest

from bench.clean_text import WHOLE, Outcome, kept_words, summarise

pytestmark = pytest.mark.issue(7)


def test_kept_words_count_with_multiplicity_and_ignore_punctuation() -> None:
    source = "The ferry left. The ferry came back, late!"  # 8 words, "The" and "ferry" twice
    assert kept_words(source, source) == (8, 8)
    assert kept_words(source, "The ferry left.") == (3, 8)
    assert kept_words(source, "the ferry came back late") == (4, 8)  # case counts: "the" is not "The"
    assert kept_words(source, "") == (0, 8)
    assert kept_words("", "anything") == (0, 0)


def test_summary_pools_words_counts_rejections_and_cuts() -> None:
    outcomes = [
        Outcome("whole", 100, 100, None),
        Outcome("cut", 50, 100, None),
        Outcome("rejected", 0, 200, "no article text found"),
        Outcome("nearly", 995, 1000, None),
    ]
    summary = summarise(outcomes, worst=2)
    assert summary.articles == 4
    assert summary.recall == pytest.approx(1145 / 1400)
    assert summary.rejected == 1
    assert summary.cut == 2  # "cut" and "rejected"; "nearly" keeps 0.995 >= WHOLE
    assert WHOLE <= 0.995
    assert summary.worst == (("rejected", 0.0), ("cut", 0.5))

