"""The lead (standfirst) kept in an article header outside the body container."""

from __future__ import annotations

from presslens.extraction import extract_content
from presslens.extraction.html import parse_html
from presslens.extraction.lead import find_lead

LEAD = ("The town council voted on Monday night to close the old ferry pier for two years "
        "while engineers rebuild its rotten timber supports.")
BODY_PARAGRAPHS = tuple(
    f"Paragraph {i}: residents who use the pier every morning told the meeting that the detour by road "
    f"would add forty minutes to their commute, and the harbour master agreed to look at a shuttle bus."
    for i in range(6)
)
BODY = "".join(f"<p>{p}</p>" for p in BODY_PARAGRAPHS)


def page(header: str, body: str = BODY, after: str = "") -> str:
    return (
        "<html><head><title>Pier to close</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><article><header><h1>Ferry pier to close for repairs</h1>{header}</header>"
        f"<div class='article-body'>{body}</div>{after}</article></main>"
        "<footer><p>Harbour Gazette, all rights reserved.</p></footer></body></html>"
    )


def lead_of(html: str, paragraphs: tuple[str, ...] = BODY_PARAGRAPHS) -> str | None:
    tree = parse_html(html)
    assert tree is not None
    return find_lead(tree, paragraphs, "Ferry pier to close for repairs")


def test_lead_in_the_header_opens_the_body() -> None:
    html = page(f"<p class='article__lead'>{LEAD}</p>")
    assert lead_of(html) == LEAD
    article = extract_content(html, url="https://gazette.example.org/pier")
    assert article.text.startswith(LEAD)
    assert article.text.count("rotten timber") == 1
    assert "Paragraph 5:" in article.text


def test_class_words_split_at_camel_case_and_separators() -> None:
    for name in ("storyLead", "teaser-text", "entry_excerpt", "c-standfirst"):
        assert lead_of(page(f"<div class='{name}'>{LEAD}</div>")) == LEAD, name
    # "lead" inside another word is not the word: a leaderboard advert is no lead
    assert lead_of(page(f"<div class='leaderboard'>{LEAD}</div>")) is None


def test_lead_already_in_the_body_is_not_repeated() -> None:
    assert lead_of(page(f"<p class='lead'>{LEAD}</p>"), (LEAD, *BODY_PARAGRAPHS)) is None
    # a "lead" block that holds the body's opening paragraph means the body starts there
    assert lead_of(page(f"<div class='intro'>{BODY_PARAGRAPHS[0]} More.</div>")) is None


def test_short_dek_truncated_teaser_and_credit_are_not_leads() -> None:
    assert lead_of(page("<p class='dek'>A pier closes, and a town waits for its ferry.</p>")) is None
    assert lead_of(page(f"<p class='teaser'>{LEAD[:90]}...</p>")) is None
    assert lead_of(page(f"<p class='lead'>{LEAD} \u00a9 Harbour Gazette</p>")) is None
    assert lead_of(page(f"<p class='lead'>{LEAD} (Mara Olsen / Harbour Gazette)</p>")) is None
    assert lead_of(page(f"<p class='lead'>{LEAD} Photo: Mara Olsen</p>")) is None


def test_author_bio_and_teaser_lists_are_not_leads() -> None:
    bio = ("Mara Olsen has covered the harbour and its ferries for the Gazette since 2009 "
           "and writes a weekly column about the coast.")
    assert lead_of(page(f"<div class='author-excerpt'>{bio}</div>")) is None
    teasers = "".join(f"<li><p class='teaser-text'>{LEAD} ({i})</p></li>" for i in range(3))
    assert lead_of(page("", after=f"<ul>{teasers}</ul>")) is None
    assert lead_of(page("", after=f"<aside><p class='teaser'>{LEAD}</p></aside>")) is None


def test_block_with_headings_or_several_paragraphs_is_a_widget_not_a_lead() -> None:
    widget = f"<div class='teaser'><h3>More from the coast</h3><p>{LEAD}</p></div>"
    assert lead_of(page(widget)) is None
    two = f"<div class='intro'><p>{LEAD}</p><p>{LEAD}</p></div>"
    assert lead_of(page(two)) is None


def test_page_without_a_marked_lead_is_unchanged() -> None:
    html = page("<p>Published on Monday</p>")
    assert lead_of(html) is None
    assert extract_content(html).text.startswith("Paragraph 0:")


def test_lead_goes_under_a_headline_that_trafilatura_repeats() -> None:
    html = ("<html><head><title>Ferry pier to close for repairs</title></head><body>"
            f"<div class='top'><p class='standfirst'>{LEAD}</p></div>"
            f"<article><h1>Ferry pier to close for repairs</h1>{BODY}</article></body></html>")
    article = extract_content(html)
    assert article.title == "Ferry pier to close for repairs"
    assert article.text.startswith(LEAD)
    assert "Ferry pier to close" not in article.text
