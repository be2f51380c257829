"""The scale-out options of ``presslens ingest`` (engine, Parquet output, shard inputs,
filters) and the job they start; kept here so ``cli/ingest.py`` stays about the corpus."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from presslens.scale.executor import ENGINES

if TYPE_CHECKING:
    from presslens.scale.job import JobSummary

__all__ = ["ScaleArgs", "optional_db_option", "run_dataset_job", "scale_options"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleArgs:
    engine: str = "local"
    address: str | None = None
    out: Path | None = None
    base_url: str | None = None
    languages: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    allow_hosts: tuple[str, ...] = ()
    deny_hosts: tuple[str, ...] = ()
    news_only: bool = False

    @property
    def filtering(self) -> bool:
        return bool(self.languages or self.since or self.until or self.allow_hosts or self.deny_hosts or self.news_only)

    def check(self, *, has_db: bool) -> None:
        if self.address is not None and self.engine != "ray":
            raise click.UsageError("--address needs --engine ray")
        if self.out is None:
            if not has_db:
                raise click.UsageError("give --db (a corpus) or --out (a Parquet dataset)")
            if self.filtering or self.base_url:
                raise click.UsageError(
                    "filters and --base-url apply to --out jobs; write a dataset, then `presslens load` it"
                )


_OPTIONS = [
    click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                 help="Where work runs: local processes (--workers N) or Ray actors (pip install 'presslens[ray]')."),
    click.option("--address", default=None,
                 help="Ray cluster to join: auto, or ray://HOST:PORT (default: start a local Ray on 127.0.0.1)."),
    click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="Write a Parquet dataset here (articles/ quotes/ entities/ errors/ by month) instead of a corpus; "
                      "SOURCES are shards: WARC files, globs, or warc.paths manifests."),
    click.option("--base-url", default=None, help="Resolve relative manifest lines against this URL (e.g. https://data.commoncrawl.org/)."),
    click.option("--language", "languages", multiple=True, help="Keep articles in this language (ISO 639-1; repeatable)."),
    click.option("--since", default=None, help="Keep articles published on or after this day (YYYY-MM-DD)."),
    click.option("--until", default=None, help="Keep articles published on or before this day (YYYY-MM-DD)."),
    click.option("--allow-host", "allow_hosts", multiple=True, help="Keep only records from this host or its subdomains (repeatable)."),
    click.option("--deny-host", "deny_hosts", multiple=True, help="Drop records from this host or its subdomains (repeatable)."),
    click.option("--news-only", is_flag=True, help="Drop pages classified as not news (unclassified pages are kept)."),
]


def scale_options(command: F) -> F:
    """Add the scale-out options to ``command``; it receives them as one ``scale=ScaleArgs``."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        names = ("engine", "address", "out", "base_url", "languages", "since", "until", "allow_hosts", "deny_hosts", "news_only")
        scale = ScaleArgs(**{name: kwargs.pop(name) for name in names})
        return command(*args, scale=scale, **kwargs)

    decorated: Any = wrapper
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def optional_db_option(command: F) -> F:
    """``--db PATH`` (or ``PRESSLENS_DB``), optional because ``--out`` can replace it."""
    from presslens.cli.query import db_option

    return db_option(command, required=False, help="The corpus database (SQLite file); not needed with --out.")


def _summary_text(summary: Any) -> str:
    lines = [
        f"shards {summary.shards}: done {summary.done}, skipped (done before) {summary.skipped}, "
        f"retried {summary.retried}, failed {len(summary.failed)} in {summary.seconds:.1f}s",
        f"  records {summary.records}: articles {summary.articles}, quotes {summary.quotes}, "
        f"errors {summary.errors}, filtered {sum(summary.filtered.values())}, copies within a shard {summary.copies}",
    ]
    lines += [f"  failed {uri}: {reason}" for uri, reason in summary.failed.items()]
    if summary.failed:
        lines.append("  run the same command again to retry the failed shards")
    return "\n".join(lines)


def run_dataset_job(
    sources: tuple[str, ...], scale: ScaleArgs, *, workers: int, chunk_size: int, model: str | None, quiet: bool, as_json: bool
) -> JobSummary:
    """``presslens ingest ... --out DIR``: shards -> engine -> Parquet dataset; its summary."""
    from presslens.scale.filters import RecordFilter
    from presslens.scale.job import JobOptions, run_job
    from presslens.scale.shards import list_shards

    assert scale.out is not None
    record_filter = RecordFilter(
        languages=scale.languages,
        since=scale.since,
        until=scale.until,
        allow_hosts=scale.allow_hosts,
        deny_hosts=scale.deny_hosts,
        news_only=scale.news_only,
    )
    options = JobOptions(
        engine=scale.engine, workers=workers, address=scale.address, model=model, filter=record_filter, chunk_size=chunk_size
    )
    shards = list_shards(sources, base_url=scale.base_url)

    def progress(report: Any) -> None:
        if not quiet:
            click.echo(f"shard {report.uri}: {report.articles} articles, {report.errors} errors", err=True)

    summary = run_job(shards, scale.out, options, progress=progress)
    if as_json:
        click.echo(json.dumps(summary.to_dict()))
    elif not quiet:
        click.echo(_summary_text(summary), err=True)
    return summary
