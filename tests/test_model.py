"""Round-trips of every model record through to_dict/from_dict (and JSON)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.model import (
    Analysis,
    Article,
    Caption,
    Cue,
    Entity,
    Quote,
    RawDocument,
    Rejected,
    RelatedLink,
    Span,
)

texts = st.text(max_size=60)
maybe_text = st.none() | texts


@st.composite
def spans(draw: st.DrawFn, limit: int = 200) -> Span:
    start = draw(st.integers(0, limit))
    return Span(start=start, end=draw(st.integers(start, limit)))


articles = st.builds(
    Article,
    id=texts,
    text=texts,
    paragraphs=st.lists(spans()).map(tuple),
    url=maybe_text,
    site=maybe_text,
    title=maybe_text,
    authors=st.lists(texts).map(tuple),
    agencies=st.lists(texts).map(tuple),
    published=maybe_text,
    language=maybe_text,
    description=maybe_text,
    captions=st.lists(st.builds(Caption, text=texts, credit=maybe_text)).map(tuple),
    related=st.lists(st.builds(RelatedLink, title=texts, url=maybe_text)).map(tuple),
    extractor=texts,
)
quotes = st.builds(
    Quote,
    span=spans(),
    kind=st.sampled_from(["direct", "indirect", "mixed"]),
    parts=st.lists(spans()).map(tuple),
    cue=st.none() | st.builds(Cue, span=spans(), lemma=texts),
    speaker_mention=st.none() | spans(),
    speaker=maybe_text,
    confidence=st.floats(0, 1),
)
entities = st.builds(
    Entity, id=texts, name=texts, kind=texts, mentions=st.lists(spans()).map(tuple)
)
analyses = st.builds(
    Analysis,
    article=articles,
    entities=st.lists(entities, max_size=4).map(tuple),
    quotes=st.lists(quotes, max_size=4).map(tuple),
    analyzer=texts,
)


def through_json(data: dict) -> dict:
    return json.loads(json.dumps(data))


@given(articles)
def test_article_round_trips(article: Article) -> None:
    assert Article.from_dict(through_json(article.to_dict())) == article


@given(analyses)
def test_analysis_round_trips(analysis: Analysis) -> None:
    assert Analysis.from_dict(through_json(analysis.to_dict())) == analysis


@given(st.builds(RawDocument, uri=texts, content=st.binary(), content_type=maybe_text,
                 encoding=maybe_text, fetched_at=maybe_text, origin=maybe_text))
def test_raw_document_round_trips_bytes(raw: RawDocument) -> None:
    assert RawDocument.from_dict(through_json(raw.to_dict())) == raw


def test_rejected_round_trips() -> None:
    rejected = Rejected(source_id="a.html", reason="no article found", code="no-article")
    assert Rejected.from_dict(rejected.to_dict()) == rejected


def test_quote_dict_carries_its_text_and_the_issue_keys() -> None:
    text = 'He said "we will win" today.'
    quote = Quote(span=Span(start=8, end=21), kind="direct", parts=(Span(start=8, end=21),))
    data = Analysis(article=Article(id="a", text=text, paragraphs=()), quotes=(quote,)).to_dict()
    assert data["quotes"][0]["text"] == '"we will win"'
    assert set(data["quotes"][0]) >= {
        "start", "end", "text", "parts", "kind", "cue", "speaker_mention", "speaker", "confidence"
    }


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 2)])
def test_span_refuses_inverted_or_negative_offsets(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        Span(start=start, end=end)


def test_records_are_frozen() -> None:
    span = Span(start=0, end=1)
    with pytest.raises(AttributeError):
        span.start = 2  # type: ignore[misc]
