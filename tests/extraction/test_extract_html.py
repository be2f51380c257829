"""HTML metadata read next to trafilatura's body: bylines, dates, captions, related links."""

from __future__ import annotations

import json

from presslens.extraction import extract_content
from presslens.extraction.html import extract_html

BODY = "".join(
    f"<p>Paragraph {i} of a story about the harbour, where the council met again on Tuesday "
    f"and the mayor said that the plan would go ahead whatever the cost turned out to be.</p>"
    for i in range(6)
)


def page(head: str = "", before: str = "", after: str = "", lang: str = "en") -> str:
    return f"<html lang='{lang}'><head>{head}</head><body><article><h1>A headline</h1>{before}{BODY}{after}</article></body></html>"


def test_json_ld_graph_gives_authors_and_date() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Site"},
        {"@type": "NewsArticle", "datePublished": "2021-01-02T03:04:05Z",
         "author": [{"@type": "Person", "name": "Ana Ruiz"}, {"@type": "Organization", "name": "EFE"}]},
    ]}
    head = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    article = extract_content(page(head=head), url="https://news.example.org/a?utm_source=x")
    assert article.authors == ("Ana Ruiz",)
    assert article.agencies == ("EFE",)
    assert article.published == "2021-01-02T03:04:05+00:00"
    assert article.url == "https://news.example.org/a?utm_source=x"
    assert article.site == "Site"  # the WebSite object names it
    assert article.language == "en"


def test_broken_json_ld_is_ignored() -> None:
    head = "<script type='application/ld+json'>{not json</script><meta name='author' content='By Jo Park'>"
    assert extract_content(page(head=head)).authors == ("Jo Park",)


def test_dateline_names_the_agency() -> None:
    html = page(before="<p>BERLIN (dpa) — The city opened a new bridge on Tuesday, officials said.</p>")
    article = extract_content(html)
    assert article.agencies == ("dpa",)


def test_caption_with_credit_marker_and_related_heading() -> None:
    after = (
        "<figure><img src='x.jpg'><figcaption>The new bridge at night. © Ola Berg/Harbour Times</figcaption></figure>"
        "<div><h3>You might also like</h3><ul>"
        "<li><a href='/one'>Ferry fares to rise again next spring</a></li>"
        "<li><a href='/two'>Harbour tunnel study delayed by a year</a></li></ul></div>"
    )
    parts = extract_html(page(after=after), "https://news.example.org/story")
    assert parts is not None
    assert [(c.text, c.credit) for c in parts.captions] == [("The new bridge at night.", "Ola Berg/Harbour Times")]
    assert parts.related == (
        ("Ferry fares to rise again next spring", "https://news.example.org/one"),
        ("Harbour tunnel study delayed by a year", "https://news.example.org/two"),
    )
    assert not any("bridge at night" in p for p in parts.paragraphs)


def test_language_falls_back_to_a_guess() -> None:
    html = page(lang="").replace("<html lang=''>", "<html>")
    assert extract_content(html).language == "en"
