"""Hand-built analyses for store tests (the style: no pipeline, exact control)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from presslens.model import Analysis, Article, Cue, Entity, Quote, Span
from presslens.store.corpus import Corpus

QuoteSpec = tuple[str, str | None, str]  # (quoted words as they appear in the text, speaker, kind)


def build_analysis(
    paragraphs: list[str],
    *,
    url: str | None = None,
    quotes: list[QuoteSpec] = (),  # type: ignore[assignment]
    published: str | None = "2024-05-01",
    title: str = "A story",
    site: str | None = None,
    kind: str = "PERSON",
) -> Analysis:
    """An analysis whose quotes are found by their words in the text; each distinct speaker
    becomes one entity whose single mention is the first occurrence of its name."""
    text = "\n\n".join(paragraphs)
    spans, offset = [], 0
    for paragraph in paragraphs:
        spans.append(Span(start=offset, end=offset + len(paragraph)))
        offset += len(paragraph) + 2
    key = url or text
    article = Article(
        id=hashlib.sha256(key.encode()).hexdigest()[:32],
        text=text,
        paragraphs=tuple(spans),
        url=url,
        site=site or (url.split("/")[2] if url else None),
        title=title,
        published=published,
        extractor="hand",
    )
    entities: dict[str, Entity] = {}
    built = []
    for words, speaker, quote_kind in quotes:
        start = text.index(words)
        span = Span(start=start, end=start + len(words))
        entity_id = None
        mention = None
        if speaker is not None:
            if speaker not in entities:
                at = text.find(speaker)
                mentions = (Span(start=at, end=at + len(speaker)),) if at >= 0 else ()
                entities[speaker] = Entity(id=f"e{len(entities)}", name=speaker, kind=kind, mentions=mentions)
            entity_id = entities[speaker].id
            mention = entities[speaker].mentions[0] if entities[speaker].mentions else None
        said = text.find("said", span.end)
        cue = Cue(span=Span(start=said, end=said + 4), lemma="say") if said >= 0 else None
        built.append(
            Quote(span=span, kind=quote_kind, parts=(span,), cue=cue, speaker_mention=mention, speaker=entity_id, confidence=0.9)
        )
    return Analysis(article=article, entities=tuple(entities.values()), quotes=tuple(built), analyzer="hand")


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Corpus]:
    with Corpus(tmp_path / "corpus.db") as opened:
        yield opened


@pytest.fixture
def make_analysis() -> Callable[..., Analysis]:
    return build_analysis
