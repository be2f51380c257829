"""``presslens extract PATH|URL|- ...``: clean articles from HTML pages or scraped text.

One input prints one article (pretty JSON, text or Markdown) and exits 1 with a one-line
error if it cannot be extracted. Several inputs, a directory or a glob print JSON Lines, one
article per input, with a progress bar on stderr; each failure is reported on stderr and
counted, the others are still extracted, and the exit code is 1 when any failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from presslens.cli.exits import EXIT_CODES_EPILOG, SOME_FAILED
from presslens.errors import ExtractError, SourceError
from presslens.model import Article, RawDocument, Rejected

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["extract", "format_article", "is_batch"]

_PROGRESS_MIN_INPUTS = 4  # "more than a few files"


def format_article(article: Article, output_format: str, *, pretty: bool = False) -> str:
    """An article as JSON, plain text (title, byline, paragraphs) or Markdown."""
    if output_format == "json":
        return json.dumps(article.to_dict(), ensure_ascii=False, indent=2 if pretty else None)
    byline = ", ".join(article.authors + article.agencies)
    if output_format == "markdown":
        lines = [f"# {article.title}" if article.title else ""]
        meta = " · ".join(x for x in (f"By {byline}" if byline else "", article.published or "", article.url or "") if x)
        if meta:
            lines.append(f"*{meta}*")
        lines.extend(article.paragraph_texts())
        lines.extend(f"> {c.text}" + (f" ({c.credit})" if c.credit else "") for c in article.captions)
        if article.related:
            lines.append("## Related\n\n" + "\n".join(f"- [{r.title}]({r.url})" if r.url else f"- {r.title}" for r in article.related))
        return "\n\n".join(line for line in lines if line)
    head = [article.title or "", f"By {byline}" if byline else ""]
    return "\n\n".join([*(h for h in head if h), article.text])


def is_batch(sources: Sequence[str]) -> bool:
    """Several inputs, a directory, a glob, a WARC or a JSON Lines file: one article per line."""
    from presslens.sources import spec_kind

    if len(sources) != 1:
        return True
    kind = spec_kind(sources[0])
    spec = sources[0]
    return kind in ("warc", "jsonl") or (kind == "path" and (Path(spec).is_dir() or any(c in spec for c in "*?[")))


def _count_inputs(sources: Sequence[str]) -> int | None:
    """How many files the inputs name, when they are all local files (else unknown)."""
    from presslens.sources import spec_kind
    from presslens.sources.files import expand_paths

    if any(spec_kind(s) != "path" for s in sources):
        return None
    try:
        return sum(1 for _ in expand_paths(sources))
    except SourceError:
        return None


def _documents(sources: Sequence[str]) -> Iterator[RawDocument | Rejected]:
    from presslens.sources import iter_documents

    yield from iter_documents(sources)


@click.command(epilog=EXIT_CODES_EPILOG)
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL|- ...")
@click.option(
    "--format", "output_format", type=click.Choice(["json", "text", "markdown"]), default="json",
    show_default=True, help="json: Article.to_dict() (JSON Lines for several inputs); text or markdown: readable.",
)
@click.option(
    "--input-format", type=click.Choice(["auto", "html", "text"]), default="auto", show_default=True,
    help="Treat inputs as HTML or as scraped plain text instead of detecting which they are.",
)
@click.option("--min-words", type=click.IntRange(min=0), default=15, show_default=True,
              help="Fewest body words that make an article; shorter results count as failures.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: on a terminal, for more than a few inputs).")
def extract(sources: tuple[str, ...], output_format: str, input_format: str, min_words: int,
            progress: bool | None) -> None:
    """Extract clean articles (text, title, authors, agencies, captions, related links).

    Give files, directories, globs, URLs or - for standard input.
    """
    from presslens.extraction import ExtractOptions, extract_article

    options = ExtractOptions(input_format=input_format, min_words=min_words)
    batch = is_batch(sources)
    total = _count_inputs(sources) if batch else 1
    many = total is None or total >= _PROGRESS_MIN_INPUTS
    show = progress if progress is not None else batch and many and sys.stderr.isatty()
    extracted = failed = 0
    with _Progress(show, total) as bar:
        for item in _documents(sources):
            result = item if isinstance(item, Rejected) else extract_article(item, options=options)
            bar.advance()
            if isinstance(result, Rejected):
                failed += 1
                if not batch:
                    raise ExtractError(result.reason, code=result.code, source_id=result.source_id)
                bar.print(f"{result.source_id}: {result.reason} [{result.code}]")
                continue
            extracted += 1
            if output_format != "json" and extracted > 1:
                click.echo("\n" + "-" * 40 + "\n")
            click.echo(format_article(result, output_format, pretty=not batch))
    if batch:
        click.echo(f"extracted {extracted}, failed {failed}", err=True)
    if failed:
        raise click.exceptions.Exit(SOME_FAILED)


class _Progress:
    """A rich progress bar on stderr, or nothing; failures print above it."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.enabled = enabled
        self.total = total
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("extract", total=self.total)
        return self

    def advance(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)

    def print(self, message: str) -> None:
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False)
        else:
            click.echo(message, err=True)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
