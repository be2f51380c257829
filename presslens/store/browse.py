"""Read methods a browser needs beyond quote lists: article listings, one speaker in
detail (aliases, roles, quotes per month, what they speak about, who is quoted beside
them) and the corpus speakers behind an article's quotes.

Quote counts follow the same default view as ``quotes()`` (see ``QuoteFilter``), through
``queries.quote_where``; nothing here restates a quote filter.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any

from presslens.errors import StoreError
from presslens.store.filters import QuoteFilter, site_clause
from presslens.store.queries import quote_where

__all__ = [
    "ArticleFilter",
    "ArticleSummary",
    "CoQuoted",
    "QuotedSpeaker",
    "SpeakerDetail",
    "Topic",
    "articles",
    "quote_ids",
    "quoted_speakers",
    "speaker",
]

TOPICS = 12  # entities listed as what a speaker talks about
CO_QUOTED = 12  # speakers listed as quoted in the same stories


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFilter:
    """What ``articles()`` lists, newest first. Dates and sites mean what they mean for quotes."""

    site: str | None = field(default=None, metadata={"help": "A host (subdomains included) or a site's name."})
    since: str | None = field(default=None, metadata={"help": "Published on or after this date (YYYY[-MM[-DD]])."})
    until: str | None = field(default=None, metadata={"help": "Published on or before this date (YYYY[-MM[-DD]])."})
    language: str | None = field(default=None, metadata={"help": "Article language (ISO 639-1, e.g. en)."})
    page_class: str | None = field(default=None, metadata={"help": "Page class: news or other."})
    limit: int | None = field(default=50, metadata={"help": "At most this many articles."})
    offset: int = field(default=0, metadata={"help": "Skip this many articles first (for paging)."})

    def __post_init__(self) -> None:
        # The quote filter owns the rules for dates, language, class and paging.
        QuoteFilter(
            since=self.since,
            until=self.until,
            language=self.language,
            page_class=self.page_class,
            limit=self.limit,
            offset=self.offset,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleSummary:
    """An article as a list shows it; ``quotes`` counts its quotes in the default view."""

    id: str
    title: str | None
    url: str | None
    site: str | None
    published: str | None
    language: str | None
    page_class: str | None
    authors: tuple[str, ...]
    story_id: int
    quotes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "site": self.site,
            "published": self.published,
            "language": self.language,
            "page_class": self.page_class,
            "authors": list(self.authors),
            "story_id": self.story_id,
            "quotes": self.quotes,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic:
    """An entity named inside a speaker's quotes, and in how many of them."""

    name: str
    kind: str
    quotes: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "quotes": self.quotes}


@dataclass(frozen=True, slots=True, kw_only=True)
class CoQuoted:
    """Another speaker quoted in the same stories, and in how many."""

    id: int
    name: str
    stories: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "stories": self.stories}


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakerDetail:
    """One canonical speaker with everything a speaker page shows but the quotes themselves."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]  # titles stripped from their name in articles, most frequent first
    quotes: int
    stories: int
    first_quoted: str | None  # publication dates of the articles
    last_quoted: str | None
    quotes_by_month: tuple[tuple[str, int], ...]  # (YYYY-MM, quotes), months with quotes only
    topics: tuple[Topic, ...]
    co_quoted: tuple[CoQuoted, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "quotes": self.quotes,
            "stories": self.stories,
            "first_quoted": self.first_quoted,
            "last_quoted": self.last_quoted,
            "quotes_by_month": [{"month": month, "quotes": count} for month, count in self.quotes_by_month],
            "topics": [topic.to_dict() for topic in self.topics],
            "co_quoted": [other.to_dict() for other in self.co_quoted],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class QuotedSpeaker:
    """The corpus speaker an article's entity was resolved to."""

    entity_id: str
    speaker_id: int
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"entity_id": self.entity_id, "speaker_id": self.speaker_id, "name": self.name}


def articles(conn: sqlite3.Connection, where: ArticleFilter) -> list[ArticleSummary]:
    clauses: list[str] = []
    params: list[Any] = []
    if where.site is not None:
        clause, values = site_clause(where.site)
        clauses.append(clause)
        params.extend(values)
    if where.since is not None:
        clauses.append("substr(a.published, 1, ?) >= ?")
        params.extend([len(where.since), where.since])
    if where.until is not None:
        clauses.append("substr(a.published, 1, ?) <= ?")
        params.extend([len(where.until), where.until])
    for column, value in (("a.language", where.language), ("a.page_class", where.page_class)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    sql = (
        "SELECT a.id, a.title, a.url, a.site, a.published, a.language, a.page_class, a.authors, a.story_id"
        " FROM articles a" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        + " ORDER BY a.published IS NULL, a.published DESC, a.id"
    )
    if where.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params.extend([where.limit, where.offset])
    rows = conn.execute(sql, params).fetchall()
    counts = _quote_counts(conn, [row[0] for row in rows])
    return [
        ArticleSummary(
            id=row[0],
            title=row[1],
            url=row[2],
            site=row[3],
            published=row[4],
            language=row[5],
            page_class=row[6],
            authors=tuple(json.loads(row[7])),
            story_id=row[8],
            quotes=counts.get(row[0], 0),
        )
        for row in rows
    ]


def _quote_counts(conn: sqlite3.Connection, article_ids: list[str]) -> dict[str, int]:
    """Quotes of the default view per article, for one page of articles."""
    found = quote_where(conn, QuoteFilter(limit=None))
    if found is None or not article_ids:
        return {}
    view, view_params = found
    counts: dict[str, int] = {}
    for start in range(0, len(article_ids), 500):  # SQLite's limit on bound parameters
        chunk = article_ids[start : start + 500]
        # INDEXED BY the (article_id, seq) index: left to itself SQLite reads the view's
        # (act, confidence) index, most of the quotes table, for every article.
        rows = conn.execute(
            "SELECT q.article_id, count(*) FROM quotes q INDEXED BY sqlite_autoindex_quotes_1"
            " JOIN articles a INDEXED BY articles_view ON a.id = q.article_id"
            f" WHERE q.article_id IN ({', '.join('?' * len(chunk))}) AND {view} GROUP BY q.article_id",
            [*chunk, *view_params],
        )
        counts.update((row[0], row[1]) for row in rows)
    return counts


def speaker(conn: sqlite3.Connection, speaker_id: int, view: QuoteFilter | None = None) -> SpeakerDetail:
    """One speaker; counts, months, topics and co-quoted speakers follow ``view`` (the default
    view when None) and count each quote once across near-duplicate copies."""
    row = conn.execute("SELECT id, name, kind FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
    if row is None:
        raise StoreError(f"no speaker with id {speaker_id}", code="speaker-not-found")
    base = replace(view or QuoteFilter(), speaker=None, speaker_id=speaker_id, limit=None, offset=0, all_copies=False)
    found = quote_where(conn, base)
    mine, mine_params = found if found is not None else ("0", [])
    joined = " FROM quotes q JOIN articles a INDEXED BY articles_view ON a.id = q.article_id WHERE "
    quotes, stories, first, last = conn.execute(
        "SELECT count(*), count(DISTINCT q.story_id), min(a.published), max(a.published)" + joined + mine,
        mine_params,
    ).fetchone()
    months = conn.execute(
        "SELECT substr(a.published, 1, 7) AS month, count(*)" + joined + mine
        + " AND a.published IS NOT NULL GROUP BY month ORDER BY month",
        mine_params,
    ).fetchall()
    topics = _topics(conn, speaker_id, joined + mine, mine_params)
    co_quoted = conn.execute(
        "SELECT s.id, s.name, count(DISTINCT other.story_id) AS n"
        " FROM quotes other JOIN speakers s ON s.id = other.speaker_id"
        " WHERE other.speaker_id != ? AND other.story_id IN (SELECT q.story_id" + joined + mine + ")"
        " GROUP BY s.id ORDER BY n DESC, s.name LIMIT ?",
        [speaker_id, *mine_params, CO_QUOTED],
    ).fetchall()
    aliases = conn.execute(
        "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY mentions DESC, alias", (speaker_id,)
    ).fetchall()
    roles = conn.execute(
        "SELECT role, count(*) AS n FROM entities WHERE speaker_id = ? AND role IS NOT NULL AND role != ''"
        " GROUP BY role ORDER BY n DESC, role LIMIT 5",
        (speaker_id,),
    ).fetchall()
    return SpeakerDetail(
        id=row[0],
        name=row[1],
        kind=row[2],
        aliases=tuple(a[0] for a in aliases),
        roles=tuple(r[0] for r in roles),
        quotes=quotes,
        stories=stories,
        first_quoted=first,
        last_quoted=last,
        quotes_by_month=tuple((m[0], m[1]) for m in months),
        topics=topics,
        co_quoted=tuple(CoQuoted(id=c[0], name=c[1], stories=c[2]) for c in co_quoted),
    )


def _topics(conn: sqlite3.Connection, speaker_id: int, selection: str, params: list[Any]) -> tuple[Topic, ...]:
    """Entities mentioned inside the selected quotes (``selection``: ``FROM ... WHERE ...``
    over ``quotes q``), other than the speaker, by the number of quotes naming them. Each
    article's entities are read and their mentions parsed once, not once per quote."""
    quotes = conn.execute("SELECT q.article_id, q.start, q.end, q.entity_id" + selection, params).fetchall()
    entities: dict[str, list[tuple[str, str, str, list[tuple[int, int]]]]] = {}
    for article_id, entity_id, name, kind, mentions, entity_speaker in conn.execute(
        "SELECT article_id, entity_id, name, kind, mentions, speaker_id FROM entities"
        " WHERE article_id IN (SELECT q.article_id" + selection + ")",
        params,
    ):
        if entity_speaker == speaker_id:
            continue
        spans = [(int(m["start"]), int(m["end"])) for m in json.loads(mentions)]
        entities.setdefault(article_id, []).append((entity_id, name, kind, spans))
    counts: dict[tuple[str, str], int] = {}
    for article_id, start, end, own in quotes:
        for entity_id, name, kind, spans in entities.get(article_id, ()):
            if entity_id != own and any(start <= s and e <= end for s, e in spans):
                counts[(name, kind)] = counts.get((name, kind), 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))[:TOPICS]
    return tuple(Topic(name=name, kind=kind, quotes=n) for (name, kind), n in ranked)


def quoted_speakers(conn: sqlite3.Connection, article_id: str) -> dict[str, QuotedSpeaker]:
    """Entity id -> corpus speaker, for the entities of one article that are quoted."""
    rows = conn.execute(
        "SELECT e.entity_id, s.id, s.name FROM entities e JOIN speakers s ON s.id = e.speaker_id"
        " WHERE e.article_id = ?",
        (article_id,),
    ).fetchall()
    return {r[0]: QuotedSpeaker(entity_id=r[0], speaker_id=r[1], name=r[2]) for r in rows}


def quote_ids(conn: sqlite3.Connection, article_id: str) -> tuple[int, ...]:
    """The stored ids of an article's quotes, in the order ``article()`` returns its quotes."""
    return tuple(r[0] for r in conn.execute("SELECT id FROM quotes WHERE article_id = ? ORDER BY seq", (article_id,)))
