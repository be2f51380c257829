"""``presslens export``: a corpus table as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from presslens.cli.query import db_option, quote_selection_options

__all__ = ["export"]


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True, help="Output format (parquet needs pyarrow).")
@click.option("--what", type=click.Choice(["articles", "quotes", "entities"]), default="quotes", show_default=True, help="Which table to export.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file (written whole or not at all; never the database itself), or - for stdout.")
@quote_selection_options
def export(db: Path, fmt: str, what: str, output: str, **filters: Any) -> None:
    """Export articles, quotes or entities (with canonical speakers) for other tools.

    Quotes are the default view (statements at the default confidence from news pages), as
    `presslens quotes` shows them; --all exports every quote; the other quote options select
    as they do for `presslens quotes`.
    """
    from presslens.store import export as exporting
    from presslens.store.corpus import Corpus
    from presslens.store.filters import QuoteFilter

    where = QuoteFilter(**filters, limit=None)

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
                count = exporting.write_parquet(conn, what, sys.stdout.buffer, where=where)
                sys.stdout.buffer.flush()
            else:
                with exporting.output_file(output, binary=True) as out:
                    count = exporting.write_parquet(conn, what, out, where=where)
        else:
            write = exporting.write_jsonl if fmt == "jsonl" else exporting.write_csv
            if output == "-":
                count = write(conn, what, sys.stdout, where=where)
            else:
                with exporting.output_file(output, binary=False) as text_out:
                    count = write(conn, what, text_out, where=where)
    if output != "-":
        click.echo(f"wrote {count} {what} to {output}", err=True)
