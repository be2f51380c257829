"""The records handed between stages: frozen, JSON-friendly, round-trip tested.

Spans are character offsets into ``Article.text``: ``article.text[s.start:s.end]`` is the
spanned text, always. A quote points into the text instead of copying it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Analysis",
    "Article",
    "Caption",
    "Cue",
    "Entity",
    "Quote",
    "RawDocument",
    "Rejected",
    "RelatedLink",
    "Span",
]

ENTITY_KINDS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "OTHER")
QUOTE_KINDS = ("direct", "indirect", "mixed")
# What a quote reports: something said, a belief or intention, or a finding (a study, data).
QUOTE_ACTS = ("statement", "belief", "finding")
PAGE_CLASSES = ("news", "other")
# The default view shows statements at or above this confidence (calibrated: the chance a quote
# is a correct attribution; the lowest threshold at which train statements reach precision 0.92
# out of fold, a margin over the 0.9 goal for unseen articles; see bench/calibrate.py).
DEFAULT_MIN_CONFIDENCE = 0.83


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A half-open ``[start, end)`` range of character offsets into an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(start=int(data["start"]), end=int(data["end"]))


def _span_or_none(data: dict[str, Any] | None) -> Span | None:
    return None if data is None else Span.from_dict(data)


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """Bytes as they arrived, with enough provenance to run extraction again later."""

    uri: str
    content: bytes
    content_type: str | None = None  # MIME type as declared ("text/html"), if any
    encoding: str | None = None  # charset as declared by HTTP headers or the source
    fetched_at: str | None = None  # ISO 8601
    origin: str | None = None  # "file", "warc:<record id>", "feed:<url>", "stdin", ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "uri": self.uri,
            "content": base64.b64encode(self.content).decode("ascii"),
            "content_type": self.content_type,
            "encoding": self.encoding,
            "fetched_at": self.fetched_at,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawDocument:
        return cls(
            uri=data["uri"],
            content=base64.b64decode(data["content"]),
            content_type=data.get("content_type"),
            encoding=data.get("encoding"),
            fetched_at=data.get("fetched_at"),
            origin=data.get("origin"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    """An expected empty result (no article, too short, undecodable...): a value, not a crash.

    Batch runs count and store these; ``code`` is a stable slug such as ``"empty-input"``.
    """

    source_id: str
    reason: str
    code: str

    def to_dict(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "reason": self.reason, "code": self.code}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rejected:
        return cls(source_id=data["source_id"], reason=data["reason"], code=data["code"])


@dataclass(frozen=True, slots=True, kw_only=True)
class Caption:
    """A photo caption kept out of the body, with its credit line if the page gave one."""

    text: str
    credit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Caption:
        return cls(text=data["text"], credit=data.get("credit"))


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedLink:
    """A "related" / "you might also like" headline, with its link when known."""

    title: str
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RelatedLink:
        return cls(title=data["title"], url=data.get("url"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A clean article: body text with exact paragraph offsets, and its news metadata.

    ``text`` is the paragraphs joined by blank lines; the first paragraph is the lead.
    ``id`` is stable: a hash of the canonical URL, else of the normalised text.
    """

    id: str
    text: str
    paragraphs: tuple[Span, ...]
    url: str | None = None
    site: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601 date or datetime
    language: str | None = None  # ISO 639-1
    description: str | None = None
    captions: tuple[Caption, ...] = ()
    related: tuple[RelatedLink, ...] = ()
    extractor: str = "presslens"  # what produced it: "trafilatura", "text-cleaner", ...
    page_class: str | None = None  # one of PAGE_CLASSES; None when not classified
    replaced_bytes: int = 0  # undecodable byte sequences replaced with U+FFFD when decoding

    def paragraph_texts(self) -> tuple[str, ...]:
        return tuple(p.of(self.text) for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "authors": list(self.authors),
            "agencies": list(self.agencies),
            "published": self.published,
            "language": self.language,
            "description": self.description,
            "text": self.text,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "captions": [c.to_dict() for c in self.captions],
            "related": [r.to_dict() for r in self.related],
            "extractor": self.extractor,
            "page_class": self.page_class,
            "replaced_bytes": self.replaced_bytes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            text=data["text"],
            paragraphs=tuple(Span.from_dict(p) for p in data.get("paragraphs", ())),
            url=data.get("url"),
            site=data.get("site"),
            title=data.get("title"),
            authors=tuple(data.get("authors", ())),
            agencies=tuple(data.get("agencies", ())),
            published=data.get("published"),
            language=data.get("language"),
            description=data.get("description"),
            captions=tuple(Caption.from_dict(c) for c in data.get("captions", ())),
            related=tuple(RelatedLink.from_dict(r) for r in data.get("related", ())),
            extractor=data.get("extractor", "presslens"),
            page_class=data.get("page_class"),
            replaced_bytes=int(data.get("replaced_bytes", 0)),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """An in-article cluster: one canonical name, its kind and every mention of it.

    Mentions include pronouns and role nouns ("he", "Belarus' president") once resolved.
    """

    id: str  # unique within its Analysis, e.g. "e3"
    name: str
    kind: str  # one of ENTITY_KINDS
    mentions: tuple[Span, ...] = ()
    role: str | None = None  # title or descriptor stripped from the name ("registered dietitian")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "mentions": [m.to_dict() for m in self.mentions],
            "role": self.role,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            id=data["id"],
            name=data["name"],
            kind=data["kind"],
            mentions=tuple(Span.from_dict(m) for m in data.get("mentions", ())),
            role=data.get("role"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    """The words that mark an attribution ("said", "has repeatedly denied", "according to")."""

    span: Span
    lemma: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.span.start, "end": self.span.end, "lemma": self.lemma}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cue:
        return cls(span=Span.from_dict(data), lemma=data["lemma"])


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """One statement: its content span, the parts it is made of, its cue and its speaker.

    ``span`` covers the whole statement; ``parts`` are the content pieces when an
    attribution interrupts it (``"We will not retreat," he said. "Not one step."``),
    else one part equal to ``span``. ``speaker`` is an ``Entity.id`` or None when no
    speaker can be found; ``confidence`` is in [0, 1].
    """

    span: Span
    kind: str  # one of QUOTE_KINDS
    parts: tuple[Span, ...] = ()
    cue: Cue | None = None
    speaker_mention: Span | None = None
    speaker: str | None = None
    confidence: float = 0.5
    act: str = "statement"  # one of QUOTE_ACTS

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"start": self.span.start, "end": self.span.end}
        if text is not None:
            data["text"] = self.span.of(text)
        data.update(
            {
                "parts": [p.to_dict() for p in self.parts],
                "kind": self.kind,
                "cue": None if self.cue is None else self.cue.to_dict(),
                "speaker_mention": None
                if self.speaker_mention is None
                else self.speaker_mention.to_dict(),
                "speaker": self.speaker,
                "confidence": self.confidence,
                "act": self.act,
            }
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        return cls(
            span=Span.from_dict(data),
            kind=data["kind"],
            parts=tuple(Span.from_dict(p) for p in data.get("parts", ())),
            cue=None if data.get("cue") is None else Cue.from_dict(data["cue"]),
            speaker_mention=_span_or_none(data.get("speaker_mention")),
            speaker=data.get("speaker"),
            confidence=float(data.get("confidence", 0.5)),
            act=data.get("act", "statement"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """An article with the entities and quotes found in it."""

    article: Article
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    analyzer: str = field(default="presslens")  # pipeline and model that produced it

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        return next((e for e in self.entities if e.id == entity_id), None)

    def speaker_name(self, quote: Quote) -> str | None:
        found = self.entity(quote.speaker)
        return None if found is None else found.name

    def to_dict(self) -> dict[str, Any]:
        text = self.article.text
        return {
            "article": self.article.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict(text) for q in self.quotes],
            "analyzer": self.analyzer,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            article=Article.from_dict(data["article"]),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", ())),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", ())),
            analyzer=data.get("analyzer", "presslens"),
        )
