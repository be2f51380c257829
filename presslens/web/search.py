"""Full-text search: the results page and ``/api/search`` (articles and quotes, with snippets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from presslens.errors import StoreError
from presslens.store.corpus import Corpus
from presslens.store.rows import SearchHit
from presslens.web.errors import ERROR_RESPONSES
from presslens.web.highlight import snippet_segments
from presslens.web.pages import about, page_url, render_html
from presslens.web.readers import corpus
from presslens.web.responses import JSONBody

__all__ = ["router"]

router = APIRouter()

Q = Annotated[
    str,
    Query(
        min_length=1,
        max_length=500,
        description='Words, "exact phrases", AND / OR / NOT, prefix*; terms such as COVID-19 are matched as typed.',
    ),
]
What = Annotated[Literal["all", "articles", "quotes"], Query(description="What to search.")]
Limit = Annotated[int, Query(ge=1, le=200, description="Hits per kind (articles, quotes).")]
Everything = Annotated[bool, Query(description="Search every quote, not only the default view.")]


@router.get("/api/search", tags=["search"], responses=ERROR_RESPONSES, response_model=dict[str, Any])
def api_search(
    reader: Annotated[Corpus, Depends(corpus)],
    q: Q,
    what: What = "all",
    limit: Limit = 20,
    everything: Everything = False,
) -> JSONBody:
    """Articles and quotes matching ``q``, best first, each with a snippet whose matches are
    between ``[`` and ``]``. A query the full-text parser rejects is a 400 saying why."""
    hits = reader.search(q, limit=limit, what=what, everything=everything)
    return JSONBody({"ok": True, "query": q, "items": [hit.to_dict() for hit in hits], "next": None})


@dataclass(frozen=True, slots=True)
class ShownHit:
    """A search hit with its snippet cut into (text, matched) pieces for the template."""

    hit: SearchHit
    segments: list[tuple[str, bool]]


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchContext:
    query: str = about("What was typed in the search box.")
    problem: str | None = about("Why the full-text parser refused the query, when it did.")
    what: str = about("all, articles or quotes.")
    everything: bool = about("Whether every quote was searched, not only the default view.")
    articles: list[ShownHit] = about("Article hits, best first.")
    quotes: list[ShownHit] = about("Quote hits, best first.")
    json_url: str | None = about("The page's JSON twin: /api/search with the same query.")


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    reader: Annotated[Corpus, Depends(corpus)],
    q: Annotated[str, Query(max_length=500)] = "",
    what: What = "all",
    everything: Everything = False,
) -> HTMLResponse:
    problem = None
    try:
        hits = reader.search(q, limit=50, what=what, everything=everything) if q.strip() else []
    except StoreError as error:
        if error.code != "bad-query":
            raise
        hits, problem = [], error.message  # shown beside the search box, to be corrected there
    shown = [ShownHit(hit=hit, segments=snippet_segments(hit.snippet)) for hit in hits]
    context = SearchContext(
        query=q,
        problem=problem,
        what=what,
        everything=everything,
        articles=[h for h in shown if h.hit.kind == "article"],
        quotes=[h for h in shown if h.hit.kind == "quote"],
        json_url=page_url("/api/search", {"q": q, "what": what, "everything": everything}) if q.strip() else None,
    )
    return render_html(request, "search.html", context, status=400 if problem else 200)
