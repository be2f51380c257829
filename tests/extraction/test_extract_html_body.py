"""The HTML body after trafilatura: closing chrome trimmed, article text never lost."""

from __future__ import annotations

from presslens.extraction import extract_content
from presslens.extraction.html import _without_closing_chrome

STORY = tuple(
    f"Paragraph {i}: the county opened its new library on Saturday, and the head librarian said "
    f"that the reading room would stay open late on weekdays through the winter."
    for i in range(4)
)


def test_short_closing_prompts_are_dropped_from_the_end() -> None:
    body = (*STORY, "Sign up for our newsletter to get the day's top stories.", "All rights reserved.")
    assert _without_closing_chrome(body) == STORY


def test_prompt_words_inside_the_story_stay() -> None:
    middle = "Readers can sign up for our newsletter at the front desk, the librarian added."
    body = (STORY[0], middle, *STORY[1:])
    assert _without_closing_chrome(body) == body


def test_long_closing_paragraph_that_mentions_a_newsletter_stays() -> None:
    closing = ("The library, which replaces a branch that closed in 2019 after a flood, will also print a "
               "monthly newsletter for the villages around it, and the council said it would subscribe to "
               "our newsletter of local events too, so that readers who cannot travel still hear about talks.")
    body = (*STORY, closing)
    assert _without_closing_chrome(body) == body


def test_a_short_text_is_never_trimmed_to_nothing() -> None:
    body = ("Subscribe now", "Sign up for our newsletter", "All rights reserved.")
    assert _without_closing_chrome(body) == body


def test_article_ending_in_a_prompt_loses_only_the_prompt() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = (f"<html><body><article><h1>Library opens</h1>{paragraphs}"
            "<p>Subscribe to our newsletter for more local news.</p></article></body></html>")
    article = extract_content(html)
    assert "Subscribe to our newsletter" not in article.text
    assert all(p in article.text for p in STORY)
