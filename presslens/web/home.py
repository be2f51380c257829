"""The home page (corpus numbers, top speakers, latest quotes, a search box) and ``/api/stats``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from presslens.store.corpus import Corpus
from presslens.store.rows import CorpusStats, QuoteRecord, SpeakerRecord
from presslens.web.errors import ERROR_RESPONSES
from presslens.web.pages import about, render_html
from presslens.web.readers import corpus
from presslens.web.responses import JSONBody

__all__ = ["router"]

router = APIRouter()
TOP_SPEAKERS = 10
LATEST_QUOTES = 10


@router.get("/api/stats", tags=["stats"], responses=ERROR_RESPONSES, response_model=dict[str, Any])
def api_stats(reader: Annotated[Corpus, Depends(corpus)]) -> JSONBody:
    """Corpus counts and breakdowns: articles, stories, quotes by kind and act, speakers,
    articles by language, class, month and site, errors by code, dates covered."""
    return JSONBody({"ok": True, **reader.stats().to_dict()})


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeContext:
    stats: CorpusStats = about("Corpus counts, as /api/stats gives them.")
    speakers: list[SpeakerRecord] = about("The most quoted speakers (by distinct stories).")
    latest: list[QuoteRecord] = about("The newest quotes of the default view.")
    json_url: str = about("The page's JSON twin.", "/api/stats")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request, reader: Annotated[Corpus, Depends(corpus)]) -> HTMLResponse:
    context = HomeContext(
        stats=reader.stats(),
        speakers=reader.speakers(top=TOP_SPEAKERS),
        latest=reader.quotes(limit=LATEST_QUOTES),
    )
    return render_html(request, "home.html", context)
