"""Model objects <-> table rows, and the small frozen records that queries return.

Rows never leave the store: ``Corpus`` turns them into these records (or model objects).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from presslens.model import Analysis, Article, Caption, Cue, Entity, Quote, RelatedLink, Span
from presslens.store.filters import normalise_host

__all__ = [
    "CorpusStats",
    "ErrorRecord",
    "QuoteRecord",
    "SearchHit",
    "SpeakerRecord",
    "StoredArticle",
    "analysis_from_rows",
    "article_row",
    "entity_row",
    "quote_row",
]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _spans(data: str) -> tuple[Span, ...]:
    return tuple(Span.from_dict(item) for item in json.loads(data))


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteRecord:
    """A stored quote with its speaker and the article it came from."""

    id: int
    article_id: str
    text: str
    kind: str
    quote: Quote  # offsets into the article's text
    speaker: str | None  # canonical speaker name across the corpus
    speaker_id: int | None
    speaker_in_article: str | None  # the name the article used
    cue: str | None  # cue lemma
    confidence: float
    act: str  # statement | belief | finding
    url: str | None
    site: str | None
    title: str | None
    published: str | None
    story_id: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "speaker_in_article": self.speaker_in_article,
            "cue": self.cue,
            "confidence": self.confidence,
            "act": self.act,
            "start": self.quote.span.start,
            "end": self.quote.span.end,
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "published": self.published,
            "story_id": self.story_id,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakerRecord:
    """A canonical speaker: ``stories`` counts distinct stories, so wire copies count once."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    quotes: int
    stories: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "quotes": self.quotes,
            "stories": self.stories,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """One full-text match: an article (``kind="article"``) or a quote (``kind="quote"``)."""

    kind: str
    article_id: str
    title: str | None
    snippet: str
    quote_id: int | None = None
    speaker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "article_id": self.article_id,
            "title": self.title,
            "snippet": self.snippet,
            "quote_id": self.quote_id,
            "speaker": self.speaker,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredArticle:
    """An article as stored: its analysis, its story and where it came from."""

    analysis: Analysis
    story_id: int
    source: str | None
    ingested_at: str
    speakers: dict[str, str]  # entity id -> canonical speaker name, for quoted entities

    def to_dict(self) -> dict[str, Any]:
        data = self.analysis.to_dict()
        data.update(
            story_id=self.story_id,
            source=self.source,
            ingested_at=self.ingested_at,
            speakers=dict(self.speakers),
        )
        return data


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorRecord:
    """An input that failed: where, at which stage, why, and when it was last tried."""

    id: int
    source: str
    source_key: str
    stage: str
    code: str
    reason: str
    time: str
    attempts: int
    retryable_offline: bool  # its bytes are stored, so a retry needs no network

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "source_key": self.source_key,
            "stage": self.stage,
            "code": self.code,
            "reason": self.reason,
            "time": self.time,
            "attempts": self.attempts,
            "retryable_offline": self.retryable_offline,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class CorpusStats:
    articles: int
    stories: int
    quotes: int
    speakers: int
    entities: int
    errors: int
    sites: int
    first_published: str | None
    last_published: str | None
    errors_by_code: dict[str, int]
    quotes_by_kind: dict[str, int]
    quotes_by_act: dict[str, int]
    articles_by_language: dict[str, int]
    articles_by_class: dict[str, int]
    articles_by_month: dict[str, int]
    articles_by_site: dict[str, int]  # the 20 largest
    not_analysed_by_language: dict[str, int]  # stored, searchable, no pipeline for the language
    database_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "stories": self.stories,
            "quotes": self.quotes,
            "speakers": self.speakers,
            "entities": self.entities,
            "errors": self.errors,
            "sites": self.sites,
            "first_published": self.first_published,
            "last_published": self.last_published,
            "errors_by_code": dict(self.errors_by_code),
            "quotes_by_kind": dict(self.quotes_by_kind),
            "quotes_by_act": dict(self.quotes_by_act),
            "articles_by_language": dict(self.articles_by_language),
            "articles_by_class": dict(self.articles_by_class),
            "articles_by_month": dict(self.articles_by_month),
            "articles_by_site": dict(self.articles_by_site),
            "not_analysed_by_language": dict(self.not_analysed_by_language),
            "database_bytes": self.database_bytes,
        }


ARTICLE_COLUMNS = (
    "id, url, site, title, authors, agencies, published, language, description, text,"
    " paragraphs, captions, related, extractor, analyzer, page_class, replaced_bytes, host"
)


def article_row(analysis: Analysis) -> dict[str, Any]:
    article = analysis.article
    return {
        "id": article.id,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "authors": _dumps(list(article.authors)),
        "agencies": _dumps(list(article.agencies)),
        "published": article.published,
        "language": article.language,
        "description": article.description,
        "text": article.text,
        "paragraphs": _dumps([p.to_dict() for p in article.paragraphs]),
        "captions": _dumps([c.to_dict() for c in article.captions]),
        "related": _dumps([r.to_dict() for r in article.related]),
        "extractor": article.extractor,
        "analyzer": analysis.analyzer,
        "page_class": article.page_class,
        "replaced_bytes": article.replaced_bytes,
        "host": None if article.url is None else normalise_host(article.url) or None,
    }


def entity_row(article_id: str, entity: Entity, speaker_id: int | None) -> tuple[Any, ...]:
    mentions = _dumps([m.to_dict() for m in entity.mentions])
    return (article_id, entity.id, entity.name, entity.kind, mentions, speaker_id, entity.role)


def quote_row(
    analysis: Analysis, seq: int, quote: Quote, speaker_id: int | None, story_id: int
) -> dict[str, Any]:
    return {
        "article_id": analysis.article.id,
        "seq": seq,
        "start": quote.span.start,
        "end": quote.span.end,
        "text": quote.span.of(analysis.article.text),
        "kind": quote.kind,
        "parts": _dumps([p.to_dict() for p in quote.parts]),
        "cue_start": None if quote.cue is None else quote.cue.span.start,
        "cue_end": None if quote.cue is None else quote.cue.span.end,
        "cue_lemma": None if quote.cue is None else quote.cue.lemma,
        "speaker_start": None if quote.speaker_mention is None else quote.speaker_mention.start,
        "speaker_end": None if quote.speaker_mention is None else quote.speaker_mention.end,
        "entity_id": quote.speaker,
        "speaker_name": analysis.speaker_name(quote),
        "speaker_id": speaker_id,
        "confidence": quote.confidence,
        "act": quote.act,
        "story_id": story_id,
    }


def article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        paragraphs=_spans(row["paragraphs"]),
        url=row["url"],
        site=row["site"],
        title=row["title"],
        authors=tuple(json.loads(row["authors"])),
        agencies=tuple(json.loads(row["agencies"])),
        published=row["published"],
        language=row["language"],
        description=row["description"],
        captions=tuple(Caption.from_dict(c) for c in json.loads(row["captions"])),
        related=tuple(RelatedLink.from_dict(r) for r in json.loads(row["related"])),
        extractor=row["extractor"],
        page_class=row["page_class"],
        replaced_bytes=row["replaced_bytes"],
    )


def quote_from_row(row: sqlite3.Row) -> Quote:
    cue = None
    if row["cue_start"] is not None:
        cue = Cue(span=Span(start=row["cue_start"], end=row["cue_end"]), lemma=row["cue_lemma"] or "")
    mention = None
    if row["speaker_start"] is not None:
        mention = Span(start=row["speaker_start"], end=row["speaker_end"])
    return Quote(
        span=Span(start=row["start"], end=row["end"]),
        kind=row["kind"],
        parts=_spans(row["parts"]),
        cue=cue,
        speaker_mention=mention,
        speaker=row["entity_id"],
        confidence=row["confidence"],
        act=row["act"],
    )


def entity_from_row(row: sqlite3.Row) -> Entity:
    return Entity(
        id=row["entity_id"], name=row["name"], kind=row["kind"], mentions=_spans(row["mentions"]), role=row["role"]
    )


def analysis_from_rows(
    article: sqlite3.Row, entities: list[sqlite3.Row], quotes: list[sqlite3.Row]
) -> Analysis:
    return Analysis(
        article=article_from_row(article),
        entities=tuple(entity_from_row(e) for e in entities),
        quotes=tuple(quote_from_row(q) for q in quotes),
        analyzer=article["analyzer"],
    )
