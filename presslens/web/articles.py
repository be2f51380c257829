"""Articles: the list, one article with every quote highlighted, and their JSON twins."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from presslens.model import PAGE_CLASSES, Article
from presslens.store.browse import ArticleFilter, QuotedSpeaker
from presslens.store.corpus import Corpus
from presslens.store.rows import StoredArticle
from presslens.web.errors import ERROR_RESPONSES
from presslens.web.highlight import Segment, paragraph_segments
from presslens.web.pages import about, render_html
from presslens.web.params import DATE_PATTERN, DEFAULT_PAGE, LANGUAGE_PATTERN, MAX_PAGE, Page, page_of
from presslens.web.readers import corpus
from presslens.web.responses import JSONBody

__all__ = ["router"]

router = APIRouter()
COLOURS = 8  # speaker colours in the stylesheet (sp0..sp7); more speakers reuse them

ArticleId = Annotated[str, Path(min_length=4, max_length=128, description="An article id or a unique prefix of it.")]


async def article_filter(
    site: Annotated[str | None, Query(max_length=300, description="A host (subdomains included) or a site's name.")] = None,
    since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="Published on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, Query(pattern=DATE_PATTERN, description="Published on or before (YYYY[-MM[-DD]]).")] = None,
    language: Annotated[str | None, Query(pattern=LANGUAGE_PATTERN, description="ISO 639-1 language, e.g. en.")] = None,
    page_class: Annotated[Literal[("", *PAGE_CLASSES)] | None, Query(description="news or other; empty: any.")] = None,  # type: ignore[valid-type]
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE, description="Articles per page.")] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=10**9, description="Skip this many articles (for paging).")] = 0,
) -> ArticleFilter:
    return ArticleFilter(
        site=site or None,
        since=since or None,
        until=until or None,
        language=language or None,
        page_class=page_class or None,
        limit=limit,
        offset=offset,
    )


@router.get("/api/articles", tags=["articles"], responses=ERROR_RESPONSES, response_model=dict[str, Any])
def api_articles(
    request: Request, reader: Annotated[Corpus, Depends(corpus)], where: Annotated[ArticleFilter, Depends(article_filter)]
) -> JSONBody:
    """Articles, newest first, filtered by site, dates, language and page class; ``next`` is
    the URL of the next page (null on the last)."""
    return JSONBody(_articles_page(request, reader, where).to_dict())


def _articles_page(request: Request, reader: Corpus, where: ArticleFilter, path: str | None = None) -> Page:
    return page_of(
        request,
        lambda offset, limit: reader.articles(replace(where, offset=offset, limit=limit)),
        offset=where.offset,
        limit=where.limit or 0,
        path=path,
    )


@router.get("/api/articles/{article_id}", tags=["articles"], responses=ERROR_RESPONSES, response_model=dict[str, Any])
def api_article(reader: Annotated[Corpus, Depends(corpus)], article_id: ArticleId) -> JSONBody:
    """One article: its text, metadata, entities and quotes (offsets into the text), with the
    corpus speaker each quoted entity was resolved to."""
    stored = reader.article(article_id)
    return JSONBody(_article_json(reader, stored))


def _article_json(reader: Corpus, stored: StoredArticle) -> dict[str, Any]:
    article_id = stored.analysis.article.id
    data = stored.to_dict()
    ids = reader.quote_ids(article_id)
    for quote, quote_id in zip(data["quotes"], ids):
        quote["id"] = quote_id
    data["speaker_ids"] = {e: s.speaker_id for e, s in reader.quoted_speakers(article_id).items()}
    return {"ok": True, **data}


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteView:
    """One quote as the article page shows it."""

    id: int  # stored quote id: the anchor #q<id> and the side-list item
    index: int
    speaker: str  # corpus name, else the article's name, else "unknown speaker"
    speaker_id: int | None
    colour: str  # CSS class
    cue: str | None  # the cue as written, e.g. "has repeatedly denied"
    lemma: str | None
    kind: str
    act: str
    confidence: float

    @property
    def tip(self) -> str:
        cue = f"{self.cue} ({self.lemma})" if self.cue and self.lemma and self.cue != self.lemma else self.cue or "no cue"
        return f"{self.speaker} · {cue} · {self.act} · {self.kind} · confidence {self.confidence:.2f}"


def _quote_views(stored: StoredArticle, speakers: dict[str, QuotedSpeaker], ids: tuple[int, ...]) -> list[QuoteView]:
    analysis = stored.analysis
    text = analysis.article.text
    colours: dict[str, str] = {}
    views = []
    for index, quote in enumerate(analysis.quotes):
        resolved = speakers.get(quote.speaker or "")
        name = resolved.name if resolved else analysis.speaker_name(quote)
        if name is not None and name not in colours:
            colours[name] = f"sp{len(colours) % COLOURS}"
        views.append(
            QuoteView(
                id=ids[index] if index < len(ids) else index,
                index=index,
                speaker=name or "unknown speaker",
                speaker_id=resolved.speaker_id if resolved else None,
                colour=colours.get(name or "", "sp-none"),
                cue=quote.cue.span.of(text) if quote.cue else None,
                lemma=quote.cue.lemma if quote.cue else None,
                kind=quote.kind,
                act=quote.act,
                confidence=quote.confidence,
            )
        )
    return views


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticlesContext:
    page: Page = about("This page of articles, newest first.")
    where: ArticleFilter = about("The filter the form shows and the articles were selected by.")
    json_url: str = about("The page's JSON twin: /api/articles with the same parameters.")


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleContext:
    article: Article = about("The article: text, paragraphs and metadata.")
    stored: StoredArticle = about("Where it is stored: its story, source and ingest time.")
    paragraphs: list[list[Segment]] = about("Each paragraph cut into plain and quoted segments (escaped when shown).")
    quotes: list[QuoteView] = about("Each quote's speaker, colour, cue, act, kind and confidence.")
    legend: list[QuoteView] = about("One quote per speaker, in order of appearance: the colour key.")
    json_url: str = about("The page's JSON twin: /api/articles/{id}.")


@router.get("/articles", response_class=HTMLResponse, include_in_schema=False)
def articles_page(
    request: Request, reader: Annotated[Corpus, Depends(corpus)], where: Annotated[ArticleFilter, Depends(article_filter)]
) -> HTMLResponse:
    page = _articles_page(request, reader, where)
    json_url = "/api/articles" + (f"?{request.url.query}" if request.url.query else "")
    return render_html(request, "articles.html", ArticlesContext(page=page, where=where, json_url=json_url))


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(request: Request, reader: Annotated[Corpus, Depends(corpus)], article_id: ArticleId) -> HTMLResponse:
    stored = reader.article(article_id)
    analysis = stored.analysis
    article = analysis.article
    speakers = reader.quoted_speakers(article.id)
    quotes = _quote_views(stored, speakers, reader.quote_ids(article.id))
    spans = [quote.parts or (quote.span,) for quote in analysis.quotes]
    paragraphs: list[list[Segment]] = paragraph_segments(article.text, article.paragraphs, spans)
    legend: dict[str, QuoteView] = {}
    for view in quotes:
        legend.setdefault(view.speaker, view)
    context = ArticleContext(
        article=article,
        stored=stored,
        paragraphs=paragraphs,
        quotes=quotes,
        legend=list(legend.values()),
        json_url=f"/api/articles/{article.id}",
    )
    return render_html(request, "article.html", context)
