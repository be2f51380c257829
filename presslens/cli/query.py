"""Query commands over a corpus: ``quotes``, ``search``, ``speakers``, ``show``, ``stats``.

Each prints plain text for people, or one JSON object per line with ``--json``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = ["db_option", "json_option", "quotes", "search", "show", "speakers", "stats"]

F = TypeVar("F", bound=Callable[..., Any])


def db_option(command: F) -> F:
    """``--db PATH``, also from the ``PRESSLENS_DB`` environment variable."""
    return click.option(
        "--db",
        envvar="PRESSLENS_DB",
        show_envvar=True,
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The corpus database (SQLite file).",
    )(command)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Machine output: one JSON object per line.")(command)


def _emit_json(records: list[Any]) -> None:
    for record in records:
        click.echo(json.dumps(record.to_dict(), ensure_ascii=False))


def _open(db: Path) -> Any:
    from presslens.store.corpus import Corpus

    return Corpus(db, create=False)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A date prefix as typed: 2024 means the year, 2024-05 the month, 2024-05-31 the day."""
    if value is None:
        return None
    for pattern in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            datetime.strptime(value.strip(), pattern)
        except ValueError:
            continue
        return value.strip()
    raise click.BadParameter(f"{value!r} is not a date like 2024-05-31, 2024-05 or 2024")


@click.command()
@db_option
@click.option("--speaker", default=None, help="Speaker name or alias (a surname finds every match).")
@click.option("--about", default=None, help="Words the quote must contain (prefix match).")
@click.option("--since", callback=_date, default=None, help="Published on or after this date (YYYY[-MM[-DD]]).")
@click.option("--until", callback=_date, default=None, help="Published on or before this date (YYYY[-MM[-DD]]).")
@click.option("--site", default=None, help="Only articles from this host (subdomains included).")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]), default=None, help="Quote kind.")
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="At most this many quotes.")
@click.option("--all-copies", is_flag=True, help="Also list repeats of a quote in near-duplicate copies of a story.")
@json_option
def quotes(
    db: Path,
    speaker: str | None,
    about: str | None,
    since: str | None,
    until: str | None,
    site: str | None,
    kind: str | None,
    limit: int,
    all_copies: bool,
    as_json: bool,
) -> None:
    """Who said what: quotes with their speakers, newest first."""
    with _open(db) as corpus:
        found = corpus.quotes(
            speaker=speaker,
            about=about,
            since=since,
            until=until,
            site=site,
            kind=kind,
            limit=limit,
            all_copies=all_copies,
        )
    if as_json:
        _emit_json(found)
        return
    if not found:
        click.echo("no quotes match", err=True)
        return
    for record in found:
        who = record.speaker or record.speaker_in_article or "(unknown speaker)"
        when = (record.published or "")[:10]
        click.echo(f"{who} [{record.kind}] {when} {record.site or ''} {record.article_id[:12]}")
        click.echo(textwrap.indent(textwrap.fill(record.text, 88), "    "))


@click.command()
@db_option
@click.argument("query")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="Hits per kind (articles, quotes).")
@click.option("--what", type=click.Choice(["all", "articles", "quotes"]), default="all", show_default=True, help="What to search.")
@json_option
def search(db: Path, query: str, limit: int, what: str, as_json: bool) -> None:
    """Full-text search over article text and quotes, with snippets.

    QUERY uses SQLite FTS5 syntax: words, "exact phrases", AND / OR / NOT, prefix*.
    """
    with _open(db) as corpus:
        hits = corpus.search(query, limit=limit, what=what)
    if as_json:
        _emit_json(hits)
        return
    if not hits:
        click.echo("no matches", err=True)
        return
    for hit in hits:
        label = f"quote by {hit.speaker}" if hit.kind == "quote" and hit.speaker else hit.kind
        click.echo(f"{label}: {hit.title or '(untitled)'} {hit.article_id[:12]}")
        click.echo(textwrap.indent(textwrap.fill(" ".join(hit.snippet.split()), 88), "    "))


@click.command()
@db_option
@click.option("--top", type=click.IntRange(1), default=20, show_default=True, help="How many speakers.")
@click.option("--name", default=None, help="Only speakers matching this name or alias.")
@json_option
def speakers(db: Path, top: int, name: str | None, as_json: bool) -> None:
    """The most quoted speakers (counting distinct stories), with their aliases."""
    with _open(db) as corpus:
        found = corpus.speakers(top=top, name=name)
    if as_json:
        _emit_json(found)
        return
    if not found:
        click.echo("no speakers", err=True)
        return
    for record in found:
        others = [a for a in record.aliases if a != record.name]
        also = f"  (also: {'; '.join(others)})" if others else ""
        click.echo(f"{record.stories:6d} stories {record.quotes:6d} quotes  {record.name}{also}")


@click.command()
@db_option
@click.argument("article_id")
@json_option
def show(db: Path, article_id: str, as_json: bool) -> None:
    """One article with its quotes; ARTICLE_ID may be a unique prefix."""
    with _open(db) as corpus:
        stored = corpus.article(article_id)
    if as_json:
        click.echo(json.dumps(stored.to_dict(), ensure_ascii=False))
        return
    analysis = stored.analysis
    article = analysis.article
    click.echo(f"{article.title or '(untitled)'}")
    details = [
        ("id", article.id),
        ("url", article.url),
        ("published", article.published),
        ("authors", ", ".join(article.authors) or None),
        ("agencies", ", ".join(article.agencies) or None),
        ("story", str(stored.story_id)),
    ]
    for label, value in details:
        if value:
            click.echo(f"  {label}: {value}")
    click.echo("")
    for paragraph in article.paragraph_texts():
        click.echo(textwrap.fill(paragraph, 88) + "\n")
    click.echo(f"\n{len(analysis.quotes)} quotes")
    for quote in analysis.quotes:
        who = stored.speakers.get(quote.speaker or "") or analysis.speaker_name(quote) or "(unknown speaker)"
        click.echo(f"- {who} [{quote.kind}]: {quote.span.of(article.text)}")


@click.command()
@db_option
@json_option
def stats(db: Path, as_json: bool) -> None:
    """Counts: articles, stories, quotes, speakers, errors, dates covered, size."""
    with _open(db) as corpus:
        found = corpus.stats()
    if as_json:
        click.echo(json.dumps(found.to_dict()))
        return
    for key, value in found.to_dict().items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        click.echo(f"{key.replace('_', ' ')}: {value if value is not None else '-'}")
