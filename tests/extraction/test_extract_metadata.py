"""Page metadata from JSON-LD, trafilatura's readers and htmldate: precedence and sanity (issue 7)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from presslens.extraction import extract_content
from presslens.extraction.dates import find_date, is_publication_date, normalise_date
from presslens.extraction.html import parse_html
from presslens.extraction.metadata import PageMetadata, read_metadata

pytestmark = pytest.mark.issue(7)

BODY = "".join(
    f"<p>Part {n} of a report on the valley railway, which the regional board wants to reopen for "
    f"passengers next spring after twenty years of freight-only use and a long public campaign.</p>"
    for n in ("one", "two", "three", "four", "five")
)


def page(head: str = "", header: str = "") -> str:
    return (
        f"<html lang='en'><head>{head}</head><body><header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>Valley railway to reopen</h1>{header}{BODY}</article></body></html>"
    )


def ld(**fields: object) -> str:
    return f"<script type='application/ld+json'>{json.dumps({'@type': 'NewsArticle', **fields})}</script>"


def metadata(html: str, url: str | None = "https://rail.example.net/news/valley") -> PageMetadata:
    tree = parse_html(html)
    assert tree is not None
    return read_metadata(tree, url)


def test_json_ld_comes_before_meta_tags() -> None:
    head = (
        ld(headline="Valley line back in service", datePublished="2021-05-04T08:00:00+02:00",
           author={"@type": "Person", "name": "Ines Haldane"})
        + "<meta property='og:title' content='Rail | The Valley Post'>"
        + "<meta name='author' content='Oskar Brandvold'>"
        + "<meta property='article:published_time' content='2021-05-06T10:00:00Z'>"
    )
    found = metadata(page(head=head))
    assert found.title == "Valley line back in service"
    assert found.bylines == ("Ines Haldane",)
    assert found.published == "2021-05-04T08:00:00+02:00"


def test_meta_tags_when_there_is_no_json_ld() -> None:
    head = (
        "<meta property='og:title' content='Valley railway to reopen'>"
        "<meta name='author' content='Oskar Brandvold'>"
        "<meta property='article:published_time' content='2021-05-06T10:00:00Z'>"
        "<meta property='og:site_name' content='The Valley Post'>"
    )
    found = metadata(page(head=head))
    assert found.title == "Valley railway to reopen"
    assert found.bylines == ("Oskar Brandvold",)
    assert found.published == "2021-05-06T10:00:00+00:00"
    assert found.site == "The Valley Post"


def test_byline_in_the_page_when_nothing_is_declared() -> None:
    found = metadata(page(header="<p class='byline'>By Rosa Lindqvist</p>"))
    assert "Rosa Lindqvist" in " ".join(found.bylines)
    article = extract_content(page(header="<p class='byline'>By Rosa Lindqvist</p>"))
    assert article.authors == ("Rosa Lindqvist",)


def test_json_ld_entities_are_decoded() -> None:
    found = metadata(page(head=ld(headline="Trains &amp; buses: the valley&#8217;s plan")))
    assert found.title == "Trains & buses: the valley\u2019s plan"


def test_publisher_beside_the_writers_is_no_author_but_an_agency_is() -> None:
    authors = [{"@type": "Person", "name": "Ines Haldane"}, {"@type": "Organization", "name": "The Valley Post"},
               {"@type": "Organization", "name": "Reuters"}]
    article = extract_content(page(head=ld(author=authors)), url="https://rail.example.net/a")
    assert article.authors == ("Ines Haldane",)
    assert article.agencies == ("Reuters",)


def test_site_name_placeholder_and_company_are_not_bylines() -> None:
    site = "<meta property='og:site_name' content='Valley Post'>"
    for author in ("Valley Post", "admin", "Name", "Northline Media GmbH"):
        found = metadata(page(head=site + f"<meta name='author' content='{author}'>"))
        assert author not in found.bylines, author


@pytest.mark.parametrize(
    "declared",
    ["1970-01-01T00:00:00Z", "1899-12-31", "0001-01-01", "2999-01-01T00:00:00Z", "1985-06-01"],
)
def test_placeholder_old_and_future_dates_are_no_publication_dates(declared: str) -> None:
    assert normalise_date(declared) is None
    found = metadata(page(head=ld(datePublished=declared)), url=None)
    assert found.published is None


def test_date_window_is_1990_to_today() -> None:
    today = date(2024, 6, 1)
    assert is_publication_date(date(1990, 1, 1), today=today)
    assert is_publication_date(date(2024, 6, 2), today=today)  # a time zone ahead
    assert not is_publication_date(date(2024, 6, 5), today=today)
    assert not is_publication_date(date(1989, 12, 31), today=today)
    assert normalise_date("2024-07-01", today=today) is None
    assert normalise_date("2024-05-31T23:00:00Z", today=today) == "2024-05-31T23:00:00+00:00"


def test_text_date_skips_a_copyright_year_in_the_future() -> None:
    today = date(2024, 6, 1)
    assert find_date("Event on 3 March 2030. Posted 2 May 2024.", today=today) == "2024-05-02"


def test_canonical_url_is_checked() -> None:
    head = "<link rel='canonical' href='/news/valley-railway'>"
    found = metadata(page(head=head))
    assert found.canonical_url == "https://rail.example.net/news/valley-railway"
    bad = metadata(page(head="<link rel='canonical' href='javascript:void(0)'>"))
    assert bad.canonical_url == "https://rail.example.net/news/valley"


def test_a_user_handle_is_kept_as_the_author() -> None:
    article = extract_content(page(head=ld(author={"@type": "Person", "name": "railfan_77"})))
    assert article.authors == ("railfan_77",)


def test_a_handle_does_not_replace_a_real_name_or_a_sentence() -> None:
    article = extract_content(page(head=ld(author={"@type": "Person", "name": "Ines Haldane"})))
    assert article.authors == ("Ines Haldane",)
    article = extract_content(page(head=ld(author={"@type": "Person", "name": "written in the valley"})))
    assert article.authors == ()
