"""Quoted passages from quote marks alone (no model needed)."""

from __future__ import annotations

import pytest

from presslens.analysis.pipeline import article_from_text
from presslens.analysis.quotes import find_quoted_passages


def passages(text: str) -> list[tuple[str, bool, bool]]:
    article = article_from_text(text)
    return [(p.outer.of(text), p.closed, p.double) for p in find_quoted_passages(text, article.paragraphs)]


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("He said \u201cwe stay\u201d today.", "\u201cwe stay\u201d"),
        ('He said "we stay" today.', '"we stay"'),
        ("Il a dit \u00abnous restons\u00bb hier.", "\u00abnous restons\u00bb"),
        ("Er sagte \u201ewir bleiben\u201c heute.", "\u201ewir bleiben\u201c"),
    ],
)
def test_double_quote_styles(text: str, quoted: str) -> None:
    assert passages(text) == [(quoted, True, True)]


def test_single_quotes_but_not_apostrophes() -> None:
    text = "The mayors' office called it 'a disgrace' and James' friends agreed."
    assert passages(text) == [("'a disgrace'", True, False)]


def test_unclosed_quote_runs_to_paragraph_end_and_next_paragraph_continues() -> None:
    text = "\u201cFirst part of a long speech.\n\n\u201cSecond part,\u201d she said.\n\nAfter."
    found = find_quoted_passages(text, article_from_text(text).paragraphs)
    assert [p.outer.of(text) for p in found] == ["\u201cFirst part of a long speech.", "\u201cSecond part,\u201d"]
    assert [p.closed for p in found] == [False, True]
    assert found[1].continued


@pytest.mark.parametrize("text", ["", '"', '""', "\u201d\u201c", "a \u201c b", "'", "\u00ab\u00bb\u00ab"])
def test_odd_marks_never_crash_and_stay_in_bounds(text: str) -> None:
    for p in find_quoted_passages(text, article_from_text(text).paragraphs):
        assert 0 <= p.outer.start <= p.inner.start <= p.inner.end <= p.outer.end <= len(text)


def test_article_from_text_keeps_offsets() -> None:
    text = "  First para.\n\n\nSecond\nline.\n \nThird.  "
    article = article_from_text(text)
    assert article.paragraph_texts() == ("First para.", "Second\nline.", "Third.")
    assert article.text is text


def test_a_closing_mark_after_a_nested_quote_and_a_space_still_closes() -> None:
    text = "\"You shake hands and say, 'Well done,' \" the coach said, and left the pitch."
    found = passages(text)
    assert found[0] == ("\"You shake hands and say, 'Well done,' \"", True, True)
