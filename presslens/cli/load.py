"""``presslens load``: a Parquet dataset written by ``ingest --out`` -> the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import click

from presslens.cli.query import db_option, json_option

__all__ = ["load"]


@click.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary on stderr.")
@json_option
def load(dataset: Path, db: Path, quiet: bool, as_json: bool) -> None:
    """Load DATASET (written by `presslens ingest ... --out DATASET`) into the corpus at --db,
    with the same dedup rules as ingest. Resumable: shards loaded before are skipped."""
    from presslens.scale.load import load_dataset
    from presslens.store.corpus import Corpus

    def progress(shard_id: str) -> None:
        if not quiet:
            click.echo(f"loaded shard {shard_id}", err=True)

    with Corpus(db) as corpus:
        summary = load_dataset(dataset, corpus, progress=progress)
    if as_json:
        click.echo(json.dumps(summary.to_dict()))
    elif not quiet:
        click.echo(
            f"shards {summary.shards}: loaded {summary.loaded}, skipped (loaded before) {summary.skipped}; "
            f"stored {summary.stored} ({summary.near_duplicates} near-duplicate copies), "
            f"duplicates {summary.duplicates}, errors {summary.errors} in {summary.seconds:.1f}s",
            err=True,
        )
