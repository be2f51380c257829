"""Speakers: the most quoted, and one speaker's page (quotes newest first, filterable; a chart
of quotes per month; who else is quoted in the same stories), with their JSON twins."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from presslens.model import QUOTE_ACTS, QUOTE_KINDS
from presslens.store.browse import SpeakerDetail
from presslens.store.corpus import Corpus
from presslens.store.filters import QuoteFilter, filter_fields
from presslens.web.charts import BarChart, monthly_chart
from presslens.web.errors import ERROR_RESPONSES
from presslens.web.pages import about, render_html
from presslens.web.params import DEFAULT_PAGE, MAX_PAGE, Page, page_of, quote_filter_for
from presslens.web.quotes import quotes_page_of
from presslens.web.readers import corpus
from presslens.web.responses import JSONBody

__all__ = ["router"]

router = APIRouter()

SpeakerId = Annotated[int, Path(ge=0, le=2**62, description="A speaker id (``id`` in /api/speakers).")]
# A speaker's quotes take every quote filter but the ones naming the speaker.
speaker_quote_filter = quote_filter_for([f.name for f in filter_fields() if f.name not in ("speaker", "speaker_id")])


def _speakers_page(
    request: Request, reader: Corpus, name: str | None, everything: bool, offset: int, limit: int
) -> Page:
    return page_of(
        request,
        lambda skip, count: reader.speakers(top=skip + count, name=name, everything=everything)[skip:],
        offset=offset,
        limit=limit,
    )


Name = Annotated[str | None, Query(max_length=300, description="Only speakers matching this name or alias.")]
Everything = Annotated[bool, Query(description="Count every quote, not only the default view's.")]
Limit = Annotated[int, Query(ge=0, le=MAX_PAGE, description="Speakers per page.")]
Offset = Annotated[int, Query(ge=0, le=10**6, description="Skip this many speakers (for paging).")]


@router.get("/api/speakers", tags=["speakers"], responses=ERROR_RESPONSES, response_model=dict[str, Any])
def api_speakers(
    request: Request,
    reader: Annotated[Corpus, Depends(corpus)],
    name: Name = None,
    everything: Everything = False,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> JSONBody:
    """Speakers by the number of distinct stories they are quoted in (near-duplicate copies
    count once), most quoted first, with their aliases."""
    return JSONBody(_speakers_page(request, reader, name or None, everything, offset, limit).to_dict())


def _speaker_data(request: Request, reader: Corpus, speaker_id: int, where: QuoteFilter) -> tuple[SpeakerDetail, Page]:
    detail = reader.speaker(speaker_id, everything=where.everything)
    return detail, quotes_page_of(request, reader, replace(where, speaker_id=speaker_id))


@router.get("/api/speakers/{speaker_id}", tags=["speakers"], responses=ERROR_RESPONSES, response_model=dict[str, Any])
def api_speaker(
    request: Request,
    reader: Annotated[Corpus, Depends(corpus)],
    speaker_id: SpeakerId,
    where: Annotated[QuoteFilter, Depends(speaker_quote_filter)],
) -> JSONBody:
    """One speaker: aliases, roles, quote counts by month, the entities named in their quotes,
    the speakers quoted in the same stories, and a page of their quotes (newest first,
    filtered like /api/quotes)."""
    detail, page = _speaker_data(request, reader, speaker_id, where)
    return JSONBody({"ok": True, "speaker": detail.to_dict(), "quotes": page.to_dict()})


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakersContext:
    page: Page = about("This page of speakers, most quoted first.")
    name: str = about("The name filter as typed.")
    everything: bool = about("Whether counts include every quote, not only the default view's.")
    json_url: str = about("The page's JSON twin: /api/speakers with the same parameters.")


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakerContext:
    speaker: SpeakerDetail = about("The speaker: aliases, roles, counts, months, topics, co-quoted.")
    page: Page = about("This page of their quotes, newest first.")
    chart: BarChart | None = about("Quotes per month laid out for SVG; None with no dated quotes.")
    where: QuoteFilter = about("The filter the form shows and their quotes were selected by.")
    action: str = about("Where the filter form submits (this page).")
    json_url: str = about("The page's JSON twin: /api/speakers/{id} with the same parameters.")
    kinds: tuple[str, ...] = about("Quote kinds offered by the form.", QUOTE_KINDS)
    acts: tuple[str, ...] = about("Quote acts offered by the form.", QUOTE_ACTS)


@router.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
def speakers_page(
    request: Request,
    reader: Annotated[Corpus, Depends(corpus)],
    name: Name = None,
    everything: Everything = False,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> HTMLResponse:
    page = _speakers_page(request, reader, name or None, everything, offset, limit)
    query = f"?{request.url.query}" if request.url.query else ""
    context = SpeakersContext(page=page, name=name or "", everything=everything, json_url="/api/speakers" + query)
    return render_html(request, "speakers.html", context)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse, include_in_schema=False)
def speaker_page(
    request: Request,
    reader: Annotated[Corpus, Depends(corpus)],
    speaker_id: SpeakerId,
    where: Annotated[QuoteFilter, Depends(speaker_quote_filter)],
) -> HTMLResponse:
    detail, page = _speaker_data(request, reader, speaker_id, where)
    query = f"?{request.url.query}" if request.url.query else ""
    context = SpeakerContext(
        speaker=detail,
        page=page,
        chart=monthly_chart(detail.quotes_by_month),
        where=where,
        action=f"/speakers/{speaker_id}",
        json_url=f"/api/speakers/{speaker_id}{query}",
    )
    return render_html(request, "speaker.html", context)
