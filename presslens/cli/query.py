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


def db_option(command: F, *, required: bool = True, help: str = "The corpus database (SQLite file).") -> F:
    """``--db PATH``, also from the ``PRESSLENS_DB`` environment variable."""
    return click.option(
        "--db",
        envvar="PRESSLENS_DB",
        show_envvar=True,
        required=required,
        default=None,
        type=click.Path(dir_okay=False, path_type=Path),
        help=help,
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


# Option names where the CLI's word differs from the filter field's.
_OPTION_NAMES = {"everything": "--all"}
_CLI_DEFAULTS = {"limit": 50}


def quote_filter_options(command: F) -> F:
    """One click option per ``QuoteFilter`` field, with the field's own help."""
    return _filter_options(command, skip=())


def quote_selection_options(command: F) -> F:
    """The ``QuoteFilter`` options that select quotes, without paging (for exports)."""
    return _filter_options(command, skip=("limit", "offset"))


def _filter_options(command: F, *, skip: tuple[str, ...]) -> F:
    from presslens.store.filters import filter_fields

    for spec in reversed(filter_fields()):
        if spec.name in skip:
            continue
        name = _OPTION_NAMES.get(spec.name, "--" + spec.name.replace("_", "-"))
        default = _CLI_DEFAULTS.get(spec.name, spec.default)
        if spec.type is bool:
            option = click.option(name, spec.name, is_flag=True, help=spec.help)
        elif spec.choices:
            option = click.option(name, spec.name, type=click.Choice(spec.choices), default=default, help=spec.help)
        elif spec.name in ("since", "until"):
            option = click.option(name, spec.name, callback=_date, default=default, help=spec.help)
        elif spec.name == "min_confidence":
            option = click.option(name, spec.name, type=click.FloatRange(0, 1), default=default, help=spec.help)
        elif spec.type is int:
            option = click.option(
                name, spec.name, type=click.IntRange(0, 10**9), default=default, show_default=True, help=spec.help
            )
        else:
            option = click.option(name, spec.name, default=default, help=spec.help)
        command = option(command)
    return command


@click.command()
@db_option
@quote_filter_options
@click.option("--context", is_flag=True, help="Print the sentence around each quote.")
@json_option
def quotes(db: Path, context: bool, as_json: bool, **filters: Any) -> None:
    """Who said what: quotes with their speakers, newest first.

    Shows statements at or above the default confidence from news pages; --all shows every
    quote (beliefs, findings, low confidence, other pages), --act and --min-confidence pick.
    """
    from presslens.store.filters import QuoteFilter

    with _open(db) as corpus:
        found = corpus.quotes(QuoteFilter(**filters))
        around = {r.id: corpus.quote_context(r.id) for r in found} if context else {}
    if as_json:
        for record in found:
            data = record.to_dict()
            if context:
                data["context"] = around[record.id]
            click.echo(json.dumps(data, ensure_ascii=False))
        return
    if not found:
        click.echo("no quotes match", err=True)
        return
    for record in found:
        who = record.speaker or record.speaker_in_article or "(unknown speaker)"
        when = (record.published or "")[:10]
        cue = f" {record.cue}" if record.cue else ""
        click.echo(
            f"#{record.id} {who}{cue} [{record.kind}, {record.act}, {record.confidence:.2f}]"
            f" {when} {record.site or ''} {record.article_id[:12]}"
        )
        click.echo(textwrap.indent(textwrap.fill(record.text, 88), "    "))
        if context:
            click.echo(textwrap.indent(textwrap.fill(around[record.id], 88), "    | "))


@click.command()
@db_option
@click.argument("query")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="Hits per kind (articles, quotes).")
@click.option("--what", type=click.Choice(["all", "articles", "quotes"]), default="all", show_default=True, help="What to search.")
@click.option("--all", "everything", is_flag=True, help="Search every quote, not only the default view's statements.")
@json_option
def search(db: Path, query: str, limit: int, what: str, everything: bool, as_json: bool) -> None:
    """Full-text search over article text and quotes, with snippets.

    QUERY is words as typed (COVID-19, U.S. work) or SQLite FTS5 syntax: "exact phrases",
    AND / OR / NOT, prefix*, NEAR(...).
    """
    with _open(db) as corpus:
        hits = corpus.search(query, limit=limit, what=what, everything=everything)
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
@click.option("--top", type=click.IntRange(1, 2**63 - 1), default=20, show_default=True, help="How many speakers.")
@click.option("--name", default=None, help="Only speakers matching this name or alias.")
@click.option("--all", "everything", is_flag=True, help="Count every quote, not only the default view's statements.")
@json_option
def speakers(db: Path, top: int, name: str | None, everything: bool, as_json: bool) -> None:
    """The most quoted speakers (counting distinct stories), with their aliases."""
    with _open(db) as corpus:
        found = corpus.speakers(top=top, name=name, everything=everything)
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
    for paragraph in _highlighted(article.text, analysis.quotes).split("\n\n"):
        click.echo(textwrap.fill(paragraph, 88, break_on_hyphens=False) + "\n")
    click.echo(f"{len(analysis.quotes)} quotes")
    for number, quote in enumerate(analysis.quotes, 1):
        who = stored.speakers.get(quote.speaker or "") or analysis.speaker_name(quote) or "(unknown speaker)"
        cue = quote.cue.lemma if quote.cue else "-"
        click.echo(
            f"[{number}] {who} | cue: {cue} | {quote.act}, {quote.kind}, confidence {quote.confidence:.2f}\n"
            + textwrap.indent(textwrap.fill(quote.span.of(article.text), 84), "    ")
        )


def _highlighted(text: str, quotes: Any) -> str:
    """The text with each quote's parts marked ``[n]{...}`` (coloured on a terminal)."""
    marks = sorted(
        ((part.start, part.end, number) for number, quote in enumerate(quotes, 1) for part in quote.parts or (quote.span,)),
    )
    out, at = [], 0
    for start, end, number in marks:
        if start < at:  # nested or overlapping parts: the outer mark already covers them
            continue
        out.append(text[at:start])
        out.append(click.style(f"[{number}]{{", fg="cyan") + click.style(text[start:end], underline=True) + click.style("}", fg="cyan"))
        at = end
    out.append(text[at:])
    return "".join(out)


@click.command()
@db_option
@json_option
def stats(db: Path, as_json: bool) -> None:
    """Counts (articles, stories, quotes, speakers, errors, dates, size) and breakdowns by
    language, site, month, page class, quote kind and act."""
    with _open(db) as corpus:
        found = corpus.stats()
    if as_json:
        click.echo(json.dumps(found.to_dict()))
        return
    for key, value in found.to_dict().items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        click.echo(f"{key.replace('_', ' ')}: {value if value is not None else '-'}")
