"""The home page (corpus numbers, top speakers, latest quotes, a search box) and ``/api/stats``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from presslens.store.corpus import Corpus
from presslens.web.errors import ERROR_RESPONSES
from presslens.web.pages import render_html
from presslens.web.readers import corpus

__all__ = ["router"]

router = APIRouter()
TOP_SPEAKERS = 10
LATEST_QUOTES = 10


@router.get("/api/stats", tags=["stats"], responses=ERROR_RESPONSES)
def api_stats(reader: Annotated[Corpus, Depends(corpus)]) -> dict[str, Any]:
    """Corpus counts and breakdowns: articles, stories, quotes by kind and act, speakers,
    articles by language, class, month and site, errors by code, dates covered."""
    return {"ok": True, **reader.stats().to_dict()}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request, reader: Annotated[Corpus, Depends(corpus)]) -> HTMLResponse:
    context = {
        "stats": reader.stats(),
        "speakers": reader.speakers(top=TOP_SPEAKERS),
        "latest": reader.quotes(limit=LATEST_QUOTES),
        "json_url": "/api/stats",
    }
    return render_html(request, "home.html", context)
