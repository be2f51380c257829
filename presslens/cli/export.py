"""``presslens export``: a corpus table as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from presslens.cli.query import db_option

__all__ = ["export"]


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True, help="Output format (parquet needs pyarrow).")
@click.option("--what", type=click.Choice(["articles", "quotes", "entities"]), default="quotes", show_default=True, help="Which table to export.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file (written whole or not at all; never the database itself), or - for stdout.")
def export(db: Path, fmt: str, what: str, output: str) -> None:
    """Export articles, quotes or entities (with canonical speakers) for other tools."""
    from presslens.store import export as exporting
    from presslens.store.corpus import Corpus

    if fmt == "parquet":
        exporting.require_pyarrow()
    if output != "-":
        exporting.check_not_database(output, db)  # before opening: -o X.db once emptied X.db
    with Corpus(db, create=False) as corpus:
        conn = corpus.connection
        if fmt == "parquet":
            if output == "-":
                if sys.stdout.isatty():
                    raise click.UsageError("Parquet is binary: give -o FILE or redirect stdout")
                count = exporting.write_parquet(conn, what, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with exporting.output_file(output, binary=True) as out:
                    count = exporting.write_parquet(conn, what, out)
        else:
            write = exporting.write_jsonl if fmt == "jsonl" else exporting.write_csv
            if output == "-":
                count = write(conn, what, sys.stdout)
            else:
                with exporting.output_file(output, binary=False) as text_out:
                    count = write(conn, what, text_out)
    if output != "-":
        click.echo(f"wrote {count} {what} to {output}", err=True)
