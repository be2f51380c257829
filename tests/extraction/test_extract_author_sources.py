"""Where bylines come from: the sources in author_sources.py and how metadata.py chooses (issue 7)."""

from __future__ import annotations

import json

import pytest

from presslens.extraction import extract_content
from presslens.extraction.html import parse_html
from presslens.extraction.metadata import read_metadata

pytestmark = pytest.mark.issue(7)

BODY = "".join(
    f"<p>Part {n} of a report on the harbour ferry, which the island council wants to run every hour "
    f"from next spring after ten years of a reduced timetable and a long campaign by residents.</p>"
    for n in ("one", "two", "three", "four", "five")
)
SITE = "<meta property='og:site_name' content='Island Courier'>"


def page(head: str = "", header: str = "", after: str = "", site: str = SITE) -> str:
    return (
        f"<html lang='en'><head>{site}{head}</head><body><header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>Hourly ferry from spring</h1>{header}{BODY}</article>{after}</body></html>"
    )


def ld(*objects: dict[str, object]) -> str:
    return f"<script type='application/ld+json'>{json.dumps({'@graph': list(objects)})}</script>"


def bylines(html: str) -> tuple[str, ...]:
    tree = parse_html(html)
    assert tree is not None
    return read_metadata(tree, "https://courier.example.org/news/ferry").bylines


def test_a_json_ld_author_reference_is_looked_up_in_the_graph() -> None:
    head = ld({"@type": "NewsArticle", "headline": "Hourly ferry", "author": {"@id": "#writer"}},
              {"@type": "Person", "@id": "#writer", "name": "Maren Holt"})
    assert bylines(page(head=head)) == ("Maren Holt",)


def test_an_organisation_as_author_is_the_publisher_unless_an_agency() -> None:
    org = ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Harbour Media Group"}})
    assert bylines(page(head=org)) == ()
    agency = ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Reuters"}})
    assert bylines(page(head=agency)) == ("Reuters",)


def test_meta_tags_are_read_as_written() -> None:
    # trafilatura's reader would give "T V Raman"-like names without their stops
    head = "<meta name='author' content='K. L. Anand'>"
    assert bylines(page(head=head)) == ("K. L. Anand",)
    assert extract_content(page(head=head)).authors == ("K. L. Anand",)


def test_a_source_that_names_nobody_gives_way_to_the_next() -> None:
    # a company in the author tag (the web agency that built the site), the writer in the page
    head = "<meta name='author' content='pixelwerk GmbH'>"
    header = "<p class='byline'>By Sunniva Dahl</p>"
    assert bylines(page(head=head, header=header)) == ("Sunniva Dahl",)


def test_an_address_in_the_author_tag_is_no_author() -> None:
    head = "<meta name='author' content='Island Courier, Kirkwall, United Kingdom'>"
    assert bylines(page(head=head)) == ()


def test_the_site_is_no_author_even_inside_a_byline() -> None:
    header = "<p class='byline'>By Rhona Flett, Island Courier</p>"
    assert bylines(page(header=header)) == ("Rhona Flett",)


def test_a_short_by_line_in_the_article_when_nothing_is_marked() -> None:
    header = "<p>Von <a href='/autor/ewan-rendall'>Ewan Rendall</a></p>"
    assert bylines(page(header=header)) == ("Ewan Rendall",)


def test_a_by_line_in_the_comments_is_not_the_writer() -> None:
    comments = "<section id='comments'><div class='comment-body'><p>By Comment Writer</p></div></section>"
    assert bylines(page(after=comments)) == ()


def test_a_sentence_opening_with_by_is_no_byline() -> None:
    header = "<p>By the time the ferry arrived, the harbour was full of people waiting.</p>"
    assert bylines(page(header=header)) == ()


def test_a_handle_after_by_is_kept_when_no_name_is_given() -> None:
    header = "<div class='post-meta'><span>by <a href='/u/quietfox'>quietfox</a></span></div>"
    assert extract_content(page(header=header)).authors == ("quietfox",)


def test_a_first_name_is_completed_by_a_later_source() -> None:
    head = "<meta name='author' content='Ingrid'>"
    header = "<p><strong>Ein Kommentar von Ingrid Sæther</strong></p>"
    assert bylines(page(head=head, header=header)) == ("Ingrid Sæther",)
    assert bylines(page(head=head)) == ("Ingrid",)


def test_the_first_word_of_a_several_word_site_name_is_the_site() -> None:
    site = "<meta property='og:site_name' content='Orkney Ferries Weekly'>"
    header = "<span class='author'>Orkney</span>"
    assert bylines(page(site=site, header=header)) == ()
    assert bylines(page(header=header)) == ("Orkney",)  # on another site, a name
