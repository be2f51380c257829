"""Invariants of the analyzer on arbitrary text: spans in bounds, text[start:end] == quote."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens.analysis.pipeline import Analyzer, article_from_text
from presslens.analysis.quotes import find_quoted_passages
from presslens.model import Span

pytestmark = pytest.mark.slow

WORDS = ["said", "he", "she", "Anna Berg", "Russia", "Moscow", "that", "the", "plan", "will", "fail", "according", "to",
         "warned", "told", "reporters", "\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e",
         ",", ".", ":", "\n", "\n\n", " ", "who", "Belarus'", "president"]

texts = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=60).map("".join),
    st.text(max_size=200),
)


def _inside(span: Span, text: str) -> None:
    assert 0 <= span.start <= span.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_analyze_text_never_crashes_and_spans_index_the_text(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze_text(text)
    assert analysis.article.text == text
    data = analysis.to_dict()
    ids = {e.id for e in analysis.entities}
    for quote, row in zip(analysis.quotes, data["quotes"], strict=True):
        _inside(quote.span, text)
        assert row["text"] == text[quote.span.start : quote.span.end]
        assert quote.parts
        for part in quote.parts:
            _inside(part, text)
            assert quote.span.start <= part.start and part.end <= quote.span.end
        if quote.cue is not None:
            _inside(quote.cue.span, text)
        if quote.speaker_mention is not None:
            _inside(quote.speaker_mention, text)
        assert quote.speaker is None or quote.speaker in ids
        assert 0.0 <= quote.confidence <= 1.0
        assert quote.kind in ("direct", "indirect", "mixed")
    for entity in analysis.entities:
        for mention in entity.mentions:
            _inside(mention, text)


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_quoted_passages_stay_inside_their_paragraph(text: str) -> None:
    article = article_from_text(text)
    for passage in find_quoted_passages(text, article.paragraphs):
        assert any(p.start <= passage.outer.start and passage.outer.end <= p.end for p in article.paragraphs)
        assert text[passage.outer.start] in "\u201c\u201d\u201e\u201f\u00ab\u00bb\"\u2018\u2019\u201a'"
