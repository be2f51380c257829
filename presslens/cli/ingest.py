"""``presslens ingest`` (build a corpus) and ``presslens errors`` (what failed)."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from presslens.cli.exits import EXIT_CODES_EPILOG, SOME_FAILED
from presslens.cli.query import db_option, json_option
from presslens.cli.scale import ScaleArgs, optional_db_option, run_dataset_job, scale_options
from presslens.scale.budget import DEFAULT_MAX_SECONDS
from presslens.scale.ingest import IngestOptions, IngestSummary

__all__ = ["errors", "ingest"]


def _count_local(specs: tuple[str, ...], skip: Callable[[str], bool]) -> int | None:
    """How many documents local inputs hold (for the ETA); None when a spec is remote."""
    from presslens.sources import iter_documents, spec_kind

    if any(spec_kind(spec) in ("url", "stdin") for spec in specs):
        return None
    return sum(1 for _ in iter_documents(specs, skip=skip))


@contextmanager
def _progress_bar(quiet: bool, total: int | None) -> Iterator[Callable[[IngestSummary], None] | None]:
    if quiet:
        yield None
        return
    columns = [
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        TextColumn("stored {task.fields[stored]}, failed {task.fields[failed]}"),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("ingest", total=total, rate=0.0, stored=0, failed=0)

        def update(summary: IngestSummary) -> None:
            rate = summary.read / summary.seconds if summary.seconds > 0 else 0.0
            bar.update(task, completed=summary.read, rate=rate, stored=summary.stored, failed=summary.failed_total)

        yield update


def _summary_text(summary: IngestSummary) -> str:
    lines = [
        f"read {summary.read}, stored {summary.stored} "
        f"({summary.near_duplicates} near-duplicate copies linked to earlier stories), "
        f"duplicates {summary.duplicates}, skipped (done before) {summary.skipped}, "
        + (f"left to another running ingest {summary.busy}, " if summary.busy else "")
        + (f"skipped (not articles) {summary.not_articles}, " if summary.not_articles else "")
        + f"failed {summary.failed_total} in {summary.seconds:.1f}s"
    ]
    lines += [f"  not analysed: language {lang} {count}" for lang, count in summary.not_analysed.items()]
    lines += [f"  failed {count}: {code}" for code, count in summary.failed.items()]
    lines += [f"  failed: {name}" for name in summary.failed_inputs]
    if summary.failed_total > len(summary.failed_inputs):
        lines.append(f"  ... and {summary.failed_total - len(summary.failed_inputs)} more")
    if summary.failed:
        lines.append("  see `presslens errors`; retry with `presslens ingest --retry-errors`")
    return "\n".join(lines)


@click.command(epilog=EXIT_CODES_EPILOG)
@click.argument("sources", nargs=-1)
@optional_db_option
@click.option("--retry-errors", is_flag=True, help="Retry every input in the errors table, reading files and URLs again (stored bytes where the source is gone), and the SOURCES given.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary on stderr.")
@json_option
@click.option("--model", default=None, help="Analyzer model to use (default: the bundled one).")
@click.option("--chunk-size", type=click.IntRange(1), default=16, show_default=True, help="Documents analysed and committed together.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes (each loads the model).")
@click.option("--user-agent", default=None, help="User agent for fetching URLs, feeds and sitemaps.")
@click.option("--delay", type=click.FloatRange(0), default=None, help="Least seconds between two requests to one host.")
@click.option("--timeout", type=click.FloatRange(0), default=None, help="Seconds a read may wait for more bytes (default 20).")
@click.option("--connect-timeout", type=click.FloatRange(0), default=None, help="Seconds to connect and get the first byte of an answer (default 10).")
@click.option("--download-deadline", type=click.FloatRange(0), default=None, help="Seconds for one whole download, however slowly it comes (default 120; 0: none).")
@click.option("--retries", type=click.IntRange(0), default=None, help="Extra tries after timeouts, 429 and 5xx answers.")
@click.option(
    "--articles-only", is_flag=True,
    help="Skip pages that are not news articles (shops, recipes, docs, index pages); they are counted, not stored, and a later run without the flag stores them.",
)
@click.option("--count/--no-count", "count", default=None, help="Count local inputs first for an ETA (default: on a terminal).")
@click.option(
    "--max-seconds", type=click.FloatRange(0), default=DEFAULT_MAX_SECONDS, show_default=True,
    help="Time budget per document for extraction and for analysis; past it the input is a too-slow error row (0: none).",
)
@scale_options
def ingest(
    sources: tuple[str, ...],
    db: Path | None,
    retry_errors: bool,
    quiet: bool,
    as_json: bool,
    model: str | None,
    chunk_size: int,
    workers: int,
    user_agent: str | None,
    delay: float | None,
    timeout: float | None,
    connect_timeout: float | None,
    download_deadline: float | None,
    retries: int | None,
    count: bool | None,
    articles_only: bool,
    max_seconds: float,
    scale: ScaleArgs,
) -> None:
    """Read news from SOURCES into the corpus at --db: files, directories, globs, JSON Lines,
    WARC/WARC.gz, URLs, RSS/Atom feeds and sitemaps, mixed freely (- for stdin).

    Idempotent and resumable: run it again after a crash and it continues where it stopped.
    Inputs that fail are kept in the errors table (see `presslens errors`).

    At scale: `--out DIR` writes a Parquet dataset instead (SOURCES are WARC shards, globs or
    warc.paths manifests; one task per shard, `--engine ray` for a Ray cluster); load it
    with `presslens load DIR --db corpus.db`.
    """
    from presslens.scale.ingest import retry_errors as run_retry
    from presslens.scale.ingest import run_ingest
    from presslens.sources import SourceOptions
    from presslens.store.corpus import Corpus

    if not sources and not retry_errors:
        raise click.UsageError("give at least one SOURCE, or --retry-errors")
    scale.check(has_db=db is not None)
    if scale.out is not None:
        if retry_errors:
            raise click.UsageError("--retry-errors works on a corpus (--db); rerun the --out job to retry its shards")
        job = run_dataset_job(sources, scale, workers=workers, chunk_size=chunk_size, model=model, quiet=quiet, as_json=as_json)
        if job.failed or job.errors:  # failed shards, or records written to errors/
            raise click.exceptions.Exit(SOME_FAILED)
        return
    assert db is not None
    defaults = SourceOptions()
    fetching = dataclasses.replace(
        defaults,
        user_agent=defaults.user_agent if user_agent is None else user_agent,
        delay=defaults.delay if delay is None else delay,
        timeout=defaults.timeout if timeout is None else timeout,
        connect_timeout=defaults.connect_timeout if connect_timeout is None else connect_timeout,
        deadline=defaults.deadline if download_deadline is None else download_deadline,
        retries=defaults.retries if retries is None else retries,
    )
    options = IngestOptions(
        sources=fetching, model=model, chunk_size=chunk_size, workers=workers, executor=scale.engine, address=scale.address,
        max_seconds=max_seconds, articles_only=articles_only,
    )
    totals: list[IngestSummary] = []
    with Corpus(db) as corpus:
        if retry_errors:
            with _progress_bar(quiet, len(corpus.errors())) as update:
                totals.append(run_retry(corpus, options, progress=update))
        if sources:
            wants_count = count if count is not None else (not quiet and sys.stderr.isatty())
            total = _count_local(sources, corpus.is_done) if wants_count and not quiet else None
            with _progress_bar(quiet, total) as update:
                totals.append(run_ingest(sources, corpus, options, progress=update))
    for summary in totals:
        if as_json:
            click.echo(json.dumps(summary.to_dict()))
        elif not quiet:
            click.echo(_summary_text(summary), err=True)
    if any(summary.failed_total for summary in totals):
        raise click.exceptions.Exit(SOME_FAILED)


@click.command()
@db_option
@click.option("--code", default=None, help="Only errors with this code (e.g. fetch-failed).")
@click.option("--limit", type=click.IntRange(0, 2**63 - 1), default=None, help="At most this many errors.")
@json_option
def errors(db: Path, code: str | None, limit: int | None, as_json: bool) -> None:
    """List the inputs that failed: source, stage, code, reason and last attempt."""
    from presslens.store.corpus import Corpus

    with Corpus(db, create=False) as corpus:
        records = corpus.errors(code=code, limit=limit)
    if as_json:
        for record in records:
            click.echo(json.dumps(record.to_dict(), ensure_ascii=False))
        return
    if not records:
        click.echo("no errors")
        return
    for record in records:
        tries = f" (tried {record.attempts}x)" if record.attempts > 1 else ""
        click.echo(f"{record.time}  {record.stage}/{record.code}{tries}  {record.source}\n    {record.reason}")
