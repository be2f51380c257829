"""Quotes: ``/api/quotes`` and the quotes page, filtered by ``QuoteFilter``'s fields."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from presslens.model import QUOTE_ACTS, QUOTE_KINDS
from presslens.store.corpus import Corpus
from presslens.store.filters import QuoteFilter
from presslens.web.errors import ERROR_RESPONSES
from presslens.web.pages import about, render_html
from presslens.web.params import Page, page_of, quote_filter
from presslens.web.readers import corpus
from presslens.web.responses import JSONBody

__all__ = ["quotes_page_of", "router"]

router = APIRouter()


def quotes_page_of(request: Request, reader: Corpus, where: QuoteFilter, *, path: str | None = None) -> Page:
    return page_of(
        request,
        lambda offset, limit: reader.quotes(replace(where, offset=offset, limit=limit)),
        offset=where.offset,
        limit=where.limit or 0,
        path=path,
    )


@router.get("/api/quotes", tags=["quotes"], responses=ERROR_RESPONSES, response_model=dict[str, Any])
def api_quotes(
    request: Request, reader: Annotated[Corpus, Depends(corpus)], where: Annotated[QuoteFilter, Depends(quote_filter)]
) -> JSONBody:
    """Quotes, newest first: the default view (statements at or above the default confidence,
    from news pages) unless ``everything=true``. ``next`` is the URL of the next page."""
    return JSONBody(quotes_page_of(request, reader, where).to_dict())


@dataclass(frozen=True, slots=True, kw_only=True)
class QuotesContext:
    page: Page = about("This page of quotes, with the URLs of the pages before and after.")
    where: QuoteFilter = about("The filter the form shows and the quotes were selected by.")
    json_url: str = about("The page's JSON twin: /api/quotes with the same parameters.")
    action: str = about("Where the filter form submits.", "/quotes")
    kinds: tuple[str, ...] = about("Quote kinds offered by the form.", QUOTE_KINDS)
    acts: tuple[str, ...] = about("Quote acts offered by the form.", QUOTE_ACTS)


@router.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
def quotes_page(
    request: Request, reader: Annotated[Corpus, Depends(corpus)], where: Annotated[QuoteFilter, Depends(quote_filter)]
) -> HTMLResponse:
    page = quotes_page_of(request, reader, where)
    query = f"?{request.url.query}" if request.url.query else ""
    return render_html(request, "quotes.html", QuotesContext(page=page, where=where, json_url="/api/quotes" + query))
