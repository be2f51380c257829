"""Not every page is an article: each page is classed news or other (issue 8)."""

from __future__ import annotations

import json

import pytest

from presslens.extraction import extract_article
from presslens.extraction.page_class import classify_page, declared_types, score_page
from presslens.model import Article, RawDocument, Span

pytestmark = pytest.mark.issue(8)

# Pages written for these tests.
STORY = [
    "The harbour council of Port Alder voted on Thursday night to close the old ferry pier for repairs, "
    "after engineers found that two of its supporting piles had cracked during the winter storms.",
    "The council's chair, Imke Varga, said the pier would reopen in the autumn if the repairs went to plan, "
    "and that the ferry would use the northern quay until then, adding ten minutes to every crossing.",
    "Residents who depend on the ferry to reach the mainland said they had been given too little warning, "
    "and a petition asking for a free shuttle bus has gathered more than four hundred signatures since Friday.",
]
PRODUCT = ["Trail Runner 3 waterproof jacket", "Colour: blue", "Sizes: S, M, L, XL", "\u20ac 89,99", "In stock",
           "Add to basket", "Free delivery over \u20ac 50", "Breathable, taped seams, two zip pockets", "\u20ac 79,99 for members"]
RECIPE = ["Rye flatbread with fennel", "200 g rye flour", "150 ml warm water", "1 tsp fennel seeds", "2 tbsp olive oil",
          "1 pinch salt", "Mix the flour, salt and seeds.", "Add the water and oil and knead for five minutes.",
          "Bake for twelve minutes until the edges are brown."]


def _page(paragraphs: list[str], *, ld_type: str | None = None, og_type: str | None = None, head: str = "") -> bytes:
    meta = ""
    if ld_type:
        meta += f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": ld_type, "name": "x"})}</script>'
    if og_type:
        meta += f'<meta property="og:type" content="{og_type}">'
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{paragraphs[0][:40]}</title>{meta}{head}</head><body><article>{body}</article></body></html>".encode()


def _class(content: bytes, url: str) -> str | None:
    result = extract_article(RawDocument(uri=url, content=content))
    assert isinstance(result, Article)
    return result.page_class


def test_a_news_story_is_news() -> None:
    page = _page(STORY, ld_type="NewsArticle", og_type="article",
                 head='<meta property="article:published_time" content="2025-03-06T20:00:00Z">')
    assert _class(page, "https://harbour-news.example/2025/03/06/council-closes-old-ferry-pier-for-repairs") == "news"


def test_a_story_with_no_metadata_is_news_from_its_url_and_prose() -> None:
    assert _class(_page(STORY), "https://harbour-news.example/local/council-closes-old-ferry-pier-for-repairs") == "news"


def test_a_product_page_is_other() -> None:
    page = _page(PRODUCT * 2, ld_type="Product", og_type="product")
    assert _class(page, "https://outdoor-shop.example/product/trail-runner-3-jacket") == "other"


def test_a_recipe_that_calls_itself_an_article_is_other() -> None:
    page = _page(RECIPE, ld_type="Recipe", og_type="article")
    assert _class(page, "https://kitchen.example/recipes/rye-flatbread-with-fennel") == "other"


@pytest.mark.parametrize("path", ["/impressum", "/about-us/", "/index.html", "/"])
def test_legal_about_and_home_pages_are_other(path: str) -> None:
    assert _class(_page(STORY[:2]), "https://harbour-news.example" + path) == "other"


def test_scraped_text_is_classed_from_its_url_and_shape() -> None:
    text = "\n\n".join(STORY).encode()
    assert _class(text, "https://harbour-news.example/2025/03/council-closes-old-ferry-pier") == "news"
    assert _class(text, "https://harbour-news.example/contact") == "other"


def test_declared_types_reads_json_ld_graphs_and_og_type() -> None:
    html = (
        '<script type="application/ld+json">{"@graph": [{"@type": ["WebPage"]}, {"@type": "http://schema.org/NewsArticle"}]}</script>'
        "<meta content='article' property='og:type'>"
    )
    assert declared_types(html) == ({"WebPage", "NewsArticle"}, {"article"})


def test_a_news_page_that_describes_a_product_stays_news() -> None:
    html = (
        '<script type="application/ld+json">[{"@type": "NewsArticle"}, {"@type": "Product"}]</script>'
        '<meta property="og:type" content="article">'
    )
    text = "\n\n".join(STORY)
    spans, at = [], 0
    for p in STORY:
        spans.append(Span(start=at, end=at + len(p)))
        at += len(p) + 2
    article = Article(id="a", text=text, paragraphs=tuple(spans), url="https://harbour-news.example/2025/03/06/pier")
    assert classify_page(article, html) == "news"
    assert score_page(article, html)["ld"] > 0


def test_a_page_with_no_evidence_either_way_is_news() -> None:
    # two long paragraphs and three shorter ones: no URL, no metadata, no shape either way
    paragraphs = [*STORY[:2], "Work on the new pier is due to start in May, the council said on its website.",
                  "The ferry company has not said whether its prices will change this year.",
                  "A public meeting about the plans will be held in the town hall next month."]
    spans, at = [], 0
    for p in paragraphs:
        spans.append(Span(start=at, end=at + len(p)))
        at += len(p) + 2
    article = Article(id="a", text="\n\n".join(paragraphs), paragraphs=tuple(spans))
    assert sum(score_page(article).values()) == 0
    assert classify_page(article) == "news"
