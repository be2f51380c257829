"""The read side of a corpus: quotes, full-text search, speakers, one article, statistics."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from presslens.errors import ConfigError, StoreError
from presslens.model import QUOTE_KINDS
from presslens.store.rows import (
    CorpusStats,
    ErrorRecord,
    QuoteRecord,
    SearchHit,
    SpeakerRecord,
    StoredArticle,
    analysis_from_rows,
    quote_from_row,
)
from presslens.store.speakers import fold, parse_person_name

__all__ = ["QuoteFilter", "article", "errors", "quotes", "search", "speakers", "stats"]

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteFilter:
    """What ``quotes()`` selects. Dates are ISO prefixes (``2024``, ``2024-05``, ``2024-05-31``)
    compared with the article's publication date, both ends inclusive. ``about`` matches words
    of the quote (each word, as a prefix). ``all_copies`` keeps the repeats of a quote in
    near-duplicate copies of the same story."""

    speaker: str | None = None
    about: str | None = None
    since: str | None = None
    until: str | None = None
    site: str | None = None
    kind: str | None = None
    limit: int | None = 100
    all_copies: bool = False

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _DATE.match(value):
                raise ConfigError(f"--{name} wants a date like 2024-05-31, not {value!r}", code="bad-date")
        if self.kind is not None and self.kind not in QUOTE_KINDS:
            raise ConfigError(f"quote kind must be one of {', '.join(QUOTE_KINDS)}", code="bad-kind")
        if self.limit is not None and self.limit < 0:
            raise ConfigError("limit must be >= 0", code="bad-limit")


def speaker_ids(conn: sqlite3.Connection, name: str) -> list[int]:
    """Speakers a user means by ``name``: an alias, or a person with that (first name and)
    surname ("Lukashenko" finds Alexander Lukashenko and any other Lukashenko)."""
    found = {row[0] for row in conn.execute("SELECT speaker_id FROM speaker_aliases WHERE alias_key = ?", (fold(name),))}
    parsed = parse_person_name(name)
    if parsed is not None:
        for speaker_id, first in conn.execute(
            "SELECT id, first_name FROM speakers WHERE kind = 'PERSON' AND surname = ?", (parsed.surname,)
        ):
            if parsed.first is None or first is None or first == parsed.first or (
                min(len(first), len(parsed.first)) == 1 and first[0] == parsed.first[0]
            ):
                found.add(speaker_id)
    return sorted(found)


def _match_words(text: str) -> str:
    """An FTS5 query that matches every word of ``text`` as a prefix, whatever its punctuation."""
    return " ".join(f'"{word}"*' for word in _WORD.findall(text))


def quotes(conn: sqlite3.Connection, where: QuoteFilter) -> list[QuoteRecord]:
    clauses: list[str] = []
    params: list[Any] = []
    if where.speaker is not None:
        ids = speaker_ids(conn, where.speaker)
        if not ids:
            return []
        clauses.append(f"q.speaker_id IN ({', '.join('?' * len(ids))})")
        params.extend(ids)
    if where.about is not None and where.about.strip():
        match = _match_words(where.about)
        if not match:
            return []
        clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append("text : (" + match + ")")
    if where.since is not None:
        clauses.append("substr(a.published, 1, ?) >= ?")
        params.extend([len(where.since), where.since])
    if where.until is not None:
        clauses.append("substr(a.published, 1, ?) <= ?")
        params.extend([len(where.until), where.until])
    if where.site is not None:
        host = where.site.strip().lower().removeprefix("www.")
        clauses.append("(lower(a.site) = ? OR lower(a.site) LIKE ?)")
        params.extend([host, "%." + host])
    if where.kind is not None:
        clauses.append("q.kind = ?")
        params.append(where.kind)
    if not where.all_copies:
        clauses.append("q.duplicate_of IS NULL")
    sql = (
        "SELECT q.*, s.name AS canonical, a.url, a.site, a.title, a.published"
        " FROM quotes q JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN speakers s ON s.id = q.speaker_id"
        + (" WHERE " + " AND ".join(clauses) if clauses else "")
        + " ORDER BY a.published IS NULL, a.published DESC, q.id"
    )
    if where.limit is not None:
        sql += " LIMIT ?"
        params.append(where.limit)
    return [
        QuoteRecord(
            id=row["id"],
            article_id=row["article_id"],
            text=row["text"],
            kind=row["kind"],
            quote=quote_from_row(row),
            speaker=row["canonical"],
            speaker_id=row["speaker_id"],
            speaker_in_article=row["speaker_name"],
            cue=row["cue_lemma"],
            confidence=row["confidence"],
            url=row["url"],
            site=row["site"],
            title=row["title"],
            published=row["published"],
            story_id=row["story_id"],
        )
        for row in conn.execute(sql, params)
    ]


def _run_match(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...], query: str) -> list[sqlite3.Row]:
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        message = str(error)
        if "locked" in message or "busy" in message:
            raise StoreError(f"the database is busy: {message}", code="database-busy") from error
        raise StoreError(
            f"invalid search query {query!r} ({message}); put phrases in double quotes,"
            ' e.g. \'"prime minister" AND budget\'',
            code="bad-query",
        ) from error


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20, what: str = "all") -> list[SearchHit]:
    """Full-text search (FTS5 syntax) over article titles and text and over quotes."""
    if not query.strip():
        raise StoreError("the search query is empty", code="bad-query")
    if what not in ("all", "articles", "quotes"):
        raise ConfigError("what must be all, articles or quotes", code="bad-option")
    hits: list[SearchHit] = []
    if what in ("all", "articles"):
        rows = _run_match(
            conn,
            "SELECT a.id, a.title, snippet(articles_fts, 1, '[', ']', '…', 16) AS snip"
            " FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
            query,
        )
        hits += [SearchHit(kind="article", article_id=r["id"], title=r["title"], snippet=r["snip"]) for r in rows]
    if what in ("all", "quotes"):
        rows = _run_match(
            conn,
            "SELECT q.id, q.article_id, a.title, coalesce(s.name, q.speaker_name) AS who,"
            " snippet(quotes_fts, 0, '[', ']', '…', 24) AS snip"
            " FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid"
            " JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
            " WHERE quotes_fts MATCH ? AND q.duplicate_of IS NULL ORDER BY rank LIMIT ?",
            (query, limit),
            query,
        )
        hits += [
            SearchHit(
                kind="quote",
                article_id=r["article_id"],
                title=r["title"],
                snippet=r["snip"],
                quote_id=r["id"],
                speaker=r["who"],
            )
            for r in rows
        ]
    return hits


def speakers(conn: sqlite3.Connection, *, top: int | None = None, name: str | None = None) -> list[SpeakerRecord]:
    """Speakers by the number of distinct stories they are quoted in (copies count once)."""
    params: list[Any] = []
    where = ""
    if name is not None:
        ids = speaker_ids(conn, name)
        if not ids:
            return []
        where = f" WHERE s.id IN ({', '.join('?' * len(ids))})"
        params.extend(ids)
    sql = (
        "SELECT s.id, s.name, s.kind, count(q.id) FILTER (WHERE q.duplicate_of IS NULL) AS quotes,"
        " count(DISTINCT q.story_id) AS stories"
        " FROM speakers s JOIN quotes q ON q.speaker_id = s.id" + where + " GROUP BY s.id"
        " ORDER BY stories DESC, quotes DESC, s.name"
    )
    if top is not None:
        sql += " LIMIT ?"
        params.append(top)
    rows = conn.execute(sql, params).fetchall()
    records = []
    for row in rows:
        aliases = tuple(
            alias
            for (alias,) in conn.execute(
                "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY mentions DESC, alias",
                (row["id"],),
            )
        )
        records.append(
            SpeakerRecord(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                aliases=aliases,
                quotes=row["quotes"],
                stories=row["stories"],
            )
        )
    return records


def article(conn: sqlite3.Connection, article_id: str) -> StoredArticle:
    """One article by id or unique id prefix (at least 4 characters)."""
    prefix = article_id.strip()
    if len(prefix) < 4:
        raise StoreError("give at least 4 characters of the article id", code="bad-article-id")
    rows = conn.execute(
        "SELECT * FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", (prefix, prefix + "\uffff")
    ).fetchall()
    if not rows:
        raise StoreError(f"no article with id {article_id!r}", code="article-not-found")
    if len(rows) > 1 and rows[0]["id"] != prefix:
        raise StoreError(f"the id prefix {article_id!r} matches several articles; give more of it", code="ambiguous-id")
    row = rows[0]
    entities = conn.execute("SELECT * FROM entities WHERE article_id = ? ORDER BY rowid", (row["id"],)).fetchall()
    quote_rows = conn.execute("SELECT * FROM quotes WHERE article_id = ? ORDER BY seq", (row["id"],)).fetchall()
    names = {
        e["entity_id"]: n
        for e in entities
        if e["speaker_id"] is not None
        for (n,) in conn.execute("SELECT name FROM speakers WHERE id = ?", (e["speaker_id"],))
    }
    return StoredArticle(
        analysis=analysis_from_rows(row, entities, quote_rows),
        story_id=row["story_id"],
        source=row["source"],
        ingested_at=row["ingested_at"],
        speakers=names,
    )


def _count(conn: sqlite3.Connection, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0])


def stats(conn: sqlite3.Connection) -> CorpusStats:
    first, last = conn.execute("SELECT min(published), max(published) FROM articles").fetchone()
    page_count = _count(conn, "PRAGMA page_count")
    page_size = _count(conn, "PRAGMA page_size")
    return CorpusStats(
        articles=_count(conn, "SELECT count(*) FROM articles"),
        stories=_count(conn, "SELECT count(*) FROM stories"),
        quotes=_count(conn, "SELECT count(*) FROM quotes"),
        speakers=_count(conn, "SELECT count(DISTINCT speaker_id) FROM quotes"),
        entities=_count(conn, "SELECT count(*) FROM entities"),
        errors=_count(conn, "SELECT count(*) FROM errors"),
        sites=_count(conn, "SELECT count(DISTINCT site) FROM articles"),
        first_published=first,
        last_published=last,
        errors_by_code=dict(conn.execute("SELECT code, count(*) FROM errors GROUP BY code ORDER BY 2 DESC")),
        quotes_by_kind=dict(conn.execute("SELECT kind, count(*) FROM quotes GROUP BY kind ORDER BY 2 DESC")),
        database_bytes=page_count * page_size,
    )


def errors(conn: sqlite3.Connection, *, code: str | None = None, limit: int | None = None) -> list[ErrorRecord]:
    sql = (
        "SELECT id, source, source_key, stage, code, reason, time, attempts,"
        " raw IS NOT NULL AS has_raw FROM errors"
    )
    params: list[Any] = []
    if code is not None:
        sql += " WHERE code = ?"
        params.append(code)
    sql += " ORDER BY id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        ErrorRecord(
            id=r["id"],
            source=r["source"],
            source_key=r["source_key"],
            stage=r["stage"],
            code=r["code"],
            reason=r["reason"],
            time=r["time"],
            attempts=r["attempts"],
            retryable_offline=bool(r["has_raw"]),
        )
        for r in conn.execute(sql, params)
    ]
