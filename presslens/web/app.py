"""The ASGI application: a REST API under ``/api`` and pages at the same resources.

``create_app(db)`` opens the corpus read-only (connections lent to one request at a time),
mounts the static folder and the docs' Swagger UI files (the only files served) and
installs the one error handler.
``app_from_environment()`` is the same app for each worker process of ``serve --workers``,
which find the corpus in ``PRESSLENS_DB`` (an import string is all uvicorn hands them).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import os
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from presslens.web import articles, home, quotes, search, speakers
from presslens.web.errors import install_error_handlers
from presslens.web.readers import Readers

__all__ = ["DB_VARIABLE", "STATIC", "app_from_environment", "create_app"]

STATIC = Path(str(files("presslens.web").joinpath("static")))
DB_VARIABLE = "PRESSLENS_DB"  # what --db reads too

_DESCRIPTION = """Who said what, in a presslens corpus (read-only).

Lists are paginated: each response gives `next` (and `previous`), the URL of the next page,
or null on the last. Quotes follow the default view (statements at or above the default
confidence, from news pages) unless `everything=true`. Every error has the same JSON shape:
`{"ok": false, "error": "...", "code": "slug", "status": 404}`.
"""


def _version() -> str:
    try:
        return metadata.version("presslens")
    except metadata.PackageNotFoundError:
        return "0"


def create_app(db: str | Path) -> FastAPI:
    """The app serving the corpus at ``db``; a missing or unreadable file raises ``StoreError`` now."""
    readers = Readers(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        readers.close()

    # FastAPI's /docs loads Swagger UI from a CDN; this serves the copy fastapi-offline
    # bundles (under /static-offline-docs), so the docs work offline. No /redoc: ReDoc
    # still fetches its logo from its maker's CDN.
    app = FastAPIOffline(
        title="presslens", version=_version(), description=_DESCRIPTION, lifespan=lifespan, redoc_url=None
    )
    app.state.readers = readers
    install_error_handlers(app)
    # StaticFiles resolves every path and refuses any outside this folder (no symlinks out).
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (home, search, articles, quotes, speakers):
        app.include_router(module.router)
    return app


def app_from_environment() -> FastAPI:
    """The app over the corpus named by ``PRESSLENS_DB`` (uvicorn's factory for each worker)."""
    return create_app(os.environ[DB_VARIABLE])
