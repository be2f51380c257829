"""``presslens serve``: the REST API and the web pages over one corpus, read-only."""

from __future__ import annotations

import os
from pathlib import Path

import click

from presslens.cli.query import db_option
from presslens.errors import missing_extra

__all__ = ["serve"]


def _default_workers() -> int:
    # One process per core, up to 4: a request's Python work holds its process's GIL, so one
    # process serves one request at a time however many threads it has.
    return max(1, min(4, os.cpu_count() or 1))


def _upgrade_older_corpus(db: Path) -> None:
    """A corpus an older presslens wrote gets its pending migrations now, from the CLI, so
    that the server itself only ever opens it read-only."""
    from presslens.errors import StoreError
    from presslens.store import db as store_db

    try:
        store_db.connect_read_only(db).close()
    except StoreError as error:
        if error.code != "schema-too-old":
            return  # create_app says what is wrong, in one line
        click.echo(f"upgrading {db} to this presslens' schema (once)", err=True)
        store_db.connect(db, create=False).close()


@click.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 127.0.0.1 keeps the corpus on this machine, 0.0.0.0 shares it with the network.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=_default_workers,
    show_default="one per core, at most 4",
    help="Server processes answering requests side by side.",
)
def serve(db: Path, host: str, port: int, workers: int) -> None:
    """Browse the corpus in a web browser, with a REST API (JSON) beside the pages.

    Pages: / (home), /search, /quotes, /speakers, /articles; the API is under /api, described
    at /openapi.json and /docs. The database is opened read-only (a corpus an older
    presslens wrote is upgraded once, first).
    """
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import uvicorn
    except ImportError as error:
        raise missing_extra(error.name or "fastapi", "web") from None
    from presslens.web.app import DB_VARIABLE, create_app

    _upgrade_older_corpus(db)
    app = create_app(db)  # a missing or unreadable corpus fails here, in one line, before any worker starts
    click.echo(f"serving {db} at http://{host}:{port}/ (API at /api, docs at /docs); Ctrl-C stops", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    app.state.readers.close()
    os.environ[DB_VARIABLE] = str(db.resolve())  # the workers' factory reads it
    uvicorn.run(
        "presslens.web.app:app_from_environment", factory=True, workers=workers, host=host, port=port, log_level="warning"
    )
