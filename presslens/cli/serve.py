"""``presslens serve``: the REST API and the web pages over one corpus, read-only."""

from __future__ import annotations

from pathlib import Path

import click

from presslens.cli.query import db_option
from presslens.errors import missing_extra

__all__ = ["serve"]


@click.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 127.0.0.1 keeps the corpus on this machine, 0.0.0.0 shares it with the network.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
def serve(db: Path, host: str, port: int) -> None:
    """Browse the corpus in a web browser, with a REST API (JSON) beside the pages.

    Pages: / (home), /search, /quotes, /speakers, /articles; the API is under /api, described
    at /openapi.json and /docs. The database is opened read-only.
    """
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import uvicorn
    except ImportError as error:
        raise missing_extra(error.name or "fastapi", "web") from None
    from presslens.web.app import create_app

    app = create_app(db)
    click.echo(f"serving {db} at http://{host}:{port}/ (API at /api, docs at /docs); Ctrl-C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
