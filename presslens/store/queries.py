"""The read side of a corpus: quotes, full-text search, speakers, one article, statistics."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from presslens.errors import ConfigError, StoreError
from presslens.store.filters import QuoteFilter, fts_query, site_clause
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

__all__ = [
    "QuoteFilter",
    "article",
    "errors",
    "quote_context",
    "quote_where",
    "quotes",
    "search",
    "speakers",
    "stats",
]

_WORD = re.compile(r"\w+")


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


def quote_where(conn: sqlite3.Connection, where: QuoteFilter) -> tuple[str, list[Any]] | None:
    """The WHERE clause (over ``quotes q JOIN articles a``) for a filter; None when nothing can match."""
    clauses: list[str] = []
    params: list[Any] = []
    if where.speaker is not None:
        ids = speaker_ids(conn, where.speaker)
        if not ids:
            return None
        clauses.append(f"q.speaker_id IN ({', '.join('?' * len(ids))})")
        params.extend(ids)
    if where.speaker_id is not None:
        clauses.append("q.speaker_id = ?")
        params.append(where.speaker_id)
    if where.about is not None and where.about.strip():
        match = _match_words(where.about)
        if not match:
            return None
        clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append("text : (" + match + ")")
    if where.since is not None:
        clauses.append("substr(a.published, 1, ?) >= ?")
        params.extend([len(where.since), where.since])
    if where.until is not None:
        clauses.append("substr(a.published, 1, ?) <= ?")
        params.extend([len(where.until), where.until])
    if where.site is not None:
        clause, values = site_clause(where.site)
        clauses.append(clause)
        params.extend(values)
    # One speaker's quotes are few: read them through the speaker index. A unary + keeps
    # SQLite from choosing the (act, confidence) index instead, which it does without
    # statistics and reads most of the table (bench/serve.py: 420 ms -> a few ms at 10k articles).
    act = "+q.act" if where.speaker is not None or where.speaker_id is not None else "q.act"
    for column, value in (("q.kind", where.kind), (act, where.act_shown), ("a.language", where.language)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if where.page_class is not None:
        clauses.append("a.page_class = ?")
        params.append(where.page_class)
    elif not where.everything:
        clauses.append("(a.page_class IS NULL OR a.page_class = 'news')")
    if where.confidence_floor is not None:
        clauses.append("q.confidence >= ?")
        params.append(where.confidence_floor)
    if not where.all_copies:
        clauses.append("q.duplicate_of IS NULL")
    return " AND ".join(clauses) or "1", params


def quotes(conn: sqlite3.Connection, where: QuoteFilter) -> list[QuoteRecord]:
    found = quote_where(conn, where)
    if found is None:
        return []
    clause, params = found
    order = " ORDER BY a.published IS NULL, a.published DESC, q.id"
    if where.limit is None:
        chosen = clause
    else:
        # A page's quote ids are picked from the indexes alone (see migration 4), then only
        # those rows are read. One speaker's or one topic's quotes are few: read them all
        # and sort. Otherwise walk the articles newest first and stop at the page's end;
        # SQLite, without statistics, would sort every quote of the view for 50 of them.
        if where.speaker is not None or where.speaker_id is not None or where.about is not None:
            source = "quotes q JOIN articles a INDEXED BY articles_view ON a.id = q.article_id"
        else:
            source = (
                "articles a INDEXED BY articles_order"
                " CROSS JOIN quotes q INDEXED BY sqlite_autoindex_quotes_1 ON q.article_id = a.id"
            )
        chosen = f"q.id IN (SELECT q.id FROM {source} WHERE {clause}{order} LIMIT ? OFFSET ?)"
        params.extend([where.limit, where.offset])
    sql = (
        "SELECT q.*, s.name AS canonical, a.url, a.site, a.title, a.published"
        " FROM quotes q JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN speakers s ON s.id = q.speaker_id WHERE " + chosen + order
    )
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
            act=row["act"],
            url=row["url"],
            site=row["site"],
            title=row["title"],
            published=row["published"],
            story_id=row["story_id"],
        )
        for row in conn.execute(sql, params)
    ]


_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]*(?=\s|$)")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentences holding ``text[start:end]``, kept within its paragraph."""
    left = text.rfind("\n\n", 0, start)
    left = 0 if left < 0 else left + 2
    right = text.find("\n\n", end)
    right = len(text) if right < 0 else right
    for found in _SENTENCE_END.finditer(text, left, start):
        left = found.end()
    after = _SENTENCE_END.search(text, max(end - 1, left), right)
    if after is not None:
        right = after.end()
    while left < start and text[left].isspace():
        left += 1
    return left, right


def quote_context(conn: sqlite3.Connection, quote_id: int) -> str:
    """The sentence(s) around a stored quote, as the article has them."""
    row = conn.execute(
        "SELECT a.text, q.start, q.end FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id = ?",
        (quote_id,),
    ).fetchone()
    if row is None:
        raise StoreError(f"no quote with id {quote_id}", code="quote-not-found")
    left, right = sentence_around(row["text"], row["start"], row["end"])
    return str(row["text"][left:right])


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


def search(
    conn: sqlite3.Connection, query: str, *, limit: int = 20, what: str = "all", everything: bool = False
) -> list[SearchHit]:
    """Full-text search over article titles and text and over quotes (the default view's
    quotes unless ``everything``). FTS5 syntax works; other terms are matched as typed."""
    if not query.strip():
        raise StoreError("the search query is empty", code="bad-query")
    if what not in ("all", "articles", "quotes"):
        raise ConfigError("what must be all, articles or quotes", code="bad-option")
    if not 1 <= limit <= 1000:
        raise ConfigError("limit must be between 1 and 1000", code="bad-limit")
    typed, query = query, fts_query(query)
    hits: list[SearchHit] = []
    if what in ("all", "articles"):
        rows = _run_match(
            conn,
            "SELECT a.id, a.title, snippet(articles_fts, 1, '[', ']', '…', 16) AS snip"
            " FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
            typed,
        )
        hits += [SearchHit(kind="article", article_id=r["id"], title=r["title"], snippet=r["snip"]) for r in rows]
    if what in ("all", "quotes"):
        view, view_params = quote_where(conn, QuoteFilter(everything=everything)) or ("0", [])
        rows = _run_match(
            conn,
            "SELECT q.id, q.article_id, a.title, coalesce(s.name, q.speaker_name) AS who,"
            " snippet(quotes_fts, 0, '[', ']', '…', 24) AS snip"
            " FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid"
            " JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
            " WHERE quotes_fts MATCH ? AND " + view + " ORDER BY rank LIMIT ?",
            (query, *view_params, limit),
            typed,
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


def speakers(
    conn: sqlite3.Connection, *, top: int | None = None, name: str | None = None, everything: bool = False
) -> list[SpeakerRecord]:
    """Speakers by the number of distinct stories they are quoted in (copies count once),
    counting the default view's quotes unless ``everything``."""
    found = quote_where(conn, QuoteFilter(speaker=name, everything=everything, all_copies=True, limit=None))
    if found is None:
        return []
    where, params = found
    sql = (
        "SELECT s.id, s.name, s.kind, count(q.id) FILTER (WHERE q.duplicate_of IS NULL) AS quotes,"
        " count(DISTINCT q.story_id) AS stories"
        " FROM speakers s JOIN quotes q ON q.speaker_id = s.id JOIN articles a INDEXED BY articles_view ON a.id = q.article_id"
        " WHERE " + where + " GROUP BY s.id ORDER BY stories DESC, quotes DESC, s.name"
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


def _breakdown(conn: sqlite3.Connection, expression: str, *, top: int | None = None) -> dict[str, int]:
    """Articles counted by ``expression`` (a fixed SQL expression, never user input), largest first."""
    sql = f"SELECT {expression} AS value, count(*) FROM articles GROUP BY value ORDER BY 2 DESC, 1"
    return dict(conn.execute(sql + ("" if top is None else f" LIMIT {int(top)}")))


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
        quotes_by_act=dict(conn.execute("SELECT act, count(*) FROM quotes GROUP BY act ORDER BY 2 DESC")),
        articles_by_language=_breakdown(conn, "coalesce(language, 'unknown')"),
        articles_by_class=_breakdown(conn, "coalesce(page_class, 'unclassified')"),
        articles_by_month=dict(
            conn.execute(
                "SELECT coalesce(substr(published, 1, 7), 'unknown') AS month, count(*) FROM articles"
                " GROUP BY month ORDER BY month"
            )
        ),
        articles_by_site=_breakdown(conn, "coalesce(host, site, 'unknown')", top=20),
        # analysis.languages marks articles no pipeline reads "not analysed: language xx"
        not_analysed_by_language=dict(
            conn.execute(
                "SELECT substr(analyzer, 24) AS language, count(*) FROM articles"
                " WHERE analyzer LIKE 'not analysed: language %' GROUP BY language ORDER BY 2 DESC, 1"
            )
        ),
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
